/**
 * Download side of the simulator: signed URLs (Azure SAS `se=…&sp=r&sig=…` or
 * OSS `Expires=…&OSSAccessKeyId=…&Signature=…`), redirect hops, and the faults a
 * download can meet (expired URL, truncated body, HTML error page, slow body).
 * Each task's file is its own clip (./video/clip.ts): its title, prompt, requested
 * seconds and orientation, the same bytes on every download of that task.
 */
import { createHmac } from "node:crypto";
import type { SimModel } from "./model";
import { textRes, type SimResponse, type SimTask, type TaskRec } from "./types";
import { sampleMp4 } from "./assets/sample-mp4";
import { encodeClip } from "./video/clip";

/** Names the shot a task renders (the title drawn on its clip); undefined → the default title. */
export type ClipTitle = (task: SimTask) => string | undefined;

/** Clips kept in memory (the newest); an older task's clip is encoded again, to the same bytes. */
const CLIP_CACHE = 64;

export class Files {
	private readonly secret: string;
	/** Downloads truncated so far (for `truncateDownloads: {count}`). */
	truncated = 0;
	/** Stale links handed out so far (for `staleLinks`). */
	staled = 0;
	/** Stale links handed out per task (for `staleLinks.perTask`). */
	private readonly staledTasks = new Map<string, number>();
	/** Downloads stalled so far (for `stallDownloads`). */
	stalled = 0;
	/** The title drawn on a task's clip; by default the provider and the task's sequence number. */
	titleOf: ClipTitle | undefined;
	private readonly clips = new Map<string, Uint8Array>();

	constructor(private readonly model: SimModel) {
		this.secret = `cineflow-sim-${model.seed}`;
	}

	private sign(fileId: string, expiry: string): string {
		return createHmac("sha256", this.secret).update(`${fileId}|${expiry}`).digest("hex").slice(0, 40);
	}

	expiryOf(task: TaskRec): number {
		const sc = this.model.scenario;
		// Soak knob: marked prompts get a link that is already stale when it is first handed out.
		if (sc.expiredMarker !== null && task.prompt.includes(sc.expiredMarker)) return (task.doneAt ?? this.model.now()) - 1000;
		return (task.doneAt ?? this.model.now()) + sc.urlTtlMs;
	}

	signedUrl(origin: string, task: TaskRec, style: "azure" | "oss" = "azure"): string {
		const stale = this.model.scenario.staleLinks;
		let exp = this.expiryOf(task);
		const staledHere = this.staledTasks.get(task.id) ?? 0;
		if (stale && this.staled < stale.count && staledHere < (stale.perTask ?? Infinity)) {
			this.staled++;
			this.staledTasks.set(task.id, staledHere + 1);
			exp = this.model.now() - 60_000;
		}
		if (style === "oss") {
			const e = String(Math.floor(exp / 1000));
			return `${origin}/files/${task.fileId}.mp4?Expires=${e}&OSSAccessKeyId=LTAIsimulator&Signature=${this.sign(task.fileId, e)}`;
		}
		const se = new Date(exp).toISOString().replace(/\.\d{3}Z$/, "Z");
		return `${origin}/files/${task.fileId}.mp4?se=${encodeURIComponent(se)}&sp=r&sv=2021-08-06&sr=b&sig=${this.sign(task.fileId, se)}`;
	}

	/** The video of `task`: deterministic for its id, title, prompt, seconds and size. */
	clip(task: TaskRec): Uint8Array {
		if (this.model.scenario.clips === "sample") return sampleMp4();
		const hit = this.clips.get(task.id);
		if (hit) {
			this.clips.delete(task.id);
			this.clips.set(task.id, hit);
			return hit;
		}
		const title = this.titleOf?.(task) ?? `${task.provider} #${task.seq}`;
		const bytes = encodeClip({ title, prompt: task.prompt, seconds: task.seconds, size: task.size, variant: task.id });
		this.clips.set(task.id, bytes);
		if (this.clips.size > CLIP_CACHE) this.clips.delete(this.clips.keys().next().value ?? "");
		return bytes;
	}

	taskByFile(fileId: string): TaskRec | undefined {
		return this.model.taskByFile(fileId);
	}

