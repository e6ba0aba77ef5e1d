/**
 * When to poll a job next, without trusting the catalog's typical duration (it may
 * be wrong by 20× either way). In order of trust:
 *  1. the provider's hint (openai-poll-after-ms, Retry-After on a status GET) is a floor;
 *  2. what this run learned about jobs of the same kind (`DurationModel`): when
 *     every finished job is consistent with one duration, poll at the earliest time
 *     a peer was seen done; otherwise skip polls before the shortest seen;
 *  3. the reported progress: once it pins the finish to a narrow window
 *     (progress.ts), one look at the window's end; otherwise half the remaining ETA;
 *  4. nothing known: every `frac` (8 %) of the elapsed time, at least the shortest
 *     interval. A job finishing at T is then seen within max(min interval, 8 % of T)
 *     whatever the prior said, and a job that runs for hours is polled at a falling
 *     rate.
 * The first look comes a few seconds after submit (`FIRST_LOOK_MS`), and looks at
 * jobs seen to take only a few shortest intervals may come closer than that
 * setting (`shortestGap`, at least 1 s apart).
 * A job still queued is polled at a quarter of its time in the queue (or of the
 * learned duration), clamped.
 */

import { bestFirstLook, type DurationModel, type DurationWindow } from "./durations";
import { eta, finishWindow, fitted, progressStart, started } from "./progress";
import type { PollTrack } from "./track";

export { bestFirstLook, censored, DurationModel, type Censored, type DurationWindow } from "./durations";
export { curveRange, eta, finishWindow, fitted, started, type CurveRange, type PollSample } from "./progress";
export type { PollTrack } from "./track";

export interface PollTuning {
	firstPollMinMs: number;
	minIntervalMs: number;
	/** Longest interval while the job is young; later, `frac` of the elapsed time may be longer. */
	maxIntervalMs: number;
	/** Share of the elapsed time between polls when nothing better is known. Default 0.08. */
	frac?: number;
	/** Longest interval ever (a job running for hours). Default 15 min. */
	lateMaxMs?: number;
	/**
	 * Look inside a one-duration window to narrow it (default true). Off for a
	 * provider that queues: when jobs start is then unsure, and the window stays wide.
	 */
	explore?: boolean;
}

const DEFAULT_FRAC = 0.08;
const QUEUED_FRAC = 0.4;
const DEFAULT_LATE_MAX_MS = 15 * 60_000;
/**
 * Before anything is learned, the first look at a job comes at a random point of
 * [0.5, 1.5) × this (the default of `firstPollMinMs`), whatever the catalog says:
 * an early look costs one request, while a job far shorter than the catalog says
 * would otherwise finish long before anyone looks.
 */
export const FIRST_LOOK_MS = 2_500;
/**
 * Once jobs of a kind are seen to finish in a few shortest intervals, looks at them
 * may come closer than that setting: `SHORT_GAP_SHARE` of their median duration,
 * at least `MIN_GAP_MS` apart (a 5 s job is then still looked at ≤ 6 times).
 */
const SHORT_GAP_SHARE = 0.2;
const MIN_GAP_MS = 1_000;
/**
 * A first look inside a one-duration window narrows it while it is wider than this
 * share of the duration (at least 1 s): the later jobs' looks come at its end.
 */
const EXPLORE_SHARE = 0.002;
/** A look placed at the end of a finish window narrower than this share of it (see `finishWindow`). */
const NARROW_SHARE = 0.05;
/** …comes at least this long after the previous look (and a round trip). */
const PRECISE_GAP_MS = 200;

export function newTrack(submittedAt: number, expectedMs: number, key = "", phase = 0.5): PollTrack {
	return {
		key,
		phase,
		rttMs: 0,
		submittedAt,
		runningSince: null,
		sawQueued: false,
		samples: [],
		polls: 0,
		hintMs: 0,
		expectedMs,
		lastQueued: false,
		backlogReported: false,
		queuedSeenAt: null,
		runningSeenAt: null,
		firstRunningSeenAt: null,
		zeroSeenAt: null,
		warned: false,
		misses: 0,
		aims: 0,
	};
}

