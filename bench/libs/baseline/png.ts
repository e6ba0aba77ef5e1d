// Baseline for bench/libs/codecs.ts: src/core/image/png.ts as it was before the codecs became a port (git show e6fa9f9:src/core/image/png.ts). Not shipped.
/**
 * PNG decode and encode in pure TypeScript (zlib through the platform streams).
 * Decodes every standard color type (gray, RGB, palette, gray+alpha, RGBA) at
 * every bit depth (1, 2, 4, 8, 16), with tRNS transparency, non-interlaced.
 * Adam7-interlaced files are refused with a clear message. Encodes 8-bit RGB or
 * RGBA with per-row adaptive filtering.
 */
import { createImage, ImageError, MAX_PIXELS, type RgbaImage } from "./raster";
import { deflate, inflate } from "./zlib";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, seed = 0): number {
	let c = ~seed >>> 0;
	for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
	return ~c >>> 0;
}

function u32(b: Uint8Array, o: number): number {
	return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function isPng(bytes: Uint8Array): boolean {
	return bytes.length >= 8 && SIGNATURE.every((v, i) => bytes[i] === v);
}

interface Header {
	width: number;
	height: number;
	depth: number;
	color: number;
	interlace: number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the per-row filters in place; returns the raw rows without filter bytes. */
function unfilter(data: Uint8Array, h: Header): Uint8Array {
	const channels = CHANNELS[h.color]!;
	const bitsPerPixel = channels * h.depth;
	const bpp = Math.max(1, bitsPerPixel >> 3);
	const stride = Math.ceil((h.width * bitsPerPixel) / 8);
	if (data.length < (stride + 1) * h.height) throw new ImageError(`PNG image data is truncated (${data.length} of ${(stride + 1) * h.height} bytes)`);
	const out = new Uint8Array(stride * h.height);
	for (let y = 0; y < h.height; y++) {
		const type = data[y * (stride + 1)]!;
		const src = y * (stride + 1) + 1;
		const row = y * stride;
		const prev = row - stride;
		for (let x = 0; x < stride; x++) {
			const raw = data[src + x]!;
			const a = x >= bpp ? out[row + x - bpp]! : 0;
			const b = y > 0 ? out[prev + x]! : 0;
			const c = x >= bpp && y > 0 ? out[prev + x - bpp]! : 0;
			let v: number;
			switch (type) {
				case 0:
					v = raw;
					break;
				case 1:
					v = raw + a;
					break;
				case 2:
					v = raw + b;
					break;
				case 3:
					v = raw + ((a + b) >> 1);
					break;
				case 4:
					v = raw + paeth(a, b, c);
					break;
				default:
					throw new ImageError(`PNG row ${y} has an unknown filter type ${type}`);
			}
			out[row + x] = v & 0xff;
		}
	}
	return out;
}

/** Decodes a PNG file into 8-bit RGBA. */
export async function decodePng(bytes: Uint8Array): Promise<RgbaImage> {
	if (!isPng(bytes)) throw new ImageError("not a PNG file");
	let pos = 8;
	let header: Header | undefined;
	let palette: Uint8Array | undefined;
	let trns: Uint8Array | undefined;
	const idat: Uint8Array[] = [];
	let idatLength = 0;
	let ended = false;
	while (pos + 12 <= bytes.length) {
		const len = u32(bytes, pos);
		const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
		const start = pos + 8;
		const end = start + len;
		if (end + 4 > bytes.length) throw new ImageError(`PNG chunk ${type} is truncated`);
		if (crc32(bytes, pos + 4, end) !== u32(bytes, end)) throw new ImageError(`PNG chunk ${type} is corrupt (CRC mismatch)`);
		const body = bytes.subarray(start, end);
		if (type === "IHDR") {
			if (len !== 13) throw new ImageError("PNG header is malformed");
			header = { width: u32(body, 0), height: u32(body, 4), depth: body[8]!, color: body[9]!, interlace: body[12]! };
		} else if (type === "PLTE") palette = body;
		else if (type === "tRNS") trns = body;
		else if (type === "IDAT") {
			idat.push(body);
			idatLength += len;
		} else if (type === "IEND") {
			ended = true;
			break;
		}
		pos = end + 4;
	}
	if (!header) throw new ImageError("PNG has no header (IHDR)");
	const h = header;
	if (!DEPTHS[h.color]?.includes(h.depth)) throw new ImageError(`PNG color type ${h.color} with bit depth ${h.depth} is not valid`);
	if (h.width < 1 || h.height < 1 || h.width * h.height > MAX_PIXELS) throw new ImageError(`PNG of ${h.width}x${h.height} pixels is too large or empty`);
	if (h.interlace !== 0) {
		throw new ImageError("interlaced (Adam7) PNG images are not supported for stitching; save the image again without interlacing");
	}
	if (h.color === 3 && !palette) throw new ImageError("palette PNG has no palette (PLTE)");
	if (!idatLength) throw new ImageError(`PNG has no image data${ended ? "" : " (the file is truncated)"}`);
	const compressed = new Uint8Array(idatLength);
	let off = 0;
	for (const c of idat) {
		compressed.set(c, off);
		off += c.length;
	}
	const raw = unfilter(await inflate(compressed), h);
	return toRgba(raw, h, palette, trns);
}

function toRgba(raw: Uint8Array, h: Header, palette: Uint8Array | undefined, trns: Uint8Array | undefined): RgbaImage {
	const img = createImage(h.width, h.height);
	const d = img.data;
	const channels = CHANNELS[h.color]!;
	const stride = Math.ceil((h.width * channels * h.depth) / 8);
	const maxv = (1 << h.depth) - 1;
	// Sample n of a row at the file's bit depth (16-bit samples as full values).
	const sample = (row: number, n: number): number => {
		if (h.depth === 8) return raw[row + n]!;
		if (h.depth === 16) return (raw[row + n * 2]! << 8) | raw[row + n * 2 + 1]!;
		const bit = n * h.depth;
		return (raw[row + (bit >> 3)]! >> (8 - h.depth - (bit & 7))) & maxv;
	};
	const to8 = (v: number): number => (h.depth === 16 ? v >> 8 : h.depth === 8 ? v : Math.round((v * 255) / maxv));
	const trnsGray = trns && h.color === 0 && trns.length >= 2 ? (trns[0]! << 8) | trns[1]! : -1;
	const trnsRgb = trns && h.color === 2 && trns.length >= 6 ? [(trns[0]! << 8) | trns[1]!, (trns[2]! << 8) | trns[3]!, (trns[4]! << 8) | trns[5]!] : undefined;
	for (let y = 0; y < h.height; y++) {
		const row = y * stride;
		for (let x = 0; x < h.width; x++) {
			const o = (y * h.width + x) * 4;
			if (h.color === 0) {
				const v = sample(row, x);
				const g = to8(v);
				d[o] = g;
				d[o + 1] = g;
				d[o + 2] = g;
				d[o + 3] = v === trnsGray ? 0 : 255;
			} else if (h.color === 2) {
				const r = sample(row, x * 3);
				const g = sample(row, x * 3 + 1);
				const b = sample(row, x * 3 + 2);
				d[o] = to8(r);
				d[o + 1] = to8(g);
				d[o + 2] = to8(b);
				d[o + 3] = trnsRgb && r === trnsRgb[0] && g === trnsRgb[1] && b === trnsRgb[2] ? 0 : 255;
			} else if (h.color === 3) {
				const i = sample(row, x);
				if (i * 3 + 2 >= palette!.length) throw new ImageError(`PNG palette index ${i} is out of range`);
				d[o] = palette![i * 3]!;
				d[o + 1] = palette![i * 3 + 1]!;
				d[o + 2] = palette![i * 3 + 2]!;
				d[o + 3] = trns && i < trns.length ? trns[i]! : 255;
			} else if (h.color === 4) {
				const g = to8(sample(row, x * 2));
				d[o] = g;
				d[o + 1] = g;
				d[o + 2] = g;
				d[o + 3] = to8(sample(row, x * 2 + 1));
			} else {
				d[o] = to8(sample(row, x * 4));
				d[o + 1] = to8(sample(row, x * 4 + 1));
				d[o + 2] = to8(sample(row, x * 4 + 2));
				d[o + 3] = to8(sample(row, x * 4 + 3));
			}
		}
	}
	return img;
}

/** One PNG chunk: length, type, body and CRC. */
export function chunk(type: string, body: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + body.length);
	const dv = new DataView(out.buffer);
	dv.setUint32(0, body.length);
	for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
	out.set(body, 8);
	dv.setUint32(8 + body.length, crc32(out, 4, 8 + body.length));
	return out;
}

/** Filters every row with the filter that minimizes the sum of absolute values (the libpng heuristic). */
function filterRows(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array {
	const out = new Uint8Array((stride + 1) * height);
	const cand = [0, 1, 2, 3, 4].map(() => new Uint8Array(stride));
	for (let y = 0; y < height; y++) {
		const row = y * stride;
		let best = 0;
		let bestSum = Infinity;
		for (let t = 0; t < 5; t++) {
			const c = cand[t]!;
			let sum = 0;
			for (let x = 0; x < stride; x++) {
				const v = raw[row + x]!;
				const a = x >= bpp ? raw[row + x - bpp]! : 0;
				const b = y > 0 ? raw[row - stride + x]! : 0;
				const cc = x >= bpp && y > 0 ? raw[row - stride + x - bpp]! : 0;
				const f = t === 0 ? v : t === 1 ? v - a : t === 2 ? v - b : t === 3 ? v - ((a + b) >> 1) : v - paeth(a, b, cc);
				const byte = f & 0xff;
				c[x] = byte;
				sum += byte < 128 ? byte : 256 - byte;
				if (sum >= bestSum) break;
			}
			if (sum < bestSum) {
				bestSum = sum;
				best = t;
			}
		}
		out[y * (stride + 1)] = best;
		// Recompute the chosen row fully (the loop above may have stopped early).
		for (let x = 0; x < stride; x++) {
			const v = raw[row + x]!;
			const a = x >= bpp ? raw[row + x - bpp]! : 0;
			const b = y > 0 ? raw[row - stride + x]! : 0;
			const cc = x >= bpp && y > 0 ? raw[row - stride + x - bpp]! : 0;
			const f = best === 0 ? v : best === 1 ? v - a : best === 2 ? v - b : best === 3 ? v - ((a + b) >> 1) : v - paeth(a, b, cc);
			out[y * (stride + 1) + 1 + x] = f & 0xff;
		}
	}
	return out;
}

/** Encodes 8-bit RGBA as PNG: RGB when every pixel is opaque, RGBA otherwise. */
export async function encodePng(img: RgbaImage): Promise<Uint8Array> {
	const { width, height, data } = img;
	let opaque = true;
	for (let i = 3; i < data.length; i += 4) {
		if (data[i] !== 255) {
			opaque = false;
			break;
		}
	}
	const channels = opaque ? 3 : 4;
	const stride = width * channels;
	let raw: Uint8Array;
	if (opaque) {
		raw = new Uint8Array(stride * height);
		for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
			raw[j] = data[i]!;
			raw[j + 1] = data[i + 1]!;
			raw[j + 2] = data[i + 2]!;
		}
	} else raw = data;
	const idat = await deflate(filterRows(raw, stride, height, channels));
	return assemblePng(width, height, opaque ? 2 : 6, idat);
}

/** Signature, IHDR (8-bit, the given color type), one IDAT and IEND. */
function assemblePng(width: number, height: number, colorType: number, idat: Uint8Array): Uint8Array {
	const ihdr = new Uint8Array(13);
	const dv = new DataView(ihdr.buffer);
	dv.setUint32(0, width);
	dv.setUint32(4, height);
	ihdr[8] = 8;
	ihdr[9] = colorType;
	const parts = [new Uint8Array(SIGNATURE), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", new Uint8Array(0))];
	const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
	let off = 0;
	for (const p of parts) {
		out.set(p, off);
		off += p.length;
	}
	return out;
}

/** Width and height from a PNG header without decoding the pixels. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
	if (!isPng(bytes) || bytes.length < 24) return undefined;
	return { width: u32(bytes, 16), height: u32(bytes, 20) };
}

/**
 * Encodes 8-bit RGBA as PNG synchronously, with stored (uncompressed) deflate
 * blocks: larger files, but no CompressionStream needed (the simulator's
 * synchronous handler, tests).
 */
export function encodePngStored(img: RgbaImage): Uint8Array {
	const { width, height, data } = img;
	const stride = width * 4;
	const raw = new Uint8Array((stride + 1) * height);
	for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
	const blocks = Math.max(1, Math.ceil(raw.length / 65535));
	const z = new Uint8Array(2 + raw.length + blocks * 5 + 4);
	z[0] = 0x78;
	z[1] = 0x01;
	let o = 2;
	for (let b = 0; b < blocks; b++) {
		const start = b * 65535;
		const len = Math.min(65535, raw.length - start);
		z[o++] = b === blocks - 1 ? 1 : 0;
		z[o++] = len & 255;
		z[o++] = len >> 8;
		z[o++] = ~len & 255;
		z[o++] = (~len >> 8) & 255;
		z.set(raw.subarray(start, start + len), o);
		o += len;
	}
	let a = 1;
	let bsum = 0;
	for (let i = 0; i < raw.length; i++) {
		a = (a + raw[i]!) % 65521;
		bsum = (bsum + a) % 65521;
	}
	const adler = ((bsum << 16) | a) >>> 0;
	new DataView(z.buffer).setUint32(o, adler);
	return assemblePng(width, height, 6, z);
}
