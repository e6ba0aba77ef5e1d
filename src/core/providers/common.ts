/**
 * Helpers shared by the provider adapters: reading response headers, decoding and
 * validating bodies without ever throwing, classifying failures, building
 * multipart bodies and reading the expiry of signed URLs. Pure: no I/O, no Node
 * built-ins (TextEncoder/TextDecoder and btoa only), mobile-safe regexes.
 */
import type * as z from "zod/mini";
import { HttpTransportError, type HttpResponse } from "../../ports/http";
import { redactPatterns, snippet, type Redactor } from "../redact";
import { getProviderInfo, type ProviderInfo } from "./catalog";
import type { CreateOutcome, Failure, FailureClass, LookupOutcome, ModelSpec, ProviderContext, ResponseMeta } from "./types";

/** Which call a response answers; 429s are read differently on a create and a poll. */
export type Op = "create" | "poll" | "lookup";

// ---------------------------------------------------------------------------
// Catalog

export interface AdapterBase {
	id: string;
	label: string;
	defaultBaseUrl: string;
	keyEnv: string;
	models: ModelSpec[];
	defaultModel: string;
}

/** Just the catalog facts an adapter re-exports, picked out of a catalog entry or a base. */
export function adapterFields(from: AdapterBase): AdapterBase {
	return { id: from.id, label: from.label, defaultBaseUrl: from.defaultBaseUrl, keyEnv: from.keyEnv, models: from.models, defaultModel: from.defaultModel };
}

/** The catalog facts an adapter re-exports (id, label, base URL, key variable, models). */
export function catalogBase(id: string): AdapterBase & { info: ProviderInfo } {
	const info = getProviderInfo(id);
	if (!info) throw new Error(`Unknown provider "${id}"`);
	return { ...adapterFields(info), info };
}

// ---------------------------------------------------------------------------
// URLs and encodings

/** Base URL without trailing slashes. */
export function baseOf(ctx: ProviderContext): string {
	return ctx.baseUrl.replace(/\/+$/, "");
}

/** A task id as one path segment (AIHubMix ids contain "/", "+" and "="). */
export function pathId(id: string): string {
	return encodeURIComponent(id);
}

export function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin;
	} catch {
		return undefined;
	}
}

/** True when `url` is on the same origin as the provider's base URL (safe to send the key). */
export function sameOrigin(url: string, ctx: ProviderContext): boolean {
	const a = originOf(url);
	return a !== undefined && a === originOf(baseOf(ctx));
}

export function toBase64(bytes: Uint8Array): string {
	let bin = "";
	const chunk = 0x8000;
	for (let i = 0; i < bytes.length; i += chunk) {
		bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
	}
	return btoa(bin);
}

export function fromBase64(b64: string): Uint8Array {
	const bin = atob(b64);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

export function dataUri(mime: string, bytes: Uint8Array): string {
	return `data:${mime};base64,${toBase64(bytes)}`;
}

/** JSON text of an object, leaving out undefined fields (JSON.stringify already does). */
export function jsonBody(value: Record<string, unknown>): string {
	return JSON.stringify(value);
}

export function bearer(ctx: ProviderContext): Record<string, string> {
	return { Authorization: `Bearer ${ctx.apiKey}` };
}

// ---------------------------------------------------------------------------
// Headers

export function header(res: Pick<HttpResponse, "headers">, name: string): string | undefined {
	const lower = name.toLowerCase();
	const direct = res.headers[lower];
	if (direct !== undefined) return direct;
	for (const [k, v] of Object.entries(res.headers)) if (k.toLowerCase() === lower) return v;
	return undefined;
}

const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-goog-request-id", "x-dashscope-request-id"];

/** Request id from the usual headers, else from a body `request_id` when `body` is given. */
export function requestIdOf(res: Pick<HttpResponse, "headers">, body?: unknown): string | undefined {
	for (const h of REQUEST_ID_HEADERS) {
		const v = header(res, h)?.trim();
		if (v) return v.slice(0, 200);
	}
	if (isRecord(body) && typeof body.request_id === "string" && body.request_id) return body.request_id.slice(0, 200);
	return undefined;
}

/** Retry-After (delta seconds or HTTP date) or retry-after-ms, in ms from `now`. */
export function retryAfterMs(res: Pick<HttpResponse, "headers">, now: number): number | undefined {
	const ms = header(res, "retry-after-ms")?.trim();
	if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
	const ra = header(res, "retry-after")?.trim();
	if (!ra) return undefined;
	if (/^\d+(\.\d+)?$/.test(ra)) return Math.ceil(Number(ra) * 1000);
	const at = Date.parse(ra);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - now);
}

