import { Plugin } from "obsidian";

export default class CineFlowPlugin extends Plugin {
	async onload(): Promise<void> {
		// Wiring lands with the Obsidian experience issue.
	}
}
