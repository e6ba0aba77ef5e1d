/**
 * Embed patching: after a video is written, an embed line goes directly under the
 * shot's closing fence. The block is re-located by shot id at write time (the user
 * may have edited the note during the run), the run of CineFlow embed lines under
 * it is merged with the new one in take order, and every other byte of the note is
 * left exactly as it was (line endings, BOM, trailing spaces, CJK, everything).
 */

import { t } from "./i18n";
import { decodeSafe } from "./values";

export interface BlockPos {
	id: string;
	/** Offset just after the closing fence characters (or EOF for an unterminated block). */
	endOffset: number;
	/** Offset of the opening fence: where the next block starts bounds the search for embeds. */
	startOffset: number;
	/** Order of the block in the note (for sorting embeds of several shots under one fence). */
	index: number;
	/** False for a shot block without `id:` (found again by its prompt, not its positional id). */
	idGiven?: boolean;
	/** Hash of the block's prompt as written (see ShotAnchor.promptKey). */
	promptKey?: string;
}

/** Recognizes a CineFlow embed line: which shot and take it shows. */
export type EmbedRecognizer = (line: string) => { shotId: string; take: number } | null;

export interface EmbedTarget {
	shotId: string;
	take: number;
	/** The full embed line, e.g. `![[_assets/Ep1/s03.mp4]]`. */
	line: string;
	/** The block the embed belongs under (the shot's own id, or a JSON fence's first segment). */
	blockId: string;
	/** The block's `index`, when the caller located it already (wins over `blockId`). */
	blockIndex?: number;
}

export type PatchResult = { ok: true; text: string; changed: boolean } | { ok: false; reason: string };

