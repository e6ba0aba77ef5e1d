// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * Kling AI, direct (Kuaishou's developer API, "legacy" design standard: the model is
 * the body's `model_name`, auth is a per-request HS256 JWT from an AccessKey/SecretKey
 * pair, or a plain API key since 2026-06-17). Global host api-singapore.klingai.com
 * (the docs moved it from api.klingai.com).
 *
 * Limits (commonInfo, read 2026-12-03): concurrency per account and resource pack
 * (each video task holds one slot from `submitted` until it ends; over the limit →
 * 429 code 1303); query calls hold none; no QPS limit is documented beyond code 1302.
 * Trial packs allow 5 parallel tasks, standard packs 20 (Atlas Cloud's reading of the
 * pricing page, not Kling's own text). Results are deleted after 30 days.
 *
 * Prices: Kling sells prepaid units, $0.14 per video unit on standard packs ($0.098 on
 * the trial pack). Units per second for kling-v3 were not readable first-hand; the
 * figures below take 0.6 units/s (std, 720p) and 0.8 units/s (pro, 1080p) silent, ×1.5
 * with sound, as reported by Atlas Cloud and fal.ai, and use the with-sound figure as
 * the upper bound for the budget check.
 */
import { active, caps, MB, sizesFor } from "./caps";
import type { ProviderInfo } from "./types";
import type { ModelSpec } from "../types";

const T2V = "https://app.klingai.com/global/dev/document-api/apiReference/model/textToVideo";
const OMNI = "https://app.klingai.com/global/dev/document-api/apiReference/model/skillsMap (capability map; Omni-Video section of the API reference)";
const VERIFIED = "2026-12-03";
const LEGACY = "legacy v1 API: Kling says it stays available with no deprecation planned (changelog 2026-07-15)";
const PRICE =
	"Kling dev pricing (klingai.com/global/dev/pricing, read 2026-12-03): $0.14 per video unit on standard packs; units per second as reported by Atlas Cloud/fal.ai, not read first-hand";

const RESOLUTIONS: ModelSpec["caps"]["resolutions"] = ["720p", "1080p"];
const ASPECTS: ModelSpec["caps"]["aspects"] = ["16:9", "9:16", "1:1"];
const SIZES = sizesFor(RESOLUTIONS, ASPECTS);
const D3_15 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

function model(id: string, m: Pick<ModelSpec, "durations" | "price" | "typicalSeconds" | "lifecycle" | "caps">): ModelSpec {
	return { id, defaultDuration: 5, proDurations: m.durations, sizes: SIZES, image: "url-or-bytes", maxImageBytes: 10 * MB, ...m };
}

export const kling: ProviderInfo = {
	id: "kling",
	label: "Kling AI",
	defaultBaseUrl: "https://api-singapore.klingai.com",
	keyEnv: "KLING_ACCESS_KEY",
	secondKey: { env: "KLING_SECRET_KEY", label: "secret key" },
	defaultModel: "kling-v3",
	adapter: "kling",
	models: [
		model("kling-v3", {
			durations: D3_15,
			// 0.9 / 1.2 units per second with sound at $0.14.
			price: {
				perSecond: 0.126,
				proPerSecond: 0.168,
				byResolution: { "720p": 0.126, "1080p": 0.168 },
				source: `${PRICE}: kling-v3 std 0.6, pro 0.8 units/s silent, ×1.5 with sound (upper bound used)`,
			},
			typicalSeconds: 240,
			lifecycle: active(T2V, VERIFIED, "std = 720p, pro = 1080p; text2video / image2video"),
			caps: caps({ resolutions: RESOLUTIONS, aspects: ASPECTS, firstFrame: true, lastFrame: true, audio: true, negativePrompt: true }),
		}),
		model("kling-v3-omni", {
			durations: D3_15,
			price: {
				perSecond: 0.126,
				proPerSecond: 0.168,
				byResolution: { "720p": 0.126, "1080p": 0.168 },
				source: `${PRICE}: no separate omni figure found, kling-v3's upper bound used`,
			},
			typicalSeconds: 240,
			lifecycle: active(OMNI, VERIFIED, "omni-video endpoint; reference images go into image_list (≤ 7 images in all)"),
			// First + last frame + 5 references keep image_list within its 7 images.
			caps: caps({ resolutions: RESOLUTIONS, aspects: ASPECTS, firstFrame: true, lastFrame: true, maxReferences: 5, audio: true }),
		}),
		model("kling-v2-6", {
			durations: [5, 10],
			price: {
				perSecond: 0.07,
				proPerSecond: 0.14,
				byResolution: { "720p": 0.07, "1080p": 0.14 },
				source: `${PRICE}: kling-v2-6 0.5 units/s, 1.0 with sound (pro only)`,
			},
			typicalSeconds: 180,
			lifecycle: active(T2V, VERIFIED, `${LEGACY}; sound and the last frame need pro, and not both`),
			caps: caps({ resolutions: RESOLUTIONS, aspects: ASPECTS, firstFrame: true, lastFrame: true, audio: true, negativePrompt: true }),
		}),
		model("kling-v2-5-turbo", {
			durations: [5, 10],
			price: {
				perSecond: 0.07,
				proPerSecond: 0.07,
				byResolution: { "720p": 0.07, "1080p": 0.07 },
				source: `${PRICE}: kling-v2-5-turbo pro 5 s = 2.5 units (Kling changelog 2025-10-20); std assumed no dearer`,
			},
			typicalSeconds: 120,
			lifecycle: active(T2V, VERIFIED, `${LEGACY}; the last frame needs pro; no sound`),
			caps: caps({ resolutions: RESOLUTIONS, aspects: ASPECTS, firstFrame: true, lastFrame: true, negativePrompt: true }),
		}),
	],
};
