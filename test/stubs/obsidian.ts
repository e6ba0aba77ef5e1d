/**
 * A small, honest stand-in for the `obsidian` module (which is types-only on npm).
 * It implements only what CineFlow uses, with the behaviour obsidian.d.ts documents.
 */
export class Plugin {
	async onload(): Promise<void> {}
	onunload(): void {}
}