const VIDEO_FILE = /([A-Za-z0-9_-]+?)(?:\.take(\d+))?\.(?:mp4|webm)(?:[|#\])\s>]|$)/;

/**
 * Builds a recognizer for embeds that point into `folderHint` (the output folder's
 * last segments, e.g. `_assets/Ep1`). Wikilinks and Markdown links, with or
 * without URL encoding, relative or vault-absolute, are all recognized.
 */
export function embedRecognizer(folderHint: string): EmbedRecognizer {
	const match = embedMatcher(folderHint);
	return (line: string) => match(line)?.video ?? null;
}

/** The link target of an embed line (`![[target]]`, `![alt](target)`), or null. */
function embedTargetOf(line: string): string | null {
	const t = line.trim();
	if (!t.startsWith("![")) return null;
	if (t.startsWith("![[")) {
		const end = t.indexOf("]]");
		return end < 0 ? null : t.slice(3, end);
	}
	const open = t.indexOf("](");
	const close = t.lastIndexOf(")");
	if (open < 0 || close < open) return null;
	return t.slice(open + 2, close).replace(/^<|>$/g, "");
}

/** Recognizes an embed of a video in `folderHint` (a whole folder: `_assets/Ep` is not `_assets/Ep2`) and names its file. */
function embedMatcher(folderHint: string): (line: string) => { file: string; video: { shotId: string; take: number } } | null {
	const hint = folderHint.replace(/^\/+|\/+$/g, "") + "/";
	const hintEncoded = encodeURI(hint);
	return (line: string) => {
		const target = embedTargetOf(line);
		if (target === null) return null;
		if (!target.includes(hint) && !target.includes(hintEncoded) && !decodeSafe(target).includes(hint)) return null;
		const file = (decodeSafe(target).split("/").pop() ?? "").replace(/[|#].*$/, "");
		const m = VIDEO_FILE.exec(file);
		if (!m || m.index !== 0) return null;
		return { file, video: { shotId: m[1] as string, take: m[2] ? Number(m[2]) : 1 } };
	};
}

function dominantEol(text: string): string {
	const crlf = (text.match(/\r\n/g) ?? []).length;
	const lf = (text.match(/\n/g) ?? []).length - crlf;
	return crlf > lf ? "\r\n" : "\n";
}

interface Line {
	start: number;
	/** End of the content, before the EOL. */
	end: number;
	/** After the EOL (== end at EOF without a newline). */
	next: number;
	text: string;
}

function lineAt(text: string, start: number): Line | null {
	if (start >= text.length) return null;
	let end = text.indexOf("\n", start);
	let next: number;
	if (end < 0) {
		end = text.length;
		next = end;
	} else {
		next = end + 1;
		if (end > start && text[end - 1] === "\r") end -= 1;
	}
	return { start, end, next, text: text.slice(start, end) };
}

/**
 * Inserts or keeps the embed for `target` under its block. Idempotent: an embed
 * for the same shot and take anywhere between this block and the next is kept
 * as the user left it.
 */
export function applyEmbed(text: string, blocks: BlockPos[], target: EmbedTarget, recognize: EmbedRecognizer): PatchResult {
	const block = target.blockIndex !== undefined ? blocks.find((b) => b.index === target.blockIndex) : blocks.find((b) => b.id === target.blockId);
	if (!block) return { ok: false, reason: t("parse.patch.shotGone", { id: target.blockId }) };
	const order = new Map(blocks.map((b) => [b.id, b.index]));
	const nextStart = blocks.filter((b) => b.startOffset > block.startOffset).reduce((min, b) => Math.min(min, b.startOffset), text.length);

	// Where the line after the closing fence starts.
	let pos = block.endOffset;
	let eolAfterFence: string | null = null;
	if (text.startsWith("\r\n", pos)) {
		eolAfterFence = "\r\n";
		pos += 2;
	} else if (text.startsWith("\n", pos)) {
		eolAfterFence = "\n";
		pos += 1;
	} else {
		// Something follows the fence on the same line, or EOF: find the line end.
		const rest = lineAt(text, pos);
		if (rest && rest.next > rest.end) {
			eolAfterFence = text.slice(rest.end, rest.next);
			pos = rest.next;
		} else {
			pos = text.length;
		}
	}
	const eol = eolAfterFence ?? dominantEol(text);
	// Compare embeds by the file they show: a shot whose id is a device name (CON)
	// is written as `_CON.mp4`, so its embed is recognized as shot `_CON`.
	const want = recognize(target.line) ?? { shotId: target.shotId, take: target.take };

	// Already embedded anywhere before the next block? Keep it.
	for (let p = pos; p < nextStart;) {
		const l = lineAt(text, p);
		if (!l) break;
		const r = recognize(l.text);
		if (r && r.shotId === want.shotId && r.take === want.take) return { ok: true, text, changed: false };
		p = l.next;
	}

	// The run of CineFlow embeds directly under the fence.
	const run: Array<{ shotId: string; take: number; start: number }> = [];
	let runEnd = pos;
	let lastHadEol = true;
	for (let p = pos; p < nextStart;) {
		const l = lineAt(text, p);
		if (!l) break;
		const r = recognize(l.text);
		if (!r) break;
		run.push({ ...r, start: l.start });
		runEnd = l.next;
		lastHadEol = l.next > l.end;
		p = l.next;
	}

	// The new line goes before the first embed that sorts after it (block order, then
	// take), else at the end of the run. Existing lines never move: the change is
	// exactly one inserted line.
	const rank = (id: string) => order.get(id) ?? order.get(id.replace(/^_/, "")) ?? 1e9;
	const later = run.find((r) => rank(r.shotId) > rank(want.shotId) || (rank(r.shotId) === rank(want.shotId) && r.take > want.take));
	const insertAt = (at: number, insert: string): PatchResult => ({ ok: true, text: text.slice(0, at) + insert + text.slice(at), changed: true });
	if (later) return insertAt(later.start, target.line + eol);
	// The fence (or the last embed) is the last thing in the file, without a newline.
	if (eolAfterFence === null || (run.length > 0 && !lastHadEol)) return insertAt(runEnd, eol + target.line);
	return insertAt(runEnd, target.line + eol);
}

/** Where the block's own lines end: the start of the next block (or the end of the text). */
function nextBlockStart(text: string, blocks: readonly BlockPos[], block: BlockPos): number {
	return blocks.filter((b) => b.startOffset > block.startOffset).reduce((min, b) => Math.min(min, b.startOffset), text.length);
}

/** The CineFlow embeds between a block's closing fence and the next block, in order. */
export function embedsUnder(text: string, blocks: readonly BlockPos[], block: BlockPos, recognize: EmbedRecognizer): Array<{ shotId: string; take: number }> {
	const out: Array<{ shotId: string; take: number }> = [];
	const end = nextBlockStart(text, blocks, block);
	for (let p = block.endOffset; p < end;) {
		const l = lineAt(text, p);
		if (!l) break;
		const r = recognize(l.text);
		if (r) out.push(r);
		p = l.next;
	}
	return out;
}

/** The last two segments of an output folder (`_assets/Ep1`): what embeds of its videos contain. */
export function folderHintOf(folder: string): string {
	return folder.split("/").slice(-2).join("/");
}

function swap(line: string, from: string, to: string): string {
	const component = (x: string) => x.split("/").map(encodeURIComponent).join("/");
	for (const [a, b] of [
		[from, to],
		[encodeURI(from), encodeURI(to)],
		[component(from), component(to)],
	] as const) {
		if (line.includes(a)) return line.split(a).join(b);
	}
	return line;
}

/**
 * Points every embed of a video in the output folder `from` (which moved to `to`)
 * at the same file in its new place. A link that names the folder by its vault
 * path, or (when the parent folder did not change) by its last segments, keeps its
 * style, size and alias, only the folder changes; any other embed of the old
 * folder is rebuilt by `lineFor(file)`. Every other byte of the note stays as it was.
 */
export function retargetEmbeds(text: string, from: string, to: string, lineFor: (file: string) => string): { text: string; changed: number } {
	const match = embedMatcher(folderHintOf(from));
	const parent = (f: string) => f.slice(0, Math.max(0, f.lastIndexOf("/")));
	const sameParent = parent(from) === parent(to);
	let out = "";
	let changed = 0;
	for (let p = 0; p < text.length;) {
		const l = lineAt(text, p) as Line;
		const m = match(l.text);
		let next = l.text;
		if (m) {
			next = swap(l.text, `${from}/`, `${to}/`);
			if (next === l.text && sameParent) next = swap(l.text, `${folderHintOf(from)}/`, `${folderHintOf(to)}/`);
			if (next === l.text) next = l.text.slice(0, l.text.length - l.text.trimStart().length) + lineFor(m.file);
		}
		if (next !== l.text) changed++;
		out += next + text.slice(l.end, l.next);
		p = l.next;
	}
	return { text: changed ? out : text, changed };
}
