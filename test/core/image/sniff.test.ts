/** Image type and size from the first bytes (src/core/image/sniff.ts), checked against files real encoders write. */
import { encode as encodePng } from "fast-png";
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { isJpeg, isPng, isWebp, jpegFrame, pngSize, sniffImage } from "../../../src/core/image/sniff";

const rgba = (w: number, h: number) => new Uint8Array(w * h * 4).fill(200);
const png = (w: number, h: number) => encodePng({ width: w, height: h, data: rgba(w, h), channels: 4 });
const jpg = (w: number, h: number) => new Uint8Array(jpeg.encode({ width: w, height: h, data: Buffer.from(rgba(w, h)) }, 80).data);
const bytes = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
/** A JPEG whose first segment is a frame header of `marker` (SOF0 0xC0, SOF2 0xC2, SOF3 0xC3). */
const sof = (marker: number, w: number, h: number) => bytes([0xff, 0xd8, 0xff, marker, 0, 11, 8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0]);

describe("sniffImage", () => {
	it("tells PNG, JPEG and WebP apart by their signatures", () => {
		expect(sniffImage(png(3, 2))).toBe("image/png");
		expect(sniffImage(jpg(3, 2))).toBe("image/jpeg");
		expect(sniffImage(bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
	});

	it("is null for anything else, including a page served instead of an image and files cut short", () => {
		expect(sniffImage(bytes("<html><body>404</body></html>"))).toBeNull();
		expect(sniffImage(bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "))).toBeNull();
		expect(sniffImage(png(3, 2).subarray(0, 7))).toBeNull();
		expect(sniffImage(new Uint8Array())).toBeNull();
		expect(isPng(jpg(1, 1)) || isJpeg(png(1, 1)) || isWebp(png(1, 1))).toBe(false);
	});
});

describe("pngSize", () => {
	it("reads width and height from the header of an encoded PNG", () => {
		expect(pngSize(png(37, 5))).toEqual({ width: 37, height: 5 });
		expect(pngSize(png(1, 300))).toEqual({ width: 1, height: 300 });
	});

	it("is undefined for a JPEG or a PNG cut before its header ends", () => {
		expect(pngSize(jpg(4, 4))).toBeUndefined();
		expect(pngSize(png(4, 4).subarray(0, 20))).toBeUndefined();
	});

	it("reads a PNG that sits inside a larger buffer", () => {
		const inner = png(9, 7);
		const outer = new Uint8Array(inner.length + 5);
		outer.set(inner, 5);
		expect(pngSize(outer.subarray(5))).toEqual({ width: 9, height: 7 });
	});
});

describe("jpegFrame", () => {
	it("reads the size of an encoded baseline JPEG, past its other segments", () => {
		expect(jpegFrame(jpg(33, 17))).toEqual({ width: 33, height: 17, coding: "sequential" });
	});

	it("says which coding the frame header declares", () => {
		expect(jpegFrame(sof(0xc0, 640, 480))).toEqual({ width: 640, height: 480, coding: "sequential" });
		expect(jpegFrame(sof(0xc2, 1920, 1080))).toEqual({ width: 1920, height: 1080, coding: "progressive" });
		expect(jpegFrame(sof(0xc3, 8, 8))?.coding).toBe("other");
	});

	it("is undefined when the image data starts before any frame header, or for what is not a JPEG", () => {
		expect(jpegFrame(bytes([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeUndefined();
		expect(jpegFrame(sof(0xc0, 640, 480).subarray(0, 10))).toBeUndefined();
		expect(jpegFrame(png(2, 2))).toBeUndefined();
	});
});
