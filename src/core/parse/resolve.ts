/**
 * Merges a parsed shot with its note's defaults and the plugin settings
 * (shot > note > settings > catalog) and checks it against the provider catalog.
 * Durations, sizes and pro mode come from the catalog tables only.
 */
import { CATALOG, describeDurations, getProviderInfo } from "../providers/catalog";
import type { ModelSpec } from "../providers/types";
import type { Settings } from "../settings";
import type { CastMember, Orientation, ReferenceSpec, Shot } from "../types";
import { aspectOf, resolutionOf } from "../providers/geometry";
import { referenceFor } from "../paths";
import { redactPatterns } from "../redact";
import { list, show, where } from "./errors";
import { own } from "./limits";
import type { NoteDefaults, ShotOk } from "./model";

type Level = "shot" | "note" | "settings" | "catalog";
interface Picked<T> {
	value: T;
	from: Level;
}

const FROM: Record<Level, string> = {
	shot: "",
	note: " (from the note's front matter)",
	settings: " (from the plugin settings)",
	catalog: "",
};

function pick<T>(shot: T | undefined, note: T | undefined, settings: T | undefined, catalog: T): Picked<T> {
	if (shot !== undefined) return { value: shot, from: "shot" };
	if (note !== undefined) return { value: note, from: "note" };
	if (settings !== undefined) return { value: settings, from: "settings" };
	return { value: catalog, from: "catalog" };
}

/** What could be worked out for a shot that failed, so the plan can still show it. */
export interface PartialShot {
	provider: string;
	model: string;
	duration: number;
	orientation: Orientation;
	size: string;
	pro: boolean;
	takes: number;
}

export type ResolveResult =
	| { ok: true; shot: Shot; reference?: ReferenceSpec; warnings: string[] }
	| { ok: false; error: string; partial: PartialShot };

/** Orientation implied by a "WxH" size; undefined for squares and junk. */
export function orientationOfSize(size: string | undefined): Orientation | undefined {
	const m = size ? /^(\d+)x(\d+)$/.exec(size) : null;
	if (!m) return undefined;
	const w = Number(m[1]);
	const h = Number(m[2]);
	return w > h ? "horizontal" : w < h ? "vertical" : undefined;
}

function modelName(provider: string, model: string): string {
	return (getProviderInfo(provider)?.models.length ?? 0) > 1 ? `${provider}/${model}` : provider;
}

function proModels(): string {
	const out: string[] = [];
	for (const p of Object.values(CATALOG)) for (const m of p.models) if (m.proDurations) out.push(`${p.id}/${m.id}`);
	return list(out);
}

function describeSizes(spec: ModelSpec): string {
	return `horizontal ${list(spec.sizes.horizontal)}; vertical ${list(spec.sizes.vertical)}`;
}

/** Bible characters a shot shows: listed in `characters:`, or marked `[Name]` / `[Alias]` in the prompt. */
function castOf(note: NoteDefaults, listed: readonly string[], prompt: string): CastMember[] {
	const out: CastMember[] = [];
	for (const c of note.characters) {
		const names = [c.name, ...c.aliases];
		const shown = names.some((x) => listed.includes(x) || prompt.includes(`[${x}]`));
		if (!shown) continue;
		const m: CastMember = { name: c.name };
		if (c.description !== undefined) m.description = c.description;
		if (c.image !== undefined && c.image.trim() !== "") m.image = c.image.trim();
		out.push(m);
	}
	return out;
}

