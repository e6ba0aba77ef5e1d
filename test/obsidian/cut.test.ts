/**
 * "Export the cut of this note" in the plugin (stub app): the dialog, the files it
 * writes through the Vault API (schema-checked), and asking before replacing one.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { CutExportModal, ReplaceFileModal } from "../../src/obsidian/cut";
import { Notice, allElements, type TFile } from "../stubs/obsidian";
import { jsonCanvas, timeline } from "../support/cut-schemas";
import { NOTE, stormVault } from "../support/bin-vault";
import { loadPlugin, notices, unload, useWindow, type Loaded } from "./helpers";

const OTIO = "Episodes/第一集 The Storm — cut.otio";
const CANVAS = "Episodes/第一集 The Storm — cut.canvas";

function stormFiles(): Record<string, string | Uint8Array> {
	const out: Record<string, string | Uint8Array> = {};
	for (const [p, f] of stormVault().files) out[p] = p.endsWith(".mp4") ? f.data : new TextDecoder().decode(f.data);
	return out;
}

type Clickable = HTMLElement & { click(): void; dispatch(type: string): void; value: string };
const buttons = (el: HTMLElement) => allElements(el).filter((e) => e.tagName === "BUTTON") as Clickable[];
const button = (el: HTMLElement, text: string) => buttons(el).find((b) => b.textContent === text) as Clickable;

async function settle(): Promise<void> {
	for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

describe("Export the cut of this note", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		Notice.reset__();
		l = await loadPlugin({ ...stormFiles(), "Episodes/Plain.md": "# prose\n", "Episodes/Empty.md": "```shot\nid: e1\nprompt: nothing yet\n```\n" });
	});
	afterEach(() => unload(l.plugin));

	const open = async (path: string) => l.app.workspace.openFile__(l.app.vault.getFileByPath(path) as TFile);
	const exportDialog = () => l.app.openModals__.find((m) => m instanceof CutExportModal) as CutExportModal | undefined;

	it("is offered only for a note with shots", async () => {
		expect(l.app.runCommand__("cineflow:export-cut", true)).toBe(false);
		await open("Episodes/Plain.md");
		expect(l.app.runCommand__("cineflow:export-cut", true)).toBe(false);
		await open(NOTE);
		expect(l.app.runCommand__("cineflow:export-cut", true)).toBe(true);
	});

	it("writes both files next to the note through the vault; they validate and point at vault videos", async () => {
		await open(NOTE);
		l.app.runCommand__("cineflow:export-cut");
		await settle();
		const dialog = exportDialog();
		expect(dialog).toBeDefined();
		const text = (dialog as CutExportModal).contentEl.textContent ?? "";
		expect(text).toContain("3 shots in the cut, 3 left out (no video yet: s03; take not embedded: s04; video missing: s05)");
		button((dialog as CutExportModal).contentEl, "Export").click();
		await (dialog as CutExportModal).done;
		const otio = l.app.vault.getFileByPath(OTIO);
		const canvas = l.app.vault.getFileByPath(CANVAS);
		expect(otio && canvas).toBeTruthy();
		const t = timeline.parse(JSON.parse(await l.app.vault.read(otio as TFile)));
		// Mobile-like adapter (no folder on disk): URLs relative to the note's folder.
		for (const c of t.tracks.children[0]?.children ?? []) {
			if (c.OTIO_SCHEMA !== "Clip.2") continue;
			const url = (c.media_references.DEFAULT_MEDIA as { target_url: string }).target_url;
			expect(l.app.vault.getFileByPath(`Episodes/${url.split("/").map(decodeURIComponent).join("/")}`)).not.toBeNull();
		}
		const cv = jsonCanvas.parse(JSON.parse(await l.app.vault.read(canvas as TFile)));
		for (const n of cv.nodes ?? []) if (n.type === "file") expect(l.app.vault.getFileByPath(n.file)).not.toBeNull();
		expect(notices().at(-1)).toContain(`wrote ${OTIO} and ${CANVAS}`);
	});

	it("asks before replacing an existing file; 'Keep it' leaves it untouched, 'Replace' replaces it", async () => {
		await l.app.vault.create(OTIO, "my own timeline");
		await open(NOTE);
		for (const answer of ["Keep it", "Replace"]) {
			l.app.runCommand__("cineflow:export-cut");
			await settle();
			const dialog = exportDialog() as CutExportModal;
			// Only the .otio this time.
			const select = allElements(dialog.contentEl).find((e) => e.tagName === "SELECT") as Clickable;
			select.value = "otio";
			select.dispatch("change");
			button(dialog.contentEl, "Export").click();
			await settle();
			const ask = l.app.openModals__.find((m) => m instanceof ReplaceFileModal) as ReplaceFileModal;
			expect(ask.contentEl.textContent).toContain(`${OTIO} already exists`);
			button(ask.contentEl, answer).click();
			await dialog.done;
			const now = await l.app.vault.read(l.app.vault.getFileByPath(OTIO) as TFile);
			if (answer === "Keep it") {
				expect(now).toBe("my own timeline");
				expect(notices().at(-1)).toContain(`kept ${OTIO} as it was`);
			} else expect(timeline.safeParse(JSON.parse(now)).success).toBe(true);
		}
		expect(l.app.vault.getFileByPath(CANVAS)).toBeNull();
	});

	it("with poster frames asked for on a device that cannot decode video: exports anyway and says so", async () => {
		await open(NOTE);
		l.app.runCommand__("cineflow:export-cut");
		await settle();
		const dialog = exportDialog() as CutExportModal;
		(allElements(dialog.contentEl).find((e) => e.hasClass("checkbox-container")) as Clickable).click();
		button(dialog.contentEl, "Export").click();
		await dialog.done;
		expect(l.app.vault.getFileByPath(CANVAS)).not.toBeNull();
		expect(notices().at(-1)).toContain("no poster frames: this device cannot decode the videos");
	});

	it("a note with shots but no video yet: a notice, no dialog, no file", async () => {
		await open("Episodes/Empty.md");
		l.app.runCommand__("cineflow:export-cut");
		await settle();
		expect(exportDialog()).toBeUndefined();
		expect(notices().at(-1)).toBe("CineFlow: nothing to export yet. No shot of Episodes/Empty.md has a video.");
		expect(l.app.vault.getFileByPath("Episodes/Empty — cut.otio")).toBeNull();
	});
});

describe("Export the cut of this note, in Chinese", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		Notice.reset__();
		l = await loadPlugin(stormFiles());
		setLanguage("zh");
	});
	afterEach(() => {
		unload(l.plugin);
		setLanguage("en");
	});

	it("shows the dialog and the result notice in Chinese; shot ids and paths stay as they are", async () => {
		await l.app.workspace.openFile__(l.app.vault.getFileByPath(NOTE) as TFile);
		l.app.runCommand__("cineflow:export-cut");
		await settle();
		const dialog = l.app.openModals__.find((m) => m instanceof CutExportModal) as CutExportModal;
		const text = dialog.contentEl.textContent ?? "";
		expect(text).toContain("剪辑中有 3 个分镜，3 个未收入（尚无视频：s03；版本未嵌入：s04；视频缺失：s05）");
		expect(text).toContain("格式");
		expect(text).toContain("海报帧");
		expect(buttons(dialog.contentEl).map((b) => b.textContent)).toEqual(["取消", "导出"]);
		button(dialog.contentEl, "导出").click();
		await dialog.done;
		expect(notices().at(-1)).toBe(`CineFlow：已写入 ${OTIO}和${CANVAS}。剪辑中有 3 个分镜，3 个未收入（尚无视频：s03；版本未嵌入：s04；视频缺失：s05）。`);
	});
});
