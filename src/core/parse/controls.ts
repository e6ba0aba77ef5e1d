/**
 * Provider-neutral shot controls checked against the chosen model's capabilities:
 * resolution, aspect, first and last frame, native references, negative prompt,
 * seed and audio. Each refusal says what the model allows and which models have
 * the control, so a bad field never costs a request.
 */
import { modelsWith } from "../providers/models";
import type { Aspect, ModelCaps, ModelSpec, Resolution } from "../providers/types";
import { list } from "./errors";

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
	errors: string[];
}

function others(has: (c: ModelCaps, m: ModelSpec) => boolean): string {
	const names = modelsWith(has);
	return names.length ? `models that have it: ${list(names)}` : "no catalog model has it; declare one in settings";
}

/** Checks every control; `name` is how messages call the model (e.g. "gemini/veo-3.1-generate-001"). */
export function checkControls(spec: ModelSpec, name: string, ask: ControlAsk): ControlPlan {
	const c = spec.caps;
	const errors: string[] = [];
	if (ask.resolution !== undefined && !c.resolutions.includes(ask.resolution)) {
		const r = ask.resolution;
		errors.push(`resolution ${r} is not available for ${name} (allowed: ${list(c.resolutions)}; ${others((x) => x.resolutions.includes(r))})`);
	}
	if (ask.aspect !== undefined && !c.aspects.includes(ask.aspect)) {
		const a = ask.aspect;
		errors.push(`aspect ${a} is not available for ${name} (allowed: ${list(c.aspects)}; ${others((x) => x.aspects.includes(a))})`);
	}
	const byRes = ask.resolution !== undefined ? c.durationsByResolution?.[ask.resolution] : undefined;
	if (byRes && !byRes.includes(ask.duration)) {
		errors.push(`duration ${ask.duration} is not allowed at ${ask.resolution} for ${name} (at ${ask.resolution}: ${list(byRes)})`);
	}
	if (c.imageRequired && !ask.firstFrame && !ask.keyframe && ask.references === 0) {
		errors.push(`${name} only animates an image: give the shot a first_frame`);
	}
	if (ask.lastFrame && !c.lastFrame) errors.push(`last_frame is not available for ${name} (${others((x) => x.lastFrame)})`);
	if (ask.lastFrame && !ask.firstFrame && !ask.keyframe && c.lastFrame && !c.firstFrame) {
		errors.push(`${name} takes a last_frame only together with a first_frame`);
	}
	if (ask.negativePrompt && !c.negativePrompt) errors.push(`negative_prompt is not available for ${name} (${others((x) => x.negativePrompt)})`);
	if (ask.seed && !c.seed) errors.push(`seed is not available for ${name} (${others((x) => x.seed)})`);
	if (ask.audio && !c.audio) errors.push(`audio on/off is not available for ${name} (${others((x) => x.audio)})`);
	let nativeReferences = false;
	if (ask.references > 0 && c.maxReferences > 0) {
		nativeReferences = true;
		if (ask.references > c.maxReferences) {
			errors.push(`${ask.references} reference images are more than ${name} takes (at most ${c.maxReferences}; ${others((x) => x.maxReferences >= ask.references)})`);
		}
		if ((ask.firstFrame || ask.keyframe) && !c.firstFrameWithReferences) {
			errors.push(`${name} does not take a first frame together with reference images (the provider's documented rule): remove first_frame or references`);
		}
	}
	return { nativeReferences, errors };
}
