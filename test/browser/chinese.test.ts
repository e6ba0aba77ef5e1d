/**
 * The Chinese interface in Debian's headless Chromium (issue 19): the built plugin
 * with `language: "zh"` in its data, a note with a Chinese name and prompts. It
 * screenshots the settings tab and the run dialog into test/artifacts/ (and, with
 * CINEFLOW_DOCS_IMG=1 or when missing, docs/img/settings-zh.png and
 * docs/img/run-dialog-zh.png), and checks that the page really shows Chinese
 * glyphs: the text is Chinese, the CJK font draws distinct glyphs (not the same
 * "tofu" box for every character: .ci/run installs fonts-wqy-microhei), and the
 * picture is not blank. Then it switches the Language row to English and checks
 * the same tab is drawn in English, and looks different.
 *
 * Skips only when /usr/bin/chromium is missing, and never in CI (CI=true fails instead).
 */
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { decode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type Settings } from "../../src/core/settings";
import { simBaseUrl } from "../../src/sim";
import { CHROMIUM, hasChromium, startBrowserHarness, type BrowserHarness } from "./harness";

const KEY = "sk-browser-zh-5b2e81d4";
const NOTE_PATH = "场景/第一集.md";
const NOTE = [
	"# 第一集：夜市",
	"",
	"```shot",
	"id: s01",
	"prompt: 雨夜的夜市全景，霓虹灯倒映在水洼里",
	"duration: 10",
	"```",
	"",
	"```shot",
	"id: s02",
	"prompt: 面摊上升起的热气特写，镜头缓慢推进",
	"duration: 10",
	"orientation: vertical",
	"```",
	"",
].join("\n");

const ARTIFACTS = path.resolve("test/artifacts");
const DOCS_IMG = path.resolve("docs/img");
const GENERATE_NOTE = "cineflow:generate-note";
const SETTINGS_MODAL = ".modal.mod-settings";
const DIALOG = ".modal-container .modal";
/** Han characters (CJK Unified Ideographs). */
const HAN = /[\u4e00-\u9fff]/g;

