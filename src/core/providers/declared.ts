/**
 * Models the user declares: relays and aggregators add model ids weekly, so any id
 * can be used once its capabilities are written down, in plugin settings
 * (`models:`) or a note's front matter (`cineflow: { models: [...] }`). A declared
 * model with the same provider and id as a catalog entry replaces that entry.
 */
import * as z from "zod/mini";
import "../zod-locale";
import { caps as capsOf, sizesFor } from "./catalog/caps";
import { ASPECTS, RESOLUTIONS, type Aspect, type ModelSpec, type Resolution } from "./types";
import { t } from "../i18n";

const resolution = z.pipe(
	z.union([z.string(), z.number()]),
	z.transform((v: string | number, ctx) => {
		const r = normalizeResolution(String(v));
		if (!r) ctx.issues.push({ code: "custom", message: `resolution ${String(v)} (allowed: ${RESOLUTIONS.join(", ")})`, input: v });
		return r ?? "720p";
	}),
);
const aspect = z.pipe(
	z.union([z.string(), z.number()]),
	z.transform((v: string | number, ctx) => {
		const a = normalizeAspect(v);
		if (!a) ctx.issues.push({ code: "custom", message: `aspect ${String(v)} (allowed: ${ASPECTS.join(", ")})`, input: v });
		return a ?? "16:9";
	}),
);
const usd = z.number().check(z.nonnegative());

/** One declared model. `durations` may be a list or a range "2-15". */
export const declaredModelSchema = z.object({
	/** Catalog provider id whose wire format the model is called through. */
	provider: z.string().check(z.minLength(1)),
	id: z.string().check(z.minLength(1)),
	durations: z.union([z.array(z.number().check(z.int(), z.positive())).check(z.minLength(1)), z.string().check(z.regex(/^\s*\d+\s*-\s*\d+\s*$/))]),
	default_duration: z.optional(z.number().check(z.int(), z.positive())),
	/** Durations allowed only at some resolutions, e.g. {4k: [8]}. */
	durations_by_resolution: z.optional(z.record(z.string(), z.array(z.number().check(z.int(), z.positive())))),
	resolutions: z.optional(z.array(resolution).check(z.minLength(1))),
	aspects: z.optional(z.array(aspect).check(z.minLength(1))),
	first_frame: z.optional(z.boolean()),
	last_frame: z.optional(z.boolean()),
	/** How many reference images the model takes natively. */
	references: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(16))),
	first_frame_with_references: z.optional(z.boolean()),
	image_required: z.optional(z.boolean()),
	audio: z.optional(z.boolean()),
	negative_prompt: z.optional(z.boolean()),
	seed: z.optional(z.boolean()),
	/** USD per second: one figure, or one per resolution. */
	price: z.optional(z.union([usd, z.record(z.string(), usd)])),
	typical_seconds: z.optional(z.number().check(z.positive())),
	/** For aggregators (fal, Replicate): which input mapping to use. */
	family: z.optional(z.string()),
	/** How images are sent; default url-or-bytes when the model takes any image. */
	image: z.optional(z.enum(["url", "bytes", "url-or-bytes", "none"])),
});

export type DeclaredModel = z.infer<typeof declaredModelSchema>;

/** "1080P", "1080", "4K", "2160p" → "1080p" / "4k". */
export function normalizeResolution(v: string): Resolution | undefined {
	const s = v.trim().toLowerCase();
	if (s === "4k" || s === "2160p" || s === "2160") return "4k";
	const withP = /^\d+$/.test(s) ? `${s}p` : s;
	return (RESOLUTIONS as readonly string[]).includes(withP) ? (withP as Resolution) : undefined;
}

// YAML 1.1 reads unquoted ratios as base-60 numbers: 16:9 → 969, 9:16 → 556, 1:1 → 61, 4:3 → 243, 3:4 → 184, 21:9 → 1269.
const SEXAGESIMAL: Record<number, Aspect> = { 969: "16:9", 556: "9:16", 61: "1:1", 243: "4:3", 184: "3:4", 1269: "21:9" };

