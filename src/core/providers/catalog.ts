/**
 * What each provider offers: base URL, key variable, models with their allowed
 * durations, sizes, pro mode and default prices. The parser and planner validate
 * against these tables; the adapters (one file per provider) import their entry.
 *
 * Prices are estimates for the dry run only. Each carries its source; where no
 * source gives a per-second figure, the price is null and shows as "unknown".
 */
import type { ModelSpec } from "./types";

export interface ProviderInfo {
	id: string;
	label: string;
	defaultBaseUrl: string;
	keyEnv: string;
	defaultModel: string;
	models: ModelSpec[];
	/** Which adapter implements the wire format. */
	adapter: "sorahk" | "openai" | "newapi" | "veo" | "wan" | "grok";
	/** For NewAPI-style relays: which route family to use. */
	flavor?: "videos" | "generations" | "t8star";
}

const UNKNOWN = (source: string) => ({ perSecond: null, proPerSecond: null, source });

const H = { horizontal: ["1280x720"], vertical: ["720x1280"] };
const MB = 1024 * 1024;

const SORA2_OPENAI: ModelSpec = {
	id: "sora-2",
	durations: [4, 8, 12],
	defaultDuration: 4,
	sizes: H,
	image: "url-or-bytes",
	maxImageBytes: 20 * MB,
	price: { perSecond: 0.1, proPerSecond: null, source: "OpenAI API pricing, sora-2 720p: $0.10/s (2025-10)" },
	typicalSeconds: 180,
};

const SORA2PRO_OPENAI: ModelSpec = {
	id: "sora-2-pro",
	durations: [4, 8, 12],
	defaultDuration: 4,
	sizes: { horizontal: ["1280x720", "1792x1024"], vertical: ["720x1280", "1024x1792"] },
	image: "url-or-bytes",
	maxImageBytes: 20 * MB,
	price: { perSecond: 0.3, proPerSecond: null, source: "OpenAI API pricing, sora-2-pro 720p: $0.30/s (2025-10)" },
	typicalSeconds: 420,
};

