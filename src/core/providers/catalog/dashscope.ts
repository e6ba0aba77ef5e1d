// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * Alibaba Cloud Model Studio (DashScope) on its current video protocol: the same
 * `video-synthesis` task endpoint as the legacy `wan` entry, but with `input.media[]`
 * and `parameters.resolution`/`ratio` instead of `img_url` and `size`.
 *
 * Sources (read 2026-12-03):
 * - Wan 2.7: https://www.alibabacloud.com/help/en/model-studio/wan-image-to-video-guide
 *   (updated 2026-04-17: 2–15 s, 720P/1080P, first frame / first+last frame) and the
 *   official DashScope Python SDK 1.26.2 (VideoSynthesis.MediaType first_frame,
 *   last_frame, reference_image, …; parameters resolution, ratio, duration, seed,
 *   prompt_extend, watermark). The text-to-video and reference-to-video reference pages
 *   were not readable here; their limits (ratios, 1–5 references) come from resellers
 *   that pass the DashScope body through (APIYI, GMI Cloud), read 2026-12-03.
 * - Wan 3.0 (`wan3.0-video`, `wan3.0-video-prime`: one id for text, image and reference
 *   to video; 2–30 s; 480P–1080P) and HappyHorse 1.0 (3–15 s, 720P/1080P; i2v first frame
 *   only; r2v up to 9 images): reseller docs (APIYI, LaoZhang, Venice, Cloudsway) and a
 *   2026-08-27 write-up checked against the Model Studio API reference; Alibaba's own
 *   pages were not in reach. Entries carry a lifecycle note saying so.
 * - Ids refused upstream: `wan3.0-t2v/-i2v/-r2v` ("Model not exist", as users report);
 *   HappyHorse 1.1 is listed by resellers only; neither is catalogued.
 */
import { active, caps, MB, sizesFor } from "./caps";
import type { Aspect, ModelSpec, PriceSpec, Resolution } from "../types";
import type { ProviderInfo } from "./types";

const VERIFIED = "2026-12-03";
const WAN27 = "https://www.alibabacloud.com/help/en/model-studio/wan-image-to-video-guide; DashScope Python SDK 1.26.2 (VideoSynthesis media types)";
const WAN30 =
	"https://www.alibabacloud.com/help/en/model-studio/ (Wan 3.0 API reference, not readable here); ids and limits from docs.apiyi.com/api-capabilities/wan3 and docs.laozhang.ai wan-video-generation";
const HAPPYHORSE =
	"https://www.alibabacloud.com/help/en/model-studio/ (HappyHorse, launched 2026-04-27 per the Model Studio listing as reported); limits from docs.cloudsway.net MaaS_HappyHorse and docs.apiyi.com happyhorse";
const RESELLER_NOTE = "ids and limits from resellers that pass DashScope's body through; Alibaba's page was not readable here";

const ASPECTS: Aspect[] = ["16:9", "9:16", "1:1", "4:3", "3:4"];
const RANGE = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function price(byResolution: Partial<Record<Resolution, number>>, source: string): PriceSpec {
	return { perSecond: byResolution["720p"] ?? null, proPerSecond: null, byResolution, source: `${source}, read ${VERIFIED}` };
}

/** APIYI lists Wan 2.7 at $0.084/s (720P) and $0.14/s (1080P), billed at 98 % of Alibaba's list price. */
const WAN27_PRICE = price(
	{ "720p": 0.086, "1080p": 0.143 },
	"Alibaba list price derived from APIYI's Wan2.7 rates ($0.084/$0.14 per s at 98 % of list); Model Studio's price page not readable",
);
/** APIYI: wan3.0-video $0.0588/s at 720P and $0.1176/s at 1080P (98 % of list); 480P at half of 720P. */
const WAN30_PRICE = price(
	{ "480p": 0.03, "720p": 0.06, "1080p": 0.12 },
	"Alibaba list price derived from APIYI's Wan3.0 rates (98 % of list; 480P:720P:1080P = 1:2:4)",
);
/** APIYI: wan3.0-video-prime $0.126/s at 720P (98 % of list); other tiers by the same 1:2:4 ratio (Venice's Prime rates agree). */
const WAN30_PRIME_PRICE = price(
	{ "480p": 0.064, "720p": 0.129, "1080p": 0.257 },
	"Alibaba list price derived from APIYI's Wan3.0 Prime rate (98 % of list; 1:2:4 by resolution as Venice lists)",
);
/** Model Studio listing as reported at launch: $0.14/s (720P) to $0.24/s (1080P); two resellers agree. */
const HAPPYHORSE_PRICE = price(
	{ "720p": 0.14, "1080p": 0.24 },
	"Model Studio listing at launch as reported (okmiku.com, docs.qingbo.dev, docs.empiriolabs.ai)",
);