export function clamp(v: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, v));
}

/**
 * The shortest gap between two looks at a job: the setting, or less for a short
 * job, `SHORT_GAP_SHARE` of what it takes: the median of its kind once three
 * finished, or (before that) the job's own progress run on in a straight line.
 */
export function shortestGap(minMs: number, w: DurationWindow | null, track?: PollTrack, ep = 0): number {
	let t = w && w.n >= 3 ? w.median : Infinity;
	const last = track?.samples[track.samples.length - 1];
	if (last && last.progress >= 0.05 && ep > 0 && !track?.sawQueued) t = Math.min(t, ep / last.progress);
	return Number.isFinite(t) ? clamp(SHORT_GAP_SHARE * t, Math.min(minMs, MIN_GAP_MS), minMs) : minMs;
}

/**
 * Observe one poll answer; `sentAt` is when that poll was sent (default: now). The
 * provider answered about halfway through the round trip: that instant is what
 * the job's state is known at.
 */
export function observe(track: PollTrack, now: number, state: "queued" | "running", progress: number | undefined, sentAt = now): void {
	track.polls++;
	track.rttMs = Math.max(0, now - sentAt);
	const seenAt = (sentAt + now) / 2;
	if (state === "queued" && (progress === undefined || progress <= 0)) {
		track.sawQueued = true;
		track.lastQueued = true;
		track.queuedSeenAt = seenAt;
		return;
	}
	track.lastQueued = false;
	track.runningSeenAt = seenAt;
	// A look placed at the end of a narrow finish window found it still running.
	if (track.aim !== undefined && seenAt - started(track) >= track.aim) track.misses++;
	track.aim = undefined;
	// Running at 0 %: it may have only just started (a provider that queues without
	// saying so); time before this says nothing about its progress.
	if (progress === 0) track.zeroSeenAt = seenAt;
	if (track.firstRunningSeenAt === null) track.firstRunningSeenAt = seenAt;
	if (track.runningSince === null) {
		// Never saw it queued: it has been running since submit, as far as we know.
		// Seen queued: it started after that look, perhaps long before this one; count
		// from the earliest it can have started, so its finish is looked for early, not late.
		track.runningSince = track.sawQueued ? (track.queuedSeenAt ?? now) : track.submittedAt;
	}
	if (progress !== undefined && Number.isFinite(progress)) {
		const p = clamp(progress / 100, 0, 1);
		const last = track.samples[track.samples.length - 1];
		if (!last || p !== last.progress) track.samples.push({ at: seenAt, progress: p });
		if (track.samples.length > 4) track.samples.shift();
	}
}

/**
 * Delay before the next poll of a job (also the first: no answer yet).
 * `firstFreeMs`: when the first of our running jobs is expected to finish, if known
 * (a job queued at the provider cannot start before one of ours frees a slot).
 */