/** "16:9", "16x9", or YAML's base-60 reading of an unquoted 16:9. */
export function normalizeAspect(v: unknown): Aspect | undefined {
	if (typeof v === "number") return Object.prototype.hasOwnProperty.call(SEXAGESIMAL, v) ? SEXAGESIMAL[v] : undefined;
	if (typeof v !== "string") return undefined;
	const s = v.trim().toLowerCase().replace(/\s/g, "").replace(/[x/]/, ":");
	return (ASPECTS as readonly string[]).includes(s) ? (s as Aspect) : undefined;
}

function byResolutionOf<T>(m: Record<string, T>): Partial<Record<Resolution, T>> {
	const out: Partial<Record<Resolution, T>> = {};
	for (const [k, v] of Object.entries(m)) {
		const r = normalizeResolution(k);
		if (r) out[r] = v;
	}
	return out;
}

function durationsOf(d: DeclaredModel["durations"]): number[] {
	if (Array.isArray(d)) return [...new Set(d)].sort((a, b) => a - b);
	const [lo, hi] = d.split("-").map((x) => Number(x.trim())) as [number, number];
	const out: number[] = [];
	for (let s = Math.min(lo, hi); s <= Math.max(lo, hi) && out.length < 120; s++) out.push(s);
	return out;
}

/** The ModelSpec a declaration stands for. `where` says where it was declared (shown as its source). */
export function declaredSpec(d: DeclaredModel, where: string): ModelSpec {
	const durations = durationsOf(d.durations);
	const resolutions = d.resolutions ?? ["720p"];
	const aspects = d.aspects ?? ["16:9", "9:16"];
	const firstFrame = d.first_frame ?? d.image_required ?? false;
	const byResolution = typeof d.price === "object" ? byResolutionOf(d.price) : undefined;
	const flat = typeof d.price === "number" ? d.price : (byResolution?.[resolutions[0] as Resolution] ?? null);
	const spec: ModelSpec = {
		id: d.id,
		durations,
		defaultDuration: d.default_duration !== undefined && durations.includes(d.default_duration) ? d.default_duration : (durations[0] as number),
		sizes: sizesFor(resolutions, aspects),
		image: d.image ?? (firstFrame || d.last_frame || (d.references ?? 0) > 0 ? "url-or-bytes" : "none"),
		price: {
			perSecond: flat,
			proPerSecond: null,
			...(byResolution && Object.keys(byResolution).length ? { byResolution } : {}),
			source: t(d.price === undefined ? "provider.declared.noPrice" : "provider.declared.in", { where }),
		},
		typicalSeconds: d.typical_seconds ?? 180,
		lifecycle: { status: "active", source: t("provider.declared.in", { where }), verified: "" },
		caps: capsOf({
			resolutions,
			aspects,
			firstFrame,
			lastFrame: d.last_frame ?? false,
			maxReferences: d.references ?? 0,
			firstFrameWithReferences: d.first_frame_with_references ?? true,
			audio: d.audio ?? false,
			negativePrompt: d.negative_prompt ?? false,
			seed: d.seed ?? false,
			...(d.image_required ? { imageRequired: true } : {}),
			...(d.durations_by_resolution ? { durationsByResolution: byResolutionOf(d.durations_by_resolution) } : {}),
		}),
	};
	if (d.family) spec.family = d.family;
	return spec;
}

/** Reads a list of declarations, keeping the valid ones and describing the rest. */
export function readDeclaredModels(raw: unknown, where: string): { models: DeclaredModel[]; problems: string[] } {
	const models: DeclaredModel[] = [];
	const problems: string[] = [];
	if (raw === undefined || raw === null) return { models, problems };
	if (!Array.isArray(raw)) return { models, problems: [t("provider.declared.notList", { where })] };
	raw.forEach((item, i) => {
		const r = declaredModelSchema.safeParse(item);
		if (r.success) models.push(r.data);
		else {
			const first = r.error.issues[0];
			const field = first?.path.join(".") ?? "";
			const issue = first?.message ?? t("provider.declared.notDeclaration");
			problems.push(
				field ? t("provider.declared.badField", { where, index: i + 1, field, issue }) : t("provider.declared.bad", { where, index: i + 1, issue }),
			);
		}
	});
	return { models, problems };
}