	/**
	 * Entry point of every download (signed file or authenticated content route):
	 * hostile redirect, redirect hops, then the file with its faults.
	 */
	serve(origin: string, task: TaskRec, hopsDone: number, defaultHops: number): SimResponse {
		const sc = this.model.scenario;
		if (sc.redirectTo && hopsDone === 0) return { status: 302, headers: { location: sc.redirectTo, "content-length": "0" }, body: new Uint8Array(0) };
		const hops = sc.redirectDownloads ?? defaultHops;
		if (hopsDone < hops) {
			const next = `${this.signedUrl(origin, task)}&hop=${hopsDone + 1}`;
			return { status: 302, headers: { location: next, "content-length": "0" }, body: new Uint8Array(0) };
		}
		this.model.downloads++;
		if (this.model.roll(sc.htmlErrorOnDownload)) {
			const r = textRes(
				200,
				"<html><head><title>Error</title></head><body><h1>An error occurred</h1><p>The file is temporarily unavailable.</p></body></html>",
				"text/html; charset=utf-8",
			);
			r.logFault = "html";
			return r;
		}
		const bytes = this.clip(task);
		const res: SimResponse = {
			status: 200,
			headers: {
				"content-type": "video/mp4",
				"content-length": String(bytes.length),
				"accept-ranges": "bytes",
				etag: `"0x${task.fileId.slice(0, 16).toUpperCase()}"`,
			},
			body: bytes,
		};
		const tr = sc.truncateDownloads;
		const truncate = typeof tr === "number" ? this.model.roll(tr) : this.truncated < tr.count;
		if (truncate) this.truncated++;
		if (truncate) {
			res.fault = "truncate";
			res.logFault = "truncate";
		}
		if (sc.slowDownloadBytesPerSec) res.slowBytesPerSec = sc.slowDownloadBytesPerSec;
		if (sc.stallDownloads && this.stalled < sc.stallDownloads.count) {
			this.stalled++;
			res.stall = sc.stallDownloads.mode;
			res.logFault = "stall";
		}
		return res;
	}

	/** `GET /files/<id>.mp4?…`: checks the signature and expiry, then serves. */
	serveSigned(origin: string, u: URL): { task?: TaskRec; res: SimResponse } {
		const m = /^\/files\/([0-9a-f]+)\.mp4$/.exec(u.pathname);
		const task = m?.[1] ? this.taskByFile(m[1]) : undefined;
		const now = this.model.now();
		const se = u.searchParams.get("se");
		const expires = u.searchParams.get("Expires");
		const hop = Number(u.searchParams.get("hop") ?? "0") || 0;
		if (!task || !m?.[1]) return { res: blobNotFound() };
		if (se !== null) {
			if (u.searchParams.get("sig") !== this.sign(task.fileId, se))
				return { task, res: azureAuthFailed("Signature did not match. String to sign used was r") };
			const exp = Date.parse(se);
			if (Number.isNaN(exp) || now > exp) {
				return {
					task,
					res: {
						...azureAuthFailed(
							`Signed expiry time [${new Date(Number.isNaN(exp) ? 0 : exp).toUTCString()}] must be after signed start time [${new Date(now).toUTCString()}]`,
						),
						logFault: "expired",
					},
				};
			}
		} else if (expires !== null) {
			if (u.searchParams.get("Signature") !== this.sign(task.fileId, expires))
				return { task, res: ossDenied("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.") };
			if (now > Number(expires) * 1000) return { task, res: { ...ossDenied("AccessDenied", "Request has expired."), logFault: "expired" } };
		} else {
			return { task, res: azureAuthFailed("Signature fields not well formed.") };
		}
		return { task, res: this.serve(origin, task, hop, 0) };
	}
}

function azureAuthFailed(detail: string): SimResponse {
	const xml =
		`<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code>` +
		`<Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.\n` +
		`RequestId:00000000-0000-0000-0000-000000000000\nTime:${new Date(0).toISOString()}</Message>` +
		`<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail></Error>`;
	return textRes(403, xml, "application/xml", { "x-ms-error-code": "AuthenticationFailed" });
}

function ossDenied(code: string, message: string): SimResponse {
	const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <HostId>sim.oss</HostId>\n</Error>\n`;
	return textRes(403, xml, "application/xml");
}

function blobNotFound(): SimResponse {
	return textRes(
		404,
		`<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>`,
		"application/xml",
		{ "x-ms-error-code": "BlobNotFound" },
	);
}
