/**
 * Front matter, read with gray-matter in a locked-down configuration: options are
 * always passed (without options gray-matter caches every input forever) and every
 * engine but YAML and JSON is replaced by one that throws, so a `---js` block can
 * never be evaluated. The language is also checked before gray-matter is called.
 */
import matter from "gray-matter";
import { t } from "../i18n";
import { issue, problem, type Issue } from "./errors";
import { withinBudget } from "./limits";

export const ALLOWED_LANGUAGES = ["yaml", "yml", "json"];
/** Front matter larger than this is not parsed. */
export const MAX_FRONTMATTER = 256 * 1024;

export class FrontmatterLanguageError extends Error {
	constructor(language: string) {
		super(t("parse.fm.language", { language }));
		this.name = "FrontmatterLanguageError";
	}
}

function refuse(language: string) {
	return {
		parse(): object {
			throw new FrontmatterLanguageError(language);
		},
	};
}

const yamlEngine = (matter as unknown as { engines: { yaml: { parse(s: string): unknown } } }).engines.yaml;

/** js-yaml's safeLoad as bundled with gray-matter (no custom tags, no functions). */
export function loadYaml(source: string): unknown {
	return yamlEngine.parse(source);
}

/** The only options CineFlow ever passes to gray-matter. */
export const SAFE_MATTER_OPTIONS = {
	language: "yaml",
	excerpt: false,
	engines: {
		// The value may be a scalar; readFrontmatter reports non-maps itself.
		yaml: { parse: (s: string): object => loadYaml(s) as object },
		yml: { parse: (s: string): object => loadYaml(s) as object },
		json: { parse: (s: string): object => JSON.parse(s) as object },
		javascript: refuse("javascript"),
		js: refuse("js"),
		coffee: refuse("coffee"),
		coffeescript: refuse("coffeescript"),
		cson: refuse("cson"),
		toml: refuse("toml"),
	},
};

export interface Frontmatter {
	/** Parsed front matter; {} when there is none or it could not be read. */
	data: Record<string, unknown>;
	/** Raw front matter text (between the fences), "" when there is none. */
	raw: string;
	/** Offset in the text where the note body starts (after the closing fence). */
	bodyOffset: number;
	/** 1-based line where the body starts. */
	bodyLine: number;
	issues: Issue[];
}

function countLines(text: string, from: number, to: number): number {
	let n = 0;
	for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) n++;
	return n;
}

/** Finds the closing `---` line (Obsidian's rule: a line of exactly ---). */
function findClose(text: string, from: number): { start: number; end: number } | undefined {
	const re = /\n---[ \t]*\r?(?:\n|$)/g;
	re.lastIndex = from - 1;
	const m = re.exec(text);
	return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

function yamlLine(err: unknown): number | undefined {
	const mark = (err as { mark?: { line?: unknown } } | null)?.mark;
	return typeof mark?.line === "number" ? mark.line : undefined;
}

function reason(err: unknown): string {
	const r = (err as { reason?: unknown } | null)?.reason;
	if (typeof r === "string") return r;
	return err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
}

/** Reads the front matter of a note. Never throws. */
export function readFrontmatter(path: string, text: string): Frontmatter {
	const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const none: Frontmatter = { data: {}, raw: "", bodyOffset: start, bodyLine: 1, issues: [] };
	if (!text.startsWith("---", start) || text.charAt(start + 3) === "-") return none;
	const eol = text.indexOf("\n", start);
	if (eol < 0) return none;
	const language = text
		.slice(start + 3, eol)
		.trim()
		.toLowerCase();
	const close = findClose(text, eol + 1);
	if (!close) {
		if (language === "") return none;
		return { ...none, issues: [issue("warning", path, 1, problem("parse.fm.unclosed"))] };
	}
	const bodyOffset = close.end;
	const bodyLine = 1 + countLines(text, start, bodyOffset);
	const raw = text.slice(eol + 1, close.start);
	const out: Frontmatter = { data: {}, raw, bodyOffset, bodyLine, issues: [] };
	if (language !== "" && !ALLOWED_LANGUAGES.includes(language)) {
		out.issues.push(issue("error", path, 1, problem("parse.fm.language", { language })));
		return out;
	}
	if (raw.length > MAX_FRONTMATTER) {
		out.issues.push(issue("error", path, 1, problem("parse.fm.tooLarge", { size: Math.round(raw.length / 1024), max: MAX_FRONTMATTER / 1024 })));
		return out;
	}
	try {
		const file = matter(text.slice(start, close.end), SAFE_MATTER_OPTIONS);
		const data: unknown = file.data;
		if (!withinBudget(data)) {
			out.issues.push(issue("error", path, 1, problem("parse.fm.tooDeep")));
		} else if (data !== null && typeof data === "object" && !Array.isArray(data)) {
			out.data = data as Record<string, unknown>;
		} else if (data !== null && data !== undefined) {
			out.issues.push(issue("warning", path, 1, problem("parse.fm.notMap")));
		}
	} catch (err) {
		const l = yamlLine(err);
		const line = l === undefined ? 1 : 1 + l;
		out.issues.push(issue("error", path, line, problem("parse.fm.unreadable", { reason: reason(err) })));
	}
	return out;
}
