/**
 * Shot chaining's last-frame grab in the plugin (issue 17), in Debian's Chromium
 * (/usr/bin/chromium through playwright-core): src/obsidian/frames.ts is bundled
 * into a page with a minimal `obsidian` module and Obsidian's global `createEl`, a
 * simulator clip is read through a fake vault, and the PNG the plugin's
 * VideoElementFrames returns is decoded (src/cli/image-codec.ts) and its counter
 * band compared with the band the simulator drew for the clip's first and last
 * seconds (src/sim/video/card.ts).
 */
import esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { decodePng } from "../../src/cli/image-codec";
import type { RgbaImage } from "../../src/core/image/raster";
import { BAND, drawBand, renderCard, type CardText } from "../../src/sim/video/card";
import { encodeClip, type ClipSpec } from "../../src/sim/video/clip";
import { CHROMIUM, hasChromium } from "./harness";

if (!hasChromium) {
	if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the chain frame check must run in CI (.ci/run installs Chromium)`);
	console.warn(`[chain-frame browser test] skipped: ${CHROMIUM} is missing (install Debian's chromium package to run it)`);
}

const ROOT = process.cwd();

/** The page side: VideoElementFrames over a one-file fake vault, as `window.chainGrab`. */
const ENTRY = `
import { VideoElementFrames } from "./src/obsidian/frames";
// Obsidian's global element helper, which pageDom() uses.
globalThis.createEl = (tag) => document.createElement(tag);
window.chainGrab = async (b64, file, how, seconds) => {
	const bin = atob(b64);
	const bytes = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
	const app = { vault: {
		getFileByPath: (p) => (p === file ? { path: p } : null),
		readBinary: async () => bytes.buffer.slice(0),
	} };
	const frames = new VideoElementFrames(app);
	// "chain" is exactly what src/core/run/chains.ts does with the upstream's requested duration.
	const r = how === "chain"
		? (frames.grabLast ? await frames.grabLast(file) : await frames.grab(file, Math.max(0, seconds - 0.1)))
		: await frames.grab(file, seconds);
	if (!r.ok) return { ok: false, reason: r.reason, detail: r.detail ?? null };
	let s = "";
	for (const b of r.png) s += String.fromCharCode(b);
	return { ok: true, png: btoa(s), hasGrabLast: typeof frames.grabLast === "function" };
};
`;

async function buildEntry(): Promise<string> {
	const result = await esbuild.build({
		stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: "chain-frame-entry.ts", loader: "ts" },
		bundle: true,
		format: "iife",
		platform: "browser",
		target: "es2020",
		write: false,
		logLevel: "silent",
		plugins: [
			{
				name: "obsidian-min",
				setup(b) {
					b.onResolve({ filter: /^obsidian$/ }, () => ({ path: "obsidian", namespace: "obsidian-min" }));
					b.onLoad({ filter: /.*/, namespace: "obsidian-min" }, () => ({
						contents: "export const normalizePath = (p) => p.replace(/\\\\/g, '/').replace(/\\/+/g, '/').replace(/^\\/|\\/$/g, '');",
						loader: "js",
					}));
				},
			},
		],
	});
	const out = result.outputFiles?.[0];
	if (!out) throw new Error("esbuild produced no bundle");
	return out.text;
}

type Grabbed = { ok: true; png: string; hasGrabLast: boolean } | { ok: false; reason: string; detail: string | null };

async function grabIn(page: Page, bytes: Uint8Array, how: "chain" | "at", seconds: number): Promise<RgbaImage> {
	const file = "_assets/Scene/s01.mp4";
	const r = await page.evaluate(([b64, f, h, s]) => (window as unknown as { chainGrab: (...a: unknown[]) => Promise<Grabbed> }).chainGrab(b64, f, h, s), [
		Buffer.from(bytes).toString("base64"),
		file,
		how,
		seconds,
	] as const);
	if (!r.ok) throw new Error(`grab failed: ${r.reason} ${r.detail ?? ""}`);
	return decodePng(new Uint8Array(Buffer.from(r.png, "base64")));
}

const PROMPT = "Neon signs flicker over a rain-soaked street at night";
const spec = (o: Partial<ClipSpec>): ClipSpec => ({ title: "s01", prompt: PROMPT, seconds: 10, size: "1280x720", ...o });