/** openai-poll-after-ms, in ms. */
export function pollAfterMs(res: Pick<HttpResponse, "headers">): number | undefined {
	const v = header(res, "openai-poll-after-ms")?.trim();
	if (v && /^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v));
	return undefined;
}

/**
 * Everything read from a response's headers (and a body request_id when `body` is given).
 * The request id is server text that ends up in journals and run logs: it is redacted
 * with the context's redactor (pattern-only when only a time is given).
 */
export function readMeta(res: HttpResponse, at: number | Pick<ProviderContext, "now" | "redact">, body?: unknown): ResponseMeta {
	const now = typeof at === "number" ? at : at.now;
	const redact = typeof at === "number" ? redactPatterns : at.redact;
	const meta: ResponseMeta = { status: res.status };
	const rid = requestIdOf(res, body);
	if (rid) meta.requestId = redact(rid);
	const ra = retryAfterMs(res, now);
	if (ra !== undefined) meta.retryAfterMs = ra;
	const pa = pollAfterMs(res);
	if (pa !== undefined) meta.pollAfterMs = pa;
	return meta;
}

// ---------------------------------------------------------------------------
// Progress and signed URLs

/** Progress as 0–100 from an integer, a float, or a "NN%" string; undefined when unknown. */
export function parseProgress(v: unknown): number | undefined {
	let n: number | undefined;
	if (typeof v === "number" && Number.isFinite(v)) n = v;
	else if (typeof v === "string") {
		const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(v);
		if (m?.[1]) n = Number(m[1]);
	}
	if (n === undefined) return undefined;
	if (n > 0 && n <= 1 && typeof v === "number" && !Number.isInteger(v)) n = n * 100;
	return Math.max(0, Math.min(100, Math.round(n)));
}

function param(u: URL, name: string): string | undefined {
	const lower = name.toLowerCase();
	for (const [k, v] of u.searchParams) if (k.toLowerCase() === lower) return v;
	return undefined;
}

/** "20260101T000000Z" (AWS/GCS v4 date) → epoch ms. */
function parseCompactDate(s: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
	if (!m) return undefined;
	return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/**
 * Epoch ms after which a signed URL stops working, when the URL says: Azure SAS
 * `se=<ISO>`, AWS `X-Amz-Date`+`X-Amz-Expires`, GCS `X-Goog-Date`+`X-Goog-Expires`,
 * or `Expires=<epoch seconds>` (OSS, CloudFront, GCS v2).
 */
export function signedUrlExpiry(url: string): number | undefined {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return undefined;
	}
	const se = param(u, "se");
	if (se) {
		const t = Date.parse(se);
		if (!Number.isNaN(t)) return t;
	}
	for (const p of ["x-amz", "x-goog"]) {
		const date = param(u, `${p}-date`);
		const exp = param(u, `${p}-expires`);
		if (date && exp && /^\d+$/.test(exp)) {
			const t = parseCompactDate(date);
			if (t !== undefined) return t + Number(exp) * 1000;
		}
	}
	const expires = param(u, "expires");
	if (expires && /^\d{9,12}$/.test(expires)) return Number(expires) * 1000;
	return undefined;
}

// ---------------------------------------------------------------------------
// Classification

const QUOTA_RE =
	/insufficient[ _-]?(balance|quota|user[ _-]?quota|funds|credit)|exceeded your current quota|billing|余额不足|额度不足|arrearage|credit balance|used all available credits|spending limit|payment required/i;
