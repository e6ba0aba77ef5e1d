/**
 * Issue shapes and message helpers. Every message names the file, the line and
 * (for shots) the shot: `Scenes/Ep1.md:42 shot s03: duration 7 is not allowed …`.
 */
import { redactPatterns } from "../redact";

export type Severity = "error" | "warning";

/** A note-level problem (front matter, JSON syntax, unterminated block outside a shot). */
export interface Issue {
	severity: Severity;
	/** 1-based line in the file. */
	line: number;
	/** Full message, already prefixed with `path:line`. */
	message: string;
}

/** `path:line` or `path:line shot id`. */
export function where(path: string, line: number, shotId?: string): string {
	return shotId === undefined ? `${path}:${line}` : `${path}:${line} shot ${shotId}`;
}

export function issue(severity: Severity, path: string, line: number, what: string): Issue {
	return { severity, line, message: `${where(path, line)}: ${what}` };
}

/**
 * A value as it should appear in a message: strings quoted, long ones cut, and
 * anything shaped like a key or a signed-URL secret masked.
 */
export function show(value: unknown): string {
	return redactPatterns(showRaw(value));
}

function showRaw(value: unknown): string {
	let s: string;
	if (typeof value === "string") return JSON.stringify(value.length > 56 ? value.slice(0, 56) + "…" : value);
	else if (value === undefined) s = "nothing";
	else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") s = String(value);
	else {
		try {
			s = JSON.stringify(value) ?? typeof value;
		} catch {
			s = typeof value;
		}
	}
	return s.length > 60 ? s.slice(0, 57) + "…" : s;
}

/** How a shot is named in messages: its id when it is usable, else its position. */
export function shotLabel(id: string | undefined, index: number): string {
	if (id !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(id)) return id;
	if (id !== undefined && id !== "") return show(id);
	return `#${index}`;
}

/**
 * Edit distance counting an adjacent swap as one edit (optimal string alignment),
 * with an early exit once every path exceeds `max`.
 */
export function editDistance(a: string, b: string, max = 3): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let prev2: number[] = [];
	let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
			cur.push(v);
			if (v < best) best = v;
		}
		if (best > max) return max + 1;
		prev2 = prev;
		prev = cur;
	}
	return prev[b.length]!;
}

/** The closest candidate within a small distance (about a third of the length), if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
	const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
	let best: string | undefined;
	let bestD = limit + 1;
	const lower = word.toLowerCase();
	for (const c of candidates) {
		const d = editDistance(lower, c.toLowerCase(), limit);
		if (d < bestD) {
			best = c;
			bestD = d;
		}
	}
	return best;
}

/** "a, b or c" style list for allowed values. */
export function list(values: readonly (string | number)[]): string {
	return values.join(", ");
}
