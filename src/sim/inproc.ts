/**
 * In-process transport: an HttpPort that calls the simulator directly. No real
 * timers, so it runs under a VirtualClock. Faults that need a socket become what a
 * client would see: a dropped connection is HttpTransportError("network"), a
 * truncated download is a short body with the full Content-Length header.
 */
import { HttpTransportError, type HttpPort, type HttpRequest, type HttpResponse } from "../ports/http";
import type { SimResponse } from "./types";

/** Turns a SimResponse into what an in-process client receives. */
export function clientView(res: SimResponse): HttpResponse {
	if (res.fault === "drop") throw new HttpTransportError("network", "simulated connection reset (socket hang up)");
	if (res.stall) throw new HttpTransportError("timeout", "simulated stalled download (no progress)");
	const headers = { ...res.headers };
	let body = res.body;
	if (res.fault === "truncate") body = body.slice(0, Math.floor(body.length / 2));
	else body = body.slice();
	return { status: res.status, headers, body };
}

export function inprocTransport(handle: (req: HttpRequest) => SimResponse): HttpPort {
	return {
		request(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
			if (signal?.aborted) return Promise.reject(new HttpTransportError("aborted", "request aborted"));
			try {
				const res = clientView(handle(req));
				if (req.maxBytes !== undefined && res.body.length > req.maxBytes) {
					return Promise.reject(new HttpTransportError("too-large", `response body is larger than ${req.maxBytes} bytes`));
				}
				return Promise.resolve(res);
			} catch (err) {
				return Promise.reject(err instanceof Error ? err : new Error(String(err)));
			}
		},
	};
}