const AUTH_RE = /invalid[ _-]?api[ _-]?key|incorrect api key|api[ _-]?key[ _-]not[ _-]valid|api_key_invalid|invalidapikey|unauthenticated|无效的令牌|令牌.*(无效|过期)|密钥无效/i;
const CAPACITY_RE =
	/concurren|并发|负载已饱和|too many (tasks|jobs|running|active|pending|in-flight|video)|allocationquota|任务数|in[- ]flight|queue is full/i;
const RATE_RE =
	/rate[ _-]?limit|ratequota|too many requests|requests? per (minute|second|day)|per minute|slow[ _]down|\brpm\b|\brps\b|\btpm\b|频繁|频率|请求数限制|限流/i;
const POLICY_RE =
	/moderation|content[ _-]?(policy|filter|moderat)|safety|violat|datainspectionfailed|inappropriate|nsfw|nudity|sexual|违反|违规|敏感|审核|rai[ _-]?media[ _-]?filtered|responsible ai|blocked by|prohibited/i;

export interface ClassifyInput {
	status?: number;
	op: Op;
	/** The provider's code, type and message, concatenated for wording checks. */
	text?: string;
	retryAfterMs?: number;
}

/**
 * The one place a provider error becomes a FailureClass. A 429 is `rate` on a poll
 * or lookup, `capacity` when the body talks about concurrency, `rate` when it has a
 * Retry-After or rate wording, and otherwise (a create with no hint) `capacity`.
 */
export function classify(input: ClassifyInput): FailureClass {
	const { status, op } = input;
	const text = input.text ?? "";
	if (status === 402 || QUOTA_RE.test(text)) return "quota";
	if (status === 401 || status === 403) return "auth";
	if (AUTH_RE.test(text) && (status === undefined || (status >= 400 && status < 500))) return "auth";
	if (status === 429) {
		if (op !== "create") return "rate";
		if (CAPACITY_RE.test(text)) return "capacity";
		if (input.retryAfterMs !== undefined || RATE_RE.test(text)) return "rate";
		return "capacity";
	}
	if (status !== undefined && (status >= 500 || status === 408 || status < 200 || (status >= 300 && status < 400))) return "outage";
	if (POLICY_RE.test(text)) return "policy";
	return "invalid";
}

/** Wording checks for task failures reported inside a 200 response. */
export function isPolicyText(text: string): boolean {
	return POLICY_RE.test(text);
}
export function isQuotaText(text: string): boolean {
	return QUOTA_RE.test(text);
}
export function isCapacityText(text: string): boolean {
	return CAPACITY_RE.test(text);
}
export function isRateText(text: string): boolean {
	return RATE_RE.test(text);
}

/** Provider error fields found in any of the usual error body shapes. */
export interface ErrorInfo {
	message?: string;
	code?: string;
	type?: string;
}

function str(v: unknown): string | undefined {
	if (typeof v === "string") return v.trim() ? v : undefined;
	if (typeof v === "number" && Number.isFinite(v)) return String(v);
	return undefined;
}

/**
 * Reads `{error:{message,type,code,status}}` (OpenAI, NewAPI relay, Google),
 * `{code, message}` (Sora.hk, NewAPI TaskError, DashScope), `{code, error:"…"}` (xAI),
 * and `{message}` / `{msg}` / `{detail}`.
 */
export function errorInfo(body: unknown): ErrorInfo {
	if (!isRecord(body)) return {};
	const out: ErrorInfo = {};
	const err = body.error;
	if (isRecord(err)) {
		out.message = str(err.message);
		// Google puts a number in `code` and the name in `status` (RESOURCE_EXHAUSTED).
		out.code = (typeof err.code === "string" ? str(err.code) : undefined) ?? str(err.status) ?? str(err.code);
		out.type = str(err.type);
	} else if (typeof err === "string") {
		out.message = str(err);
	}
	out.message ??= str(body.message) ?? str(body.msg) ?? str(body.detail) ?? str(body.error_msg) ?? str(body.fail_reason);
	out.code ??= str(body.code);
	out.type ??= str(body.type);
	return out;
}

