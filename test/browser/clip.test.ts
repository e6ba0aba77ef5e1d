/**
 * The simulator's clips decode in Chromium (Debian's /usr/bin/chromium through
 * playwright-core, never a downloaded browser): a <video> loads each one, reports
 * the requested size and duration, plays through its seconds (the counter band
 * changes), and two shots show different titles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { encodeClip, type ClipSpec } from "../../src/sim/video/clip";
import { CHROMIUM, hasChromium } from "./harness";

if (!hasChromium) {
	if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the clip decode check must run in CI (.ci/run installs Chromium)`);
	console.warn(`[clip browser test] skipped: ${CHROMIUM} is missing (install Debian's chromium package to run it)`);
}

interface Probe {
	width: number;
	height: number;
	duration: number;
	/** Luma-ish (r+g+b)/3 of the frame at each requested time, as rows of the given rectangle. */
	frames: number[][];
	error: string | null;
}

/** Loads `bytes` as a blob in a <video>, waits for loadeddata, seeks to each time and grabs a rectangle of pixels. */
async function probe(page: Page, bytes: Uint8Array, times: number[], rect: [number, number, number, number]): Promise<Probe> {
	const b64 = Buffer.from(bytes).toString("base64");
	return page.evaluate(
		async ({ b64, times, rect }) => {
			const bin = atob(b64);
			const arr = new Uint8Array(bin.length);
			for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
			const video = document.createElement("video");
			video.muted = true;
			video.preload = "auto";
			document.body.appendChild(video);
			const loaded = new Promise<string | null>((resolve) => {
				video.addEventListener("loadeddata", () => resolve(null), { once: true });
				video.addEventListener("error", () => resolve(`media error ${video.error?.code ?? "?"}: ${video.error?.message ?? ""}`), { once: true });
			});
			video.src = URL.createObjectURL(new Blob([arr], { type: "video/mp4" }));
			const error = await loaded;
			const canvas = document.createElement("canvas");
			canvas.width = video.videoWidth;
			canvas.height = video.videoHeight;
			const g = canvas.getContext("2d", { willReadFrequently: true });
			const frames: number[][] = [];
			for (const t of error ? [] : times) {
				// Chromium can fire `seeked` before the sought frame is drawable (src/obsidian/frames.ts
				// waits the same way): wait for a presented frame of another media time too, at most 1 s.
				const from = video.currentTime;
				const presented = new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, 1000);
					const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
						if (meta.mediaTime === from) return void video.requestVideoFrameCallback(onFrame);
						clearTimeout(timer);
						resolve();
					};
					video.requestVideoFrameCallback(onFrame);
				});
				await new Promise<void>((resolve) => {
					video.addEventListener("seeked", () => resolve(), { once: true });
					video.currentTime = t;
				});
				await presented;
				g?.drawImage(video, 0, 0);
				const d = g?.getImageData(rect[0], rect[1], rect[2], rect[3]).data ?? new Uint8ClampedArray();
				const px: number[] = [];
				for (let i = 0; i < d.length; i += 4) px.push(Math.round(((d[i] ?? 0) + (d[i + 1] ?? 0) + (d[i + 2] ?? 0)) / 3));
				frames.push(px);
			}
			video.remove();
			return { width: video.videoWidth, height: video.videoHeight, duration: video.duration, frames, error };
		},
		{ b64, times, rect },
	);
}

const PROMPT = "Neon signs flicker over a rain-soaked street at night";
const spec = (o: Partial<ClipSpec>): ClipSpec => ({ title: "s01", prompt: PROMPT, seconds: 10, size: "1280x720", ...o });
const bright = (px: number[]) => px.map((v) => (v > 180 ? 1 : 0));

describe.skipIf(!hasChromium)("clips in Chromium", () => {
	let browser: Browser;
	let page: Page;
	beforeAll(async () => {
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
		page = await browser.newPage();
		await page.setContent("<!doctype html><html><body></body></html>");
	}, 60_000);
	afterAll(async () => {
		await browser?.close();
	});

	it("a 10 s landscape clip: loadeddata, 256×144, 10 s, and the counter band moves", async () => {
		// The band: the bottom 32 rows (counter and progress bar).
		const p = await probe(page, encodeClip(spec({})), [0, 3.5, 9.5], [0, 112, 256, 32]);
		expect(p.error).toBeNull();
		expect([p.width, p.height]).toEqual([256, 144]);
		expect(p.duration).toBeCloseTo(10, 1);
		expect(p.frames).toHaveLength(3);
		expect(p.frames[1]).not.toEqual(p.frames[0]);
		expect(p.frames[2]).not.toEqual(p.frames[1]);
	});

	it("a 5 s portrait clip: 144×256, 5 s", async () => {
		const p = await probe(page, encodeClip(spec({ size: "720x1280", seconds: 5 })), [0], [0, 0, 144, 32]);
		expect(p.error).toBeNull();
		expect([p.width, p.height]).toEqual([144, 256]);
		expect(p.duration).toBeCloseTo(5, 1);
	});

	it("two shots with one prompt show different titles (the shot id is on screen)", async () => {
		// The third 3× glyph of the title: x 44–61, y 8–28.
		const rect: [number, number, number, number] = [44, 8, 18, 21];
		const a = await probe(page, encodeClip(spec({ title: "s01" })), [0.5], rect);
		const b = await probe(page, encodeClip(spec({ title: "s07" })), [0.5], rect);
		const ma = bright(a.frames[0] ?? []);
		const mb = bright(b.frames[0] ?? []);
		expect(ma.filter(Boolean).length).toBeGreaterThan(20);
		expect(mb.filter(Boolean).length).toBeGreaterThan(20);
		expect(ma).not.toEqual(mb);
	});
});
