/**
 * fal.ai's queue API (docs: https://fal.ai/docs/documentation/model-apis/inference/queue,
 * https://fal.ai/docs/api-reference/inference-api, read 2026-12-03; client rules from
 * github.com/fal-ai/fal-js libs/client/src/{queue,utils,request,response}.ts):
 *
 * - submit `POST {base}/{endpoint id}` with `Authorization: Key <key>` and the model's
 *   JSON input → `{request_id, response_url, status_url, cancel_url, queue_position}`.
 * - status `GET {base}/{owner}/{app}/requests/{id}/status` → `{status: IN_QUEUE |
 *   IN_PROGRESS | COMPLETED, queue_position, response_url, error, error_type}` (202 while
 *   waiting, 200 when complete). "A failed or cancelled request also has the status
 *   COMPLETED": its `error` / `error_type` say so.
 * - result `GET {base}/{owner}/{app}/requests/{id}` → the model's output
 *   (`{video: {url, content_type, file_size}}`) or the model's own error with its
 *   status (422 `{detail: [{loc, msg, type}]}`). Kept 1 hour after completion.
 * - cancel `PUT …/requests/{id}/cancel` → 202 CANCELLATION_REQUESTED, 400
 *   ALREADY_COMPLETED, 404 NOT_FOUND.
 *
 * Status, result and cancel use only the owner and app, never the endpoint's sub-path
 * ("fal-ai/kling-video/v3/pro/text-to-video" → "fal-ai/kling-video"; the namespaces
 * "workflows" and "comfy" keep one more segment). The task id is that path
 * ("fal-ai/kling-video/requests/<id>"), read from the submit's `response_url`, so a
 * poll needs no other state and never carries the key.
 *
 * A COMPLETED status becomes a `fetch` state; the engine then asks for the result.
 * There is no list of a key's queue requests: the platform API's
 * /v1/models/requests/by-endpoint lists finished requests only (sorted by end time),
 * so a lost submit cannot be matched while it waits — no lookup.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { snippet } from "../redact";
import { isRecord } from "../values";
import { adapterFields, baseOf, jsonBody, originOf } from "./base";
import { fal } from "./catalog/fal";
import type { ProviderInfo } from "./catalog";
import { classify, errorInfo, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, isOk, jsonText, parseOk, readAnswer } from "./decode";
import { falRequest } from "./fal-models";
import { header, readMeta } from "./meta";
import { answerFailed, succeeded } from "./outcome";
import type { CreateOutcome, Failure, FailureClass, PollOutcome, ProviderAdapter, ProviderContext, RemoteState, ResponseMeta, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

const ID = "fal";

/** fal's `Authorization: Key <key>` (not Bearer). */
export function falAuth(ctx: ProviderContext): Record<string, string> {
	return { Authorization: `Key ${ctx.apiKey}`, Accept: "application/json" };
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A task id as URL path segments (journal ids may be anything). */
function pathOf(taskId: string): string {
	return taskId.split("/").map(encodeURIComponent).join("/");
}

/** "owner/app/requests/<id>" with safe segments. */
function isQueuePath(p: string): boolean {
	const parts = p.split("/");
	const i = parts.lastIndexOf("requests");
	return i >= 2 && i === parts.length - 2 && i <= 4 && parts.every((s) => SEGMENT.test(s)) && REQUEST_ID.test(parts[i + 1] ?? "");
}

/**
 * The queue path of a returned URL relative to the base: on the base's origin the
 * base path is stripped; on another origin (a proxy base) fal's own path is kept.
 */
function queuePathOf(url: unknown, ctx: ProviderContext, suffix = ""): string | undefined {
	if (typeof url !== "string") return undefined;
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return undefined;
	}
	let path = u.pathname;
	if (suffix && path.endsWith(suffix)) path = path.slice(0, -suffix.length);
	const base = baseOf(ctx);
	const basePath = (() => {
		try {
			return new URL(base).pathname.replace(/\/+$/, "");
		} catch {
			return "";
		}
	})();
	if (u.origin === originOf(base) && basePath && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
	path = path.replace(/^\/+/, "");
	return isQueuePath(path) ? path : undefined;
}

/** The `[namespace/]owner/app` root status, result and cancel use (fal-js parseEndpointId). */
export function falAppRoot(endpointId: string): string {
	const parts = endpointId.split("/").filter(Boolean);
	if (parts.length === 1) {
		const m = /^([0-9]+)-([a-zA-Z0-9-]+)$/.exec(parts[0] ?? "");
		return m ? `${m[1]}/${m[2]}` : endpointId;
	}
	const ns = parts[0] === "workflows" || parts[0] === "comfy";
	return parts.slice(0, ns ? 3 : 2).join("/");
}

// ---- errors ---------------------------------------------------------------

const QUOTA_RE = /exhausted balance|user is locked|top up your balance|insufficient (balance|credits?|funds)/i;
/** Request error types (fal docs "Request Error Types"): the platform's, never the input's fault. */
const PLATFORM_TYPES = new Set([
	"request_timeout",
	"startup_timeout",
	"runner_scheduling_failure",
	"runner_connection_timeout",
	"runner_disconnected",
	"runner_connection_refused",
	"runner_connection_error",
	"runner_incomplete_response",
	"runner_server_error",
	"internal_error",
	"generation_timeout",
	"downstream_service_error",
	"downstream_service_unavailable",
]);

interface FalError {
	message: string;
	types: string[];
	errorType?: string;
}

function locText(loc: unknown): string {
	if (!Array.isArray(loc)) return "";
	const parts = loc.filter((p) => p !== "body").map((p) => String(p));
	return parts.length ? `${parts.join(".")}: ` : "";
}

/** `{detail: "…"}`, `{detail: [{loc, msg, type}]}`, `{error, error_type}`, or any usual shape. */
function readError(value: unknown, res: HttpResponse): FalError {
	const out: FalError = { message: "", types: [] };
	const errType = header(res, "x-fal-error-type")?.trim();
	if (errType) out.errorType = errType.slice(0, 100);
	if (!isRecord(value)) return out;
	if (typeof value.error_type === "string" && value.error_type) out.errorType = value.error_type.slice(0, 100);
	const detail = value.detail;
	if (Array.isArray(detail)) {
		const msgs: string[] = [];
		for (const d of detail.slice(0, 10)) {
			if (!isRecord(d)) continue;
			if (typeof d.type === "string") out.types.push(d.type);
			const msg = typeof d.msg === "string" ? d.msg : typeof d.type === "string" ? d.type : "";
			const input = typeof d.input === "string" || typeof d.input === "number" || typeof d.input === "boolean" ? JSON.stringify(d.input) : "";
			const got = input && d.type !== "content_policy_violation" ? ` (got ${input.length > 60 ? `${input.slice(0, 60)}…` : input})` : "";
			if (msg) msgs.push(`${locText(d.loc)}${msg}${got}`);
		}
		out.message = msgs.join("; ");
	} else if (typeof detail === "string") out.message = detail;
	if (!out.message && typeof value.error === "string") out.message = value.error;
	if (!out.message) out.message = errorInfo(value).message ?? "";
	return out;
}

function falClass(status: number | undefined, op: Op, e: FalError, retryAfterMs: number | undefined): FailureClass {
	const text = `${e.errorType ?? ""} ${e.types.join(" ")} ${e.message}`;
	if (status === 402 || QUOTA_RE.test(text)) return "quota";
	if (status === 401 || status === 403) return "auth";
	if (e.types.includes("content_policy_violation")) return "policy";
	// Submit answers 404 only for an endpoint id that does not exist (any more).
	if (op === "create" && (status === 404 || status === 410)) return "retired";
	if ((e.errorType && PLATFORM_TYPES.has(e.errorType)) || (e.types.length > 0 && e.types.every((t) => PLATFORM_TYPES.has(t)))) return "outage";
	if (e.errorType === "client_cancelled" || e.errorType === "client_disconnected") return "invalid";
	return classify({ status, op, text, retryAfterMs });
}

function metaOf(res: HttpResponse, ctx: ProviderContext): ResponseMeta {
	const meta = readMeta(res, ctx);
	const rid = header(res, "x-fal-request-id")?.trim();
	if (!meta.requestId && rid) meta.requestId = ctx.redact(rid.slice(0, 200));
	return meta;
}

/** A failure for an error status, reading whichever of fal's error bodies came. */
function errorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const meta = metaOf(res, ctx);
	const decoded = decodeJson(res);
	const e = decoded.ok ? readError(decoded.value, res) : { message: "", types: [] };
	const quoted = snippet(decoded.text, ctx.redact);
	const what = decoded.ok
		? quoted
		: decoded.reason === "empty"
			? tr("provider.body.empty")
			: tr(decoded.reason === "html" ? "provider.body.html" : "provider.body.unreadable", { snippet: quoted });
	const cls = decoded.ok
		? falClass(res.status, op, e, meta.retryAfterMs)
		: op === "create" && (res.status === 404 || res.status === 410)
			? "retired"
			: classify({ status: res.status, op, retryAfterMs: meta.retryAfterMs });
	const failure = makeFailure({ provider: ID, ctx, meta, op, message: e.message || what, code: e.errorType ?? e.types[0], cls });
	return { failure, meta };
}

