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
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, jsonBody, pathId } from "./base";
import { classify, classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, httpFailure, isOk, parseOk } from "./decode";
import { readMeta, signedUrlExpiry } from "./meta";
import type {
	CreateOutcome,
	DownloadRequest,
	Failure,
	FailureClass,
	PollOutcome,
	ProviderAdapter,
	ProviderContext,
	ReferenceInput,
	ResponseMeta,
	VideoJobInput,
} from "./types";

const ID = "dashscope";
const base = catalogBase(ID);
const CREATE = "/api/v1/services/aigc/video-generation/video-synthesis";

const Output = z.looseObject({
	task_id: z.string().check(z.minLength(1)),
	task_status: z.string(),
	video_url: z.nullish(z.string()),
	code: z.nullish(z.string()),
	message: z.nullish(z.string()),
});
const TaskBody = z.looseObject({ output: Output, request_id: z.nullish(z.string()) });

const RETIRED_WORDING = /model not exist|model[^\n]{0,40}(not found|does not exist|no longer)/i;

/**
 * Class of a DashScope error code (Model Studio status codes; codes as the legacy docs
 * and the SDK name them); undefined leaves it to `classify`.
 * - DataInspectionFailed, DataInspection*, IPInfringementSuspect → policy
 * - Arrearage (overdue account), AllocationQuota.FreeTierOnly (free tier spent) → quota
 * - InvalidApiKey, AccessDenied(.*), Model.AccessDenied, Workspace.AccessDenied → auth
 * - ModelNotFound / Model.NotFound, and InvalidParameter "Model not exist." → retired
 * - Throttling.RateQuota, Throttling.BurstRate, Throttling.AllocationQuota (a quota or
 *   rate window, not concurrency), Throttling → rate; a Throttling code or message that
 *   names concurrency → capacity on a create (rate on a poll)
 * - InternalError*, SystemError, ServiceUnavailable, RequestTimeOut → outage
 * - InvalidParameter*, BadRequest.*, InvalidURL, UnsupportedOperation → invalid
 */
export function dashscopeClass(code: string | undefined, message: string, op: Op): FailureClass | undefined {
	if (!code) return undefined;
	if (code.startsWith("DataInspection") || code === "IPInfringementSuspect") return "policy";
	if (code === "Arrearage" || code.startsWith("AllocationQuota.FreeTierOnly")) return "quota";
	if (code === "InvalidApiKey" || code === "AccessDenied" || code.startsWith("AccessDenied.") || code === "Model.AccessDenied" || code === "Workspace.AccessDenied") return "auth";
	if (code === "ModelNotFound" || code === "Model.NotFound") return "retired";
	if (code.startsWith("Throttling")) return /concurren/i.test(`${code} ${message}`) && op === "create" ? "capacity" : "rate";
	if (code.startsWith("InternalError") || code === "SystemError" || code === "ServiceUnavailable" || code === "RequestTimeOut") return "outage";
	if (code.startsWith("InvalidParameter") || code.startsWith("BadRequest") || code === "InvalidURL" || code === "UnsupportedOperation") {
		return RETIRED_WORDING.test(message) ? "retired" : "invalid";
	}
	return undefined;
}

function errorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const decoded = decodeJson(res);
	const meta = readMeta(res, ctx, decoded.ok ? decoded.value : undefined);
	if (!decoded.ok) return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	const info = errorInfo(decoded.value);
	const message = info.message ?? `HTTP ${res.status}`;
	const cls = dashscopeClass(info.code, message, op) ?? classify({ status: res.status, op, text: `${info.code ?? ""} ${message}`, retryAfterMs: meta.retryAfterMs });
	return { failure: makeFailure({ provider: ID, ctx, meta, op, message, code: info.code, cls }), meta };
}

