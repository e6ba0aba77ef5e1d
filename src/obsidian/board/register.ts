/**
 * The board's registrations: its view, the "Open storyboard board" command, a
 * ribbon icon and a folder menu item. The board opens in a main-area tab (reused
 * when one is open) on the active note, or on a folder the user picks.
 */
import { TFile, TFolder, type Plugin } from "obsidian";
import { t } from "../../core";
import type { CineFlowHost } from "../host";
import { hasShotBlock, isStoryboardName } from "../detect";
import { FolderPickerModal, activeFolder } from "../modals";
import { revealTab } from "../tab";
import { BOARD_VIEW_TYPE, BoardView } from "./view";

type Host = CineFlowHost & Plugin;

export const BOARD_COMMAND_ID = "open-board";

/** Opens (or reuses) the board tab and shows `target` (a note or folder path; "" = the whole vault). */
export async function openBoard(host: CineFlowHost, target: string): Promise<BoardView | null> {
	const view = (await revealTab(host, BOARD_VIEW_TYPE)).view;
	if (!(view instanceof BoardView)) return null;
	await view.setTarget(target);
	return view;
}

/** The active note when it can hold shots (a Markdown note with a shot block, or a storyboard JSON). */
async function activeNote(host: CineFlowHost): Promise<TFile | null> {
	const file = host.app.workspace.getActiveFile();
	if (!file) return null;
	if (isStoryboardName(file.name)) return file;
	if (file.extension !== "md") return null;
	return hasShotBlock(await host.app.vault.cachedRead(file)) ? file : null;
}

function openForActive(host: Host): void {
	void activeNote(host).then((file) => {
		if (file) void openBoard(host, file.path);
		else new FolderPickerModal(host.app, activeFolder(host.app), (folder) => void openBoard(host, folder.isRoot() ? "" : folder.path)).open();
	});
}

export function registerBoard(host: Host): void {
	host.registerView(BOARD_VIEW_TYPE, (leaf) => new BoardView(leaf, host));
	host.addCommand({
		id: BOARD_COMMAND_ID,
		name: t("board.command.open"),
		icon: "layout-grid",
		callback: () => openForActive(host),
	});
	host.addRibbonIcon("layout-grid", t("board.command.open"), () => openForActive(host));
	host.registerEvent(
		host.app.workspace.on("file-menu", (menu, file) => {
			if (!(file instanceof TFolder)) return;
			menu.addItem((item) =>
				item
					.setTitle(t("board.command.open"))
					.setIcon("layout-grid")
					.onClick(() => void openBoard(host, file.isRoot() ? "" : file.path)),
			);
		}),
	);
}
