/** xAI Grok Imagine video. */
import { active, caps, MB, unknownPrice } from "./caps";
import type { ProviderInfo } from "./types";

const SOURCE = "https://docs.x.ai/docs/guides/video-generation";
const VERIFIED = "2026-11-22";

export const grok: ProviderInfo = {
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
			price: unknownPrice("xAI's video price per second was not confirmed; set it in settings"),
			typicalSeconds: 120,
			lifecycle: active(SOURCE, VERIFIED),
			caps: caps({ resolutions: ["720p", "480p"], aspects: ["16:9", "9:16", "1:1", "4:3", "3:4"], firstFrame: true }),
		},
	],
};
