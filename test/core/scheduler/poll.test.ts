import { describe, expect, it } from "vitest";
import { DurationModel, eta, firstDelay, newTrack, nextDelay, observe } from "../../../src/core/scheduler/poll";

const tuning = { firstPollMinMs: 15_000, minIntervalMs: 5_000, maxIntervalMs: 60_000 };

/** Simulates polling one job with a given true duration and progress curve; returns polls and detection delay. */
function simulate(trueMs: number, expectedMs: number, curve: (x: number) => number, hintMs = 0) {
	const track = newTrack(0, expectedMs);
	track.hintMs = hintMs;
	let t = firstDelay(track, tuning);
	let polls = 0;
	for (;;) {
		polls++;
		if (t >= trueMs) return { polls, delay: t - trueMs };
		observe(track, t, "running", Math.floor(curve(t / trueMs) * 100));
		t += nextDelay(track, t, tuning);
		if (polls > 10_000) throw new Error("runaway");
	}
}

describe("poll schedule", () => {
	it("first poll at max(15 s, half the expected duration)", () => {
		expect(firstDelay(newTrack(0, 10_000), tuning)).toBe(15_000);
		expect(firstDelay(newTrack(0, 600_000), tuning)).toBe(300_000);
	});

	it("meets ≤ T/60 + 5 polls and a small detection delay when progress is reported", () => {
		for (const T of [120_000, 600_000, 1_200_000, 2_100_000]) {
			for (const curve of [(x: number) => x, (x: number) => x ** 1.5]) {
				for (const expected of [T / 2, T, 2 * T]) {
					const { polls, delay } = simulate(T, expected, curve);
					expect(polls).toBeLessThanOrEqual(T / 60_000 + 5);
					expect(delay).toBeLessThanOrEqual(10_000);
				}
			}
		}
	});

	it("without progress, follows the expected duration and then backs off to 5 % of elapsed", () => {
		const T = 600_000;
		const { polls, delay } = simulate(T, T, () => 0);
		expect(polls).toBeLessThanOrEqual(T / 60_000 + 5);
		expect(delay).toBeLessThanOrEqual(10_000);
		const late = simulate(2 * T, T, () => 0);
		expect(late.polls).toBeLessThanOrEqual((2 * T) / 60_000 + 5);
	});

	it("a server poll-after hint is a floor", () => {
		const track = newTrack(0, 600_000);
		observe(track, 590_000, "running", 98);
		track.hintMs = 20_000;
		expect(nextDelay(track, 590_000, tuning)).toBe(20_000);
	});

	it("time queued does not count toward the ETA", () => {
		const track = newTrack(0, 600_000);
		observe(track, 300_000, "queued", 0);
		expect(track.runningSince).toBeNull();
		observe(track, 400_000, "running", 10);
		expect(track.runningSince).toBe(400_000);
		const e = eta(track, 400_000);
		expect(e).not.toBeNull();
		expect(e as number).toBeGreaterThan(500_000);
	});
});

describe("DurationModel", () => {
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
});
