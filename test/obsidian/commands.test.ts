import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Menu, Notice, TFile, TFolder, allElements } from "../stubs/obsidian";
import { RunDialog } from "../../src/obsidian/modals";
import { loadPlugin, noteWithShots, unload, useWindow, type Loaded } from "./helpers";

const ids = ["generate-note", "generate-folder", "dry-run-note", "dry-run-folder", "resume", "cancel", "regenerate-shot", "open-queue", "draft-shots"].map(
	(c) => `cineflow:${c}`,
);

describe("commands", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		Notice.reset__();
		l = await loadPlugin({
			"Film/Ep1.md": noteWithShots(3),
			"Film/Plain.md": "# Just prose\n\nNo shots here.\n",
			"Film/Other.md": "```js\nconsole.log(1)\n```\n",
		});
	});
	afterEach(() => unload(l.plugin));

	it("registers every command, with no default hotkeys", () => {
		for (const id of ids) {
			const c = l.app.commands__.get(id);
			expect(c, id).toBeDefined();
			expect(c?.hotkeys ?? []).toEqual([]);
		}
	});

	it("offers the note commands only when the active note has shots", async () => {
		const check = (id: string) => l.app.runCommand__(`cineflow:${id}`, true);
		expect(check("generate-note")).toBe(false); // no active note
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Plain.md") as TFile);
		expect(check("generate-note")).toBe(false);
		expect(check("dry-run-note")).toBe(false);
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Other.md") as TFile);
		expect(check("generate-note")).toBe(false);
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Ep1.md") as TFile);
		expect(check("generate-note")).toBe(true);
		expect(check("dry-run-note")).toBe(true);
		// Folder commands and the queue are always there; cancel only while a run is going.
		expect(check("generate-folder")).toBe(true);
		expect(check("open-queue")).toBe(true);
		expect(check("resume")).toBe(true);
		expect(check("cancel")).toBe(false);
	});

	it("offers 'draft shots from this script' for any Markdown note, and only then", async () => {
		const check = () => l.app.runCommand__("cineflow:draft-shots", true);
		expect(check()).toBe(false); // no active note
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Plain.md") as TFile);
		expect(check()).toBe(true);
	});

	it("offers 'regenerate current shot' only with the cursor inside a shot block", async () => {
		const view = await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Ep1.md") as TFile);
		const lines = view.editor.getValue().split("\n");
		const fence = lines.findIndex((x) => x.startsWith("```shot"));
		view.editor.setCursor(0, 0);
		expect(l.app.runCommand__("cineflow:regenerate-shot", true)).toBe(false);
		view.editor.setCursor(fence + 1, 2);
		expect(l.app.runCommand__("cineflow:regenerate-shot", true)).toBe(true);
		view.editor.setCursor(fence + 3, 0); // the closing fence line still belongs to the block
		expect(l.app.runCommand__("cineflow:regenerate-shot", true)).toBe(true);
		view.editor.setCursor(fence + 4, 0);
		expect(l.app.runCommand__("cineflow:regenerate-shot", true)).toBe(false);
	});

	it("'generate shots in note' opens the run dialog with the dry-run table before anything is spent", async () => {
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Ep1.md") as TFile);
		expect(l.app.runCommand__("cineflow:generate-note")).toBe(true);
		const dialog = l.app.openModals__[0];
		expect(dialog).toBeInstanceOf(RunDialog);
		await (dialog as unknown as RunDialog).estimating;
		const text = dialog?.contentEl.textContent ?? "";
		expect(text).toContain("3 shots · 3 to run · 0 already done · 0 invalid · estimated cost");
		expect(allElements(dialog?.contentEl as HTMLElement).filter((e) => e.tagName === "TR")).toHaveLength(4); // header + 3 jobs
		expect(l.plugin.runs().running).toBe(false);
	});

	it("the ribbon opens a folder picker that starts at the active note's folder", async () => {
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Ep1.md") as TFile);
		const ribbon = allElements(l.app.ribbonEl).find((e) => e.getAttribute("aria-label") === "Generate shots in a folder");
		expect(ribbon).toBeDefined();
		(ribbon as unknown as { click(): void }).click();
		const picker = l.app.openModals__[0] as unknown as { suggestions__(): { item: TFolder }[]; selectSuggestion(v: unknown): void };
		await Promise.resolve();
		const first = picker.suggestions__()[0];
		expect(first?.item.path).toBe("Film");
		picker.selectSuggestion(first);
		expect(l.app.openModals__[0]).toBeInstanceOf(RunDialog);
	});

	it("adds file-menu items on folders and notes", () => {
		const folderMenu = new Menu();
		l.app.workspace.trigger("file-menu", folderMenu, l.app.vault.getFolderByPath("Film"), "file-explorer");
		expect(folderMenu.items.map((i) => i.title)).toEqual(["Generate shots in folder", "Open storyboard board"]);
		const noteMenu = new Menu();
		l.app.workspace.trigger("file-menu", noteMenu, l.app.vault.getFileByPath("Film/Ep1.md"), "file-explorer");
		expect(noteMenu.items.map((i) => i.title)).toEqual(["Generate shots in note"]);
		noteMenu.items[0]?.callback?.();
		expect(l.app.openModals__[0]).toBeInstanceOf(RunDialog);
	});

	it("unload removes the commands, the ribbon button and every workspace listener it added", () => {
		const before = l.app.workspace.listenerCount__("file-menu");
		// The commands' menu items and the board's folder item.
		expect(before).toBe(2);
		unload(l.plugin);
		expect(l.app.commands__.size).toBe(0);
		expect(l.app.workspace.listenerCount__()).toBe(0);
		expect(l.app.metadataCache.listenerCount__()).toBe(0);
		expect(l.app.vault.listenerCount__()).toBe(0);
		expect(allElements(l.app.ribbonEl)).toHaveLength(0);
	});

	it("the run dialog offers to save missing character ids into the note's properties", async () => {
		const note = '---\ncineflow:\n  provider: sorahk\n  duration: 10\n---\n\n```shot\nid: s01\nprompt: "[Alice] opens the door for [Bob]"\n```\n';
		await l.app.vault.adapter.write("Film/Chars.md", note);
		const dialog = new RunDialog(l.plugin, "Film/Chars.md");
		dialog.open();
		await dialog.estimating;
		const section = allElements(dialog.contentEl).find((e) => e.hasClass("cineflow-characters")) as HTMLElement;
		const names = allElements(section)
			.filter((e) => e.hasClass("setting-item-name"))
			.map((e) => e.textContent);
		expect(names).toEqual(["Missing character ids", "Alice", "Bob", ""]);
		const inputs = allElements(section).filter((e) => e.tagName === "INPUT") as (HTMLInputElement & { dispatch(t: string): void })[];
		inputs[0]!.value = "@alice";
		inputs[0]!.dispatch("input");
		inputs[1]!.value = "bob_rain";
		inputs[1]!.dispatch("input");
		const save = allElements(section).find((e) => e.tagName === "BUTTON" && e.textContent === "Save ids into Film/Chars.md") as HTMLElement & {
			click(): void;
		};
		save.click();
		for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
		await dialog.estimating;
		const text = await l.app.vault.adapter.read("Film/Chars.md");
		expect(text).toContain("Alice: '@alice'");
		expect(text).toContain("Bob: '@bob_rain'");
		expect(text).toContain('```shot\nid: s01\nprompt: "[Alice] opens the door for [Bob]"\n```\n');
		expect(allElements(dialog.contentEl).some((e) => e.textContent === "Missing character ids")).toBe(false);
	});
});
