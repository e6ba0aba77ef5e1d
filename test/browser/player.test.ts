/**
 * The animatic player and the queue's ETA and spend, in headless Chromium (issue
 * 16), on the built plugin inside the fake host (see plugin.test.ts for the
 * pattern). A 3-shot note is generated against the simulator; mid-run the queue
 * view shows the run's ETA (an estimate) and the spend against the estimate and
 * the budget → docs/img/queue-eta.png. After the run, "Play the animatic of this
 * note" plays the three chosen takes in order → docs/img/player.png.
 *
 * Video files are served to the page as blob: URLs in place of Obsidian's app://
 * resource URLs (the host has no app:// scheme). Skips only when Chromium is missing.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type Settings } from "../../src/core/settings";
import { simBaseUrl } from "../../src/sim";
import { CHROMIUM, hasChromium, startBrowserHarness, type BrowserHarness } from "./harness";

const KEY = "sk-browser-test-5d2b8e0a";
const NOTE_PATH = "Films/Harbour.md";
const NOTE = [
	"# Harbour at dawn",
	"",
	"```shot",
	"id: s1",
	"prompt: Rain over the harbour at night, wide, lanterns swaying on the boats",
	"duration: 10",
	"```",
	"",
	"```shot",
	"id: s2",
	"prompt: Close-up of an old sailor lighting a lamp in the wheelhouse window",
	"duration: 10",
	"```",
	"",
	"```shot",
	"id: s3",
	"prompt: The boat leaves the harbour at dawn, gulls following, slow crane up",
	"duration: 10",
	"```",
	"",
].join("\n");

const ARTIFACTS = path.resolve("test/artifacts");
const DOCS_IMG = path.resolve("docs/img");
const QUEUE_VIEW = "cineflow-queue";
const PLAYER_VIEW = "cineflow-animatic";

if (!hasChromium) {
	if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the browser-level test must run in CI (.ci/run installs Chromium)`);
	console.warn(`[browser test] skipped: ${CHROMIUM} is missing (install Debian's chromium package to run it)`);
}

describe.skipIf(!hasChromium)("the animatic player and the queue's ETA in headless Chromium", () => {
	let h: BrowserHarness;

	beforeAll(async () => {
		h = await startBrowserHarness({ jobDurationMs: { min: 90_000, max: 150_000 }, progressCurve: "linear" }, KEY);
		const settings: Settings = {
			...DEFAULT_SETTINGS,
			provider: "sorahk",
			providers: { sorahk: { baseUrl: simBaseUrl(h.origin, "sorahk") } },
			concurrency: { ...DEFAULT_SETTINGS.concurrency, initial: 2, max: 2 },
			budgetUsd: 2,
		};
		await h.boot({ files: { [NOTE_PATH]: NOTE }, data: settings, secrets: { "cineflow-sorahk": KEY } });
		await mkdir(ARTIFACTS, { recursive: true });
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
		return file;
	};

	it("shows the run's ETA and the spend against the estimate and the budget mid-run, and clicking the status bar opens the queue", async () => {
		const { page } = h;
		await page.evaluate((p) => window.cineflowHost.openNote(p), NOTE_PATH);
		expect(await page.evaluate(() => window.cineflowHost.runCommand("cineflow:generate-note"))).toBe(true);
		await h.advance(100);
		const dialog = page.locator(".modal-container .modal").last();
		await dialog.waitFor();
		await h.advance(100);
		await dialog.locator("button", { hasText: /^Start/ }).click();

		// The status bar opens the queue on a click.
		await h.until("the status bar to show the run", async () => /CineFlow \d\/3/.test(await page.evaluate(() => window.cineflowHost.statusBar())));
		// (Start opened the queue; close it first.)
		await page.evaluate((t) => window.cineflowHost.app?.workspace.getLeavesOfType(t).forEach((l) => l.detach()), QUEUE_VIEW);
		expect(await page.locator(".mod-right-split .workspace-leaf").count()).toBe(0);
		await page.locator(".cineflow-status").click();
		await h.advance(100);
		expect(await page.locator(".mod-right-split .workspace-leaf").count()).toBe(1);

		const queueText = () => page.evaluate((t) => window.cineflowHost.viewText(t), QUEUE_VIEW);
		// Mid-run: two running past a third of their way (estimated), one waiting, the ETA and the spend shown.
		await h.until(
			"the queue to show running jobs with estimated progress",
			async () => {
				const t = await queueText();
				const pct = [...t.matchAll(/about (\d+)%/g)].map((m) => Number(m[1]));
				return /2 running/.test(t) && pct.some((p) => p >= 35);
			},
			10 * 60_000,
			2_000,
		);
		const text = await queueText();
		expect(text).toMatch(
			/About \d+ m \d\d s left for the run \(estimate from (this run's durations|the catalog's typical duration|the provider's progress)\)/,
		);
		expect(text).toMatch(/\$0\.\d\d spent of about \$\d+\.\d\d estimated · budget \$2\.00/);
		expect(text).toMatch(/1 waiting/);
		expect(await page.evaluate(() => window.cineflowHost.statusBar())).toMatch(/about \d+ m( \d\d s)? left · \$\d+\.\d\d of ~\$\d+\.\d\d spent/);
		await shot(".mod-right-split .workspace-leaf > div", "queue-eta");

		await h.until("the run to finish", async () => /Finished/.test(await queueText()), 30 * 60_000, 2_000);
		expect(await queueText()).toMatch(/\b3 done\b/);
		expect(h.sim.tasks().length).toBe(3);
		expect(h.errors).toEqual([]);
	}, 120_000);

	it("plays the note's chosen takes in story order with the shot id and prompt over the video", async () => {
		const { page } = h;
		// Obsidian serves vault files at app:// URLs; the host serves them as blobs.
		await page.evaluate(() => {
			const adapter = window.cineflowHost.app?.vault.adapter as unknown as {
				files: Map<string, { data: string | Uint8Array }>;
				getResourcePath(p: string): string;
			};
			adapter.getResourcePath = (p: string) => {
				const e = adapter.files.get(p);
				const bytes = !e ? new Uint8Array() : typeof e.data === "string" ? new TextEncoder().encode(e.data) : e.data;
				return URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: p.endsWith(".webm") ? "video/webm" : "video/mp4" }));
			};
		});
		await page.evaluate((p) => window.cineflowHost.openNote(p), NOTE_PATH);
		expect(await page.evaluate(() => window.cineflowHost.runCommand("cineflow:play-animatic"))).toBe(true);
		await h.until("the player to list the shots", async () => (await page.locator(".cineflow-player-item").count()) === 3, 10_000, 100);
		const ids = await page.locator(".cineflow-player-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-shot")));
		expect(ids).toEqual(["s1", "s2", "s3"]);
		expect(await page.locator(".cineflow-player-item.has-video").count()).toBe(3);
		const text = await page.evaluate((t) => window.cineflowHost.viewText(t), PLAYER_VIEW);
		expect(text).toMatch(/3 shots · 3 with video · 0:30/);
		expect(await page.locator(".cineflow-player-caption").innerText()).toMatch(/s1\s*Rain over the harbour at night/);
		expect(await page.locator("video.cineflow-player-video").getAttribute("playsinline")).not.toBeNull();

		// The next shot's video is loaded in the same single player.
		await page.locator(".cineflow-player-next").click();
		expect(await page.locator("video").count()).toBe(1);
		expect(await page.locator(".cineflow-player-caption").innerText()).toMatch(/s2\s*Close-up of an old sailor/);
		await page.locator(".cineflow-player-prev").click();

		// Wait (real time: decoding is not on the page's fake clock) for the first frame.
		const deadline = Date.now() + 15_000;
		let ready = 0;
		while (Date.now() < deadline) {
			ready = await page.evaluate(() => document.querySelector<HTMLVideoElement>("video.cineflow-player-video")?.readyState ?? -1);
			if (ready >= 2) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(ready, "Chromium decodes the simulator's clip").toBeGreaterThanOrEqual(2);
		await shot(".workspace-leaf:has(.cineflow-player) > div", "player");
		expect(h.errors).toEqual([]);
	});
});
