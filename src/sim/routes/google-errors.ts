/**
 * Google's error bodies as the Gemini API sends them (`{error:{code, message, status,
 * details}}`, https://ai.google.dev/gemini-api/docs/troubleshooting), shared by the
 * simulated Veo (predictLongRunning) and Gemini video (Interactions) routes. Only the
 * quota metric names and the concurrency wording differ between the two. Also what
 * else the two routes share: the key header, the `/v1beta` prefix, the operation poll
 * and the Files API download that redirects once.
 */
import { jsonRes, type ProviderSim, type RouteMatch, type SimResponse } from "../types";

/** What every Gemini API video route shares: the key header and a video that redirects once to its signed URL. */
export const googleVideoRoute: Pick<ProviderSim, "auth" | "downloadHops" | "content"> = {
	auth: "goog",
	downloadHops: 1,
	content: (task, x) => x.download(task, 1),
};

/** The path below `/v1beta`, or null for any other. */
export function v1betaPath(path: string): string | null {
	return path.startsWith("/v1beta/") ? path.slice("/v1beta".length) : null;
}

/** The routes below `/v1beta` both Google video sims answer: a long-running operation's poll and a Files API download. */
export function matchOperationOrFile(method: string, p: string): RouteMatch | null {
	const op = /^\/(models\/[^/]+\/operations\/[^/]+)$/.exec(p);
	if (op?.[1] && method === "GET") return { route: "poll", taskId: decodeURIComponent(op[1]) };
	const file = /^\/files\/([^/:]+):download$/.exec(p);
	if (file?.[1] && method === "GET") return { route: "download", taskId: `file:${decodeURIComponent(file[1])}` };
	return null;
}

export function gError(status: number, message: string, gstatus: string, details?: unknown[]): SimResponse {
	const error: Record<string, unknown> = { code: status, message, status: gstatus };
	if (details) error.details = details;
	return jsonRes(status, { error });
}

export interface GoogleErrorWording {
	/** The 429 body for too many concurrent generations. */
	capacity: string;
	/** The per-minute quota metric, its id and the 429 message. */
	rateMetric: string;
	rateQuotaId: string;
	rateMessage: string;
	/** The per-day quota metric and id. */
	dayMetric: string;
	dayQuotaId: string;
}

/** The error answers every Google route shares, in the route's own wording; `notFound` stays the route's. */
export function googleErrors(w: GoogleErrorWording): Omit<ProviderSim["errors"], "notFound"> {
	return {
		unauthorized(x) {
			if (!x.credential) {
				return gError(
					403,
					x.msg(
						"Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
					),
					"PERMISSION_DENIED",
				);
			}
			return gError(400, x.msg("API key not valid. Please pass a valid API key."), "INVALID_ARGUMENT", [
				{
					"@type": "type.googleapis.com/google.rpc.ErrorInfo",
					reason: "API_KEY_INVALID",
					domain: "googleapis.com",
					metadata: { service: "generativelanguage.googleapis.com" },
				},
			]);
		},
		capacity: (x) => gError(429, x.msg(w.capacity), "RESOURCE_EXHAUSTED"),
		rate(x, ra) {
			const details: unknown[] = [
				{ "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: w.rateMetric, quotaId: w.rateQuotaId }] },
			];
			if (ra !== undefined) details.push({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${ra}s` });
			return gError(429, x.msg(w.rateMessage), "RESOURCE_EXHAUSTED", details);
		},
		quota: (x) =>
			gError(429, x.msg("You exceeded your current quota, please check your plan and billing details."), "RESOURCE_EXHAUSTED", [
				{ "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: w.dayMetric, quotaId: w.dayQuotaId }] },
			]),
		server: (x, status) =>
			status === 503
				? gError(503, x.msg("The model is overloaded. Please try again later."), "UNAVAILABLE")
				: gError(
						status,
						x.msg("An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"),
						"INTERNAL",
					),
	};
}