export function nextDelay(track: PollTrack, now: number, tuning: PollTuning, model?: DurationModel, firstFreeMs?: number): number {
	const frac = tuning.frac ?? DEFAULT_FRAC;
	const lateMax = tuning.lateMaxMs ?? DEFAULT_LATE_MAX_MS;
	const w = model?.window(track.key) ?? null;
	const minMs = tuning.minIntervalMs;
	if (track.lastQueued) {
		// Still queued: noticing the start a little late costs nothing (the job's own
		// time is counted from it), so look every quarter of the time it has waited.
		const queued = now - track.submittedAt;
		const cap = Math.min(lateMax, Math.max(tuning.maxIntervalMs, QUEUED_FRAC * queued));
		const d = clamp(Math.max(QUEUED_FRAC * queued, w ? w.median / 4 : 0), minMs, cap);
		// Nothing of ours finishes before then: it cannot have started.
		const free = firstFreeMs !== undefined && Number.isFinite(firstFreeMs) ? 0.9 * firstFreeMs : 0;
		return Math.max(d, free, track.hintMs);
	}
	const e = now - started(track);
	// The time its progress has had (a job seen at 0 % after a long wait only started then).
	const ep = now - progressStart(track);
	const gap = shortestGap(minMs, w, track, ep);
	// The step that bounds the detection delay to `frac` of the job's time, whatever it is.
	const guard = clamp(frac * ep, gap, lateMax);
	const cap = Math.min(lateMax, Math.max(tuning.maxIntervalMs, frac * ep));
	// The provider sees a poll about half a round trip after it is sent.
	const lead = track.rttMs / 2;
	const first = track.polls === 0;
	// The first look falls anywhere in [0.5, 1.5) × `firstPollMinMs`, so a batch of
	// identical jobs samples different instants and the model learns their duration
	// to within a fraction of an interval.
	let d = first ? tuning.firstPollMinMs * (0.5 + track.phase) : guard;
	const last = track.samples[track.samples.length - 1];
	const left = eta(track, now, w?.median ?? track.expectedMs);
	// Where its progress says it finishes; trusted until a look placed by it missed.
	const win = track.misses === 0 ? finishWindow(track, w?.curve) : null;
	// Its progress pins the finish down: look once, at the latest it can be (unless
	// every job of its kind fit one duration that ends earlier).
	if (win && win.hi - win.lo <= NARROW_SHARE * win.hi && !(w?.tight && e < w.minHi && w.minHi <= win.hi)) {
		track.aim = win.hi;
		// Jobs of a kind sent together finish together: the first look of each falls at its
		// own point of the window (`phase`), so one of them sees the finish soon after it
		// happens, and its finish wakes the others (watch.ts). Later looks go to the end,
		// and so does the first in a window narrower than the least time between two
		// looks at a job (a look inside it could not be followed by another before its
		// end), or when that look and the one at the end would take the job's looks past
		// the bound of one a minute of its duration plus six.
		const spread = track.aims === 0 && win.hi - win.lo > MIN_GAP_MS && track.polls + 2 <= win.hi / 60_000 + 6;
		const target = spread ? win.lo + (win.hi - win.lo) * track.phase : win.hi;
		track.aims++;
		d = Math.max(PRECISE_GAP_MS, track.rttMs, target - e - lead);
	} else if (first && w && !w.tight && w.n >= 10 && !w.curve && w.doneBy <= 4 * minMs) {
		// Jobs hardly longer than the shortest interval, with no progress to go by: one
		// well-placed look beats several early ones (e.g. 3–6 s jobs, 5 s apart: look once at 6 s).
		d = Math.max(0, bestFirstLook(w.mids, gap) - e - lead);
	} else if (w?.tight && e < w.minHi) {
		// Every job of this kind so far fits one duration, at most minHi: poll then.
		// While that duration is known only to within more than a second, a first look
		// lands somewhere in the upper half of the window instead (found done: the
		// window shrinks from above; still running: from below, and the next look
		// comes at minHi), so later jobs are looked at right after they finish.
		const width = w.minHi - w.maxLo;
		const target =
			first && tuning.explore !== false && width > Math.max(1_000, EXPLORE_SHARE * w.minHi) ? w.maxLo + width * (0.5 + 0.5 * track.phase) : w.minHi;
		d = Math.max(first ? 0 : gap, target - e - lead);
	} else if (left !== null) {
		// Half the time left: with a fitted curve the next look may be far; a straight
		// line may overshoot a curve that speeds up, so it stays capped.
		// One sample says little about the curve: look again within half the elapsed time.
		d = clamp(left / 2, gap, fitted(track, now) !== null ? lateMax : Math.min(cap, Math.max(gap, 0.5 * ep)));
	} else if (last && last.progress > 0 && last.progress < 0.05 && !track.sawQueued) {
		// Under 5 % done: for any progress curve no slower than x², at least 4.5× the
		// elapsed time is left, so the elapsed time can pass before the next look.
		d = Math.max(guard, Math.min(ep, lateMax));
	} else if (w && e < w.floor) {
		d = Math.max(first ? 0 : gap, w.floor - e - lead);
	}
	return Math.max(d, track.hintMs);
}

