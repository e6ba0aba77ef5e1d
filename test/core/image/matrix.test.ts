/** The reference matrix: layout maths and pixel placement on small synthetic images. */
import { describe, expect, it } from "vitest";
import {
	codecStitcher,
	DEFAULT_MATRIX_STYLE,
	ImageError,
	matrixLayout,
	parseColor,
	parseSize,
	resize,
	stitchMatrix,
	type MatrixOptions,
	type RgbaImage,
} from "../../../src/core/image";
import { decodePng, encodePng, nodeImageCodec } from "../../../src/cli/image-codec";
import { createImage } from "../../../src/core/image/raster";

const RED: [number, number, number] = [255, 0, 0];
const GREEN: [number, number, number] = [0, 255, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const BG: [number, number, number] = [10, 20, 30];

function opts(width: number, height: number, extra: Partial<MatrixOptions> = {}): MatrixOptions {
	return { ...DEFAULT_MATRIX_STYLE, width, height, gap: 2, background: BG, labels: false, resample: "nearest", ...extra };
}

function px(img: RgbaImage, x: number, y: number): number[] {
	const o = (y * img.width + x) * 4;
	return [...img.data.subarray(o, o + 3)];
}

/** Every pixel of the box has the color; every pixel just outside it does not. */
function expectBox(img: RgbaImage, box: { x: number; y: number; w: number; h: number }, color: readonly number[]): void {
	for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) expect(px(img, x, y)).toEqual([...color]);
	if (box.x > 0) expect(px(img, box.x - 1, box.y)).not.toEqual([...color]);
	if (box.y > 0) expect(px(img, box.x, box.y - 1)).not.toEqual([...color]);
	if (box.x + box.w < img.width) expect(px(img, box.x + box.w, box.y)).not.toEqual([...color]);
	if (box.y + box.h < img.height) expect(px(img, box.x, box.y + box.h)).not.toEqual([...color]);
}

