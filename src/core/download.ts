/**
 * Fetching a finished video: redirects followed by our own policy (http(s) only,
 * at most 5 hops, credentials dropped when the host changes), then checks before
 * anything is written: status, size cap, Content-Length match, non-empty, and an
 * MP4 or WebM signature (an HTML error page served with 200 is not a video).
 * A `data:video/…;base64,…` URL (a provider that returns the video inline, e.g.
 * Gemini Omni) is decoded here without any network, under the same cap and checks.
 */
import { HttpTransportError, type HttpPort, type HttpRequest, type HttpResponse } from "../ports/http";
import { t } from "./i18n";
import type { DownloadRequest } from "./providers/types";
import type { Redactor } from "./redact";
import { fromBase64 } from "./values";

export type DownloadResult =
	| { ok: true; bytes: Uint8Array }
	/** Worth trying again from the same URL (truncated, 5xx, connection lost, HTML page). */
	| { ok: false; kind: "retry"; message: string }
	/**
	 * The server refused the link (401/403/404/410): ask the provider for a fresh one.
	 * Only the server's answer counts: an advertised expiry in the past (or a client
	 * clock that runs ahead) never stops an attempt.
	 */
	| { ok: false; kind: "expired"; message: string }
	/** Will not work however often it is tried (too large, bad redirect, 4xx). */
	| { ok: false; kind: "fatal"; message: string };

export interface DownloadOptions {
	maxBytes: number;
	/** Overall limit for one attempt (the caller scales it with the expected size). */
	timeoutMs: number;
	/** No-progress limit: no headers, or no byte of the body, for this long. */
	idleTimeoutMs?: number;
	redact: Redactor;
	/** Not used to judge a link: an advertised expiry never stops an attempt (the server decides). */
	now?: number;
	maxRedirects?: number;
	signal?: AbortSignal;
}

const SENSITIVE = ["authorization", "x-goog-api-key", "x-api-key", "api-key"];

export function isVideo(bytes: Uint8Array): "mp4" | "webm" | null {
	if (bytes.length >= 12) {
		const box = String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0, bytes[6] ?? 0, bytes[7] ?? 0);
		if (["ftyp", "moov", "mdat", "free", "wide", "skip"].includes(box)) return "mp4";
	}
	if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return "webm";
	return null;
}

function looksLikeHtml(bytes: Uint8Array): boolean {
	const head = new TextDecoder().decode(bytes.subarray(0, 256)).trimStart().toLowerCase();
	return head.startsWith("<!doctype") || head.startsWith("<html") || head.startsWith("<?xml") || head.startsWith("{");
}

function hostOf(url: string): string | null {
	try {
		return new URL(url).host;
	} catch {
		return null;
	}
}

