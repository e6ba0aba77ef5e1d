/**
 * Alibaba Cloud Model Studio (DashScope) on the current video protocol (Wan 2.7, Wan 3.0,
 * HappyHorse), per https://www.alibabacloud.com/help/en/model-studio/wan-image-to-video-guide
 * and the official DashScope Python SDK 1.26.2 (VideoSynthesis), read 2026-12-03:
 *
 * - `POST /api/v1/services/aigc/video-generation/video-synthesis` with
 *   `X-DashScope-Async: enable` (there is no synchronous mode) and
 *   `{model, input:{prompt, negative_prompt?, media:[{type, url}]}, parameters:{resolution:
 *   "720P", ratio?, duration, seed?, prompt_extend, watermark}}` → `{output:{task_id,
 *   task_status:"PENDING"}, request_id}`. Media types: first_frame, last_frame,
 *   reference_image. Media are URLs (the SDK uploads local files to its own OSS first).
 * - `GET /api/v1/tasks/{task_id}` → `output.task_status` PENDING | RUNNING | SUCCEEDED |
 *   FAILED | CANCELED | UNKNOWN, `output.video_url` (kept 24 h), `output.code/message`.
 * - Errors are `{code, message, request_id}` (see `dashscopeClass`).
 *
 * The legacy `video-synthesis` body (`img_url`, `parameters.size`) stays in `wan.ts`.
 * `prompt_extend` is sent as false on Wan models (it defaults to true and rewrites the
 * prompt); `watermark` as false (HappyHorse defaults to true). Sound has no documented
 * on/off switch on these models, so no audio field is sent. The task list
 * (`GET /api/v1/tasks?…`) exists in the SDK but its answer is not documented and carries
 * no prompt, so this adapter offers no lookup.
 */
import type { HttpRequest } from "../../ports/http";
import { adapterFields, catalogBase, exclusiveFrameModes } from "./base";
import { dashscopeClass, dashscopeCreate, dashscopeTask } from "./dashscope-task";
import type { ProviderAdapter, ProviderContext, ReferenceInput, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

const ID = "dashscope";
const base = catalogBase(ID);
/** The product name in CineFlow's own messages. */
const PRODUCT = "Model Studio"; // i18n-ignore: product name
const task = dashscopeTask(ID);

/** Kept under its old name: the tests and docs call DashScope's code table by it. */
export { dashscopeClass };

const URL_ONLY = {
	first_frame: "provider.build.dashscopeUrlOnly.first",
	last_frame: "provider.build.dashscopeUrlOnly.last",
	reference_image: "provider.build.dashscopeUrlOnly.reference",
} as const;

function media(type: "first_frame" | "last_frame" | "reference_image", ref: ReferenceInput): { type: string; url: string } {
	if (ref.kind !== "url") throw new Error(tr(URL_ONLY[type]));
	return { type, url: ref.url };
}

export const dashscopeAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		exclusiveFrameModes(input, PRODUCT, tr("provider.build.framesWithReferences", { product: PRODUCT }));
		const refs = input.references ?? [];
		const list: { type: string; url: string }[] = [];
		if (input.reference) list.push(media("first_frame", input.reference));
		if (input.lastFrame) list.push(media("last_frame", input.lastFrame));
		for (const r of refs) list.push(media("reference_image", r));
		const wan = input.model.startsWith("wan");
		// The ratio follows the first frame on image-to-video; it is sent otherwise.
		const ratio = input.reference || /i2v$/.test(input.model) ? undefined : input.aspect;
		return dashscopeCreate(ctx, {
			model: input.model,
			input: { prompt: input.prompt, negative_prompt: input.negativePrompt, media: list.length ? list : undefined },
			parameters: {
				resolution: input.resolution.toUpperCase(),
				ratio,
				duration: input.duration,
				seed: input.seed,
				prompt_extend: wan ? false : undefined,
				watermark: false,
			},
		});
	},

	parseCreate: task.parseCreate,
	buildPoll: task.buildPoll,
	parsePoll: task.parsePoll,
};
