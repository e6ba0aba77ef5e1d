/** The pure raster work (src/core/image/raster.ts): images, blending, drawing, resampling and fitting. */
import { describe, expect, it } from "vitest";
import { blit, coverResize, createImage, fillRect, fitRect, ImageError, MAX_PIXELS, parseColor, resize, type RgbaImage } from "../../../src/core/image/raster";

const px = (img: RgbaImage, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];

describe("createImage", () => {
	it("is transparent black unless filled, and refuses sizes that are not whole, positive and within the pixel limit", () => {
		expect(px(createImage(2, 2), 1, 1)).toEqual([0, 0, 0, 0]);
		expect(px(createImage(2, 2, [10, 20, 30]), 1, 1)).toEqual([10, 20, 30, 255]);
		expect(() => createImage(0, 5)).toThrow(ImageError);
		expect(() => createImage(2.5, 5)).toThrow(ImageError);
		expect(() => createImage(MAX_PIXELS, 2)).toThrow(ImageError);
	});
});

describe("fillRect and blit", () => {
	it("fills only the part of the rectangle inside the image", () => {
		const img = createImage(4, 3, [0, 0, 0]);
		fillRect(img, 2, -1, 10, 2, [255, 0, 0]);
		expect(px(img, 3, 0)).toEqual([255, 0, 0, 255]);
		expect(px(img, 1, 0)).toEqual([0, 0, 0, 255]);
		expect(px(img, 3, 1)).toEqual([0, 0, 0, 255]);
	});

	it("blends translucent color source-over: half red on opaque blue, and onto transparent keeps the color", () => {
		const img = createImage(1, 1, [0, 0, 255]);
		fillRect(img, 0, 0, 1, 1, [255, 0, 0], 128);
		// 128/255 of red over blue: red 255·128/255, blue 255·127/255, still opaque.
		expect(px(img, 0, 0)).toEqual([128, 0, 127, 255]);
		const clear = createImage(1, 1);
		fillRect(clear, 0, 0, 1, 1, [255, 0, 0], 128);
		expect(px(clear, 0, 0)).toEqual([255, 0, 0, 128]);
		fillRect(clear, 0, 0, 1, 1, [0, 255, 0], 0);
		expect(px(clear, 0, 0)).toEqual([255, 0, 0, 128]);
	});

	it("draws an image at an offset, clipped at every edge", () => {
		const dst = createImage(3, 3, [0, 0, 0]);
		blit(dst, createImage(2, 2, [9, 9, 9]), 2, -1);
		expect(px(dst, 2, 0)).toEqual([9, 9, 9, 255]);
		expect(px(dst, 2, 1)).toEqual([0, 0, 0, 255]);
		expect(px(dst, 1, 0)).toEqual([0, 0, 0, 255]);
	});
});

describe("resize", () => {
	it("copies at the same size, and keeps a flat color flat at any size and either mode", () => {
		const flat = createImage(7, 5, [40, 80, 120]);
		const same = resize(flat, 7, 5);
		expect(same.data).toEqual(flat.data);
		expect(same.data).not.toBe(flat.data);
		for (const [w, h] of [
			[3, 2],
			[20, 11],
			[1, 1],
		] as const) {
			for (const mode of ["bilinear", "nearest"] as const) {
				const r = resize(flat, w, h, mode);
				expect([r.width, r.height]).toEqual([w, h]);
				for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(px(r, x, y)).toEqual([40, 80, 120, 255]);
			}
		}
	});

	it("nearest doubles each pixel; bilinear does not bleed the color of transparent pixels", () => {
		const img = createImage(2, 1);
		fillRect(img, 0, 0, 1, 1, [255, 0, 0]);
		const near = resize(img, 4, 1, "nearest");
		expect([px(near, 0, 0), px(near, 1, 0), px(near, 2, 0)]).toEqual([
			[255, 0, 0, 255],
			[255, 0, 0, 255],
			[0, 0, 0, 0],
		]);
		const smooth = resize(img, 4, 1, "bilinear");
		// The pixel between red and transparent is partly transparent red, never darkened towards black.
		const mid = px(smooth, 2, 0);
		expect(mid[0]).toBe(255);
		expect(mid[3]).toBeGreaterThan(0);
		expect(mid[3]).toBeLessThan(255);
	});

	it("averages before a large reduction: a fine checkerboard becomes grey, not one of its colors", () => {
		const board = createImage(64, 64);
		for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) fillRect(board, x, y, 1, 1, (x + y) % 2 ? [255, 255, 255] : [0, 0, 0]);
		const r = resize(board, 4, 4);
		for (const v of px(r, 1, 2).slice(0, 3)) expect(Math.abs(v - 128)).toBeLessThan(8);
	});
});

describe("fitRect and coverResize", () => {
	it("fits with the aspect kept, centred in the box", () => {
		expect(fitRect(1920, 1080, 320, 320)).toEqual({ x: 0, y: 70, w: 320, h: 180 });
		expect(fitRect(1080, 1920, 320, 180)).toEqual({ x: 109, y: 0, w: 101, h: 180 });
		expect(fitRect(10, 10, 0, 50)).toEqual({ x: 0, y: 0, w: 0, h: 0 });
	});

	it("covers the box and crops the overflow evenly", () => {
		// A 6×2 image: left third red, middle green, right third blue. Covering 2×2 keeps the middle.
		const img = createImage(6, 2, [255, 0, 0]);
		fillRect(img, 2, 0, 2, 2, [0, 255, 0]);
		fillRect(img, 4, 0, 2, 2, [0, 0, 255]);
		const c = coverResize(img, 2, 2, "nearest");
		expect([c.width, c.height]).toEqual([2, 2]);
		expect(px(c, 0, 0)).toEqual([0, 255, 0, 255]);
		expect(px(c, 1, 1)).toEqual([0, 255, 0, 255]);
		expect(coverResize(img, 6, 2)).toBe(img);
	});
});

describe("parseColor", () => {
	it("reads #rrggbb, #rgb and r,g,b with or without the hash and spaces; nothing else", () => {
		expect(parseColor(" 00ff7f ")).toEqual([0, 255, 127]);
		expect(parseColor("#ABC")).toEqual([170, 187, 204]);
		expect(parseColor(" 0 , 128,255")).toEqual([0, 128, 255]);
		expect(parseColor("256,0,0")).toBeUndefined();
		expect(parseColor("1.5,2,3")).toBeUndefined();
		expect(parseColor("#abcd")).toBeUndefined();
	});
});