function human(n: number): string {
	if (n >= 1024 ** 3) return t("run.size.gb", { size: (n / 1024 ** 3).toFixed(1) });
	if (n >= 1024 ** 2) return t("run.size.mb", { size: (n / 1024 ** 2).toFixed(1) });
	return t("run.size.bytes", { count: n });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes an inline `data:…;base64,…` video under `maxBytes`; every failure is final (there is nothing to re-fetch). */
export function decodeDataVideo(url: string, maxBytes: number): DownloadResult {
	const comma = url.indexOf(",");
	if (!/^data:/i.test(url) || comma < 0 || !/;base64$/i.test(url.slice(5, comma))) {
		return { ok: false, kind: "fatal", message: t("run.download.inlineNotBase64") };
	}
	const b64 = url
		.slice(comma + 1)
		.replace(/\s+/g, "")
		.replace(/-/g, "+")
		.replace(/_/g, "/");
	const pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
	const size = Math.floor((b64.length * 3) / 4) - pad;
	if (size > maxBytes) return { ok: false, kind: "fatal", message: t("run.download.tooLargeSize", { size: human(size), cap: human(maxBytes) }) };
	if (!BASE64.test(b64) || b64.length % 4 === 1) return { ok: false, kind: "fatal", message: t("run.download.inlineBadBase64") };
	let bytes: Uint8Array;
	try {
		bytes = fromBase64(b64);
	} catch {
		return { ok: false, kind: "fatal", message: t("run.download.inlineBadBase64") };
	}
	if (bytes.length === 0) return { ok: false, kind: "fatal", message: t("run.download.inlineEmpty") };
	if (!isVideo(bytes)) return { ok: false, kind: "fatal", message: t(looksLikeHtml(bytes) ? "run.download.inlineErrorPage" : "run.download.inlineNotVideo") };
	return { ok: true, bytes };
}

export async function downloadVideo(http: HttpPort, req: DownloadRequest, opts: DownloadOptions): Promise<DownloadResult> {
	const redact = opts.redact;
	const maxRedirects = opts.maxRedirects ?? 5;
	if (/^data:/i.test(req.url)) return decodeDataVideo(req.url, opts.maxBytes);
	let url = req.url;
	let headers = { ...req.headers };
	const origin = hostOf(url);
	for (let hop = 0; ; hop++) {
		if (!/^https?:\/\//i.test(url)) return { ok: false, kind: "fatal", message: t("run.download.notHttp", { url: redact(url).slice(0, 120) }) };
		const r: HttpRequest = { method: "GET", url, headers, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes };
		if (opts.idleTimeoutMs !== undefined) r.idleTimeoutMs = opts.idleTimeoutMs;
		let res: HttpResponse;
		try {
			res = await http.request(r, opts.signal);
		} catch (err) {
			if (err instanceof HttpTransportError) {
				if (err.kind === "too-large") return { ok: false, kind: "fatal", message: t("run.download.tooLarge", { cap: human(opts.maxBytes) }) };
				if (err.kind === "aborted") throw err;
				return {
					ok: false,
					kind: "retry",
					message: t(err.kind === "timeout" ? "run.download.timedOut" : "run.download.connectionFailed", { detail: redact(err.message) }),
				};
			}
			throw err;
		}
		if (res.status >= 300 && res.status < 400 && res.status !== 304) {
			const loc = res.headers["location"];
			if (!loc) return { ok: false, kind: "fatal", message: t("run.download.redirectNoLocation", { status: res.status }) };
			if (hop + 1 > maxRedirects) return { ok: false, kind: "fatal", message: t("run.download.tooManyRedirects", { max: maxRedirects }) };
			let next: string;
			try {
				next = new URL(loc, url).toString();
			} catch {
				return { ok: false, kind: "fatal", message: t("run.download.redirectInvalid") };
			}
			if (!/^https?:\/\//i.test(next))
				return { ok: false, kind: "fatal", message: t("run.download.redirectNotHttp", { url: redact(next).slice(0, 80) }) };
			if (hostOf(next) !== origin) {
				headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !SENSITIVE.includes(k.toLowerCase())));
			}
			url = next;
			continue;
		}
		if (res.status === 401 || res.status === 403 || res.status === 404 || res.status === 410) {
			return { ok: false, kind: "expired", message: t("run.download.expired", { status: res.status }) };
		}
		if (res.status >= 500 || res.status === 429 || res.status === 408)
			return { ok: false, kind: "retry", message: t("run.download.answered", { status: res.status }) };
		if (res.status !== 200 && res.status !== 206) return { ok: false, kind: "fatal", message: t("run.download.answered", { status: res.status }) };
		const declared = res.headers["content-length"];
		const body = res.body;
		if (declared !== undefined) {
			const n = Number(declared);
			if (Number.isFinite(n) && n > opts.maxBytes)
				return { ok: false, kind: "fatal", message: t("run.download.tooLargeSize", { size: human(n), cap: human(opts.maxBytes) }) };
			if (Number.isFinite(n) && n !== body.length)
				return { ok: false, kind: "retry", message: t("run.download.incomplete", { got: body.length, count: n }) };
		}
		if (body.length > opts.maxBytes) return { ok: false, kind: "fatal", message: t("run.download.tooLarge", { cap: human(opts.maxBytes) }) };
		if (body.length === 0) return { ok: false, kind: "retry", message: t("run.download.empty") };
		if (!isVideo(body)) {
			const type = res.headers["content-type"];
			const key = looksLikeHtml(body)
				? type
					? "run.download.errorPage"
					: "run.download.errorPageNoType"
				: type
					? "run.download.notVideo"
					: "run.download.notVideoNoType";
			return { ok: false, kind: "retry", message: t(key, { type: type ?? "" }) };
		}
		return { ok: true, bytes: body };
	}
}