/** True when an error answer to a result says the request itself ended (not the read). */
function endsTask(res: HttpResponse, e: FalError): boolean {
	if (res.status === 422) return true;
	if (e.errorType && (PLATFORM_TYPES.has(e.errorType) || e.errorType.startsWith("client_"))) return true;
	return e.types.length > 0 && res.status >= 400 && res.status !== 429;
}

// ---- answers ----------------------------------------------------------------

const Submit = z.looseObject({
	request_id: z.string().check(z.minLength(1)),
	response_url: z.nullish(z.string()),
	status_url: z.nullish(z.string()),
});

const Status = z.looseObject({
	status: z.string(),
	queue_position: z.nullish(z.number()),
	response_url: z.nullish(z.string()),
	error: z.nullish(z.unknown()),
	error_type: z.nullish(z.string()),
});

function failed(ctx: ProviderContext, meta: ResponseMeta, label: string, message: string, cls: FailureClass, code?: string): RemoteState {
	return { kind: "failed", failure: makeFailure({ provider: ID, ctx, meta, op: "poll", label, message, code, cls }) };
}

function statusState(s: z.infer<typeof Status>, ctx: ProviderContext, meta: ResponseMeta, taskId: string): RemoteState {
	switch (s.status.toUpperCase()) {
		case "IN_QUEUE":
			return { kind: "queued" };
		case "IN_PROGRESS":
			return { kind: "running" };
		case "COMPLETED": {
			const errText = typeof s.error === "string" ? s.error : s.error == null ? "" : jsonText(s.error);
			const errType = s.error_type ?? undefined;
			// A platform failure (timeout, runner lost, cancelled) is final here. Any other
			// error is the model's: its result holds the details (422 detail, policy type).
			if (errType && (PLATFORM_TYPES.has(errType) || errType.startsWith("client_"))) {
				const cls = PLATFORM_TYPES.has(errType) ? "outage" : "invalid";
				return failed(ctx, meta, tr("provider.fal.requestFailed"), errText || errType, cls, errType);
			}
			const path = queuePathOf(s.response_url, ctx);
			const ref = path && path.split("/").pop() === taskId.split("/").pop() ? path : taskId;
			return { kind: "fetch", ref };
		}
		default:
			// fal documents three states; anything else is treated as still working.
			return { kind: "running" };
	}
}

