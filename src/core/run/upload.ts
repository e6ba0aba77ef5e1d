/**
 * Uploaders for URL-only providers (Sora.hk `image_url`): the reference image is
 * put somewhere the provider can fetch it, and the provider gets that URL.
 *
 * - http: a generic endpoint. PUT sends the bytes as the body; POST sends
 *   multipart/form-data with a `file` field. `{name}` in the URL is replaced by a
 *   unique file name. The URL comes from the JSON answer (`responseField`, a dot
 *   path), else the Location header, else a plain-text body that is a URL.
 *   An optional token is sent as `Authorization: Bearer …`.
 * - s3: a presigned PUT (SigV4) to an S3-compatible bucket; the provider gets the
 *   bucket's public URL when one is set, else a presigned GET URL.
 *
 * Names are content-addressed (`<sha256 prefix>-<file name>`), so the same image
 * is stored once. Every message is redacted.
 */
import { language, t } from "../i18n";
import { formatValues } from "../i18n/format";
import type { HttpPort, HttpResponse } from "../../ports/http";
import { bodyText, HttpTransportError } from "../../ports/http";
import { sha256Bytes } from "../hash";
import type { Redactor } from "../redact";
import type { Settings } from "../settings";
import { presignUrl, uriEncode } from "./sigv4";

export type Uploader = (bytes: Uint8Array, mime: string, name: string) => Promise<string>;

export class UploadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "UploadError";
	}
}

export interface UploaderSecrets {
	/** Bearer token for the http uploader (optional). */
	token?: string | null;
	/** S3 credentials. */
	accessKeyId?: string | null;
	secretAccessKey?: string | null;
}

export interface UploaderDeps {
	http: HttpPort;
	now: () => number;
	redact: Redactor;
	secrets: UploaderSecrets;
	timeoutMs?: number;
}

const EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** `<first 16 hex of sha256>-<safe name>.<ext>`. */
export function uploadName(bytes: Uint8Array, mime: string, name: string): string {
	const stem =
		name
			.replace(/\.[^.]*$/, "")
			.replace(/[^A-Za-z0-9_-]+/g, "-")
			.replace(/^-+|-+$/g, "")
			.slice(0, 60) || "image";
	return `${sha256Bytes(bytes).slice(0, 16)}-${stem}.${EXT[mime] ?? "bin"}`;
}

function pick(value: unknown, path: string): unknown {
	let v = value;
	for (const k of path.split(".").filter((x) => x !== "")) {
		if (typeof v !== "object" || v === null) return undefined;
		v = (v as Record<string, unknown>)[k];
	}
	return v;
}

function isHttpUrl(s: unknown): s is string {
	return typeof s === "string" && /^https?:\/\/[^\s]+$/i.test(s.trim());
}

async function send(deps: UploaderDeps, what: string, req: Parameters<HttpPort["request"]>[0]): Promise<HttpResponse> {
	try {
		return await deps.http.request({ timeoutMs: deps.timeoutMs ?? 120_000, ...req });
	} catch (err) {
		const m = err instanceof HttpTransportError ? `${err.kind}: ${err.message}` : err instanceof Error ? err.message : String(err);
		throw new UploadError(deps.redact(t("run.upload.failed", { host: what, detail: m })));
	}
}

/** Where an upload went: an HTTP endpoint's host, or an S3 bucket at a host. */
type Target = { host: string; bucket?: string };

function failed(deps: UploaderDeps, to: Target, res: HttpResponse): UploadError {
	const said = bodyText(res).replace(/\s+/g, " ").trim().slice(0, 200);
	const key =
		to.bucket !== undefined ? (said ? "run.upload.s3AnsweredSaid" : "run.upload.s3Answered") : said ? "run.upload.answeredSaid" : "run.upload.answered";
	return new UploadError(deps.redact(t(key, { host: to.host, bucket: to.bucket ?? "", status: res.status, said })));
}

