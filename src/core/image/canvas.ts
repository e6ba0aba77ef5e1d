/**
 * The plugin's stitcher: the same layout as the pure-JS path (matrixLayout), drawn
 * with the browser canvas (OffscreenCanvas + createImageBitmap), so WebP and any
 * other format the platform decodes can be stitched, labels are real text in the
 * system UI font, and resampling is the browser's high-quality filter.
 * No imports from obsidian; it only needs the DOM globals of Electron / mobile
 * web views. Falls back to the pure-JS stitcher where OffscreenCanvas is missing.
 */
import { matrixLayout } from "./matrix";
import { ImageError } from "./raster";
import { pureStitcher, type Stitcher } from "./stitch";

function css(c: readonly [number, number, number]): string {
	return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export function canvasAvailable(): boolean {
	return typeof OffscreenCanvas !== "undefined" && typeof createImageBitmap !== "undefined";
}

export function createCanvasStitcher(): Stitcher {
	return async (sources, o) => {
		if (!canvasAvailable()) return pureStitcher(sources, o);
		const bitmaps: ImageBitmap[] = [];
		try {
			for (const s of sources) {
				try {
					bitmaps.push(await createImageBitmap(new Blob([new Uint8Array(s.bytes)], { type: s.mime })));
				} catch (err) {
					throw new ImageError(`${s.name} could not be decoded (${err instanceof Error ? err.message : String(err)})`);
				}
			}
			const layout = matrixLayout(
				bitmaps.map((b) => ({ width: b.width, height: b.height })),
				o,
			);
			const canvas = new OffscreenCanvas(o.width, o.height);
			const ctx = canvas.getContext("2d");
			if (!ctx) throw new ImageError("the canvas has no 2D context");
			ctx.fillStyle = css(o.background);
			ctx.fillRect(0, 0, o.width, o.height);
			ctx.imageSmoothingEnabled = o.resample !== "nearest";
			ctx.imageSmoothingQuality = "high";
			bitmaps.forEach((b, i) => {
				const cell = layout.cells[i]!;
				ctx.drawImage(b, cell.image.x, cell.image.y, cell.image.w, cell.image.h);
				const label = sources[i]?.label;
				if (cell.label && label) {
					ctx.fillStyle = css(o.labelBackground);
					ctx.fillRect(cell.label.x, cell.label.y, cell.label.w, cell.label.h);
					ctx.fillStyle = css(o.labelColor);
					ctx.font = `${Math.max(8, Math.round(cell.label.h * 0.7))}px sans-serif`;
					ctx.textAlign = "center";
					ctx.textBaseline = "middle";
					ctx.fillText(label, cell.label.x + cell.label.w / 2, cell.label.y + cell.label.h / 2, cell.label.w - 8);
				}
			});
			const blob = await canvas.convertToBlob({ type: "image/png" });
			return new Uint8Array(await blob.arrayBuffer());
		} finally {
			for (const b of bitmaps) b.close();
		}
	};
}
