/**
 * Merges a parsed shot with its note's defaults and the plugin settings
 * (shot > note > settings > catalog) and checks it against the provider catalog.
 * Durations, sizes and pro mode come from the catalog tables only.
 */
import { t, type MessageKey } from "../i18n";
import { CATALOG, describeDurations, getProviderInfo } from "../providers/catalog";
import type { Aspect, ModelSpec, Resolution } from "../providers/types";
import type { Settings } from "../settings";
import type { CastMember, Orientation, ReferenceSpec, Shot } from "../types";
import { aspectOf, orientationOfAspect, resolutionOf, sizeOf } from "../providers/geometry";
import { findModel, liveProviders, modelsOf, type Declared } from "../providers/models";
import { checkReference } from "../paths";
import { redactPatterns } from "../redact";
import { chainMarker, isNextMarker } from "./chain";
import { checkControls } from "./controls";
import { joinProblems, list, located, problem, show, where, type Problem } from "./errors";
import { own } from "./limits";
import type { NoteDefaults, ShotOk } from "./model";

type Level = "shot" | "note" | "settings" | "catalog";
interface Picked<T> {
	value: T;
	from: Level;
}

const FROM_KEY: Partial<Record<Level, MessageKey>> = { note: "parse.from.note", settings: "parse.from.settings" };

/** Where a value came from, when not from the shot itself: " (from the plugin settings)". */
function from(level: Level): string {
	const key = FROM_KEY[level];
	return key ? t(key) : "";
}

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

export interface ResolveOk {
	ok: true;
	shot: Shot;
	/** The first frame (or the first reference, which the matrix replaces). */
	reference?: ReferenceSpec;
	lastFrame?: ReferenceSpec;
	/** References the model takes natively; absent when they are stitched into the matrix. */
	nativeReferences?: ReferenceSpec[];
	warnings: string[];
	/** The model as planned (a catalog entry or a declaration). */
	spec: ModelSpec;
}

export type ResolveResult = ResolveOk | { ok: false; error: string; partial: PartialShot; code?: MessageKey };

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

/** The retired or deprecated model message, by what its lifecycle says. */
function lifecycleProblem(model: string, fromText: string, life: ModelSpec["lifecycle"]): Problem {
	const date = life.shutdown ?? "";
	if (life.status === "retired") {
		const instead = life.replacement
			? t("parse.model.useInstead", { replacement: life.replacement })
			: t("parse.model.chooseAnother", { live: list(liveProviders()) });
		return problem(date ? "parse.model.retiredOn" : "parse.model.retired", { model, from: fromText, date, instead, source: life.source });
	}
	const replacement = life.replacement ?? "";
	const key = date
		? replacement
			? "parse.model.deprecatedOnMove"
			: "parse.model.deprecatedOn"
		: replacement
			? "parse.model.deprecatedMove"
			: "parse.model.deprecated";
	return problem(key, { model, date, replacement });
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
		if (c.images?.length) m.images = [...c.images];
		out.push(m);
	}
	return out;
}