function multipart(bytes: Uint8Array, mime: string, filename: string): { body: Uint8Array; type: string } {
	const boundary = `----cineflow${sha256Bytes(bytes).slice(0, 24)}`;
	const enc = new TextEncoder();
	// i18n-ignore: multipart wire format
	const head = enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`);
	const tail = enc.encode(`\r\n--${boundary}--\r\n`);
	const body = new Uint8Array(head.length + bytes.length + tail.length);
	body.set(head, 0);
	body.set(bytes, head.length);
	body.set(tail, head.length + bytes.length);
	return { body, type: `multipart/form-data; boundary=${boundary}` }; // i18n-ignore: HTTP header value
}

function httpUploader(cfg: Settings["uploader"], deps: UploaderDeps): Uploader {
	const endpoint = cfg.url.trim();
	return async (bytes, mime, name) => {
		const file = uploadName(bytes, mime, name);
		const url = endpoint.includes("{name}") ? endpoint.replace(/\{name\}/g, encodeURIComponent(file)) : endpoint;
		const what = new URL(url).host;
		const auth: Record<string, string> = deps.secrets.token ? { Authorization: `Bearer ${deps.secrets.token}` } : {};
		let res: HttpResponse;
		if (cfg.method === "PUT") {
			res = await send(deps, what, { method: "PUT", url, headers: { "Content-Type": mime, ...auth }, body: bytes });
		} else {
			const mp = multipart(bytes, mime, file);
			res = await send(deps, what, { method: "POST", url, headers: { "Content-Type": mp.type, ...auth }, body: mp.body });
		}
		if (res.status < 200 || res.status > 299) throw failed(deps, { host: what }, res);
		const text = bodyText(res).trim();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		const fromJson = json === undefined ? undefined : pick(json, cfg.responseField || "url");
		const found = [fromJson, res.headers.location, json === undefined ? text : undefined].find(isHttpUrl);
		if (!found) {
			throw new UploadError(deps.redact(t("run.upload.noUrl", { host: what, status: res.status, field: cfg.responseField || "url" })));
		}
		return found.trim();
	};
}

function s3Uploader(cfg: Settings["uploader"], deps: UploaderDeps): Uploader {
	const accessKeyId = deps.secrets.accessKeyId ?? "";
	const secretAccessKey = deps.secrets.secretAccessKey ?? "";
	return async (bytes, mime, name) => {
		const key = `${cfg.s3Prefix}${uploadName(bytes, mime, name)}`;
		const endpoint = new URL(cfg.s3Endpoint.trim());
		const prefix = endpoint.pathname.replace(/\/+$/, "");
		const base = cfg.s3PathStyle
			? `${endpoint.origin}${prefix}/${uriEncode(cfg.s3Bucket)}`
			: `${endpoint.protocol}//${cfg.s3Bucket}.${endpoint.host}${prefix}`;
		const objectUrl = `${base}/${uriEncode(key, true)}`;
		const put = presignUrl({ method: "PUT", url: objectUrl, region: cfg.s3Region, accessKeyId, secretAccessKey, now: deps.now(), expiresSeconds: 900 });
		const res = await send(deps, endpoint.host, { method: "PUT", url: put, headers: { "Content-Type": mime }, body: bytes });
		if (res.status < 200 || res.status > 299) throw failed(deps, { host: endpoint.host, bucket: cfg.s3Bucket }, res);
		if (cfg.s3PublicBaseUrl.trim()) return `${cfg.s3PublicBaseUrl.trim().replace(/\/+$/, "")}/${uriEncode(key, true)}`;
		return presignUrl({
			method: "GET",
			url: objectUrl,
			region: cfg.s3Region,
			accessKeyId,
			secretAccessKey,
			now: deps.now(),
			expiresSeconds: cfg.s3UrlSeconds,
		});
	};
}

/** What is wrong with the uploader settings, or null when they are usable. */
export function uploaderProblem(cfg: Settings["uploader"], secrets: UploaderSecrets): string | null {
	if (cfg.kind === "none") return null;
	if (cfg.kind === "http") return isHttpUrl(cfg.url.replace(/\{name\}/g, "x")) ? null : t("run.upload.httpNeedsUrl");
	const missing: string[] = [];
	if (!isHttpUrl(cfg.s3Endpoint)) missing.push(t("run.upload.needs.endpoint"));
	if (!cfg.s3Bucket.trim()) missing.push(t("run.upload.needs.bucket"));
	if (!cfg.s3Region.trim()) missing.push(t("run.upload.needs.region"));
	if (!secrets.accessKeyId) missing.push(t("run.upload.needs.accessKeyId"));
	if (!secrets.secretAccessKey) missing.push(t("run.upload.needs.secret"));
	return missing.length ? t("run.upload.s3Needs", { missing: formatValues(language(), missing) }) : null;
}

/**
 * The configured uploader, or undefined when none is configured (kind "none").
 * Throws UploadError when the settings are incomplete.
 */
export function createUploader(cfg: Settings["uploader"], deps: UploaderDeps): Uploader | undefined {
	if (cfg.kind === "none") return undefined;
	const problem = uploaderProblem(cfg, deps.secrets);
	if (problem) throw new UploadError(problem);
	return cfg.kind === "http" ? httpUploader(cfg, deps) : s3Uploader(cfg, deps);
}
