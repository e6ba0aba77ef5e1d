// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * Runway's developer API (`api.dev.runwayml.com/v1`, header `X-Runway-Version: 2024-11-06`).
 *
 * Model ids, ratios, durations and image rules: the official SDK generated from Runway's
 * OpenAPI (github.com/runwayml/sdk-node 4.12.0, 2026-07-23, `src/resources/text-to-video.ts`
 * and `image-to-video.ts`; sdk-python of 2026-07-27 agrees). Only the video models
 * CineFlow maps are listed; Runway also resells seedance2, happyhorse_1_0 and
 * gemini_omni_flash there.
 *
 * Prices: credits per second from Runway's own API reference skill
 * (github.com/runwayml/skills, `skills/rw-api-reference/SKILL.md`, 2026-04-21), which mirrors
 * https://docs.dev.runwayml.com/guides/pricing/; 1 credit = $0.01
 * (https://docs.dev.runwayml.com/guides/setup). Veo through Runway is priced as a range
 * (audio on/off); the catalog keeps the upper bound so the dry run never under-estimates.
 */
import { active, MB, caps } from "./caps";
import type { Aspect, Lifecycle, ModelCaps, ModelSpec, PriceSpec } from "../types";
import type { ProviderInfo } from "./types";

const API = "https://docs.dev.runwayml.com/api/ (@runwayml/sdk 4.12.0 types, 2026-07-23)";
const PRICING = "https://docs.dev.runwayml.com/guides/pricing/ via github.com/runwayml/skills rw-api-reference";
const VERIFIED = "2026-12-03";

/**
 * A data URI may be at most 5 MB (SDK field docs, docs.dev.runwayml.com/assets/inputs);
 * base64 grows bytes by 4/3, so the raw image must stay under ~3.75 MB. URLs may be 16 MB.
 */
const MAX_DATA_URI_IMAGE = 3.5 * MB;

/** Gen-4 ratios, as pixel sizes: 1280:720, 1104:832, 960:960, 1584:672, 720:1280, 832:1104. */
const GEN4_SIZES = { horizontal: ["1280x720", "1104x832", "960x960", "1584x672"], vertical: ["720x1280", "832x1104"] };
const GEN4_ASPECTS: Aspect[] = ["16:9", "9:16", "4:3", "1:1", "3:4", "21:9"];
/** Veo through Runway: 1280:720, 720:1280, 1920:1080, 1080:1920. */
const VEO_SIZES = { horizontal: ["1280x720", "1920x1080"], vertical: ["720x1280", "1080x1920"] };

function credits(perSecond: number, note: string): PriceSpec {
	return { perSecond: perSecond / 100, proPerSecond: null, source: `${PRICING}: ${note}, $0.01/credit (verified ${VERIFIED})` };
}

function model(id: string, m: Omit<ModelSpec, "id" | "lifecycle" | "image" | "maxImageBytes"> & { lifecycle?: Lifecycle; caps: ModelCaps }): ModelSpec {
	return { id, image: "url-or-bytes", maxImageBytes: MAX_DATA_URI_IMAGE, lifecycle: active(API, VERIFIED), ...m };
}

const GEN4_TURBO_NOTE =
	"duration: the SDK leaves it open, Runway's guides give 2-10 s and older pages 5 or 10 s; CineFlow allows only 5 and 10 (both readings accept them)";

export const runway: ProviderInfo = {
	id: "runway",
	label: "Runway",
	defaultBaseUrl: "https://api.dev.runwayml.com/v1",
	keyEnv: "RUNWAYML_API_SECRET",
	defaultModel: "gen4.5",
	adapter: "runway",
	models: [
		model("gen4.5", {
			// Text-to-video takes only 1280:720 and 720:1280; the other ratios need a first frame.
			durations: [2, 3, 4, 5, 6, 7, 8, 9, 10],
			defaultDuration: 5,
			sizes: GEN4_SIZES,
			price: credits(12, "gen4.5 12 credits/s"),
			typicalSeconds: 120,
			caps: caps({ resolutions: ["720p"], aspects: GEN4_ASPECTS, firstFrame: true, seed: true }),
		}),
		model("gen4_turbo", {
			durations: [5, 10],
			defaultDuration: 5,
			sizes: GEN4_SIZES,
			price: credits(5, "gen4_turbo 5 credits/s"),
			typicalSeconds: 60,
			lifecycle: active(API, VERIFIED, GEN4_TURBO_NOTE),
			caps: caps({ resolutions: ["720p"], aspects: GEN4_ASPECTS, firstFrame: true, seed: true, imageRequired: true }),
		}),
		model("veo3.1", {
			durations: [4, 6, 8],
			defaultDuration: 8,
			sizes: VEO_SIZES,
			price: credits(40, "veo3.1 20-40 credits/s (audio off/on); upper bound kept"),
			typicalSeconds: 150,
			// 1080p only at 8 s is Google's rule for Veo 3.1; Runway's schema does not say, so the stricter reading is kept.
			caps: caps({
				resolutions: ["720p", "1080p"],
				aspects: ["16:9", "9:16"],
				durationsByResolution: { "1080p": [8] },
				firstFrame: true,
				lastFrame: true,
				audio: true,
				negativePrompt: true,
			}),
		}),
		model("veo3.1_fast", {
			durations: [4, 6, 8],
			defaultDuration: 8,
			sizes: VEO_SIZES,
			price: credits(15, "veo3.1_fast 10-15 credits/s (audio off/on); upper bound kept"),
			typicalSeconds: 90,
			caps: caps({
				resolutions: ["720p", "1080p"],
				aspects: ["16:9", "9:16"],
				durationsByResolution: { "1080p": [8] },
				firstFrame: true,
				lastFrame: true,
				audio: true,
				negativePrompt: true,
			}),
		}),
		model("veo3", {
			durations: [8],
			defaultDuration: 8,
			sizes: VEO_SIZES,
			price: credits(40, "veo3 40 credits/s"),
			typicalSeconds: 150,
			caps: caps({ resolutions: ["720p", "1080p"], aspects: ["16:9", "9:16"], firstFrame: true, negativePrompt: true }),
		}),
		model("gen3a_turbo", {
			durations: [5, 10],
			defaultDuration: 5,
			sizes: { horizontal: ["1280x768"], vertical: ["768x1280"] },
			price: credits(5, "gen3a_turbo 5 credits/s (last published)"),
			typicalSeconds: 60,
			lifecycle: {
				status: "retired",
				shutdown: "2026-07-30",
				replacement: "gen4_turbo",
				source: "https://docs.comfy.org/tutorials/partner-nodes/runway/video-generation (Runway retired Gen-3 Alpha Turbo on 2026-07-30); absent from @runwayml/sdk 4.12.0",
				verified: VERIFIED,
			},
			caps: caps({ resolutions: ["768p"], aspects: ["16:9", "9:16"], firstFrame: true, lastFrame: true, seed: true, imageRequired: true }),
		}),
	],
};
