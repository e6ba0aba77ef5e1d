/**
 * Display width for terminal tables: East Asian wide and fullwidth characters
 * take two columns, combining marks none, so Chinese note names and prompts keep
 * the columns aligned.
 */
import { eastAsianWidth } from "get-east-asian-width";

function charWidth(cp: number): number {
	// Control characters, zero-width joiners and combining marks take no column.
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
	if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
	return eastAsianWidth(cp);
}

export function displayWidth(s: string): number {
	let w = 0;
	for (const ch of s) w += charWidth(ch.codePointAt(0)!);
	return w;
}

/** Pads with spaces on the right (or left, for numbers) to a display width. */
export function padDisplay(s: string, width: number, align: "left" | "right" = "left"): string {
	const pad = Math.max(0, width - displayWidth(s));
	return align === "left" ? s + " ".repeat(pad) : " ".repeat(pad) + s;
}

/** Cuts to at most `width` columns, ending in "…" when cut. */
export function truncateDisplay(s: string, width: number): string {
	if (displayWidth(s) <= width) return s;
	let out = "";
	let w = 0;
	for (const ch of s) {
		const cw = charWidth(ch.codePointAt(0)!);
		if (w + cw > width - 1) break;
		out += ch;
		w += cw;
	}
	return out + "…";
}
