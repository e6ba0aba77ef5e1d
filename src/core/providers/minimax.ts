/**
 * MiniMax Hailuo through MiniMax's own v1 video API (platform.minimax.io/docs, read 2026-12-03):
 *  - `POST {base}/video_generation` {model, prompt, prompt_optimizer, duration, resolution,
 *    first_frame_image, last_frame_image, subject_reference} → `{task_id, base_resp}`;
 *  - `GET {base}/query/video_generation?task_id=` → `{task_id, status, file_id, video_width,
 *    video_height, base_resp}`, status Preparing | Queueing | Processing | Success | Fail;
 *  - `GET {base}/files/retrieve?file_id=` → `{file:{file_id, bytes, created_at, filename,
 *    purpose, download_url}, base_resp}` — a second call, modelled as the `fetch` state.
 * Errors usually arrive as HTTP 200 with `base_resp.status_code` ≠ 0
 * (https://platform.minimax.io/docs/api-reference/errorcode). There is no task list, so an
 * unanswered create cannot be reconciled (canLookup false).
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { snippet } from "../redact";
import { dataUri, isRecord } from "../values";
import { adapterFields, baseOf, bearer, catalogBase, getJson, postJson } from "./base";
import { classify, classifyTaskFailure, isRetiredText, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, httpFailure, isOk, parseOk, validateValue } from "./decode";
import { header, readMeta, signedUrlExpiry } from "./meta";
import { answerFailed, succeeded, taskFailed } from "./outcome";
import type { CreateOutcome, Failure, FailureClass, PollOutcome, ProviderAdapter, ProviderContext, ReferenceInput, ResponseMeta, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

const ID = "minimax";
const base = catalogBase(ID);

/**
 * `base_resp.status_code` → class. Error-code page: 1000 unknown error, 1001 request timeout,
 * 1002 rate limit, 1004 not authorized, 1008 insufficient balance, 1024 internal error,
 * 1026 input sensitive, 1027 output sensitive, 1033 system error, 1039 token limit,
 * 1041 conn limit, 1042 invisible character ratio, 2013 invalid params, 2045 rate growth
 * limit, 2049 invalid api key, 2056 usage limit exceeded. From the official CLI and MCP
 * (github.com/MiniMax-AI/cli src/errors/api.ts, MiniMax-MCP client.py): 1028/1030 quota
 * exhausted, 2061 model not in the key's plan, 2038 real-name verification required.
 */
const CODE_CLASS: Record<number, FailureClass> = {
	1000: "outage",
	1001: "outage",
	1024: "outage",
	1033: "outage",
	1002: "rate",
	1039: "rate",
	2045: "rate",
	1041: "capacity",
	1004: "auth",
	2049: "auth",
	2038: "auth",
	1008: "quota",
	1028: "quota",
	1030: "quota",
	2056: "quota",
	2061: "quota",
	1026: "policy",
	1027: "policy",
	1042: "invalid",
	2013: "invalid",
};
/** Throttling codes: MiniMax's 429, reported as status 429 so the scheduler reads them as one. */
const THROTTLE = new Set([1002, 1039, 1041, 2045]);
/** Explicit server errors: nothing was created, so they count as a 503 (retried, not reconciled). 1001 (timeout) stays ambiguous. */
const SERVER = new Set([1000, 1024, 1033]);
/** Content checks a query reports for the task itself (input / generated video). */
const CONTENT = new Set([1026, 1027]);
/** Fallback lifetime of a `download_url` that does not carry its own expiry (the retrieve API describes it as valid for 1 hour). */
const URL_TTL_MS = 60 * 60_000;

const BaseResp = z.looseObject({ status_code: z.nullish(z.union([z.number(), z.string()])), status_msg: z.nullish(z.string()) });
const Envelope = z.looseObject({ base_resp: z.nullish(BaseResp) });
const Created = z.looseObject({ task_id: z.string().check(z.minLength(1)) });
// file_id is a string in the query docs ("" until the task succeeds) but an int64 in the retrieve API: numbers are accepted too.
const Task = z.looseObject({ status: z.string(), file_id: z.nullish(z.union([z.string(), z.number()])) });
const Retrieved = z.looseObject({ file: z.looseObject({ download_url: z.nullish(z.string()) }) });

/** `/v1` joined once: the docs give hosts (https://api.minimax.io), the catalog a base ending in /v1. */
function apiBase(ctx: ProviderContext): string {
	const b = baseOf(ctx);
	return /\/v1$/i.test(b) ? b : `${b}/v1`;
}

/** Request id from the usual headers, else MiniMax's `Trace-Id`. */
function metaOf(res: HttpResponse, ctx: ProviderContext): ResponseMeta {
	const meta = readMeta(res, ctx);
	const trace = header(res, "trace-id")?.trim();
	if (meta.requestId === undefined && trace) meta.requestId = ctx.redact(trace.slice(0, 200));
	return meta;
}