/** The picture the simulator drew for `second` of the clip of `s` (the same text encodeClip uses). */
function picture(s: ClipSpec, second: number, width: number, height: number): RgbaImage {
	const text: CardText = { title: s.title, prompt: s.prompt, tag: s.size, totalSeconds: Math.ceil(s.seconds), variant: s.variant ?? "" };
	const img = renderCard(text, width, height);
	drawBand(img, text, second);
	return img;
}

/** Mean absolute difference of luma-ish (r+g+b)/3 over the counter band (bottom BAND rows). */
function bandDiff(a: RgbaImage, b: RgbaImage): number {
	const { width, height } = a;
	let sum = 0;
	let n = 0;
	for (let y = height - BAND; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const o = (y * width + x) * 4;
			const la = ((a.data[o] ?? 0) + (a.data[o + 1] ?? 0) + (a.data[o + 2] ?? 0)) / 3;
			const lb = ((b.data[o] ?? 0) + (b.data[o + 1] ?? 0) + (b.data[o + 2] ?? 0)) / 3;
			sum += Math.abs(la - lb);
			n++;
		}
	}
	return sum / n;
}

/** Which of the clip's seconds the grabbed picture's band matches best, with the distances. */
function closest(img: RgbaImage, s: ClipSpec): { second: number; diffs: number[] } {
	const diffs: number[] = [];
	for (let sec = 0; sec < Math.ceil(s.seconds); sec++) diffs.push(bandDiff(img, picture(s, sec, img.width, img.height)));
	const best = diffs.indexOf(Math.min(...diffs));
	return { second: best, diffs };
}

describe.skipIf(!hasChromium)("chaining's last-frame grab in Chromium (VideoElementFrames)", () => {
	let browser: Browser;
	let page: Page;
	beforeAll(async () => {
		const code = await buildEntry();
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
		page = await browser.newPage();
		await page.setContent("<!doctype html><html><body></body></html>");
		await page.addScriptTag({ content: code });
	}, 60_000);
	afterAll(async () => {
		await browser?.close();
	});

	it("the comparison tells seconds apart: a grab at 0 s is the first picture, at 3.5 s the fourth second", async () => {
		const s = spec({});
		const first = await grabIn(page, encodeClip(s), "at", 0);
		expect([first.width, first.height]).toEqual([256, 144]);
		const c0 = closest(first, s);
		expect(c0.second).toBe(0);
		expect(c0.diffs[0]).toBeLessThan(3);
		const mid = closest(await grabIn(page, encodeClip(s), "at", 3.5), s);
		expect(mid.second).toBe(3);
	});

	it(
		"a 10 s clip, chained as the core does: the last picture (0:09), not the first (40 times: Chromium can fire seeked before the sought frame is drawable)",
		{ repeats: 40 },
		async () => {
			const s = spec({});
			const img = await grabIn(page, encodeClip(s), "chain", 10);
			const c = closest(img, s);
			expect(c.second).toBe(9);
			expect(c.diffs[9]).toBeLessThan(3);
			expect(c.diffs[0]).toBeGreaterThan((c.diffs[9] ?? 0) + 5);
		},
	);

	it("grab at duration − 0.1 s (the core's fallback when a port has no grabLast): the last second (0:09)", async () => {
		const s = spec({});
		const c = closest(await grabIn(page, encodeClip(s), "at", 9.9), s);
		expect(c.second).toBe(9);
		expect(c.diffs[9]).toBeLessThan(3);
	});

	it("one frame per second (every frame differs): the chain gets the very last frame, not the one before", async () => {
		const s = spec({ fps: 1 });
		const c = closest(await grabIn(page, encodeClip(s), "chain", 10), s);
		expect(c.second).toBe(9);
		expect(c.diffs[9]).toBeLessThan(3);
		expect(c.diffs[8]).toBeGreaterThan((c.diffs[9] ?? 0) + 1);
	});

	it("a 5 s portrait clip, chained: its last picture (0:04)", async () => {
		const s = spec({ size: "720x1280", seconds: 5 });
		const img = await grabIn(page, encodeClip(s), "chain", 5);
		expect([img.width, img.height]).toEqual([144, 256]);
		const c = closest(img, s);
		expect(c.second).toBe(4);
		expect(c.diffs[4]).toBeLessThan(3);
	});

	it("the provider delivered a shorter clip than asked (8 s for 10 s): the chain still starts from its last picture", async () => {
		const s = spec({ seconds: 8 });
		// The core asks with the upstream shot's requested duration (10 s).
		const img = await grabIn(page, encodeClip(s), "chain", 10);
		const c = closest(img, s);
		expect(c.second).toBe(7);
		expect(c.diffs[7]).toBeLessThan(3);
	});
});
