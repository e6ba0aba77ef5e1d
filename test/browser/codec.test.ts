/**
 * The plugin's canvas codec and stitcher (src/obsidian/image-codec.ts,
 * canvas-stitcher.ts) in Debian's Chromium (/usr/bin/chromium through
 * playwright-core): PNG, JPEG and WebP decoded by the platform, PNG encoded by
 * the canvas and read back in Node by the CLI codec; both with OffscreenCanvas
 * and with the detached <canvas> used where OffscreenCanvas is missing (iOS < 16.4).
 */
import { readFileSync } from "node:fs";
import esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { decodePng, encodePng } from "../../src/cli/image-codec";
import { createImage, DEFAULT_MATRIX_STYLE, fillRect, type RgbaImage } from "../../src/core/image";
import { CHROMIUM, hasChromium } from "./harness";

const ROOT = process.cwd();

/** The page side: the codec and stitcher as `window.codec`, bytes in and out as base64. */
const ENTRY = `
import { canvasImageCodec } from "./src/obsidian/image-codec";
import { createCanvasStitcher } from "./src/obsidian/canvas-stitcher";
globalThis.createEl = (tag) => document.createElement(tag);
const real = globalThis.OffscreenCanvas;
const from64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const to64 = (bytes) => { let s = ""; for (const b of bytes) s += String.fromCharCode(b); return btoa(s); };
window.codec = {
	offscreen(on) { globalThis.OffscreenCanvas = on ? real : undefined; },
	async decode(b64, mime) {
		try {
			const img = await canvasImageCodec().decode(from64(b64), mime);
			return { ok: true, width: img.width, height: img.height, data: to64(img.data) };
		} catch (err) {
			return { ok: false, reason: err.reason ?? null, message: String(err.message) };
		}
	},
	async encode(width, height, b64) {
		return to64(await canvasImageCodec().encodePng({ width, height, data: from64(b64) }));
	},
	async stitch(sources, options) {
		return to64(await createCanvasStitcher()(sources.map((s) => ({ ...s, bytes: from64(s.bytes) })), options));
	},
	async webp(width, height, b64) {
		const c = new OffscreenCanvas(width, height);
		c.getContext("2d").putImageData(new ImageData(new Uint8ClampedArray(from64(b64)), width, height), 0, 0);
		return to64(new Uint8Array(await (await c.convertToBlob({ type: "image/webp", quality: 1 })).arrayBuffer()));
	},
};
`;

type Decoded = { ok: true; width: number; height: number; data: string } | { ok: false; reason: string | null; message: string };
interface PageCodec {
	offscreen(on: boolean): void;
	decode(b64: string, mime: string): Promise<Decoded>;
	encode(width: number, height: number, b64: string): Promise<string>;
	stitch(sources: Array<{ bytes: string; mime: string; name: string }>, options: unknown): Promise<string>;
	webp(width: number, height: number, b64: string): Promise<string>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, "base64"));
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url)));

/** An opaque test card: four colored quadrants and a gradient row (exact through a lossless path). */
function card(): RgbaImage {
	const img = createImage(16, 12, [0, 0, 0]);
	fillRect(img, 0, 0, 8, 6, [220, 30, 30]);
	fillRect(img, 8, 0, 8, 6, [30, 200, 40]);
	fillRect(img, 0, 6, 8, 6, [20, 40, 230]);
	for (let x = 0; x < 16; x++) fillRect(img, x, 11, 1, 1, [x * 16, 255 - x * 16, 128]);
	return img;
}

function px(img: { width: number; data: Uint8Array }, x: number, y: number): number[] {
	const o = (y * img.width + x) * 4;
	return [...img.data.subarray(o, o + 4)];
}

