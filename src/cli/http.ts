/**
 * HttpPort for the Node CLI, on undici's fetch.
 * - Proxies: EnvHttpProxyAgent honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (read
 *   when the port is created).
 * - Redirects are not followed (`redirect: "manual"`): the core follows them with its
 *   own policy (scheme allow-list, hop limit, key headers dropped across origins).
 * - `timeoutMs` covers the whole exchange including the body → "timeout";
 *   `idleTimeoutMs` (no headers, or no body byte, for that long: a stalled
 *   download) → "timeout"; the caller's signal → "aborted"; connection errors →
 *   "network"; a body over
 *   `maxBytes` (announced by Content-Length, or seen while streaming) → "too-large".
 * It never logs; error messages are redacted by pattern (keys, bearer tokens,
 * signed-URL signatures).
 */
import { redactPatterns, t } from "../core";
import { Agent, EnvHttpProxyAgent, fetch, type Dispatcher } from "undici";
import { HttpTransportError, type HttpPort, type HttpRequest, type HttpResponse } from "../ports/http";

export interface NodeHttpOptions {
	/** A dispatcher of your own (tests, custom TLS); default EnvHttpProxyAgent. */
	dispatcher?: Dispatcher;
	/** Ignore proxy variables and connect directly. */
	direct?: boolean;
	/** Default timeout when a request has none (ms); default 60 s. */
	defaultTimeoutMs?: number;
}

function describe(err: unknown): string {
	if (!(err instanceof Error)) return String(err);
	const cause = (err as Error & { cause?: unknown }).cause;
	if (cause instanceof Error) {
		const code = (cause as Error & { code?: unknown }).code;
		return `${err.message}: ${typeof code === "string" ? `${code} ` : ""}${cause.message}`;
	}
	return err.message;
}

export function createNodeHttp(opts: NodeHttpOptions = {}): HttpPort & { close(): Promise<void> } {
	const dispatcher: Dispatcher = opts.dispatcher ?? (opts.direct ? new Agent() : new EnvHttpProxyAgent());
	const owned = !opts.dispatcher;

	async function request(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
		if (signal?.aborted) throw new HttpTransportError("aborted", t("cli.http.aborted"));
		const timeoutMs = req.timeoutMs ?? opts.defaultTimeoutMs ?? 60_000;
		const ctl = new AbortController();
		let timedOut = false;
		let stalled = false;
		const timer = setTimeout(() => {
			timedOut = true;
			ctl.abort();
		}, timeoutMs);
		// No progress (headers withheld, or a body that stops) for idleTimeoutMs: give up.
		const idleMs = req.idleTimeoutMs;
		let idle: ReturnType<typeof setTimeout> | undefined;
		const progressed = () => {
			if (idleMs === undefined) return;
			if (idle !== undefined) clearTimeout(idle);
			idle = setTimeout(() => {
				stalled = true;
				ctl.abort();
			}, idleMs);
		};
		progressed();
		const onAbort = () => ctl.abort();
		signal?.addEventListener("abort", onAbort, { once: true });
		const fail = (err: unknown): HttpTransportError => {
			if (err instanceof HttpTransportError) return err;
			if (stalled) return new HttpTransportError("timeout", t("cli.http.stalled", { ms: idleMs ?? 0 }));
			if (timedOut) return new HttpTransportError("timeout", t("cli.http.timeout", { ms: timeoutMs }));
			if (signal?.aborted) return new HttpTransportError("aborted", t("cli.http.aborted"));
			return new HttpTransportError("network", redactPatterns(describe(err)).slice(0, 500));
		};
		try {
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() !== "content-length") headers[k] = v;
			const res = await fetch(req.url, {
				method: req.method,
				headers,
				body: req.method === "GET" || req.method === "HEAD" ? undefined : req.body,
				redirect: "manual",
				signal: ctl.signal,
				dispatcher,
			});
			progressed();
			const outHeaders: Record<string, string> = {};
			res.headers.forEach((v, k) => {
				outHeaders[k.toLowerCase()] = v;
			});
			const max = req.maxBytes;
			const announced = outHeaders["content-length"];
			if (max !== undefined && announced !== undefined && Number(announced) > max) {
				await res.body?.cancel().catch(() => undefined);
				throw new HttpTransportError("too-large", t("cli.http.tooLarge", { bytes: announced, max }));
			}
			const chunks: Uint8Array[] = [];
			let total = 0;
			if (res.body) {
				const reader = res.body.getReader();
				for (;;) {
					const { done, value } = await reader.read();
					if (done) break;
					progressed();
					total += value.length;
					if (max !== undefined && total > max) {
						await reader.cancel().catch(() => undefined);
						throw new HttpTransportError("too-large", t("cli.http.bodyTooLarge", { max }));
					}
					chunks.push(value);
				}
			}
			const body = new Uint8Array(total);
			let off = 0;
			for (const c of chunks) {
				body.set(c, off);
				off += c.length;
			}
			return { status: res.status, headers: outHeaders, body };
		} catch (err) {
			throw fail(err);
		} finally {
			clearTimeout(timer);
			if (idle !== undefined) clearTimeout(idle);
			signal?.removeEventListener("abort", onAbort);
		}
	}

	return {
		request,
		async close(): Promise<void> {
			if (owned) await dispatcher.close();
		},
	};
}