/** Resolves one parsed shot. Never throws. */
export function resolveShot(parsed: ShotOk, note: NoteDefaults, settings: Settings): ResolveResult {
	const s = parsed.input;
	const n = note.shot;
	const errors: Problem[] = [];
	const warnings: string[] = [];
	const inSettings = t("parse.declared.settings");
	const inNote = t("parse.declared.note", { path: parsed.source.notePath });
	const declared: Declared[] = [...settings.models.map((m) => ({ model: m, where: inSettings })), ...note.models.map((m) => ({ model: m, where: inNote }))];
	const provider = pick(s.provider, n.provider, settings.provider || undefined, "");
	const info = getProviderInfo(provider.value);
	const noteProvider = n.provider ?? settings.provider;
	const noteModel = s.provider === undefined || s.provider === noteProvider ? n.model : undefined;
	const model = pick(s.model, noteModel, own(settings.providers, provider.value)?.model, info?.defaultModel ?? "");
	const spec = info ? findModel(provider.value, model.value, declared) : undefined;
	const explicitSize = s.size ?? (s.orientation === undefined && s.aspect === undefined ? n.size : undefined);
	const aspectAsked = s.aspect ?? (s.orientation === undefined && s.size === undefined ? n.aspect : undefined);
	const orientation = pick<Orientation>(
		s.orientation ?? (s.aspect !== undefined ? orientationOfAspect(s.aspect) : orientationOfSize(s.size)),
		n.orientation ?? (n.aspect !== undefined ? orientationOfAspect(n.aspect) : orientationOfSize(n.size)),
		settings.defaults.orientation,
		"horizontal",
	);
	const sizeSource = s.size !== undefined ? s.size : orientationOfSize(n.size) === orientation.value ? explicitSize : undefined;
	const resolutionAsked = s.resolution ?? n.resolution;
	const pro = pick(s.pro, n.pro, settings.defaults.pro, false);
	const duration = pick(s.duration, n.duration, settings.defaults.duration, spec?.defaultDuration ?? 0);
	const takes = pick(s.takes, n.takes, settings.defaults.takes, 1);
	const fallbackAspect: Aspect = orientation.value === "vertical" ? "9:16" : "16:9";
	const aspect: Aspect = aspectAsked ?? (sizeSource ? aspectOf(sizeSource) : undefined) ?? fallbackAspect;
	const resolution: Resolution = resolutionAsked ?? (sizeSource ? resolutionOf(sizeSource) : undefined) ?? spec?.caps.resolutions[0] ?? "720p";
	const derived = aspectAsked !== undefined || resolutionAsked !== undefined;
	const size = sizeSource ?? (derived ? sizeOf(resolution, aspect) : spec?.sizes[orientation.value][0]) ?? "";
	const partial: PartialShot = {
		provider: provider.value,
		model: model.value,
		duration: duration.value,
		orientation: orientation.value,
		size,
		pro: pro.value,
		takes: takes.value,
	};
	const name = modelName(provider.value, model.value);
	if (!provider.value) {
		errors.push(problem("parse.provider.none", { live: list(liveProviders()) }));
	} else if (!info) {
		errors.push(problem("parse.provider.unknown", { value: show(provider.value), from: from(provider.from), known: list(Object.keys(CATALOG)) }));
	} else if (!spec) {
		const models = modelsOf(provider.value, declared).map((m) => m.id);
		errors.push(problem("parse.model.unknown", { value: show(model.value), from: from(model.from), provider: provider.value, models: list(models) }));
	} else {
		const life = spec.lifecycle;
		if (life.status === "retired") {
			const at = where(parsed.source.notePath, parsed.source.line, parsed.id);
			// The one thing to fix: nothing else about the shot matters until the model changes.
			const retired = lifecycleProblem(name, from(model.from), life);
			return { ok: false, error: located(at, retired.text), partial, code: retired.code };
		} else if (life.status === "deprecated") {
			warnings.push(lifecycleProblem(name, "", life).text);
		}
		if (s.size !== undefined && s.orientation !== undefined && orientationOfSize(s.size) !== s.orientation) {
			errors.push(problem("parse.size.orientation", { size: s.size, orientation: s.orientation }));
		} else if (s.aspect !== undefined && s.orientation !== undefined && orientationOfAspect(s.aspect) !== s.orientation) {
			errors.push(problem("parse.aspect.orientation", { aspect: s.aspect, orientation: s.orientation }));
		} else if (sizeSource !== undefined && !spec.sizes[orientation.value].includes(size)) {
			const fromText = s.size !== undefined ? "" : from("note");
			errors.push(
				problem("parse.size.notAllowed", {
					size,
					from: fromText,
					model: name,
					horizontal: list(spec.sizes.horizontal),
					vertical: list(spec.sizes.vertical),
				}),
			);
		}
		if (pro.value && !spec.proDurations) {
			errors.push(problem("parse.pro.unavailable", { from: from(pro.from), model: name, models: proModels() }));
		} else {
			const allowed = pro.value ? (spec.proDurations ?? []) : spec.durations;
			if (!allowed.includes(duration.value)) {
				errors.push(
					problem("parse.duration.notAllowed", { value: duration.value, from: from(duration.from), model: name, allowed: describeDurations(spec) }),
				);
			}
		}
	}
	// Chaining (parse/chain.ts): a marker is a shot to wait for, not an image.
	const ownFirst = s.image ?? n.image;
	const byNote = note.chain === true && ownFirst === undefined && s.keyframe !== true && s.keyframe_prompt === undefined && parsed.index > 1;
	const chain = chainMarker(ownFirst) ?? (byNote ? { kind: "previous" as const, byNote: true } : undefined);
	const imageRaw = chain ? undefined : ownFirst;
	const lastAsked = s.last_frame ?? n.last_frame;
	const lastFrameNext = isNextMarker(lastAsked);
	const lastRaw = lastFrameNext ? undefined : lastAsked;
	const refsRaw = s.references ?? n.references ?? [];
	// keyframe_prompt implies keyframe: true unless the shot says keyframe: false.
	const keyframe = s.keyframe ?? (s.keyframe_prompt !== undefined ? true : (n.keyframe ?? n.keyframe_prompt !== undefined));
	const negativePrompt = s.negative_prompt ?? n.negative_prompt;
	const seed = s.seed ?? n.seed;
	const audio = s.audio ?? n.audio;
	const controls = spec
		? checkControls(spec, name, {
				resolution: resolutionAsked,
				aspect: aspectAsked,
				duration: duration.value,
				firstFrame: imageRaw !== undefined || chain !== undefined,
				lastFrame: lastAsked !== undefined,
				references: refsRaw.length,
				negativePrompt: negativePrompt !== undefined,
				seed: seed !== undefined,
				audio: audio !== undefined,
				keyframe,
			})
		: { nativeReferences: false, errors: [] };
	errors.push(...controls.errors);
	const toSpec = (raw: string): ReferenceSpec | undefined => {
		const r = checkReference(raw, parsed.source.notePath);
		if (!r.ok) errors.push(r.problem);
		return r.ok ? r.ref : undefined;
	};
	let reference: ReferenceSpec | undefined;
	const firstRef = controls.nativeReferences ? imageRaw : (imageRaw ?? refsRaw[0]);
	if (firstRef !== undefined) {
		reference = toSpec(firstRef);
		if (spec?.image === "none" && info) {
			const withImages = modelsOf(provider.value, declared)
				.filter((m) => m.image !== "none")
				.map((m) => m.id);
			const params = { model: model.value, provider: provider.value, models: list(withImages) };
			errors.push(problem(withImages.length ? "parse.ref.noImageHint" : "parse.ref.noImage", params));
		}
	}
	const lastFrame = lastRaw !== undefined ? toSpec(lastRaw) : undefined;
	const nativeReferences = controls.nativeReferences ? refsRaw.map(toSpec).filter((r): r is ReferenceSpec => r !== undefined) : undefined;
	if (chain && spec?.image === "none" && info)
		errors.push(problem(chain.kind === "previous" ? "parse.chain.previousNoImage" : "parse.chain.shotNoImage", { model: name }));
	if (chain && keyframe) errors.push(problem("parse.chain.keyframe"));
	// Stitched into a matrix, references would replace the chained frame: only native ones go with it.
	if (chain && refsRaw.length && spec && !controls.nativeReferences) errors.push(problem("parse.chain.references", { model: name }));
	if (keyframe) {
		if (spec?.image === "none" && info && firstRef === undefined) {
			errors.push(problem("parse.keyframe.noImage", { model: model.value, provider: provider.value }));
		}
	}
	const known = new Set(note.characters.flatMap((c) => [c.name, ...c.aliases]));
	for (const name of s.characters ?? []) {
		if (!known.has(name) && !(s.characterIds && own(s.characterIds, name) !== undefined))
			warnings.push(t("parse.character.notInBible", { name: redactPatterns(name) }));
	}
	const at = where(parsed.source.notePath, parsed.source.line, parsed.id);
	if (errors.length) return { ok: false, error: located(at, joinProblems(errors)), partial, code: errors[0]!.code };
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
		resolution,
		aspect,
		references: refsRaw,
		characters: s.characters ?? [],
		props: s.props ?? n.props ?? [],
		takes: takes.value,
		keyframe,
		origin: parsed.origin,
		source: parsed.source,
	};
	const cast = castOf(note, s.characters ?? [], s.prompt ?? "");
	if (cast.length) shot.cast = cast;
	const optional = {
		image: imageRaw,
		lastFrame: lastRaw,
		negativePrompt,
		seed,
		audio,
		scene: s.scene ?? n.scene,
		note: s.note ?? n.note,
		keyframePrompt: s.keyframe_prompt ?? n.keyframe_prompt,
	};
	for (const [k, v] of Object.entries(optional)) if (v !== undefined) (shot as unknown as Record<string, unknown>)[k] = v;
	if (chain) shot.chain = chain;
	if (lastFrameNext) shot.lastFrameNext = true;
	const out: ResolveOk = { ok: true, shot, reference, warnings: warnings.map((w) => located(at, w)), spec: spec as ModelSpec };
	if (lastFrame) out.lastFrame = lastFrame;
	if (nativeReferences?.length) out.nativeReferences = nativeReferences;
	return out;
}
