/**
 * The plugin's stitcher: the core's layout (matrixLayout), drawn with the
 * platform canvas (image-codec.ts: OffscreenCanvas or a <canvas>), so WebP and
 * any other format the web view decodes can be stitched, labels are real text in
 * the system UI font, and resampling is the browser's high-quality filter.
 */
import { matrixLayout, renamed, type Stitcher } from "../core";
import { bitmapOf, surface } from "./image-codec";

function css(c: readonly [number, number, number]): string {
	return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export function createCanvasStitcher(): Stitcher {
	return async (sources, o) => {
		const bitmaps: ImageBitmap[] = [];
		try {
			for (const s of sources) {
				try {
					bitmaps.push(await bitmapOf(s.bytes, s.mime));
				} catch (err) {
					throw renamed(err, s.name);
				}
			}
			const layout = matrixLayout(
				bitmaps.map((b) => ({ width: b.width, height: b.height })),
				o,
			);
			const { ctx, png } = surface(o.width, o.height);
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
					ctx.font = `${Math.max(8, Math.round(cell.label.h * 0.7))}px sans-serif`; // i18n-ignore: CSS font, not text
					ctx.textAlign = "center";
					ctx.textBaseline = "middle";
					ctx.fillText(label, cell.label.x + cell.label.w / 2, cell.label.y + cell.label.h / 2, cell.label.w - 8);
				}
			});
			return await png();
		} finally {
			for (const b of bitmaps) b.close();
		}
	};
}
