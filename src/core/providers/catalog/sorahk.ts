// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/** Sora.hk, the seed tool's driver: a reseller of Sora whose upstream was shut down. */
import { active, caps, MB } from "./caps";
import type { ProviderInfo } from "./types";

const SOURCE =
	"https://sora.hk (API docs as used by the original CineFlow); OpenAI shut the Sora API down on 2026-09-24 (https://platform.openai.com/docs/deprecations)";

export const sorahk: ProviderInfo = {
	id: "sorahk",
	label: "Sora.hk",
	defaultBaseUrl: "https://api.sora.hk/v1",
	keyEnv: "SORAHK_API_KEY",
	defaultModel: "sora-2",
	adapter: "sorahk",
	models: [
		{
			id: "sora-2",
			durations: [10, 15],
			proDurations: [10, 15, 25],
			defaultDuration: 10,
			sizes: { horizontal: ["1280x720"], vertical: ["720x1280"] },
			image: "url",
			maxImageBytes: 10 * MB,
			price: {
				perSecond: 0.005,
				proPerSecond: null,
				source: "the original CineFlow's flat estimate of $0.005/s; Sora.hk's GET /pricing gives 3 (normal) and 30 (pro) US cents without a unit, so pro is unknown",
			},
			typicalSeconds: 270,
			lifecycle: active(SOURCE, "2026-12-03", "resells Sora, whose API OpenAI shut down on 2026-09-24; whether Sora.hk still serves is unknown"),
			caps: caps({ resolutions: ["720p"], aspects: ["16:9", "9:16"], firstFrame: true }),
		},
	],
};
