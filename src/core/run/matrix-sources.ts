/**
 * What a shot's first-frame matrix is made of (its own references, then the
 * character sheets its sheet plan puts there) and how the matrix is drawn.
 */
import { DEFAULT_MATRIX_STYLE, parseColor, parseSize, type MatrixOptions } from "../image";
import { referenceFor } from "../paths";
import type { Settings } from "../settings";
import type { Shot } from "../types";
import { sheetImages, type SheetImage, type SheetPlan } from "./sheets";

function stemOf(p: string): string {
	const name = p.split("/").pop() ?? p;
	return name.replace(/\.[^.]*$/, "");
}

/** The matrix label of a shot's own reference: its file name without the extension. */
export function refLabel(raw: string, notePath: string): string {
	const ref = referenceFor(raw, notePath);
	return ref.ok ? stemOf(ref.ref.kind === "vault" ? ref.ref.path : new URL(ref.ref.url).pathname) : raw;
}

/**
 * Reference strings a shot's matrix is made of, with their labels (references first,
 * then the character sheets). `sheets`: the sheet images that go into this matrix
 * (the job's sheet plan decides; default: every sheet of the cast).
 */
export function matrixSources(shot: Shot, sheets: readonly SheetImage[] = sheetImages(shot)): Array<{ raw: string; label: string }> {
	const out: Array<{ raw: string; label: string }> = [];
	const seen = new Set<string>();
	const add = (raw: string, label: string) => {
		const k = raw.trim();
		if (k === "" || seen.has(k)) return;
		seen.add(k);
		out.push({ raw: k, label });
	};
	if (shot.references.length) {
		if (shot.image !== undefined) add(shot.image, "image");
		for (const r of shot.references) add(r, refLabel(r, shot.source.notePath));
		for (const s of sheets) add(s.raw, s.label);
	} else if (shot.image === undefined) {
		for (const s of sheets) add(s.raw, s.label);
	}
	return out;
}

/** The sheet images that go into a shot's first-frame matrix or keyframe, per its sheet plan. */
export function firstFrameSheets(shot: Shot, plan: SheetPlan | undefined): SheetImage[] {
	if (shot.keyframe) return sheetImages(shot);
	return plan?.rule === "matrix-first-frame" ? plan.sent : [];
}

/** The matrix drawing options for a shot size from the settings. */
export function matrixOptions(settings: Settings, size: string, orientation: "horizontal" | "vertical"): MatrixOptions {
	const s = settings.matrix;
	const dims = parseSize(size) ?? (orientation === "vertical" ? { width: 720, height: 1280 } : { width: 1280, height: 720 });
	const o: MatrixOptions = {
		...DEFAULT_MATRIX_STYLE,
		width: dims.width,
		height: dims.height,
		gap: s.gap,
		labels: s.labels,
		background: parseColor(s.background) ?? DEFAULT_MATRIX_STYLE.background,
		labelColor: parseColor(s.labelColor) ?? DEFAULT_MATRIX_STYLE.labelColor,
		labelBackground: parseColor(s.labelBackground) ?? DEFAULT_MATRIX_STYLE.labelBackground,
	};
	if (s.columns !== null) o.columns = s.columns;
	return o;
}
