/**
 * Commands (no default hotkeys), the ribbon button and the file-explorer menu
 * items. Availability checks are cheap: the active editor's text, or a
 * per-note "has shots" flag kept from the metadata cache's change events.
 */
import { MarkdownView, Notice, TFile, TFolder, type Editor, type Plugin } from "obsidian";
import { parseMarkdown, t } from "../core";
import { hasShotBlock, isStoryboardName, shotBlockAt } from "./detect";
import { registerCutCommand } from "./cut";
import { draftFromActiveNote } from "./draft";
import type { CineFlowHost } from "./host";
import { DryRunModal, FolderPickerModal, RunDialog, activeFolder } from "./modals";
import { resubmitUnknown } from "./resubmit";

type Host = CineFlowHost & Plugin;

export const COMMAND_IDS = {
	generateNote: "generate-note",
	generateFolder: "generate-folder",
	dryRunNote: "dry-run-note",
	dryRunFolder: "dry-run-folder",
	resume: "resume",
	cancel: "cancel",
	regenerateShot: "regenerate-shot",
	openQueue: "open-queue",
	resubmitUnknown: "resubmit-unknown",
	draftShots: "draft-shots",
} as const;

/** Remembers which notes hold shots, from the texts Obsidian hands us (no extra reads). */
export class ShotIndex {
	private readonly known = new Map<string, boolean>();
	set(path: string, text: string): void {
		this.known.set(path, hasShotBlock(text));
	}
	forget(path: string): void {
		this.known.delete(path);
	}
	get(path: string): boolean | undefined {
		return this.known.get(path);
	}
}

/** The note a note command works on, when it has shots; null otherwise. */
export function noteWithShots(host: Host, index: ShotIndex): TFile | null {
	const ws = host.app.workspace;
	const file = ws.getActiveFile();
	if (!file) return null;
	if (isStoryboardName(file.name)) return file;
	if (file.extension !== "md") return null;
	const view = ws.getActiveViewOfType(MarkdownView);
	if (view && view.file === file) return hasShotBlock(view.editor.getValue()) ? file : null;
	return index.get(file.path) ? file : null;
}

function pickFolder(host: Host, then: (path: string) => void): void {
	new FolderPickerModal(host.app, activeFolder(host.app), (folder) => then(folder.isRoot() ? "" : folder.path)).open();
}

async function showDryRun(host: Host, target: string): Promise<void> {
	try {
		const report = await host.runs().dryRun({ target });
		new DryRunModal(host, target, report).open();
	} catch (err) {
		const error = err instanceof Error ? err.message : String(err);
		new Notice(target ? t("plugin.planFailed", { target, error }) : t("plugin.planFailedVault", { error }));
	}
}

/** The id of the shot whose block holds the cursor, or an error message. */
export function shotUnderCursor(path: string, editor: Editor): { id: string } | { error: string } | null {
	const text = editor.getValue();
	const line = editor.getCursor().line;
	if (!shotBlockAt(text, line)) return null;
	const note = parseMarkdown(path, text);
	const shot = note.shots.find((s) => line >= s.source.line - 1 && line <= s.source.endLine - 1);
	if (!shot) return null;
	if (!shot.ok) return { error: shot.error };
	return { id: shot.id };
}

