/** Cheap checks used by command availability (no parsing, no I/O). */

const SHOT_FENCE = /^[ \t>]*(?:`{3,}|~{3,})[ \t]*shot\b/im;

/** Does this note text contain a ```shot (or ~~~shot) block? */
export function hasShotBlock(text: string): boolean {
	return SHOT_FENCE.test(text);
}

/** `storyboard*.json` files hold shots too. */
export function isStoryboardName(name: string): boolean {
	return /^storyboard.*\.json$/i.test(name);
}

/**
 * The 0-based line range of the ```shot block containing `line`, or null. A
 * line scan that tracks fence open/close like CommonMark (same character, at
 * least as long); good enough to decide whether to offer the command.
 */
export function shotBlockAt(text: string, line: number): { start: number; end: number } | null {
	const lines = text.split("\n");
	let open: { start: number; char: string; len: number; shot: boolean } | null = null;
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i] ?? "";
		const m = /^[ \t>]*(`{3,}|~{3,})[ \t]*([\w-]*)/.exec(l);
		if (!open) {
			if (m) open = { start: i, char: (m[1] as string)[0] as string, len: (m[1] as string).length, shot: (m[2] ?? "").toLowerCase() === "shot" };
			else if (i > line) return null;
			continue;
		}
		const close = m && (m[1] as string)[0] === open.char && (m[1] as string).length >= open.len && !(m[2] ?? "");
		if (close) {
			if (open.shot && line >= open.start && line <= i) return { start: open.start, end: i };
			if (i >= line) return null;
			open = null;
		}
	}
	if (open?.shot && line >= open.start) return { start: open.start, end: lines.length - 1 };
	return null;
}