/** The video URL of a model output: `video.url`, a bare `video` string, or `videos[0].url`. */
function videoUrlOf(v: unknown): string | undefined {
	if (!isRecord(v)) return undefined;
	const pick = (x: unknown): string | undefined => (typeof x === "string" ? x : isRecord(x) && typeof x.url === "string" ? x.url : undefined);
	const url = pick(v.video) ?? (Array.isArray(v.videos) ? pick(v.videos[0]) : undefined);
	return url && /^https?:\/\//i.test(url) ? url : undefined;
}

function resultOutcome(res: HttpResponse, ctx: ProviderContext): PollOutcome {
	if (!isOk(res)) {
		const decoded = decodeJson(res);
		const e = decoded.ok ? readError(decoded.value, res) : undefined;
		const { failure, meta } = errorFailure(res, ctx, "poll");
		// The model's own error (422 validation or policy, a request error type) ends the task.
		if (e && endsTask(res, e)) return { ok: true, state: { kind: "failed", failure }, meta };
		return { ok: false, failure, meta };
	}
	const p = parseOk(ID, res, ctx, z.unknown(), "poll");
	if (!p.ok) return p;
	const meta = metaOf(res, ctx);
	const url = videoUrlOf(p.value);
	if (url) return succeeded(meta, url);
	const st = Status.safeParse(p.value);
	if (st.success && /^(IN_QUEUE|IN_PROGRESS)$/i.test(st.data.status)) return { ok: true, state: statusState(st.data, ctx, meta, ""), meta };
	const text = snippet(jsonText(p.value), ctx.redact);
	return { ok: true, meta, state: failed(ctx, meta, "result", tr("provider.fal.noVideo", { snippet: text }), "invalid") };
}

