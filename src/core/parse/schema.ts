/**
 * Field schemas (zod) for shot blocks and for the note's `cineflow:` defaults.
 * These check shapes only; limits that depend on the provider (durations, sizes,
 * pro) come from the catalog and are checked when a shot is resolved.
 */
import * as z from "zod/mini";
import type { MessageKey } from "../i18n";
import type { Orientation, ShotInput } from "../types";
import { normalizeAspect, normalizeResolution } from "../providers/declared";
import { ASPECTS, RESOLUTIONS } from "../providers/types";
import { list, problem, show, type Problem } from "./errors";
import { EXPECTED as E, ID_RULE } from "./expected";
import { own } from "./limits";
import "../zod-locale";

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export { ID_RULE } from "./expected";

/** A field's value after coercion, or what was expected instead (`message` is `problem.text`). */
export type FieldResult = { ok: true; value: unknown } | { ok: false; message: string; problem: Problem };

// zod/mini's functional form of classic zod's chains: `a.transform(f)` is
// `z.pipe(a, z.transform(f))`, `.optional()` is `z.optional(a)`, and so on.
const text = z.pipe(
	z.union([z.string(), z.number(), z.date()]),
	z.transform((v: string | number | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v))),
);
const nonEmpty = z.pipe(text, z.string().check(z.trim(), z.minLength(1)));
const bool = z.union([
	z.boolean(),
	z.pipe(
		z.enum(["true", "false", "yes", "no"]),
		z.transform((v: "true" | "false" | "yes" | "no") => v === "true" || v === "yes"),
	),
]);
// A single string may list several items separated by commas; list items are kept whole.
const stringList = z.union([
	z.pipe(
		nonEmpty,
		z.transform((s: string) =>
			s
				.split(",")
				.map((x) => x.trim())
				.filter((x) => x !== ""),
		),
	),
	z.array(nonEmpty),
]);
const refList = z.union([
	z.pipe(
		nonEmpty,
		z.transform((s: string) => [s]),
	),
	z.array(nonEmpty),
]);
const seconds = z.pipe(
	z.union([
		z.number(),
		z.pipe(
			z.string().check(z.regex(/^\s*\d+(\.\d+)?\s*s?\s*$/i)),
			z.transform((s: string) => parseFloat(s)),
		),
	]),
	z.number().check(z.positive()),
);
const takes = z.pipe(
	z.union([z.number(), z.pipe(z.string().check(z.regex(/^\s*\d+\s*$/)), z.transform(Number))]),
	z.number().check(z.int(), z.minimum(1), z.maximum(10)),
);
const size = z.pipe(
	z.string().check(z.regex(/^\s*\d{2,5}\s*[xX×*]\s*\d{2,5}\s*$/)),
	z.transform((s: string) => s.replace(/\s/g, "").replace(/[X×*]/, "x")),
);

const ORIENTATION_ALIASES: Record<string, Orientation> = {
	horizontal: "horizontal",
	landscape: "horizontal",
	"16:9": "horizontal",
	vertical: "vertical",
	portrait: "vertical",
	"9:16": "vertical",
};
// YAML 1.1 (js-yaml) reads an unquoted 16:9 as the base-60 number 969, and 9:16 as 556.
const SEXAGESIMAL: Record<number, Orientation> = { 969: "horizontal", 556: "vertical" };
const orientation = z.union([
	z.pipe(
		z.string(),
		z.transform((s: string, ctx) => {
			const o = own(ORIENTATION_ALIASES, s.trim().toLowerCase());
			if (!o) ctx.issues.push({ code: "custom", message: "orientation", input: s });
			return o ?? "horizontal";
		}),
	),
	z.pipe(
		z.number(),
		z.transform((n: number, ctx) => {
			const o = own(SEXAGESIMAL, n);
			if (!o) ctx.issues.push({ code: "custom", message: "orientation", input: n });
			return o ?? "horizontal";
		}),
	),
]);

const resolution = z.pipe(
	z.union([z.string(), z.number()]),
	z.transform((v: string | number, ctx) => {
		const r = normalizeResolution(String(v));
		if (!r) ctx.issues.push({ code: "custom", message: "resolution", input: v });
		return r ?? "720p";
	}),
);
const aspect = z.pipe(
	z.union([z.string(), z.number()]),
	z.transform((v: string | number, ctx) => {
		const a = normalizeAspect(v);
		if (!a) ctx.issues.push({ code: "custom", message: "aspect", input: v });
		return a ?? "16:9";
	}),
);
const seed = z.pipe(
	z.union([z.number(), z.pipe(z.string().check(z.regex(/^\s*\d+\s*$/)), z.transform(Number))]),
	z.number().check(z.int(), z.minimum(0), z.maximum(4_294_967_295)),
);
const onOff = z.union([
	bool,
	z.pipe(
		z.enum(["on", "off"]),
		z.transform((v: "on" | "off") => v === "on"),
	),
]);