export interface FailureArgs {
	provider: string;
	ctx: ProviderContext;
	meta: ResponseMeta;
	op: Op;
	/** Provider message (unredacted; redacted here). */
	message?: string;
	code?: string;
	/** Extra wording for classification only (e.g. an error type). */
	hint?: string;
	/** Label instead of the HTTP status, e.g. "code 1012" or "task failed". */
	label?: string;
	/** Force a class instead of classifying. */
	cls?: FailureClass;
	status?: number;
}

/** `sorahk 429 (request req_123): 并发任务数已达上限` — always redacted. */
export function failureMessage(
	provider: string,
	label: string,
	requestId: string | undefined,
	message: string,
	redact: Redactor,
): string {
	const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) + "…" : s);
	// Redact before cutting: a cut through the middle of a key would leave a prefix
	// the redactor no longer recognizes.
	const rid = requestId ? ` (request ${cut(redact(requestId), 200)})` : "";
	return `${provider} ${cut(redact(label), 200)}${rid}: ${cut(redact(message), 2000)}`;
}

export function makeFailure(a: FailureArgs): Failure {
	const status = a.status ?? a.meta.status;
	const msg = a.message?.trim() || `HTTP ${status}`;
	// Numeric codes (Sora.hk 429, Google 400) repeat the label; only names add information.
	const withCode = a.code && !/^\d+$/.test(a.code) && !msg.includes(a.code) ? `${a.code}: ${msg}` : msg;
	const cls =
		a.cls ??
		classify({ status, op: a.op, text: `${a.code ?? ""} ${a.hint ?? ""} ${msg}`, retryAfterMs: a.meta.retryAfterMs });
	const f: Failure = {
		cls,
		message: failureMessage(a.provider, a.label ?? String(status), a.meta.requestId, withCode, a.ctx.redact),
		status,
	};
	if (a.code) f.code = a.ctx.redact(a.code).slice(0, 200);
	if (a.meta.requestId) f.requestId = a.ctx.redact(a.meta.requestId);
	if (a.meta.retryAfterMs !== undefined) f.retryAfterMs = a.meta.retryAfterMs;
	return f;
}

/** A failure for an error status, reading whatever error body the provider sent. */
export function httpFailure(provider: string, res: HttpResponse, ctx: ProviderContext, meta: ResponseMeta, op: Op): Failure {
	const decoded = decodeJson(res);
	if (decoded.ok) {
		const info = errorInfo(decoded.value);
		return makeFailure({
			provider,
			ctx,
			meta,
			op,
			message: info.message ?? snippet(decoded.text, ctx.redact),
			code: info.code,
			hint: info.type,
		});
	}
	const what = decoded.reason === "empty" ? "empty body" : decoded.reason === "html" ? "HTML page" : "unreadable body";
	return makeFailure({ provider, ctx, meta, op, message: `${what}: ${snippet(decoded.text, ctx.redact)}` });
}

/** A transport error (no HTTP response) as an `outage` failure. */
export function transportFailure(provider: string, err: unknown, redact: Redactor): Failure {
	const kind = err instanceof HttpTransportError ? err.kind : "network";
	const msg = err instanceof Error ? err.message : String(err);
	return { cls: "outage", message: redact(`${provider} ${kind}: ${msg}`).slice(0, 500) };
}

// ---------------------------------------------------------------------------
// Body decoding and validation

export function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

const decoder = new TextDecoder();

export type Decoded = { ok: true; value: unknown; text: string } | { ok: false; text: string; reason: "empty" | "html" | "not-json" };

