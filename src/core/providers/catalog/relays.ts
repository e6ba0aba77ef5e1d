// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * NewAPI-compatible relays (a self-hosted NewAPI, T8Star, AIHubMix). Relays add
 * models weekly, so users declare extra ids in settings or front matter; the
 * entries here are the ones checked against each relay's own model list (sources and
 * the live models in `relay-models.ts`). The dead Sora / Veo-preview ids stay, retired,
 * so old notes get a clear message.
 */
import { caps, MB, retired, unknownPrice } from "./caps";
import { GEMINI_VIDEO_REPLACEMENT } from "./google";
import { SORA2_OPENAI, SORA2PRO_OPENAI, SORA_REPLACEMENT } from "./openai";
import { AIHUBMIX_LIVE, T8STAR_LIVE } from "./relay-models";
import type { ModelSpec } from "../types";
import type { ProviderInfo } from "./types";

const VERIFIED = "2026-12-03";
const SORA_GONE = "https://platform.openai.com/docs/deprecations (upstream Sora API shut down 2026-09-24)";
const VEO_PREVIEW_GONE = "https://ai.google.dev/gemini-api/docs/deprecations (Veo 3.1 preview ids retired 2026-10-22, as relays citing Google report)";

function relaySora(spec: ModelSpec, price: string): ModelSpec {
	return { ...spec, price: unknownPrice(price), lifecycle: retired("2026-09-24", SORA_REPLACEMENT, SORA_GONE, VERIFIED) };
}

export const newapi: ProviderInfo = {
	id: "newapi",
	label: "NewAPI-compatible relay",
	defaultBaseUrl: "http://localhost:3000/v1",
	keyEnv: "NEWAPI_API_KEY",
	defaultModel: "sora-2",
	adapter: "newapi",
	flavor: "videos",
	models: [relaySora(SORA2_OPENAI, "relay-specific; set it in settings"), relaySora(SORA2PRO_OPENAI, "relay-specific; set it in settings")],
};

export const t8star: ProviderInfo = {
	id: "t8star",
	label: "T8Star (NewAPI relay)",
	defaultBaseUrl: "https://ai.t8star.cn",
	keyEnv: "T8STAR_API_KEY",
	defaultModel: "veo3.1",
	adapter: "newapi",
	flavor: "t8star",
	models: [
		...T8STAR_LIVE,
		{
			id: "sora-2",
			durations: [10, 15],
			defaultDuration: 10,
			sizes: { horizontal: ["1280x720"], vertical: ["720x1280"] },
			image: "url-or-bytes",
			maxImageBytes: 10 * MB,
			price: unknownPrice("T8Star publishes no per-second price we could confirm"),
			typicalSeconds: 240,
			lifecycle: retired("2026-09-24", SORA_REPLACEMENT, SORA_GONE, VERIFIED),
			caps: caps({ resolutions: ["720p"], aspects: ["16:9", "9:16"], firstFrame: true }),
		},
		{
			id: "sora-2-pro",
			durations: [10, 15, 25],
			proDurations: [10, 15, 25],
			defaultDuration: 10,
			sizes: { horizontal: ["1280x720"], vertical: ["720x1280"] },
			image: "url-or-bytes",
			maxImageBytes: 10 * MB,
			price: unknownPrice("T8Star publishes no per-second price we could confirm"),
			typicalSeconds: 480,
			lifecycle: retired("2026-09-24", SORA_REPLACEMENT, SORA_GONE, VERIFIED),
			caps: caps({ resolutions: ["720p"], aspects: ["16:9", "9:16"], firstFrame: true }),
		},
	],
};

export const aihubmix: ProviderInfo = {
	id: "aihubmix",
	label: "AIHubMix (NewAPI relay)",
	defaultBaseUrl: "https://aihubmix.com/v1",
	keyEnv: "AIHUBMIX_API_KEY",
	defaultModel: "wan2.6-t2v",
	adapter: "newapi",
	flavor: "videos",
	models: [
		relaySora(SORA2_OPENAI, "AIHubMix resells at its own rates; set it in settings"),
		relaySora(SORA2PRO_OPENAI, "AIHubMix resells at its own rates; set it in settings"),
		{
			id: "veo-3.1-generate-preview",
			durations: [4, 6, 8],
			defaultDuration: 8,
			sizes: { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] },
			image: "url-or-bytes",
			price: unknownPrice("AIHubMix resells at its own rates; set it in settings"),
			typicalSeconds: 240,
			lifecycle: retired("2026-10-22", GEMINI_VIDEO_REPLACEMENT, VEO_PREVIEW_GONE, VERIFIED),
			caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], firstFrame: true }),
		},
		...AIHUBMIX_LIVE,
	],
};
