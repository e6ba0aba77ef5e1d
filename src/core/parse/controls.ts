/**
 * Provider-neutral shot controls checked against the chosen model's capabilities:
 * resolution, aspect, first and last frame, native references, negative prompt,
 * seed and audio. Each refusal says what the model allows and which models have
 * the control, so a bad field never costs a request.
 */
import { modelsWith } from "../providers/models";
import type { Aspect, ModelCaps, ModelSpec, Resolution } from "../providers/types";
import { t } from "../i18n";
import { list, problem, type Problem } from "./errors";

/** What a shot asks of its model, after shot > note merging. */
export interface ControlAsk {
	resolution?: Resolution;
	aspect?: Aspect;
	duration: number;
	firstFrame: boolean;
	lastFrame: boolean;
	references: number;
	negativePrompt: boolean;
	seed: boolean;
	audio: boolean;
	/** True when the shot has a keyframe that becomes its first frame. */
	keyframe: boolean;
}

export interface ControlPlan {
	/** Send `references` natively (else they are stitched into the first-frame matrix). */
	nativeReferences: boolean;
	errors: Problem[];
}

function others(has: (c: ModelCaps, m: ModelSpec) => boolean): string {
	const names = modelsWith(has);
	return names.length ? t("parse.others.some", { models: list(names) }) : t("parse.others.none");
}

/** Checks every control; `name` is how messages call the model (e.g. "gemini/veo-3.1-generate-001"). */
export function checkControls(spec: ModelSpec, name: string, ask: ControlAsk): ControlPlan {
	const c = spec.caps;
	const errors: Problem[] = [];
	if (ask.resolution !== undefined && !c.resolutions.includes(ask.resolution)) {
		const r = ask.resolution;
		errors.push(
			problem("parse.control.resolution", { value: r, model: name, allowed: list(c.resolutions), others: others((x) => x.resolutions.includes(r)) }),
		);
	}
	if (ask.aspect !== undefined && !c.aspects.includes(ask.aspect)) {
		const a = ask.aspect;
		errors.push(problem("parse.control.aspect", { value: a, model: name, allowed: list(c.aspects), others: others((x) => x.aspects.includes(a)) }));
	}
	const byRes = ask.resolution !== undefined ? c.durationsByResolution?.[ask.resolution] : undefined;
	if (byRes && ask.resolution !== undefined && !byRes.includes(ask.duration)) {
		errors.push(problem("parse.control.durationAt", { value: ask.duration, resolution: ask.resolution, model: name, allowed: list(byRes) }));
	}
	if (c.imageRequired && !ask.firstFrame && !ask.keyframe && ask.references === 0) {
		errors.push(problem("parse.control.imageRequired", { model: name }));
	}
	if (ask.lastFrame && !c.lastFrame) errors.push(problem("parse.control.lastFrame", { model: name, others: others((x) => x.lastFrame) }));
	if (ask.lastFrame && !ask.firstFrame && !ask.keyframe && c.lastFrame && !c.firstFrame) {
		errors.push(problem("parse.control.lastFrameAlone", { model: name }));
	}
	if (ask.negativePrompt && !c.negativePrompt) errors.push(problem("parse.control.negativePrompt", { model: name, others: others((x) => x.negativePrompt) }));
	if (ask.seed && !c.seed) errors.push(problem("parse.control.seed", { model: name, others: others((x) => x.seed) }));
	if (ask.audio && !c.audio) errors.push(problem("parse.control.audio", { model: name, others: others((x) => x.audio) }));
	let nativeReferences = false;
	if (ask.references > 0 && c.maxReferences > 0) {
		nativeReferences = true;
		if (ask.references > c.maxReferences) {
			errors.push(
				problem("parse.control.references", {
					count: ask.references,
					model: name,
					max: c.maxReferences,
					others: others((x) => x.maxReferences >= ask.references),
				}),
			);
		}
		if ((ask.firstFrame || ask.keyframe) && !c.firstFrameWithReferences) {
			errors.push(problem("parse.control.firstFrameWithRefs", { model: name }));
		}
	}
	return { nativeReferences, errors };
}
