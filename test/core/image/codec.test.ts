/** PNG and JPEG codecs of the pure-JS image path: round trips, every PNG color type, JPEG against ImageMagick's decode. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crc32, decodeImage, decodeJpeg, decodePng, encodePng, ImageError, isWebp, pngSize, sniffImage } from "../../../src/core/image";
import { chunk, encodePngStored } from "../../../src/core/image/png";
import { createImage } from "../../../src/core/image/raster";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/images/${name}`, import.meta.url)));

async function zlib(raw: Uint8Array): Promise<Uint8Array> {
	const s = new Blob([new Uint8Array(raw)]).stream().pipeThrough(new CompressionStream("deflate"));
	return new Uint8Array(await new Response(s).arrayBuffer());
}

/** Builds a PNG by hand: IHDR, optional PLTE/tRNS, filter-0 rows. */
async function handPng(w: number, h: number, depth: number, color: number, rows: number[][], extra: Uint8Array[] = []): Promise<Uint8Array> {
	const ihdr = new Uint8Array(13);
	const dv = new DataView(ihdr.buffer);
	dv.setUint32(0, w);
	dv.setUint32(4, h);
	ihdr[8] = depth;
	ihdr[9] = color;
	const raw = new Uint8Array(rows.reduce((s, r) => s + r.length + 1, 0));
	let o = 0;
	for (const r of rows) {
		raw[o++] = 0;
		raw.set(r, o);
		o += r.length;
	}
	const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), ...extra, chunk("IDAT", await zlib(raw)), chunk("IEND", new Uint8Array(0))];
	const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
	let off = 0;
	for (const p of parts) {
		out.set(p, off);
		off += p.length;
	}
	return out;
}

function px(img: { width: number; data: Uint8Array }, x: number, y: number): number[] {
	const o = (y * img.width + x) * 4;
	return [...img.data.subarray(o, o + 4)];
}

describe("PNG", () => {
	it("round-trips an opaque image exactly (RGB) and a translucent one (RGBA)", async () => {
		const img = createImage(7, 5);
		for (let i = 0; i < img.data.length; i += 4) {
			img.data[i] = (i * 7) & 255;
			img.data[i + 1] = (i * 13) & 255;
			img.data[i + 2] = (i * 29) & 255;
			img.data[i + 3] = 255;
		}
		const png = await encodePng(img);
		expect(png[25]).toBe(2); // color type RGB
		expect(pngSize(png)).toEqual({ width: 7, height: 5 });
		expect(await decodePng(png)).toEqual(img);
		img.data[3] = 10;
		const png2 = await encodePng(img);
		expect(png2[25]).toBe(6);
		expect(await decodePng(png2)).toEqual(img);
	});

	it("the synchronous stored-block encoder writes a PNG the decoder reads back", async () => {
		const img = createImage(200, 100, [10, 200, 30]);
		img.data[0] = 255;
		const png = encodePngStored(img);
		expect(sniffImage(png)).toBe("image/png");
		expect(await decodePng(png)).toEqual(img);
	});

	it("reads gray 1-bit, palette 2-bit with tRNS, gray+alpha and 16-bit RGB", async () => {
		const g1 = await decodePng(await handPng(3, 1, 1, 0, [[0b10100000]]));
		expect([px(g1, 0, 0), px(g1, 1, 0), px(g1, 2, 0)]).toEqual([
			[255, 255, 255, 255],
			[0, 0, 0, 255],
			[255, 255, 255, 255],
		]);
		const plte = chunk("PLTE", new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]));
		const trns = chunk("tRNS", new Uint8Array([128]));
		const p2 = await decodePng(await handPng(3, 1, 2, 3, [[0b00011000]], [plte, trns]));
		expect([px(p2, 0, 0), px(p2, 1, 0), px(p2, 2, 0)]).toEqual([
			[255, 0, 0, 128],
			[0, 255, 0, 255],
			[0, 0, 255, 255],
		]);
		const ga = await decodePng(await handPng(1, 1, 8, 4, [[77, 99]]));
		expect(px(ga, 0, 0)).toEqual([77, 77, 77, 99]);
		const rgb16 = await decodePng(await handPng(1, 1, 16, 2, [[0x12, 0x34, 0xab, 0xcd, 0xff, 0xff]]));
		expect(px(rgb16, 0, 0)).toEqual([0x12, 0xab, 0xff, 255]);
	});

	it("refuses corrupt and interlaced files with a message", async () => {
		const png = await encodePng(createImage(2, 2, [1, 2, 3]));
		const bad = png.slice();
		bad[20] = (bad[20] ?? 0) ^ 1;
		await expect(decodePng(bad)).rejects.toThrow(/CRC mismatch/);
		await expect(decodePng(png.slice(0, 30))).rejects.toThrow(ImageError);
		const inter = await handPng(1, 1, 8, 0, [[5]]);
		// Set the interlace byte and fix the IHDR CRC.
		const fixed = inter.slice();
		fixed[28] = 1;
		new DataView(fixed.buffer).setUint32(29, crc32(fixed, 12, 29));
		await expect(decodePng(fixed)).rejects.toThrow(/interlaced/);
	});
});

describe("JPEG (baseline) against ImageMagick's decode", () => {
	// [file, mean error bound]: libjpeg (ImageMagick) uses "fancy" (triangle) chroma
	// upsampling; ours replicates, so 4:2:x files differ along chroma edges only.
	const cases: Array<[string, number]> = [
		["grad444.jpg", 1.5],
		["gray.jpg", 1.5],
		["block422.jpg", 4],
		["block420.jpg", 8],
	];
	for (const [name, bound] of cases) {
		it(`${name} decodes within a small error of the reference`, () => {
			const img = decodeJpeg(fixture(name));
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
			expect(sum / truth.length).toBeLessThan(bound);
			expect(maxErr).toBeLessThan(bound < 2 ? 8 : 96);
		});
	}

	it("sniffs types and refuses WebP for pure-JS decoding with advice", async () => {
		const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0, 0]);
		expect(isWebp(webp)).toBe(true);
		expect(sniffImage(webp)).toBe("image/webp");
		expect(sniffImage(fixture("gray.jpg"))).toBe("image/jpeg");
		expect(sniffImage(new TextEncoder().encode("GIF89a......"))).toBeNull();
		await expect(decodeImage(webp, "x.webp")).rejects.toThrow(/x\.webp: WebP .* convert the image to PNG or JPEG/);
		await expect(decodeImage(new Uint8Array(20), "junk.png")).rejects.toThrow(/junk\.png is not a PNG, JPEG or WebP image/);
	});
});
