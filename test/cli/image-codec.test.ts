/**
 * The CLI's image codec (jpeg-js, fast-png): round trips, every PNG color type
 * and bit depth, JPEG against ImageMagick's decode, progressive JPEG, EXIF
 * orientation, and typed errors for damaged, truncated, huge and unknown files.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeJpeg, decodePng, encodePng, nodeImageCodec } from "../../src/cli/image-codec";
import { createImage, ImageDecodeError, pngSize, sniffImage, type ImageDecodeReason, type RgbaImage } from "../../src/core/image";
import { setLanguage } from "../../src/core/i18n";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url)));
/** A progressive JPEG (Node.js documentation image, 493×58: a green bar over white, the Node logo). */
const PROGRESSIVE = new Uint8Array(readFileSync(new URL("../core/image/fixtures/progressive.jpg", import.meta.url)));

const CRC = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
	return ~c >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
	let off = 0;
	for (const p of parts) {
		out.set(p, off);
		off += p.length;
	}
	return out;
}

/** One PNG chunk: length, type, body, CRC. */
function chunk(type: string, body: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + body.length);
	const dv = new DataView(out.buffer);
	dv.setUint32(0, body.length);
	for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
	out.set(body, 8);
	dv.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
	return out;
}

async function zlib(raw: Uint8Array): Promise<Uint8Array> {
	const s = new Blob([new Uint8Array(raw)]).stream().pipeThrough(new CompressionStream("deflate"));
	return new Uint8Array(await new Response(s).arrayBuffer());
}

/** Builds a PNG by hand: IHDR, optional PLTE/tRNS, filter-0 rows. */
async function handPng(w: number, h: number, depth: number, color: number, rows: number[][], extra: Uint8Array[] = [], interlace = 0): Promise<Uint8Array> {
	const ihdr = new Uint8Array(13);
	const dv = new DataView(ihdr.buffer);
	dv.setUint32(0, w);
	dv.setUint32(4, h);
	ihdr.set([depth, color, 0, 0, interlace], 8);
	const raw = concat(rows.map((r) => new Uint8Array([0, ...r])));
	const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return concat([signature, chunk("IHDR", ihdr), ...extra, chunk("IDAT", await zlib(raw)), chunk("IEND", new Uint8Array(0))]);
}

function px(img: RgbaImage, x: number, y: number): number[] {
	const o = (y * img.width + x) * 4;
	return [...img.data.subarray(o, o + 4)];
}

async function reason(p: Promise<unknown>): Promise<ImageDecodeReason | string> {
	try {
		await p;
		return "decoded";
	} catch (err) {
		return err instanceof ImageDecodeError ? err.reason : `other: ${String(err)}`;
	}
}