/** Resolves one parsed shot. Never throws. */
export function resolveShot(parsed: ShotOk, note: NoteDefaults, settings: Settings): ResolveResult {
	const s = parsed.input;
	const n = note.shot;
	const errors: string[] = [];
	const warnings: string[] = [];
	const provider = pick(s.provider, n.provider, settings.provider, settings.provider);
	const info = getProviderInfo(provider.value);
	const noteProvider = n.provider ?? settings.provider;
	const noteModel = s.provider === undefined || s.provider === noteProvider ? n.model : undefined;
	const model = pick(s.model, noteModel, own(settings.providers, provider.value)?.model, info?.defaultModel ?? "");
	const spec = info?.models.find((m) => m.id === model.value);
	const orientation = pick<Orientation>(
		s.orientation ?? orientationOfSize(s.size),
		n.orientation ?? orientationOfSize(n.size),
		settings.defaults.orientation,
		"horizontal",
	);
	const sizeSource = s.size !== undefined ? s.size : orientationOfSize(n.size) === orientation.value ? n.size : undefined;
	const pro = pick(s.pro, n.pro, settings.defaults.pro, false);
	const duration = pick(s.duration, n.duration, settings.defaults.duration, spec?.defaultDuration ?? 0);
	const takes = pick(s.takes, n.takes, settings.defaults.takes, 1);
	const size = sizeSource ?? spec?.sizes[orientation.value][0] ?? "";
	const partial: PartialShot = {
		provider: provider.value,
		model: model.value,
		duration: duration.value,
		orientation: orientation.value,
		size,
		pro: pro.value,
		takes: takes.value,
	};
	if (!info) {
		errors.push(`unknown provider ${show(provider.value)}${FROM[provider.from]} (known: ${list(Object.keys(CATALOG))})`);
	} else if (!spec) {
		errors.push(`unknown model ${show(model.value)}${FROM[model.from]} for ${provider.value} (models: ${list(info.models.map((m) => m.id))})`);
	} else {
		const name = modelName(provider.value, model.value);
		if (s.size !== undefined && s.orientation !== undefined && orientationOfSize(s.size) !== s.orientation) {
			errors.push(`size ${s.size} does not match orientation ${s.orientation}`);
		} else if (!spec.sizes[orientation.value].includes(size)) {
			const from = s.size !== undefined ? "" : FROM.note;
			errors.push(`size ${size}${from} is not allowed for ${name} (allowed: ${describeSizes(spec)})`);
		}
		if (pro.value && !spec.proDurations) {
			errors.push(`pro mode${FROM[pro.from]} is not available for ${name} (pro: true works with ${proModels()})`);
		} else {
			const allowed = pro.value ? (spec.proDurations ?? []) : spec.durations;
			if (!allowed.includes(duration.value)) {
				errors.push(`duration ${duration.value}${FROM[duration.from]} is not allowed for ${name} (allowed: ${describeDurations(spec)})`);
			}
		}
	}
	const imageRaw = s.image ?? n.image;
	const refsRaw = s.references ?? n.references ?? [];
	let reference: ReferenceSpec | undefined;
	const firstRef = imageRaw ?? refsRaw[0];
	if (firstRef !== undefined) {
		const r = referenceFor(firstRef, parsed.source.notePath);
		if (!r.ok) errors.push(r.message);
		else reference = r.ref;
		if (spec?.image === "none" && info) {
			const withImages = info.models.filter((m) => m.image !== "none").map((m) => m.id);
			const hint = withImages.length ? ` (models of ${provider.value} that take one: ${list(withImages)})` : "";
			errors.push(`model ${model.value} of ${provider.value} takes no reference image${hint}`);
		}
	}
	// keyframe_prompt implies keyframe: true unless the shot says keyframe: false.
	const keyframe = s.keyframe ?? (s.keyframe_prompt !== undefined ? true : (n.keyframe ?? n.keyframe_prompt !== undefined));
	if (keyframe) {
		if (spec?.image === "none" && info && firstRef === undefined) {
			errors.push(`a keyframe is used as the video's reference image, and model ${model.value} of ${provider.value} takes no reference image`);
		}
	}
	const known = new Set(note.characters.flatMap((c) => [c.name, ...c.aliases]));
	for (const name of s.characters ?? []) {
		if (!known.has(name) && !(s.characterIds && own(s.characterIds, name) !== undefined)) warnings.push(`character ${redactPatterns(name)} is not in the character bible`);
	}
	const at = where(parsed.source.notePath, parsed.source.line, parsed.id);
	if (errors.length) return { ok: false, error: `${at}: ${errors.join("; ")}`, partial };
	const shot: Shot = {
		id: parsed.id,
		index: parsed.index,
		prompt: s.prompt ?? "",
		duration: duration.value,
		orientation: orientation.value,
		size,
		pro: pro.value,
		provider: provider.value,
		model: model.value,
		resolution: resolutionOf(size) ?? spec?.caps.resolutions[0] ?? "720p",
		aspect: aspectOf(size) ?? (orientation.value === "vertical" ? "9:16" : "16:9"),
		references: refsRaw,
		characters: s.characters ?? [],
		props: s.props ?? n.props ?? [],
		takes: takes.value,
		keyframe: s.keyframe ?? n.keyframe ?? false,
		origin: parsed.origin,
		source: parsed.source,
	};
	const cast = castOf(note, s.characters ?? [], s.prompt ?? "");
	if (cast.length) shot.cast = cast;
	shot.keyframe = keyframe;
	const optional = { image: imageRaw, scene: s.scene ?? n.scene, note: s.note ?? n.note, keyframePrompt: s.keyframe_prompt ?? n.keyframe_prompt };
	for (const [k, v] of Object.entries(optional)) if (v !== undefined) (shot as unknown as Record<string, unknown>)[k] = v;
	return { ok: true, shot, reference, warnings: warnings.map((w) => `${at}: ${w}`) };
}
