/**
 * Facts read from a response without looking at its status: request ids,
 * Retry-After and poll hints, progress, and the expiry written into signed URLs.
 */
import type { HttpResponse } from "../../ports/http";
import { redactPatterns } from "../redact";
import { isRecord } from "../values";
import type { ProviderContext, ResponseMeta } from "./types";

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
 * Volcengine TOS `X-Tos-Date`+`X-Tos-Expires`, or `Expires=<epoch seconds>` (OSS,
 * CloudFront, GCS v2).
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
	for (const p of ["x-amz", "x-goog", "x-tos"]) {
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