/**
 * An id as text. A number beyond 2^53 lost digits in JSON.parse, so its digits are read
 * back from the raw body instead.
 */
function idText(value: string | number, field: string, text: string): string | undefined {
	if (typeof value === "string") return value.trim() || undefined;
	if (Number.isSafeInteger(value) && value >= 0) return String(value);
	const m = new RegExp(`"${field}"\\s*:\\s*(\\d{1,30})\\b`).exec(text);
	return m?.[1];
}

function codeOf(v: unknown): number {
	if (typeof v === "number" && Number.isFinite(v)) return v;
	if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return Number(v);
	return 0;
}

/** `{code, msg}` of a body's base_resp; code 0 when absent. */
function baseResp(value: unknown): { code: number; msg: string } {
	const br = isRecord(value) ? value.base_resp : undefined;
	if (!isRecord(br)) return { code: 0, msg: "" };
	return { code: codeOf(br.status_code), msg: typeof br.status_msg === "string" ? br.status_msg : "" };
}

/** Class of a base_resp code; unlisted codes by their wording. */
function classOf(code: number, message: string, op: Op): FailureClass {
	const cls = CODE_CLASS[code] ?? classify({ op, text: `${code} ${message}` });
	// An unknown or unsupported model is answered as invalid params; its wording says which.
	if (code === 2013 && isRetiredText(message)) return "retired";
	// A 429 on a poll is about request rate.
	return cls === "capacity" && op !== "create" ? "rate" : cls;
}

/** A failure for a non-zero base_resp code (whatever the HTTP status was). */
function codeFailure(code: number, msg: string, ctx: ProviderContext, meta: ResponseMeta, op: Op, httpStatus: number): Failure {
	const message = msg.trim() || `base_resp.status_code ${code}`;
	const cls = classOf(code, message, op);
	const throttle = THROTTLE.has(code);
	const status = throttle ? 429 : SERVER.has(code) && httpStatus < 500 ? 503 : httpStatus;
	const label = throttle ? tr("provider.label.statusCode", { status: 429, code }) : tr("provider.label.code", { code });
	return makeFailure({ provider: ID, ctx, meta, op, message, code: String(code), label, cls, status });
}

/** A non-2xx answer: its base_resp code when there is one, else the HTTP status. */
function errorOf(res: HttpResponse, ctx: ProviderContext, op: Op): { ok: false; failure: Failure; meta: ResponseMeta } {
	const meta = metaOf(res, ctx);
	const decoded = decodeJson(res);
	const br = decoded.ok ? baseResp(decoded.value) : { code: 0, msg: "" };
	const failure = br.code !== 0 ? codeFailure(br.code, br.msg, ctx, meta, op, res.status) : httpFailure(ID, res, ctx, meta, op);
	return { ok: false, failure, meta };
}

type Read =
	| { ok: true; value: unknown; text: string; status: number; code: number; msg: string; meta: ResponseMeta }
	| { ok: false; failure: Failure; meta: ResponseMeta };

/** Any answer decoded to its body and base_resp; non-2xx and unreadable bodies are failures. */
function read(res: HttpResponse, ctx: ProviderContext, op: Op): Read {
	if (!isOk(res)) return errorOf(res, ctx, op);
	const p = parseOk(ID, res, ctx, Envelope, op);
	const meta = metaOf(res, ctx);
	if (!p.ok) return { ok: false, failure: p.failure, meta };
	const text = new TextDecoder().decode(res.body);
	return { ok: true, value: p.value, text, status: res.status, ...baseResp(p.value), meta };
}

function fail(cls: FailureClass, message: string, ctx: ProviderContext, meta: ResponseMeta, op: Op): { ok: false; failure: Failure; meta: ResponseMeta } {
	return answerFailed({ provider: ID, ctx, meta, op, cls, message });
}

/** A public URL as is, bytes as a base64 data URL (both documented for the image fields). */
function imageOf(ref: ReferenceInput): string {
	return ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes);
}

/** The 01 series (T2V-01, I2V-01, S2V-01 …) renders 720P at a fixed 6 s and takes neither field. */
function fixedShape(model: string): boolean {
	return /^(T2V|I2V|S2V)-01/i.test(model);
}

