// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * The live models T8Star and AIHubMix serve through their NewAPI-style routes, and the
 * request body ("dialect") each model takes on that route. Data only; the bodies are
 * built by `providers/relay-bodies.ts`.
 *
 * AIHubMix (all on `POST /v1/videos`, answered in the OpenAI video shape), read 2026-12-03:
 * - https://docs.aihubmix.com/en/api/Video-Gen (and the current mintlify copy
 *   https://aihubmix.mintlify.app/en/api/Video-Gen): unified /v1/videos, `seconds` always a
 *   string, "wan2.6 supports only 720P and 1080P", Seedance references via a `content` array.
 * - AIHubMix's own request builder, github.com/AIhubmix/aihubmix-media-adapters
 *   (src/adapters/video.ts + src/seed.ts @bef2715, 2026-06-05): wan2.x = flat
 *   {model, prompt, seconds, size, input_reference: "<url or data URI>"}, 2–15 s, sizes
 *   1280x720 720x1280 1920x1080 1080x1920 (wan2.7 adds 720x720 1080x1080 960x720 720x960
 *   1440x1080 1080x1440); Seedance = {model, prompt, duration (number), content[] with roles
 *   first_frame / last_frame / reference_image, resolution token, ratio, seed, generate_audio}.
 *   wan2.7-i2v takes DashScope's native body there and is not offered here.
 * - Seedance 2.0 limits (reference images ≤ 9, not together with a first/last frame, 4–15 s):
 *   ByteDance ModelArk docs as quoted by several relays (docs.aihubmax.com, seedance2api.app).
 * - Veo 3.1 GA ids, Kling, Hailuo, Grok: not documented on AIHubMix's video route in what we
 *   could read (Kling's fields image / image_tail / image_list are named but not specified).
 *
 * T8Star (ai.t8star.cn, all on `POST /v2/videos/generations`): T8Star publishes no API
 * reference we could read. The Veo 3.1 ids and fields come from client code that calls it
 * (github.com/MuAIGC/ComfyUI-Aiya-MMX nodes/Veo31_API.py: veo3.1, veo3.1-pro,
 * veo3.1-components, 4K variants; {model, prompt, duration (int), aspect_ratio 16:9|9:16,
 * images[≤3], enhance_prompt, enable_upsample}) and a second independent client sending the same shape.
 */
import { active, caps, MB, sizesFor, unknownPrice } from "./caps";
import type { Aspect, ModelSpec, Resolution } from "../types";

const VERIFIED = "2026-12-03";

/**
 * Request bodies a relay model takes:
 * - `openai`: OpenAI Videos (`seconds` string, `size`, `input_reference: {image_url}` or a file)
 * - `taskreq`: NewAPI's TaskSubmitReq (`duration`/`seconds`, `size`, `image` / `input_reference` string)
 * - `wan`: AIHubMix's flat Wan body (`seconds` string, `size`, `input_reference` string)
 * - `seedance`: AIHubMix's Seedance body (`duration` number, `content[]`, `resolution`, `ratio`, `seed`, `generate_audio`)
 * - `t8star-sora`: T8Star v2 Sora body (`aspect_ratio`, `duration` string, `hd`, `images[]`)
 * - `t8star-veo`: T8Star v2 Veo body (integer `duration`, `aspect_ratio`, `images[]`, `enhance_prompt`)
 */
export type RelayDialect = "openai" | "taskreq" | "wan" | "seedance" | "t8star-sora" | "t8star-veo";

const AHM_SOURCE = "https://docs.aihubmix.com/en/api/Video-Gen; github.com/AIhubmix/aihubmix-media-adapters src/seed.ts @bef2715";
const AHM_PRICE = unknownPrice("AIHubMix resells at its own rates (not published per second); set it in settings");
const T8_SOURCE =
	"https://ai.t8star.cn (no public API reference readable); ids and fields from client code calling /v2/videos/generations (github.com/MuAIGC/ComfyUI-Aiya-MMX nodes/Veo31_API.py)";
const T8_NOTE = "fields reported by client code, not by T8Star's own docs";
const T8_PRICE = unknownPrice("T8Star publishes no per-second price we could read; set it in settings");

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const WAN26_SIZES = { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] };
const WAN27_SIZES = {
	horizontal: ["1280x720", "1920x1080", "720x720", "1080x1080", "960x720", "1440x1080"],
	vertical: ["720x1280", "1080x1920", "720x960", "1080x1440"],
};
const SEEDANCE_ASPECTS: Aspect[] = ["16:9", "9:16", "4:3", "3:4", "21:9", "1:1"];