describe("PNG (fast-png)", () => {
	it("round-trips an opaque image exactly (written as RGB) and a translucent one (RGBA)", async () => {
		const img = createImage(7, 5);
		for (let i = 0; i < img.data.length; i += 4) img.data.set([(i * 7) & 255, (i * 13) & 255, (i * 29) & 255, 255], i);
		const png = await encodePng(img);
		expect(png[25]).toBe(2); // color type RGB
		expect(pngSize(png)).toEqual({ width: 7, height: 5 });
		expect(await decodePng(png)).toEqual(img);
		img.data[3] = 10;
		const png2 = await encodePng(img);
		expect(png2[25]).toBe(6);
		expect(await decodePng(png2)).toEqual(img);
	});

	it("reads gray 1-bit, palette 2-bit with tRNS, gray+alpha, 16-bit RGB, gray 4-bit with a tRNS key and RGB with a key", async () => {
		const g1 = await decodePng(await handPng(3, 1, 1, 0, [[0b10100000]]));
		expect([px(g1, 0, 0), px(g1, 1, 0), px(g1, 2, 0)]).toEqual([
			[255, 255, 255, 255],
			[0, 0, 0, 255],
			[255, 255, 255, 255],
		]);
		const plte = chunk("PLTE", new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]));
		const p2 = await decodePng(await handPng(3, 1, 2, 3, [[0b00011000]], [plte, chunk("tRNS", new Uint8Array([128]))]));
		expect([px(p2, 0, 0), px(p2, 1, 0), px(p2, 2, 0)]).toEqual([
			[255, 0, 0, 128],
			[0, 255, 0, 255],
			[0, 0, 255, 255],
		]);
		const p8 = await decodePng(await handPng(2, 1, 8, 3, [[2, 1]], [plte]));
		expect([px(p8, 0, 0), px(p8, 1, 0)]).toEqual([
			[0, 0, 255, 255],
			[0, 255, 0, 255],
		]);
		const ga = await decodePng(await handPng(1, 1, 8, 4, [[77, 99]]));
		expect(px(ga, 0, 0)).toEqual([77, 77, 77, 99]);
		const rgb16 = await decodePng(await handPng(1, 1, 16, 2, [[0x12, 0x34, 0xab, 0xcd, 0xff, 0xff]]));
		expect(px(rgb16, 0, 0)).toEqual([0x12, 0xab, 0xff, 255]);
		const rgba16 = await decodePng(await handPng(1, 1, 16, 6, [[0x12, 0x34, 0xab, 0xcd, 0xff, 0xff, 0x80, 0x00]]));
		expect(px(rgba16, 0, 0)).toEqual([0x12, 0xab, 0xff, 0x80]);
		const g4 = await decodePng(await handPng(2, 1, 4, 0, [[0xf5]], [chunk("tRNS", new Uint8Array([0, 5]))]));
		expect([px(g4, 0, 0), px(g4, 1, 0)]).toEqual([
			[255, 255, 255, 255],
			[85, 85, 85, 0],
		]);
		// fast-png 8.0 wrongly refuses an RGB tRNS key on images of fewer than 3 pixels; 3 is enough.
		const keyed = await decodePng(await handPng(3, 1, 8, 2, [[1, 2, 3, 4, 5, 6, 7, 8, 9]], [chunk("tRNS", new Uint8Array([0, 4, 0, 5, 0, 6]))]));
		expect([px(keyed, 0, 0), px(keyed, 1, 0), px(keyed, 2, 0)]).toEqual([
			[1, 2, 3, 255],
			[4, 5, 6, 0],
			[7, 8, 9, 255],
		]);
	});

	it("reads an Adam7-interlaced file (the hand-written decoder refused them)", async () => {
		// A 1×1 image has one pass with pixels, so its rows are those of a plain file.
		const inter = await decodePng(await handPng(1, 1, 8, 0, [[5]], [], 1));
		expect(px(inter, 0, 0)).toEqual([5, 5, 5, 255]);
	});

	it("refuses damaged, truncated and oversized files with a typed reason", async () => {
		const png = await encodePng(createImage(2, 2, [1, 2, 3]));
		const bad = png.slice();
		bad[20] = (bad[20] ?? 0) ^ 1; // inside IHDR: the CRC no longer matches
		expect(await reason(decodePng(bad))).toBe("corrupt");
		expect(await reason(decodePng(png.slice(0, 30)))).toBe("corrupt");
		expect(await reason(decodePng(png.slice(0, png.length - 20)))).toBe("corrupt");
		const huge = await handPng(1, 1, 8, 0, [[5]]);
		new DataView(huge.buffer).setUint32(16, 100_000); // 100,000 × 1,000 would be 100 megapixels
		new DataView(huge.buffer).setUint32(20, 1_000);
		expect(await reason(decodePng(huge))).toBe("too-large");
	});
});

