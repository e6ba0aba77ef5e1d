// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * Alibaba Wan 2.6 on DashScope's legacy `video-synthesis` protocol (the one Alibaba
 * keeps for wan2.6 and earlier; Wan 2.7 uses a newer protocol and is not here).
 *
 * Sources, read 2026-12-03:
 * - text-to-video: https://www.alibabacloud.com/help/en/model-studio/legacy-wan-text-to-video-api-reference
 *   (and the Chinese original https://help.aliyun.com/zh/model-studio/text-to-video-api-reference):
 *   `parameters.size` "W*H" from the 720P/1080P tiers (5 ratios each), `duration` an integer
 *   2–15 for wan2.6-t2v, `prompt_extend` default true, `seed` 0–2147483647,
 *   `input.negative_prompt` ≤ 500 chars.
 * - image-to-video: https://www.alibabacloud.com/help/en/model-studio/image-to-video-api-reference
 *   (zh original updated 2026-01-18): `parameters.resolution` 720P/1080P, wan2.6-i2v durations
 *   5/10/15, wan2.6-i2v-flash any integer 2–15 and the only one documenting `parameters.audio`
 *   (silent output needs `audio: false`); the output takes the first frame's aspect ratio.
 * - `audio` for wan2.6-t2v: the stored copy of the t2v page does not list it, but
 *   provider-news-2026-12 (Alibaba page updated 2026-10-12) and DashScope-schema mirrors
 *   (novita.ai wan2.6-t2v: `parameters.audio`) do; NewAPI's Ali adaptor forwards it too.
 * - limits: https://help.aliyun.com/zh/model-studio/rate-limit (wan2.6-*: 5 task submissions
 *   per second, 5 tasks in progress).
 * - prices: https://www.alibabacloud.com/help/en/model-studio/model-pricing — the table was not
 *   readable in our copy; the international figures come from resellers quoting it
 *   ($0.10/s 720P, $0.15/s 1080P; i2v-flash $0.05/s and $0.075/s with sound, half without).
 */
import { active, caps, MB } from "./caps";
import type { Aspect, ModelSpec, Resolution } from "../types";
import type { ProviderInfo } from "./types";

const T2V_SOURCE = "https://www.alibabacloud.com/help/en/model-studio/legacy-wan-text-to-video-api-reference";
const I2V_SOURCE = "https://www.alibabacloud.com/help/en/model-studio/image-to-video-api-reference";
const VERIFIED = "2026-12-03";
const PRICE_SOURCE =
	"Alibaba Cloud Model Studio pricing, international (https://www.alibabacloud.com/help/en/model-studio/model-pricing), as quoted by resellers, read 2026-12-03";

const ASPECTS: Aspect[] = ["16:9", "9:16", "1:1", "4:3", "3:4"];

/** DashScope's documented `size` values per tier and ratio (legacy protocol, wan2.6-t2v). */
export const WAN_SIZES: Partial<Record<Resolution, Partial<Record<Aspect, string>>>> = {
	"720p": { "16:9": "1280x720", "9:16": "720x1280", "1:1": "960x960", "4:3": "1088x832", "3:4": "832x1088" },
	"1080p": { "16:9": "1920x1080", "9:16": "1080x1920", "1:1": "1440x1440", "4:3": "1632x1248", "3:4": "1248x1632" },
};

const SIZES = {
	horizontal: ["1280x720", "1920x1080", "960x960", "1440x1440", "1088x832", "1632x1248"],
	vertical: ["720x1280", "1080x1920", "832x1088", "1248x1632"],
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const STANDARD_PRICE = {
	perSecond: 0.1,
	proPerSecond: null,
	byResolution: { "720p": 0.1, "1080p": 0.15 },
	source: `${PRICE_SOURCE}: $0.10/s 720P, $0.15/s 1080P`,
};

const T2V: ModelSpec = {
	id: "wan2.6-t2v",
	durations: range(2, 15),
	defaultDuration: 5,
	sizes: SIZES,
	image: "none",
	price: STANDARD_PRICE,
	typicalSeconds: 180,
	lifecycle: active(T2V_SOURCE, VERIFIED),
	caps: caps({ resolutions: ["720p", "1080p"], aspects: ASPECTS, audio: true, negativePrompt: true, seed: true }),
};

const I2V: ModelSpec = {
	id: "wan2.6-i2v",
	durations: [5, 10, 15],
	defaultDuration: 5,
	sizes: SIZES,
	image: "url-or-bytes",
	maxImageBytes: 10 * MB,
	price: STANDARD_PRICE,
	typicalSeconds: 180,
	lifecycle: active(I2V_SOURCE, VERIFIED, "always generates sound (no audio switch); the output takes the first frame's aspect ratio"),
	caps: caps({ resolutions: ["720p", "1080p"], aspects: ASPECTS, firstFrame: true, imageRequired: true, negativePrompt: true, seed: true }),
};

const I2V_FLASH: ModelSpec = {
	id: "wan2.6-i2v-flash",
	durations: range(2, 15),
	defaultDuration: 5,
	sizes: SIZES,
	image: "url-or-bytes",
	maxImageBytes: 10 * MB,
	price: {
		perSecond: 0.05,
		proPerSecond: null,
		byResolution: { "720p": 0.05, "1080p": 0.075 },
		source: `${PRICE_SOURCE}: with sound $0.05/s 720P, $0.075/s 1080P (silent: half)`,
	},
	typicalSeconds: 120,
	lifecycle: active(I2V_SOURCE, VERIFIED, "the output takes the first frame's aspect ratio"),
	caps: caps({ resolutions: ["720p", "1080p"], aspects: ASPECTS, firstFrame: true, imageRequired: true, audio: true, negativePrompt: true, seed: true }),
};

export const wan: ProviderInfo = {
	id: "wan",
	label: "Alibaba Wan 2.6 (DashScope)",
	defaultBaseUrl: "https://dashscope-intl.aliyuncs.com",
	keyEnv: "DASHSCOPE_API_KEY",
	defaultModel: "wan2.6-t2v",
	adapter: "wan",
	models: [T2V, I2V, I2V_FLASH],
};
