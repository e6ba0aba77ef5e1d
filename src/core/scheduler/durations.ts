/**
 * What a run learns about how long jobs of one kind take (provider/model/length/
 * pro), from censored observations: a finish first seen at a poll shows only that
 * the job ran longer than the last look that saw it running and at most until the
 * look that saw it done. poll.ts plans looks from it.
 */
import type { CurveRange, PollTrack } from "./track";

/** What the run has learned about one kind of job, from censored observations. */
export interface DurationWindow {
	n: number;
	/** Median of the observations' midpoints. */
	median: number;
	/** Polls before this rarely find a job of this kind done (80 % of the shortest seen, or of the 2nd percentile). */
	floor: number;
	/**
	 * Every observation fits one duration: it is at most `minHi` (and at least half
	 * that: jobs only ever seen done at their first look say little).
	 */
	tight: boolean;
	minHi: number;
	/** The longest any of them was seen still running. */
	maxLo: number;
	/** With 10 or more jobs: 98 % of them were seen done by this time (Infinity before). */
	doneBy: number;
	/** The observations' midpoints, ascending. */
	mids: readonly number[];
	/**
	 * The progress curve's exponent, when finished jobs of this kind reported
	 * progress: the range every one of them allows (they follow one curve), or
	 * the hull of theirs when they disagree. Null before three of them.
	 */
	curve: CurveRange | null;
}

/** A job's duration as polling saw it: it had not finished at `lo`, it had at `hi`. */
export interface Censored {
	lo: number;
	hi: number;
}

/**
 * Learned durations per provider/model/length/pro from the last 50 jobs. A finish
 * first seen at a poll is interval-censored: the job ran longer than `lo` (the
 * last poll that saw it running) and at most `hi` (the poll that saw it done), so
 * slow polling never teaches the model that jobs are slow.
 */
export class DurationModel {
	private seen = new Map<string, Censored[]>();
	private curves = new Map<string, CurveRange[]>();
	/**
	 * The latest observation that saw a job of the kind still running: once every
	 * job is looked at right after the one duration, all are seen done at their first
	 * look (lo 0), and the last 50 alone would no longer show the window's lower edge.
	 */
	private lastLo = new Map<string, number>();
	private cache = new Map<string, DurationWindow>();

	/** A finished job's progress allowed these exponents (see `curveRange`). */
	learnCurve(key: string, k: CurveRange | null): void {
		if (!k) return;
		const ks = this.curves.get(key) ?? [];
		ks.push(k);
		if (ks.length > 50) ks.shift();
		this.curves.set(key, ks);
		this.cache.delete(key);
	}

	private curve(key: string): CurveRange | null {
		const ks = this.curves.get(key);
		if (!ks || ks.length < 3) return null;
		let lo = -Infinity;
		let hi = Infinity;
		for (const k of ks) {
			lo = Math.max(lo, k.lo);
			hi = Math.min(hi, k.hi);
		}
		if (lo <= hi) return { lo, hi };
		return { lo: Math.min(...ks.map((k) => k.lo)), hi: Math.max(...ks.map((k) => k.hi)) };
	}

	expected(key: string, fallbackMs: number): number {
		return this.window(key)?.median ?? fallbackMs;
	}

	learn(key: string, obs: number | Censored): void {
		const o = typeof obs === "number" ? { lo: obs, hi: obs } : obs;
		if (!(o.hi > 0) || !(o.lo <= o.hi)) return;
		const xs = this.seen.get(key) ?? [];
		xs.push({ lo: Math.max(0, o.lo), hi: o.hi });
		if (o.lo > 0) this.lastLo.set(key, o.lo);
		if (xs.length > 50) xs.shift();
		this.seen.set(key, xs);
		this.cache.delete(key);
	}

	window(key: string): DurationWindow | null {
		const hit = this.cache.get(key);
		if (hit) return hit;
		const xs = this.seen.get(key);
		if (!xs || xs.length === 0) return null;
		const mids = xs.map((o) => (o.lo + o.hi) / 2).sort((a, b) => a - b);
		let maxLo = xs.some((o) => o.lo > 0) ? 0 : (this.lastLo.get(key) ?? 0);
		let minLo = Infinity;
		let minHi = Infinity;
		for (const o of xs) {
			maxLo = Math.max(maxLo, o.lo);
			minLo = Math.min(minLo, o.lo);
			minHi = Math.min(minHi, o.hi);
		}
		// The shortest seen, or with enough jobs the 2nd percentile: one very short job
		// (seen done at its first poll, lo = 0) must not make every job poll from the start.
		const low = xs.length >= 20 ? (mids[Math.floor(0.02 * mids.length)] as number) : minLo;
		const his = xs.map((o) => o.hi).sort((a, b) => a - b);
		const doneBy = xs.length >= 10 ? (his[Math.min(his.length - 1, Math.ceil(0.98 * his.length) - 1)] as number) : Infinity;
		const w: DurationWindow = {
			n: xs.length,
			median: mids[Math.floor(mids.length / 2)] as number,
			floor: 0.8 * low,
			tight: maxLo < minHi && maxLo >= 0.5 * minHi,
			minHi,
			maxLo,
			doneBy,
			mids,
			curve: this.curve(key),
		};
		this.cache.set(key, w);
		return w;
	}
}

/**
 * What a finished job teaches: see `DurationModel`. `now` is when the finish was
 * seen, `sentAt` when the poll that saw it was sent (the provider saw it done in between).
 */
export function censored(track: PollTrack, now: number, sentAt = now, mayQueue = false): Censored {
	const earliestStart = track.queuedSeenAt ?? track.submittedAt;
	// A provider that queues may have held the job before it ran, unseen: it started
	// at the latest when a poll first saw it running.
	const latestStart = mayQueue ? (track.firstRunningSeenAt ?? now) : (track.runningSince ?? now);
	const lo = track.runningSeenAt === null ? 0 : Math.max(0, track.runningSeenAt - latestStart);
	return { lo, hi: Math.max(lo, (sentAt + now) / 2 - earliestStart) };
}

/**
 * The first look (elapsed ms) that minimises the mean detection delay plus
 * `LOOK_COST_MS` per look, for jobs lasting `samples`, looked at every `stepMs` after it.
 */
export function bestFirstLook(samples: readonly number[], stepMs: number): number {
	const LOOK_COST_MS = 500;
	let best = samples[samples.length - 1] ?? stepMs;
	let bestCost = Infinity;
	const step = Math.max(1, Math.floor(samples.length / 20));
	for (let i = 0; i < samples.length; i += step) {
		const x = samples[i] as number;
		let cost = 0;
		for (const t of samples) {
			const looks = t <= x ? 1 : 1 + Math.ceil((t - x) / stepMs);
			cost += x + (looks - 1) * stepMs - t + LOOK_COST_MS * looks;
		}
		if (cost < bestCost) {
			bestCost = cost;
			best = x;
		}
	}
	const last = samples[samples.length - 1] as number;
	let lastCost = 0;
	for (const t of samples) lastCost += last - t + LOOK_COST_MS;
	return lastCost <= bestCost ? last : best;
}
