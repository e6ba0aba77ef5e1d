// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * MiniMax Hailuo (direct, global platform). Sources read 2026-12-03:
 *  - models: https://platform.minimax.io/docs/api-reference/video-generation-intro
 *    ("Supported Models": MiniMax-Hailuo-2.3, MiniMax-Hailuo-2.3-Fast (image-to-video),
 *    MiniMax-Hailuo-02); S2V-01 from the Subject Reference to Video API and the official
 *    MiniMax CLI (github.com/MiniMax-AI/cli, src/commands/video/generate.ts).
 *  - 1080P only at 6 s, 10 s only at 768P (512P on Hailuo-02 too, which CineFlow cannot
 *    express as a neutral resolution); the 01 series renders 720P at a fixed 6 s.
 *  - first_frame_image / last_frame_image: public URL or base64 data URL; JPG/JPEG/PNG,
 *    aspect ratio between 2:5 and 5:2, short side > 300 px, at most 20 MB.
 *  - rate limit: 5 RPM for video generation on pay-as-you-go keys
 *    (https://platform.minimax.io/docs/guides/rate-limits; copy dated 2026-07).
 *  - no aspect parameter: text-to-video renders 16:9 (1366x768 / 1920x1080); with a
 *    first frame the output follows the image's aspect ratio.
 * MiniMax-H3 (July 2026) is served on /v2/video_generation with another body
 * (`content` items); this entry and its adapter speak v1 only.
 */
import { active, caps, MB, sizesFor, unknownPrice } from "./caps";
import type { ProviderInfo } from "./types";

const SOURCE = "https://platform.minimax.io/docs/api-reference/video-generation-intro";
const S2V_SOURCE = "https://platform.minimax.io/docs/api-reference/video-generation-s2v";
const VERIFIED = "2026-12-03";
/**
 * Prices are per video on the pay-as-you-go page; a per-second figure cannot hold both
 * the 6 s and the 10 s price, so each resolution uses the dearer of the two (estimates
 * never undershoot). Figures as quoted from the page in two independent copies (2026-07);
 * the live page could not be read in full here.
 */
const PRICE_SOURCE = "https://platform.minimax.io/docs/guides/pricing-paygo (per video, read 2026-12-03 via copies dated 2026-07)";
const HAILUO_SIZES = sizesFor(["768p", "1080p"], ["16:9"]);
const BY_RES = { "1080p": [6], "768p": [6, 10] };

export const minimax: ProviderInfo = {
	id: "minimax",
	label: "MiniMax Hailuo",
	// Mainland-China keys use https://api.minimaxi.com/v1; a key only works on its own host.
	defaultBaseUrl: "https://api.minimax.io/v1",
	keyEnv: "MINIMAX_API_KEY",
	defaultModel: "MiniMax-Hailuo-2.3",
	adapter: "minimax",
	models: [
		{
			id: "MiniMax-Hailuo-2.3",
			durations: [6, 10],
			defaultDuration: 6,
			sizes: HAILUO_SIZES,
			image: "url-or-bytes",
			maxImageBytes: 20 * MB,
			// 768P: $0.28 (6 s), $0.56 (10 s); 1080P: $0.49 (6 s).
			price: {
				perSecond: 0.056,
				proPerSecond: null,
				byResolution: { "768p": 0.056, "1080p": 0.0817 },
				source: `${PRICE_SOURCE}: 768P $0.28/6 s, $0.56/10 s; 1080P $0.49/6 s`,
			},
			typicalSeconds: 120,
			lifecycle: active(SOURCE, VERIFIED),
			caps: caps({ resolutions: ["768p", "1080p"], aspects: ["16:9"], durationsByResolution: BY_RES, firstFrame: true }),
		},
		{
			id: "MiniMax-Hailuo-2.3-Fast",
			durations: [6, 10],
			defaultDuration: 6,
			sizes: HAILUO_SIZES,
			image: "url-or-bytes",
			maxImageBytes: 20 * MB,
			// 768P: $0.19 (6 s), $0.32 (10 s); 1080P: $0.33 (6 s).
			price: {
				perSecond: 0.032,
				proPerSecond: null,
				byResolution: { "768p": 0.032, "1080p": 0.055 },
				source: `${PRICE_SOURCE}: 768P $0.19/6 s, $0.32/10 s; 1080P $0.33/6 s`,
			},
			typicalSeconds: 60,
			lifecycle: active(SOURCE, VERIFIED, "image-to-video only"),
			caps: caps({ resolutions: ["768p", "1080p"], aspects: ["16:9"], durationsByResolution: BY_RES, firstFrame: true, imageRequired: true }),
		},
		{
			id: "MiniMax-Hailuo-02",
			durations: [6, 10],
			defaultDuration: 6,
			sizes: HAILUO_SIZES,
			image: "url-or-bytes",
			maxImageBytes: 20 * MB,
			// 768P: $0.28 (6 s), $0.56 (10 s); 1080P: $0.49 (6 s); 512P (not selectable here): $0.10 / $0.15.
			price: {
				perSecond: 0.056,
				proPerSecond: null,
				byResolution: { "768p": 0.056, "1080p": 0.0817 },
				source: `${PRICE_SOURCE}: 768P $0.28/6 s, $0.56/10 s; 1080P $0.49/6 s`,
			},
			typicalSeconds: 180,
			lifecycle: active(SOURCE, VERIFIED, "previous generation; the only model with a last frame"),
			caps: caps({ resolutions: ["768p", "1080p"], aspects: ["16:9"], durationsByResolution: BY_RES, firstFrame: true, lastFrame: true }),
		},
		{
			id: "S2V-01",
			durations: [6],
			defaultDuration: 6,
			sizes: sizesFor(["720p"], ["16:9"]),
			image: "url-or-bytes",
			maxImageBytes: 20 * MB,
			price: unknownPrice("S2V-01 is not on the pay-as-you-go video table that was read; set it in settings"),
			typicalSeconds: 120,
			lifecycle: active(S2V_SOURCE, VERIFIED, "not on the video intro's model list; upstream status unconfirmed"),
			// One subject (a character image); no first frame.
			caps: caps({ resolutions: ["720p"], aspects: ["16:9"], maxReferences: 1, firstFrameWithReferences: false }),
		},
	],
};
