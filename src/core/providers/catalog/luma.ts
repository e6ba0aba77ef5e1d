// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * Luma AI Ray 3 through the Luma Agents API (`agents.lumalabs.ai/v1`), the surface Luma's
 * own API page points developers to for Ray 3.2 (https://lumalabs.ai/luma-api →
 * docs.agents.lumalabs.ai). The older Dream Machine API (`api.lumalabs.ai/dream-machine/v1`,
 * LUMAAI_API_KEY, ray-2 / ray-flash-2 in the official lumaai-node 1.21.0 SDK of 2026-04-07)
 * is Luma's legacy surface and is being retired ("Migrate legacy Ray models",
 * docs.agents.lumalabs.ai/guides/videos/migration/); it uses other keys and other bodies.
 *
 * Ids, fields and enums: the official luma-agents SDKs 0.3.0 (2026-06-08,
 * github.com/lumalabs/luma-agents-typescript `src/resources/generations.ts`), and
 * https://docs.agents.lumalabs.ai/guides/videos/generation/.
 */
import { caps, MB, sizesFor } from "./caps";
import type { Aspect, Lifecycle, Resolution } from "../types";
import type { ProviderInfo } from "./types";

const SOURCE = "https://docs.agents.lumalabs.ai/guides/videos/generation/ (luma-agents SDK 0.3.0, 2026-06-08)";
const VERIFIED = "2026-12-03";
const PRICING =
	"https://docs.agents.lumalabs.ai/guides/pricing/ (ray-3.2 per-video pricing, standard dynamic range: 720p 5s $0.30, 10s $0.90, " +
	"as quoted by an integration reading the page on 2026-09-27; the stored copy of the page was cut before the video table). " +
	"Per second the 10 s figure ($0.09/s) is kept so a 5 s clip is over- rather than under-estimated; 540p and 1080p unknown (checked 2026-12-03)";

const RESOLUTIONS: Resolution[] = ["720p", "540p", "1080p"];
const ASPECTS: Aspect[] = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"];

/** Not served by the Agents API: only the legacy Dream Machine API knew these ids. */
function legacy(): Lifecycle {
	return {
		status: "retired",
		replacement: "ray-3.2",
		source: "https://docs.agents.lumalabs.ai/guides/videos/migration/ (legacy Dream Machine models; lumaai-node 1.21.0 lists ray-2, ray-flash-2)",
		verified: VERIFIED,
		note: "legacy Dream Machine API only, which Luma is retiring; CineFlow's luma provider speaks the Agents API",
	};
}

export const luma: ProviderInfo = {
	id: "luma",
	label: "Luma AI (Ray 3)",
	defaultBaseUrl: "https://agents.lumalabs.ai/v1",
	keyEnv: "LUMA_AGENTS_API_KEY",
	defaultModel: "ray-3.2",
	adapter: "luma",
	models: [
		{
			id: "ray-3.2",
			// A first or last frame works only with 5 s clips (10 s is text-to-video only).
			durations: [5, 10],
			defaultDuration: 5,
			sizes: sizesFor(RESOLUTIONS, ASPECTS),
			// `url` or inline base64 `data` + `media_type`. The error page gives 50 MB per image
			// (413); inline data rides in the JSON body, so CineFlow keeps a tighter 20 MB.
			image: "url-or-bytes",
			maxImageBytes: 20 * MB,
			price: { perSecond: null, proPerSecond: null, byResolution: { "720p": 0.09 }, source: PRICING },
			// Docs: "a 5s/720p generation typically completes in well under two minutes".
			typicalSeconds: 90,
			lifecycle: { status: "active", source: SOURCE, verified: VERIFIED },
			caps: caps({ resolutions: RESOLUTIONS, aspects: ASPECTS, firstFrame: true, lastFrame: true }),
		},
		{
			id: "ray-2",
			durations: [5, 9],
			defaultDuration: 5,
			sizes: sizesFor(["720p"], ["16:9", "9:16"]),
			image: "url",
			price: { perSecond: null, proPerSecond: null, source: "legacy Dream Machine API; not priced here" },
			typicalSeconds: 90,
			lifecycle: legacy(),
			caps: caps({ resolutions: ["720p"], aspects: ["16:9", "9:16"] }),
		},
		{
			id: "ray-flash-2",
			durations: [5, 9],
			defaultDuration: 5,
			sizes: sizesFor(["720p"], ["16:9", "9:16"]),
			image: "url",
			price: { perSecond: null, proPerSecond: null, source: "legacy Dream Machine API; not priced here" },
			typicalSeconds: 60,
			lifecycle: legacy(),
			caps: caps({ resolutions: ["720p"], aspects: ["16:9", "9:16"] }),
		},
	],
};
