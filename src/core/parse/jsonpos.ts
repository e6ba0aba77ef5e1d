/**
 * Best-effort source positions inside JSON text: where each element of the
 * top-level `segments` array starts and ends, and offset → line conversion.
 */

export interface Span {
	start: number;
	end: number;
}

/** Skips a JSON string starting at `i` (a '"'); returns the index after it and its raw text. */
function readString(text: string, i: number): { next: number; raw: string } {
	let j = i + 1;
	while (j < text.length) {
		const c = text.charCodeAt(j);
		if (c === 92)
			j += 2; // backslash
		else if (c === 34)
			break; // closing quote
		else j++;
	}
	return { next: j + 1, raw: text.slice(i + 1, j) };
}

/** Spans of the elements of the top-level object's `segments` array, in order. */
export function segmentSpans(text: string): Span[] {
	const spans: Span[] = [];
	let depth = 0;
	let lastString = "";
	let key = "";
	let arrayDepth = -1;
	let expectValue = false;
	let current: number | undefined;
	for (let i = 0; i < text.length;) {
		const ch = text[i]!;
		if (expectValue && !/\s/.test(ch)) {
			if (ch !== "]") current = i;
			expectValue = false;
		}
		if (ch === '"') {
			const s = readString(text, i);
			if (depth === 1) lastString = s.raw;
			i = s.next;
			continue;
		}
		if (ch === ":" && depth === 1) key = lastString;
		else if (ch === "{" || ch === "[") {
			depth++;
			if (ch === "[" && depth === 2 && key === "segments" && arrayDepth < 0) {
				arrayDepth = depth;
				expectValue = true;
			}
		} else if (ch === "}" || ch === "]") {
			if (depth === arrayDepth && current !== undefined) {
				spans.push({ start: current, end: i });
				current = undefined;
			}
			if (depth === arrayDepth && ch === "]") return spans;
			depth--;
			if (depth === arrayDepth && current !== undefined && ch === "}") {
				spans.push({ start: current, end: i + 1 });
				current = undefined;
			}
		} else if (ch === "," && depth === arrayDepth) {
			if (current !== undefined) spans.push({ start: current, end: i });
			current = undefined;
			expectValue = true;
		}
		i++;
	}
	return spans;
}

/** Converts offsets to 1-based lines; build once per text, query many times. */
export class LineIndex {
	private readonly starts: number[] = [0];
	constructor(text: string) {
		for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
	}
	lineOf(offset: number): number {
		let lo = 0;
		let hi = this.starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.starts[mid]! <= offset) lo = mid;
			else hi = mid - 1;
		}
		return lo + 1;
	}
}
