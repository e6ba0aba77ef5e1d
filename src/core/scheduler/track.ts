/**
 * The shapes poll.ts, progress.ts and durations.ts share: a job's poll bookkeeping,
 * its progress samples and a range of curve exponents. A module of their own so that
 * those three import it instead of each other.
 */

export interface PollSample {
	/** When the provider reported it (halfway through the poll's round trip). */
	at: number;
	progress: number;
}

/** Per-job poll bookkeeping. */
export interface PollTrack {
	/** Jobs whose durations are learned together. */
	key: string;
	submittedAt: number;
	/** First time the job was seen running (or submit time if it never reported queued). */
	runningSince: number | null;
	sawQueued: boolean;
	samples: PollSample[];
	polls: number;
	hintMs: number;
	/** The catalog's typical duration (a hint only). */
	expectedMs: number;
	/** The latest answer said queued (no progress). */
	lastQueued: boolean;
	/** This job's long wait in the queue was already reported to the limit. */
	backlogReported: boolean;
	/** Send time of the latest poll that saw the job queued / running. */
	queuedSeenAt: number | null;
	runningSeenAt: number | null;
	firstRunningSeenAt: number | null;
	/** When a poll last saw it running at 0 % progress. */
	zeroSeenAt: number | null;
	/** When the latest poll was sent, and its round trip. */
	lastSentAt?: number;
	rttMs: number;
	/** In [0, 1): where this job's first poll falls in the first interval, so jobs polled without a model sample different instants. */
	phase: number;
	/** Wakes the job's wait for its next poll early (set while it waits). */
	wake?: () => void;
	/** Moves the job's next poll to `at` when that is sooner (set while it waits). */
	pollBy?: (at: number) => void;
	/** The long-running warning was shown. */
	warned: boolean;
	/** Elapsed progress time a look was placed at from a narrow finish window (see `nextDelay`). */
	aim?: number;
	/** Looks so placed that found the job still running: its progress does not follow the curve. */
	misses: number;
	/** Looks placed inside a narrow finish window so far (the first falls at `phase` of it). */
	aims: number;
}

/** A range of exponents: what a job's samples (or a kind's jobs) allow. */
export interface CurveRange {
	lo: number;
	hi: number;
}
