/**
 * Honest progress for people: how far a job probably is between two polls, how
 * long the run probably has left, and what it has spent so far. Everything here is
 * an estimate and says what it rests on (`basis`): a provider's reported progress,
 * the durations this run learned, or only the catalog's typical duration (which may
 * be far off). Pure: the caller passes `now`.
 */
import type { JobState } from "../ports/events";

/** What the estimates need to know about one job (the queue's row carries these). */
export interface EstimateInput {
	state: JobState;
	/** First seen submitting / queued (run clock). */
	sentAt?: number;
	/** First seen running at the provider. */
	runningAt?: number;
	/** Expected duration once sent (ms): learned when `learned`, else the catalog's hint. */
	expectedMs?: number;
	learned?: boolean;
	/** The provider's last reported progress (0–100) and when it was seen. */
	progress?: number;
	progressAt?: number;
}

export type EstimateBasis = "reported" | "learned" | "catalog" | "none";

export interface JobEstimate {
	/** 0–100; below 100 until the job is done. */
	percent: number;
	/** Probably left, ms; null when nothing is known (or the job is over). */
	leftMs: number | null;
	/** It has run longer than expected: it may finish any moment (or take longer). */
	overdue: boolean;
	basis: EstimateBasis;
}

const WAITING: ReadonlySet<JobState> = new Set<JobState>(["pending", "submitting"]);
const SENT: ReadonlySet<JobState> = new Set<JobState>(["queued", "running", "downloading"]);

/** Reported progress below this says too little to extrapolate from. */
const MIN_REPORTED = 5;

/** How far one job probably is at `now`. */
export function estimateJob(j: EstimateInput, now: number): JobEstimate {
	const basisOf = (): EstimateBasis => (j.expectedMs === undefined ? "none" : j.learned ? "learned" : "catalog");
	if (j.state === "done") return { percent: 100, leftMs: 0, overdue: false, basis: "reported" };
	if (WAITING.has(j.state)) return { percent: 0, leftMs: j.expectedMs ?? null, overdue: false, basis: basisOf() };
	if (j.state === "downloading") return { percent: 99, leftMs: 0, overdue: false, basis: "reported" };
	const reported = clamp(j.progress ?? 0, 0, 100);
	if (!SENT.has(j.state)) return { percent: Math.min(99, reported), leftMs: null, overdue: false, basis: "none" };
	const start = j.runningAt ?? j.sentAt;
	if (j.state === "queued" || start === undefined) return { percent: Math.min(99, reported), leftMs: j.expectedMs ?? null, overdue: false, basis: basisOf() };
	const elapsed = Math.max(0, now - start);
	// The whole duration: from the reported progress when it says enough, else the expectation.
	let total: number | undefined;
	let basis = basisOf();
	if (reported >= MIN_REPORTED && j.progressAt !== undefined && j.progressAt > start) {
		total = ((j.progressAt - start) * 100) / reported;
		basis = "reported";
	} else total = j.expectedMs;
	if (total === undefined || !(total > 0)) return { percent: Math.min(99, reported), leftMs: null, overdue: false, basis: "none" };
	const percent = Math.min(99, Math.max(reported, (100 * elapsed) / total));
	const left = total - elapsed;
	return { percent, leftMs: Math.max(0, left), overdue: left < 0, basis };
}

export interface RunEstimate {
	/** Probably left for the whole run, ms; null when no job's duration is known. */
	leftMs: number | null;
	/** The weakest basis any part of it rests on. */
	basis: EstimateBasis;
	/** Jobs not finished yet. */
	open: number;
}

const WEAKNESS: Record<EstimateBasis, number> = { reported: 0, learned: 1, catalog: 2, none: 3 };

/**
 * The run's ETA: the jobs in flight finish by their own estimates; the waiting
 * ones take free slots (`slots`, the adaptive limit) in order, each for its
 * expected duration. A waiting job whose duration is unknown borrows the mean of
 * the known ones; with none known, the ETA is unknown.
 */
export function estimateRun(jobs: readonly EstimateInput[], now: number, slots: number): RunEstimate {
	const busy: Array<number | undefined> = [];
	const waiting: Array<number | undefined> = [];
	let basis: EstimateBasis = "reported";
	const weaker = (b: EstimateBasis) => {
		if (WEAKNESS[b] > WEAKNESS[basis]) basis = b;
	};
	const known: number[] = [];
	for (const j of jobs) {
		if (j.expectedMs !== undefined) known.push(j.expectedMs);
		if (WAITING.has(j.state)) {
			waiting.push(j.expectedMs);
			if (j.expectedMs !== undefined) weaker(j.learned ? "learned" : "catalog");
		} else if (SENT.has(j.state)) {
			const e = estimateJob(j, now);
			if (e.leftMs !== null) weaker(e.basis);
			busy.push(e.leftMs ?? undefined);
		}
	}
	const open = busy.length + waiting.length;
	if (open === 0) return { leftMs: 0, basis: "reported", open };
	const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : undefined;
	// A job whose duration is unknown borrows the mean of the known ones (a weak guess).
	if (busy.includes(undefined) || waiting.includes(undefined)) {
		if (mean === undefined) return { leftMs: null, basis: "none", open };
		weaker("catalog");
	}
	const n = Math.max(1, Math.floor(slots), busy.length);
	const free = busy.map((b) => b ?? (mean as number));
	while (free.length < n) free.push(0);
	for (const w of waiting) {
		let i = 0;
		for (let k = 1; k < free.length; k++) if ((free[k] as number) < (free[i] as number)) i = k;
		free[i] = (free[i] as number) + (w ?? mean ?? 0);
	}
	return { leftMs: Math.max(...free), basis, open };
}

/** What a job costs and whether the provider took it (it is paid once accepted). */
export interface SpendInput {
	cost?: number | null;
	/** The provider accepted the create (a task exists), in this run. */
	accepted: boolean;
	/** A create whose answer was lost: it may have been paid. */
	uncertain?: boolean;
}

export interface Spend {
	/** Estimated USD of the takes the provider accepted in this run. */
	spent: number;
	/** Of those, how many have no known price (not in `spent`). */
	unpriced: number;
	/** Estimated USD of creates that may or may not have been paid (answers lost). */
	uncertain: number;
}

/** Spend so far, from each accepted take's estimated price. */
export function spendSoFar(jobs: readonly SpendInput[]): Spend {
	const out: Spend = { spent: 0, unpriced: 0, uncertain: 0 };
	for (const j of jobs) {
		if (j.accepted) {
			if (j.cost === null || j.cost === undefined) out.unpriced++;
			else out.spent += j.cost;
		} else if (j.uncertain && typeof j.cost === "number") out.uncertain += j.cost;
	}
	out.spent = Math.round(out.spent * 1e4) / 1e4;
	out.uncertain = Math.round(out.uncertain * 1e4) / 1e4;
	return out;
}

function clamp(x: number, lo: number, hi: number): number {
	return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo;
}