interface Shape {
	durations: number[];
	resolutions: Resolution[];
	image: "url" | "none";
	firstFrame?: boolean;
	lastFrame?: boolean;
	imageRequired?: boolean;
	maxReferences?: number;
	negativePrompt?: boolean;
	price: PriceSpec;
	typicalSeconds: number;
	source: string;
	note?: string;
}

function model(id: string, s: Shape): ModelSpec {
	const spec: ModelSpec = {
		id,
		durations: s.durations,
		defaultDuration: 5,
		sizes: sizesFor(s.resolutions, ASPECTS),
		image: s.image,
		price: s.price,
		typicalSeconds: s.typicalSeconds,
		lifecycle: active(s.source, VERIFIED, s.note),
		caps: caps({
			resolutions: s.resolutions,
			aspects: ASPECTS,
			firstFrame: s.firstFrame ?? false,
			lastFrame: s.lastFrame ?? false,
			imageRequired: s.imageRequired,
			maxReferences: s.maxReferences ?? 0,
			// Not documented as allowed for any of these models: the conservative reading.
			firstFrameWithReferences: false,
			negativePrompt: s.negativePrompt ?? false,
			seed: true,
		}),
	};
	if (s.image !== "none") spec.maxImageBytes = 10 * MB;
	return spec;
}

export const dashscope: ProviderInfo = {
	id: "dashscope",
	label: "Alibaba Model Studio (Wan 2.7 / 3.0, HappyHorse)",
	defaultBaseUrl: "https://dashscope-intl.aliyuncs.com",
	keyEnv: "DASHSCOPE_API_KEY",
	defaultModel: "wan2.7-t2v",
	adapter: "dashscope",
	models: [
		model("wan2.7-t2v", {
			durations: RANGE(2, 15),
			resolutions: ["720p", "1080p"],
			image: "none",
			negativePrompt: true,
			price: WAN27_PRICE,
			typicalSeconds: 180,
			source: WAN27,
		}),
		model("wan2.7-i2v", {
			durations: RANGE(2, 15),
			resolutions: ["720p", "1080p"],
			image: "url",
			firstFrame: true,
			lastFrame: true,
			imageRequired: true,
			negativePrompt: true,
			price: WAN27_PRICE,
			typicalSeconds: 180,
			source: WAN27,
		}),
		model("wan2.7-r2v", {
			durations: RANGE(2, 10),
			resolutions: ["720p", "1080p"],
			image: "url",
			maxReferences: 5,
			negativePrompt: true,
			price: WAN27_PRICE,
			typicalSeconds: 180,
			source: WAN27,
			note: "reference limits (1–5, 2–10 s) from resellers; the r2v reference page was not readable here",
		}),
		model("wan3.0-video", {
			durations: RANGE(2, 30),
			resolutions: ["720p", "480p", "1080p"],
			image: "url",
			firstFrame: true,
			lastFrame: true,
			maxReferences: 10,
			negativePrompt: true,
			price: WAN30_PRICE,
			typicalSeconds: 240,
			source: WAN30,
			note: RESELLER_NOTE,
		}),
		model("wan3.0-video-prime", {
			durations: RANGE(2, 30),
			resolutions: ["720p", "480p", "1080p"],
			image: "url",
			firstFrame: true,
			lastFrame: true,
			maxReferences: 10,
			negativePrompt: true,
			price: WAN30_PRIME_PRICE,
			typicalSeconds: 150,
			source: WAN30,
			note: RESELLER_NOTE,
		}),
		model("happyhorse-1.0-t2v", {
			durations: RANGE(3, 15),
			resolutions: ["720p", "1080p"],
			image: "none",
			price: HAPPYHORSE_PRICE,
			typicalSeconds: 150,
			source: HAPPYHORSE,
			note: RESELLER_NOTE,
		}),
		model("happyhorse-1.0-i2v", {
			durations: RANGE(3, 15),
			resolutions: ["720p", "1080p"],
			image: "url",
			firstFrame: true,
			imageRequired: true,
			price: HAPPYHORSE_PRICE,
			typicalSeconds: 150,
			source: HAPPYHORSE,
			note: RESELLER_NOTE,
		}),
		model("happyhorse-1.0-r2v", {
			durations: RANGE(3, 15),
			resolutions: ["720p", "1080p"],
			image: "url",
			maxReferences: 9,
			price: HAPPYHORSE_PRICE,
			typicalSeconds: 150,
			source: HAPPYHORSE,
			note: RESELLER_NOTE,
		}),
	],
};
