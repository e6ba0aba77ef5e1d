/**
 * Request bodies of the NewAPI-style relays, one per dialect (see
 * `catalog/relay-models.ts` for which model takes which, and where each shape is
 * documented). Pure: input in, JSON out. The `openai` dialect (JSON or multipart) is
 * built by the OpenAI-shaped adapter itself.
 */
import type { ProviderInfo } from "./catalog";
import { RELAY_DIALECTS, type RelayDialect } from "./catalog/relay-models";
import { sizeOf } from "./geometry";
import { dataUri } from "../values";
import type { ReferenceInput, VideoJobInput } from "./types";

export type RelayRoute = "videos" | "generations" | "t8star";

/** The body a model takes on a relay: the catalog's word, else the route's generic shape. */
export function dialectOf(info: Pick<ProviderInfo, "id">, route: RelayRoute, model: string): RelayDialect {
	const known = RELAY_DIALECTS[info.id]?.[model];
	// The OpenAI shape exists on the videos route only; elsewhere the gateway's own DTO applies.
	if (known) return known === "openai" && route !== "videos" ? "taskreq" : known;
	return route === "t8star" ? "t8star-sora" : "taskreq";
}

/** A reference as the string relays take: the URL, or a data URI. */
export function refString(ref: ReferenceInput): string {
	return ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes);
}

/**
 * NewAPI's TaskSubmitReq (QuantumNous/new-api relay/common/relay_info.go): `prompt`, `model`,
 * `image`, `size`, `duration` (int) / `seconds` (string), `input_reference` (a string).
 * Vendor extras would go in `metadata`, in each upstream's own shape, so an unknown upstream
 * gets none of the optional controls.
 */
function taskReq(input: VideoJobInput, route: RelayRoute): Record<string, unknown> {
	const ref = input.reference ? refString(input.reference) : undefined;
	if (route === "videos") return { model: input.model, prompt: input.prompt, seconds: String(input.duration), size: input.size, input_reference: ref };
	return { model: input.model, prompt: input.prompt, duration: input.duration, seconds: String(input.duration), size: input.size, image: ref };
}

/** AIHubMix's flat Wan body: `seconds` string, `size` WxH, `input_reference` a string. */
function wanBody(input: VideoJobInput): Record<string, unknown> {
	return {
		model: input.model,
		prompt: input.prompt,
		seconds: String(input.duration),
		size: sizeOf(input.resolution, input.aspect),
		input_reference: input.reference ? refString(input.reference) : undefined,
	};
}

/** AIHubMix's Seedance body: a `content` array with roled images, a number `duration`, a resolution token. */
function seedanceBody(input: VideoJobInput): Record<string, unknown> {
	const content: Record<string, unknown>[] = [{ type: "text", text: input.prompt }];
	const image = (ref: ReferenceInput, role: string) => content.push({ type: "image_url", image_url: { url: refString(ref) }, role });
	if (input.reference) image(input.reference, "first_frame");
	if (input.lastFrame) image(input.lastFrame, "last_frame");
	for (const ref of input.references ?? []) image(ref, "reference_image");
	return {
		model: input.model,
		prompt: input.prompt,
		duration: input.duration,
		content,
		resolution: input.resolution,
		ratio: input.aspect,
		seed: input.seed,
		generate_audio: input.audio,
	};
}

/** T8Star v2, Sora models: `duration` a string, `hd` for pro, `images` data URIs or URLs. */
function t8SoraBody(input: VideoJobInput): Record<string, unknown> {
	return {
		prompt: input.prompt,
		model: input.model,
		aspect_ratio: input.aspect,
		duration: String(input.duration),
		hd: input.pro,
		images: input.reference ? [refString(input.reference)] : undefined,
	};
}

/** T8Star v2, Veo 3.1 models: integer `duration`, `images` (first frame, or up to 3 references), prompt as written. */
function t8VeoBody(input: VideoJobInput): Record<string, unknown> {
	const images = input.reference ? [refString(input.reference)] : (input.references ?? []).map(refString);
	return {
		model: input.model,
		prompt: input.prompt,
		duration: input.duration,
		aspect_ratio: input.aspect,
		enhance_prompt: false,
		images: images.length ? images : undefined,
	};
}

/** The JSON body of a create, or undefined for the `openai` dialect (built by the OpenAI-shaped adapter). */
export function relayBody(dialect: RelayDialect, route: RelayRoute, input: VideoJobInput): Record<string, unknown> | undefined {
	switch (dialect) {
		case "openai":
			return undefined;
		case "taskreq":
			return taskReq(input, route);
		case "wan":
			return wanBody(input);
		case "seedance":
			return seedanceBody(input);
		case "t8star-sora":
			return t8SoraBody(input);
		case "t8star-veo":
			return t8VeoBody(input);
	}
}
