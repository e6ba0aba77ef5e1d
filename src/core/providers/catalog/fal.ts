// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * fal.ai queue API (https://queue.fal.run, `Authorization: Key …`): one aggregator
 * key for partner models. Each model below is a family of fal endpoint ids (text-to-
 * video, image-to-video, …; see providers/fal-models.ts); fields, values and prices
 * are from each endpoint's llms.txt / model page on fal.ai, read 2026-12-03.
 *
 * Prices: fal charges per second of output, some with audio on/off and per
 * resolution. The figure kept is the one for the model's default sound setting
 * (audio on where the endpoint has a switch), the conservative upper bound for the
 * budget check. Where fal's own pages disagree the higher figure is used and named.
 *
 * Images: fal takes image URLs; data URIs are accepted by "some models" (fal CDN
 * docs) and explicitly by LTX-2 ("publicly accessible or base64 data URI"). Vault
 * images are sent as data URIs (image "url-or-bytes"); keep them small (a data URI is
 * a third larger than the file).
 */
import { active, caps, MB, sizesFor } from "./caps";
import type { ProviderInfo } from "./types";
import type { Aspect, ModelCaps, ModelSpec, PriceSpec, Resolution } from "../types";

const VERIFIED = "2026-12-03";
const page = (id: string) => `https://fal.ai/models/${id}/llms.txt`;
const QUEUE_NOTE = "fal queue; status via GET …/requests/{id}/status, result via GET …/requests/{id}";

const D3_15 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const D4_15 = D3_15.slice(1);
const D2_15 = [2, ...D3_15];
const D1_15 = [1, 2, ...D3_15];
const WIDE: Aspect[] = ["16:9", "9:16", "1:1", "4:3", "3:4"];

interface Def {
	id: string;
	family: string;
	durations: number[];
	defaultDuration: number;
	resolutions: Resolution[];
	aspects: Aspect[];
	price: PriceSpec;
	typicalSeconds: number;
	maxImageMb: number;
	source: string;
	note?: string;
	caps: Omit<Partial<ModelCaps>, "resolutions" | "aspects">;
}

function spec(d: Def): ModelSpec {
	return {
		id: d.id,
		durations: d.durations,
		defaultDuration: d.defaultDuration,
		sizes: sizesFor(d.resolutions, d.aspects),
		image: "url-or-bytes",
		maxImageBytes: d.maxImageMb * MB,
		price: d.price,
		typicalSeconds: d.typicalSeconds,
		lifecycle: active(d.source, VERIFIED, d.note ? `${d.note}; ${QUEUE_NOTE}` : QUEUE_NOTE),
		caps: caps({ resolutions: d.resolutions, aspects: d.aspects, ...d.caps }),
		family: d.family,
	};
}