function seedance(id: string, resolutions: Resolution[], typicalSeconds: number): ModelSpec {
	return {
		id,
		durations: range(4, 15),
		defaultDuration: 5,
		sizes: sizesFor(resolutions, SEEDANCE_ASPECTS),
		image: "url-or-bytes",
		maxImageBytes: 30 * MB,
		price: AHM_PRICE,
		typicalSeconds,
		lifecycle: active(AHM_SOURCE, VERIFIED, "reference images (≤ 9) and a first/last frame are separate modes"),
		caps: caps({
			resolutions,
			aspects: SEEDANCE_ASPECTS,
			firstFrame: true,
			lastFrame: true,
			maxReferences: 9,
			firstFrameWithReferences: false,
			audio: true,
			seed: true,
		}),
	};
}

export const AIHUBMIX_LIVE: ModelSpec[] = [
	{
		id: "wan2.6-t2v",
		durations: range(2, 15),
		defaultDuration: 5,
		sizes: WAN26_SIZES,
		image: "none",
		price: AHM_PRICE,
		typicalSeconds: 180,
		lifecycle: active(AHM_SOURCE, VERIFIED),
		caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"] }),
	},
	{
		id: "wan2.6-i2v",
		durations: range(2, 15),
		defaultDuration: 5,
		sizes: WAN26_SIZES,
		image: "url-or-bytes",
		maxImageBytes: 10 * MB,
		price: AHM_PRICE,
		typicalSeconds: 180,
		lifecycle: active(AHM_SOURCE, VERIFIED, "the output takes the first frame's aspect ratio"),
		caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], firstFrame: true, imageRequired: true }),
	},
	{
		id: "wan2.7-t2v",
		durations: range(2, 15),
		defaultDuration: 5,
		sizes: WAN27_SIZES,
		image: "none",
		price: AHM_PRICE,
		typicalSeconds: 180,
		lifecycle: active(AHM_SOURCE, VERIFIED),
		caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16", "1:1", "4:3", "3:4"] }),
	},
	seedance("doubao-seedance-2-0-260128", ["720p", "480p", "1080p"], 240),
	seedance("doubao-seedance-2-0-fast-260128", ["720p", "480p"], 150),
];

function t8Veo(id: string, references: boolean, typicalSeconds: number): ModelSpec {
	return {
		id,
		durations: [8],
		defaultDuration: 8,
		sizes: { horizontal: ["1280x720"], vertical: ["720x1280"] },
		image: "url-or-bytes",
		maxImageBytes: 10 * MB,
		price: T8_PRICE,
		typicalSeconds,
		lifecycle: active(T8_SOURCE, VERIFIED, T8_NOTE),
		caps: references
			? caps({ resolutions: ["720p"], aspects: ["16:9", "9:16"], maxReferences: 3 })
			: caps({ resolutions: ["720p"], aspects: ["16:9", "9:16"], firstFrame: true }),
	};
}

export const T8STAR_LIVE: ModelSpec[] = [t8Veo("veo3.1", false, 180), t8Veo("veo3.1-pro", false, 300), t8Veo("veo3.1-components", true, 240)];

/** Which body each catalog model takes on its relay; other (declared) ids get their flavor's default. */
export const RELAY_DIALECTS: Record<string, Record<string, RelayDialect>> = {
	newapi: { "sora-2": "openai", "sora-2-pro": "openai" },
	t8star: { "sora-2": "t8star-sora", "sora-2-pro": "t8star-sora", "veo3.1": "t8star-veo", "veo3.1-pro": "t8star-veo", "veo3.1-components": "t8star-veo" },
	aihubmix: {
		"sora-2": "openai",
		"sora-2-pro": "openai",
		"veo-3.1-generate-preview": "openai",
		"wan2.6-t2v": "wan",
		"wan2.6-i2v": "wan",
		"wan2.7-t2v": "wan",
		"doubao-seedance-2-0-260128": "seedance",
		"doubao-seedance-2-0-fast-260128": "seedance",
	},
};
