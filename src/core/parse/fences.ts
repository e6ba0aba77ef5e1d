/**
 * Finds fenced code blocks with unified + remark-parse, keeping exact offsets and
 * 1-based lines. Fences nested in lists and block quotes are found too (remark
 * strips the container prefixes from `value`, line for line). Plain top-level
 * fences come from a line scan (fencescan.ts); only segments the scan cannot
 * decide are parsed by remark.
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import type { Root, RootContent } from "mdast";
import { scanSegments, WANTED, type FencedBlock, type Segment } from "./fencescan";

export type { FencedBlock } from "./fencescan";

// One processor for the whole run: creating it per note is measurably slower.
const processor = unified().use(remarkParse);

/** Cheap test: could `text` hold a fence with one of the wanted info strings? */
export const FENCE_HINT = /(?:```|~~~)[ \t]*(?:shot|json)/i;

/** How many candidate reset points remark may check after an uncertain line. */
const MAX_CHECKS = 4;

interface Base {
	offset: number;
	line: number;
}

/**
 * Does the code block at [start, end) end with a closing fence? Its last line must
 * be a fence of the same character, at least as long, after the same number of
 * block-quote markers as the opening line has.
 */
function isTerminated(src: string, start: number, end: number): boolean {
	const slice = src.slice(start, end);
	const open = /^[ \t]*(`{3,}|~{3,})/.exec(slice);
	if (!open?.[1]) return true;
	const fence = open[1];
	const nl = slice.lastIndexOf("\n");
	if (nl < 0) return false;
	const lineStart = src.lastIndexOf("\n", start - 1) + 1;
	const quotes = (src.slice(lineStart, start).match(/>/g) ?? []).length;
	let last = slice.slice(nl + 1);
	for (let q = 0; q < quotes; q++) last = last.replace(/^[ \t]*>/, "");
	last = last.replace(/^[ \t]*/, "");
	let i = 0;
	while (last[i] === fence[0]) i++;
	return i >= fence.length && last.slice(i).trim() === "";
}

function blocksOf(tree: Root, text: string, base: Base): FencedBlock[] {
	const out: FencedBlock[] = [];
	const stack: RootContent[] = [...tree.children].reverse();
	while (stack.length) {
		const node = stack.pop()!;
		if (node.type === "code") {
			const lang = (node.lang ?? "").toLowerCase();
			const pos = node.position;
			if (!WANTED.has(lang) || !pos || pos.start.offset === undefined || pos.end.offset === undefined) continue;
			out.push({
				lang,
				meta: node.meta ?? null,
				value: node.value,
				line: pos.start.line + base.line - 1,
				endLine: pos.end.line + base.line - 1,
				startOffset: pos.start.offset + base.offset,
				endOffset: pos.end.offset + base.offset,
				terminated: isTerminated(text, pos.start.offset, pos.end.offset),
			});
		} else if ("children" in node) {
			for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as RootContent);
		}
	}
	return out;
}

/** Fenced blocks of any Markdown, by remark alone. */
export function findFencesRemark(body: string, base: Base = { offset: 0, line: 1 }): FencedBlock[] {
	return blocksOf(processor.parse(body), body, base);
}

function shift(b: FencedBlock, base: Base): FencedBlock {
	return {
		...b,
		line: b.line + base.line - 1,
		endLine: b.endLine + base.line - 1,
		startOffset: b.startOffset + base.offset,
		endOffset: b.endOffset + base.offset,
	};
}

/**
 * Parses segments[i] (and more, while the next reset point is uncertain) with
 * remark. The text given to remark runs one line into the next segment: that line
 * closes the containers, so blocks end where they end in the whole note.
 * Returns the index of the first segment not covered.
 */
function remarkRegion(body: string, segments: Segment[], i: number, base: Base, out: FencedBlock[]): number {
	const seg = segments[i]!;
	let uncertain = seg.uncertain;
	let checks = 0;
	for (let j = i + 1; ; j++) {
		const next = segments[j];
		const end = next?.start ?? body.length;
		if (next && uncertain && checks >= MAX_CHECKS) continue;
		const nl = next ? body.indexOf("\n", end) : -1;
		const text = body.slice(seg.start, nl < 0 ? body.length : nl);
		const tree = processor.parse(text);
		if (next && uncertain) {
			checks++;
			// Confirmed when remark starts a top-level block on the candidate line.
			const line = next.line - seg.line + 1;
			if (!tree.children.some((c) => c.position?.start.line === line)) {
				uncertain = next.uncertain || uncertain;
				continue;
			}
		}
		const segBase = { offset: base.offset + seg.start, line: base.line + seg.line - 1 };
		for (const b of blocksOf(tree, text, segBase)) if (b.startOffset < base.offset + end) out.push(b);
		return next ? j : segments.length;
	}
}

/**
 * Fenced blocks whose info string is `shot` or `json`, in document order.
 * `base` is where `body` starts in the file (offset and 1-based line).
 */
export function findFences(body: string, base: Base = { offset: 0, line: 1 }): FencedBlock[] {
	if (!FENCE_HINT.test(body)) return [];
	const segments = scanSegments(body);
	const out: FencedBlock[] = [];
	for (let i = 0; i < segments.length;) {
		const seg = segments[i]!;
		if (!seg.remark) {
			for (const b of seg.blocks) out.push(shift(b, base));
			i++;
			continue;
		}
		const end = segments[i + 1]?.start ?? body.length;
		if (!seg.uncertain && !FENCE_HINT.test(body.slice(seg.start, end))) {
			i++;
			continue;
		}
		i = remarkRegion(body, segments, i, base, out);
	}
	return out;
}
