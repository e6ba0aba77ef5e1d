/**
 * What a simulated clip shows: a title card with the shot id, the first words of
 * the prompt, the requested size and length, and a seconds counter with a progress
 * bar along the bottom (the only part that changes, once per second). Drawn with
 * the core's 5×7 bitmap font, then converted to limited-range BT.601 4:2:0.
 */
import { drawText, fitText, GLYPH_ADVANCE, GLYPH_HEIGHT, textWidth } from "../../core/image/font";
import { createImage, fillRect, type Rgb, type RgbaImage } from "../../core/image/raster";
import type { Yuv420 } from "./h264";

export interface CardText {
	/** Big line at the top (the shot id). */
	title: string;
	prompt: string;
	/** Small tag at the bottom right (the requested size, e.g. "1280x720"). */
	tag: string;
	/** Whole seconds the clip lasts (the counter's end). */
	totalSeconds: number;
	/** Mixed into the background colour, so two takes of one shot look different. */
	variant?: string;
}

/** Height of the changing band at the bottom: two macroblock rows. */
export const BAND = 32;
const WHITE: Rgb = [245, 245, 240];
const DIM: Rgb = [170, 175, 185];

/** A stable, dark background colour per title (FNV-1a hash → hue). */
export function backgroundOf(seed: string): Rgb {
	let h = 0x811c9dc5;
	for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
	const hue = (h % 360) / 60;
	const c = 110;
	const x = Math.round(c * (1 - Math.abs((hue % 2) - 1)));
	const base = 24;
	const [r, g, b] = hue < 1 ? [c, x, 0] : hue < 2 ? [x, c, 0] : hue < 3 ? [0, c, x] : hue < 4 ? [0, x, c] : hue < 5 ? [x, 0, c] : [c, 0, x];
	return [base + r, base + g, base + b];
}

/** Greedy word wrap into at most `maxLines` lines of `perLine` characters; the last line ends in ".." when cut. */
export function wrapWords(text: string, perLine: number, maxLines: number): string[] {
	const words = text.replace(/\s+/g, " ").trim().split(" ").filter(Boolean);
	const lines: string[] = [];
	let line = "";
	let cut = false;
	for (const word of words) {
		const w = [...word].slice(0, perLine).join("");
		const next = line ? `${line} ${w}` : w;
		if ([...next].length <= perLine) {
			line = next;
			continue;
		}
		lines.push(line);
		line = w;
		if (lines.length === maxLines) {
			cut = true;
			break;
		}
	}
	if (!cut && line) lines.push(line);
	if (cut) {
		const last = [...(lines[maxLines - 1] ?? "")];
		while (last.length > 0 && last.length + 2 > perLine) last.pop();
		lines[maxLines - 1] = `${last.join("")}..`;
	}
	return lines;
}

function clock(s: number): string {
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The picture of a clip `width` × `height` pixels at its start (counter at 0). */
export function renderCard(text: CardText, width: number, height: number): RgbaImage {
	const bg = backgroundOf(`${text.title}|${text.prompt}|${text.variant ?? ""}`);
	const img = createImage(width, height, bg);
	const pad = 8;
	const inner = width - 2 * pad;
	const big = textWidth(text.title, 3) <= inner ? 3 : 2;
	drawText(img, fitText(text.title, inner, big), pad, pad, big, WHITE);
	const top = pad + GLYPH_HEIGHT * big + 8;
	const lineH = GLYPH_HEIGHT * 2 + 4;
	const perLine = Math.floor((inner + 2) / (GLYPH_ADVANCE * 2));
	// At most six lines: the prompt's first words, not all of it (text is what costs bytes).
	const maxLines = Math.max(1, Math.min(6, Math.floor((height - BAND - 4 - top) / lineH)));
	wrapWords(text.prompt, perLine, maxLines).forEach((l, i) => drawText(img, l, pad, top + i * lineH, 2, WHITE));
	drawBand(img, text, 0);
	return img;
}

/** Redraws the bottom band (counter, requested size, progress bar) for `second`, in place. */
export function drawBand(img: RgbaImage, text: CardText, second: number): void {
	const { width, height } = img;
	const pad = 8;
	const inner = width - 2 * pad;
	const y0 = height - BAND;
	fillRect(img, 0, y0, width, BAND, [12, 12, 16]);
	const total = Math.max(1, text.totalSeconds);
	const counter = `${clock(Math.min(second, total))} / ${clock(total)}`;
	drawText(img, counter, pad, y0 + 5, 1, WHITE);
	const tag = fitText(text.tag, inner - textWidth(counter, 1) - 8, 1);
	drawText(img, tag, width - pad - textWidth(tag, 1), y0 + 5, 1, DIM);
	const barY = y0 + 18;
	fillRect(img, pad, barY, inner, 6, [60, 60, 70]);
	fillRect(img, pad, barY, Math.round((inner * Math.min(second, total)) / total), 6, [230, 70, 60]);
}

const clampByte = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : Math.round(v));

/** An empty 4:2:0 picture (dimensions multiples of 16). */
export function blankYuv(width: number, height: number): Yuv420 {
	return { width, height, y: new Uint8Array(width * height), u: new Uint8Array((width * height) / 4), v: new Uint8Array((width * height) / 4) };
}

/**
 * RGBA → limited-range BT.601 Y'CbCr 4:2:0 (chroma averaged over 2×2) into `out`
 * (same size as `img`, multiples of 16), for rows `fromRow` (even) to the bottom.
 */
export function toYuv420(img: RgbaImage, out: Yuv420, fromRow = 0): Yuv420 {
	const { width: w, height: h, data: d } = img;
	for (let yy = fromRow; yy < h; yy++) {
		for (let xx = 0, o = yy * w * 4; xx < w; xx++, o += 4) {
			out.y[yy * w + xx] = clampByte(16 + (65.738 * (d[o] ?? 0) + 129.057 * (d[o + 1] ?? 0) + 25.064 * (d[o + 2] ?? 0)) / 256, 16, 235);
		}
	}
	const cw = w / 2;
	for (let cy = fromRow / 2; cy < h / 2; cy++) {
		for (let cx = 0; cx < cw; cx++) {
			const a = (cy * 2 * w + cx * 2) * 4;
			const b = a + w * 4;
			const r = ((d[a] ?? 0) + (d[a + 4] ?? 0) + (d[b] ?? 0) + (d[b + 4] ?? 0)) / 4;
			const g = ((d[a + 1] ?? 0) + (d[a + 5] ?? 0) + (d[b + 1] ?? 0) + (d[b + 5] ?? 0)) / 4;
			const bl = ((d[a + 2] ?? 0) + (d[a + 6] ?? 0) + (d[b + 2] ?? 0) + (d[b + 6] ?? 0)) / 4;
			out.u[cy * cw + cx] = clampByte(128 + (-37.945 * r - 74.494 * g + 112.439 * bl) / 256, 16, 240);
			out.v[cy * cw + cx] = clampByte(128 + (112.439 * r - 94.154 * g - 18.285 * bl) / 256, 16, 240);
		}
	}
	return out;
}
