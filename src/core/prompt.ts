/**
 * The prompt actually sent (seed §5.2, adapted): character markers become
 * `Name @id`, then ` [Scene: … | Props: …]` and ` (Director Note: …)` are appended,
 * whitespace is collapsed. The note is never changed.
 *
 * Rules:
 * - `[Name]` (or `[Alias]`) of a character with a known id → `Name @id`; longest
 *   name first; text inside "…" and “…” is left alone; `[[links]]` and `[text](url)`
 *   are not markers. `[Name]` followed by its own id already → just `Name`.
 * - Plain names (Settings.plainNameInjection, off by default) are only used when the
 *   prompt has no `[Name]` marker of a known character: `Alice` → `Alice @alice`,
 *   with word boundaries for ASCII names, never when the id already follows.
 * - Spacing: a known handle is always followed by whitespace or the end of the
 *   prompt, and preceded by a space when glued to a letter or digit. Handles may
 *   contain '.', so a sentence period right after a handle is separated by a space
 *   (`[Alice].` → `Alice @alice .`) and can never be read as part of the handle.
 *   CJK text after a handle is kept, separated by one space (`小美 @xiaomei 走进教室`).
 */
import { t } from "./i18n";
import { closest } from "./parse/errors";

export interface PromptCharacter {
	name: string;
	id?: string;
	aliases: string[];
}

export interface PromptParts {
	text: string;
	scene?: string;
	props?: readonly string[];
	note?: string;
}

/**
 * What is wrong with a prompt's character markers, as data: the run dialog asks
 * for the missing ids by name, the dry run and the CLI compose a sentence
 * (promptWarningText) where they show it.
 */
export type PromptWarning =
	/** `[Name]` of a character the note lists without an id. */
	| { kind: "missing-character-id"; name: string }
	/** `[Name]` that is no character of the note (perhaps a misspelling of `suggestion`). */
	| { kind: "unknown-character"; name: string; suggestion?: string };

/** "[Alcie] has no character id; did you mean Alice?", in the current language. */
export function promptWarningText(w: PromptWarning): string {
	switch (w.kind) {
		case "missing-character-id":
			return t("parse.promptMarker.noId", { name: w.name });
		case "unknown-character":
			return w.suggestion ? t("parse.promptMarker.guess", { name: w.name, guess: w.suggestion }) : t("parse.promptMarker.noId", { name: w.name });
	}
}

export interface BuiltPrompt {
	prompt: string;
	warnings: PromptWarning[];
}

interface Term {
	text: string;
	id: string;
}

/** Compiled matchers for one character list; build once, use for many prompts. */
export interface Injector {
	terms: Map<string, Term>;
	ids: Set<string>;
	withoutId: Set<string>;
	allNames: string[];
	strict: RegExp | null;
	all: RegExp | null;
}

