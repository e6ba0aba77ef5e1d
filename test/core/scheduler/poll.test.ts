/**
 * The poll schedule (pure functions): prior-free detection, censored learning,
 * fitted progress, hints. Batches are played in virtual time by a small loop here
 * (jobs in waves, each polled by nextDelay, finished jobs teaching the model), so
 * the schedule's own figures can be checked for many durations and priors quickly.
 */
import { describe, expect, it } from "vitest";
import {
	bestFirstLook,
	censored,
	curveRange,
	DurationModel,
	eta,
	finishWindow,
	FIRST_LOOK_MS,
	fitted,
	newTrack,
	nextDelay,
	observe,
	shortestGap,
} from "../../../src/core/scheduler/poll";
import { seededRandom } from "../../../src/core/scheduler/random";

const tuning = { firstPollMinMs: 5_000, minIntervalMs: 5_000, maxIntervalMs: 60_000 };
const MIN = 60_000;

/**
 * Polls `waves` × `perWave` jobs of duration T with a prior `priorMs`; jobs of a wave
 * start together (a wave starts when the previous one was seen done) and are played
 * one after another, each teaching the model before the next is played (a simple
 * stand-in for the engine, which learns as finishes come in). Returns the detection
 * delay of each job and the polls of each job.
 */
function batch(T: number, priorMs: number, curve: ((x: number) => number) | null, waves = 10, perWave = 10, seed = 1) {
	const model = new DurationModel();
	const rand = seededRandom(seed);
	const delays: number[] = [];
	const polls: number[] = [];
	let t0 = 0;
	for (let w = 0; w < waves; w++) {
		let waveEnd = t0;
		for (let j = 0; j < perWave; j++) {
			const track = newTrack(t0, priorMs, "k", rand());
			let t = t0 + nextDelay(track, t0, tuning, model);
			let n = 0;
			for (;;) {
				n++;
				if (n > 10_000) throw new Error("runaway");
				if (t - t0 >= T) {
					delays.push(t - t0 - T);
					polls.push(n);
					model.learn("k", censored(track, t));
					waveEnd = Math.max(waveEnd, t);
					break;
				}
				const p = curve ? Math.floor(curve((t - t0) / T) * 100) : undefined;
				observe(track, t, "running", p);
				t += nextDelay(track, t, tuning, model);
			}
		}
		t0 = waveEnd;
	}
	return { delays, polls };
}

function p95(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] as number;
}

