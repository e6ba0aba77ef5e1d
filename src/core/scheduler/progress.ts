/**
 * What a job's reported progress says about when it finishes. Progress is taken
 * as a power law of the time it has run, progress = (elapsed / T)^k, which follows
 * a curve that speeds up (k > 1) or slows down (k < 1) where a straight line would
 * overshoot or undershoot. Providers report whole percents, so each sample only
 * says the true progress lies in [p, p + 1 %): `finishWindow` carries that through
 * to an interval for T, which is what a look is placed on. The exponent of a kind
 * of job is learned from the jobs that finished (`curveRange`, kept by the
 * duration model), so a single sample of a later job is enough.
 */
import type { CurveRange, PollSample, PollTrack } from "./track";

export type { CurveRange, PollSample } from "./track";

/** Reported progress is in whole percents: a sample p means [p, p + STEP). */
const STEP = 0.01;
const K_MIN = 0.3;
const K_MAX = 4;
/** Samples at or above this say nothing about the curve (providers sit at 99 % while they finish). */
const TOP = 0.99;

export function started(track: PollTrack): number {
	return track.runningSince ?? track.submittedAt;
}

/** Since when the job's progress counts: its start, or the last look that saw it at 0 %. */
export function progressStart(track: PollTrack): number {
	return Math.max(started(track), track.zeroSeenAt ?? -Infinity);
}

/** The first sample past 5 % and the last one, when both say something about the curve. */
function pair(track: PollTrack): { a: PollSample; b: PollSample; ea: number; eb: number } | null {
	if (track.sawQueued || track.runningSince === null) return null;
	const start = progressStart(track);
	const a = track.samples.find((x) => x.progress >= 0.05);
	const b = track.samples[track.samples.length - 1];
	if (!a || !b || a === b || b.progress <= a.progress || b.progress >= 1) return null;
	const ea = a.at - start;
	const eb = b.at - start;
	if (!(ea > 0) || !(eb > ea)) return null;
	return { a, b, ea, eb };
}

/** The exponent k of the power law through the job's first sample past 5 % and its last, or null. */
function curveExponent(track: PollTrack): number | null {
	const p = pair(track);
	if (!p) return null;
	const k = Math.log(p.b.progress / p.a.progress) / Math.log(p.eb / p.ea);
	return k >= K_MIN && k <= K_MAX ? k : null;
}

/**
 * Time left from a power law fitted to two progress samples past 5 %. Null without
 * two such samples, when the start is uncertain (the job was seen queued), or when
 * the exponent is implausible.
 */
export function fitted(track: PollTrack, now: number): number | null {
	const p = pair(track);
	const k = curveExponent(track);
	if (!p || k === null) return null;
	const total = p.eb / Math.pow(p.b.progress, 1 / k);
	return total - (now - progressStart(track));
}

/**
 * The exponents the job's first sample past 5 % and its last allow, each known
 * only to a whole percent, and its start known only to lie between `started`
 * and `progressStart` (a look that saw 0 %); null without such a pair or when
 * none is plausible.
 */
export function curveRange(track: PollTrack): CurveRange | null {
	const p = pair(track);
	if (!p) return null;
	const early = started(track);
	const late = progressStart(track);
	// eb/ea grows with the start: the latest start gives the lowest exponent.
	const lo = Math.max(K_MIN, Math.log(p.b.progress / (p.a.progress + STEP)) / Math.log((p.b.at - late) / (p.a.at - late)));
	const hi = Math.min(K_MAX, Math.log(Math.min(1, p.b.progress + STEP) / p.a.progress) / Math.log((p.b.at - early) / (p.a.at - early)));
	return lo <= hi ? { lo, hi } : null;
}

/**
 * The interval the job's duration (counted from `started`) lies in, by its
 * latest progress sample and the exponents its own samples allow, narrowed by
 * what the jobs of its kind allowed (`kind`) where the two agree (one sample is
 * then enough). Null when neither says, or the latest sample is at 99 % or more.
 */
export function finishWindow(track: PollTrack, kind?: CurveRange | null): { lo: number; hi: number } | null {
	if (track.sawQueued || track.runningSince === null) return null;
	const b = track.samples[track.samples.length - 1];
	if (!b || b.progress < 0.05 || b.progress >= TOP) return null;
	const early = started(track);
	const late = progressStart(track);
	if (!(b.at > late)) return null;
	let k = curveRange(track);
	if (k && kind) {
		const lo = Math.max(k.lo, kind.lo);
		const hi = Math.min(k.hi, kind.hi);
		if (lo <= hi) k = { lo, hi };
	} else if (!k && kind) k = kind;
	if (!k) return null;
	// The finish s + (b − s)·p^(−1/k) is latest for the earliest start, the lowest exponent and progress.
	const hi = (b.at - early) * Math.pow(b.progress, -1 / k.lo);
	const lo = late - early + (b.at - late) * Math.pow(Math.min(1, b.progress + STEP), -1 / k.hi);
	return { lo, hi };
}

/** Estimated ms until the job finishes from its reported progress, or null when unknown/overdue. */
export function eta(track: PollTrack, now: number, expectedMs = track.expectedMs): number | null {
	const fit = fitted(track, now);
	if (fit !== null) return fit > 0 ? fit : null;
	const last = track.samples[track.samples.length - 1];
	if (last && last.progress >= 0.05) {
		const estimates: number[] = [];
		const first = track.samples[0];
		if (first && last !== first && last.progress > first.progress) {
			const rate = (last.progress - first.progress) / (last.at - first.at);
			estimates.push((1 - last.progress) / rate - (now - last.at));
		}
		if (!track.sawQueued && track.runningSince !== null) {
			const ran = last.at - progressStart(track);
			if (ran > 0) estimates.push((ran * (1 - last.progress)) / last.progress - (now - last.at));
		} else if (estimates.length === 0) {
			estimates.push(expectedMs * (1 - last.progress) - (now - last.at));
		}
		const e = Math.min(...estimates);
		return e > 0 ? e : null;
	}
	return null;
}
