/** What the UI modules need from the plugin (implemented by CineFlowPlugin in main.ts). */
import type { App } from "obsidian";
import type { Settings } from "../core";
import type { RunDeps, RunService } from "./run-service";

export interface CineFlowHost {
	app: App;
	settings: Settings;
	saveSettings(): Promise<void>;
	/** Ports to use instead of the real ones (a test or host sets them before the first run). */
	runDeps?: Partial<RunDeps>;
	/** The run service, created on first use. */
	runs(): RunService;
	/** Opens (or reveals) the queue view in the right sidebar. */
	openQueue(): Promise<void>;
	/** Opens the storyboard board on a note or folder (board/register.ts). */
	openBoard?(target: string): Promise<unknown>;
}
