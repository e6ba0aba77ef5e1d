/**
 * The CLI's image codec (ports/image.ts) over kept packages: jpeg-js for JPEG
 * (baseline and progressive; pixel and memory limits) and fast-png for PNG (every
 * color type and bit depth, tRNS, Adam7). Sizes are checked from the headers
 * first, so "too large" is a typed reason, not a library message. The EXIF
 * orientation is applied, as the hand-written decoder did. WebP is refused with
 * advice (the plugin reads it with the canvas).
 */
import { decode as decodeJpegLib } from "jpeg-js";
import { decode as decodePngLib, encode as encodePngLib, type DecodedPng } from "fast-png";
import { createImage, decodeError, type ImageCodec, jpegFrame, jpegOrientation, MAX_PIXELS, orient, pngSize, type RgbaImage, sniffImage } from "../core";

const NAME = "image";

function detailOf(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

function checkPixels(width: number, height: number): void {
	if (width * height > MAX_PIXELS) throw decodeError("too-large", NAME, `${width}x${height}`);
}

/** A sample of a decoded row at its bit depth (16-bit as 0–65535, 1/2/4-bit packed MSB first). */
function sampler(png: DecodedPng): (row: number, n: number) => number {
	const d = png.data;
	const depth = png.depth;
	if (depth >= 8) return (row, n) => d[row + n]!;
	const mask = (1 << depth) - 1;
	return (row, n) => {
		const bit = n * depth;
		return (d[row + (bit >> 3)]! >> (8 - depth - (bit & 7))) & mask;
	};
}

/** fast-png's channels at any depth, palette or tRNS → 8-bit straight RGBA. */
function toRgba(png: DecodedPng): RgbaImage {
	const { width, height, channels, depth } = png;
	const img = createImage(width, height);
	const out = img.data;
	const sample = sampler(png);
	// Rows of depth < 8 are packed in bytes; depth 8 and 16 are one array element a sample.
	const stride = depth >= 8 ? width * channels : Math.ceil((width * channels * depth) / 8);
	const max = depth === 16 ? 65535 : (1 << depth) - 1;
	const to8 = (v: number): number => (depth === 16 ? v >> 8 : depth === 8 ? v : Math.round((v * 255) / max));
	const key = png.palette ? undefined : png.transparency;
	const need = stride * height;
	if (png.data.length < need) throw decodeError("corrupt", NAME, `${png.data.length} of ${need} samples`); // i18n-ignore: codec detail
	for (let y = 0; y < height; y++) {
		const row = y * stride;
		for (let x = 0; x < width; x++) {
			const o = (y * width + x) * 4;
			if (png.palette) {
				const entry = png.palette[sample(row, x)];
				if (!entry) throw decodeError("corrupt", NAME, `palette index ${sample(row, x)}`); // i18n-ignore: codec detail
				out.set([entry[0]!, entry[1]!, entry[2]!, entry[3] ?? 255], o);
				continue;
			}
			const s = Array.from({ length: channels }, (_, c) => sample(row, x * channels + c));
			const [r, g, b] = channels >= 3 ? [s[0]!, s[1]!, s[2]!] : [s[0]!, s[0]!, s[0]!];
			const keyed = key && (channels === 1 ? key[0] === s[0] : channels === 3 && key[0] === r && key[1] === g && key[2] === b);
			const alpha = channels === 2 || channels === 4 ? to8(s[channels - 1]!) : keyed ? 0 : 255;
			out.set([to8(r), to8(g), to8(b), alpha], o);
		}
	}
	return img;
}

/** Decodes PNG bytes into RGBA (throws ImageDecodeError). */
export async function decodePng(bytes: Uint8Array): Promise<RgbaImage> {
	await Promise.resolve();
	const size = pngSize(bytes);
	if (!size) throw decodeError("unsupported", NAME);
	checkPixels(size.width, size.height);
	let png: DecodedPng;
	try {
		png = decodePngLib(bytes, { checkCrc: true });
	} catch (err) {
		throw decodeError("corrupt", NAME, detailOf(err));
	}
	return toRgba(png);
}

/** Decodes JPEG bytes into opaque RGBA, turned by the EXIF orientation (throws ImageDecodeError). */
export async function decodeJpeg(bytes: Uint8Array): Promise<RgbaImage> {
	await Promise.resolve();
	const frame = jpegFrame(bytes);
	if (!frame) throw decodeError("corrupt", NAME, "no frame header"); // i18n-ignore: codec detail
	if (frame.coding === "other") throw decodeError("unsupported", NAME, "arithmetic-coded, lossless or hierarchical JPEG"); // i18n-ignore: codec detail
	checkPixels(frame.width, frame.height);
	let raw: { width: number; height: number; data: Uint8Array };
	try {
		raw = decodeJpegLib(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
	} catch (err) {
		throw decodeError("corrupt", NAME, detailOf(err));
	}
	return orient({ width: raw.width, height: raw.height, data: raw.data }, jpegOrientation(bytes));
}

/** Encodes RGBA as PNG: RGB when every pixel is opaque, RGBA otherwise. */
export async function encodePng(img: RgbaImage): Promise<Uint8Array> {
	await Promise.resolve();
	const { width, height, data } = img;
	let opaque = true;
	for (let i = 3; i < data.length && opaque; i += 4) opaque = data[i] === 255;
	if (!opaque) return encodePngLib({ width, height, data, channels: 4, depth: 8 });
	const rgb = new Uint8Array(width * height * 3);
	for (let i = 0, j = 0; i < data.length; i += 4, j += 3) rgb.set(data.subarray(i, i + 3), j);
	return encodePngLib({ width, height, data: rgb, channels: 3, depth: 8 });
}

/** The CLI's codec: the type is taken from the bytes (the mime is a hint; names lie). */
export const nodeImageCodec: ImageCodec = {
	decode(bytes) {
		const kind = sniffImage(bytes);
		if (kind === "image/png") return decodePng(bytes);
		if (kind === "image/jpeg") return decodeJpeg(bytes);
		return Promise.reject(decodeError("unsupported", NAME, kind ?? undefined));
	},
	encodePng,
};
