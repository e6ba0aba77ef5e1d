/**
 * Issue 15's scenarios: providers we cannot predict. Every job is a Sora.hk 10 s
 * normal job, whose catalog `typicalSeconds` (270 s) is the engine's only prior;
 * the simulator's hidden durations differ from it by a factor, vary widely, or the
 * capacity wanders. 200 jobs each, 3 seeds (S1–S12 keep 5), no safe-mode column and
 * no re-run-until-done replay, to keep the whole bench well under 5 minutes.
 */
import type { Scenario } from "../../../src/sim";
import { seededRandom } from "../../../src/core/scheduler/random";
import type { BenchScenario } from "./scenarios";

const MIN = 60_000;
/** The catalog's typical duration of a Sora.hk 10 s normal job: the engine's prior. */
export const PRIOR_MS = 270_000;
export const EXTENDED_SEEDS = [1, 2, 3] as const;
const BASE: Partial<Scenario> = { progressCurve: "pow1.5" };

function scenario(id: string, title: string, tests: string, n: number, sim: Partial<Scenario>, o: Partial<BenchScenario> = {}): BenchScenario {
	return { id, title, tests, n, sim: { ...BASE, ...sim }, makespanTarget: 1.1, share429Target: 0.03, seeds: EXTENDED_SEEDS, extended: true, ...o };
}

/** Prior mismatch: jobs take `factor` × the catalog's typical time. */
function mismatch(factor: number, capacity: number): BenchScenario {
	const t = factor * PRIOR_MS;
	const secs = t < MIN ? `${(t / 1000).toFixed(1)} s` : `${(t / MIN).toFixed(1)} min`;
	return scenario(
		`P${String(factor).replace(".", "")}-C${capacity}`,
		`prior ×${factor}: jobs take ${secs} (the catalog says 4.5 min), C=${capacity}`,
		"detection bounded by the job's real time whatever the prior; censored learning",
		200,
		{ capacity, jobDurationMs: t },
	);
}

/** A capacity that wanders between 2 and 30: a step every 2–5 min of ±1–4 (fixed seed; the same walk for every run). */
export function randomWalk(hours: number, seed = 4242): Array<{ at: number; value: number }> {
	const rand = seededRandom(seed);
	const steps: Array<{ at: number; value: number }> = [{ at: 0, value: 12 }];
	let at = 0;
	let value = 12;
	while (at < hours * 60 * MIN) {
		at += Math.round((2 + 3 * rand()) * MIN);
		const delta = (1 + Math.floor(4 * rand())) * (rand() < 0.5 ? -1 : 1);
		value = Math.min(30, Math.max(2, value + delta));
		steps.push({ at, value });
	}
	return steps;
}

export const EXTENDED: BenchScenario[] = [
	...[0.05, 0.2, 0.5, 2, 4].flatMap((f) => [mismatch(f, 5), mismatch(f, 20)]),
	scenario("LN1", "lognormal durations, σ 1 (median 8 min), C=12", "wide durations; no job given up while the provider runs it", 200, {
		capacity: 12,
		jobDurationMs: { lognormal: { median: 8 * MIN, sigma: 1, min: 5_000, max: 4 * 60 * MIN } },
	}),
	scenario("BI", "bimodal: 70 % take 1–2 min, 30 % take 15–25 min, C=12", "two kinds of job under one key and one prior", 200, {
		capacity: 12,
		jobDurationMs: {
			mix: [
				{ weight: 7, spec: { min: MIN, max: 2 * MIN } },
				{ weight: 3, spec: { min: 15 * MIN, max: 25 * MIN } },
			],
		},
	}),
	scenario("RW", "capacity random walk between 2 and 30 (a step every 2–5 min), T = 4.5 min", "taking up capacity that comes and goes", 200, {
		capacity: randomWalk(12),
		jobDurationMs: PRIOR_MS,
	}),
	scenario("D3", "capacity drop 20 → 3 at 20 min, T = 4.5 min", "a large drop: no job lost, few 429s", 200, {
		capacity: [
			{ at: 0, value: 20 },
			{ at: 20 * MIN, value: 3 },
		],
		jobDurationMs: PRIOR_MS,
	}),
	scenario(
		"RPM",
		"RPM limit on all calls with concurrency: C=20, 30 req/min (burst 5), T = 4.5 min",
		"one request budget: poll the jobs most likely done, submit as slots free",
		200,
		{ capacity: 20, jobDurationMs: PRIOR_MS, rpm: { limit: 30, burst: 5, retryAfter: true } },
		{ makespanTarget: 1.15 },
	),
	scenario(
		"RAD",
		"Retry-After as an HTTP-date: C=12, 30 req/min (burst 5), T = 4.5 min",
		"HTTP-date Retry-After honoured, no violation",
		200,
		{ capacity: 12, jobDurationMs: PRIOR_MS, rpm: { limit: 30, burst: 5, retryAfter: "date" } },
		{ makespanTarget: 1.15 },
	),
	scenario(
		"RA600",
		"Retry-After: 600 on the first capacity 429, C=12, T = 10 min",
		"a capacity Retry-After delays creates only: polls and downloads go on; the user is told",
		100,
		{ capacity: 12, jobDurationMs: 10 * MIN, capacityRetryAfter: { seconds: 600, count: 1 } },
	),
	scenario(
		"RAX",
		"no Retry-After: C=20, 40 req/min (burst 5) answered with bare 429s, T = 4.5 min",
		"rate limit learned from bare 429s",
		200,
		{ capacity: 20, jobDurationMs: PRIOR_MS, rpm: { limit: 40, burst: 5, retryAfter: false } },
		{ makespanTarget: 1.15 },
	),
	scenario("SHORT", "3–6 s jobs (×0.01–0.02 of the prior), C=5", "an independent Sora.hk-format server's very short jobs", 100, {
		capacity: 5,
		jobDurationMs: { min: 3_000, max: 6_000 },
	}),
];
