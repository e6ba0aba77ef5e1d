/**
 * Run events: the one stream the queue view, status bar, CLI display, `--json`
 * output and the NDJSON run log are all built from. Every string in an event has
 * been redacted before it is emitted.
 */

export type JobState =
	| "pending"
	| "submitting"
	| "queued"
	| "running"
	| "downloading"
	| "done"
	| "failed"
	/** A create that may or may not have produced a remote task (502/504/timeout). */
	| "unknown"
	| "timed-out"
	| "expired"
	| "cancelled"
	| "skipped"
	| "invalid";

export type BreakerState = "closed" | "open" | "half-open";

export type StopReason = "quota" | "auth" | "retired" | "budget" | "cancel" | "abandon";

/** The typed class of a provider's failure (providers/classify.ts decides it; nothing reads message text). */
export type FailureClass = "capacity" | "rate" | "quota" | "outage" | "auth" | "invalid" | "policy" | "retired";

/**
 * Where a take a run stopped short of finishing was left, from its journal entry:
 * nothing sent; a create sent whose answer was not seen; a task running at the
 * provider; a finished (paid) video not yet downloaded.
 */
export type LeftState = "never-sent" | "sent-no-answer" | "running" | "paid-not-downloaded";

export interface JobEvent {
	type: "job";
	at: number;
	key: string;
	notePath: string;
	shotId: string;
	take: number;
	state: JobState;
	progress?: number;
	remoteId?: string;
	requestId?: string;
	/** Reason for failed / unknown / timed-out / expired, with the request id when known. */
	message?: string;
	/** Set on "done": the video's vault path. */
	outputPath?: string;
	/** True when this job continued a task found in the journal instead of submitting. */
	resumed?: boolean;
	/**
	 * On "failed" from a provider's answer: its class, a stable code for scripts
	 * (`--json`) and the key to the explanation shown beside the provider's own words
	 * (providers/explain.ts); `provider` is then set too.
	 */
	failure?: FailureClass;
	/** Why it failed, when a caller acts on it (typed: never parse `message`). */
	reason?: "missing-key" | "unknown-provider" | "chain-blocked" | "no-frames" | "upstream-not-generated";
	/** On "cancelled" at the end of a run: where the take was left (run/left.ts words it). */
	left?: LeftState;
	/** Estimated time left for this job in ms, when known. */
	etaMs?: number;
	/**
	 * How long a job of this kind takes once sent (ms): the run's learned median when
	 * `expectedLearned`, else the catalog's typical duration (a hint, often far off).
	 * An estimate, for progress between polls and the run's ETA.
	 */
	expectedMs?: number;
	expectedLearned?: boolean;
	/** The take's estimated price in USD (null: unknown), for the spend so far. */
	cost?: number | null;
	/** On "submitting" and "queued": what a lost journal is rebuilt from (the run log keeps these events). */
	provider?: string;
	model?: string;
	promptHash?: string;
}

export interface LimitEvent {
	type: "limit";
	at: number;
	provider: string;
	limit: number;
	inFlight: number;
	breaker: BreakerState;
	/** Requests per minute allowed by the rate limiter, null when unlimited. */
	rate: number | null;
	safeMode: boolean;
}

export interface RequestEvent {
	type: "request";
	at: number;
	provider: string;
	route: "create" | "poll" | "lookup" | "download";
	key: string;
	status: number | "error";
	requestId?: string;
	message?: string;
}

export interface RunStartEvent {
	type: "run-start";
	at: number;
	runId: string;
	jobs: number;
	ready: number;
	skipped: number;
	invalid: number;
	costEstimate: number | null;
}

export interface WarningEvent {
	type: "warning";
	at: number;
	message: string;
	/** The catalog key of the message: a stable code for scripts (`--json`), whatever the language. */
	code?: string;
	notePath?: string;
}

export interface StopEvent {
	type: "stop";
	at: number;
	reason: StopReason;
	message: string;
	/** The provider whose answer (or missing key) stopped the run, when one did. */
	provider?: string;
	/** "missing-key": no key was set, so nothing was sent (the message names where to set it). */
	cause?: "missing-key";
}

export interface SummaryEvent {
	type: "summary";
	at: number;
	submitted: number;
	succeeded: number;
	failed: number;
	skipped: number;
	resumed: number;
	invalid: number;
	unknown: number;
	duplicates: number;
	cost_estimate: number | null;
	stopped?: StopReason;
	/** Takes left alone because another run holds their note's run lock (and this run did not wait). */
	busy?: number;
}

export type RunEvent = JobEvent | LimitEvent | RequestEvent | RunStartEvent | WarningEvent | StopEvent | SummaryEvent;
