/**
 * The multi-reference matrix: several images stitched into one grid image whose
 * size (and so aspect) is the shot's video size. The layout is computed once,
 * here, and shared by the pure-JS stitcher (CLI, tests) and the plugin's canvas
 * stitcher, so both place every image at the same pixels.
 *
 * Layout rules:
 * - `columns` fixed by the user, or chosen automatically: every column count from
 *   1 to n is tried and the one whose letterboxed images cover the most pixels
 *   wins (ties: fewer empty cells, then the more square grid).
 * - `gap` pixels between cells and around the edge, filled with `background`.
 * - Each image is fitted into its cell keeping its aspect (letterbox), centered.
 * - With labels, a bar at the bottom of every cell holds the label; the image is
 *   fitted into the space above it, so a label never covers the image.
 * - A last row with fewer images is centered.
 */
import { fitText, GLYPH_HEIGHT, drawText, textWidth } from "./font";
import type { MatrixOptions, RgbaImage } from "../../ports/image";
import { t } from "../i18n";
import { blit, createImage, fillRect, fitRect, ImageError, resize } from "./raster";

export type { MatrixOptions } from "../../ports/image";

export const DEFAULT_MATRIX_STYLE: Omit<MatrixOptions, "width" | "height"> = {
	gap: 8,
	background: [24, 24, 24],
	labels: true,
	labelColor: [255, 255, 255],
	labelBackground: [0, 0, 0],
	resample: "bilinear",
};

export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface CellLayout {
	/** The whole cell. */
	cell: Box;
	/** Where the image goes (letterboxed inside the cell, above the label bar). */
	image: Box;
	/** The label bar, when labels are on. */
	label?: Box;
}

export interface MatrixLayout {
	cols: number;
	rows: number;
	cells: CellLayout[];
	/** Scale of the built-in font (pixels per font pixel) for the label bars. */
	labelScale: number;
}

/** Splits `total` pixels into `n` spans separated (and surrounded) by `gap`. */
function spans(total: number, n: number, gap: number): Array<{ start: number; size: number }> {
	const free = total - gap * (n + 1);
	const out: Array<{ start: number; size: number }> = [];
	for (let i = 0; i < n; i++) {
		const a = Math.floor((i * free) / n);
		const b = Math.floor(((i + 1) * free) / n);
		out.push({ start: gap * (i + 1) + a, size: b - a });
	}
	return out;
}

function labelBar(cellH: number, labels: boolean): { bar: number; scale: number } {
	if (!labels) return { bar: 0, scale: 0 };
	const scale = Math.max(1, Math.floor(cellH / 120));
	return { bar: GLYPH_HEIGHT * scale + 4 * scale, scale };
}

function coverage(sizes: ReadonlyArray<{ width: number; height: number }>, cols: number, o: MatrixOptions): number {
	const rows = Math.ceil(sizes.length / cols);
	const cw = (o.width - o.gap * (cols + 1)) / cols;
	const chAll = (o.height - o.gap * (rows + 1)) / rows;
	const ch = chAll - labelBar(chAll, o.labels).bar;
	if (cw < 1 || ch < 1) return -1;
	let area = 0;
	for (const s of sizes) {
		const k = Math.min(cw / s.width, ch / s.height);
		area += s.width * k * s.height * k;
	}
	return area;
}

/** Computes where every image goes. `sizes` are the source images' pixel sizes, in order. */
export function matrixLayout(sizes: ReadonlyArray<{ width: number; height: number }>, o: MatrixOptions): MatrixLayout {
	const n = sizes.length;
	if (n === 0) throw new ImageError("no-images", t("image.matrixEmpty"));
	let cols: number;
	if (o.columns !== undefined && o.columns >= 1) cols = Math.min(n, Math.floor(o.columns));
	else {
		cols = 1;
		let best = -Infinity;
		for (let c = 1; c <= n; c++) {
			const a = coverage(sizes, c, o);
			const rows = Math.ceil(n / c);
			const bestRows = Math.ceil(n / cols);
			const tie = Number.isFinite(best) && Math.abs(a - best) <= 1e-6 * Math.max(1, Math.abs(best));
			const empty = c * rows - n;
			const bestEmpty = cols * bestRows - n;
			const better = tie ? empty < bestEmpty || (empty === bestEmpty && Math.abs(c - rows) < Math.abs(cols - bestRows)) : a > best;
			if (better) {
				best = Math.max(a, best);
				cols = c;
			}
		}
	}
	const rows = Math.ceil(n / cols);
	const xs = spans(o.width, cols, o.gap);
	const ys = spans(o.height, rows, o.gap);
	if (xs.some((s) => s.size < 1) || ys.some((s) => s.size < 1)) {
		throw new ImageError("no-fit", t("image.matrixNoFit", { count: n, width: o.width, height: o.height, gap: o.gap }));
	}
	const cells: CellLayout[] = [];
	let labelScale = 0;
	for (let i = 0; i < n; i++) {
		const r = Math.floor(i / cols);
		const c = i % cols;
		const inRow = r === rows - 1 ? n - r * cols : cols;
		const shift = inRow < cols ? Math.floor(((cols - inRow) * ((xs[1]?.start ?? o.width) - (xs[0]?.start ?? 0))) / 2) : 0;
		const sx = xs[c]!;
		const sy = ys[r]!;
		const cell: Box = { x: sx.start + shift, y: sy.start, w: sx.size, h: sy.size };
		const { bar, scale } = labelBar(cell.h, o.labels);
		labelScale = scale;
		const size = sizes[i]!;
		const f = fitRect(size.width, size.height, cell.w, Math.max(1, cell.h - bar));
		const out: CellLayout = { cell, image: { x: cell.x + f.x, y: cell.y + f.y, w: f.w, h: f.h } };
		if (bar) out.label = { x: cell.x, y: cell.y + cell.h - bar, w: cell.w, h: bar };
		cells.push(out);
	}
	return { cols, rows, cells, labelScale };
}

export interface MatrixItem {
	image: RgbaImage;
	label?: string;
}

/** Stitches decoded images into one matrix image (pure JS). */
export function stitchMatrix(items: readonly MatrixItem[], o: MatrixOptions): RgbaImage {
	const layout = matrixLayout(
		items.map((i) => ({ width: i.image.width, height: i.image.height })),
		o,
	);
	const out = createImage(o.width, o.height, o.background);
	items.forEach((item, i) => {
		const cell = layout.cells[i]!;
		const scaled = resize(item.image, cell.image.w, cell.image.h, o.resample);
		blit(out, scaled, cell.image.x, cell.image.y);
		if (cell.label && item.label) {
			const s = layout.labelScale;
			fillRect(out, cell.label.x, cell.label.y, cell.label.w, cell.label.h, o.labelBackground);
			const text = fitText(item.label, cell.label.w - 4 * s, s);
			const tx = cell.label.x + Math.floor((cell.label.w - textWidth(text, s)) / 2);
			drawText(out, text, tx, cell.label.y + 2 * s, s, o.labelColor);
		}
	});
	return out;
}

/** Parses "WxH" (the shot's size). */
export function parseSize(size: string): { width: number; height: number } | undefined {
	const m = /^(\d{1,5})x(\d{1,5})$/.exec(size.trim());
	if (!m) return undefined;
	const width = Number(m[1]);
	const height = Number(m[2]);
	return width > 0 && height > 0 ? { width, height } : undefined;
}