describe.skipIf(!hasChromium)("the canvas codec in Chromium", () => {
	let browser: Browser;
	let page: Page;
	const call = <K extends keyof PageCodec>(k: K, ...args: Parameters<PageCodec[K]>): Promise<Awaited<ReturnType<PageCodec[K]>>> =>
		page.evaluate(
			([key, a]) => (window as unknown as { codec: Record<string, (...x: unknown[]) => unknown> }).codec[key as string]!(...(a as unknown[])) as never,
			[k, args] as const,
		) as never;

	beforeAll(async () => {
		const result = await esbuild.build({
			stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: "codec-entry.ts", loader: "ts" },
			bundle: true,
			format: "iife",
			platform: "browser",
			target: "es2020",
			write: false,
			logLevel: "silent",
		});
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
		page = await browser.newPage();
		await page.setContent("<!doctype html><html><body></body></html>");
		await page.addScriptTag({ content: result.outputFiles[0]!.text });
	}, 60_000);
	afterAll(async () => {
		await browser?.close();
	});

	for (const offscreen of [true, false]) {
		const where = offscreen ? "OffscreenCanvas" : "a <canvas> element (no OffscreenCanvas)";
		it(`decodes PNG exactly and JPEG close to ImageMagick's, and encodes PNG the CLI reads back exactly, with ${where}`, async () => {
			await call("offscreen", offscreen);
			const src = card();
			const png = await call("decode", b64(await encodePng(src)), "image/png");
			expect(png.ok && [png.width, png.height]).toEqual([16, 12]);
			expect(png.ok && bytesOf(png.data)).toEqual(src.data);

			const jpeg = await call("decode", b64(fixture("grad444.jpg")), "image/jpeg");
			if (!jpeg.ok) throw new Error(jpeg.message);
			const truth = fixture("grad444.rgb");
			const got = bytesOf(jpeg.data);
			let sum = 0;
			for (let i = 0, j = 0; j < truth.length; i += 4, j += 3) for (let c = 0; c < 3; c++) sum += Math.abs(got[i + c]! - truth[j + c]!);
			expect(jpeg.width * jpeg.height * 3).toBe(truth.length);
			expect(sum / truth.length).toBeLessThan(1.5);

			const encoded = bytesOf(await call("encode", src.width, src.height, b64(src.data)));
			expect(await decodePng(encoded)).toEqual(src);
		});
	}

	it("reads WebP (which the CLI refuses) and refuses junk with a typed reason", async () => {
		await call("offscreen", true);
		const src = card();
		const webp = await call("webp", src.width, src.height, b64(src.data));
		const img = await call("decode", webp, "image/webp");
		if (!img.ok) throw new Error(img.message);
		const got = { width: img.width, data: bytesOf(img.data) };
		for (const [x, y, want] of [
			[2, 2, [220, 30, 30]],
			[12, 2, [30, 200, 40]],
			[2, 8, [20, 40, 230]],
		] as const) {
			const [r, g, b] = px(got, x, y);
			expect(Math.abs(r! - want[0]) + Math.abs(g! - want[1]) + Math.abs(b! - want[2])).toBeLessThan(30);
		}
		const junk = await call("decode", b64(new Uint8Array(40)), "image/png");
		expect(junk).toMatchObject({ ok: false, reason: "corrupt" });
	});

	it("the canvas stitcher places the images where the core's layout says", async () => {
		const red = await encodePng(createImage(4, 4, [255, 0, 0]));
		const blue = await encodePng(createImage(4, 4, [0, 0, 255]));
		const options = { ...DEFAULT_MATRIX_STYLE, width: 22, height: 12, gap: 2, background: [10, 20, 30], labels: false, resample: "nearest" };
		const out = await decodePng(
			bytesOf(
				await call(
					"stitch",
					[
						{ bytes: b64(red), mime: "image/png", name: "a.png" },
						{ bytes: b64(blue), mime: "image/png", name: "b.png" },
					],
					options,
				),
			),
		);
		expect([out.width, out.height]).toEqual([22, 12]);
		expect(px(out, 0, 0)).toEqual([10, 20, 30, 255]);
		expect(px(out, 5, 5)).toEqual([255, 0, 0, 255]);
		expect(px(out, 15, 5)).toEqual([0, 0, 255, 255]);
	});
});
