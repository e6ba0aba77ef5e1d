/**
 * Google's error bodies for the Gemini API (Veo operations and the Interactions
 * API alike): `{error:{code, message, status, details[]}}`, read per
 * https://ai.google.dev/gemini-api/docs/troubleshooting (checked 2026-12-03).
 *
 * - 429 RESOURCE_EXHAUSTED: a RetryInfo `retryDelay` ("37s") becomes retryAfterMs;
 *   a QuotaFailure violation whose quotaId names a per-day quota is `quota`
 *   (spent until tomorrow), otherwise `rate`/`capacity` as `classify` decides.
 * - 400 INVALID_ARGUMENT → invalid (API_KEY_INVALID → auth, by its ErrorInfo reason);
 *   400 FAILED_PRECONDITION about billing → quota.
 * - 403 PERMISSION_DENIED → auth; 404 NOT_FOUND "models/x is not found … or is not
 *   supported" → retired; 500 INTERNAL / 503 UNAVAILABLE / 504 → outage.
 *
 * The Interactions SDK types its error as `{code: string, message}`; a string code
 * is read like a status name.
 */
import type { HttpResponse } from "../../ports/http";
import { classify, makeFailure, type Op } from "./classify";
import { decodeJson, httpFailure, type ErrorReader } from "./decode";
import { readMeta } from "./meta";
import { isRecord } from "../values";
import type { Failure, ProviderContext, ResponseMeta } from "./types";

/** The Gemini API key header (the key never goes into a URL). */
export function googKey(ctx: ProviderContext): Record<string, string> {
	return { "x-goog-api-key": ctx.apiKey };
}

/** A protobuf Duration as JSON ("37s", "1.5s") → ms. */
export function durationMs(v: unknown): number | undefined {
	if (typeof v !== "string") return undefined;
	const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
	return m ? Math.ceil(Number(m[1]) * 1000) : undefined;
}

/** True when a Google error (numeric `code`, status names in `text`) is the server's trouble, not the request's. */
export function googleServerSide(code: unknown, text: string): boolean {
	return (typeof code === "number" && code >= 500) || /INTERNAL|UNAVAILABLE|DEADLINE_EXCEEDED/.test(text);
}

/** `googleErrorFailure` for one provider, as an adapter's error reader. */
export function googleErrors(provider: string): ErrorReader {
	return (res, ctx, op) => googleErrorFailure(provider, res, ctx, op);
}

const PER_DAY = /per[_ -]?day|perday/i;

/** A failure for a non-2xx Gemini API answer; never throws. */
export function googleErrorFailure(provider: string, res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const meta = readMeta(res, ctx);
	const decoded = decodeJson(res);
	if (!decoded.ok || !isRecord(decoded.value) || !isRecord(decoded.value.error)) {
		return { failure: httpFailure(provider, res, ctx, meta, op), meta };
	}
	const err = decoded.value.error;
	const details = Array.isArray(err.details) ? (err.details as unknown[]) : [];
	const hints: string[] = [];
	let perDay = false;
	for (const d of details) {
		if (!isRecord(d)) continue;
		const ra = durationMs(d.retryDelay);
		if (ra !== undefined && meta.retryAfterMs === undefined) meta.retryAfterMs = ra;
		if (typeof d.reason === "string") hints.push(d.reason);
		if (Array.isArray(d.violations)) {
			for (const v of d.violations as unknown[]) {
				if (!isRecord(v)) continue;
				const q = `${typeof v.quotaId === "string" ? v.quotaId : ""} ${typeof v.quotaMetric === "string" ? v.quotaMetric : ""}`;
				if (PER_DAY.test(q)) perDay = true;
			}
		}
	}
	const message = typeof err.message === "string" && err.message.trim() ? err.message : `HTTP ${res.status}`;
	const code = typeof err.status === "string" && err.status ? err.status : typeof err.code === "string" && err.code ? err.code : undefined;
	const hint = hints.join(" ");
	let cls = classify({ status: res.status, op, text: `${code ?? ""} ${hint} ${message}`, retryAfterMs: meta.retryAfterMs });
	// A daily quota is spent until tomorrow: stop the run rather than wait.
	if (res.status === 429 && perDay) cls = "quota";
	else if (res.status === 429 && cls === "quota" && meta.retryAfterMs !== undefined) cls = "rate";
	return { failure: makeFailure({ provider, ctx, meta, op, message, code, hint, cls }), meta };
}