/** JSON.parse that never throws; HTML error pages and empty bodies are recognized. */
export function decodeJson(res: HttpResponse): Decoded {
	const text = decoder.decode(res.body);
	const trimmed = text.trim();
	if (!trimmed) return { ok: false, text, reason: "empty" };
	const ctype = header(res, "content-type") ?? "";
	if (/^</.test(trimmed) || /text\/html/i.test(ctype)) return { ok: false, text, reason: "html" };
	try {
		const value: unknown = JSON.parse(trimmed);
		return { ok: true, value, text };
	} catch {
		return { ok: false, text, reason: "not-json" };
	}
}

function issuePath(path: ReadonlyArray<PropertyKey>): string {
	return path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".") || "body";
}

export type Parsed<T> = { ok: true; value: T; meta: ResponseMeta } | { ok: false; failure: Failure; meta: ResponseMeta };

export interface ParseOpts {
	/** Read `request_id` from the body (DashScope); not for Grok, whose request_id is the task id. */
	bodyRequestId?: boolean;
}

/**
 * Decodes and validates a 2xx body. An empty, HTML or non-JSON body is an `outage`
 * (a proxy's error page or a cut connection); JSON of the wrong shape is `invalid`.
 * Both quote a short redacted snippet. Never throws.
 */
export function parseOk<S extends z.ZodMiniType>(
	provider: string,
	res: HttpResponse,
	ctx: ProviderContext,
	schema: S,
	op: Op,
	opts: ParseOpts = {},
): Parsed<z.infer<S>> {
	const decoded = decodeJson(res);
	const meta = readMeta(res, ctx, decoded.ok && opts.bodyRequestId ? decoded.value : undefined);
	if (!decoded.ok) {
		const what = decoded.reason === "empty" ? "empty body" : decoded.reason === "html" ? "HTML page instead of JSON" : "unreadable body";
		return {
			ok: false,
			meta,
			failure: makeFailure({ provider, ctx, meta, op, cls: "outage", message: `${what}: ${snippet(decoded.text, ctx.redact)}` }),
		};
	}
	const r = schema.safeParse(decoded.value);
	if (!r.success) {
		const first = r.error.issues[0];
		const where = first ? `${issuePath(first.path)}: ${first.message}` : "unexpected shape";
		return {
			ok: false,
			meta,
			failure: makeFailure({
				provider,
				ctx,
				meta,
				op,
				cls: "invalid",
				message: `unexpected response (${where}): ${snippet(decoded.text, ctx.redact)}`,
			}),
		};
	}
	return { ok: true, value: r.data, meta };
}

export function isOk(res: HttpResponse): boolean {
	return res.status >= 200 && res.status < 300;
}

// ---------------------------------------------------------------------------
// multipart/form-data

export type MultipartPart =
	| { name: string; value: string }
	| { name: string; filename: string; contentType: string; data: Uint8Array };

