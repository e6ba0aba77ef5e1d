/**
 * The storyboard board in Chromium (the built main.js in the fake host, requestUrl
 * bridged to the simulator): a small note is generated (one shot with two takes),
 * the board shows every shot, the takes are compared side by side in <video>
 * elements, take 2 is chosen and the note's embed under the shot switches to it.
 * Screenshots: docs/img/board.png and docs/img/takes.png (copied there with
 * CINEFLOW_DOCS_IMG=1 or when missing; always written to test/artifacts/).
 *
 * The fake host's resource paths (app://local/…) mean nothing to Chromium; the test
 * serves the vault's videos as blob: URLs instead, as Obsidian's app:// scheme would.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type Settings } from "../../src/core/settings";
import { simBaseUrl } from "../../src/sim";
import { CHROMIUM, hasChromium, startBrowserHarness, type BrowserHarness } from "./harness";

const KEY = "sk-browser-board-5b2e9d";
const NOTE_PATH = "Films/Harbour.md";
const NOTE = [
	"---",
	"cineflow:",
	"  duration: 10",
	"---",
	"# Harbour at dawn",
	"",
	"```shot",
	"id: h1",
	"prompt: Fog over the harbour at dawn, fishing boats in silhouette",
	"```",
	"",
	"```shot",
	"id: h2",
	"prompt: A gull lands on a mooring post, close-up, shallow focus",
	"takes: 2",
	"```",
	"",
	"```shot",
	"id: h3",
	"prompt: The harbour master lights a lamp in the window",
	"orientation: vertical",
	"```",
	"",
	"```shot",
	"id: h4",
	"prompt: Wide shot of the first ferry leaving, gulls following",
	"```",
	"",
].join("\n");

const ARTIFACTS = path.resolve("test/artifacts");
const DOCS_IMG = path.resolve("docs/img");

if (!hasChromium) {
	if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the browser-level test must run in CI`);
	console.warn(`[browser test] skipped: ${CHROMIUM} is missing`);
}

interface PluginLike {
	runs(): { run(req: { target: string; mode: string; select?: (j: { shotId: string }) => boolean }): Promise<unknown>; running: boolean };
}

describe.skipIf(!hasChromium)("the storyboard board in headless Chromium", () => {
	let h: BrowserHarness;

	beforeAll(async () => {
		h = await startBrowserHarness({ jobDurationMs: { min: 40_000, max: 70_000 }, progressCurve: "linear" }, KEY);
		const settings: Settings = { ...DEFAULT_SETTINGS, provider: "sorahk", providers: { sorahk: { baseUrl: simBaseUrl(h.origin, "sorahk") } } };
		await h.boot({ files: { [NOTE_PATH]: NOTE }, data: settings, secrets: { "cineflow-sorahk": KEY } });
		await mkdir(ARTIFACTS, { recursive: true });
		// Videos as blob: URLs (Obsidian serves app:// resource URLs; the fake host cannot).
		await h.page.evaluate(() => {
			const adapter = window.cineflowHost.app?.vault.adapter as unknown as {
				readSync__(p: string): string | Uint8Array | null;
				getResourcePath(p: string): string;
			};
			const urls = new Map<string, string>();
			adapter.getResourcePath = (p: string) => {
				const data = adapter.readSync__(p);
				if (!urls.has(p) && data instanceof Uint8Array)
					urls.set(p, URL.createObjectURL(new Blob([data as BlobPart], { type: p.endsWith(".webm") ? "video/webm" : "video/mp4" })));
				return urls.get(p) ?? "";
			};
		});
	}, 60_000);

	afterAll(async () => {
		await h?.page.evaluate(() => window.cineflowHost.unload()).catch(() => undefined);
		await h?.close();
	});

	const shot = async (selector: string, name: string) => {
		await h.page.evaluate(() => window.cineflowHost.prepareScreenshot());
		const file = path.join(ARTIFACTS, `${name}.png`);
		await h.page.locator(selector).first().screenshot({ path: file, animations: "disabled" });
		const doc = path.join(DOCS_IMG, `${name}.png`);
		if (process.env.CINEFLOW_DOCS_IMG === "1" || !existsSync(doc)) {
			await mkdir(DOCS_IMG, { recursive: true });
			await copyFile(file, doc);
		}
	};

	it("shows every shot of the note, compares the takes of one and chooses take 2: the embed under it switches", async () => {
		const { page } = h;
		// Three of the four shots are generated (h2 with two takes); h4 stays missing.
		await page.evaluate((p) => {
			const plugin = window.cineflowHost.plugin as unknown as PluginLike;
			void plugin.runs().run({ target: p, mode: "generate", select: (j) => j.shotId !== "h4" });
		}, NOTE_PATH);
		await h.until("the run to finish", async () => !(await page.evaluate(() => (window.cineflowHost.plugin as unknown as PluginLike).runs().running)));
		expect(h.sim.tasks().length).toBe(4);
		const before = (await page.evaluate((p) => window.cineflowHost.read(p), NOTE_PATH)) ?? "";
		expect(before).toContain("```\n![[_assets/Harbour/h2.mp4]]\n![[_assets/Harbour/h2.take2.mp4]]\n");

		await page.evaluate((p) => window.cineflowHost.openNote(p), NOTE_PATH);
		expect(await page.evaluate(() => window.cineflowHost.runCommand("cineflow:open-board"))).toBe(true);
		await h.advance(600);
		const board = page.locator(".cineflow-board");
		await board.waitFor();
		await h.until("the board's rows", async () => (await page.locator(".cineflow-board-row").count()) === 4, 10_000, 200);
		const text = await board.innerText();
		expect(text).toMatch(/4 shots · 3 done/);
		for (const id of ["h1", "h2", "h3", "h4"]) expect(text).toContain(id);
		expect(text).toContain("Not generated");
		expect(text).toContain("2 takes");
		expect(await page.locator(".cineflow-board-row video").count()).toBe(3);
		await h.advance(300);
		await shot(".workspace-leaf:has(.cineflow-board)", "board");

		await page.locator('.cineflow-board-row[data-key$="::h2"] button', { hasText: "Compare takes" }).click();
		const modal = page.locator(".modal-container .modal.cineflow-takes-modal");
		await modal.waitFor();
		expect(await modal.locator("video").count()).toBe(2);
		const sources = await modal.locator("video").evaluateAll((vs) => vs.map((v) => (v as HTMLVideoElement).src));
		expect(sources.every((s) => s.startsWith("blob:"))).toBe(true);
		await h.advance(300);
		await shot(".modal-container .modal.cineflow-takes-modal", "takes");

		await modal.locator('.cineflow-take[data-take="2"] button', { hasText: "Choose this take" }).click();
		await h.until(
			"the embed to switch",
			async () =>
				((await page.evaluate((p) => window.cineflowHost.read(p), NOTE_PATH)) ?? "").includes(
					"```\n![[_assets/Harbour/h2.take2.mp4]]\n![[_assets/Harbour/h2.mp4]]\n",
				),
			10_000,
			100,
		);
		const after = (await page.evaluate((p) => window.cineflowHost.read(p), NOTE_PATH)) ?? "";
		// Only the two embed lines of h2 traded places; every other byte is the same.
		expect(after.replace("h2.take2.mp4]]\n![[_assets/Harbour/h2.mp4]]", "h2.mp4]]\n![[_assets/Harbour/h2.take2.mp4]]")).toBe(before);
		const journal = await page.evaluate(() => window.cineflowHost.app?.vault.adapter.read("Films/_assets/Harbour/cineflow-jobs.md") ?? "");
		expect(journal).toMatch(/"chosen": \{\s*"h2": \{\s*"take": 2/);
		expect(await modal.locator(".cineflow-take.is-chosen").getAttribute("data-take")).toBe("2");
		// Both takes are still on disk; nothing more was paid for.
		const files = await page.evaluate(() => window.cineflowHost.files().map((f) => f.path));
		expect(files).toEqual(expect.arrayContaining(["Films/_assets/Harbour/h2.mp4", "Films/_assets/Harbour/h2.take2.mp4"]));
		expect(h.sim.tasks().length).toBe(4);
		expect(h.errors).toEqual([]);
	});

	it("switches to the narrow layout on a phone-sized window", async () => {
		const { page } = h;
		await page.keyboard.press("Escape");
		await page.evaluate(() => document.querySelectorAll(".modal-container").forEach((m) => m.remove()));
		await page.setViewportSize({ width: 420, height: 800 });
		await h.advance(300);
		await h.until("the narrow layout", async () => (await page.locator(".cineflow-board.is-narrow").count()) === 1, 5_000, 100);
		const poster = await page.locator(".cineflow-board-row .cineflow-board-poster").first().boundingBox();
		expect(poster?.width).toBeLessThan(160);
		await page
			.locator(".workspace-leaf:has(.cineflow-board)")
			.first()
			.screenshot({ path: path.join(ARTIFACTS, "board-narrow.png"), animations: "disabled" });
		await page.setViewportSize({ width: 1360, height: 860 });
		expect(h.errors).toEqual([]);
	});
});
