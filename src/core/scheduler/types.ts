/**
 * The scheduler's public shapes: what the runner hands in (jobs, a sink, options)
 * and what it gets back (one outcome per job, stats). `engine.ts` re-exports them.
 */
import type { Said } from "../i18n";
import type { Clock } from "../../ports/clock";
import type { HttpPort } from "../../ports/http";
import type { ProgressPort } from "../../ports/progress";
import type { StopReason } from "../../ports/events";
import type { DownloadRequest, Failure, ProviderAdapter, ProviderContext, VideoJobInput } from "../providers/types";
import type { BreakerTuning } from "./breaker";
import type { AdaptiveTuning } from "./limit";
import type { Random } from "./random";
import type { RateTuning } from "./rate";

/** Continue a job the journal knows about instead of submitting it. */
export type JobResume =
	{ kind: "poll"; remoteId: string } | { kind: "ambiguous"; since: number } | { kind: "deliver"; remoteId: string; download: DownloadRequest };

export interface EngineJob {
	key: string;
	notePath: string;
	shotId: string;
	take: number;
	input: VideoJobInput;
	/** Groups jobs whose durations are learned together (provider/model/seconds/pro). */
	durationKey: string;
	/** The catalog's typical duration: a hint only (it may be wrong by 20× either way). */
	expectedMs: number;
	/**
	 * Longest wait once running. A job the provider still reports running is polled
	 * (at a falling rate) until then, and then left in the journal for resume: it is
	 * never marked failed while the provider says it runs.
	 */
	maxWaitMs: number;
	/** Running longer than this shows a warning once (the original tool's 35 min timeout). Optional. */
	warnAfterMs?: number;
	/** Continue a job the journal knows about instead of submitting it. The engine never changes it. */
	resume?: JobResume;
}

export type DeliverResult = { ok: true; outputPath: string } | { ok: false; kind: "failed" | "expired"; message: string };

export interface DeliverControl {
	signal: AbortSignal;
	refresh(): Promise<DownloadRequest | null>;
}

export type StopDecision = { reason: StopReason; message: string } | null;

/** What the engine calls so the runner can journal, download and patch. */
export interface EngineSink {
	/** Just before a create: final input (e.g. reference bytes), or throws to fail the job. */
	prepare?(job: EngineJob): Promise<VideoJobInput>;
	/** Budget check before each create. */
	allowSubmit?(job: EngineJob): StopDecision;
	/**
	 * The user withdrew this job before it was sent (one shot cancelled in the queue):
	 * it ends "cancelled" when its turn comes, and nothing else in the run changes.
	 */
	withdrawn?(job: EngineJob): boolean;
	/** Journal "about to submit"; awaited before the POST is sent. */
	submitting(job: EngineJob): Promise<void>;
	submitted(job: EngineJob, remoteId: string, requestId: string | undefined): Promise<void>;
	/**
	 * The create was answered with a definite "not created" (429, 503, quota, auth):
	 * the "submitting" mark can be cleared now, before any retry or stop.
	 */
	notCreated?(job: EngineJob): Promise<void>;
	unknown(job: EngineJob, message: string): Promise<void>;
	failed(job: EngineJob, failure: Failure, remoteId: string | undefined): Promise<void>;
	/**
	 * The provider still runs the task after `maxWaitMs`: the run stops polling it and
	 * leaves it in the journal (status timed-out) so a later run resumes it.
	 */
	timedOut(job: EngineJob, remoteId: string, message: string): Promise<void>;
	/**
	 * Download, verify, write and patch. Runs under the delivery limit. `refresh`
	 * asks the provider again for the finished task (a free GET through the same
	 * rate gate) to get a fresh download URL; null when the task is gone.
	 */
	deliver(job: EngineJob, remoteId: string, download: DownloadRequest, ctl: DeliverControl): Promise<DeliverResult>;
	/** Anything the user should see (e.g. a long Retry-After, with the provider's words and when it ends). */
	warn?(message: Said): void;
}

export interface EngineTuning {
	rate?: Partial<RateTuning>;
	breaker?: Partial<BreakerTuning>;
	adaptive?: Partial<AdaptiveTuning>;
	/** Before anything is learned, the first poll comes at a random point of [0.5, 1.5) × this (default 2.5 s). */
	firstPollMinMs?: number;
	tickMs?: number;
	backlogMs?: number;
	/**
	 * With a provider that queues: a running job expected to finish within this
	 * many ms may have its successor submitted ahead, so it waits in the
	 * provider's queue and starts the instant the slot frees. Default 20 s.
	 */
	prefetchLeadMs?: number;
	/**
	 * Most successors submitted ahead at once, as a share of the limit (rounded up,
	 * at least 1). Default 1: a wave of jobs that finish together is replaced at once. 0 disables.
	 */
	prefetchShare?: number;
}

export interface EngineOptions {
	provider: string;
	adapter: ProviderAdapter;
	ctx: ProviderContext;
	http: HttpPort;
	clock: Clock;
	progress?: ProgressPort;
	/** Jitter and first-poll offsets (ports/random.ts): the adapters pass a real source, tests and the benchmark a seeded one. */
	random: Random;
	concurrency: { initial: number; max: number; safeMode: boolean; requestsPerMinute: number | null; downloads: number };
	polling: { minIntervalSeconds: number; maxIntervalSeconds: number };
	jitter: { minMs: number; maxMs: number };
	requestTimeoutMs?: number;
	/** Stop submitting (cancel). Jobs already submitted keep polling and are delivered. */
	signal?: AbortSignal;
	/** Stop everything now (abandon). Submitted jobs stay in the journal for resume. */
	abandonSignal?: AbortSignal;
	tuning?: EngineTuning;
}

export type JobOutcome =
	| { kind: "done"; outputPath: string }
	| { kind: "failed"; message: string }
	| { kind: "unknown"; message: string }
	| { kind: "timed-out"; remoteId: string }
	| { kind: "expired"; message: string }
	| { kind: "cancelled" }
	| { kind: "abandoned"; remoteId?: string };

export interface EngineStats {
	creates: number;
	accepted: number;
	resumed: number;
	polls: number;
	lookups: number;
	capacity429: number;
	rate429: number;
	outages: number;
	breakerOpens: number;
	finalLimit: number;
	/** Times the request rate was cut (optional for older readers). */
	rateCuts?: number;
}

export interface EngineResult {
	outcomes: Map<string, JobOutcome>;
	stopped: StopReason | null;
	stopMessage: string | null;
	stats: EngineStats;
}

/** Where a job's remote part ended: back in the queue, ready to deliver, or over. */
export type RemoteResult = { kind: "requeue" } | { kind: "deliver"; remoteId: string; download: DownloadRequest } | { kind: "end"; outcome: JobOutcome };
