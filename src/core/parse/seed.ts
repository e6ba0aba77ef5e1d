/**
 * The original CineFlow's storyboard JSON (seed §3.1): `storyboard*.json` files and
 * ```json fences holding `{ "segments": [...] }`. Read only; never rewritten.
 */
import type { ShotInput, ShotOrigin, SourceRef } from "../types";
import { cleanName, MAX_NAME, migrateLegacyCharacter, normalizeHandle, readBible, type CharacterEntry } from "./characters";
import { t } from "../i18n";
import { issue, joinProblems, located, problem, show, where, type Issue, type Problem } from "./errors";
import { LineIndex, segmentSpans, type Span } from "./jsonpos";
import { isPlainObject, own, withinBudget } from "./limits";
import type { ShotResult } from "./model";
import { checkField } from "./schema";

/** Segment key → shot field. */
const SEGMENT_FIELDS: Record<string, string> = {
	prompt_text: "prompt",
	image_url: "image",
	is_pro: "pro",
	duration_seconds: "duration",
	resolution: "orientation",
	director_intent: "note",
};
const QUIET_TOP = new Set(["segments", "metadata", "character_bible"]);

/** Where the JSON text sits in the file. */
export interface SeedPlacement {
	path: string;
	origin: ShotOrigin;
	/** Offset and 1-based line of the JSON text's first character in the file. */
	offset: number;
	line: number;
	/** For fences: the whole block, used as every segment's offsets. */
	block?: { startOffset: number; endOffset: number };
	/** Index of the first segment among the note's shots, minus one. */
	indexBase: number;
}

export interface SeedResult {
	/** False when the JSON is not a storyboard (no `segments` list). */
	storyboard: boolean;
	shots: ShotResult[];
	bible: CharacterEntry[];
	issues: Issue[];
}

function jsonErrorLine(err: unknown, text: string, lines: LineIndex): number | undefined {
	const msg = err instanceof Error ? err.message : "";
	const lc = /line (\d+) column \d+/.exec(msg);
	if (lc?.[1]) return Number(lc[1]);
	const pos = /position (\d+)/.exec(msg);
	return pos?.[1] ? lines.lineOf(Math.min(Number(pos[1]), text.length)) : undefined;
}

interface AssetInfo {
	characters: string[];
	ids: Record<string, string>;
	scene?: string;
	props?: string[];
	problems: string[];
}

function readAsset(asset: unknown): AssetInfo {
	const out: AssetInfo = { characters: [], ids: {}, problems: [] };
	if (asset === null || asset === undefined) return out;
	if (!isPlainObject(asset)) {
		out.problems.push(t("parse.asset.invalid", { value: show(asset) }));
		return out;
	}
	const chars = asset.characters;
	for (const c of Array.isArray(chars) ? chars : chars == null ? [] : [chars]) {
		const item = typeof c === "string" ? migrateLegacyCharacter(c) : isPlainObject(c) ? c : undefined;
		const name = item && typeof item.name === "string" ? cleanName(item.name) : "";
		if (!item || name === "") {
			out.problems.push(t("parse.asset.noName", { value: show(c) }));
			continue;
		}
		if (name.length > MAX_NAME) {
			out.problems.push(t("parse.asset.tooLong", { name: show(name), max: MAX_NAME }));
			continue;
		}
		out.characters.push(name);
		if (typeof item.id === "string" && item.id.trim() !== "") {
			const id = normalizeHandle(item.id);
			if (id) out.ids[name] = id;
			else out.problems.push(t("parse.character.badHandle", { name, value: show(item.id) }));
		}
	}
	const scene = checkField("scene", asset.scene, "asset.scene");
	if (scene.ok && typeof scene.value === "string") out.scene = scene.value;
	else if (!scene.ok) out.problems.push(scene.message);
	const props = checkField("props", asset.props, "asset.props");
	if (props.ok && Array.isArray(props.value)) out.props = props.value as string[];
	else if (!props.ok) out.problems.push(props.message);
	return out;
}

