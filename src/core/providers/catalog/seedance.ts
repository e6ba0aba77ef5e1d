// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * ByteDance Seedance 2.x on BytePlus ModelArk (Ark `contents/generations/tasks`).
 *
 * Sources (read 2026-12-03):
 * - API: https://docs.byteplus.com/en/docs/ModelArk/1520757 (Video Generation API; the
 *   stored copy is partly JS-rendered) and the official SDK byteplus-python-sdk-v2
 *   (byteplussdkarkruntime/resources/content_generation/tasks.py: top-level resolution,
 *   ratio, duration, seed, generate_audio, watermark; list filters page_num, page_size,
 *   filter.status, filter.model, filter.task_ids).
 * - Model ids, resolutions, max durations, reference limits, the 1.5 Pro shutdown:
 *   BytePlus's own ComfyUI nodes, github.com/byteplus-sa/ComfyUI-BytePlus-ModelArk
 *   nodes/models_config.py ("model deprecation notice": seedance-1-5-pro deprecated
 *   2026-09-15, shut down 2026-11-11, replacement dreamina-seedance-2-0-mini).
 *   The model list page (docs.byteplus.com/en/docs/ModelArk/1330310) is JS-rendered and
 *   could not be read here.
 * - 4k (listed for Seedance 2.0 by the nodes above) is left out until a price is known.
 */
import { active, caps, MB, retired, sizesFor, unknownPrice } from "./caps";
import type { Aspect, ModelSpec, PriceSpec, Resolution } from "../types";
import type { ProviderInfo } from "./types";

const API = "https://docs.byteplus.com/en/docs/ModelArk/1520757";
const IDS = "github.com/byteplus-sa/ComfyUI-BytePlus-ModelArk nodes/models_config.py (BytePlus)";
const SOURCE = `${API}; model ids: ${IDS}`;
const VERIFIED = "2026-12-03";

const ASPECTS: Aspect[] = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"];

/**
 * BytePlus bills per output token: tokens = width × height × 24 fps × seconds ÷ 1024
 * (usage.completion_tokens). $7.00 per million tokens for Seedance 2.0 and $5.60 for 2.0
 * fast (Comfy partner-node price list, which passed BytePlus's rate through, 2026-05);
 * at 720p 16:9 that is 1280 × 720 × 24 ÷ 1024 = 21,600 tokens/s ≈ $0.151/s. The
 * per-second table below is a reseller's listing of BytePlus's reference prices (Oct
 * 2026), which agrees at 720p; read 2026-12-03. BytePlus's pricing page
 * (docs.byteplus.com/en/docs/ModelArk/1544106) is JS-rendered and was not readable.
 * Requests with a reference video bill their input seconds too (not used here).
 */
function tokenPrice(byResolution: Partial<Record<Resolution, number>>, perMillion: string): PriceSpec {
	return {
		perSecond: byResolution["720p"] ?? null,
		proPerSecond: null,
		byResolution,
		source: `BytePlus token billing (${perMillion}; tokens = W×H×24×s/1024), per-second reseller listing of BytePlus reference prices, Oct 2026, read ${VERIFIED}`,
	};
}

const RANGE = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function seedance2(
	id: string,
	o: { resolutions: Resolution[]; maxSeconds: number; maxReferences: number; price: PriceSpec; typicalSeconds: number; note?: string },
): ModelSpec {
	return {
		id,
		durations: RANGE(4, o.maxSeconds),
		defaultDuration: 5,
		sizes: sizesFor(o.resolutions, ASPECTS),
		image: "url-or-bytes",
		maxImageBytes: 30 * MB,
		price: o.price,
		typicalSeconds: o.typicalSeconds,
		lifecycle: active(SOURCE, VERIFIED, o.note),
		caps: caps({
			resolutions: o.resolutions,
			aspects: ASPECTS,
			firstFrame: true,
			lastFrame: true,
			maxReferences: o.maxReferences,
			// "Image-to-video (first frame / first and last frames) and multimodal reference
			// are mutually exclusive" — the API rejects a mix with InvalidParameter.
			firstFrameWithReferences: false,
			audio: true,
			seed: true,
		}),
	};
}

export const seedance: ProviderInfo = {
	id: "seedance",
	label: "ByteDance Seedance (BytePlus ModelArk)",
	defaultBaseUrl: "https://ark.ap-southeast.bytepluses.com/api/v3",
	keyEnv: "ARK_API_KEY",
	defaultModel: "dreamina-seedance-2-0-fast-260128",
	adapter: "seedance",
	models: [
		seedance2("dreamina-seedance-2-0-fast-260128", {
			resolutions: ["720p", "480p"],
			maxSeconds: 15,
			maxReferences: 9,
			price: tokenPrice({ "480p": 0.056, "720p": 0.12 }, "$5.60 per 1M tokens"),
			typicalSeconds: 70,
		}),
		seedance2("dreamina-seedance-2-0-260128", {
			resolutions: ["720p", "480p", "1080p"],
			maxSeconds: 15,
			maxReferences: 9,
			price: tokenPrice({ "480p": 0.07, "720p": 0.152, "1080p": 0.374 }, "$7.00 per 1M tokens"),
			typicalSeconds: 120,
		}),
		seedance2("dreamina-seedance-2-0-mini-260615", {
			resolutions: ["720p", "480p"],
			maxSeconds: 15,
			maxReferences: 9,
			price: tokenPrice({ "480p": 0.036, "720p": 0.076 }, "about $3.50 per 1M tokens"),
			typicalSeconds: 60,
		}),
		seedance2("dreamina-seedance-2-5-260628", {
			resolutions: ["720p", "480p", "1080p"],
			maxSeconds: 30,
			maxReferences: 30,
			price: unknownPrice("BytePlus bills Seedance 2.5 per token; no per-second figure was confirmed; set it in settings"),
			typicalSeconds: 180,
			note: "limits from BytePlus's ComfyUI nodes; the API page was not readable",
		}),
		seedance2("dreamina-seedance-2-5-premium-260915", {
			resolutions: ["4k"],
			maxSeconds: 30,
			maxReferences: 30,
			price: unknownPrice("BytePlus bills Seedance 2.5 Premium per token; no per-second figure was confirmed; set it in settings"),
			typicalSeconds: 300,
			note: "4k only; limits from BytePlus's ComfyUI nodes; the API page was not readable",
		}),
		{
			id: "seedance-1-5-pro-251215",
			durations: RANGE(4, 12),
			defaultDuration: 5,
			sizes: sizesFor(["720p", "480p", "1080p"], ASPECTS),
			image: "url-or-bytes",
			maxImageBytes: 30 * MB,
			price: unknownPrice("shut down 2026-11-11"),
			typicalSeconds: 90,
			lifecycle: retired("2026-11-11", "dreamina-seedance-2-0-mini-260615", `BytePlus model deprecation notice as cited by ${IDS}`, VERIFIED),
			caps: caps({ resolutions: ["720p", "480p", "1080p"], aspects: ASPECTS, firstFrame: true, lastFrame: true, audio: true, seed: true }),
		},
	],
};
