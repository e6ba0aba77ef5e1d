/**
 * fal.ai input mappings: which endpoint a job goes to and which body it sends, per
 * model family. fal hosts each model behind its own endpoint ids (text-to-video and
 * image-to-video are usually different ids) with its own field names, so a family is
 * a small table of field names per mode, and a catalog model names its family and
 * endpoints. A model id that is not in the table (a user-declared one) is itself the
 * endpoint id; its family comes from the job (`VideoJobInput.family`, set from the
 * declaration), else from the id's shape (`falFamilyOf`), else the generic mapping.
 *
 * Field names, value spellings and types come from each endpoint's llms.txt on
 * fal.ai/models (read 2026-12-03; see catalog/fal.ts for the page of every model).
 * Duration is a string enum on some endpoints ("5"), an integer on others (5) and
 * "8s" on Veo: sending the wrong type is a 422, so each family says which.
 */
import { dataUri } from "../values";
import type { ReferenceInput, Resolution, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

/** t2v: text only; i2v: first frame (and maybe last); flf: Veo's first+last endpoint; r2v: reference images. */
export type FalMode = "t2v" | "i2v" | "flf" | "r2v";

/** Every input mapping a model can name in `family:` (the lead wires declared models with these). */
export const FAL_FAMILIES = [
	"generic",
	"kling-v3",
	"seedance-2",
	"veo-3.1",
	"wan-2.6",
	"wan-2.7",
	"happy-horse",
	"hailuo-2.3",
	"hailuo-2.3-pro",
	"ltx-2",
	"pixverse-v6",
] as const;
export type FalFamily = (typeof FAL_FAMILIES)[number];

export function isFalFamily(v: string | undefined): v is FalFamily {
	return v !== undefined && (FAL_FAMILIES as readonly string[]).includes(v);
}

/** What one mode of a family sends besides `prompt`, `duration` and `resolution`. */
interface ModeFields {
	/** Field of the first frame (required in this mode). */
	first?: string;
	/** Field of the last frame (optional in this mode). */
	last?: string;
	/** Field of the reference image list (required in this mode). */
	refs?: string;
	aspect?: boolean;
	negative?: boolean;
	seed?: boolean;
	/** Field of the sound switch. */
	audio?: string;
}

interface FamilyDef {
	duration: "string" | "int" | "seconds" | "none";
	/** Resolution values as the endpoint spells them; absent: the endpoint has no resolution field. */
	resolution?: Partial<Record<Resolution, string>>;
	modes: Partial<Record<FalMode, ModeFields>>;
}

const LABELS: Partial<Record<Resolution, string>> = { "480p": "480p", "540p": "540p", "720p": "720p", "1080p": "1080p" };
const GA = "generate_audio";

const FAMILIES: Record<FalFamily, FamilyDef> = {
	// Not a documented endpoint: the mapping used for declared models without a family.
	generic: {
		duration: "string",
		resolution: { ...LABELS, "768p": "768p", "1440p": "1440p", "4k": "4k" },
		modes: {
			t2v: { aspect: true, negative: true, seed: true, audio: GA },
			i2v: { first: "image_url", last: "end_image_url", aspect: true, negative: true, seed: true, audio: GA },
			flf: { first: "image_url", last: "end_image_url", aspect: true, negative: true, seed: true, audio: GA },
			r2v: { refs: "image_urls", aspect: true, negative: true, seed: true, audio: GA },
		},
	},
	// fal-ai/kling-video/v3/{standard,pro}/{text,image}-to-video: no seed, no resolution field.
	"kling-v3": {
		duration: "string",
		modes: {
			t2v: { aspect: true, negative: true, audio: GA },
			i2v: { first: "start_image_url", last: "end_image_url", negative: true, audio: GA },
		},
	},
	// bytedance/seedance-2.0[/fast]/{text,image,reference}-to-video.
	"seedance-2": {
		duration: "string",
		resolution: { "480p": "480p", "720p": "720p" },
		modes: {
			t2v: { aspect: true, seed: true, audio: GA },
			i2v: { first: "image_url", last: "end_image_url", seed: true, audio: GA },
			r2v: { refs: "image_urls", aspect: true, seed: true, audio: GA },
		},
	},
	// fal-ai/veo3.1[/fast], /image-to-video, /first-last-frame-to-video, /reference-to-video.
	"veo-3.1": {
		duration: "seconds",
		resolution: { "720p": "720p", "1080p": "1080p", "4k": "4k" },
		modes: {
			t2v: { aspect: true, negative: true, seed: true, audio: GA },
			i2v: { first: "image_url", aspect: true, negative: true, seed: true, audio: GA },
			flf: { first: "first_frame_url", last: "last_frame_url", aspect: true, negative: true, seed: true, audio: GA },
			r2v: { refs: "image_urls", aspect: true, audio: GA },
		},
	},
	// wan/v2.6/{text,image}-to-video: duration "5" | "10" | "15".
	"wan-2.6": {
		duration: "string",
		resolution: { "720p": "720p", "1080p": "1080p" },
		modes: {
			t2v: { aspect: true, negative: true, seed: true },
			i2v: { first: "image_url", negative: true, seed: true },
		},
	},
	// fal-ai/wan/v2.7/{text,image}-to-video: duration is an integer 2–15.
	"wan-2.7": {
		duration: "int",
		resolution: { "720p": "720p", "1080p": "1080p" },
		modes: {
			t2v: { aspect: true, negative: true },
			i2v: { first: "image_url", last: "end_image_url", negative: true },
		},
	},
	// alibaba/happy-horse/{text,image,reference}-to-video: sound is always generated.
	"happy-horse": {
		duration: "int",
		resolution: { "720p": "720p", "1080p": "1080p" },
		modes: {
			t2v: { aspect: true, seed: true },
			i2v: { first: "image_url", seed: true },
			r2v: { refs: "image_urls", aspect: true },
		},
	},
	// fal-ai/minimax/hailuo-2.3/standard/*: 768p, duration "6" | "10"; no aspect field.
	"hailuo-2.3": { duration: "string", modes: { t2v: {}, i2v: { first: "image_url" } } },
	// fal-ai/minimax/hailuo-2.3/pro/*: 1080p, one fixed length, no duration field.
	"hailuo-2.3-pro": { duration: "none", modes: { t2v: {}, i2v: { first: "image_url" } } },
	// fal-ai/ltx-2[/fast]: duration integer, resolution 1080p | 1440p | 2160p.
	"ltx-2": {
		duration: "int",
		resolution: { "1080p": "1080p", "1440p": "1440p", "4k": "2160p" },
		modes: {
			t2v: { aspect: true, audio: GA },
			i2v: { first: "image_url", audio: GA },
		},
	},
	// fal-ai/pixverse/v6/{text,image}-to-video: duration integer, sound switch `generate_audio_switch`.
	"pixverse-v6": {
		duration: "int",
		resolution: { "540p": "540p", "720p": "720p", "1080p": "1080p" },
		modes: {
			t2v: { aspect: true, negative: true, seed: true, audio: "generate_audio_switch" },
			i2v: { first: "image_url", negative: true, seed: true, audio: "generate_audio_switch" },
		},
	},
};

export interface FalEndpoints {
	family: FalFamily;
	t2v?: string;
	i2v?: string;
	flf?: string;
	r2v?: string;
}

/** Catalog model id → its family and endpoint ids (the ids are fal's, verbatim). */
export const FAL_ENDPOINTS: Record<string, FalEndpoints> = {
	"fal-ai/kling-video/v3/pro": { family: "kling-v3", t2v: "fal-ai/kling-video/v3/pro/text-to-video", i2v: "fal-ai/kling-video/v3/pro/image-to-video" },
	"fal-ai/kling-video/v3/standard": {
		family: "kling-v3",
		t2v: "fal-ai/kling-video/v3/standard/text-to-video",
		i2v: "fal-ai/kling-video/v3/standard/image-to-video",
	},
	"bytedance/seedance-2.0": {
		family: "seedance-2",
		t2v: "bytedance/seedance-2.0/text-to-video",
		i2v: "bytedance/seedance-2.0/image-to-video",
		r2v: "bytedance/seedance-2.0/reference-to-video",
	},
	"bytedance/seedance-2.0/fast": {
		family: "seedance-2",
		t2v: "bytedance/seedance-2.0/fast/text-to-video",
		i2v: "bytedance/seedance-2.0/fast/image-to-video",
		r2v: "bytedance/seedance-2.0/fast/reference-to-video",
	},
	"fal-ai/veo3.1": {
		family: "veo-3.1",
		t2v: "fal-ai/veo3.1",
		i2v: "fal-ai/veo3.1/image-to-video",
		flf: "fal-ai/veo3.1/first-last-frame-to-video",
		r2v: "fal-ai/veo3.1/reference-to-video",
	},
	"fal-ai/veo3.1/fast": {
		family: "veo-3.1",
		t2v: "fal-ai/veo3.1/fast",
		i2v: "fal-ai/veo3.1/fast/image-to-video",
		flf: "fal-ai/veo3.1/fast/first-last-frame-to-video",
	},
	"wan/v2.6": { family: "wan-2.6", t2v: "wan/v2.6/text-to-video", i2v: "wan/v2.6/image-to-video" },
	"fal-ai/wan/v2.7": { family: "wan-2.7", t2v: "fal-ai/wan/v2.7/text-to-video", i2v: "fal-ai/wan/v2.7/image-to-video" },
	"alibaba/happy-horse": {
		family: "happy-horse",
		t2v: "alibaba/happy-horse/text-to-video",
		i2v: "alibaba/happy-horse/image-to-video",
		r2v: "alibaba/happy-horse/reference-to-video",
	},
	"fal-ai/minimax/hailuo-2.3/standard": {
		family: "hailuo-2.3",
		t2v: "fal-ai/minimax/hailuo-2.3/standard/text-to-video",
		i2v: "fal-ai/minimax/hailuo-2.3/standard/image-to-video",
	},
	"fal-ai/minimax/hailuo-2.3/pro": {
		family: "hailuo-2.3-pro",
		t2v: "fal-ai/minimax/hailuo-2.3/pro/text-to-video",
		i2v: "fal-ai/minimax/hailuo-2.3/pro/image-to-video",
	},
	"fal-ai/ltx-2": { family: "ltx-2", t2v: "fal-ai/ltx-2/text-to-video", i2v: "fal-ai/ltx-2/image-to-video" },
	"fal-ai/ltx-2/fast": { family: "ltx-2", t2v: "fal-ai/ltx-2/text-to-video/fast", i2v: "fal-ai/ltx-2/image-to-video/fast" },
	"fal-ai/pixverse/v6": { family: "pixverse-v6", t2v: "fal-ai/pixverse/v6/text-to-video", i2v: "fal-ai/pixverse/v6/image-to-video" },
};

/** Endpoint ids whose family can be read off their shape (for declared models). */
const SHAPES: Array<[RegExp, FalFamily]> = [
	[/^fal-ai\/kling-video\/v3\/(standard|pro|4k)\/(text|image)-to-video$/, "kling-v3"],
	[/^bytedance\/seedance-2\.0\//, "seedance-2"],
	[/^fal-ai\/veo3\.1(\/|$)/, "veo-3.1"],
	[/^wan\/v2\.6\/(text|image)-to-video/, "wan-2.6"],
	[/^fal-ai\/wan\/v2\.7\/(text|image)-to-video/, "wan-2.7"],
	[/^alibaba\/happy-horse\//, "happy-horse"],
	[/^fal-ai\/minimax\/hailuo-2\.3(-fast)?\/standard\//, "hailuo-2.3"],
	[/^fal-ai\/minimax\/hailuo-2\.3(-fast)?\/pro\//, "hailuo-2.3-pro"],
	[/^fal-ai\/ltx-2\/(text|image)-to-video(\/fast)?$/, "ltx-2"],
	[/^fal-ai\/pixverse\/v6\/(text|image)-to-video$/, "pixverse-v6"],
];

/**
 * The input mapping of a model id: the catalog's, else one read off a known endpoint
 * shape (a declared "fal-ai/kling-video/v3/standard/image-to-video" is Kling 3.0),
 * else "generic".
 */
export function falFamilyOf(modelId: string): FalFamily {
	const known = FAL_ENDPOINTS[modelId];
	if (known) return known.family;
	for (const [re, fam] of SHAPES) if (re.test(modelId)) return fam;
	return "generic";
}

/** The mode a declared endpoint id names by its last path segment, if any. */
function modeOfId(id: string): FalMode | undefined {
	if (/\/first-last-frame-to-video$/.test(id)) return "flf";
	if (/\/reference-to-video$/.test(id)) return "r2v";
	if (/\/image-to-video(\/fast)?$/.test(id)) return "i2v";
	if (/\/text-to-video(\/fast)?$/.test(id)) return "t2v";
	return undefined;
}

function image(ref: ReferenceInput): string {
	return ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes);
}

export interface FalRequestPlan {
	endpoint: string;
	mode: FalMode;
	family: FalFamily;
	body: Record<string, unknown>;
}

/**
 * Endpoint and body for one job. Catalog models pick their endpoint by the inputs:
 * reference images without a first frame → reference-to-video; first + last frame →
 * first-last-frame-to-video where the model has one (Veo), else image-to-video with
 * the end-frame field; a first frame → image-to-video; nothing → text-to-video.
 * Throws (before anything is sent) when the job asks for something the mapping
 * cannot carry; planning checks the same capabilities first.
 */
export function falRequest(input: VideoJobInput, familyHint?: string): FalRequestPlan {
	const known = FAL_ENDPOINTS[input.model];
	const family: FalFamily = isFalFamily(familyHint) ? familyHint : (known?.family ?? falFamilyOf(input.model));
	const def = FAMILIES[family];
	const refs = input.references ?? [];
	const wanted: FalMode = refs.length > 0 && !input.reference ? "r2v" : input.reference ? (input.lastFrame ? "flf" : "i2v") : "t2v";
	let mode: FalMode;
	let endpoint: string | undefined;
	if (known) {
		mode = wanted === "flf" && !known.flf ? "i2v" : wanted;
		endpoint = known[mode];
	} else {
		endpoint = input.model;
		mode = modeOfId(input.model) ?? (wanted === "flf" && !def.modes.flf ? "i2v" : wanted);
	}
	const fields = def.modes[mode];
	const named = { model: input.model, mode: MODE_TEXT[mode] };
	if (!endpoint || !fields) throw new Error(tr("provider.build.falNoEndpoint", named));
	if (refs.length > 0 && !fields.refs) throw new Error(tr("provider.build.falNoReferences", named));
	if (input.lastFrame && !fields.last) throw new Error(tr("provider.build.falNoLastFrame", named));

	const body: Record<string, unknown> = { prompt: input.prompt };
	if (fields.first) {
		if (!input.reference) throw new Error(tr("provider.build.falNeedsFirstFrame", named));
		body[fields.first] = image(input.reference);
	}
	if (fields.last && input.lastFrame) body[fields.last] = image(input.lastFrame);
	if (fields.refs) body[fields.refs] = refs.map(image);
	if (def.duration === "string") body.duration = String(input.duration);
	else if (def.duration === "int") body.duration = input.duration;
	else if (def.duration === "seconds") body.duration = `${input.duration}s`;
	if (fields.aspect) body.aspect_ratio = input.aspect;
	const res = def.resolution?.[input.resolution];
	if (res) body.resolution = res;
	else if (def.resolution) throw new Error(tr("provider.build.falNoResolution", { model: input.model, resolution: input.resolution }));
	if (fields.negative && input.negativePrompt) body.negative_prompt = input.negativePrompt;
	if (fields.seed && input.seed !== undefined) body.seed = input.seed;
	if (fields.audio && input.audio !== undefined) body[fields.audio] = input.audio;
	return { endpoint, mode, family, body };
}

/** fal's endpoint names for each mode (its own terms, left untranslated). */
const MODE_TEXT: Record<FalMode, string> = {
	t2v: "text-to-video",
	i2v: "image-to-video",
	flf: "first-last-frame-to-video",
	r2v: "reference-to-video",
};
