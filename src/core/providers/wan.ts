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
 * ModelNotFound / "Model not exist" → retired. A bare `Throttling` names no cause
 * (the 5-tasks-in-progress limit has no code of its own), so it is classified like
 * any 429: capacity on a create, rate on a poll.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, jsonBody, pathId } from "./base";
import { classify, classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, httpFailure, isOk, parseOk } from "./decode";
import { WAN_SIZES } from "./catalog/wan";
import { parseProgress, readMeta, signedUrlExpiry } from "./meta";
import { dataUri } from "../values";
import type { FailureClass } from "./types";
import type { CreateOutcome, Failure, PollOutcome, ProviderAdapter, ProviderContext, ResponseMeta, VideoJobInput } from "./types";

const ID = "wan";
const base = catalogBase(ID);

const Output = z.looseObject({
	task_id: z.string().check(z.minLength(1)),
	task_status: z.string(),
	video_url: z.nullish(z.string()),
	code: z.nullish(z.string()),
	message: z.nullish(z.string()),
	progress: z.nullish(z.union([z.number(), z.string()])),
});

const TaskBody = z.looseObject({ output: Output, request_id: z.nullish(z.string()) });

/** Class for a DashScope error code (and its message), when they alone decide it. */
export function dashscopeCodeClass(code: string | undefined, message = ""): FailureClass | undefined {
	if (!code) return undefined;
	if (code === "DataInspectionFailed" || code.startsWith("DataInspection") || code === "IPInfringementSuspect") return "policy";
	if (code === "Arrearage" || code === "PrepaidBillOverdue" || code === "PostpaidBillOverdue" || code.startsWith("AllocationQuota.")) return "quota";
	// Two documented messages share this code: a spent free quota (waiting does not help)
	// and the per-minute allocation (recovers within a minute).
	if (code === "Throttling.AllocationQuota") return /\bfree\b/i.test(message) ? "quota" : "rate";
	if (code === "Throttling.RateQuota" || code === "Throttling.BurstRate") return "rate";
	if (code === "InvalidApiKey" || code === "AccessDenied.Unpurchased" || code === "CommodityNotPurchased") return "auth";
	if (code === "ModelNotFound" || (code === "InvalidParameter" && /\bmodel\b[^\n]{0,40}\bnot exists?\b/i.test(message))) return "retired";
	if (code === "InternalError" || code.startsWith("InternalError") || code === "SystemError") return "outage";
	return undefined;
}

function errorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const decoded = decodeJson(res);
	const meta = readMeta(res, ctx, decoded.ok ? decoded.value : undefined);
	if (!decoded.ok) return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	const info = errorInfo(decoded.value);
	let cls = dashscopeCodeClass(info.code, info.message) ?? classify({ status: res.status, op, text: `${info.code ?? ""} ${info.message ?? ""}`, retryAfterMs: meta.retryAfterMs });
	// A 429 on a poll is about request rate, whatever the code says.
	if (res.status === 429 && op !== "create" && cls === "capacity") cls = "rate";
	return { failure: makeFailure({ provider: ID, ctx, meta, op, message: info.message ?? `HTTP ${res.status}`, code: info.code, cls }), meta };
}

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
		return {
			method: "POST",
			url: `${baseOf(ctx)}/api/v1/services/aigc/video-generation/video-synthesis`,
			headers: { ...bearer(ctx), "Content-Type": "application/json", "X-DashScope-Async": "enable", Accept: "application/json" },
			body: jsonBody(wanBody(input)),
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

function pollState(o: z.infer<typeof Output>, ctx: ProviderContext, meta: ResponseMeta): PollOutcome {
	const progress = parseProgress(o.progress);
	switch (o.task_status.toUpperCase()) {
		case "PENDING":
			return { ok: true, state: progress === undefined ? { kind: "queued" } : { kind: "queued", progress }, meta };
		case "RUNNING":
			return { ok: true, state: progress === undefined ? { kind: "running" } : { kind: "running", progress }, meta };
		case "SUCCEEDED": {
			if (!o.video_url) {
				return {
					ok: false,
					meta,
					failure: makeFailure({ provider: ID, ctx, meta, op: "poll", cls: "outage", message: `task ${o.task_id} succeeded but has no video_url yet` }),
				};
			}
			const download: { url: string; headers: Record<string, string>; expiresAt?: number } = { url: o.video_url, headers: {} };
			const exp = signedUrlExpiry(o.video_url);
			if (exp !== undefined) download.expiresAt = exp;
			return { ok: true, state: { kind: "succeeded", download }, meta };
		}
		case "FAILED":
		case "CANCELED":
		case "UNKNOWN": {
			const status = o.task_status.toUpperCase();
			const code = o.code ?? undefined;
			const message =
				o.message ?? (status === "UNKNOWN" ? "task unknown (expired or not found)" : status === "CANCELED" ? "task canceled" : "task failed");
			const cls = dashscopeCodeClass(code, message) ?? classifyTaskFailure(`${code ?? ""} ${message}`);
			return {
				ok: true,
				meta,
				state: { kind: "failed", failure: makeFailure({ provider: ID, ctx, meta, op: "poll", label: `task ${status}`, message, code, cls }) },
			};
		}
		default:
			return { ok: true, state: { kind: "running" }, meta };
	}
}
