/**
 * A line scanner for fenced code blocks (CommonMark rules for fences at column 0)
 * that also cuts the text into independent segments, so that only the parts a
 * line scan cannot decide go to remark. Checked against remark by a differential test.
 */

export interface FencedBlock {
	/** Lower-cased first word of the info string ("shot", "json"). */
	lang: string;
	meta: string | null;
	/** Body without the fences (and without container prefixes). */
	value: string;
	/** 1-based line of the opening fence. */
	line: number;
	/** 1-based line of the closing fence (or of the last line when unterminated). */
	endLine: number;
	startOffset: number;
	endOffset: number;
	/** False when no closing fence was found (remark runs the block to the end). */
	terminated: boolean;
}

/** Info strings we care about; other code blocks are skipped. */
export const WANTED = new Set(["shot", "json"]);

/** A fence-like line that is indented or inside a container: only remark can place it. */
const NESTED_FENCE = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t>]*)?(?:`{3,}|~{3,})/;
/**
 * A fence indented by 1–3 spaces may be top-level (running past blank lines and
 * column-0 text) or inside a list item; which one needs a real parse.
 */
const AMBIGUOUS_FENCE = /^ {1,3}(?:`{3,}|~{3,})/;
/** A line that may open an HTML block (which can hide a fence from CommonMark). */
const HTML_START = /^ {0,3}<[A-Za-z!?/]/;
const OPEN = /^(`{3,}|~{3,})(.*)$/;
/** First characters of lines that need a closer look (space, tab, fences, HTML, containers, digits). */
const SPECIAL_START = new Set([..." \t`~<>-*+0123456789\r\f\v\u00a0"].map((c) => c.charCodeAt(0)));
/** Lines that open a list item or a block quote are not used as reset points. */
const CONTAINER_START = /^(?:>|(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$))/;

function lineEnd(text: string, from: number, to: number): number {
	return to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
}

/** Drops one trailing line ending (remark does not count it as content). */
function trimEol(s: string): string {
	if (s.endsWith("\r\n")) return s.slice(0, -2);
	if (s.endsWith("\n") || s.endsWith("\r")) return s.slice(0, -1);
	return s;
}

interface Open {
	char: string;
	len: number;
	lang: string;
	meta: string | null;
	start: number;
	line: number;
	contentStart: number;
}

export interface Segment {
	start: number;
	line: number;
	/** Holds a line only remark can place (indented or nested fence, HTML block). */
	remark: boolean;
	/**
	 * Holds a line after which the next reset point is not certain (HTML block start,
	 * fence indented 1–3 spaces): remark must confirm it.
	 */
	uncertain: boolean;
	blocks: FencedBlock[];
}

/**
 * Line scan in one pass. Top-level fences (at column 0) are found directly; the
 * text is cut into segments at "reset points" (a line at column 0 after a blank
 * line, outside any fence), where CommonMark closes every container, so a segment
 * parses the same on its own. Segments with nested fences or HTML go to remark.
 * After an HTML start (a comment or <pre> may span blank lines) or an ambiguous
 * indented fence, the next reset points are only candidates (`uncertain`).
 */
export function scanSegments(body: string): Segment[] {
	const segments: Segment[] = [{ start: 0, line: 1, remark: false, uncertain: false, blocks: [] }];
	let seg = segments[0]!;
	let open: Open | null = null;
	let lineNo = 0;
	let prevBlank = false;
	for (let ls = 0; ls <= body.length;) {
		lineNo++;
		const nl = body.indexOf("\n", ls);
		const le = nl < 0 ? body.length : nl;
		const end = lineEnd(body, ls, le);
		const first = end > ls ? body.charCodeAt(ls) : -1;
		if (first >= 0 && !SPECIAL_START.has(first)) {
			// Fast lane for ordinary text lines (most of a note): no fence, no container.
			if (!open && prevBlank) {
				seg = { start: ls, line: lineNo, remark: false, uncertain: false, blocks: [] };
				segments.push(seg);
			}
			prevBlank = false;
			if (nl < 0) break;
			ls = nl + 1;
			continue;
		}
		const line = body.slice(ls, end);
		if (open) {
			const trimmed = line.replace(/^ {0,3}/, "");
			let i = 0;
			while (trimmed[i] === open.char) i++;
			if (i >= open.len && /^[ \t]*$/.test(trimmed.slice(i))) {
				if (WANTED.has(open.lang)) {
					const value = ls > open.contentStart ? trimEol(body.slice(open.contentStart, ls)) : "";
					seg.blocks.push(block(open, value, lineNo, end, true));
				}
				open = null;
			}
			prevBlank = false;
		} else {
			if (prevBlank && line !== "" && first !== 32 && first !== 9 && !CONTAINER_START.test(line)) {
				seg = { start: ls, line: lineNo, remark: false, uncertain: false, blocks: [] };
				segments.push(seg);
			}
			const m = OPEN.exec(line);
			if (m?.[1] && !(m[1][0] === "`" && m[2]!.includes("`"))) {
				const info = m[2]!.trim();
				const sp = info.search(/\s/);
				open = {
					char: m[1][0]!,
					len: m[1].length,
					lang: (sp < 0 ? info : info.slice(0, sp)).toLowerCase(),
					meta: sp < 0 ? null : info.slice(sp).trim() || null,
					start: ls,
					line: lineNo,
					contentStart: nl < 0 ? body.length : nl + 1,
				};
			} else if (HTML_START.test(line) || AMBIGUOUS_FENCE.test(line)) {
				seg.remark = true;
				seg.uncertain = true;
			} else if (NESTED_FENCE.test(line)) {
				seg.remark = true;
			}
			prevBlank = /^[ \t]*$/.test(line);
		}
		if (nl < 0) break;
		ls = nl + 1;
	}
	if (open && WANTED.has(open.lang)) {
		const value = open.contentStart < body.length ? trimEol(body.slice(open.contentStart)) : "";
		seg.blocks.push(block(open, value, lineNo, body.length, false));
	}
	return segments;
}

function block(o: Open, value: string, endLine: number, endOffset: number, terminated: boolean): FencedBlock {
	return { lang: o.lang, meta: o.meta, value, line: o.line, endLine, startOffset: o.start, endOffset, terminated };
}
