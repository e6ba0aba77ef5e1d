/** EXIF orientation (src/core/image/orient.ts): the tag read from a JPEG's APP1 segment, and the turn or flip applied. */
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { jpegOrientation, orient } from "../../../src/core/image/orient";
import type { RgbaImage } from "../../../src/ports/image";

/** SOI, an APP1 Exif segment whose first IFD has the orientation tag (big- or little-endian TIFF), then SOS. */
function exifJpeg(orientation: number, little: boolean, extraEntries = 0): Uint8Array {
	const u16 = (v: number) => (little ? [v & 255, v >> 8] : [v >> 8, v & 255]);
	const u32 = (v: number) => (little ? [v & 255, (v >> 8) & 255, (v >> 16) & 255, v >>> 24] : [v >>> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255]);
	const entry = (tag: number, value: number) => [...u16(tag), ...u16(3), ...u32(1), ...u16(value), 0, 0];
	const entries = [...Array.from({ length: extraEntries }, (_, i) => entry(0x0100 + i, 7)), entry(0x0112, orientation)].flat();
	const tiff = [...(little ? [0x49, 0x49, 42, 0] : [0x4d, 0x4d, 0, 42]), ...u32(8), ...u16(entries.length / 12), ...entries, ...u32(0)];
	const seg = [..."Exif".split("").map((c) => c.charCodeAt(0)), 0, 0, ...tiff];
	const len = seg.length + 2;
	return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, len >> 8, len & 255, ...seg, 0xff, 0xda, 0, 2]);
}

/** A W×H image whose pixel (x, y) has red x and green y. */
function grid(w: number, h: number): RgbaImage {
	const data = new Uint8Array(w * h * 4);
	for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x, y, 0, 255], (y * w + x) * 4);
	return { width: w, height: h, data };
}
const at = (img: RgbaImage, x: number, y: number) => [img.data[(y * img.width + x) * 4], img.data[(y * img.width + x) * 4 + 1]];

describe("jpegOrientation", () => {
	it("reads the tag in big- and little-endian EXIF, after other IFD entries", () => {
		for (let o = 1; o <= 8; o++) {
			expect(jpegOrientation(exifJpeg(o, false))).toBe(o);
			expect(jpegOrientation(exifJpeg(o, true, 3))).toBe(o);
		}
	});

	it("is 1 without EXIF (a plain encoded JPEG), for values outside 1–8, and for a segment cut short", () => {
		const plain = new Uint8Array(jpeg.encode({ width: 2, height: 2, data: Buffer.alloc(16, 128) }, 80).data);
		expect(jpegOrientation(plain)).toBe(1);
		expect(jpegOrientation(exifJpeg(9, false))).toBe(1);
		expect(jpegOrientation(exifJpeg(0, true))).toBe(1);
		expect(jpegOrientation(exifJpeg(6, false).subarray(0, 20))).toBe(1);
	});
});

describe("orient", () => {
	const img = grid(3, 2);

	it("leaves orientation 1 (and unknown values) as they are", () => {
		expect(orient(img, 1)).toBe(img);
		expect(orient(img, 9)).toBe(img);
	});

	it("turns and flips so the camera's top-left ends at the top-left", () => {
		// 2: mirrored left-right; 3: turned 180°; 4: mirrored top-bottom.
		expect(at(orient(img, 2), 0, 0)).toEqual([2, 0]);
		expect(at(orient(img, 3), 0, 0)).toEqual([2, 1]);
		expect(at(orient(img, 4), 0, 0)).toEqual([0, 1]);
		// 5–8 swap width and height. 6: turned 90° clockwise, so the old bottom-left is the new top-left.
		const six = orient(img, 6);
		expect([six.width, six.height]).toEqual([2, 3]);
		expect(at(six, 0, 0)).toEqual([0, 1]);
		expect(at(six, 1, 0)).toEqual([0, 0]);
		// 8: turned 90° counter-clockwise, so the old top-right is the new top-left.
		expect(at(orient(img, 8), 0, 0)).toEqual([2, 0]);
		// 5: transposed; 7: transposed the other way.
		expect(at(orient(img, 5), 1, 2)).toEqual([2, 1]);
		expect(at(orient(img, 7), 0, 0)).toEqual([2, 1]);
	});

	it("undoes itself where it should: 6 then 8, and 2, 3, 4, 5 and 7 twice, give the image back", () => {
		expect(orient(orient(img, 6), 8)).toEqual(img);
		for (const o of [2, 3, 4, 5, 7]) expect(orient(orient(img, o), o), String(o)).toEqual(img);
	});
});
