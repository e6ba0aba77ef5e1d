/**
 * Shot blocks: a fenced block with info string `shot` and a YAML (or JSON) body.
 * Field shapes are checked here; provider-specific limits when the shot is resolved.
 */
import type { ShotInput, SourceRef } from "../types";
import { closest, show, where } from "./errors";
import type { FencedBlock } from "./fences";
import { loadYaml } from "./frontmatter";
import { isPlainObject, own, withinBudget } from "./limits";
import type { ShotResult } from "./model";
import { checkField, FIELD_ALIASES, ID_PATTERN, ID_RULE, SHOT_FIELDS } from "./schema";

/** Shot blocks larger than this are refused (a prompt is rarely over a few KB). */
export const MAX_SHOT_BLOCK = 2 * 1024 * 1024;

export interface FieldsResult {
	input: ShotInput;
	/** Problems without location prefix, e.g. `takes 11 is not allowed (allowed: 1–10)`. */
	errors: string[];
	warnings: string[];
}

/**
 * Checks and coerces every key of `raw` as a shot field. `skip` lists keys the
 * caller handles itself; `prefix` is prepended to field names in messages.
 */
export function readShotFields(raw: Record<string, unknown>, skip: readonly string[] = [], prefix = ""): FieldsResult {
	const input: ShotInput = {};
	const errors: string[] = [];
	const warnings: string[] = [];
	const target = input as Record<string, unknown>;
	const setBy = new Map<string, string>();
	for (const [key, value] of Object.entries(raw)) {
		if (skip.includes(key)) continue;
		const name = own(FIELD_ALIASES, key) ?? key;
		if (!Object.prototype.hasOwnProperty.call(SHOT_FIELDS, name)) {
			const guess = closest(key, Object.keys(SHOT_FIELDS));
			warnings.push(`unknown field ${prefix}${key} is ignored` + (guess ? ` (did you mean ${prefix}${guess}?)` : ""));
			continue;
		}
		const r = checkField(name, value);
		// Two spellings of one field (image / first_frame) must not both be given.
		const to = (SHOT_FIELDS[name] as { to?: string }).to ?? name;
		const clash = setBy.get(to);
		if (!r.ok) errors.push(prefix + r.message);
		else if (clash !== undefined) errors.push(`${prefix}${clash} and ${prefix}${key} both set the first frame; keep one`);
		else if (r.value !== undefined) {
			target[to] = r.value;
			setBy.set(to, key);
		}
	}
	return { input, errors, warnings };
}

type BodyResult = { ok: true; data: unknown } | { ok: false; message: string; line?: number };

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
		return { ok: false, message: `YAML error: ${reason}`, line };
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
	const fail = (id: string | undefined, what: string, line = block.line): ShotResult => ({
		...base,
		ok: false,
		id,
		label: id ?? fallback,
		error: `${where(path, line, id ?? fallback)}: ${what}`,
	});
	if (!block.terminated) return fail(undefined, "unterminated shot block (close it with a line of ``` after the fields)");
	if (block.value.length > MAX_SHOT_BLOCK) {
		return fail(undefined, `shot block is too large (${Math.round(block.value.length / 1024)} KB; at most ${MAX_SHOT_BLOCK / 1024} KB)`);
	}
	if (block.value.trim() === "") return fail(undefined, "shot block is empty (it needs at least a prompt)");
	const body = parseBody(block.value);
	if (!body.ok) return fail(undefined, body.message, body.line === undefined ? block.line : block.line + 1 + body.line);
	const raw = body.data;
	if (!isPlainObject(raw)) {
		const got = Array.isArray(raw) ? "a list" : raw === null ? "nothing" : show(raw);
		return fail(undefined, `shot block must be a map of fields like "prompt: …" (got ${got})`);
	}
	if (!withinBudget(raw)) return fail(peekId(raw), "shot block is too deeply nested or expands too much (YAML aliases)");
	const rawId = peekId(raw);
	const idOk = rawId === undefined || ID_PATTERN.test(rawId);
	const label = idOk ? (rawId ?? fallback) : show(rawId);
	const fields = readShotFields(raw);
	const errors = [...fields.errors.filter((e) => !e.startsWith("id "))];
	if (!idOk && rawId !== undefined && rawId.length > 64) errors.unshift(`id ${show(rawId)} is too long (${rawId.length} characters; ${ID_RULE})`);
	else if (!idOk) errors.unshift(`id ${show(rawId)} is not allowed (${ID_RULE})`);
	if (raw.prompt === undefined || raw.prompt === null) errors.push("prompt is missing");
	else if (typeof fields.input.prompt === "string" && fields.input.prompt.trim() === "") errors.push("prompt is empty");
	const warnings = fields.warnings.map((w) => `${where(path, block.line, label)}: ${w}`);
	if (errors.length) {
		return { ...base, warnings, ok: false, id: idOk ? label : undefined, label, error: `${where(path, block.line, label)}: ${errors.join("; ")}` };
	}
	const id = rawId ?? fallback;
	return { ...base, warnings, ok: true, id, idGiven: rawId !== undefined, input: { ...fields.input, id } };
}