export const CATALOG: Record<string, ProviderInfo> = {
	sorahk: {
		id: "sorahk",
		label: "Sora.hk",
		defaultBaseUrl: "https://api.sora.hk/v1",
		keyEnv: "SORAHK_API_KEY",
		defaultModel: "sora-2",
		adapter: "sorahk",
		models: [
			{
				id: "sora-2",
				durations: [10, 15],
				proDurations: [10, 15, 25],
				defaultDuration: 10,
				sizes: H,
				image: "url",
				maxImageBytes: 10 * MB,
				price: {
					perSecond: 0.005,
					proPerSecond: null,
					source: "the original CineFlow's flat estimate of $0.005/s; Sora.hk's GET /pricing gives 3 (normal) and 30 (pro) US cents without a unit, so pro is unknown",
				},
				typicalSeconds: 270,
			},
		],
	},
	openai: {
		id: "openai",
		label: "OpenAI Videos",
		defaultBaseUrl: "https://api.openai.com/v1",
		keyEnv: "OPENAI_API_KEY",
		defaultModel: "sora-2",
		adapter: "openai",
		models: [SORA2_OPENAI, SORA2PRO_OPENAI],
	},
	newapi: {
		id: "newapi",
		label: "NewAPI-compatible relay",
		defaultBaseUrl: "http://localhost:3000/v1",
		keyEnv: "NEWAPI_API_KEY",
		defaultModel: "sora-2",
		adapter: "newapi",
		flavor: "videos",
		models: [
			{ ...SORA2_OPENAI, price: UNKNOWN("relay-specific; set it in settings") },
			{ ...SORA2PRO_OPENAI, price: UNKNOWN("relay-specific; set it in settings") },
		],
	},
	t8star: {
		id: "t8star",
		label: "T8Star (NewAPI relay)",
		defaultBaseUrl: "https://ai.t8star.cn",
		keyEnv: "T8STAR_API_KEY",
		defaultModel: "sora-2",
		adapter: "newapi",
		flavor: "t8star",
		models: [
			{
				id: "sora-2",
				durations: [10, 15],
				defaultDuration: 10,
				sizes: H,
				image: "url-or-bytes",
				maxImageBytes: 10 * MB,
				price: UNKNOWN("T8Star publishes no per-second price we could confirm"),
				typicalSeconds: 240,
			},
			{
				id: "sora-2-pro",
				durations: [10, 15, 25],
				proDurations: [10, 15, 25],
				defaultDuration: 10,
				sizes: H,
				image: "url-or-bytes",
				maxImageBytes: 10 * MB,
				price: UNKNOWN("T8Star publishes no per-second price we could confirm"),
				typicalSeconds: 480,
			},
		],
	},
	aihubmix: {
		id: "aihubmix",
		label: "AIHubMix (NewAPI relay)",
		defaultBaseUrl: "https://aihubmix.com/v1",
		keyEnv: "AIHUBMIX_API_KEY",
		defaultModel: "sora-2",
		adapter: "newapi",
		flavor: "videos",
		models: [
			{ ...SORA2_OPENAI, price: UNKNOWN("AIHubMix resells at its own rates; set it in settings") },
			{ ...SORA2PRO_OPENAI, price: UNKNOWN("AIHubMix resells at its own rates; set it in settings") },
			{
				id: "veo-3.1-generate-preview",
				durations: [4, 6, 8],
				defaultDuration: 8,
				sizes: { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] },
				image: "url-or-bytes",
				price: UNKNOWN("AIHubMix resells at its own rates; set it in settings"),
				typicalSeconds: 240,
			},
			{
				id: "wan2.6-t2v",
				durations: [5, 10],
				defaultDuration: 5,
				sizes: { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] },
				image: "none",
				price: UNKNOWN("AIHubMix resells at its own rates; set it in settings"),
				typicalSeconds: 180,
			},
		],
	},
	veo: {
		id: "veo",
		label: "Google Veo 3.1 (Gemini API)",
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
			},
		],
	},
	wan: {
		id: "wan",
		label: "Alibaba Wan 2.6 (DashScope)",
		defaultBaseUrl: "https://dashscope-intl.aliyuncs.com",
		keyEnv: "DASHSCOPE_API_KEY",
		defaultModel: "wan2.6-t2v",
		adapter: "wan",
		models: [
			{
				id: "wan2.6-t2v",
				durations: [5, 10, 15],
				defaultDuration: 5,
				sizes: { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] },
				image: "none",
				price: UNKNOWN("DashScope lists Wan 2.6 by region and resolution; set it in settings"),
				typicalSeconds: 180,
			},
			{
				id: "wan2.6-i2v",
				durations: [5, 10, 15],
				defaultDuration: 5,
				sizes: { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] },
				image: "url-or-bytes",
				maxImageBytes: 10 * MB,
				price: UNKNOWN("DashScope lists Wan 2.6 by region and resolution; set it in settings"),
				typicalSeconds: 180,
			},
		],
	},
	grok: {
		id: "grok",
		label: "xAI Grok Imagine",
		defaultBaseUrl: "https://api.x.ai/v1",
		keyEnv: "XAI_API_KEY",
		defaultModel: "grok-imagine-video",
		adapter: "grok",
		models: [
			{
				id: "grok-imagine-video",
				durations: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
				defaultDuration: 8,
				sizes: { horizontal: ["1280x720", "854x480"], vertical: ["720x1280", "480x854"] },
				image: "url-or-bytes",
				maxImageBytes: 10 * MB,
				price: UNKNOWN("xAI's video price per second was not confirmed; set it in settings"),
				typicalSeconds: 120,
			},
		],
	},
};

export function providerIds(): string[] {
	return Object.keys(CATALOG);
}

export function getProviderInfo(id: string): ProviderInfo | undefined {
	return Object.prototype.hasOwnProperty.call(CATALOG, id) ? CATALOG[id] : undefined;
}

export function getModelSpec(provider: string, model: string): ModelSpec | undefined {
	return getProviderInfo(provider)?.models.find((m) => m.id === model);
}

/** Allowed durations for a model in the given mode, e.g. "10, 15; 25 with pro". */
export function describeDurations(spec: ModelSpec): string {
	const base = spec.durations.join(", ");
	if (!spec.proDurations) return base;
	const extra = spec.proDurations.filter((d) => !spec.durations.includes(d));
	return extra.length ? `${base}; ${extra.join(", ")} with pro` : base;
}