function randomBoundary(): string {
	const bytes = new Uint8Array(12);
	crypto.getRandomValues(bytes);
	return "----CineFlowBoundary" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function quoteParam(s: string): string {
	return s.replace(/[\r\n]+/g, " ").replace(/"/g, "%22");
}

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
	outer: for (let i = 0; i + needle.length <= hay.length; i++) {
		for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

/** Builds a multipart/form-data body; returns the bytes and the Content-Type with its boundary. */
export function buildMultipart(parts: MultipartPart[], boundary?: string): { body: Uint8Array; contentType: string } {
	const enc = new TextEncoder();
	let b = boundary ?? randomBoundary();
	if (!boundary) {
		for (let tries = 0; tries < 5; tries++) {
			const bb = enc.encode(b);
			if (!parts.some((p) => "data" in p && contains(p.data, bb))) break;
			b = randomBoundary();
		}
	}
	const chunks: Uint8Array[] = [];
	for (const p of parts) {
		let head = `--${b}\r\nContent-Disposition: form-data; name="${quoteParam(p.name)}"`;
		if ("data" in p) {
			head += `; filename="${quoteParam(p.filename)}"\r\nContent-Type: ${p.contentType}\r\n\r\n`;
			chunks.push(enc.encode(head), p.data, enc.encode("\r\n"));
		} else {
			head += `\r\n\r\n${p.value}\r\n`;
			chunks.push(enc.encode(head));
		}
	}
	chunks.push(enc.encode(`--${b}--\r\n`));
	const total = chunks.reduce((n, c) => n + c.length, 0);
	const body = new Uint8Array(total);
	let off = 0;
	for (const c of chunks) {
		body.set(c, off);
		off += c.length;
	}
	return { body, contentType: `multipart/form-data; boundary=${b}` };
}

// ---------------------------------------------------------------------------
// Small shared mappings

/** "1280x720" → [1280, 720]. */
export function sizeWH(size: string): [number, number] | undefined {
	const m = /^(\d+)\s*[x*×]\s*(\d+)$/i.exec(size.trim());
	if (!m) return undefined;
	return [Number(m[1]), Number(m[2])];
}

/** "720p" / "1080p" from a pixel size (the shorter side). */
export function resolutionLabel(size: string): string {
	const wh = sizeWH(size);
	if (!wh) return "720p";
	return `${Math.min(wh[0], wh[1])}p`;
}

export function aspectRatio(orientation: "horizontal" | "vertical"): string {
	return orientation === "vertical" ? "9:16" : "16:9";
}

/**
 * Validates a value already decoded (e.g. the `data` of an envelope whose `code`
 * was checked first). A mismatch is an `invalid` failure quoting `text`.
 */
export function validateValue<S extends z.ZodMiniType>(
	provider: string,
	value: unknown,
	text: string,
	schema: S,
	ctx: ProviderContext,
	meta: ResponseMeta,
	op: Op,
): { ok: true; value: z.infer<S> } | { ok: false; failure: Failure } {
	const r = schema.safeParse(value);
	if (r.success) return { ok: true, value: r.data };
	const first = r.error.issues[0];
	const where = first ? `${issuePath(first.path)}: ${first.message}` : "unexpected shape";
	return {
		ok: false,
		failure: makeFailure({
			provider,
			ctx,
			meta,
			op,
			cls: "invalid",
			message: `unexpected response (${where}): ${snippet(text, ctx.redact)}`,
		}),
	};
}

/** Text of a decoded JSON value for snippets. */
export function jsonText(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

const TRANSIENT_RE = /internal|server[ _-]?error|timed? ?out|temporar|unavailable|overload|try again|系统繁忙|超时/i;

/**
 * Class of a task that the provider reports as failed inside a 200 answer: quota
 * and policy by wording, server-side trouble as `outage`, anything else `invalid`.
 */
export function classifyTaskFailure(text: string): FailureClass {
	if (QUOTA_RE.test(text)) return "quota";
	if (POLICY_RE.test(text)) return "policy";
	if (TRANSIENT_RE.test(text)) return "outage";
	return "invalid";
}

// ---------------------------------------------------------------------------
// Task ids

function carriesKey(id: string, ctx: ProviderContext): boolean {
	const key = ctx.apiKey.trim();
	return key !== "" && (id.includes(key) || id.includes(encodeURIComponent(key)));
}

/**
 * A task id is stored in the journal (which syncs with the vault) and written to
 * the run log. One that contains the API key (a broken or hostile server echoing
 * it) is refused instead of being stored.
 */
export function guardCreate(provider: string, ctx: ProviderContext, o: CreateOutcome): CreateOutcome {
	if (!o.ok || !carriesKey(o.taskId, ctx)) return o;
	const failure = makeFailure({ provider, ctx, meta: o.meta, op: "create", cls: "invalid", message: "the provider answered with a task id that contains the API key; it is not stored" });
	return { ok: false, failure, meta: o.meta };
}

/** `guardCreate` for lookups: a matching task whose id carries the key is an error. */
export function guardLookup(provider: string, ctx: ProviderContext, o: LookupOutcome): LookupOutcome {
	if (o.found !== true || !carriesKey(o.taskId, ctx)) return o;
	const failure = makeFailure({ provider, ctx, meta: o.meta, op: "lookup", cls: "invalid", message: "the provider listed a task id that contains the API key; it is not used" });
	return { found: "error", failure, meta: o.meta };
}