function media(type: "first_frame" | "last_frame" | "reference_image", ref: ReferenceInput): { type: string; url: string } {
	if (ref.kind !== "url") throw new Error(`Model Studio takes ${type.replace("_", " ")} images only as URLs (input.media[].url); upload the image first`);
	return { type, url: ref.url };
}

function pollState(o: z.infer<typeof Output>, ctx: ProviderContext, meta: ResponseMeta): PollOutcome {
	const status = o.task_status.toUpperCase();
	if (status === "PENDING") return { ok: true, state: { kind: "queued" }, meta };
	if (status === "RUNNING") return { ok: true, state: { kind: "running" }, meta };
	if (status === "SUCCEEDED") {
		if (!o.video_url) {
			return { ok: false, meta, failure: makeFailure({ provider: ID, ctx, meta, op: "poll", cls: "outage", message: `task ${o.task_id} succeeded but has no video_url yet` }) };
		}
		const download: DownloadRequest = { url: o.video_url, headers: {} };
		const exp = signedUrlExpiry(o.video_url);
		if (exp !== undefined) download.expiresAt = exp;
		return { ok: true, state: { kind: "succeeded", download }, meta };
	}
	if (status === "FAILED" || status === "CANCELED" || status === "UNKNOWN") {
		const code = o.code ?? undefined;
		const message = o.message ?? (status === "UNKNOWN" ? "task unknown (expired after 24 h, or never created)" : status === "CANCELED" ? "task canceled" : "task failed");
		const cls = dashscopeClass(code, message, "poll") ?? (status === "FAILED" ? classifyTaskFailure(`${code ?? ""} ${message}`) : "invalid");
		return { ok: true, meta, state: { kind: "failed", failure: makeFailure({ provider: ID, ctx, meta, op: "poll", label: `task ${status}`, message, code, cls }) } };
	}
	return { ok: true, state: { kind: "running" }, meta };
}

export const dashscopeAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		const refs = input.references ?? [];
		if (refs.length > 0 && (input.reference || input.lastFrame)) {
			throw new Error("Model Studio cannot take a first or last frame together with reference images on these models; use the frames or the references, not both");
		}
		if (input.lastFrame && !input.reference) throw new Error("Model Studio takes a last frame only together with a first frame");
		const list: { type: string; url: string }[] = [];
		if (input.reference) list.push(media("first_frame", input.reference));
		if (input.lastFrame) list.push(media("last_frame", input.lastFrame));
		for (const r of refs) list.push(media("reference_image", r));
		const wan = input.model.startsWith("wan");
		// The ratio follows the first frame on image-to-video; it is sent otherwise.
		const ratio = input.reference || /i2v$/.test(input.model) ? undefined : input.aspect;
		return {
			method: "POST",
			url: `${baseOf(ctx)}${CREATE}`,
			headers: { ...bearer(ctx), "Content-Type": "application/json", "X-DashScope-Async": "enable", Accept: "application/json" },
			body: jsonBody({
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
			}),
		};
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		if (!isOk(res)) return { ok: false, ...errorFailure(res, ctx, "create") };
		const p = parseOk(ID, res, ctx, TaskBody, "create", { bodyRequestId: true });
		if (!p.ok) return p;
		const o = p.value.output;
		const st = pollState(o, ctx, p.meta);
		const state = st.ok && (st.state.kind === "failed" || st.state.kind === "succeeded") ? st.state : { kind: "queued" as const };
		return guardCreate(ID, ctx, { ok: true, taskId: o.task_id, state, meta: p.meta });
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		return { method: "GET", url: `${baseOf(ctx)}/api/v1/tasks/${pathId(taskId)}`, headers: { ...bearer(ctx), Accept: "application/json" } };
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
		if (!isOk(res)) return { ok: false, ...errorFailure(res, ctx, "poll") };
		const p = parseOk(ID, res, ctx, TaskBody, "poll", { bodyRequestId: true });
		if (!p.ok) return p;
		return pollState(p.value.output, ctx, p.meta);
	},
};