const QUOTED = /"[^"]*"|“[^”]*”/g;
const MARKER = /\[([^[\]\n]{1,40})\]/g;
const NAME_LIKE = /^[\p{L}\p{N}][\p{L}\p{N}\p{M} _.'-]*$/u;
const ASCII_WORD = /[A-Za-z0-9_]/;
const HANDLE_CHAR = /[A-Za-z0-9_]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function escapeRe(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function compileInjector(characters: readonly PromptCharacter[]): Injector {
	const terms = new Map<string, Term>();
	const withoutId = new Set<string>();
	const ids = new Set<string>();
	for (const c of characters) {
		for (const text of [c.name, ...c.aliases]) {
			if (text === "") continue;
			if (c.id) terms.set(text, { text, id: c.id });
			else if (!terms.has(text)) withoutId.add(text);
		}
		if (c.id) ids.add(c.id);
	}
	for (const t of terms.keys()) withoutId.delete(t);
	const byLength = (a: string, b: string) => b.length - a.length || (a < b ? -1 : 1);
	const termAlt = [...terms.keys()].sort(byLength).map(escapeRe).join("|");
	const idAlt = [...ids].sort(byLength).map(escapeRe).join("|");
	const allNames = [...new Set(characters.flatMap((c) => [c.name, ...c.aliases]))];
	if (!termAlt) return { terms, ids, withoutId, allNames, strict: null, all: null };
	return {
		terms,
		ids,
		withoutId,
		allNames,
		strict: new RegExp(`\\[(${termAlt})\\]`, "g"),
		all: new RegExp(`\\[(${termAlt})\\]|(${idAlt})|(${termAlt})`, "g"),
	};
}

/** True when `id` starts at `pos` in `s` and is not the start of a longer handle. */
function handleAt(s: string, pos: number, id: string): boolean {
	if (!s.startsWith(id, pos)) return false;
	const next = s[pos + id.length] ?? "";
	if (HANDLE_CHAR.test(next)) return false;
	if ((next === "." || next === "-") && HANDLE_CHAR.test(s[pos + id.length + 1] ?? "")) return false;
	return true;
}

/** The id already follows at `pos` (after spaces and an optional '('). */
function idFollows(s: string, pos: number, id: string): boolean {
	let i = pos;
	while (s[i] === " " || s[i] === "\t" || s[i] === "(" || s[i] === "（") i++;
	return handleAt(s, i, id);
}

function spaceAfter(s: string, end: number): string {
	const next = s[end];
	return next === undefined || /\s/.test(next) ? "" : " ";
}

/** Injects ids into one stretch of text outside quotes. */
function injectSegment(seg: string, inj: Injector, plain: boolean): string {
	const re = inj.all!;
	re.lastIndex = 0;
	let out = "";
	let last = 0;
	for (let m = re.exec(seg); m; m = re.exec(seg)) {
		const start = m.index;
		const end = start + m[0].length;
		let rep: string | undefined;
		if (m[1] !== undefined) {
			const linked = seg[start - 1] === "[" || seg[end] === "]" || seg[end] === "(";
			const term = inj.terms.get(m[1])!;
			if (!linked) rep = idFollows(seg, end, term.id) ? term.text : `${term.text} ${term.id}${spaceAfter(seg, end)}`;
		} else if (m[2] !== undefined) {
			const id = m[2];
			if (!handleAt(seg, start, id)) continue;
			const prev = start > last ? (seg[start - 1] ?? "") : (out[out.length - 1] ?? "");
			rep = (LETTER_OR_DIGIT.test(prev) ? " " : "") + id + spaceAfter(seg, end);
		} else if (plain && m[3] !== undefined) {
			const term = inj.terms.get(m[3])!;
			const ascii = ASCII_WORD.test(term.text[0] ?? "") || ASCII_WORD.test(term.text[term.text.length - 1] ?? "");
			const prev = seg[start - 1] ?? "";
			const next = seg[end] ?? "";
			const bounded = !ascii || (!/[A-Za-z0-9_@]/.test(prev) && !/[A-Za-z0-9_@]/.test(next));
			if (bounded && !idFollows(seg, end, term.id)) rep = `${term.text} ${term.id}${spaceAfter(seg, end)}`;
		}
		if (rep === undefined) continue;
		out += seg.slice(last, start) + rep;
		last = end;
	}
	return out + seg.slice(last);
}

/** Splits text into [outside, quoted, outside, quoted, …] (even indices are outside quotes). */
function splitQuotes(text: string): string[] {
	const parts: string[] = [];
	let last = 0;
	QUOTED.lastIndex = 0;
	for (let m = QUOTED.exec(text); m; m = QUOTED.exec(text)) {
		parts.push(text.slice(last, m.index), m[0]);
		last = m.index + m[0].length;
	}
	parts.push(text.slice(last));
	return parts;
}

function markerWarnings(outside: string[], inj: Injector): PromptWarning[] {
	const warnings = new Map<string, PromptWarning>();
	for (const seg of outside) {
		MARKER.lastIndex = 0;
		for (let m = MARKER.exec(seg); m; m = MARKER.exec(seg)) {
			const name = m[1]!;
			const end = m.index + m[0].length;
			if (seg[m.index - 1] === "[" || seg[end] === "]" || seg[end] === "(") continue;
			if (inj.terms.has(name) || !NAME_LIKE.test(name) || name.split(" ").length > 4) continue;
			if (warnings.has(name)) continue;
			if (inj.withoutId.has(name)) {
				warnings.set(name, { kind: "missing-character-id", name });
				continue;
			}
			const guess = closest(name, inj.allNames);
			warnings.set(name, guess ? { kind: "unknown-character", name, suggestion: guess } : { kind: "unknown-character", name });
		}
	}
	return [...warnings.values()];
}

/** Injects character ids. Returns the new text and warnings about unknown markers. */
export function injectCharacters(text: string, inj: Injector, plainNames: boolean): BuiltPrompt {
	const parts = splitQuotes(text);
	const outside = parts.filter((_, i) => i % 2 === 0);
	const warnings = markerWarnings(outside, inj);
	if (!inj.all) return { prompt: text, warnings };
	const strict = inj.strict!;
	const hasMarker = outside.some((p) => {
		strict.lastIndex = 0;
		return strict.test(p);
	});
	const plain = plainNames && !hasMarker;
	const prompt = parts.map((p, i) => (i % 2 === 0 ? injectSegment(p, inj, plain) : p)).join("");
	return { prompt, warnings };
}

/** Appends ` [Scene: … | Props: …]` and ` (Director Note: …)` as the original does. */
export function appendContext(text: string, scene?: string, props?: readonly string[], note?: string): string {
	let out = text;
	const parts: string[] = [];
	if (scene && scene.trim()) parts.push(`Scene: ${scene.trim()}`);
	const p = (props ?? []).map((x) => x.trim()).filter((x) => x !== "");
	if (p.length) parts.push(`Props: ${p.join(", ")}`);
	if (parts.length) out += ` [${parts.join(" | ")}]`;
	if (note && note.trim()) out += ` (Director Note: ${note.trim()})`; // i18n-ignore: part of the prompt sent to the model
	return out;
}

/** The full prompt: inject, append scene/props/director note, collapse whitespace. */
export function buildPrompt(parts: PromptParts, injector: Injector, plainNames = false): BuiltPrompt {
	const injected = injectCharacters(parts.text.trim(), injector, plainNames);
	const full = appendContext(injected.prompt, parts.scene, parts.props, parts.note);
	return { prompt: full.replace(/\s+/g, " ").trim(), warnings: injected.warnings };
}
