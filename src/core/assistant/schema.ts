/**
 * The answer the script assistant asks a chat model for, built from the parser's
 * own zod field schemas (SHOT_FIELDS, characterObjectSchema), and the JSON Schema
 * sent as `response_format` (strict structured output), generated from that same
 * zod object with `z.toJSONSchema` (./json-schema). A field the parser accepts is a field the
 * assistant accepts, and the other way round.
 */
import * as z from "zod/mini";
import { characterObjectSchema, ID_PATTERN, SHOT_FIELDS, checkField } from "../parse/schema";
import { readShotFields } from "../parse/shots";
import type { ShotInput } from "../types";
import { answerJsonSchema } from "./json-schema";
import "../zod-locale";

/** Shot fields the assistant fills in; the rest (provider, model, images, takes…) stay the user's choice. */
export const ASSISTANT_FIELDS = ["id", "prompt", "duration", "characters", "scene", "props", "note"] as const;
export type AssistantField = (typeof ASSISTANT_FIELDS)[number];
/** Fields that must have a value; the others may be null (strict structured output has no optional keys). */
const REQUIRED_FIELDS: readonly AssistantField[] = ["id", "prompt"];

/** The name of the schema in `response_format.json_schema.name`. */
export const SCHEMA_NAME = "cineflow_storyboard";

function fieldSchema(f: AssistantField): z.ZodMiniType {
	const spec = SHOT_FIELDS[f];
	if (!spec) throw new Error(`the parser has no shot field ${f}`); // i18n-ignore: programming error, never shown
	return REQUIRED_FIELDS.includes(f) ? spec.schema : z.nullable(spec.schema);
}

/** One drafted shot: exactly the assistant fields, each checked by the parser's schema. */
export const draftShotSchema = z.strictObject(Object.fromEntries(ASSISTANT_FIELDS.map((f) => [f, fieldSchema(f)])) as Record<AssistantField, z.ZodMiniType>);

const bibleShape = characterObjectSchema.shape;
/** One proposed character bible entry (the parser's bible entry, without provider id or image). */
export const draftCharacterSchema = z.strictObject({
	name: bibleShape.name.def.innerType,
	aliases: z.nullable(bibleShape.aliases.def.innerType),
	description: z.nullable(bibleShape.description.def.innerType),
});

/** The whole answer for one chunk of the script. */
export const draftAnswerSchema = z.strictObject({
	shots: z.array(draftShotSchema),
	characters: z.array(draftCharacterSchema),
});

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Makes zod's input-side JSON Schema fit strict structured output: drops `$schema`,
 * drops branches zod could not represent (`{}`, e.g. the YAML date branch of text
 * fields), flattens nested `anyOf`, and removes duplicate branches.
 */
export function strictify(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(strictify);
	if (!isObj(node)) return node;
	const out: Json = {};
	for (const [k, v] of Object.entries(node)) {
		if (k === "$schema") continue;
		if (k === "properties" && isObj(v)) {
			out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strictify(s)]));
			continue;
		}
		out[k] = strictify(v);
	}
	if (Array.isArray(out.anyOf)) {
		const branches: unknown[] = [];
		const seen = new Set<string>();
		const add = (b: unknown) => {
			if (isObj(b) && Object.keys(b).length === 0) return;
			if (isObj(b) && Array.isArray(b.anyOf) && Object.keys(b).length === 1) {
				for (const x of b.anyOf) add(x);
				return;
			}
			const key = JSON.stringify(b);
			if (seen.has(key)) return;
			seen.add(key);
			branches.push(b);
		};
		for (const b of out.anyOf) add(b);
		delete out.anyOf;
		const only = branches[0];
		if (branches.length === 1 && isObj(only)) return { ...only, ...out };
		out.anyOf = branches;
	}
	return out;
}

function describeField(f: AssistantField): string {
	const expected = SHOT_FIELDS[f]?.expected ?? "";
	// i18n-ignore: the field descriptions below go to the model in the JSON Schema, not to a person.
	const extra: Record<AssistantField, string> = {
		id: "Unique shot id, e.g. s01.", // i18n-ignore: for the model
		prompt: "What the camera shows: subject, action, setting, camera, light, sound. Keep dialogue verbatim in quotes; write character names as [Name].", // i18n-ignore: for the model
		duration: "Seconds, one of the allowed durations, or null for the note's default.", // i18n-ignore: for the model
		characters: "Names of the characters in the shot, as in the character list.", // i18n-ignore: for the model
		scene: "Short location / time description, or null.", // i18n-ignore: for the model
		props: "Important props, or null.", // i18n-ignore: for the model
		note: "Director's intent, or null.", // i18n-ignore: for the model
	};
	return `${extra[f]} (${expected})`;
}

