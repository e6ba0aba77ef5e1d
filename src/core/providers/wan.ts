/**
 * Alibaba Wan 2.6 through DashScope's asynchronous task API (the legacy
 * `video-synthesis` protocol, wan2.6 and earlier):
 * `POST /api/v1/services/aigc/video-generation/video-synthesis` with
 * `X-DashScope-Async: enable`, then `GET /api/v1/tasks/{task_id}`.
 * t2v takes `parameters.size` ("1280*720"), i2v `parameters.resolution` ("720P") and
 * `input.img_url`; both take `duration`, `seed`, `prompt_extend` and
 * `input.negative_prompt`; `parameters.audio` where the model documents it. The prompt
 * is sent as written (`prompt_extend: false`; DashScope's default rewrites it).
 * Error bodies are `{code, message, request_id}`; the codes decide the class
 * (https://www.alibabacloud.com/help/en/model-studio/error-code, read 2026-12-03):
 * DataInspectionFailed → policy; Arrearage, Prepaid/PostpaidBillOverdue,
 * AllocationQuota.FreeTierOnly and "Free allocated quota exceeded" → quota;
 * Throttling.RateQuota / BurstRate and "Allocated quota exceeded" (a per-minute token
 * window that "usually recovers within a minute") → rate; InvalidApiKey → auth;
 * ModelNotFound / "Model not exist" → retired; a bare `Throttling` ("Requests throttling
 * triggered.") → rate. The code table and the task protocol are shared with the current
 * protocol's adapter (`dashscope-task.ts`).
 */
import type { HttpRequest } from "../../ports/http";
import { adapterFields, catalogBase } from "./base";
import { WAN_SIZES } from "./catalog/wan";
import { dashscopeCreate, dashscopeTask } from "./dashscope-task";
import { dataUri } from "../values";
import type { ProviderAdapter, ProviderContext, VideoJobInput } from "./types";

const ID = "wan";
const base = catalogBase(ID);

const task = dashscopeTask(ID);

function i2v(model: string): boolean {
	return /i2v/i.test(model);
}

/** The catalog's word on a control; a model the catalog does not know (declared by the user) was checked at planning. */
function takes(model: string, control: "audio" | "seed" | "negativePrompt"): boolean {
	const spec = base.models.find((m) => m.id === model);
	return spec ? spec.caps[control] : true;
}

/** DashScope's `size` ("1280*720"): a documented size as given, else the one for the neutral resolution and aspect. */
function dashscopeSize(input: VideoJobInput): string {
	const documented = Object.values(WAN_SIZES).flatMap((byAspect) => Object.values(byAspect ?? {}));
	const size = documented.includes(input.size) ? input.size : (WAN_SIZES[input.resolution]?.[input.aspect] ?? input.size);
	return size.replace(/x/i, "*");
}

/** The request body DashScope documents for t2v and i2v (legacy protocol). */
export function wanBody(input: VideoJobInput): Record<string, unknown> {
	const ref = input.reference;
	const imageToVideo = i2v(input.model);
	const body: Record<string, unknown> = { prompt: input.prompt };
	if (imageToVideo && ref) body.img_url = ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes);
	if (input.negativePrompt !== undefined && takes(input.model, "negativePrompt")) body.negative_prompt = input.negativePrompt;
	const parameters: Record<string, unknown> = imageToVideo ? { resolution: input.resolution.toUpperCase() } : { size: dashscopeSize(input) };
	parameters.duration = input.duration;
	parameters.prompt_extend = false;
	if (input.seed !== undefined && takes(input.model, "seed")) parameters.seed = input.seed;
	if (input.audio !== undefined && takes(input.model, "audio")) parameters.audio = input.audio;
	return { model: input.model, input: body, parameters };
}

export const wanAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		return dashscopeCreate(ctx, wanBody(input));
	},

	parseCreate: task.parseCreate,
	buildPoll: task.buildPoll,
	parsePoll: task.parsePoll,
};
