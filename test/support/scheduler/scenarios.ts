/**
 * Benchmark scenarios S1–S12 as data (reference adaptive-concurrency.md §4.4, plus
 * S9–S12). Each is played against the simulator's Sora.hk routes: its capacity 429
 * says "并发任务数已达上限" (classified capacity) and its rate 429 says "请求过于频繁"
 * (classified rate, with Retry-After when the request bucket sends one).
 *
 * Times are ms relative to the simulator start. Every job gets a unique prompt.
 */
import type { Scenario } from "../../../src/sim";
import { EXTENDED } from "./scenarios-x";

export { EXTENDED };

const MIN = 60_000;

export interface JobSpec {
	/** Requested video seconds (Sora.hk normal: 10/15, pro: 10/15/25). */
	seconds: number;
	pro: boolean;
}

export interface BenchScenario {
	id: string;
	title: string;
	tests: string;
	n: number;
	/** Simulator knobs (the hidden truth). */
	sim: Partial<Scenario>;
	/** Job i's request; default 10 s normal. */
	job?: (i: number) => JobSpec;
	/** Makespan target relative to the oracle (1.10; 1.15 where a request-rate limit applies that the oracle ignores). */
	makespanTarget: number;
	/** 429-share target (0.03), counted without injected spurious 429s (S7). */
	share429Target: number;
	/** S12: the run must stop on quota with nothing lost; completion is not 100 %. */
	quotaStop?: boolean;
	/** Seeds to run (default SEEDS). */
	seeds?: readonly number[];
	/** Issue 15's set: no safe-mode column and no re-run-until-done replay (bench time). */
	extended?: boolean;
}

const T10 = 10 * MIN;
const COMMON: Partial<Scenario> = { progressCurve: "pow1.5", jobDurationMs: T10 };

export const SCENARIOS: BenchScenario[] = [
	{
		id: "S1",
		title: "steady, hidden C=12",
		tests: "ceiling discovery below the default 20",
		n: 100,
		sim: { ...COMMON, capacity: 12 },
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S2",
		title: "capacity drop 16 → 8 at 30 min",
		tests: "decrease without job loss; running jobs are not killed",
		n: 100,
		sim: {
			...COMMON,
			capacity: [
				{ at: 0, value: 16 },
				{ at: 30 * MIN, value: 8 },
			],
		},
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S3",
		title: "outage: every request 503 in [25, 35) min, C=12",
		tests: "breaker, outage waste, recovery",
		n: 100,
		sim: { ...COMMON, capacity: 12, outages: [{ from: 25 * MIN, to: 35 * MIN, status: 503 }] },
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S4",
		title: "slow jobs: N=60, C=10, T ~ U(20, 35) min",
		tests: "long jobs, poll cost, no false timeouts",
		n: 60,
		sim: { ...COMMON, capacity: 10, jobDurationMs: { min: 20 * MIN, max: 35 * MIN } },
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S5",
		title: "request rate: C=20, 60 req/min bucket (burst 10), 429 + Retry-After",
		tests: "request-rate control, Retry-After compliance",
		n: 100,
		sim: { ...COMMON, capacity: 20, rpm: { limit: 60, burst: 10, retryAfter: true } },
		makespanTarget: 1.15,
		share429Target: 0.03,
	},
	{
		id: "S6",
		title: "headroom: C=40, client max 64",
		tests: "probing above the default 20",
		n: 100,
		sim: { ...COMMON, capacity: 40 },
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S7",
		title: "noise: C=12 plus 5 % random 429 on any request",
		tests: "robustness to spurious 429s",
		n: 100,
		sim: { ...COMMON, capacity: 12, random429: 0.05 },
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S8",
		title: "capacity rise 8 → 16 at 30 min",
		tests: "discovering added capacity",
		n: 100,
		sim: {
			...COMMON,
			capacity: [
				{ at: 0, value: 8 },
				{ at: 30 * MIN, value: 16 },
			],
		},
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S9",
		title: "provider queues instead of rejecting, C=12",
		tests: "no 429 at all; queued time is the only signal; timeouts from running, not submit",
		n: 100,
		sim: { ...COMMON, capacity: 12, queueInsteadOfReject: true },
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S10",
		title: "mixed models on one key: 67 normal 10 s (10 min) and 33 pro 25 s (22 min), C=12",
		tests: "one limit for jobs of different lengths; per-model learned durations",
		n: 100,
		// 2 min + 48 s per video second: 10 s → 10 min, 25 s → 22 min.
		sim: { ...COMMON, capacity: 12, jobDurationMs: 2 * MIN, durationPerVideoSecond: 48_000 },
		job: (i) => (i % 3 === 2 ? { seconds: 25, pro: true } : { seconds: 10, pro: false }),
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S11",
		title: "POST answers 502 after creating the task (5 % of creates), C=12",
		tests: "no blind POST retry: lookup, adopt, never duplicate",
		n: 100,
		sim: { ...COMMON, capacity: 12, post502AfterCreate: 0.05 },
		makespanTarget: 1.1,
		share429Target: 0.03,
	},
	{
		id: "S12",
		title: "quota: insufficient balance after 40 creates, C=12",
		tests: "stop cleanly: no retries of a quota error, every created task delivered",
		n: 100,
		sim: { ...COMMON, capacity: 12, quotaAfterCreates: 40 },
		makespanTarget: 1.1,
		share429Target: 0.03,
		quotaStop: true,
	},
];

/** S1–S12 and issue 15's set. */
export const ALL_SCENARIOS: BenchScenario[] = [...SCENARIOS, ...EXTENDED];

export function jobSpec(s: BenchScenario, i: number): JobSpec {
	return s.job ? s.job(i) : { seconds: 10, pro: false };
}

/** Unique prompt per job (the duplicate metric counts creates per prompt). */
export function promptOf(s: BenchScenario, seed: number, i: number): string {
	return `${s.id} seed ${seed} shot ${String(i + 1).padStart(3, "0")}: a slow dolly through a rain-soaked neon alley`;
}

export const SEEDS = [1, 2, 3, 4, 5];