const MODELS: ModelSpec[] = [
	spec({
		id: "fal-ai/kling-video/v3/pro",
		family: "kling-v3",
		durations: D3_15,
		defaultDuration: 5,
		resolutions: ["1080p"],
		aspects: ["16:9", "9:16", "1:1"],
		price: {
			perSecond: 0.336,
			proPerSecond: null,
			source: `${page("fal-ai/kling-video/v3/pro/image-to-video")} (read ${VERIFIED}): $0.224/s audio off, $0.336/s audio on; the model's playground page says $0.112 / $0.168 — the higher figure is used`,
		},
		typicalSeconds: 240,
		maxImageMb: 10,
		source: page("fal-ai/kling-video/v3/pro/text-to-video"),
		note: "text-to-video / image-to-video (start_image_url, end_image_url); no seed; aspect follows the start image",
		caps: { firstFrame: true, lastFrame: true, audio: true, negativePrompt: true },
	}),
	spec({
		id: "fal-ai/kling-video/v3/standard",
		family: "kling-v3",
		durations: D3_15,
		defaultDuration: 5,
		resolutions: ["720p"],
		aspects: ["16:9", "9:16", "1:1"],
		price: {
			perSecond: 0.126,
			proPerSecond: null,
			source: `${page("fal-ai/kling-video/v3/standard/text-to-video")} (read ${VERIFIED}): $0.084/s audio off, $0.126/s audio on`,
		},
		typicalSeconds: 200,
		maxImageMb: 10,
		source: page("fal-ai/kling-video/v3/standard/text-to-video"),
		note: "text-to-video / image-to-video; no seed",
		caps: { firstFrame: true, lastFrame: true, audio: true, negativePrompt: true },
	}),
	spec({
		id: "bytedance/seedance-2.0",
		family: "seedance-2",
		durations: D4_15,
		defaultDuration: 5,
		resolutions: ["720p", "480p"],
		aspects: [...WIDE, "21:9"],
		price: {
			perSecond: 0.3034,
			proPerSecond: null,
			byResolution: { "720p": 0.3034 },
			source: `https://fal.ai/docs/model-api-reference/video-generation-api/bytedance-seedance-2.0-text-to-video (read ${VERIFIED}): 720p $0.3034/s (the model page says $0.3024); billed by tokens, 480p less — 720p figure used as the upper bound`,
		},
		typicalSeconds: 300,
		maxImageMb: 30,
		source: page("bytedance/seedance-2.0/text-to-video"),
		note: "1080p only on image-to-video, so not offered; references (≤ 9) go to reference-to-video without a first frame",
		caps: { firstFrame: true, lastFrame: true, maxReferences: 9, firstFrameWithReferences: false, audio: true, seed: true },
	}),
	spec({
		id: "bytedance/seedance-2.0/fast",
		family: "seedance-2",
		durations: D4_15,
		defaultDuration: 5,
		resolutions: ["720p", "480p"],
		aspects: [...WIDE, "21:9"],
		price: {
			perSecond: 0.2419,
			proPerSecond: null,
			byResolution: { "720p": 0.2419 },
			source: `${page("bytedance/seedance-2.0/fast/text-to-video")} (read ${VERIFIED}): 720p $0.2419/s (token-billed; 480p less)`,
		},
		typicalSeconds: 180,
		maxImageMb: 30,
		source: page("bytedance/seedance-2.0/fast/text-to-video"),
		caps: { firstFrame: true, lastFrame: true, maxReferences: 9, firstFrameWithReferences: false, audio: true, seed: true },
	}),
	spec({
		id: "fal-ai/veo3.1",
		family: "veo-3.1",
		durations: [4, 6, 8],
		defaultDuration: 8,
		resolutions: ["720p", "1080p", "4k"],
		aspects: ["16:9", "9:16"],
		price: {
			perSecond: 0.4,
			proPerSecond: null,
			byResolution: { "720p": 0.4, "1080p": 0.4, "4k": 0.6 },
			source: `${page("fal-ai/veo3.1")} (read ${VERIFIED}): $0.20/s without audio, $0.40/s with (720p, 1080p); 4k $0.40 / $0.60`,
		},
		typicalSeconds: 180,
		maxImageMb: 8,
		source: page("fal-ai/veo3.1"),
		note: "first+last frame → first-last-frame-to-video; ≤ 3 references → reference-to-video (8 MB per image)",
		caps: { firstFrame: true, lastFrame: true, maxReferences: 3, firstFrameWithReferences: false, audio: true, negativePrompt: true, seed: true },
	}),
	spec({
		id: "fal-ai/veo3.1/fast",
		family: "veo-3.1",
		durations: [4, 6, 8],
		defaultDuration: 8,
		resolutions: ["720p", "1080p", "4k"],
		aspects: ["16:9", "9:16"],
		price: {
			perSecond: 0.15,
			proPerSecond: null,
			byResolution: { "720p": 0.15, "1080p": 0.15, "4k": 0.35 },
			source: `${page("fal-ai/veo3.1/fast/first-last-frame-to-video")} (read ${VERIFIED}): $0.10/s without audio, $0.15/s with (720p, 1080p); 4k $0.30 / $0.35`,
		},
		typicalSeconds: 90,
		maxImageMb: 8,
		source: page("fal-ai/veo3.1/fast/first-last-frame-to-video"),
		caps: { firstFrame: true, lastFrame: true, audio: true, negativePrompt: true, seed: true },
	}),
	spec({
		id: "fal-ai/wan/v2.7",
		family: "wan-2.7",
		durations: D2_15,
		defaultDuration: 5,
		resolutions: ["1080p", "720p"],
		aspects: WIDE,
		price: {
			perSecond: 0.15,
			proPerSecond: null,
			byResolution: { "720p": 0.1, "1080p": 0.15 },
			source: `${page("fal-ai/wan/v2.7/image-to-video")} (read ${VERIFIED}): $0.10/s 720p, $0.15/s 1080p`,
		},
		typicalSeconds: 240,
		maxImageMb: 20,
		source: page("fal-ai/wan/v2.7/image-to-video"),
		note: "duration is an integer; audio is generated unless a driving audio_url is given (not used)",
		caps: { firstFrame: true, lastFrame: true, negativePrompt: true },
	}),
	spec({
		id: "wan/v2.6",
		family: "wan-2.6",
		durations: [5, 10, 15],
		defaultDuration: 5,
		resolutions: ["1080p", "720p"],
		aspects: WIDE,
		price: {
			perSecond: 0.15,
			proPerSecond: null,
			byResolution: { "720p": 0.1, "1080p": 0.15 },
			source: `https://fal.ai/models/wan/v2.6/text-to-video/api (read ${VERIFIED}; the per-second figures $0.10 / $0.15 are from a mirror of fal's schema, not fal's own page)`,
		},
		typicalSeconds: 240,
		maxImageMb: 25,
		source: "https://fal.ai/models/wan/v2.6/text-to-video/api",
		note: 'no fal-ai/ prefix; duration "5" | "10" | "15"; image-to-video aspect follows the image',
		caps: { firstFrame: true, negativePrompt: true, seed: true },
	}),
	spec({
		id: "alibaba/happy-horse",
		family: "happy-horse",
		durations: D3_15,
		defaultDuration: 5,
		resolutions: ["1080p", "720p"],
		aspects: WIDE,
		price: {
			perSecond: 0.28,
			proPerSecond: null,
			byResolution: { "720p": 0.14, "1080p": 0.28 },
			source: `${page("alibaba/happy-horse/text-to-video")} (read ${VERIFIED}): $0.14/s 720p, $0.28/s 1080p`,
		},
		typicalSeconds: 240,
		maxImageMb: 10,
		source: page("alibaba/happy-horse/text-to-video"),
		note: "HappyHorse 1.0; sound always on; 1–9 references → reference-to-video",
		caps: { firstFrame: true, maxReferences: 9, firstFrameWithReferences: false, seed: true },
	}),
	spec({
		id: "fal-ai/minimax/hailuo-2.3/standard",
		family: "hailuo-2.3",
		durations: [6, 10],
		defaultDuration: 6,
		resolutions: ["768p"],
		aspects: ["16:9"],
		price: {
			perSecond: 0.056,
			proPerSecond: null,
			source: `${page("fal-ai/minimax/hailuo-2.3/standard/text-to-video")} (read ${VERIFIED}): $0.28 per 6 s, $0.56 per 10 s video ($0.056/s upper bound)`,
		},
		typicalSeconds: 180,
		maxImageMb: 10,
		source: page("fal-ai/minimax/hailuo-2.3/standard/text-to-video"),
		note: "no aspect or resolution field (768p); prompt_optimizer left at fal's default",
		caps: { firstFrame: true },
	}),
	spec({
		id: "fal-ai/minimax/hailuo-2.3/pro",
		family: "hailuo-2.3-pro",
		durations: [6],
		defaultDuration: 6,
		resolutions: ["1080p"],
		aspects: ["16:9"],
		price: {
			perSecond: 0.0817,
			proPerSecond: null,
			source: `${page("fal-ai/minimax/hailuo-2.3/pro/text-to-video")} (read ${VERIFIED}): $0.49 per video (6 s)`,
		},
		typicalSeconds: 240,
		maxImageMb: 10,
		source: page("fal-ai/minimax/hailuo-2.3/pro/text-to-video"),
		note: "1080p, no duration field (6 s, MiniMax's only 1080p length)",
		caps: { firstFrame: true },
	}),
	spec({
		id: "fal-ai/ltx-2",
		family: "ltx-2",
		durations: [6, 8, 10],
		defaultDuration: 6,
		resolutions: ["1080p", "1440p", "4k"],
		aspects: ["16:9"],
		price: {
			perSecond: 0.06,
			proPerSecond: null,
			byResolution: { "1080p": 0.06, "1440p": 0.12, "4k": 0.24 },
			source: `${page("fal-ai/ltx-2/image-to-video")} (read ${VERIFIED}): $0.06/s 1080p, $0.12/s 1440p, $0.24/s 2160p`,
		},
		typicalSeconds: 120,
		maxImageMb: 10,
		source: page("fal-ai/ltx-2/image-to-video"),
		note: "LTX-2 Pro; image_url may be a base64 data URI (documented); 16:9 only",
		caps: { firstFrame: true, audio: true },
	}),
	spec({
		id: "fal-ai/ltx-2/fast",
		family: "ltx-2",
		durations: [6, 8, 10, 12, 14, 16, 18, 20],
		defaultDuration: 6,
		resolutions: ["1080p", "1440p", "4k"],
		aspects: ["16:9"],
		price: {
			perSecond: 0.04,
			proPerSecond: null,
			byResolution: { "1080p": 0.04, "1440p": 0.08, "4k": 0.16 },
			source: `https://fal.ai/learn/devs/ltx-video-2-pro-image-to-video-developer-guide (read ${VERIFIED}): $0.04/s 1080p, $0.08/s 1440p, $0.16/s 2160p`,
		},
		typicalSeconds: 60,
		maxImageMb: 10,
		source: "https://fal.ai/learn/devs/ltx-video-2-pro-image-to-video-developer-guide",
		note: "over 10 s only at 1080p (25 fps)",
		caps: { firstFrame: true, audio: true, durationsByResolution: { "1440p": [6, 8, 10], "4k": [6, 8, 10] } },
	}),
	spec({
		id: "fal-ai/pixverse/v6",
		family: "pixverse-v6",
		durations: D1_15,
		defaultDuration: 5,
		resolutions: ["720p", "540p", "1080p"],
		aspects: WIDE,
		price: {
			perSecond: 0.06,
			proPerSecond: null,
			byResolution: { "540p": 0.045, "720p": 0.06, "1080p": 0.115 },
			source: `${page("fal-ai/pixverse/v6/extend")} (read ${VERIFIED}): per second with audio 540p $0.045, 720p $0.060, 1080p $0.115 (without: $0.035 / $0.045 / $0.090); the text/image-to-video pages were not readable, extend's table is assumed to hold`,
		},
		typicalSeconds: 120,
		maxImageMb: 10,
		source: "https://fal.ai/models/fal-ai/pixverse/v6/text-to-video/api",
		note: "duration integer 1–15; sound switch generate_audio_switch; 360p not offered (no neutral label); image-to-video has no aspect or end frame",
		caps: { firstFrame: true, audio: true, negativePrompt: true, seed: true },
	}),
];

export const fal: ProviderInfo = {
	id: "fal",
	label: "fal.ai",
	defaultBaseUrl: "https://queue.fal.run",
	keyEnv: "FAL_KEY",
	defaultModel: "fal-ai/kling-video/v3/pro",
	adapter: "fal",
	openModels: true,
	models: MODELS,
};
