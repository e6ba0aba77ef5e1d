/**
 * Shot blocks: a fenced block with info string `shot` and a YAML (or JSON) body.
 * Field shapes are checked here; provider-specific limits when the shot is resolved.
 */
import { t } from "../i18n";
import type { ShotInput, SourceRef } from "../types";
import { closest, joinProblems, located, problem, show, where, type Problem } from "./errors";
import type { FencedBlock } from "./fences";
import { loadYaml } from "./frontmatter";
import { isPlainObject, own, withinBudget } from "./limits";
import type { ShotResult } from "./model";
import { checkField, FIELD_ALIASES, ID_PATTERN, SHOT_FIELDS } from "./schema";

/** Shot blocks larger than this are refused (a prompt is rarely over a few KB). */
export const MAX_SHOT_BLOCK = 2 * 1024 * 1024;

/** A problem with one field: the key as written (without prefix) and the problem. */
export interface FieldProblem {
	field: string;
	problem: Problem;
}

export interface FieldsResult {
	input: ShotInput;
	/** Problems without location prefix, e.g. `takes 11 is not allowed (allowed: 1–10)`. */
	errors: string[];
	warnings: string[];
	/** The same errors and warnings with the field each is about (for lines and codes). */
	errorFields: FieldProblem[];
	warningFields: FieldProblem[];
}

/**
 * Checks and coerces every key of `raw` as a shot field. `skip` lists keys the
 * caller handles itself; `prefix` is prepended to field names in messages.
 */
export function readShotFields(raw: Record<string, unknown>, skip: readonly string[] = [], prefix = ""): FieldsResult {
	const input: ShotInput = {};
	const errorFields: FieldProblem[] = [];
	const warningFields: FieldProblem[] = [];
	const target = input as Record<string, unknown>;
	const setBy = new Map<string, string>();
	for (const [key, value] of Object.entries(raw)) {
		if (skip.includes(key)) continue;
		const name = own(FIELD_ALIASES, key) ?? key;
		if (!Object.prototype.hasOwnProperty.call(SHOT_FIELDS, name)) {
			const guess = closest(key, Object.keys(SHOT_FIELDS));
			const p = guess
				? problem("parse.field.ignoredGuess", { key: prefix + key, guess: prefix + guess })
				: problem("parse.field.ignored", { key: prefix + key });
			warningFields.push({ field: key, problem: p });
			continue;
		}
		const r = checkField(name, value, prefix + name);
		// Two spellings of one field (image / first_frame) must not both be given.
		const to = (SHOT_FIELDS[name] as { to?: string }).to ?? name;
		const clash = setBy.get(to);
		if (!r.ok) errorFields.push({ field: name, problem: r.problem });
		else if (clash !== undefined)
			errorFields.push({ field: clash, problem: problem("parse.field.firstFrameTwice", { first: prefix + clash, second: prefix + key }) });
		else if (r.value !== undefined) {
			target[to] = r.value;
			setBy.set(to, key);
		}
	}
	const texts = (list: FieldProblem[]) => list.map((f) => f.problem.text);
	return { input, errors: texts(errorFields), warnings: texts(warningFields), errorFields, warningFields };
}

type BodyResult = { ok: true; data: unknown } | { ok: false; problem: Problem; line?: number };

/** Parses a shot body: JSON when it looks like JSON and parses, otherwise YAML. */
export function parseBody(body: string): BodyResult {
	const trimmed = body.trim();
	if (trimmed.startsWith("{")) {
		try {
			return { ok: true, data: JSON.parse(trimmed) };
		} catch {
			// fall through to YAML, which also reads most JSON-like flow maps
		}
	}
	try {
		return { ok: true, data: loadYaml(body) };
	} catch (err) {
		const e = err as { reason?: unknown; mark?: { line?: unknown }; message?: unknown };
		const line = typeof e?.mark?.line === "number" ? e.mark.line : undefined;
		const reason = typeof e?.reason === "string" ? e.reason : err instanceof Error ? err.message : String(err);
		return { ok: false, problem: problem("parse.yaml", { reason }), line };
	}
}

function defaultId(index: number): string {
	return "s" + String(index).padStart(2, "0");
}

/** Reads the id field early, for labels in messages (even when the body has errors). */
function peekId(raw: unknown): string | undefined {
	if (!isPlainObject(raw)) return undefined;
	const v = raw.id;
	return typeof v === "string" || typeof v === "number" ? String(v).trim() : undefined;
}

/** Turns one `shot` fence into a shot result. `index` is the shot's 1-based position in the note. */
export function parseShotBlock(path: string, block: FencedBlock, index: number): ShotResult {
	const source: SourceRef = {
		notePath: path,
		line: block.line,
		endLine: block.endLine,
		startOffset: block.startOffset,
		endOffset: block.endOffset,
	};
	const base = { source, origin: "shot" as const, index, warnings: [] as string[] };
	const fallback = defaultId(index);
	const fail = (id: string | undefined, what: Problem, line = block.line): ShotResult => ({
		...base,
		ok: false,
		id,
		label: id ?? fallback,
		error: located(where(path, line, id ?? fallback), what.text),
		detail: what.text,
		code: what.code,
	});
	if (!block.terminated) return fail(undefined, problem("parse.shot.unterminated"));
	if (block.value.length > MAX_SHOT_BLOCK) {
		return fail(undefined, problem("parse.shot.tooLarge", { size: Math.round(block.value.length / 1024), max: MAX_SHOT_BLOCK / 1024 }));
	}
	if (block.value.trim() === "") return fail(undefined, problem("parse.shot.empty"));
	const body = parseBody(block.value);
	if (!body.ok) return fail(undefined, body.problem, body.line === undefined ? block.line : block.line + 1 + body.line);
	const raw = body.data;
	if (!isPlainObject(raw)) {
		const got = Array.isArray(raw) ? t("parse.aList") : show(raw ?? undefined);
		return fail(undefined, problem("parse.shot.notMap", { got }));
	}
	if (!withinBudget(raw)) return fail(peekId(raw), problem("parse.shot.tooDeep"));
	const rawId = peekId(raw);
	const idOk = rawId === undefined || ID_PATTERN.test(rawId);
	const label = idOk ? (rawId ?? fallback) : show(rawId);
	const fields = readShotFields(raw);
	const errors = fields.errorFields.filter((e) => e.field !== "id").map((e) => e.problem);
	if (!idOk && rawId !== undefined && rawId.length > 64) errors.unshift(problem("parse.id.tooLong", { value: show(rawId), length: rawId.length }));
	else if (!idOk) errors.unshift(problem("parse.id.invalid", { value: show(rawId) }));
	if (raw.prompt === undefined || raw.prompt === null) errors.push(problem("parse.prompt.missing"));
	else if (typeof fields.input.prompt === "string" && fields.input.prompt.trim() === "") errors.push(problem("parse.prompt.empty"));
	const at = where(path, block.line, label);
	const warnings = fields.warnings.map((w) => located(at, w));
	if (errors.length) {
		const detail = joinProblems(errors);
		return { ...base, warnings, ok: false, id: idOk ? label : undefined, label, error: located(at, detail), detail, code: errors[0]!.code };
	}
	const id = rawId ?? fallback;
	return { ...base, warnings, ok: true, id, idGiven: rawId !== undefined, input: { ...fields.input, id } };
}
