/**
 * When to poll a job next. The schedule follows, in order of trust:
 *  1. the provider's hint (openai-poll-after-ms, Retry-After) as a floor;
 *  2. the reported progress (ETA from the progress rate, or from elapsed time);
 *  3. the learned typical duration for this provider/model/length;
 * and polls at half the remaining ETA, clamped to [min, max] interval. A job that
 * reports no progress and runs past its expected time is polled every 5 % of its
 * elapsed time (clamped), so an unusually slow job is not hammered. A job still
 * queued is polled at half its expected duration (clamped).
 */

export interface PollTuning {
	firstPollMinMs: number;
	minIntervalMs: number;
	maxIntervalMs: number;
}

export interface PollSample {
	at: number;
	progress: number;
}

/** Per-job poll bookkeeping. */
export interface PollTrack {
	submittedAt: number;
	/** First time the job was seen running (or submit time if it never reported queued). */
	runningSince: number | null;
	sawQueued: boolean;
	samples: PollSample[];
	polls: number;
	hintMs: number;
	expectedMs: number;
	/** The latest answer said queued (no progress). */
	lastQueued: boolean;
	/** This job's long wait in the queue was already reported to the limit. */
	backlogReported: boolean;
}

export function newTrack(submittedAt: number, expectedMs: number): PollTrack {
	return { submittedAt, runningSince: null, sawQueued: false, samples: [], polls: 0, hintMs: 0, expectedMs, lastQueued: false, backlogReported: false };
}

export function clamp(v: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, v));
}

/** Observe one poll answer. */
export function observe(track: PollTrack, now: number, state: "queued" | "running", progress: number | undefined): void {
	track.polls++;
	if (state === "queued" && (progress === undefined || progress <= 0)) {
		track.sawQueued = true;
		track.lastQueued = true;
		return;
	}
	track.lastQueued = false;
	if (track.runningSince === null) {
		// Never saw it queued: it has been running since submit, as far as we know.
		track.runningSince = track.sawQueued ? now : track.submittedAt;
	}
	if (progress !== undefined && Number.isFinite(progress)) {
		const p = clamp(progress / 100, 0, 1);
		const last = track.samples[track.samples.length - 1];
		if (!last || p !== last.progress) track.samples.push({ at: now, progress: p });
		if (track.samples.length > 4) track.samples.shift();
	}
}

/** Estimated ms until the job finishes, or null when overdue/unknown. */
export function eta(track: PollTrack, now: number): number | null {
	const last = track.samples[track.samples.length - 1];
	if (last && last.progress >= 0.05) {
		const estimates: number[] = [];
		const first = track.samples[0];
		if (first && last !== first && last.progress > first.progress) {
			const rate = (last.progress - first.progress) / (last.at - first.at);
			estimates.push((1 - last.progress) / rate - (now - last.at));
		}
		if (!track.sawQueued && track.runningSince !== null) {
			const ran = last.at - track.runningSince;
			if (ran > 0) estimates.push((ran * (1 - last.progress)) / last.progress - (now - last.at));
		} else if (estimates.length === 0) {
			estimates.push(track.expectedMs * (1 - last.progress) - (now - last.at));
		}
		const e = Math.min(...estimates);
		return e > 0 ? e : null;
	}
	const started = track.runningSince ?? track.submittedAt;
	const left = track.expectedMs - (now - started);
	return left > 0 ? left : null;
}

/** Delay before the first poll. */
export function firstDelay(track: PollTrack, tuning: PollTuning): number {
	return Math.max(tuning.firstPollMinMs, 0.5 * track.expectedMs, track.hintMs);
}

/** Delay before the next poll, after at least one answer. */
export function nextDelay(track: PollTrack, now: number, tuning: PollTuning): number {
	// Still queued: the whole job is ahead of it, and noticing the start a little
	// late costs nothing, so poll at half the expected duration (clamped).
	if (track.lastQueued) return Math.max(clamp(track.expectedMs / 2, tuning.minIntervalMs, tuning.maxIntervalMs), track.hintMs);
	const e = eta(track, now);
	let d: number;
	if (e === null) {
		const started = track.runningSince ?? track.submittedAt;
		d = 0.05 * (now - started);
	} else {
		d = e / 2;
	}
	d = clamp(d, tuning.minIntervalMs, tuning.maxIntervalMs);
	return Math.max(d, track.hintMs);
}

/**
 * Learned typical durations per provider/model/length/pro, as the median of the
 * last 25 observed running times; seeded from the model table.
 */
export class DurationModel {
	private seen = new Map<string, number[]>();

	expected(key: string, fallbackMs: number): number {
		const xs = this.seen.get(key);
		if (!xs || xs.length === 0) return fallbackMs;
		const sorted = [...xs].sort((a, b) => a - b);
		return sorted[Math.floor(sorted.length / 2)] as number;
	}

	learn(key: string, ms: number): void {
		if (!(ms > 0)) return;
		const xs = this.seen.get(key) ?? [];
		xs.push(ms);
		if (xs.length > 25) xs.shift();
		this.seen.set(key, xs);
	}
}