describe("JPEG (jpeg-js) against ImageMagick's decode", () => {
	// [file, mean error bound, max error bound]: libjpeg (ImageMagick) and jpeg-js both
	// upsample chroma smoothly, so every file stays close to the reference.
	const cases: Array<[string, number, number]> = [
		["grad444.jpg", 1.5, 8],
		["gray.jpg", 1.5, 8],
		["block422.jpg", 4, 96],
		["block420.jpg", 8, 96],
	];
	for (const [name, mean, max] of cases) {
		it(`${name} decodes within a small error of the reference`, async () => {
			const img = await decodeJpeg(fixture(name));
			const truth = fixture(name.replace(".jpg", ".rgb"));
			expect(img.width * img.height * 3).toBe(truth.length);
			let maxErr = 0;
			let sum = 0;
			for (let i = 0, j = 0; j < truth.length; i += 4, j += 3) {
				for (let c = 0; c < 3; c++) {
					const e = Math.abs(img.data[i + c]! - truth[j + c]!);
					maxErr = Math.max(maxErr, e);
					sum += e;
				}
				expect(img.data[i + 3]).toBe(255);
			}
			expect(sum / truth.length).toBeLessThan(mean);
			expect(maxErr).toBeLessThan(max);
		});
	}

	it("reads a progressive JPEG (the hand-written decoder refused them)", async () => {
		const img = await decodeJpeg(PROGRESSIVE);
		expect([img.width, img.height]).toEqual([493, 58]);
		const [r, g, b, a] = px(img, 10, 1); // the green bar along the top
		expect(g! - r!).toBeGreaterThan(40);
		expect(g! - b!).toBeGreaterThan(40);
		expect(a).toBe(255);
		for (const [x, y] of [
			[246, 29],
			[50, 40],
			[492, 57],
		] as const)
			for (const v of px(img, x, y)) expect(v).toBeGreaterThan(240);
	});

	it("applies the EXIF orientation, as the hand-written decoder did", async () => {
		const plain = await decodeJpeg(fixture("block422.jpg"));
		const src = fixture("block422.jpg");
		// APP1 "Exif\0\0", big-endian TIFF header, one IFD entry: orientation (0x0112) = 6 (turn 90° clockwise).
		const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0];
		const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
		const app1 = new Uint8Array([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255, ...body]);
		const turned = await decodeJpeg(concat([src.subarray(0, 2), app1, src.subarray(2)]));
		expect([turned.width, turned.height]).toEqual([plain.height, plain.width]);
		for (const [x, y] of [
			[0, 0],
			[3, 7],
			[20, 34],
		] as const)
			expect(px(turned, x, y)).toEqual(px(plain, y, plain.height - 1 - x));
	});

	it("refuses truncated and unknown files with a typed reason and a message in the reader's language", async () => {
		const jpeg = fixture("grad444.jpg");
		expect(await reason(decodeJpeg(jpeg.slice(0, 10)))).toBe("corrupt");
		expect(await reason(decodeJpeg(jpeg.slice(0, jpeg.length - 60)))).toBe("corrupt");
		const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0, 0]);
		expect(sniffImage(webp)).toBe("image/webp");
		expect(await reason(nodeImageCodec.decode(webp, "image/webp"))).toBe("unsupported");
		expect(await reason(nodeImageCodec.decode(new Uint8Array(20), "image/png"))).toBe("unsupported");
		try {
			setLanguage("zh");
			await expect(nodeImageCodec.decode(new Uint8Array(20), "image/png")).rejects.toThrow(/请转换为 PNG 或 JPEG/);
			await expect(nodeImageCodec.decode(webp, "image/webp")).rejects.toThrow(/命令行不支持拼接 WebP/);
		} finally {
			setLanguage("en");
		}
		await expect(nodeImageCodec.decode(webp, "image/webp")).rejects.toThrow(/^image: WebP images are not supported for stitching in the CLI/);
		await expect(nodeImageCodec.decode(new Uint8Array(20), "image/png")).rejects.toThrow(
			/^image is not an image this platform can read .*convert it to PNG or JPEG$/,
		);
	});
});
