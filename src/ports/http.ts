/**
 * One HTTP interface for the whole core. The Obsidian adapter implements it with
 * `requestUrl` (throw: false), the CLI adapter with Node's fetch, and the
 * simulator's in-process transport calls the simulated server directly.
 *
 * Adapters never log headers or bodies; whatever they put in an error message has
 * passed through the redactor.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "HEAD";

export interface HttpRequest {
	method: HttpMethod;
	url: string;
	headers?: Record<string, string>;
	body?: string | Uint8Array;
	/** Give up after this long (the adapter races a timer when the platform has none). */
	timeoutMs?: number;
	/**
	 * Give up when nothing arrives for this long: neither the headers nor a byte of
	 * the body ("timeout", a stalled download). Adapters that cannot stream (the
	 * plugin's requestUrl) ignore it and rely on `timeoutMs` alone.
	 */
	idleTimeoutMs?: number;
	/** Refuse bodies larger than this; adapters that stream stop reading early. */
	maxBytes?: number;
}

export interface HttpResponse {
	status: number;
	/** Header names are lower-case. */
	headers: Record<string, string>;
	body: Uint8Array;
	/**
	 * Set when the adapter followed redirects on its own (requestUrl does); the core
	 * then cannot enforce its redirect policy and says so.
	 */
	redirected?: boolean;
}

export type TransportErrorKind = "timeout" | "network" | "aborted" | "too-large";

/** A request that produced no HTTP response at all. */
export class HttpTransportError extends Error {
	readonly kind: TransportErrorKind;
	constructor(kind: TransportErrorKind, message: string) {
		super(message);
		this.name = "HttpTransportError";
		this.kind = kind;
	}
}

export interface HttpPort {
	request(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
}

const decoder = new TextDecoder();

export function bodyText(res: HttpResponse): string {
	return decoder.decode(res.body);
}
