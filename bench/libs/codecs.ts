/**
 * Image codecs: our hand-written PNG/JPEG decoders and PNG encoder (the code
 * src/core/image had, kept in baseline/) against jpeg-js and fast-png, which
 * the CLI now uses (src/cli/image-codec.ts). The plugin decodes with the canvas
 * and ships neither; the main.js rows say what that saved.
 */
import { decode as jpegDecode, encode as jpegEncode } from "jpeg-js";
import { decode as pngDecode, encode as pngEncode } from "fast-png";
import path from "node:path";
import { pathToFileURL } from "node:url";
import esbuild, { type BuildOptions } from "esbuild";
import { decodeJpeg, encodePng, decodePng } from "../../src/cli/image-codec";
import { createImage, type RgbaImage } from "../../src/core/image";
import { decodeJpeg as ownDecodeJpeg } from "./baseline/jpeg";
import { decodePng as ownDecodePng, encodePng as ownEncodePng } from "./baseline/png";
import { bundledBytes, kb, x, type Timed } from "./measure";

/**
 * main.js of commit e6fa9f9 (the last with the hand-written codecs), built as
 * `node esbuild.config.mjs production` does: the whole file, and the bytes of the
 * image modules in it (esbuild's metafile: src/core/image/*).
 */
const MAIN_JS_BEFORE = { total: 670_099, image: 25_201 };

/** Image code in main.js: the core's image modules, the plugin's canvas codec and stitcher, the image messages. */
const IMAGE_MODULES = /src\/core\/image\/|src\/obsidian\/(image-codec|canvas-stitcher)|messages\/image|ports\/image|fast-png|jpeg-js|fflate|iobuffer/;

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)]!;
}

/** `race` of measure.ts for asynchronous work (our PNG codec inflates through DecompressionStream). */
async function raceAsync(ours: () => Promise<unknown>, lib: () => Promise<unknown>, reps = 7): Promise<Timed> {
	await ours();
	await lib();
	const a: number[] = [];
	const b: number[] = [];
	for (let r = 0; r < reps; r++) {
		let t = performance.now();
		await ours();
		a.push(performance.now() - t);
		t = performance.now();
		await lib();
		b.push(performance.now() - t);
	}
	const oursMs = median(a);
	const libMs = median(b);
	return { oursMs, libMs, ratio: libMs / oursMs };
}

/** A photo-like test card: gradients, a checker and deterministic noise (compresses like a picture, not a flat fill). */
function testCard(w: number, h: number): RgbaImage {
	const img = createImage(w, h);
	let seed = 12345;
	const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) % 8;
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x++) {
			const o = (y * w + x) * 4;
			const check = ((x >> 6) + (y >> 6)) & 1 ? 40 : 0;
			img.data[o] = ((x * 255) / w + check + noise()) & 255;
			img.data[o + 1] = ((y * 255) / h + noise()) & 255;
			img.data[o + 2] = (((x + y) * 128) / (w + h) + check + noise()) & 255;
			img.data[o + 3] = 255;
		}
	}
	return img;
}

/** The plugin bundle as `node esbuild.config.mjs production` builds it, in memory: its size and that of its image code. */
async function mainJsBytes(): Promise<{ total: number; image: number }> {
	const config = (await import(pathToFileURL(path.resolve("esbuild.config.mjs")).href)) as { plugin: BuildOptions };
	const r = await esbuild.build({ ...config.plugin, minify: true, sourcemap: false, write: false, logLevel: "silent", metafile: true });
	const inputs = Object.values(r.metafile!.outputs)[0]!.inputs;
	const image = Object.entries(inputs).reduce((sum, [file, v]) => sum + (IMAGE_MODULES.test(file) ? v.bytesInOutput : 0), 0);
	return { total: r.outputFiles![0]!.contents.length, image };
}

export async function codecRows(): Promise<string[]> {
	const card = testCard(2400, 1600);
	const png = pngEncode({ width: card.width, height: card.height, data: card.data, channels: 4, depth: 8 });
	const jpeg = new Uint8Array(jpegEncode({ width: card.width, height: card.height, data: card.data }, 85).data);
	// The same answers first: both decoders agree on every PNG pixel, and JPEG within rounding.
	const [ownP, libP] = [await ownDecodePng(png), await decodePng(png)];
	if (ownP.data.some((v, i) => v !== libP.data[i])) throw new Error("the PNG decoders disagree");
	const pngDecodeT = await raceAsync(
		() => ownDecodePng(png),
		() => Promise.resolve(pngDecode(png)),
	);
	const jpegDecodeT = await raceAsync(
		() => Promise.resolve(ownDecodeJpeg(jpeg)),
		() => Promise.resolve(jpegDecode(jpeg, { useTArray: true, formatAsRGBA: true })),
	);
	const pngEncodeT = await raceAsync(
		() => ownEncodePng(card),
		() => encodePng(card),
	);
	const ownPngBytes = (await ownEncodePng(card)).length;
	const libPngBytes = (await encodePng(card)).length;
	await decodeJpeg(jpeg); // the CLI path (EXIF, limits) runs on this file too
	const oursSize = await bundledBytes(
		`export { decodePng, encodePng } from "./bench/libs/baseline/png"; export { decodeJpeg } from "./bench/libs/baseline/jpeg";`,
	);
	const libSize = await bundledBytes(`export { decode, encode } from "fast-png"; export { decode as decodeJpeg } from "jpeg-js";`);
	const after = await mainJsBytes();
	const mp = `${((card.width * card.height) / 1e6).toFixed(1)} MP`;
	return [
		`| PNG decode, ${card.width}×${card.height} RGBA (${mp}, ${kb(png.length)}) | ${pngDecodeT.oursMs.toFixed(1)} ms | ${pngDecodeT.libMs.toFixed(1)} ms (fast-png) | ${x(pngDecodeT.ratio)} | library in the CLI; canvas in the plugin |`,
		`| JPEG decode, ${card.width}×${card.height} baseline q85 (${kb(jpeg.length)}) | ${jpegDecodeT.oursMs.toFixed(1)} ms | ${jpegDecodeT.libMs.toFixed(1)} ms (jpeg-js) | ${x(jpegDecodeT.ratio)} | library in the CLI (also reads progressive); canvas in the plugin |`,
		`| PNG encode of the same image | ${pngEncodeT.oursMs.toFixed(1)} ms, ${kb(ownPngBytes)} | ${pngEncodeT.libMs.toFixed(1)} ms, ${kb(libPngBytes)} (fast-png) | ${x(pngEncodeT.ratio)} | library in the CLI; canvas in the plugin |`,
		`| Codec bundle size, minified | ${kb(oursSize)} (PNG + JPEG + zlib) | ${kb(libSize)} (fast-png + jpeg-js) | — | CLI only: main.js ships neither |`,
		`| Image code in main.js (metafile bytes: core/image, canvas codec and stitcher, image messages) | ${kb(MAIN_JS_BEFORE.image)} (e6fa9f9, own codecs) | ${kb(after.image)} now (canvas codec) | ${x(after.image / MAIN_JS_BEFORE.image)} | canvas in the plugin |`,
		`| main.js, whole file (other work changes it too) | ${kb(MAIN_JS_BEFORE.total)} (e6fa9f9) | ${kb(after.total)} now | — | — |`,
	];
}
