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
 * - retired: the model is not found / no longer available / not supported; stops
 *   that provider's part of the run once, with one message naming the replacement
 */
import type { FailureClass } from "../../ports/events";
export type { FailureClass };

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
	/**
	 * Finished, but the video is named rather than linked (MiniMax's `file_id`): the
	 * engine sends the adapter's `buildResult(taskId, ref)` next, and `parseResult`
	 * turns the answer into `succeeded` (with the download) or `failed`.
	 */
	| { kind: "fetch"; ref: string }
	| { kind: "failed"; failure: Failure };

export type CreateOutcome = { ok: true; taskId: string; state: RemoteState; meta: ResponseMeta } | { ok: false; failure: Failure; meta: ResponseMeta };

export type PollOutcome = { ok: true; state: RemoteState; meta: ResponseMeta } | { ok: false; failure: Failure; meta: ResponseMeta };

export type LookupOutcome =
	| { found: true; taskId: string; meta: ResponseMeta }
	/** `nextPage`: the list goes on and the task may be on that page (ask again with it before calling it absent). */
	| { found: false; meta: ResponseMeta; nextPage?: number }
	| { found: "error"; failure: Failure; meta: ResponseMeta };

export interface ProviderContext {
	/** Base URL without a trailing slash. */
	baseUrl: string;
	apiKey: string;
	/** The provider's second secret when its catalog entry declares `secondKey` (Kling's secret key). */
	secondKey?: string;
	/** Redactor that knows `apiKey`; every message an adapter builds goes through it. */
	redact: Redactor;
	/** Epoch ms now, for adapters that compare timestamps (lookup, URL expiry). */
	now: number;
}

export type ReferenceInput = { kind: "url"; url: string } | { kind: "bytes"; bytes: Uint8Array; mime: string; name: string };

/** Output resolutions as the shot block spells them (the shorter side; "4k" is 2160). */
export const RESOLUTIONS = ["480p", "540p", "720p", "768p", "1080p", "1440p", "4k"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Aspect ratios a shot can ask for. */
export const ASPECTS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"] as const;
export type Aspect = (typeof ASPECTS)[number];

/** The video to make, as the plan settles it (PlannedJob) and an adapter receives it (VideoJobInput). */
export interface VideoShape {
	model: string;
	/** The prompt as sent (characters injected, scene/props/note appended). */
	prompt: string;
	duration: number;
	orientation: Orientation;
	/** "WxH" from the model table (legacy adapters send it as is). */
	size: string;
	pro: boolean;
	/** Provider-neutral output shape; every adapter that takes a resolution or ratio maps these. */
	resolution: Resolution;
	aspect: Aspect;
	negativePrompt?: string;
	seed?: number;
	/** Generate sound; undefined leaves the provider's default. */
	audio?: boolean;
}

/** What an adapter needs to create one video. */
export interface VideoJobInput extends VideoShape {
	/** The first frame (the shot's `first_frame:` / `image:`, a keyframe, or the stitched matrix). */
	reference?: ReferenceInput;
	/** The frame the video should end on (`last_frame:`), for models with `caps.lastFrame`. */
	lastFrame?: ReferenceInput;
	/** Reference images sent natively (at most `caps.maxReferences`). */
	references?: ReferenceInput[];
	/** The model's `family` (ModelSpec.family), for aggregators that map inputs per model family. */
	family?: string;
}

/**
 * Where a model stands in its provider's lifecycle, and where that fact comes from.
 * Planning a retired model is an error naming `replacement`; a deprecated one warns
 * with its `shutdown` date.
 */
export interface Lifecycle {
	status: "active" | "deprecated" | "retired";
	/** ISO date the model stops (deprecated) or stopped (retired) serving. */
	shutdown?: string;
	/** What to use instead: a model id of the same provider, or `provider/model`. */
	replacement?: string;
	/** The page the status, ids and limits come from: a citation, shown verbatim (data, not translated). */
	source: string;
	/** ISO date the entry was last checked against `source`. */
	verified: string;
	/** A short caveat shown with the status (e.g. "upstream status unknown"). */
	note?: string;
}

/** What a model accepts, checked at planning time so a bad field never costs a request. */
export interface ModelCaps {
	/** Output resolutions; the first is the default. */
	resolutions: Resolution[];
	/** Aspect ratios; the first is the default for horizontal shots. */
	aspects: Aspect[];
	/** Durations allowed only at some resolutions (Veo: 1080p and 4K only at 8 s). */
	durationsByResolution?: Partial<Record<Resolution, number[]>>;
	firstFrame: boolean;
	lastFrame: boolean;
	/** How many reference images the model takes natively; 0 = none (the matrix is the fallback). */
	maxReferences: number;
	/** False when the model rejects a first frame together with reference images. */
	firstFrameWithReferences: boolean;
	/** True when sound can be switched on or off per request. */
	audio: boolean;
	negativePrompt: boolean;
	seed: boolean;
	/** A model that only animates an image (needs a first frame). */
	imageRequired?: boolean;
}

export interface PriceSpec {
	/** USD per second of video; null when unknown. */
	perSecond: number | null;
	/** USD per second in pro mode; null when unknown or not applicable. */
	proPerSecond: number | null;
	/** USD per second by output resolution, where the provider prices them apart. */
	byResolution?: Partial<Record<Resolution, number>>;
	/** Where the figure comes from, shown in the dry run and the README: a citation, shown verbatim (data, not translated). */
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
	/** Status, source and date of verification. */
	lifecycle: Lifecycle;
	/** Provider-neutral controls the model accepts. */
	caps: ModelCaps;
	/** Which input mapping an aggregator (fal, Replicate) uses for this model. */
	family?: string;
}

/** The catalog facts an adapter speaks for (base.ts picks them out of a catalog entry). */
export interface AdapterBase {
	id: string;
	label: string;
	defaultBaseUrl: string;
	/** Environment variable the CLI reads for this provider's key. */
	keyEnv: string;
	models: ModelSpec[];
	defaultModel: string;
}

export interface ProviderAdapter extends AdapterBase {
	/** True when `lookup` can find a task created by an ambiguous POST. */
	canLookup: boolean;

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest;
	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome;
	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest;
	parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome;
	/** Second step of a two-step result: the request for a `fetch` state's `ref`. Required when parsePoll can answer `fetch`. */
	buildResult?(taskId: string, ref: string, ctx: ProviderContext): HttpRequest;
	/** Reads that answer: `succeeded` with the download, `failed`, or a failure (retried like a poll's). */
	parseResult?(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome;
	/** Ask the provider to stop a task (best effort; the answer is not read). Absent when there is no cancel. */
	buildCancel?(taskId: string, ctx: ProviderContext): HttpRequest;
	/** List recent tasks so an ambiguous create (502/504/timeout) can be reconciled. */
	buildLookup?(input: VideoJobInput, ctx: ProviderContext, sinceMs: number, page?: number): HttpRequest;
	/** `exclude`: remote ids already claimed by other jobs. */
	parseLookup?(res: HttpResponse, input: VideoJobInput, ctx: ProviderContext, sinceMs: number, exclude: ReadonlySet<string>): LookupOutcome;
}
