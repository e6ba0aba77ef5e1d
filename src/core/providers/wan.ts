/**
 * Alibaba Wan 2.6 through DashScope's asynchronous task API:
 * `POST /api/v1/services/aigc/video-generation/video-synthesis` with
 * `X-DashScope-Async: enable`, then `GET /api/v1/tasks/{task_id}`.
 * Error bodies are `{code, message, request_id}`; the codes decide the class:
 * DataInspectionFailed → policy, Arrearage → quota, Throttling.RateQuota → rate,
 * Throttling.AllocationQuota → capacity, InvalidApiKey → auth.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, jsonBody, pathId } from "./base";
import { classify, classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, httpFailure, isOk, parseOk } from "./decode";
import { sizeWH } from "./geometry";
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

/** Class for a DashScope error code, when the code alone decides it. */
export function dashscopeCodeClass(code: string | undefined): FailureClass | undefined {
	if (!code) return undefined;
	if (code === "DataInspectionFailed" || code.startsWith("DataInspection") || code === "IPInfringementSuspect") return "policy";
	if (code === "Arrearage") return "quota";
	if (code === "Throttling.AllocationQuota") return "capacity";
	if (code === "Throttling.RateQuota" || code === "Throttling") return "rate";
	if (code === "InvalidApiKey" || code === "AccessDenied.Unpurchased") return "auth";
	if (code === "InternalError" || code.startsWith("InternalError") || code === "SystemError") return "outage";
	return undefined;
}

function errorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const decoded = decodeJson(res);
	const meta = readMeta(res, ctx, decoded.ok ? decoded.value : undefined);
	if (!decoded.ok) return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	const info = errorInfo(decoded.value);
	let cls = dashscopeCodeClass(info.code) ?? classify({ status: res.status, op, text: `${info.code ?? ""} ${info.message ?? ""}`, retryAfterMs: meta.retryAfterMs });
	// A 429 on a poll is about request rate, whatever the code says.
	if (res.status === 429 && op !== "create" && cls === "capacity") cls = "rate";
	return { failure: makeFailure({ provider: ID, ctx, meta, op, message: info.message ?? `HTTP ${res.status}`, code: info.code, cls }), meta };
}

function i2v(model: string): boolean {
	return /i2v/i.test(model);
}

/** "1280x720" → "720P" (DashScope i2v resolution). */
function resolutionP(size: string): string {
	const wh = sizeWH(size);
	return wh ? `${Math.min(wh[0], wh[1])}P` : "720P";
}

export const wanAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		const ref = input.reference;
		const img = ref ? (ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes)) : undefined;
		const parameters: Record<string, unknown> = { duration: input.duration };
		if (i2v(input.model)) parameters.resolution = resolutionP(input.size);
		else parameters.size = input.size.replace(/x/i, "*");
		return {
			method: "POST",
			url: `${baseOf(ctx)}/api/v1/services/aigc/video-generation/video-synthesis`,
			headers: { ...bearer(ctx), "Content-Type": "application/json", "X-DashScope-Async": "enable", Accept: "application/json" },
			body: jsonBody({ model: input.model, input: { prompt: input.prompt, img_url: img }, parameters }),
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
			const cls = dashscopeCodeClass(code) ?? classifyTaskFailure(`${code ?? ""} ${message}`);
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
