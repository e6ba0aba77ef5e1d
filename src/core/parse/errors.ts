/**
 * Issue shapes and message helpers. Every message names the file, the line and
 * (for shots) the shot: `Scenes/Ep1.md:42 shot s03: duration 7 is not allowed …`,
 * in Chinese `Scenes/第一集.md:42 分镜 s03：时长 7 秒不可用于 …`. Messages are
 * rendered in the current language (i18n `t`) when the note is parsed.
 */
import { t, type MessageKey, type Params } from "../i18n";
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

/** Codes of issues built from catalog messages (kept beside the issue so its shape stays the same). */
const CODES = new WeakMap<Issue, MessageKey>();

/** The stable catalog key of what an issue says (language-neutral, for --json); undefined for free text. */
export function issueCode(i: Issue): MessageKey | undefined {
	return CODES.get(i);
}

/** One problem: its stable code and its text in the current language. */
export interface Problem {
	code: MessageKey;
	text: string;
}

/** A problem from a catalog message. */
export function problem(code: MessageKey, params?: Params): Problem {
	return { code, text: t(code, params) };
}

/** `path:line` or `path:line shot id` (Chinese `path:line 分镜 id`). */
export function where(path: string, line: number, shotId?: string): string {
	return shotId === undefined ? t("common.lineRef", { path, line }) : t("common.shotRef", { path, line, shot: shotId });
}

/** A location and what is wrong there: `where: what` (Chinese `where：what`). */
export function located(at: string, what: string): string {
	return t("parse.at", { where: at, what });
}

/** Several problems of one shot in one message: `a; b` (Chinese `a；b`). */
export function joinProblems(problems: readonly (Problem | string)[]): string {
	return problems.map((p) => (typeof p === "string" ? p : p.text)).join(t("parse.sep.problems"));
}

export function issue(severity: Severity, path: string, line: number, what: Problem | string): Issue {
	const text = typeof what === "string" ? what : what.text;
	const out: Issue = { severity, line, message: located(where(path, line), text) };
	if (typeof what !== "string") CODES.set(out, what.code);
	return out;
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
	else if (value === undefined) s = t("parse.nothing");
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

/** Allowed values for a person: "10, 15" (Chinese "10、15"). */
export function list(values: readonly (string | number)[]): string {
	return values.join(t("parse.sep.values"));
}
