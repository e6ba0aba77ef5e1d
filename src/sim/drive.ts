/**
 * A minimal reference client for one job: create → poll → download, through any
 * HttpPort and Clock. It is not the product's scheduler (no retries, no adaptive
 * concurrency); the provider tests and the offline demo use it to exercise an
 * adapter end to end against the simulator. Downloads follow up to 5 redirects
 * over http(s) only, drop the adapter's headers when a hop leaves the origin, and
 * refuse HTML or short bodies. An inline `data:` video is decoded without a request.
 */
import { decodeDataVideo } from "../core/download";
import { transportFailure } from "../core/providers/classify";
import type { Failure, ProviderAdapter, ProviderContext, RemoteState, VideoJobInput } from "../core/providers/types";
import { createRedactor, snippet } from "../core/redact";
import type { Clock } from "../ports/clock";
import type { HttpPort, HttpResponse } from "../ports/http";

export interface DriveOptions {
	adapter: ProviderAdapter;
	http: HttpPort;
	clock: Clock;
	baseUrl: string;
	apiKey: string;
	/** The provider's second secret (Kling's secret key), when it takes one. */
	secondKey?: string;
	input: VideoJobInput;
	/** Poll interval when the provider sends no openai-poll-after-ms (default 10 s). */
	pollMs?: number;
	/** Give up after this many polls (default 1000). */
	maxPolls?: number;
	timeoutMs?: number;
}

export type DriveResult =
	| { ok: true; taskId: string; bytes: Uint8Array; polls: number; states: RemoteState[] }
	| { ok: false; stage: "create" | "poll" | "download"; failure: Failure; taskId?: string; states: RemoteState[] };

export async function driveJob(o: DriveOptions): Promise<DriveResult> {
	const redact = createRedactor([o.apiKey, o.secondKey]);
	const ctx = (): ProviderContext => ({ baseUrl: o.baseUrl, apiKey: o.apiKey, secondKey: o.secondKey, redact, now: o.clock.now() });
	const id = o.adapter.id;
	const states: RemoteState[] = [];
	const timeoutMs = o.timeoutMs ?? 30_000;

	let res: HttpResponse;
	try {
		res = await o.http.request({ ...o.adapter.buildCreate(o.input, ctx()), timeoutMs });
	} catch (err) {
		return { ok: false, stage: "create", failure: transportFailure(id, err, redact), states };
	}
	const created = o.adapter.parseCreate(res, ctx());
	if (!created.ok) return { ok: false, stage: "create", failure: created.failure, states };
	const taskId = created.taskId;
	let state = created.state;
	states.push(state);
	let wait = created.meta.pollAfterMs ?? o.pollMs ?? 10_000;
	let polls = 0;
	while (state.kind === "queued" || state.kind === "running" || state.kind === "fetch") {
		if (polls >= (o.maxPolls ?? 1000)) {
			return { ok: false, stage: "poll", taskId, states, failure: { cls: "outage", message: `${id}: gave up after ${polls} polls` } };
		}
		// Two-step result (MiniMax): a finished task names a file; ask for it at once.
		const ref = state.kind === "fetch" ? state.ref : undefined;
		const a = o.adapter;
		if (ref !== undefined && (!a.buildResult || !a.parseResult)) {
			return {
				ok: false,
				stage: "poll",
				taskId,
				states,
				failure: { cls: "invalid", message: `${id}: the finished task names a result this adapter cannot fetch` },
			};
		}
		if (ref === undefined) await o.clock.sleep(wait);
		polls++;
		try {
			const req = ref !== undefined && a.buildResult ? a.buildResult(taskId, ref, ctx()) : a.buildPoll(taskId, ctx());
			res = await o.http.request({ ...req, timeoutMs });
		} catch (err) {
			return { ok: false, stage: "poll", taskId, states, failure: transportFailure(id, err, redact) };
		}
		const p = ref !== undefined && a.parseResult ? a.parseResult(res, ctx(), taskId) : a.parsePoll(res, ctx(), taskId);
		if (!p.ok) return { ok: false, stage: "poll", taskId, states, failure: p.failure };
		state = p.state;
		states.push(state);
		wait = p.meta.pollAfterMs ?? o.pollMs ?? 10_000;
	}
	if (state.kind === "failed") return { ok: false, stage: "poll", taskId, states, failure: state.failure };

	const dl = await download(o.http, state.download.url, state.download.headers, redact, id, timeoutMs);
	if (!dl.ok) return { ok: false, stage: "download", taskId, states, failure: dl.failure };
	return { ok: true, taskId, bytes: dl.bytes, polls, states };
}

/** GET with manual redirects (≤ 5, http/https only, headers dropped across origins). */
export async function download(
	http: HttpPort,
	url: string,
	headers: Record<string, string>,
	redact: (s: string) => string,
	provider: string,
	timeoutMs = 60_000,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; failure: Failure }> {
	if (/^data:/i.test(url)) {
		const d = decodeDataVideo(url, 1024 * 1024 * 1024);
		return d.ok ? { ok: true, bytes: d.bytes } : { ok: false, failure: { cls: "invalid", message: redact(`${provider} download: ${d.message}`) } };
	}
	let current = url;
	let hdrs = headers;
	const origin = new URL(url).origin;
	for (let hop = 0; hop <= 5; hop++) {
		let res: HttpResponse;
		try {
			res = await http.request({ method: "GET", url: current, headers: hdrs, timeoutMs });
		} catch (err) {
			return { ok: false, failure: transportFailure(provider, err, redact) };
		}
		if (res.status >= 300 && res.status < 400) {
			const loc = res.headers.location;
			if (!loc) return { ok: false, failure: { cls: "outage", message: `${provider} download: redirect without a location`, status: res.status } };
			let next: URL;
			try {
				next = new URL(loc, current);
			} catch {
				return { ok: false, failure: { cls: "invalid", message: redact(`${provider} download: bad redirect target ${snippet(loc, redact)}`) } };
			}
			if (next.protocol !== "https:" && next.protocol !== "http:") {
				return { ok: false, failure: { cls: "invalid", message: redact(`${provider} download: refused redirect to ${next.protocol} URL`) } };
			}
			if (next.origin !== origin) hdrs = {};
			current = next.href;
			continue;
		}
		const text = () => snippet(new TextDecoder().decode(res.body.subarray(0, 2000)), redact);
		if (res.status !== 200) {
			return {
				ok: false,
				failure: {
					cls: res.status >= 500 ? "outage" : "invalid",
					status: res.status,
					message: redact(`${provider} download ${res.status}: ${text()}`),
				},
			};
		}
		const ctype = res.headers["content-type"] ?? "";
		if (/text\/html/i.test(ctype))
			return {
				ok: false,
				failure: { cls: "outage", status: 200, message: redact(`${provider} download: got an HTML page instead of a video: ${text()}`) },
			};
		const len = res.headers["content-length"];
		if (len !== undefined && Number(len) !== res.body.length) {
			return { ok: false, failure: { cls: "outage", status: 200, message: `${provider} download: truncated (${res.body.length} of ${len} bytes)` } };
		}
		return { ok: true, bytes: res.body };
	}
	return { ok: false, failure: { cls: "outage", message: `${provider} download: too many redirects` } };
}