/** What a cancel answer says (fal: 202 CANCELLATION_REQUESTED, 400 ALREADY_COMPLETED, 404 NOT_FOUND). */
export type CancelOutcome = { ok: true; outcome: "requested" | "already-completed" | "not-found" } | { ok: false; failure: Failure };

export function parseFalCancel(res: HttpResponse, ctx: ProviderContext): CancelOutcome {
	const decoded = decodeJson(res);
	const status = decoded.ok && isRecord(decoded.value) && typeof decoded.value.status === "string" ? decoded.value.status : "";
	if (status === "ALREADY_COMPLETED") return { ok: true, outcome: "already-completed" };
	if (status === "NOT_FOUND" || (res.status === 404 && !status)) return { ok: true, outcome: "not-found" };
	if (isOk(res)) return { ok: true, outcome: "requested" };
	return { ok: false, failure: errorFailure(res, ctx, "poll").failure };
}

/** The fal adapter for a catalog entry (its models carry `family`; declared ids are endpoint ids). */
export function createFalAdapter(info: ProviderInfo): ProviderAdapter {
	const familyOf = (input: VideoJobInput): string | undefined => input.family ?? info.models.find((m) => m.id === input.model)?.family;
	return {
		...adapterFields(info),
		canLookup: false,

		buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
			const plan = falRequest(input, familyOf(input));
			return {
				method: "POST",
				url: `${baseOf(ctx)}/${pathOf(plan.endpoint)}`,
				headers: { ...falAuth(ctx), "Content-Type": "application/json" },
				body: jsonBody(plan.body),
			};
		},

		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			const p = readAnswer(ID, res, ctx, Submit, "create", errorFailure);
			if (!p.ok) return p;
			const meta = metaOf(res, ctx);
			const rid = p.value.request_id;
			const path = queuePathOf(p.value.response_url, ctx) ?? queuePathOf(p.value.status_url, ctx, "/status");
			if (!REQUEST_ID.test(rid) || !path || path.split("/").pop() !== rid) {
				const message = tr("provider.fal.noQueuePath", { request: snippet(rid, ctx.redact), snippet: snippet(jsonText(p.value), ctx.redact) });
				return answerFailed({ provider: ID, ctx, meta, op: "create", cls: "invalid", message });
			}
			return guardCreate(ID, ctx, { ok: true, taskId: path, state: { kind: "queued" }, meta });
		},

		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			return { method: "GET", url: `${baseOf(ctx)}/${pathOf(taskId)}/status`, headers: falAuth(ctx) };
		},

		parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
			const p = readAnswer(ID, res, ctx, Status, "poll", errorFailure);
			if (!p.ok) return p;
			const meta = metaOf(res, ctx);
			return { ok: true, state: statusState(p.value, ctx, meta, taskId), meta };
		},

		buildResult(taskId: string, ref: string, ctx: ProviderContext): HttpRequest {
			const path = isQueuePath(ref) ? ref : taskId;
			return { method: "GET", url: `${baseOf(ctx)}/${pathOf(path)}`, headers: falAuth(ctx) };
		},

		parseResult(res: HttpResponse, ctx: ProviderContext): PollOutcome {
			return resultOutcome(res, ctx);
		},

		buildCancel(taskId: string, ctx: ProviderContext): HttpRequest {
			return { method: "PUT", url: `${baseOf(ctx)}/${pathOf(taskId)}/cancel`, headers: falAuth(ctx) };
		},
	};
}

export const falAdapter: ProviderAdapter = createFalAdapter(fal);