function readSegment(seg: unknown, position: number, span: Span | undefined, place: SeedPlacement, lines: LineIndex): ShotResult {
	const line = span ? place.line + lines.lineOf(span.start) - 1 : place.line;
	const source: SourceRef = {
		notePath: place.path,
		line,
		endLine: line,
		startOffset: place.block?.startOffset ?? place.offset + (span?.start ?? 0),
		endOffset: place.block?.endOffset ?? place.offset + (span?.end ?? 0),
	};
	const base = { source, origin: place.origin, index: place.indexBase + position, warnings: [] as string[] };
	const rawIndex = isPlainObject(seg) ? seg.segment_index : undefined;
	const validIndex = typeof rawIndex === "number" && Number.isInteger(rawIndex) && rawIndex >= 0;
	const id = `seg${validIndex ? rawIndex : position}`;
	const at = where(place.path, line, id);
	const fail = (errors: Problem[]): ShotResult => {
		const detail = joinProblems(errors);
		return { ...base, ok: false, id, label: id, error: located(at, detail), detail, code: errors[0]!.code };
	};
	if (!isPlainObject(seg)) return fail([problem("parse.segment.notObject", { value: show(seg) })]);
	const errors: Problem[] = [];
	const warnings: string[] = [];
	if (rawIndex === undefined) warnings.push(t("parse.segment.indexMissing", { position }));
	else if (!validIndex) errors.push(problem("parse.segment.indexInvalid", { value: show(rawIndex) }));
	let promptFailed = false;
	const input: ShotInput = { id };
	const target = input as Record<string, unknown>;
	for (const [key, value] of Object.entries(seg)) {
		if (key === "segment_index" || key === "asset") continue;
		const field = own(SEGMENT_FIELDS, key);
		if (!field) {
			warnings.push(t("parse.segment.fieldIgnored", { key }));
			continue;
		}
		const r = checkField(field, value, key);
		if (!r.ok) {
			errors.push(r.problem);
			if (key === "prompt_text") promptFailed = true;
		} else if (r.value !== undefined) target[field] = r.value;
	}
	if (!promptFailed) {
		if (input.prompt === undefined) errors.push(problem("parse.segment.promptMissing"));
		else if (input.prompt.trim() === "") errors.push(problem("parse.segment.promptEmpty"));
	}
	const asset = readAsset(seg.asset);
	warnings.push(...asset.problems);
	if (asset.characters.length) input.characters = asset.characters;
	if (Object.keys(asset.ids).length) input.characterIds = asset.ids;
	if (asset.scene !== undefined) input.scene = asset.scene;
	if (asset.props?.length) input.props = asset.props;
	base.warnings = warnings.map((w) => located(at, w));
	if (errors.length) return fail(errors);
	return { ...base, ok: true, id, input };
}

/** Reads a storyboard object from JSON text. Never throws. */
export function readSeed(text: string, place: SeedPlacement, requireStoryboard: boolean): SeedResult {
	const out: SeedResult = { storyboard: false, shots: [], bible: [], issues: [] };
	const lines = new LineIndex(text);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (err) {
		if (requireStoryboard || text.includes('"segments"')) {
			const l = jsonErrorLine(err, text, lines);
			const line = l === undefined ? place.line : place.line + l - 1;
			const what = err instanceof Error ? err.message.split("\n")[0] : String(err);
			out.issues.push(issue("error", place.path, line, problem("parse.seed.unreadable", { reason: what ?? "" })));
		}
		return out;
	}
	if (!isPlainObject(data) || !Array.isArray(data.segments)) {
		if (requireStoryboard) out.issues.push(issue("error", place.path, place.line, problem("parse.seed.notStoryboard")));
		return out;
	}
	out.storyboard = true;
	if (!withinBudget(data, 200_000)) {
		out.issues.push(issue("error", place.path, place.line, problem("parse.seed.tooLarge")));
		return out;
	}
	for (const key of Object.keys(data)) {
		if (!QUIET_TOP.has(key) && !key.startsWith("_")) out.issues.push(issue("warning", place.path, place.line, problem("parse.seed.fieldIgnored", { key })));
	}
	const bible = readBible(data.character_bible);
	out.bible = bible.entries;
	for (const p of bible.problems) out.issues.push(issue("warning", place.path, place.line, p));
	const spans = segmentSpans(text);
	data.segments.forEach((seg: unknown, i: number) => out.shots.push(readSegment(seg, i + 1, spans[i], place, lines)));
	return out;
}
