/**
 * The original CineFlow's storyboard JSON (seed §3.1): `storyboard*.json` files and
 * ```json fences holding `{ "segments": [...] }`. Read only; never rewritten.
 */
import type { ShotInput, ShotOrigin, SourceRef } from "../types";
import { cleanName, MAX_NAME, migrateLegacyCharacter, normalizeHandle, readBible, type CharacterEntry } from "./characters";
import { issue, show, where, type Issue } from "./errors";
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
		out.problems.push(`asset ${show(asset)} is not valid (expected {characters, scene, props})`);
		return out;
	}
	const chars = asset.characters;
	for (const c of Array.isArray(chars) ? chars : chars == null ? [] : [chars]) {
		const item = typeof c === "string" ? migrateLegacyCharacter(c) : isPlainObject(c) ? c : undefined;
		const name = item && typeof item.name === "string" ? cleanName(item.name) : "";
		if (!item || name === "") {
			out.problems.push(`asset character ${show(c)} has no name`);
			continue;
		}
		if (name.length > MAX_NAME) {
			out.problems.push(`asset character ${show(name)} has a name longer than ${MAX_NAME} characters; it is skipped`);
			continue;
		}
		out.characters.push(name);
		if (typeof item.id === "string" && item.id.trim() !== "") {
			const id = normalizeHandle(item.id);
			if (id) out.ids[name] = id;
			else out.problems.push(`character ${name}: id ${show(item.id)} is not a valid handle (use @ then letters, digits, _, . and -)`);
		}
	}
	const scene = checkField("scene", asset.scene);
	if (scene.ok && typeof scene.value === "string") out.scene = scene.value;
	else if (!scene.ok) out.problems.push("asset." + scene.message);
	const props = checkField("props", asset.props);
	if (props.ok && Array.isArray(props.value)) out.props = props.value as string[];
	else if (!props.ok) out.problems.push("asset." + props.message);
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
	if (!isPlainObject(seg)) return { ...base, ok: false, id, label: id, error: `${at}: segment ${show(seg)} is not an object` };
	const errors: string[] = [];
	const warnings: string[] = [];
	if (rawIndex === undefined) warnings.push(`segment_index is missing; using ${position}`);
	else if (!validIndex) errors.push(`segment_index ${show(rawIndex)} is not valid (expected a whole number)`);
	const input: ShotInput = { id };
	const target = input as Record<string, unknown>;
	for (const [key, value] of Object.entries(seg)) {
		if (key === "segment_index" || key === "asset") continue;
		const field = own(SEGMENT_FIELDS, key);
		if (!field) {
			warnings.push(`unknown segment field ${key} is ignored`);
			continue;
		}
		const r = checkField(field, value);
		if (!r.ok) errors.push(`${key} ${r.message.slice(field.length + 1)}`);
		else if (r.value !== undefined) target[field] = r.value;
	}
	if (!errors.some((e) => e.startsWith("prompt_text"))) {
		if (input.prompt === undefined) errors.push("prompt_text is missing");
		else if (input.prompt.trim() === "") errors.push("prompt_text is empty");
	}
	const asset = readAsset(seg.asset);
	warnings.push(...asset.problems);
	if (asset.characters.length) input.characters = asset.characters;
	if (Object.keys(asset.ids).length) input.characterIds = asset.ids;
	if (asset.scene !== undefined) input.scene = asset.scene;
	if (asset.props?.length) input.props = asset.props;
	base.warnings = warnings.map((w) => `${at}: ${w}`);
	if (errors.length) return { ...base, ok: false, id, label: id, error: `${at}: ${errors.join("; ")}` };
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
			out.issues.push(issue("error", place.path, line, `storyboard JSON could not be read: ${what}`));
		}
		return out;
	}
	if (!isPlainObject(data) || !Array.isArray(data.segments)) {
		if (requireStoryboard) out.issues.push(issue("error", place.path, place.line, 'not a storyboard: expected an object with a "segments" list'));
		return out;
	}
	out.storyboard = true;
	if (!withinBudget(data, 200_000)) {
		out.issues.push(issue("error", place.path, place.line, "storyboard JSON is too deeply nested or too large"));
		return out;
	}
	for (const key of Object.keys(data)) {
		if (!QUIET_TOP.has(key) && !key.startsWith("_")) out.issues.push(issue("warning", place.path, place.line, `unknown storyboard field ${key} is ignored`));
	}
	const bible = readBible(data.character_bible);
	out.bible = bible.entries;
	for (const p of bible.problems) out.issues.push(issue("warning", place.path, place.line, p));
	const spans = segmentSpans(text);
	data.segments.forEach((seg: unknown, i: number) => out.shots.push(readSegment(seg, i + 1, spans[i], place, lines)));
	return out;
}
