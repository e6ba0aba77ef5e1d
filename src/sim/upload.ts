/**
 * The simulator's upload endpoints, for URL-only providers' reference images:
 *
 * - Generic HTTP uploader under /upload:
 *     PUT  /upload/put/{name}   body = the image     → 201 {"url": …}
 *     POST /upload/form         multipart, field file → 200 {"data": {"url": …}, "url": …}
 *     GET  /upload/files/{id}/{name}                 → the bytes
 *   With `scenario.uploadToken` set, uploads need `Authorization: Bearer <token>`.
 * - S3-compatible bucket under /s3 (path style):
 *     PUT /s3/{bucket}/{key}?X-Amz-…   presigned (SigV4), checked against SIM_S3_CREDENTIALS
 *     GET /s3/{bucket}/{key}?X-Amz-…   presigned GET, or unsigned when the object was made public
 *   Errors are S3's XML (<Error><Code>SignatureDoesNotMatch</Code>…).
 *
 * `scenario.uploadStatus` makes every upload answer that status (e.g. 500);
 * `scenario.uploadMaxBytes` refuses larger bodies with 413.
 */
import { verifyPresigned } from "../core/run/sigv4";
import { parseMultipart } from "./multipart";
import type { SimModel } from "./model";
import { jsonRes, textRes, type SimLogEntry, type SimRequest, type SimResponse } from "./types";

/** The access key the simulated bucket accepts (tests and the demo use these). */
export const SIM_S3_CREDENTIALS = { accessKeyId: "SIMACCESSKEY0000", secretAccessKey: "sim/secret/0123456789abcdefghij" } as const;

export interface StoredUpload {
	id: string;
	name: string;
	mime: string;
	bytes: Uint8Array;
	via: "put" | "form" | "s3";
	at: number;
}

const stores = new WeakMap<SimModel, Map<string, StoredUpload>>();

/** Everything uploaded to a simulator so far, by path (`/upload/files/…` or `/s3/bucket/key`). */
export function uploadsOf(model: SimModel): Map<string, StoredUpload> {
	let s = stores.get(model);
	if (!s) {
		s = new Map();
		stores.set(model, s);
	}
	return s;
}

function bytesOf(req: SimRequest): Uint8Array {
	if (req.body === undefined) return new Uint8Array(0);
	return typeof req.body === "string" ? new TextEncoder().encode(req.body) : req.body;
}

function s3Error(status: number, code: string, message: string): SimResponse {
	return textRes(status, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`, "application/xml");
}

function serve(u: StoredUpload): SimResponse {
	return { status: 200, headers: { "content-type": u.mime, "content-length": String(u.bytes.length) }, body: u.bytes };
}

/** Handles /upload/… and /s3/… (the caller has applied drop/outage faults). */
export function handleUpload(req: SimRequest, model: SimModel, entry: SimLogEntry): SimResponse {
	const store = uploadsOf(model);
	const path = req.u.pathname;
	const sc = model.scenario;
	entry.provider = path.startsWith("/s3/") ? "s3" : "upload";
	const isUpload = req.method === "PUT" || req.method === "POST";
	if (isUpload && sc.uploadStatus !== null) {
		return entry.provider === "s3"
			? s3Error(sc.uploadStatus, "InternalError", "We encountered an internal error. Please try again.")
			: jsonRes(sc.uploadStatus, { error: "upload failed (simulated)" });
	}
	const body = bytesOf(req);
	if (isUpload && sc.uploadMaxBytes !== null && body.length > sc.uploadMaxBytes) {
		return entry.provider === "s3"
			? s3Error(413, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
			: jsonRes(413, { error: "file too large" });
	}
	const origin = req.u.origin;

	if (entry.provider === "upload") {
		if (isUpload && sc.uploadToken !== null) {
			const m = /^Bearer\s+(.+)$/i.exec(req.h.authorization ?? "");
			if (m?.[1]?.trim() !== sc.uploadToken) return jsonRes(401, { error: "missing or wrong upload token" });
		}
		const put = /^\/upload\/put\/([^/]+)$/.exec(path);
		if (req.method === "PUT" && put?.[1]) {
			const name = decodeURIComponent(put[1]);
			const id = model.hex(12);
			const key = `/upload/files/${id}/${encodeURIComponent(name)}`;
			store.set(key, { id, name, mime: req.h["content-type"] ?? "application/octet-stream", bytes: body, via: "put", at: model.now() });
			return jsonRes(201, { url: origin + key });
		}
		if (req.method === "POST" && path === "/upload/form") {
			const parts = parseMultipart(req.h["content-type"] ?? "", body);
			const file = parts?.find((p) => p.name === "file");
			if (!file) return jsonRes(400, { error: "expected multipart/form-data with a file field" });
			const id = model.hex(12);
			const name = file.filename ?? "upload.bin";
			const key = `/upload/files/${id}/${encodeURIComponent(name)}`;
			store.set(key, { id, name, mime: file.contentType ?? "application/octet-stream", bytes: file.data, via: "form", at: model.now() });
			return jsonRes(200, { data: { url: origin + key }, url: origin + key });
		}
		if (req.method === "GET") {
			const u = store.get(path);
			return u ? serve(u) : jsonRes(404, { error: "no such file" });
		}
		return jsonRes(404, { error: `no upload route ${req.method} ${path}` });
	}

	// S3, path style: /s3/{bucket}/{key…}
	const m = /^\/s3\/([^/]+)\/(.+)$/.exec(path);
	if (!m) return s3Error(400, "InvalidBucketName", "The specified bucket is not valid.");
	if (req.method !== "PUT" && req.method !== "GET") return s3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
	const check = verifyPresigned(
		req.method,
		req.url,
		(id) => (id === SIM_S3_CREDENTIALS.accessKeyId ? SIM_S3_CREDENTIALS.secretAccessKey : undefined),
		model.now(),
	);
	if (!check.ok) {
		const code = check.reason.split(":")[0]!;
		return s3Error(403, code, check.reason);
	}
	if (req.method === "PUT") {
		store.set(path, {
			id: model.hex(12),
			name: decodeURIComponent(m[2]!),
			mime: req.h["content-type"] ?? "application/octet-stream",
			bytes: body,
			via: "s3",
			at: model.now(),
		});
		return { status: 200, headers: { etag: `"${model.hex(32)}"` }, body: new Uint8Array(0) };
	}
	const u = store.get(path);
	return u ? serve(u) : s3Error(404, "NoSuchKey", "The specified key does not exist.");
}