if (!hasChromium) {
	if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the browser-level test must run in CI (.ci/run installs Chromium)`);
	console.warn(`[browser test] skipped: ${CHROMIUM} is missing (install Debian's chromium package to run it)`);
}

/** Distinct colours and the share of pixels unlike the first one: a blank picture has 1 and 0. */
function picture(png: Buffer): { width: number; height: number; colours: number; inked: number } {
	const img = decode(png);
	const ch = img.channels;
	const d = img.data;
	const colours = new Set<number>();
	let inked = 0;
	for (let i = 0; i < d.length; i += ch) {
		const rgb = ((d[i] ?? 0) << 16) | ((d[i + 1] ?? 0) << 8) | (d[i + 2] ?? 0);
		colours.add(rgb);
		if (rgb !== (((d[0] ?? 0) << 16) | ((d[1] ?? 0) << 8) | (d[2] ?? 0))) inked++;
	}
	return { width: img.width, height: img.height, colours: colours.size, inked: inked / (img.width * img.height) };
}

describe.skipIf(!hasChromium)("the Chinese interface in headless Chromium", () => {
	let h: BrowserHarness;

	beforeAll(async () => {
		h = await startBrowserHarness({ jobDurationMs: { min: 40_000, max: 70_000 }, progressCurve: "linear" }, KEY);
		const settings: Settings = {
			...DEFAULT_SETTINGS,
			language: "zh",
			provider: "sorahk",
			providers: { sorahk: { baseUrl: simBaseUrl(h.origin, "sorahk") } },
		};
		await h.boot({ files: { [NOTE_PATH]: NOTE }, data: settings, secrets: { "cineflow-sorahk": KEY } });
		await mkdir(ARTIFACTS, { recursive: true });
	}, 60_000);

	afterAll(async () => {
		await h?.page.evaluate(() => window.cineflowHost.unload()).catch(() => undefined);
		await h?.close();
	});

	/** A screenshot of `selector` into test/artifacts (and docs/img when asked or missing); returns the PNG. */
	const shot = async (selector: string, name: string, docs: boolean): Promise<Buffer> => {
		await h.page.evaluate(() => window.cineflowHost.prepareScreenshot());
		const file = path.join(ARTIFACTS, `${name}.png`);
		await h.page.locator(selector).first().screenshot({ path: file, animations: "disabled" });
		const doc = path.join(DOCS_IMG, `${name}.png`);
		if (docs && (process.env.CINEFLOW_DOCS_IMG === "1" || !existsSync(doc))) {
			await mkdir(DOCS_IMG, { recursive: true });
			await copyFile(file, doc);
		}
		return readFile(file);
	};

	it("has a font that draws Chinese: distinct glyphs, not one fallback box for every character", async () => {
		const glyphs = await h.page.evaluate(() => {
			const draw = (ch: string) => {
				const c = document.createElement("canvas");
				c.width = 48;
				c.height = 48;
				const g = c.getContext("2d");
				if (!g) return "";
				g.fillStyle = "#000";
				g.font = "40px sans-serif";
				g.textBaseline = "top";
				g.fillText(ch, 4, 4);
				return c.toDataURL();
			};
			return { yu: draw("语"), yan: draw("言"), blank: draw(" ") };
		});
		expect(glyphs.yu).not.toBe(glyphs.blank);
		expect(glyphs.yu, "语 and 言 draw the same shape: no CJK font (install fonts-wqy-microhei)").not.toBe(glyphs.yan);
	});

	let chinese: Buffer;

	it("draws the settings tab in Chinese (docs/img/settings-zh.png)", async () => {
		const { page } = h;
		await page.evaluate(() => window.cineflowHost.openSettings("第三方插件"));
		await h.advance(100);
		const text = (await page.locator(SETTINGS_MODAL).innerText()) ?? "";
		for (const words of ["服务商", "默认模型", "每次运行的预算", "初始并发数", "分镜默认值", "界面", "语言", "高级"]) expect(text, words).toContain(words);
		expect(text).not.toMatch(/Initial concurrency|Budget per run|Shot defaults/);
		expect((text.match(HAN) ?? []).length).toBeGreaterThan(100);
		chinese = await shot(SETTINGS_MODAL, "settings-zh", true);
		const p = picture(chinese);
		expect(p.width).toBeGreaterThan(400);
		expect(p.colours).toBeGreaterThan(50);
		expect(p.inked).toBeGreaterThan(0.01);
		await page.evaluate(() => window.cineflowHost.closeSettings());
		expect(h.errors).toEqual([]);
	});

	it("opens the run dialog of a Chinese note (docs/img/run-dialog-zh.png)", async () => {
		const { page } = h;
		await page.evaluate((p) => window.cineflowHost.openNote(p), NOTE_PATH);
		expect(await page.evaluate((id) => window.cineflowHost.runCommand(id), GENERATE_NOTE)).toBe(true);
		await h.advance(100);
		const dialog = page.locator(DIALOG).last();
		await dialog.waitFor();
		await h.advance(100);
		const text = await dialog.innerText();
		for (const id of ["s01", "s02"]) expect(text).toMatch(new RegExp(`\\b${id}\\b`));
		expect(text).toContain("US$");
		expect((text.match(HAN) ?? []).length).toBeGreaterThan(10);
		const png = await shot(DIALOG, "run-dialog-zh", true);
		expect(picture(png).colours).toBeGreaterThan(50);
		await page.keyboard.press("Escape");
		await page.evaluate(() => document.querySelectorAll(".modal-container:not(.mod-settings-container)").forEach((e) => e.remove()));
		expect(h.errors).toEqual([]);
	});

	it("switching the Language row to English redraws the same tab in English, and it looks different", async () => {
		const { page } = h;
		await page.evaluate(() => window.cineflowHost.openSettings("Community plugins"));
		await h.advance(100);
		const row = page.locator(`${SETTINGS_MODAL} .setting-item`, { has: page.locator(".setting-item-name", { hasText: /^语言$/ }) });
		await row.locator("select").selectOption("en");
		await h.advance(100);
		const text = (await page.locator(SETTINGS_MODAL).innerText()) ?? "";
		for (const words of ["Provider", "Default model", "Budget per run", "Initial concurrency", "Interface", "Language"])
			expect(text, words).toContain(words);
		expect(text).not.toContain("初始并发数");
		const english = await shot(SETTINGS_MODAL, "settings-en", false);
		expect(english.equals(chinese)).toBe(false);
		await page.evaluate(() => window.cineflowHost.closeSettings());
		expect(h.errors).toEqual([]);
	});
});
