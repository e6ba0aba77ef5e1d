/**
 * The outcomes every adapter builds the same way once it has read an answer: a
 * finished video's download, a task the provider reports failed, a task reported
 * finished whose output is not there yet, a request the answer refuses, and a
 * queued or running state with its progress. Each adapter keeps its own mapping of
 * the provider's states and codes; only the shape of the result lives here.
 */
import { t } from "../i18n";
import { makeFailure, type FailureArgs } from "./classify";
import { signedUrlExpiry } from "./meta";
import type { DownloadRequest, Failure, PollOutcome, ProviderContext, RemoteState, ResponseMeta } from "./types";

/** A queued or running state, with its progress when the provider gave one. */
export function withProgress(kind: "queued" | "running", progress: number | undefined): RemoteState {
	return progress === undefined ? { kind } : { kind, progress };
}

/**
 * The download of a finished video. A signed URL carries its own access, so no
 * headers unless given; it expires when the URL says so (or at `expiresAt`).
 */
export function downloadOf(url: string, headers: Record<string, string> = {}, expiresAt: number | undefined = signedUrlExpiry(url)): DownloadRequest {
	const download: DownloadRequest = { url, headers };
	if (expiresAt !== undefined) download.expiresAt = expiresAt;
	return download;
}

/** `succeeded` with the video at `url` (see `downloadOf`). */
export function succeeded(meta: ResponseMeta, url: string, headers?: Record<string, string>, expiresAt?: number): PollOutcome {
	return { ok: true, state: { kind: "succeeded", download: downloadOf(url, headers, expiresAt) }, meta };
}

/** A task the provider reports failed inside a good answer: the poll worked, the task did not. */
export function taskFailed(a: FailureArgs): PollOutcome {
	return { ok: true, meta: a.meta, state: { kind: "failed", failure: makeFailure(a) } };
}

/** An answer that is itself a failure (retried or reported by the engine as its class says). */
export function answerFailed(a: FailureArgs): { ok: false; failure: Failure; meta: ResponseMeta } {
	return { ok: false, failure: makeFailure(a), meta: a.meta };
}

/** A task reported finished whose video is not named yet (`field` is where it should be): an outage, polled again. */
export function noOutputYet(provider: string, ctx: ProviderContext, meta: ResponseMeta, id: string, field: string): PollOutcome {
	return answerFailed({ provider, ctx, meta, op: "poll", cls: "outage", message: t("provider.task.noOutputYet", { id, field }) });
}

/** The state a create answer reports: a task already finished (succeeded or failed) as it is, anything else queued. */
export function createdState(o: PollOutcome): RemoteState {
	return o.ok && (o.state.kind === "failed" || o.state.kind === "succeeded") ? o.state : { kind: "queued" };
}
