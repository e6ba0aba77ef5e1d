/**
 * DashScope's asynchronous task protocol, shared by both of its video wire formats
 * (`wan.ts`: the legacy `video-synthesis` body; `dashscope.ts`: the current one):
 * the `{output:{task_id, task_status, video_url, code, message}, request_id}` answer,
 * `GET /api/v1/tasks/{task_id}`, and one reading of DashScope's error codes
 * (https://www.alibabacloud.com/help/en/model-studio/error-code, read 2026-12-03).
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { baseOf, bearer, getJson, pathId, postJson } from "./base";
import { classify, classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, httpFailure, readAnswer } from "./decode";
import { parseProgress, readMeta } from "./meta";
import { createdState, noOutputYet, succeeded, taskFailed, withProgress } from "./outcome";
import type { CreateOutcome, Failure, FailureClass, PollOutcome, ProviderAdapter, ProviderContext, ResponseMeta } from "./types";
import { t as tr } from "../i18n";

export const DASHSCOPE_CREATE = "/api/v1/services/aigc/video-generation/video-synthesis";

/** The create request both protocols send: asynchronous (DashScope has no synchronous video mode). */
export function dashscopeCreate(ctx: ProviderContext, body: Record<string, unknown>): HttpRequest {
	return postJson(`${baseOf(ctx)}${DASHSCOPE_CREATE}`, bearer(ctx), body, { "X-DashScope-Async": "enable" });
}

const Output = z.looseObject({
	task_id: z.string().check(z.minLength(1)),
	task_status: z.string(),
	video_url: z.nullish(z.string()),
	code: z.nullish(z.string()),
	message: z.nullish(z.string()),
	progress: z.nullish(z.union([z.number(), z.string()])),
});
const TaskBody = z.looseObject({ output: Output, request_id: z.nullish(z.string()) });

const RETIRED_WORDING = /model not exists?|model[^\n]{0,40}(not found|does not exist|no longer)/i;

/**
 * Class of a DashScope error code (and its message), when they decide it; undefined
 * leaves it to `classify`.
 * - DataInspection*, IPInfringementSuspect → policy
 * - Arrearage, Prepaid/PostpaidBillOverdue, AllocationQuota.* (free tier spent) → quota
 * - Throttling.AllocationQuota: "Free allocated quota exceeded" → quota; otherwise a
 *   per-minute window → rate (never concurrency)
 * - Throttling.RateQuota / BurstRate → rate; a Throttling code or message naming
 *   concurrency → capacity on a create (rate on a poll); a bare `Throttling`
 *   ("Requests throttling triggered.") is request frequency → rate
 * - InvalidApiKey, AccessDenied(.*), Model/Workspace.AccessDenied, unpurchased → auth
 * - ModelNotFound / Model.NotFound, and InvalidParameter "Model not exist" → retired
 * - InternalError*, SystemError, ServiceUnavailable, RequestTimeOut → outage
 * - InvalidParameter*, BadRequest.*, InvalidURL, UnsupportedOperation → invalid
 */
export function dashscopeClass(code: string | undefined, message: string, op: Op): FailureClass | undefined {
	if (!code) return undefined;
	if (code.startsWith("DataInspection") || code === "IPInfringementSuspect") return "policy";
	if (code === "Arrearage" || code === "PrepaidBillOverdue" || code === "PostpaidBillOverdue" || code.startsWith("AllocationQuota.")) return "quota";
	if (code === "Throttling.AllocationQuota") return /\bfree\b/i.test(message) ? "quota" : "rate";
	if (code === "Throttling.RateQuota" || code === "Throttling.BurstRate") return "rate";
	if (code.startsWith("Throttling") && /concurren/i.test(`${code} ${message}`)) return op === "create" ? "capacity" : "rate";
	// "Requests throttling triggered.": the error-code page describes it as request frequency.
	if (code === "Throttling") return "rate";
	if (
		code === "InvalidApiKey" ||
		code === "AccessDenied" ||
		code.startsWith("AccessDenied.") ||
		code === "Model.AccessDenied" ||
		code === "Workspace.AccessDenied" ||
		code === "CommodityNotPurchased"
	)
		return "auth";
	if (code === "ModelNotFound" || code === "Model.NotFound") return "retired";
	if (code.startsWith("InternalError") || code === "SystemError" || code === "ServiceUnavailable" || code === "RequestTimeOut") return "outage";
	if (code.startsWith("InvalidParameter") || code.startsWith("BadRequest") || code === "InvalidURL" || code === "UnsupportedOperation") {
		return RETIRED_WORDING.test(message) ? "retired" : "invalid";
	}
	return undefined;
}

