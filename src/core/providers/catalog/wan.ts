/** Alibaba Wan 2.6 on DashScope's legacy `video-synthesis` protocol. */
import { active, caps, MB, unknownPrice } from "./caps";
import type { ProviderInfo } from "./types";

const SOURCE = "https://www.alibabacloud.com/help/en/model-studio/text-to-video-api-reference (legacy video-synthesis protocol, wan2.6)";
const VERIFIED = "2026-11-22";
const SIZES = { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] };

export const wan: ProviderInfo = {
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
			sizes: SIZES,
			image: "none",
			price: unknownPrice("DashScope lists Wan 2.6 by region and resolution; set it in settings"),
			typicalSeconds: 180,
			lifecycle: active(SOURCE, VERIFIED),
			caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], audio: true, negativePrompt: true, seed: true }),
		},
		{
			id: "wan2.6-i2v",
			durations: [5, 10, 15],
			defaultDuration: 5,
			sizes: SIZES,
			image: "url-or-bytes",
			maxImageBytes: 10 * MB,
			price: unknownPrice("DashScope lists Wan 2.6 by region and resolution; set it in settings"),
			typicalSeconds: 180,
			lifecycle: active(SOURCE, VERIFIED),
			caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], firstFrame: true, imageRequired: true, audio: true, negativePrompt: true, seed: true }),
		},
	],
};
