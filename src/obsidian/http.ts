/**
 * HttpPort for the plugin, on Obsidian's `requestUrl` (no CORS limits, works on
 * mobile). Called with `throw: false` so every HTTP status comes back as a response.
 *
 * Limits of requestUrl and how they are handled:
 * - It has no timeout and cannot be cancelled: we race a `window.setTimeout` timer
 *   (and the caller's AbortSignal) and reject with HttpTransportError("timeout" /
 *   "aborted"). The request itself keeps running in the background and its result
 *   is discarded.
 * - It follows redirects itself and does not say so, so `redirected` is left
 *   undefined (not knowable).
 * - It refuses a Content-Length header: we never send one.
 * - It cannot stream: `maxBytes` is checked after the whole body has arrived, and
 *   `idleTimeoutMs` (no progress for that long) cannot be observed, so a stalled
 *   download is bounded only by `timeoutMs`, the overall limit the core scales
 *   with the video's expected size.
 * Network failures (requestUrl rejects, e.g. net::ERR_CONNECTION_REFUSED) become
 * HttpTransportError("network") with a redacted message. Nothing here logs.
 */
import { requestUrl, type RequestUrlParam, type RequestUrlResponse } from "obsidian";
import { redactPatterns, t } from "../core";
import { HttpTransportError, type HttpPort, type HttpRequest, type HttpResponse } from "../ports/http";

export type RequestUrlFn = (param: RequestUrlParam) => Promise<RequestUrlResponse>;

const DEFAULT_TIMEOUT_MS = 60_000;

function toArrayBuffer(body: Uint8Array): ArrayBuffer {
	const out = new ArrayBuffer(body.byteLength);
	new Uint8Array(out).set(body);
	return out;
}

function message(err: unknown): string {
	if (err instanceof Error) return err.message;
	return typeof err === "string" ? err : t("plugin.http.failed");
}

export function createObsidianHttp(requestUrlFn: RequestUrlFn = requestUrl): HttpPort {
	return {
		request(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
			if (signal?.aborted) return Promise.reject(new HttpTransportError("aborted", t("plugin.http.aborted")));
			const headers: Record<string, string> = {};
			let contentType: string | undefined;
			for (const [k, v] of Object.entries(req.headers ?? {})) {
				const lower = k.toLowerCase();
				if (lower === "content-length") continue;
				if (lower === "content-type") {
					contentType = v;
					continue;
				}
				headers[k] = v;
			}
			const param: RequestUrlParam = { url: req.url, method: req.method, headers, throw: false };
			if (contentType !== undefined) param.contentType = contentType;
			if (req.body !== undefined) param.body = typeof req.body === "string" ? req.body : toArrayBuffer(req.body);
			const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;

			return new Promise<HttpResponse>((resolve, reject) => {
				let settled = false;
				const finish = (fn: () => void) => {
					if (settled) return;
					settled = true;
					window.clearTimeout(timer);
					signal?.removeEventListener("abort", onAbort);
					fn();
				};
				const timer = window.setTimeout(() => {
					finish(() => reject(new HttpTransportError("timeout", t("plugin.http.timeout", { ms: timeoutMs }))));
				}, timeoutMs);
				const onAbort = () => finish(() => reject(new HttpTransportError("aborted", t("plugin.http.aborted"))));
				signal?.addEventListener("abort", onAbort, { once: true });

				let pending: Promise<RequestUrlResponse>;
				try {
					pending = requestUrlFn(param);
				} catch (err) {
					finish(() => reject(new HttpTransportError("network", redactPatterns(message(err)).slice(0, 500))));
					return;
				}
				pending.then(
					(res) => {
						finish(() => {
							const out: Record<string, string> = {};
							for (const [k, v] of Object.entries(res.headers ?? {})) out[k.toLowerCase()] = v;
							const body = new Uint8Array(res.arrayBuffer ?? new ArrayBuffer(0));
							if (req.maxBytes !== undefined && body.length > req.maxBytes) {
								reject(new HttpTransportError("too-large", t("plugin.http.tooLarge", { bytes: body.length, limit: req.maxBytes })));
								return;
							}
							resolve({ status: res.status, headers: out, body });
						});
					},
					(err: unknown) => {
						finish(() => reject(new HttpTransportError("network", redactPatterns(message(err)).slice(0, 500))));
					},
				);
			});
		},
	};
}
