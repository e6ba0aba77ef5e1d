/** What the UI modules need from the plugin (implemented by CineFlowPlugin in main.ts). */
import type { App } from "obsidian";
import type { Settings } from "../core/settings";
import type { RunService } from "./run-service";

export interface CineFlowHost {
	app: App;
	settings: Settings;
	saveSettings(): Promise<void>;
	/** The run service, created on first use. */
	runs(): RunService;
	/** Opens (or reveals) the queue view in the right sidebar. */
	openQueue(): Promise<void>;
	/** Opens the storyboard board on a note or folder (board/register.ts). */
	openBoard?(target: string): Promise<unknown>;
}