interface FieldSpec {
	schema: z.ZodMiniType;
	/** What the field takes, in English: the assistant's JSON Schema tells the model. */
	expected: string;
	/** The message a person reads when the value does not fit. */
	invalid: MessageKey;
	/** ShotInput key the value goes to (defaults to the field name). */
	to?: keyof ShotInput;
}

/** Every field a shot block may hold. */
export const SHOT_FIELDS: Record<string, FieldSpec> = {
	id: { schema: nonEmpty, expected: ID_RULE, invalid: "parse.invalid.id" },
	prompt: { schema: text, expected: E.text, invalid: "parse.invalid.text" },
	duration: { schema: seconds, expected: E.seconds, invalid: "parse.invalid.seconds" },
	orientation: { schema: orientation, expected: E.orientation, invalid: "parse.invalid.orientation" },
	size: { schema: size, expected: E.size, invalid: "parse.invalid.size" },
	pro: { schema: bool, expected: E.bool, invalid: "parse.invalid.bool" },
	provider: { schema: nonEmpty, expected: E.provider, invalid: "parse.invalid.provider" },
	model: { schema: nonEmpty, expected: E.model, invalid: "parse.invalid.model" },
	image: { schema: nonEmpty, expected: E.link, invalid: "parse.invalid.link" },
	first_frame: { schema: nonEmpty, expected: E.link, invalid: "parse.invalid.link", to: "image" },
	last_frame: { schema: nonEmpty, expected: E.link, invalid: "parse.invalid.link" },
	resolution: { schema: resolution, expected: E.oneOf(RESOLUTIONS), invalid: "parse.invalid.resolution" },
	aspect: { schema: aspect, expected: E.aspect(ASPECTS), invalid: "parse.invalid.aspect" },
	negative_prompt: { schema: text, expected: E.text, invalid: "parse.invalid.text" },
	seed: { schema: seed, expected: E.seed, invalid: "parse.invalid.seed" },
	audio: { schema: onOff, expected: E.onOff, invalid: "parse.invalid.onOff" },
	references: { schema: refList, expected: E.links, invalid: "parse.invalid.links" },
	characters: { schema: stringList, expected: E.characters, invalid: "parse.invalid.characters" },
	scene: { schema: nonEmpty, expected: E.text, invalid: "parse.invalid.text" },
	props: { schema: stringList, expected: E.props, invalid: "parse.invalid.props" },
	note: { schema: text, expected: E.text, invalid: "parse.invalid.text" },
	takes: { schema: takes, expected: E.takes, invalid: "parse.invalid.takes" },
	keyframe: { schema: bool, expected: E.bool, invalid: "parse.invalid.bool" },
	keyframe_prompt: { schema: nonEmpty, expected: E.text, invalid: "parse.invalid.text" },
};

/** Field names accepted as aliases, mapped to their canonical name. */
export const FIELD_ALIASES: Record<string, string> = {
	keyframePrompt: "keyframe_prompt",
	firstFrame: "first_frame",
	lastFrame: "last_frame",
	negativePrompt: "negative_prompt",
	negative: "negative_prompt",
	sound: "audio",
	ref: "image",
	reference: "image",
};

function refuse(p: Problem): FieldResult {
	return { ok: false, message: p.text, problem: p };
}

/**
 * Checks one field; the message says what was wrong and what is allowed. `label`
 * is how the message names the field (e.g. `cineflow.duration`, `duration_seconds`).
 */
export function checkField(key: string, value: unknown, label = key): FieldResult {
	const spec = own(SHOT_FIELDS, key);
	if (!spec) return refuse(problem("parse.field.unknown", { key: label }));
	if (value === null || value === undefined) return { ok: true, value: undefined };
	const r = spec.schema.safeParse(value);
	if (r.success) return { ok: true, value: r.data };
	if (key === "takes" && typeof value === "number" && Number.isInteger(value)) {
		return refuse(problem("parse.takes.range", { key: label, value }));
	}
	const allowed = key === "resolution" ? list(RESOLUTIONS) : key === "aspect" ? list(ASPECTS) : "";
	return refuse(problem(spec.invalid, { key: label, value: show(value), allowed }));
}

/** Object shape of a `cineflow:` front matter section (values checked field by field). */
export const noteSectionSchema = z.record(z.string(), z.unknown());

/** A character bible entry written as an object. */
export const characterObjectSchema = z.looseObject({
	name: z.optional(text),
	id: z.optional(text),
	aliases: z.optional(
		z.union([
			z.pipe(
				nonEmpty,
				z.transform((s: string) => [s]),
			),
			z.array(nonEmpty),
		]),
	),
	description: z.optional(text),
	/** One reference image or a list of them: the character's reference sheet. */
	image: z.optional(z.union([text, z.array(text)])),
});

export type CharacterObject = z.infer<typeof characterObjectSchema>;
