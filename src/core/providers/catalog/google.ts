// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * Google through the Gemini API (one key, GEMINI_API_KEY):
 * - `gemini`: Gemini Omni Flash (Interactions API) and the Veo 3.1 ids, by family.
 * - `veo`: the legacy entry for notes written against the Veo 3.1 preview ids.
 *
 * What the stored Google pages say (read 2026-12-03):
 * - https://ai.google.dev/gemini-api/docs/video (it-IT copy, "last updated 2026-10-22"):
 *   "the Veo 3.1 preview in the Gemini API has been shut down"; Gemini Omni Flash is
 *   the video model of the Gemini API. Older copies of the same page still name Veo 3.1
 *   for last-frame control and extension; the dated copy wins.
 * - https://ai.google.dev/gemini-api/docs/changelog (2026-06-15): Veo 2/3.0 ids shut down
 *   2026-06-30; "use the Veo 3.1 preview ids or the 3.1 GA models available through
 *   Gemini Enterprise Agent Platform". The GA ids veo-3.1-generate-001 /
 *   veo-3.1-fast-generate-001 are Agent Platform (Vertex) ids: they need a Google Cloud
 *   project and an OAuth token, not a Gemini API key, so no Veo id is live here.
 * - https://ai.google.dev/gemini-api/docs/deprecations: veo-3.1-generate-preview,
 *   veo-3.1-fast-generate-preview and veo-3.1-lite-generate-preview shut down 2026-10-22,
 *   replacement gemini-omni-1.1-flash (the stored copy of the page predates the entry;
 *   the ids, date and replacement are as relays quoting it report).
 * - https://ai.google.dev/gemini-api/docs/omni: gemini-omni-1.1-flash (GA 2026-08-27)
 *   through `POST /v1beta/interactions`; gemini-omni-flash-preview shut down 2026-09-30.
 *   gemini-omni-1.2-flash (reported released 2026-11-05) is not on any stored Google
 *   page, so it is not listed; declare it in settings once Google documents it.
 * - https://ai.google.dev/gemini-api/docs/pricing: not readable in the stored copies, so
 *   Omni prices are unknown (resellers quote $0.10–0.13/s at 720p; not used).
 */
import { active, caps, MB, retired, sizesFor, unknownPrice } from "./caps";
import type { ModelSpec } from "../types";
import type { ProviderInfo } from "./types";

const VERIFIED = "2026-12-03";
const GONE =
	'https://ai.google.dev/gemini-api/docs/video ("the Veo 3.1 preview in the Gemini API has been shut down", page updated 2026-10-22); ids, date 2026-10-22 and replacement from https://ai.google.dev/gemini-api/docs/deprecations as relays quote it';
const OMNI_SOURCE = "https://ai.google.dev/gemini-api/docs/omni (gemini-omni-1.1-flash via the Interactions API)";
const OMNI_NOTE =
	"Aspect, resolution and duration ride on response_format (official SDK types); 3–10 s and the 4 MB inline cap are reported by clients tested against the live API, not by the stored guide.";
const OMNI_PRICE = unknownPrice(
	"Gemini API pricing page (https://ai.google.dev/gemini-api/docs/pricing) not readable on 2026-12-03; Omni bills video output per second by resolution — set the figure in settings",
);

/** The live replacement Google names for the retired Veo 3.1 preview ids. */
export const GEMINI_VIDEO_REPLACEMENT = "gemini/gemini-omni-1.1-flash";

const VEO_SIZES = { horizontal: ["1280x720", "1920x1080", "3840x2160"], vertical: ["720x1280", "1080x1920", "2160x3840"] };

/**
 * A retired Veo 3.1 preview id as the Gemini API documented it before the shutdown
 * (https://ai.google.dev/gemini-api/docs/video, Veo 3.1 section): 720p/1080p/4K,
 * 16:9 and 9:16, 4/6/8 s with 1080p and 4K at 8 s only, first and last frame
 * (last frame only with a first frame), up to 3 asset reference images (not with a
 * first or last frame, 8 s), negativePrompt; no seed or audio switch on the Gemini
 * API (the official SDK refuses both outside Agent Platform).
 */
