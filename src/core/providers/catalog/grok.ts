// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * xAI Grok Imagine video.
 *
 * Sources, read 2026-12-03:
 * - https://docs.x.ai/docs/model-capabilities/video/generation (video guide): duration,
 *   aspect_ratio, resolution; "On grok-imagine-video-1.5, text-to-video supports native 1080p".
 * - xAI's SDK (github.com/xai-org/xai-sdk-python, src/xai_sdk/video.py and types/, 2026-08-18):
 *   duration 1–15 (default 8), aspect ratios 1:1 16:9 9:16 4:3 3:4 3:2 2:3 (default 16:9),
 *   resolution 480p/720p/1080p (default 480p), `image` = first frame, `reference_images` for
 *   reference-to-video (not together with `image`), `generate_audio` (default true). Commit
 *   4fbfafd (2026-08-14) replaced `grok-imagine-video-1.5-preview` by `grok-imagine-video-1.5`
 *   in the SDK's list of public models.
 * - REST shape cross-checked with Vercel's @ai-sdk/xai (packages/xai/src/xai-video-model.ts):
 *   `image: {url}`, `reference_images: [{url}]` (1–7), no seed, no last frame.
 * - Prices: xAI's pricing page was not in our copy; figures are the per-second list prices
 *   that Cloudflare AI (xai/grok-imagine-video: $0.05/s 480p, $0.07/s 720p), fal.ai and
 *   Runware (1.5 preview: $0.08/s 480p, $0.14/s 720p, plus $0.01 per input image) pass through.
 */
import { active, caps, MB, sizesFor } from "./caps";
import type { Aspect, Lifecycle, ModelSpec } from "../types";
import type { ProviderInfo } from "./types";

const GUIDE = "https://docs.x.ai/docs/model-capabilities/video/generation";
const SDK = "https://github.com/xai-org/xai-sdk-python (src/xai_sdk/video.py, types/model.py @4dab6a4)";
const VERIFIED = "2026-12-03";
const ASPECTS: Aspect[] = ["16:9", "9:16", "1:1", "4:3", "3:4"];
const DURATIONS = Array.from({ length: 15 }, (_, i) => i + 1);
const PRICE_NOTE = "xAI list price as passed through by";

/** The 1.5 preview id left xAI's public model list; no shutdown date was published. */
const PREVIEW_LIFECYCLE: Lifecycle = {
	status: "deprecated",
	replacement: "grok-imagine-video-1.5",
	source: `${SDK}; commit 4fbfafd (2026-08-14) replaced it by grok-imagine-video-1.5`,
	verified: VERIFIED,
	note: "image-to-video only; xAI names no shutdown date; generate_audio is documented for the current models only",
};

const BASE: ModelSpec = {
	id: "grok-imagine-video",
	durations: DURATIONS,
	defaultDuration: 8,
	sizes: sizesFor(["480p", "720p"], ASPECTS),
	image: "url-or-bytes",
	maxImageBytes: 10 * MB,
	price: {
		perSecond: 0.05,
		proPerSecond: null,
		byResolution: { "480p": 0.05, "720p": 0.07 },
		source: `${PRICE_NOTE} Cloudflare AI and Krea (xai/grok-imagine-video), read 2026-12-03: $0.05/s 480p, $0.07/s 720p`,
	},
	typicalSeconds: 120,
	lifecycle: active(GUIDE, VERIFIED),
	caps: caps({ resolutions: ["480p", "720p"], aspects: ASPECTS, firstFrame: true, maxReferences: 7, firstFrameWithReferences: false, audio: true }),
};

const V15: ModelSpec = {
	id: "grok-imagine-video-1.5",
	durations: DURATIONS,
	defaultDuration: 8,
	sizes: sizesFor(["480p", "720p", "1080p"], ASPECTS),
	image: "url-or-bytes",
	maxImageBytes: 10 * MB,
	price: {
		perSecond: 0.08,
		proPerSecond: null,
		byResolution: { "480p": 0.08, "720p": 0.14, "1080p": 0.25 },
		source: `${PRICE_NOTE} fal.ai, Runware and MuAPI, read 2026-12-03: $0.08/s 480p, $0.14/s 720p, $0.25/s 1080p (+$0.01 per input image)`,
	},
	typicalSeconds: 150,
	lifecycle: active(GUIDE, VERIFIED, "reference images work up to 720p only"),
	caps: caps({ resolutions: ["480p", "720p", "1080p"], aspects: ASPECTS, firstFrame: true, maxReferences: 7, firstFrameWithReferences: false, audio: true }),
};

const V15_PREVIEW: ModelSpec = {
	id: "grok-imagine-video-1.5-preview",
	durations: DURATIONS,
	defaultDuration: 8,
	sizes: sizesFor(["480p", "720p"], ASPECTS),
	image: "url-or-bytes",
	maxImageBytes: 10 * MB,
	price: {
		perSecond: 0.08,
		proPerSecond: null,
		byResolution: { "480p": 0.08, "720p": 0.14 },
		source: `${PRICE_NOTE} fal.ai and Runware, read 2026-12-03: $0.08/s 480p, $0.14/s 720p (+$0.01 per input image)`,
	},
	typicalSeconds: 150,
	lifecycle: PREVIEW_LIFECYCLE,
	caps: caps({ resolutions: ["480p", "720p"], aspects: ASPECTS, firstFrame: true, imageRequired: true }),
};

export const grok: ProviderInfo = {
	id: "grok",
	label: "xAI Grok Imagine",
	defaultBaseUrl: "https://api.x.ai/v1",
	keyEnv: "XAI_API_KEY",
	defaultModel: "grok-imagine-video",
	adapter: "grok",
	models: [BASE, V15, V15_PREVIEW],
};
