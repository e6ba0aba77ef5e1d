// i18n-ignore-file: data table of model names and sources (citations and price notes, shown verbatim as data)
/**
 * Replicate (predictions API). Only official video models whose API schema page was
 * read on replicate.com are listed; any other `owner/name` or `owner/name:version` can
 * be declared by the user (`models:`), with `family` picking the input mapping.
 *
 * Families (the input field names differ per model; see providers/replicate.ts):
 * - "kling-v3":   start_image, end_image, mode (standard = 720p, pro = 1080p), generate_audio, negative_prompt
 * - "veo-3.1":    image, last_frame, reference_images (1–3), resolution, generate_audio, negative_prompt, seed
 * - "seedance-2": image, last_frame_image, reference_images (≤ 9, not with frames), resolution, generate_audio, seed
 * - "hailuo":     first_frame_image, resolution (768p / 1080p), no aspect_ratio field
 * - "generic" (default): prompt, duration, aspect_ratio, resolution, image, negative_prompt, seed
 *
 * Prices: Replicate's per-model prices were not readable from replicate.com here on
 * 2026-12-03 (only third-party mirrors quote them), so every price is null ("unknown")
 * until the user sets one. Enums that a schema page leaves out (shown only as a default)
 * use the conservative reading noted per model.
 */
import { active, caps, MB, sizesFor, unknownPrice } from "./caps";
import type { ProviderInfo } from "./types";

const VERIFIED = "2026-12-03";
const PRICE = "Replicate model page (replicate.com/<owner>/<name>) lists the price; not readable here on 2026-12-03, set it in settings";

const KLING = "https://replicate.com/kwaivgi/kling-v3-video/versions/4a8ba2743bd9dc2b487e0c4319988aacd658d33c2d064b8a420f4ee1732c30bd/api";
const VEO = "https://replicate.com/google/veo-3.1/versions/ed5b1767b711dd15d954b162af1e890d27882680f463a85e94f02d604012b972/api";
const SEEDANCE = "https://replicate.com/bytedance/seedance-2.0/versions/d456b64a60da3903c3692f7128d491004d021bbc2e1e19c63bccb117d3f4ab7b/api";
const SEEDANCE_FAST = "https://replicate.com/bytedance/seedance-2.0-fast/versions/90388a62748fab7edda739f1df78e8cbc66cc9275cfe232888ce53dea3d5e7b5/api";
const HAILUO = "https://replicate.com/minimax/hailuo-2.3/versions/23a02633b5a44780345a59d4d43f8bd510efa239c56f08f29639ff24fa6615e1/api";

/**
 * Data URIs are accepted for file inputs (API reference: "Files should be passed as
 * HTTP URLs or data URLs"; URLs recommended above 256 KB). The official JS client
 * refuses more than 10 MB of inline data per prediction; 5 MB per image keeps a
 * first + last frame under that.
 */
const MAX_IMAGE = 5 * MB;

function range(lo: number, hi: number): number[] {
	const out: number[] = [];
	for (let s = lo; s <= hi; s++) out.push(s);
	return out;
}

const SEEDANCE_CAPS = caps({
	// Replicate shows only the 720p default; 480p appears in a published prediction. 1080p unconfirmed on Replicate.
	resolutions: ["720p", "480p"],
	// ByteDance's documented set (Replicate's page shows the default 16:9 and "adaptive").
	aspects: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"],
	firstFrame: true,
	lastFrame: true,
	maxReferences: 9,
	firstFrameWithReferences: false,
	audio: true,
	seed: true,
});

export const replicate: ProviderInfo = {
	id: "replicate",
	label: "Replicate",
	defaultBaseUrl: "https://api.replicate.com/v1",
	keyEnv: "REPLICATE_API_TOKEN",
	defaultModel: "kwaivgi/kling-v3-video",
	adapter: "replicate",
	openModels: true,
	models: [
		{
			id: "kwaivgi/kling-v3-video",
			family: "kling-v3",
			durations: range(3, 15),
			defaultDuration: 5,
			sizes: sizesFor(["720p", "1080p"], ["16:9", "9:16", "1:1"]),
			image: "url-or-bytes",
			maxImageBytes: MAX_IMAGE,
			price: unknownPrice(PRICE),
			typicalSeconds: 240,
			lifecycle: active(KLING, VERIFIED, "mode 'standard' = 720p, 'pro' = 1080p (provider default pro); aspect_ratio is ignored with a start image"),
			caps: caps({
				resolutions: ["720p", "1080p"],
				aspects: ["16:9", "9:16", "1:1"],
				firstFrame: true,
				lastFrame: true,
				audio: true,
				negativePrompt: true,
			}),
		},
		{
			id: "google/veo-3.1",
			family: "veo-3.1",
			durations: [4, 6, 8],
			defaultDuration: 8,
			sizes: sizesFor(["1080p", "720p"], ["16:9", "9:16"]),
			image: "url-or-bytes",
			maxImageBytes: MAX_IMAGE,
			price: unknownPrice(PRICE),
			typicalSeconds: 180,
			lifecycle: active(
				VEO,
				VERIFIED,
				"reference images only with 16:9 and 8 s; last frame is ignored with reference images; 1080p kept to 8 s as on the Gemini API",
			),
			caps: caps({
				resolutions: ["1080p", "720p"],
				aspects: ["16:9", "9:16"],
				durationsByResolution: { "1080p": [8] },
				firstFrame: true,
				lastFrame: true,
				maxReferences: 3,
				firstFrameWithReferences: false,
				audio: true,
				negativePrompt: true,
				seed: true,
			}),
		},
		{
			id: "bytedance/seedance-2.0",
			family: "seedance-2",
			durations: range(4, 15),
			defaultDuration: 5,
			sizes: sizesFor(["720p", "480p"], ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"]),
			image: "url-or-bytes",
			maxImageBytes: MAX_IMAGE,
			price: unknownPrice(PRICE),
			typicalSeconds: 240,
			lifecycle: active(SEEDANCE, VERIFIED, "reference images cannot be combined with first/last frame images"),
			caps: SEEDANCE_CAPS,
		},
		{
			id: "bytedance/seedance-2.0-fast",
			family: "seedance-2",
			durations: range(4, 15),
			defaultDuration: 5,
			sizes: sizesFor(["720p", "480p"], ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"]),
			image: "url-or-bytes",
			maxImageBytes: MAX_IMAGE,
			price: unknownPrice(PRICE),
			typicalSeconds: 150,
			lifecycle: active(SEEDANCE_FAST, VERIFIED, "reference images cannot be combined with first/last frame images"),
			caps: SEEDANCE_CAPS,
		},
		{
			id: "minimax/hailuo-2.3",
			family: "hailuo",
			durations: [6, 10],
			defaultDuration: 6,
			sizes: sizesFor(["768p", "1080p"], ["16:9"]),
			image: "url-or-bytes",
			maxImageBytes: MAX_IMAGE,
			price: unknownPrice(PRICE),
			typicalSeconds: 240,
			lifecycle: active(HAILUO, VERIFIED, "no aspect_ratio input: text-to-video is 16:9, a first frame sets the output's aspect ratio"),
			caps: caps({ resolutions: ["768p", "1080p"], aspects: ["16:9"], durationsByResolution: { "1080p": [6] }, firstFrame: true }),
		},
	],
};