/** The task-protocol half of a DashScope adapter: reading errors, creates and polls. */
export function dashscopeTask(provider: string): Pick<ProviderAdapter, "parseCreate" | "buildPoll" | "parsePoll"> & {
	errorFailure: (res: HttpResponse, ctx: ProviderContext, op: Op) => { failure: Failure; meta: ResponseMeta };
} {
	const errorFailure = (res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } => {
		const decoded = decodeJson(res);
		const meta = readMeta(res, ctx, decoded.ok ? decoded.value : undefined);
		if (!decoded.ok) return { failure: httpFailure(provider, res, ctx, meta, op), meta };
		const info = errorInfo(decoded.value);
		const message = info.message ?? `HTTP ${res.status}`;
		let cls =
			dashscopeClass(info.code, message, op) ??
			classify({ status: res.status, op, text: `${info.code ?? ""} ${message}`, retryAfterMs: meta.retryAfterMs });
		// A 429 on a poll is about request rate, whatever the code says.
		if (res.status === 429 && op !== "create" && cls === "capacity") cls = "rate";
		return { failure: makeFailure({ provider, ctx, meta, op, message, code: info.code, cls }), meta };
	};

	const pollState = (o: z.infer<typeof Output>, ctx: ProviderContext, meta: ResponseMeta): PollOutcome => {
		const status = o.task_status.toUpperCase();
		const progress = parseProgress(o.progress);
		if (status === "PENDING") return { ok: true, state: withProgress("queued", progress), meta };
		if (status === "RUNNING") return { ok: true, state: withProgress("running", progress), meta };
		if (status === "SUCCEEDED") return o.video_url ? succeeded(meta, o.video_url) : noOutputYet(provider, ctx, meta, o.task_id, "video_url");
		if (status === "FAILED" || status === "CANCELED" || status === "UNKNOWN") {
			const code = o.code ?? undefined;
			const own = status === "UNKNOWN" ? "provider.task.unknownExpired" : status === "CANCELED" ? "provider.task.cancelled" : "provider.task.failed";
			const message = o.message ?? tr(own);
			// Classified on the provider's words only: CineFlow's own fallback says nothing about the cause.
			const cls = dashscopeClass(code, o.message ?? "", "poll") ?? classifyTaskFailure(`${code ?? ""} ${o.message ?? ""}`);
			return taskFailed({ provider, ctx, meta, op: "poll", label: tr("provider.label.task", { state: status }), message, code, cls });
		}
		return { ok: true, state: { kind: "running" }, meta };
	};

	return {
		errorFailure,
		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			const p = readAnswer(provider, res, ctx, TaskBody, "create", errorFailure, { bodyRequestId: true });
			if (!p.ok) return p;
			const o = p.value.output;
			return guardCreate(provider, ctx, { ok: true, taskId: o.task_id, state: createdState(pollState(o, ctx, p.meta)), meta: p.meta });
		},
		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			return getJson(`${baseOf(ctx)}/api/v1/tasks/${pathId(taskId)}`, bearer(ctx));
		},
		parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
			const p = readAnswer(provider, res, ctx, TaskBody, "poll", errorFailure, { bodyRequestId: true });
			return p.ok ? pollState(p.value.output, ctx, p.meta) : p;
		},
	};
}