/** The finished task as a state: failed with its reason, or where it stands. */
function taskState(r: Extract<Read, { ok: true }>, ctx: ProviderContext, taskId: string): PollOutcome {
	const meta = r.meta;
	const status = isRecord(r.value) && typeof r.value.status === "string" ? r.value.status.trim().toLowerCase() : undefined;
	const failed = status === "fail" || status === "failed" || status === "unknown";
	// A non-zero code on a running task is about the request (rate, auth …), not the task.
	if (r.code !== 0 && !failed && !CONTENT.has(r.code)) return { ok: false, failure: codeFailure(r.code, r.msg, ctx, meta, "poll", r.status), meta };
	if (failed || r.code !== 0) {
		const said = r.msg.trim() && r.msg.trim().toLowerCase() !== "success" ? r.msg : "";
		const label = tr(status === "unknown" ? "provider.task.unknown" : "provider.task.failed");
		const code = r.code !== 0 ? String(r.code) : undefined;
		const cls = r.code !== 0 ? classOf(r.code, said, "poll") : classifyTaskFailure(said);
		return taskFailed({ provider: ID, ctx, meta, op: "poll", label, message: said || label, code, cls });
	}
	const v = validateValue(ID, r.value, r.text, Task, ctx, meta, "poll");
	if (!v.ok) return { ok: false, failure: v.failure, meta };
	switch (status) {
		case "preparing":
		case "queueing":
			return { ok: true, meta, state: { kind: "queued" } };
		case "success": {
			const fileId = v.value.file_id == null ? undefined : idText(v.value.file_id, "file_id", r.text);
			if (!fileId) return fail("outage", tr("provider.task.noOutputYet", { id: taskId, field: "file_id" }), ctx, meta, "poll");
			return { ok: true, meta, state: { kind: "fetch", ref: fileId } };
		}
		default:
			// Processing, and any status the docs do not list yet.
			return { ok: true, meta, state: { kind: "running" } };
	}
}

export const minimaxAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		// prompt_optimizer false: a storyboard prompt is sent as written (the API defaults to true).
		const body: Record<string, unknown> = { model: input.model, prompt: input.prompt, prompt_optimizer: false };
		if (!fixedShape(input.model)) {
			body.duration = input.duration;
			body.resolution = input.resolution.toUpperCase();
		}
		if (input.reference) body.first_frame_image = imageOf(input.reference);
		if (input.lastFrame) body.last_frame_image = imageOf(input.lastFrame);
		const refs = input.references ?? [];
		if (refs.length > 1) throw new Error(tr("provider.build.minimaxOneReference", { count: refs.length }));
		if (refs[0]) body.subject_reference = [{ type: "character", image: [imageOf(refs[0])] }];
		return postJson(`${apiBase(ctx)}/video_generation`, bearer(ctx), body);
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		const r = read(res, ctx, "create");
		if (!r.ok) return r;
		if (r.code !== 0) return { ok: false, failure: codeFailure(r.code, r.msg, ctx, r.meta, "create", res.status), meta: r.meta };
		const v = validateValue(ID, r.value, r.text, Created, ctx, r.meta, "create");
		if (!v.ok) return { ok: false, failure: v.failure, meta: r.meta };
		const taskId = v.value.task_id.trim();
		if (!taskId) return fail("invalid", tr("provider.unexpected.emptyTaskId", { snippet: snippet(r.text, ctx.redact) }), ctx, r.meta, "create");
		return guardCreate(ID, ctx, { ok: true, taskId, state: { kind: "queued" }, meta: r.meta });
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		return getJson(`${apiBase(ctx)}/query/video_generation?task_id=${encodeURIComponent(taskId)}`, bearer(ctx));
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
		const r = read(res, ctx, "poll");
		if (!r.ok) return r;
		return taskState(r, ctx, taskId);
	},

	buildResult(_taskId: string, fileId: string, ctx: ProviderContext): HttpRequest {
		return getJson(`${apiBase(ctx)}/files/retrieve?file_id=${encodeURIComponent(fileId)}`, bearer(ctx));
	},

	parseResult(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
		const r = read(res, ctx, "poll");
		if (!r.ok) return r;
		if (r.code !== 0) return { ok: false, failure: codeFailure(r.code, r.msg, ctx, r.meta, "poll", res.status), meta: r.meta };
		const v = validateValue(ID, r.value, r.text, Retrieved, ctx, r.meta, "poll");
		if (!v.ok) return { ok: false, failure: v.failure, meta: r.meta };
		const url = v.value.file.download_url?.trim();
		if (!url) return fail("outage", tr("provider.minimax.noDownloadUrl", { id: taskId }), ctx, r.meta, "poll");
		let parsed: URL | undefined;
		try {
			parsed = new URL(url);
		} catch {
			parsed = undefined;
		}
		if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
			// Not quoted: whatever it is, it may carry a signature.
			return fail("invalid", tr("provider.minimax.badDownloadUrl", { id: taskId }), ctx, r.meta, "poll");
		}
		// A signed URL: no key goes with it.
		return succeeded(r.meta, url, {}, signedUrlExpiry(url) ?? ctx.now + URL_TTL_MS);
	},
};
