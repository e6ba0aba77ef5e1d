/** Google Veo through the Gemini API (`veo` provider: predictLongRunning operations). */
import { caps, MB, retired } from "./caps";
import type { ProviderInfo } from "./types";

const GONE = "https://ai.google.dev/gemini-api/docs/deprecations (Veo 3.1 preview ids retired 2026-10-22, as relays citing Google report)";
const VERIFIED = "2026-12-03";

export const veo: ProviderInfo = {
	id: "veo",
	label: "Google Veo 3.1 (Gemini API, preview ids)",
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
			lifecycle: retired("2026-10-22", "gemini/veo-3.1-generate-001", GONE, VERIFIED),
			caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], durationsByResolution: { "1080p": [8] }, firstFrame: true }),
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
			lifecycle: retired("2026-10-22", "gemini/veo-3.1-fast-generate-001", GONE, VERIFIED),
			caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], durationsByResolution: { "1080p": [8] }, firstFrame: true }),
		},
	],
};
