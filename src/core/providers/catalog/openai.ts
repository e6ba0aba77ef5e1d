// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/** OpenAI's Videos API: shut down on 2026-09-24 with no replacement. Kept so old notes get a clear error. */
import { caps, MB, retired } from "./caps";
import type { ModelSpec } from "../types";
import type { ProviderInfo } from "./types";

const SHUTDOWN = "2026-09-24";
const SOURCE = "https://platform.openai.com/docs/deprecations (Videos API, sora-2, sora-2-pro and snapshots shut down 2026-09-24; no replacement)";
const VERIFIED = "2026-12-03";
/** OpenAI names none; this is where a studio's Sora shots usually go now. */
export const SORA_REPLACEMENT = "gemini/gemini-omni-1.1-flash";

export const SORA2_OPENAI: ModelSpec = {
	id: "sora-2",
	durations: [4, 8, 12],
	defaultDuration: 4,
	sizes: { horizontal: ["1280x720"], vertical: ["720x1280"] },
	image: "url-or-bytes",
	maxImageBytes: 20 * MB,
	price: { perSecond: 0.1, proPerSecond: null, source: "OpenAI API pricing, sora-2 720p: $0.10/s (2025-10; the model is shut down)" },
	typicalSeconds: 180,
	lifecycle: retired(SHUTDOWN, SORA_REPLACEMENT, SOURCE, VERIFIED),
	caps: caps({ resolutions: ["720p"], aspects: ["16:9", "9:16"], firstFrame: true }),
};

export const SORA2PRO_OPENAI: ModelSpec = {
	id: "sora-2-pro",
	durations: [4, 8, 12],
	defaultDuration: 4,
	sizes: { horizontal: ["1280x720", "1792x1024"], vertical: ["720x1280", "1024x1792"] },
	image: "url-or-bytes",
	maxImageBytes: 20 * MB,
	price: { perSecond: 0.3, proPerSecond: null, source: "OpenAI API pricing, sora-2-pro 720p: $0.30/s (2025-10; the model is shut down)" },
	typicalSeconds: 420,
	lifecycle: retired(SHUTDOWN, SORA_REPLACEMENT, SOURCE, VERIFIED),
	caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], firstFrame: true }),
};

export const openai: ProviderInfo = {
	id: "openai",
	label: "OpenAI Videos (shut down)",
	defaultBaseUrl: "https://api.openai.com/v1",
	keyEnv: "OPENAI_API_KEY",
	defaultModel: "sora-2",
	adapter: "openai",
	models: [SORA2_OPENAI, SORA2PRO_OPENAI],
};