/** Delay before the first poll. */
export function firstDelay(track: PollTrack, tuning: PollTuning, model?: DurationModel): number {
	return nextDelay(track, track.submittedAt, tuning, model);
}

/**
 * How likely the job is done now, as elapsed time over its estimated duration
 * (≈1 when due): the rate gate serves the most likely first when requests are scarce.
 */
export function likelihood(track: PollTrack, now: number, model?: DurationModel): number {
	if (track.lastQueued) return 0;
	const e = now - started(track);
	const w = model?.window(track.key) ?? null;
	const left = eta(track, now, w?.median ?? track.expectedMs);
	if (left !== null) return e / (e + left);
	const est = w ? (w.tight ? w.minHi : w.median) : track.expectedMs;
	return est > 0 ? e / est : 1;
}

/**
 * True when the job has run past the time jobs of its kind take (the one duration
 * of a tight model, or the time 98 % were seen done), whatever its looks said.
 */
export function pastMark(track: PollTrack, now: number, model: DurationModel): boolean {
	const w = model.window(track.key);
	if (!w) return false;
	return now - started(track) >= (w.tight ? w.minHi : w.doneBy);
}

/**
 * While requests are scarce (a rate limit binds), a poll of a job the run presumes
 * done goes before a create: its slot was already counted free (see
 * `presumedDone`), so the create does not wait for it, and a finish seen late
 * misses the detection bound. Among those, the longest overdue first (earliest
 * deadline); other polls rank by how likely the job is done.
 */
export const DUE_POLL_PRIORITY = 20;

export function pollPriority(track: PollTrack, now: number, model: DurationModel): number {
	const over = overdueMs(track, now, model);
	if (over !== null) return DUE_POLL_PRIORITY + Math.min(1, over / 3_600_000);
	return likelihood(track, now, model);
}

/** How long past its kind's mark a job presumed done is (see `presumedDone`), or null. */
function overdueMs(track: PollTrack, now: number, model: DurationModel): number | null {
	if (track.lastQueued) return null;
	const w = model.window(track.key);
	if (!w) return null;
	const mark = w.tight ? w.minHi : w.doneBy;
	if (track.runningSeenAt !== null && track.runningSeenAt - started(track) >= mark) return null;
	const over = now - started(track) - mark;
	if (over < 0) return null;
	// Its own progress says it runs on past now: this one is slower.
	const win = track.misses === 0 ? finishWindow(track, w.curve) : null;
	return win && win.lo > now - started(track) ? null : over;
}

/**
 * True when what the run learned says the provider has finished this job by now,
 * so its slot there is free before a poll confirms it: past the one duration every
 * job of its kind fits (a tight model), or past the time 98 % of them were seen done.
 */
export function presumedDone(track: PollTrack, now: number, model: DurationModel): boolean {
	// A poll that saw it still running past that mark says this one is slower.
	return overdueMs(track, now, model) !== null;
}

/**
 * When this running job is expected to finish (ms from now), from a power law
 * fitted to its progress or a tight model; null when neither says.
 */
export function expectedLeft(track: PollTrack, now: number, model: DurationModel): number | null {
	if (track.lastQueued || track.runningSince === null) return null;
	const fit = fitted(track, now);
	if (fit !== null) return Math.max(0, fit);
	const w = model.window(track.key);
	if (w?.tight) return Math.max(0, w.minHi - (now - started(track)));
	return null;
}

/** True when a finished peer says this job is probably done now (a tight model, past its mark). */
export function probablyDone(track: PollTrack, now: number, model: DurationModel): boolean {
	if (track.lastQueued) return false;
	const w = model.window(track.key);
	return w !== null && w.tight && now - started(track) >= w.minHi;
}
