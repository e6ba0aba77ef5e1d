/**
 * The one place a provider error becomes a FailureClass, and the redacted message
 * that goes with it. Wording checks cover English and Chinese provider texts.
 */
import { HttpTransportError, type TransportErrorKind } from "../../ports/http";
import { t, type MessageKey } from "../i18n";
import { type Redactor } from "../redact";
import { isRecord } from "../values";
import type { Failure, FailureClass, ProviderContext, ResponseMeta } from "./types";

/** Which call a response answers; 429s are read differently on a create and a poll. */
export type Op = "create" | "poll" | "lookup";

const QUOTA_RE =
	/insufficient[ _-]?(balance|quota|user[ _-]?quota|funds|credit)|exceeded your current quota|billing|余额不足|额度不足|arrearage|credit balance|used all available credits|spending limit|payment required/i;
const AUTH_RE =
	/invalid[ _-]?api[ _-]?key|incorrect api key|api[ _-]?key[ _-]not[ _-]valid|api_key_invalid|invalidapikey|unauthenticated|无效的令牌|令牌.*(无效|过期)|密钥无效/i;
const CAPACITY_RE = /concurren|并发|负载已饱和|too many (tasks|jobs|running|active|pending|in-flight|video)|任务数|in[- ]flight|queue is full/i;
const RATE_RE =
	/rate[ _-]?limit|ratequota|too many requests|requests? per (minute|second|day)|per minute|slow[ _]down|\brpm\b|\brps\b|\btpm\b|频繁|频率|请求数限制|限流/i;
const POLICY_RE =
	/moderation|content[ _-]?(policy|filter|moderat)|safety|violat|datainspectionfailed|inappropriate|nsfw|nudity|sexual|违反|违规|敏感|审核|rai[ _-]?media[ _-]?filtered|responsible ai|blocked by|prohibited/i;

/**
 * "This model is gone": not found, no longer available, not supported, shut down.
 * Relays answer `fail_to_fetch_task` with an inner 404 "is no longer available"
 * once an upstream model is gone.
 */
const RETIRED_RE =
	/\bmodels?\b[^\n]{0,80}?\b(not found|does not exist|doesn't exist|no longer (available|supported|exists|served)|not supported|is unsupported|(has been|was|been) (deprecated|retired|shut ?down|discontinued|removed)|not available)|model[_ ]not[_ ]found|unsupported[ _-]model|invalid[ _-]model|no such model|is no longer available|模型不存在|模型.{0,12}(已下线|下线|已停用|停用|不可用|不支持|不存在)/i;

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
	if ((status === undefined || status === 400 || status === 404 || status === 410 || status === 422) && RETIRED_RE.test(text)) return "retired";
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
export function isRetiredText(text: string): boolean {
	return RETIRED_RE.test(text);
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
export function failureMessage(provider: string, label: string, requestId: string | undefined, message: string, redact: Redactor): string {
	const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) + "…" : s);
	// Redact before cutting: a cut through the middle of a key would leave a prefix
	// the redactor no longer recognizes.
	const params = { provider, label: cut(redact(label), 200), message: cut(redact(message), 2000) };
	return requestId ? t("provider.failureWithRequest", { ...params, request: cut(redact(requestId), 200) }) : t("provider.failure", params);
}

export function makeFailure(a: FailureArgs): Failure {
	const status = a.status ?? a.meta.status;
	const msg = a.message?.trim() || `HTTP ${status}`;
	// Numeric codes (Sora.hk 429, Google 400) repeat the label; only names add information.
	const withCode = a.code && !/^\d+$/.test(a.code) && !msg.includes(a.code) ? `${a.code}: ${msg}` : msg;
	const cls = a.cls ?? classify({ status, op: a.op, text: `${a.code ?? ""} ${a.hint ?? ""} ${msg}`, retryAfterMs: a.meta.retryAfterMs });
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

const TRANSPORT: Record<TransportErrorKind, MessageKey> = {
	timeout: "provider.transport.timeout",
	network: "provider.transport.network",
	aborted: "provider.transport.aborted",
	"too-large": "provider.transport.tooLarge",
};

/** A transport error (no HTTP response) as an `outage` failure. */
export function transportFailure(provider: string, err: unknown, redact: Redactor): Failure {
	const kind = err instanceof HttpTransportError ? err.kind : "network";
	const msg = err instanceof Error ? err.message : String(err);
	return { cls: "outage", message: redact(t(TRANSPORT[kind], { provider, message: msg })).slice(0, 500) };
}

const TRANSIENT_RE = /internal|server[ _-]?error|timed? ?out|temporar|unavailable|overload|try again|系统繁忙|超时/i;

/**
 * Class of a task that the provider reports as failed inside a 200 answer: quota
 * and policy by wording, server-side trouble as `outage`, anything else `invalid`.
 */
export function classifyTaskFailure(text: string): FailureClass {
	if (QUOTA_RE.test(text)) return "quota";
	if (RETIRED_RE.test(text)) return "retired";
	if (POLICY_RE.test(text)) return "policy";
	if (TRANSIENT_RE.test(text)) return "outage";
	return "invalid";
}