let cached: Json | undefined;

/**
 * The JSON Schema of `draftAnswerSchema`, as sent in `response_format`. Every object
 * lists all its properties as required and forbids others (strict mode); optional
 * fields are nullable. The id gets the parser's id pattern.
 */
export function draftJsonSchema(): Json {
	if (cached) return structuredClone(cached);
	const raw = answerJsonSchema();
	const schema = strictify(raw) as Json;
	const shots = schema.properties as Json;
	const shotItems = (shots.shots as Json).items as Json;
	const props = shotItems.properties as Record<string, Json>;
	for (const f of ASSISTANT_FIELDS) {
		const p = props[f];
		if (p) p.description = describeField(f);
	}
	if (props.id) {
		props.id.type = "string";
		delete props.id.anyOf;
		props.id.pattern = ID_PATTERN.source;
	}
	// Strict mode: every object lists every property as required.
	const requireAll = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(requireAll);
		if (!isObj(node)) return;
		if (isObj(node.properties)) {
			node.required = Object.keys(node.properties);
			node.additionalProperties = false;
		}
		for (const v of Object.values(node)) requireAll(v);
	};
	requireAll(schema);
	cached = schema;
	return structuredClone(schema);
}

/** A drafted shot after validation: the parser's coerced fields, plus the id as given. */
export interface DraftShot {
	rawId: string;
	input: ShotInput;
}

export interface DraftCharacter {
	name: string;
	aliases: string[];
	description?: string;
}

export interface DraftAnswer {
	shots: DraftShot[];
	characters: DraftCharacter[];
}

export type AnswerCheck = { ok: true; answer: DraftAnswer } | { ok: false; errors: string[] };

function pathOf(p: readonly PropertyKey[]): string {
	let s = "";
	for (const k of p) s += typeof k === "number" ? `[${k}]` : s === "" ? String(k) : `.${String(k)}`;
	return s || "(answer)";
}

const MAX_ERRORS = 20;

/**
 * Validates a chat answer (the message content). Errors name the place in the
 * answer (`shots[2].duration`) and say what was expected, in the parser's words.
 */
export function checkAnswer(content: string): AnswerCheck {
	let data: unknown;
	try {
		data = JSON.parse(content);
	} catch (e) {
		const why = e instanceof Error ? e.message : String(e);
		return { ok: false, errors: [`the answer is not valid JSON (${why})`] }; // i18n-ignore: answer checks go back to the model in the repair prompt
	}
	const r = draftAnswerSchema.safeParse(data);
	const errors: string[] = [];
	if (!r.success) {
		const seen = new Set<string>();
		for (const i of r.error.issues) {
			const path = pathOf(i.path);
			let msg = `${path}: ${i.message}`;
			// Field problems in the parser's own words.
			if (i.path[0] === "shots" && typeof i.path[1] === "number" && typeof i.path[2] === "string" && isObj(data)) {
				const shot = (data.shots as unknown[] | undefined)?.[i.path[1]];
				const key = i.path[2];
				if (isObj(shot) && key in shot) {
					const c = checkField(key, shot[key]);
					if (!c.ok) msg = `${pathOf(i.path.slice(0, 3))}: ${c.message}`;
				}
			}
			if (i.code === "unrecognized_keys") msg = `${path}: unknown ${i.keys.length > 1 ? "fields" : "field"} ${i.keys.join(", ")}`;
			if (!seen.has(msg)) errors.push(msg);
			seen.add(msg);
		}
		return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
	}
	const shots: DraftShot[] = [];
	r.data.shots.forEach((raw, i) => {
		const present: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) present[k] = v;
		const fields = readShotFields(present);
		for (const e of fields.errors) errors.push(`shots[${i}]: ${e}`);
		const prompt = fields.input.prompt;
		if (prompt === undefined || prompt.trim() === "") errors.push(`shots[${i}].prompt: prompt is empty`); // i18n-ignore: answer checks go back to the model in the repair prompt
		const rawId = String(fields.input.id ?? "");
		shots.push({ rawId, input: fields.input });
	});
	if (errors.length) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
	const characters: DraftCharacter[] = r.data.characters.map((c) => {
		const out: DraftCharacter = { name: String(c.name), aliases: Array.isArray(c.aliases) ? c.aliases.map(String) : [] };
		if (typeof c.description === "string" && c.description.trim() !== "") out.description = c.description.trim();
		return out;
	});
	return { ok: true, answer: { shots, characters } };
}
