/**
 * Splits a long script into pieces that fit a token budget, cutting at headings
 * first, then at paragraphs, then at sentences, and only as a last resort inside a
 * sentence. Tokens are estimated from characters (about 4 per token by default).
 */

export interface ChunkOptions {
	/** Most script tokens per chunk. */
	budgetTokens: number;
	/** Characters per token for the estimate; default 4. */
	charsPerToken?: number;
}

export interface ScriptChunk {
	/** 0-based position. */
	index: number;
	text: string;
	/** The heading in force where the chunk starts (for context), if any. */
	heading?: string;
	/** Estimated tokens of `text`. */
	tokens: number;
}

export const DEFAULT_CHARS_PER_TOKEN = 4;
/** Below this, every paragraph would be cut; refuse it as a setting. */
export const MIN_BUDGET_TOKENS = 50;

export function estimateTokens(text: string, charsPerToken = DEFAULT_CHARS_PER_TOKEN): number {
	return Math.ceil(text.length / charsPerToken);
}

interface Unit {
	text: string;
	heading: boolean;
}

const HEADING = /^ {0,3}#{1,6}\s+\S/;

/** Paragraphs and heading lines, in order. */
function units(text: string): Unit[] {
	const out: Unit[] = [];
	let para: string[] = [];
	const flush = () => {
		const t = para.join("\n").trim();
		if (t) out.push({ text: t, heading: false });
		para = [];
	};
	for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
		if (HEADING.test(line)) {
			flush();
			out.push({ text: line.trim(), heading: true });
		} else if (line.trim() === "") flush();
		else para.push(line);
	}
	flush();
	return out;
}

/** Cuts text longer than `max` characters: at sentence ends, then at spaces, then anywhere. */
function split(text: string, max: number): string[] {
	if (text.length <= max) return [text];
	// Sentence ends: punctuation followed by spaces (no lookbehind: iOS < 16.4 lacks it).
	const sentences = text.replace(/([.!?…。！？])\s+/g, "$1\u0000").split("\u0000");
	const pieces: string[] = [];
	for (const s of sentences) {
		if (s.length <= max) {
			pieces.push(s);
			continue;
		}
		let rest = s;
		while (rest.length > max) {
			let cut = rest.lastIndexOf(" ", max);
			if (cut < max / 2) cut = max;
			pieces.push(rest.slice(0, cut).trim());
			rest = rest.slice(cut).trim();
		}
		if (rest) pieces.push(rest);
	}
	// Re-pack sentences up to `max`.
	const out: string[] = [];
	let cur = "";
	for (const p of pieces) {
		const next = cur ? `${cur} ${p}` : p;
		if (next.length <= max) cur = next;
		else {
			if (cur) out.push(cur);
			cur = p;
		}
	}
	if (cur) out.push(cur);
	return out;
}

/** Splits a script body into chunks within the budget. Empty scripts give no chunks. */
export function chunkScript(text: string, opts: ChunkOptions): ScriptChunk[] {
	const cpt = opts.charsPerToken ?? DEFAULT_CHARS_PER_TOKEN;
	const budget = Math.max(MIN_BUDGET_TOKENS, Math.floor(opts.budgetTokens));
	const maxChars = budget * cpt;
	const chunks: ScriptChunk[] = [];
	let parts: string[] = [];
	let size = 0;
	let heading: string | undefined;
	let chunkHeading: string | undefined;
	const flush = () => {
		const t = parts.join("\n\n").trim();
		if (t) chunks.push({ index: chunks.length, text: t, heading: chunkHeading, tokens: estimateTokens(t, cpt) });
		parts = [];
		size = 0;
	};
	const push = (t: string) => {
		if (parts.length === 0) chunkHeading = heading;
		parts.push(t);
		size += t.length + (parts.length > 1 ? 2 : 0);
	};
	for (const u of units(text)) {
		if (u.heading) {
			// A heading starts a new chunk once the current one is half full.
			if (size > maxChars / 2) flush();
			if (size + u.text.length + 2 > maxChars) flush();
			heading = u.text.replace(/^ {0,3}#{1,6}\s+/, "").trim();
			push(u.text);
			continue;
		}
		for (const piece of split(u.text, maxChars)) {
			if (parts.length && size + piece.length + 2 > maxChars) flush();
			push(piece);
		}
	}
	flush();
	return chunks;
}