function veoPreview(id: string, price: number | null, typicalSeconds: number, replacement: string, lite = false): ModelSpec {
	return {
		id,
		durations: [4, 6, 8],
		defaultDuration: 8,
		sizes: lite ? { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] } : VEO_SIZES,
		image: "bytes",
		maxImageBytes: 20 * MB,
		price:
			price === null
				? unknownPrice("no Gemini API price was read for this id before it shut down")
				: { perSecond: price, proPerSecond: null, source: "Gemini API pricing before the shutdown (2025-10); the id no longer serves" },
		typicalSeconds,
		lifecycle: retired("2026-10-22", replacement, GONE, VERIFIED),
		caps: caps({
			resolutions: lite ? ["720p", "1080p"] : ["720p", "1080p", "4k"],
			aspects: ["16:9", "9:16"],
			durationsByResolution: lite ? { "1080p": [8] } : { "1080p": [8], "4k": [8] },
			firstFrame: true,
			lastFrame: !lite,
			maxReferences: lite ? 0 : 3,
			firstFrameWithReferences: false,
			negativePrompt: true,
		}),
	};
}

const OMNI_RESOLUTIONS = ["720p", "1080p", "4k"] as const;

export const gemini: ProviderInfo = {
	id: "gemini",
	label: "Google Gemini API (Veo 3.1, Gemini Omni)",
	defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta",
	keyEnv: "GEMINI_API_KEY",
	defaultModel: "gemini-omni-1.1-flash",
	adapter: "gemini",
	models: [
		{
			id: "gemini-omni-1.1-flash",
			durations: [3, 4, 5, 6, 7, 8, 9, 10],
			defaultDuration: 8,
			sizes: sizesFor(OMNI_RESOLUTIONS, ["16:9", "9:16"]),
			image: "bytes",
			maxImageBytes: 20 * MB,
			price: OMNI_PRICE,
			typicalSeconds: 90,
			lifecycle: active(OMNI_SOURCE, VERIFIED, OMNI_NOTE),
			// First frame = task image_to_video; references = task reference_to_video (one or the
			// other). Sound is always generated; no negative prompt, seed or last-frame field is
			// documented for the Interactions API, so none is offered. 360p exists but has no
			// neutral resolution here.
			caps: caps({ resolutions: [...OMNI_RESOLUTIONS], aspects: ["16:9", "9:16"], firstFrame: true, maxReferences: 3, firstFrameWithReferences: false }),
		},
		veoPreview("veo-3.1-generate-preview", 0.4, 210, "gemini-omni-1.1-flash"),
		veoPreview("veo-3.1-fast-generate-preview", 0.15, 120, "gemini-omni-1.1-flash"),
		veoPreview("veo-3.1-lite-generate-preview", null, 90, "gemini-omni-1.1-flash", true),
	],
};

export const veo: ProviderInfo = {
	id: "veo",
	label: "Google Veo 3.1 (Gemini API, preview ids — shut down)",
	defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta",
	keyEnv: "GEMINI_API_KEY",
	defaultModel: "veo-3.1-generate-preview",
	adapter: "veo",
	models: [
		{
			id: "veo-3.1-generate-preview",
			durations: [4, 6, 8],
			defaultDuration: 8,
			sizes: { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] },
			image: "bytes",
			maxImageBytes: 20 * MB,
			price: { perSecond: 0.4, proPerSecond: null, source: "Gemini API pricing, Veo 3.1 with audio: $0.40/s (2025-10)" },
			typicalSeconds: 210,
			lifecycle: retired("2026-10-22", GEMINI_VIDEO_REPLACEMENT, GONE, VERIFIED),
			caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], durationsByResolution: { "1080p": [8] }, firstFrame: true }),
		},
		{
			id: "veo-3.1-fast-generate-preview",
			durations: [4, 6, 8],
			defaultDuration: 8,
			sizes: { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] },
			image: "bytes",
			maxImageBytes: 20 * MB,
			price: { perSecond: 0.15, proPerSecond: null, source: "Gemini API pricing, Veo 3.1 Fast with audio: $0.15/s (2025-10)" },
			typicalSeconds: 120,
			lifecycle: retired("2026-10-22", GEMINI_VIDEO_REPLACEMENT, GONE, VERIFIED),
			caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], durationsByResolution: { "1080p": [8] }, firstFrame: true }),
		},
	],
};