export function registerCommands(host: Host, index: ShotIndex): void {
	const app = host.app;
	host.addCommand({
		id: COMMAND_IDS.generateNote,
		name: t("plugin.cmd.generateNote"),
		icon: "clapperboard",
		checkCallback: (checking) => {
			const file = noteWithShots(host, index);
			if (!file) return false;
			if (!checking) new RunDialog(host, file.path).open();
			return true;
		},
	});
	host.addCommand({
		id: COMMAND_IDS.generateFolder,
		name: t("plugin.cmd.generateFolder"),
		icon: "clapperboard",
		callback: () => pickFolder(host, (path) => new RunDialog(host, path).open()),
	});
	host.addCommand({
		id: COMMAND_IDS.dryRunNote,
		name: t("plugin.cmd.dryRunNote"),
		checkCallback: (checking) => {
			const file = noteWithShots(host, index);
			if (!file) return false;
			if (!checking) void showDryRun(host, file.path);
			return true;
		},
	});
	host.addCommand({
		id: COMMAND_IDS.dryRunFolder,
		name: t("plugin.cmd.dryRunFolder"),
		callback: () => pickFolder(host, (path) => void showDryRun(host, path)),
	});
	host.addCommand({
		id: COMMAND_IDS.resume,
		name: t("plugin.cmd.resume"),
		checkCallback: (checking) => {
			if (host.runs().running) return false;
			if (!checking) {
				void host.openQueue();
				void host.runs().resume();
			}
			return true;
		},
	});
	host.addCommand({
		id: COMMAND_IDS.cancel,
		name: t("plugin.cmd.cancel"),
		checkCallback: (checking) => {
			if (!host.runs().running) return false;
			if (!checking) host.runs().cancelAll();
			return true;
		},
	});
	host.addCommand({
		id: COMMAND_IDS.regenerateShot,
		name: t("plugin.cmd.regenerateShot"),
		editorCheckCallback: (checking, editor, ctx) => {
			const file = ctx.file;
			if (!file || file.extension !== "md") return false;
			if (!shotBlockAt(editor.getValue(), editor.getCursor().line)) return false;
			if (host.runs().running) return false;
			if (checking) return true;
			const found = shotUnderCursor(file.path, editor);
			if (!found) return false;
			if ("error" in found) {
				new Notice(found.error);
				return true;
			}
			void host.openQueue();
			void host.runs().run({ target: file.path, mode: "regenerate", regenerate: { notePath: file.path, shotId: found.id } });
			return true;
		},
	});
	host.addCommand({
		id: COMMAND_IDS.resubmitUnknown,
		name: t("plugin.cmd.resubmitUnknown"),
		checkCallback: (checking) => {
			const file = noteWithShots(host, index);
			if (!file || host.runs().running) return false;
			if (!checking) void resubmitUnknown(host, file.path);
			return true;
		},
	});
	host.addCommand({
		id: COMMAND_IDS.openQueue,
		name: t("plugin.cmd.openQueue"),
		icon: "list-video",
		callback: () => void host.openQueue(),
	});

	host.addCommand({
		id: COMMAND_IDS.draftShots,
		name: t("plugin.cmd.draftShots"),
		checkCallback: (checking) => {
			const file = app.workspace.getActiveFile();
			if (!file || file.extension !== "md") return false;
			if (!checking) void draftFromActiveNote(host);
			return true;
		},
	});

	registerCutCommand(host, () => noteWithShots(host, index));

	host.addRibbonIcon("clapperboard", t("plugin.ribbon.generateFolder"), () => pickFolder(host, (path) => new RunDialog(host, path).open()));

	host.registerEvent(
		app.workspace.on("file-menu", (menu, file) => {
			if (file instanceof TFolder) {
				menu.addItem((item) =>
					item
						.setTitle(t("plugin.menu.generateFolder"))
						.setIcon("clapperboard")
						.onClick(() => new RunDialog(host, file.isRoot() ? "" : file.path).open()),
				);
			} else if (file instanceof TFile && (file.extension === "md" || isStoryboardName(file.name))) {
				menu.addItem((item) =>
					item
						.setTitle(t("plugin.menu.generateNote"))
						.setIcon("clapperboard")
						.onClick(() => new RunDialog(host, file.path).open()),
				);
			}
		}),
	);

	// Keep the "has shots" flags fresh from texts Obsidian already read.
	host.registerEvent(app.metadataCache.on("changed", (file, data) => index.set(file.path, data)));
	host.registerEvent(app.vault.on("delete", (file) => index.forget(file.path)));
	host.registerEvent(
		app.workspace.on("file-open", (file) => {
			if (file && file.extension === "md" && index.get(file.path) === undefined) {
				void app.vault.cachedRead(file).then((text) => index.set(file.path, text));
			}
		}),
	);
}
