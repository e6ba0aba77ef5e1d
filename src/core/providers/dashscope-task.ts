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
import { baseOf, bearer, pathId } from "./base";
import { classify, classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, httpFailure, isOk, parseOk } from "./decode";
import { parseProgress, readMeta, signedUrlExpiry } from "./meta";
import type { CreateOutcome, DownloadRequest, Failure, FailureClass, PollOutcome, ProviderAdapter, ProviderContext, ResponseMeta } from "./types";
import { t as tr } from "../i18n";

export const DASHSCOPE_CREATE = "/api/v1/services/aigc/video-generation/video-synthesis";

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
	if (code === "InvalidApiKey" || code === "AccessDenied" || code.startsWith("AccessDenied.") || code === "Model.AccessDenied" || code === "Workspace.AccessDenied" || code === "CommodityNotPurchased") return "auth";
	if (code === "ModelNotFound" || code === "Model.NotFound") return "retired";
	if (code.startsWith("InternalError") || code === "SystemError" || code === "ServiceUnavailable" || code === "RequestTimeOut") return "outage";
	if (code.startsWith("InvalidParameter") || code.startsWith("BadRequest") || code === "InvalidURL" || code === "UnsupportedOperation") {
		return RETIRED_WORDING.test(message) ? "retired" : "invalid";
	}
	return undefined;
}

/** The task-protocol half of a DashScope adapter: reading errors, creates and polls. */
export function dashscopeTask(provider: string): Pick<ProviderAdapter, "parseCreate" | "buildPoll" | "parsePoll"> & { errorFailure: (res: HttpResponse, ctx: ProviderContext, op: Op) => { failure: Failure; meta: ResponseMeta } } {
	const errorFailure = (res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } => {
		const decoded = decodeJson(res);
		const meta = readMeta(res, ctx, decoded.ok ? decoded.value : undefined);
		if (!decoded.ok) return { failure: httpFailure(provider, res, ctx, meta, op), meta };
		const info = errorInfo(decoded.value);
		const message = info.message ?? `HTTP ${res.status}`;
		let cls = dashscopeClass(info.code, message, op) ?? classify({ status: res.status, op, text: `${info.code ?? ""} ${message}`, retryAfterMs: meta.retryAfterMs });
		// A 429 on a poll is about request rate, whatever the code says.
		if (res.status === 429 && op !== "create" && cls === "capacity") cls = "rate";
		return { failure: makeFailure({ provider, ctx, meta, op, message, code: info.code, cls }), meta };
	};

	const pollState = (o: z.infer<typeof Output>, ctx: ProviderContext, meta: ResponseMeta): PollOutcome => {
		const status = o.task_status.toUpperCase();
		const progress = parseProgress(o.progress);
		const p = progress === undefined ? {} : { progress };
		if (status === "PENDING") return { ok: true, state: { kind: "queued", ...p }, meta };
		if (status === "RUNNING") return { ok: true, state: { kind: "running", ...p }, meta };
		if (status === "SUCCEEDED") {
			if (!o.video_url) {
				return { ok: false, meta, failure: makeFailure({ provider, ctx, meta, op: "poll", cls: "outage", message: tr("provider.task.noOutputYet", { id: o.task_id, field: "video_url" }) }) };
			}
			const download: DownloadRequest = { url: o.video_url, headers: {} };
			const exp = signedUrlExpiry(o.video_url);
			if (exp !== undefined) download.expiresAt = exp;
			return { ok: true, state: { kind: "succeeded", download }, meta };
		}
		if (status === "FAILED" || status === "CANCELED" || status === "UNKNOWN") {
			const code = o.code ?? undefined;
			const own = status === "UNKNOWN" ? "provider.task.unknownExpired" : status === "CANCELED" ? "provider.task.cancelled" : "provider.task.failed";
			const message = o.message ?? tr(own);
			// Classified on the provider's words only: CineFlow's own fallback says nothing about the cause.
			const cls = dashscopeClass(code, o.message ?? "", "poll") ?? classifyTaskFailure(`${code ?? ""} ${o.message ?? ""}`);
			return { ok: true, meta, state: { kind: "failed", failure: makeFailure({ provider, ctx, meta, op: "poll", label: tr("provider.label.task", { state: status }), message, code, cls }) } };
		}
		return { ok: true, state: { kind: "running" }, meta };
	};

	return {
		errorFailure,
		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			if (!isOk(res)) return { ok: false, ...errorFailure(res, ctx, "create") };
			const p = parseOk(provider, res, ctx, TaskBody, "create", { bodyRequestId: true });
			if (!p.ok) return p;
			const o = p.value.output;
			const st = pollState(o, ctx, p.meta);
			const state = st.ok && (st.state.kind === "failed" || st.state.kind === "succeeded") ? st.state : { kind: "queued" as const };
			return guardCreate(provider, ctx, { ok: true, taskId: o.task_id, state, meta: p.meta });
		},
		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			return { method: "GET", url: `${baseOf(ctx)}/api/v1/tasks/${pathId(taskId)}`, headers: { ...bearer(ctx), Accept: "application/json" } };
		},
		parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
			if (!isOk(res)) return { ok: false, ...errorFailure(res, ctx, "poll") };
			const p = parseOk(provider, res, ctx, TaskBody, "poll", { bodyRequestId: true });
			if (!p.ok) return p;
			return pollState(p.value.output, ctx, p.meta);
		},
	};
}
