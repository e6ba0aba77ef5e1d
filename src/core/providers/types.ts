/**
 * The provider layer's contract. Adapters are pure: they build HttpRequests and map
 * HttpResponses to one normalized state. They never do I/O themselves.
 */
import type { HttpRequest, HttpResponse } from "../../ports/http";
import type { Redactor } from "../redact";
import type { Orientation } from "../types";

/**
 * - capacity: 429 because too many jobs are in flight (concurrency quota)
 * - rate: 429 because of request rate (with or without Retry-After)
 * - quota: insufficient balance / billing; stops the run, never retried
 * - outage: 5xx, timeout, connection error, unreadable body
 * - auth: 401/403; stops the run
 * - invalid: 400 bad parameters; fails the shot with the provider's message
 * - policy: content-policy rejection; fails the shot, never retried automatically
 */
export type FailureClass = "capacity" | "rate" | "quota" | "outage" | "auth" | "invalid" | "policy";

export interface Failure {
	cls: FailureClass;
	/** Redacted, human-readable; includes the provider's own message when there is one. */
	message: string;
	status?: number;
	code?: string;
	requestId?: string;
	retryAfterMs?: number;
}

/** Facts read from any response's headers. */
export interface ResponseMeta {
	status: number;
	requestId?: string;
	/** From Retry-After / retry-after-ms. */
	retryAfterMs?: number;
	/** From openai-poll-after-ms (or a provider's equivalent). */
	pollAfterMs?: number;
}

export interface DownloadRequest {
	url: string;
	/** Headers the download needs (e.g. the key header for Veo, Bearer for OpenAI /content). */
	headers: Record<string, string>;
	/** Epoch ms after which a signed URL stops working, when the URL says so. */
	expiresAt?: number;
}

export type RemoteState =
	| { kind: "queued"; progress?: number }
	| { kind: "running"; progress?: number }
	| { kind: "succeeded"; download: DownloadRequest }
	| { kind: "failed"; failure: Failure };

export type CreateOutcome =
	| { ok: true; taskId: string; state: RemoteState; meta: ResponseMeta }
	| { ok: false; failure: Failure; meta: ResponseMeta };

export type PollOutcome =
	| { ok: true; state: RemoteState; meta: ResponseMeta }
	| { ok: false; failure: Failure; meta: ResponseMeta };

export type LookupOutcome =
	| { found: true; taskId: string; meta: ResponseMeta }
	| { found: false; meta: ResponseMeta }
	| { found: "error"; failure: Failure; meta: ResponseMeta };

export interface ProviderContext {
	/** Base URL without a trailing slash. */
	baseUrl: string;
	apiKey: string;
	/** Redactor that knows `apiKey`; every message an adapter builds goes through it. */
	redact: Redactor;
	/** Epoch ms now, for adapters that compare timestamps (lookup, URL expiry). */
	now: number;
}

export type ReferenceInput =
	| { kind: "url"; url: string }
	| { kind: "bytes"; bytes: Uint8Array; mime: string; name: string };

/** What an adapter needs to create one video. */
export interface VideoJobInput {
	model: string;
	prompt: string;
	duration: number;
	orientation: Orientation;
	/** "WxH" from the model table. */
	size: string;
	pro: boolean;
	reference?: ReferenceInput;
}

export interface PriceSpec {
	/** USD per second of video; null when unknown. */
	perSecond: number | null;
	/** USD per second in pro mode; null when unknown or not applicable. */
	proPerSecond: number | null;
	/** Where the figure comes from, shown in the dry run and the README. */
	source: string;
}

export interface ModelSpec {
	id: string;
	/** Allowed durations in seconds (normal mode). */
	durations: number[];
	/** Allowed durations in pro mode; absent when the model has no pro mode. */
	proDurations?: number[];
	defaultDuration: number;
	/** Allowed pixel sizes per orientation; the first is the default. */
	sizes: Record<Orientation, string[]>;
	/** How a reference image can be given. */
	image: "url" | "bytes" | "url-or-bytes" | "none";
	/** Largest reference image the provider takes, in bytes. */
	maxImageBytes?: number;
	price: PriceSpec;
	/** Typical generation time in seconds (seeds the poll schedule). */
	typicalSeconds: number;
}

export interface ProviderAdapter {
	id: string;
	label: string;
	defaultBaseUrl: string;
	/** Environment variable the CLI reads for this provider's key. */
	keyEnv: string;
	models: ModelSpec[];
	defaultModel: string;
	/** True when `lookup` can find a task created by an ambiguous POST. */
	canLookup: boolean;

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest;
	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome;
	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest;
	parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome;
	/** List recent tasks so an ambiguous create (502/504/timeout) can be reconciled. */
	buildLookup?(input: VideoJobInput, ctx: ProviderContext, sinceMs: number): HttpRequest;
	/** `exclude`: remote ids already claimed by other jobs. */
	parseLookup?(
		res: HttpResponse,
		input: VideoJobInput,
		ctx: ProviderContext,
		sinceMs: number,
		exclude: ReadonlySet<string>,
	): LookupOutcome;
}