function mean(xs: number[]): number {
	return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe("poll schedule without a trustworthy prior", () => {
	it("detects within max(5 s, 10 % of T) at p95 and polls ≤ T/60 s + 6 per job, for T from 5 s to 60 min and a prior 20× off", () => {
		for (const T of [5_000, 13_500, 54_000, 4.5 * MIN, 18 * MIN, 60 * MIN]) {
			for (const factor of [1 / 20, 1, 20]) {
				// The prior is wrong by `factor` (T = factor × prior): the prior says T / factor.
				const prior = T / factor;
				for (const curve of [null, (x: number) => x, (x: number) => x ** 1.5]) {
					const { delays, polls } = batch(T, prior, curve);
					const label = `T=${T / 1000}s prior=${prior / 1000}s ${curve ? "progress" : "no progress"}`;
					expect(p95(delays), label).toBeLessThanOrEqual(Math.max(5_000, 0.1 * T));
					expect(mean(polls), label).toBeLessThanOrEqual(T / 60_000 + 6);
				}
			}
		}
	});

	it("the first look comes a few seconds after submit whatever the prior, at a different instant for each job", () => {
		const first = { ...tuning, firstPollMinMs: FIRST_LOOK_MS };
		for (const prior of [13_500, 270_000, 600_000]) {
			const firsts = [0.1, 0.5, 0.9].map((phase) => nextDelay(newTrack(0, prior, "k", phase), 0, first));
			// In [0.5, 1.5) × 2.5 s, spread by the phase: a 3 s job is not done before it.
			expect(Math.min(...firsts)).toBeGreaterThanOrEqual(1_250);
			expect(Math.max(...firsts)).toBeLessThan(3_750);
			expect(new Set(firsts).size).toBe(3);
		}
	});

	it("a job running for hours is polled at a falling rate (every 8 % of its time, at most 15 min)", () => {
		const track = newTrack(0, 600_000, "k");
		observe(track, 60_000, "running", undefined);
		const at1h = nextDelay(track, 3600_000, tuning);
		const at3h = nextDelay(track, 3 * 3600_000, tuning);
		expect(at1h).toBeCloseTo(0.08 * 3600_000, -3);
		expect(at3h).toBeGreaterThan(at1h);
		expect(nextDelay(track, 10 * 3600_000, tuning)).toBe(15 * MIN);
	});
});

describe("learning from censored observations", () => {
	it("a finish first seen at a poll teaches an interval, not the time until it was noticed", () => {
		// Jobs of 13.5 s first seen done at 121 s (slow polling) do not make the next ones look later.
		const m = new DurationModel();
		for (let i = 0; i < 10; i++) {
			const track = newTrack(0, 270_000, "k");
			observe(track, 10_000, "running", undefined);
			m.learn("k", censored(track, 121_000));
		}
		const w = m.window("k");
		expect(w).not.toBeNull();
		expect(w!.median).toBeLessThan(121_000);
		// Each says only T ∈ (10 s, 121 s]: the model does not claim 121 s.
		expect(m.expected("k", 270_000)).toBeCloseTo((10_000 + 121_000) / 2, -3);
	});

	it("identical jobs looked at different instants narrow the duration down; the next ones are looked at once, right after it", () => {
		const { delays, polls } = batch(600_000, 270_000, null, 6, 20);
		const lastWave = delays.slice(-20);
		// The window is narrowed until it is within 1 % of the duration; an exploring look
		// that finds the job still running costs it at most one shortest interval more.
		expect(mean(lastWave)).toBeLessThan(0.01 * 600_000);
		expect(Math.max(...lastWave)).toBeLessThanOrEqual(0.01 * 600_000 + 5_000);
		expect(mean(polls.slice(-20))).toBeLessThanOrEqual(3);
		// Without a model (the very first job) the same job costs many more looks.
		expect(polls[0] as number).toBeGreaterThan(4 * mean(polls.slice(-20)));
	});

	it("uses the table value until it has observations, then their median", () => {
		const m = new DurationModel();
		expect(m.expected("k", 270_000)).toBe(270_000);
		m.learn("k", 600_000);
		m.learn("k", 500_000);
		m.learn("k", 700_000);
		expect(m.expected("k", 270_000)).toBe(600_000);
		m.learn("k", -1);
		expect(m.expected("other", 5)).toBe(5);
	});

	it("with jobs barely longer than the shortest interval, looks once at the end of their range", () => {
		// 3–6 s jobs, 5 s apart: one look at 6 s (mean delay 1.5 s) beats an early look and a second one.
		const samples = Array.from({ length: 50 }, (_, i) => 3_000 + (3_000 * i) / 49);
		expect(bestFirstLook(samples, 5_000)).toBe(6_000);
	});
});

describe("reported progress", () => {
	it("a power law fitted to two samples predicts the finish of a curve that speeds up (a straight line would overshoot)", () => {
		const T = 600_000;
		const track = newTrack(0, 270_000, "k");
		for (const x of [0.2, 0.4]) observe(track, x * T, "running", Math.floor(x ** 1.5 * 100));
		const left = fitted(track, 0.4 * T) as number;
		// Within 10 % of T, with progress in whole percents (8 % and 25 %).
		expect(Math.abs(left - 0.6 * T)).toBeLessThan(0.1 * T);
		// A straight line from the start (25 % in 240 s) would say 720 s left, twice the truth.
		const linear = (0.4 * T) / 0.25 - 0.4 * T;
		expect(linear).toBeGreaterThan(1.9 * 0.6 * T);
	});

	it("a server poll-after hint is a floor", () => {
		const track = newTrack(0, 600_000);
		observe(track, 590_000, "running", 98);
		track.hintMs = 20_000;
		expect(nextDelay(track, 590_000, tuning)).toBe(20_000);
	});

	it("time queued does not count toward the ETA; the start is counted from the last look that saw it queued", () => {
		const track = newTrack(0, 600_000);
		observe(track, 300_000, "queued", 0);
		expect(track.runningSince).toBeNull();
		observe(track, 400_000, "running", 10);
		expect(track.runningSince).toBe(300_000);
		const e = eta(track, 400_000);
		expect(e).not.toBeNull();
		expect(e as number).toBeGreaterThan(500_000);
	});

	it("a job seen running at 0 % after a long wait only started then: its next look is not pushed out by its age", () => {
		const track = newTrack(0, 600_000, "k");
		observe(track, 600_000, "running", 0);
		observe(track, 650_000, "running", 3);
		// Without the 0 % look, 3 % at 650 s would let the job wait 650 s more.
		expect(nextDelay(track, 650_000, tuning)).toBeLessThanOrEqual(60_000);
	});
});

describe("jobs far shorter than the shortest poll interval", () => {
	const pow = (x: number) => x ** 1.5;
	/** A model that saw `n` jobs of `T` ms finish, each looked at 10 % after. */
	function learned(T: number, n = 5): DurationModel {
		const m = new DurationModel();
		for (let i = 0; i < n; i++) m.learn("k", { lo: 0.9 * T, hi: 1.1 * T });
		return m;
	}

	it("looks come closer than the 5 s setting (at least 1 s apart) only once jobs of the kind were seen to finish in a few seconds", () => {
		expect(shortestGap(5_000, null)).toBe(5_000);
		expect(shortestGap(5_000, learned(60_000).window("k"))).toBe(5_000);
		expect(shortestGap(5_000, learned(4_500).window("k"))).toBeCloseTo(1_000, -1);
		expect(shortestGap(5_000, learned(10_000).window("k"))).toBeCloseTo(2_000, -1);
		// Two finishes are not yet a kind.
		expect(shortestGap(5_000, learned(4_500, 2).window("k"))).toBe(5_000);
		// Before any finish, the job's own progress says it is short: 40 % after 2 s.
		const track = newTrack(0, 270_000, "k");
		observe(track, 2_000, "running", 40);
		expect(shortestGap(5_000, null, track, 2_000)).toBeCloseTo(1_000, -1);
	});

	it("two progress samples in whole percents pin a 5 s job's finish to a narrow window; the next look lands at its end, just after the finish", () => {
		const T = 5_000;
		const track = newTrack(0, 270_000, "k");
		for (const at of [1_500, 3_500]) observe(track, at, "running", Math.floor(pow(at / T) * 100));
		const win = finishWindow(track);
		expect(win).not.toBeNull();
		expect(win!.lo).toBeLessThanOrEqual(T);
		expect(win!.hi).toBeGreaterThanOrEqual(T);
		expect(win!.hi - win!.lo).toBeLessThan(0.05 * T);
		const at = 3_500 + nextDelay(track, 3_500, tuning);
		expect(at).toBeGreaterThanOrEqual(T);
		expect(at - T).toBeLessThan(0.05 * T);
	});

	it("once the kind's curve is learned from finished jobs, one sample is enough", () => {
		const T = 4_000;
		const m = new DurationModel();
		for (let i = 0; i < 10; i++) {
			const t = 3_000 + 333 * i;
			const done = newTrack(0, 270_000, "k");
			for (const at of [(0.3 + 0.02 * i) * t, (0.8 + 0.01 * i) * t]) observe(done, at, "running", Math.floor(pow(at / t) * 100));
			m.learn("k", censored(done, 1.02 * t));
			m.learnCurve("k", curveRange(done));
		}
		const curve = m.window("k")?.curve;
		expect(curve).not.toBeNull();
		expect(curve!.lo).toBeLessThanOrEqual(1.5);
		expect(curve!.hi).toBeGreaterThanOrEqual(1.5);
		const track = newTrack(0, 270_000, "k");
		observe(track, 2_000, "running", Math.floor(pow(2_000 / T) * 100));
		const at = 2_000 + nextDelay(track, 2_000, tuning, m);
		expect(at).toBeGreaterThanOrEqual(T);
		expect(at - T).toBeLessThan(0.05 * T);
	});

	it("a look placed by the window that finds the job still running stops trusting its progress", () => {
		const track = newTrack(0, 270_000, "k");
		// Progress on a 5 s curve (x^1.5) that then stalls at 62 %, after the curve said done.
		observe(track, 1_500, "running", 16);
		observe(track, 3_500, "running", 58);
		const first = 3_500 + nextDelay(track, 3_500, tuning);
		expect(track.aim).toBeDefined();
		observe(track, first, "running", 62);
		expect(track.misses).toBe(1);
		// No narrow window any more: the next look is the regular step, not a fresh aim.
		nextDelay(track, first, tuning);
		expect(track.aim).toBeUndefined();
	});

	it("3–6 s jobs with a 270 s prior: p95 detection ≤ 5 s and ≤ T/60 s + 6 polls each, with or without progress", () => {
		const first = { ...tuning, firstPollMinMs: FIRST_LOOK_MS };
		for (const T of [3_000, 4_500, 6_000]) {
			for (const curve of [null, pow]) {
				const model = new DurationModel();
				const rand = seededRandom(T);
				const delays: number[] = [];
				const polls: number[] = [];
				for (let j = 0; j < 60; j++) {
					const track = newTrack(0, 270_000, "k", rand());
					let t = nextDelay(track, 0, first, model);
					let n = 1;
					while (t < T) {
						observe(track, t, "running", curve ? Math.floor(curve(t / T) * 100) : undefined);
						t += nextDelay(track, t, first, model);
						n++;
					}
					delays.push(t - T);
					polls.push(n);
					model.learn("k", censored(track, t));
					model.learnCurve("k", curveRange(track));
				}
				const label = `T=${T} ${curve ? "progress" : "no progress"}`;
				expect(p95(delays), label).toBeLessThanOrEqual(5_000);
				expect(mean(polls), label).toBeLessThanOrEqual(T / 60_000 + 6);
				// With progress, the later jobs are seen within a few % of T.
				if (curve) expect(mean(delays.slice(-20)), label).toBeLessThan(0.05 * T);
			}
		}
	});
});