describe("matrix layout", () => {
	it("places three squares side by side in a landscape frame, with gaps and background", () => {
		const o = opts(32, 12);
		const items = [RED, GREEN, BLUE].map((c) => ({ image: createImage(4, 4, c) }));
		const out = stitchMatrix(items, o);
		const layout = matrixLayout(
			items.map(() => ({ width: 4, height: 4 })),
			o,
		);
		expect(layout.cols).toBe(3);
		expect(layout.rows).toBe(1);
		// Free width 32 - 4*2 = 24 → cells of 8 at x = 2, 12, 22; height 12 - 4 = 8 at y = 2.
		expect(layout.cells.map((c) => c.cell)).toEqual([
			{ x: 2, y: 2, w: 8, h: 8 },
			{ x: 12, y: 2, w: 8, h: 8 },
			{ x: 22, y: 2, w: 8, h: 8 },
		]);
		expectBox(out, { x: 2, y: 2, w: 8, h: 8 }, RED);
		expectBox(out, { x: 12, y: 2, w: 8, h: 8 }, GREEN);
		expectBox(out, { x: 22, y: 2, w: 8, h: 8 }, BLUE);
		expect(px(out, 0, 0)).toEqual(BG);
		expect(px(out, 11, 5)).toEqual(BG);
		expect(px(out, 31, 11)).toEqual(BG);
	});

	it("stacks the same images vertically in a portrait frame (aspect follows the shot)", () => {
		const o = opts(12, 32);
		const items = [RED, GREEN, BLUE].map((c) => ({ image: createImage(4, 4, c) }));
		const layout = matrixLayout(
			items.map(() => ({ width: 4, height: 4 })),
			o,
		);
		expect([layout.cols, layout.rows]).toEqual([1, 3]);
		const out = stitchMatrix(items, o);
		expectBox(out, { x: 2, y: 2, w: 8, h: 8 }, RED);
		expectBox(out, { x: 2, y: 12, w: 8, h: 8 }, GREEN);
		expectBox(out, { x: 2, y: 22, w: 8, h: 8 }, BLUE);
	});

	it("letterboxes a wide image in its cell and centers a short last row", () => {
		const o = opts(22, 22, { columns: 2 });
		const wide = createImage(8, 2, RED);
		const items = [{ image: wide }, { image: createImage(2, 2, GREEN) }, { image: createImage(2, 2, BLUE) }];
		const layout = matrixLayout(
			items.map((i) => ({ width: i.image.width, height: i.image.height })),
			o,
		);
		// Cells 8x8 at x = 2 and 12 (free 22 - 6 = 16), rows at y = 2 and 12.
		expect(layout.cells[0]!.image).toEqual({ x: 2, y: 2 + 3, w: 8, h: 2 });
		// The last row has one image: shifted right by half a cell pitch (10 / 2 = 5).
		expect(layout.cells[2]!.cell).toEqual({ x: 7, y: 12, w: 8, h: 8 });
		const out = stitchMatrix(items, o);
		expectBox(out, { x: 2, y: 5, w: 8, h: 2 }, RED);
		expect(px(out, 5, 4)).toEqual(BG);
		expectBox(out, { x: 12, y: 2, w: 8, h: 8 }, GREEN);
		expectBox(out, { x: 7, y: 12, w: 8, h: 8 }, BLUE);
	});

	it("keeps labels in a bar under the image, drawn in the label colors", () => {
		const o = opts(40, 40, { labels: true, labelColor: [255, 255, 255], labelBackground: [0, 0, 0] });
		const out = stitchMatrix([{ image: createImage(4, 4, RED), label: "AL" }], o);
		const layout = matrixLayout([{ width: 4, height: 4 }], o);
		const bar = layout.cells[0]!.label!;
		expect(bar.h).toBe(11); // 7-pixel font + 4, at scale 1
		expect(bar.y + bar.h).toBe(38);
		const img = layout.cells[0]!.image;
		expect(img.y + img.h).toBeLessThanOrEqual(bar.y);
		expectBox(out, img, RED);
		let white = 0;
		let black = 0;
		for (let y = bar.y; y < bar.y + bar.h; y++) {
			for (let x = bar.x; x < bar.x + bar.w; x++) {
				const p = px(out, x, y).join();
				if (p === "255,255,255") white++;
				else if (p === "0,0,0") black++;
			}
		}
		// "A" has 18 pixels on and "L" 11: every text pixel is white, the rest of the bar black.
		expect(white).toBe(29);
		expect(white + black).toBe(bar.w * bar.h);
	});

	it("refuses an empty matrix and a frame too small for its gaps", () => {
		expect(() => matrixLayout([], opts(10, 10))).toThrow(/at least one image/);
		expect(() =>
			matrixLayout(
				[
					{ width: 1, height: 1 },
					{ width: 1, height: 1 },
				],
				opts(5, 5, { gap: 2, columns: 2 }),
			),
		).toThrow(/do not fit/);
		const reason = (f: () => unknown) => {
			try {
				f();
				return "none";
			} catch (err) {
				return err instanceof ImageError ? err.reason : "untyped";
			}
		};
		expect(reason(() => matrixLayout([], opts(10, 10)))).toBe("no-images");
		expect(
			reason(() =>
				matrixLayout(
					[
						{ width: 1, height: 1 },
						{ width: 1, height: 1 },
					],
					opts(5, 5, { gap: 2, columns: 2 }),
				),
			),
		).toBe("no-fit");
	});

	it("the codec stitcher (over the CLI codec) decodes PNG sources and returns a PNG of the frame size", async () => {
		const a = await encodePng(createImage(3, 3, RED));
		const b = await encodePng(createImage(3, 3, BLUE));
		const png = await codecStitcher(nodeImageCodec)(
			[
				{ bytes: a, mime: "image/png", name: "a.png" },
				{ bytes: b, mime: "image/png", name: "b.png" },
			],
			opts(22, 12),
		);
		const img = await decodePng(png);
		expect([img.width, img.height]).toEqual([22, 12]);
		expectBox(img, { x: 2, y: 2, w: 8, h: 8 }, RED);
		expectBox(img, { x: 12, y: 2, w: 8, h: 8 }, BLUE);
	});
});

describe("raster helpers", () => {
	it("bilinear resize of a flat image stays flat; parse helpers", () => {
		const r = resize(createImage(5, 3, GREEN), 17, 9, "bilinear");
		for (let i = 0; i < r.data.length; i += 4) expect([...r.data.subarray(i, i + 4)]).toEqual([0, 255, 0, 255]);
		expect(parseSize("1280x720")).toEqual({ width: 1280, height: 720 });
		expect(parseSize("12x")).toBeUndefined();
		expect(parseColor("#ff8000")).toEqual([255, 128, 0]);
		expect(parseColor("#f80")).toEqual([255, 136, 0]);
		expect(parseColor("1, 2, 3")).toEqual([1, 2, 3]);
		expect(parseColor("nope")).toBeUndefined();
	});
});
