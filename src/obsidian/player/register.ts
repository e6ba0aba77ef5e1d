/** The animatic player's registrations: its view and "Play the animatic of this note". */
import type { Plugin } from "obsidian";
import { t } from "../../core";
import { hasShotBlock, isStoryboardName } from "../detect";
import type { CineFlowHost } from "../host";
import { revealTab } from "../tab";
import { AnimaticView, PLAYER_VIEW_TYPE } from "./view";

type Host = CineFlowHost & Plugin;

export const PLAYER_COMMAND_ID = "play-animatic";

/** Opens (or reuses) the player tab on `notePath`. */
export async function openAnimatic(host: CineFlowHost, notePath: string): Promise<AnimaticView | null> {
	const view = (await revealTab(host, PLAYER_VIEW_TYPE, { notePath })).view;
	if (!(view instanceof AnimaticView)) return null;
	if (view.notePath !== notePath || !view.playlist) await view.show(notePath);
	return view;
}

export function registerPlayer(host: Host): void {
	host.registerView(PLAYER_VIEW_TYPE, (leaf) => new AnimaticView(leaf, host));
	host.addCommand({
		id: PLAYER_COMMAND_ID,
		name: t("board.player.command"),
		icon: "clapperboard",
		checkCallback: (checking) => {
			const file = host.app.workspace.getActiveFile();
			if (!file || !(file.extension === "md" || isStoryboardName(file.name))) return false;
			if (!checking) {
				void (async () => {
					if (file.extension === "md" && !hasShotBlock(await host.app.vault.cachedRead(file))) return;
					await openAnimatic(host, file.path);
				})();
			}
			return true;
		},
	});
}
