import type { RunEvent } from "./events";

/** Where run events go: the queue view and status bar in Obsidian, the terminal in the CLI. */
export interface ProgressPort {
	emit(event: RunEvent): void;
}
