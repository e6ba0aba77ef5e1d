/**
 * Jobs of a kind sent together finish together: their first looks inside a narrow
 * finish window are spread by their phase, so one of them sees the finish soon
 * after it happens, and that finish brings the others' next looks forward.
 */
import { describe, expect, it } from "vitest";
import { finishWindow, newTrack, nextDelay, observe, type PollTrack } from "../../../src/core/scheduler/poll";
import { runOurs } from "../../support/scheduler/harness";
import type { BenchScenario } from "../../support/scheduler/scenarios";

const tuning = { firstPollMinMs: 2_500, minIntervalMs: 5_000, maxIntervalMs: 60_000 };
const T = 1_080_000;

/** A job of 18 min whose progress follows (t/T)^1.5, seen at these times (whole percents). */
function seen(phase: number, at: number[]): PollTrack {
	const track = newTrack(0, 270_000, "k", phase);
	for (const t of at) observe(track, t + 100, "running", Math.floor(100 * Math.pow(t / T, 1.5)), t - 100);
	return track;
}

describe("jobs sent together", () => {
	it("look first at their own point of a narrow finish window, then at its end", () => {
		const at = [217_000, 277_000, 781_000, 950_000];
		const now = 950_100;
		const looks = [0.05, 0.5, 0.95].map((phase) => {
			const track = seen(phase, at);
			const win = finishWindow(track);
			if (!win) throw new Error("no window");
			expect(win.hi - win.lo).toBeLessThan(0.05 * win.hi);
			const first = now + nextDelay(track, now, tuning);
			const second = now + nextDelay(track, now, tuning);
			return { win, first, second };
		});
		for (const [i, phase] of [0.05, 0.5, 0.95].entries()) {
			const { win, first, second } = looks[i] as (typeof looks)[number];
			// The provider sees a look half a round trip after it is sent.
			expect(first + 100).toBeCloseTo(win.lo + phase * (win.hi - win.lo), -2);
			expect(second + 100).toBeCloseTo(win.hi, -2);
		}
		// One of a batch looks near the window's start: the finish at 1,080 s is seen within seconds.
		expect((looks[0] as (typeof looks)[number]).first).toBeLessThan(T);
	});

	it("20 jobs of 18 min with a 4.5 min prior: the first wave's finishes are seen within 5 s", async () => {
		const s: BenchScenario = {
			id: "siblings",
			title: "20 jobs of 18 min, C=20",
			tests: "first wave detection",
			n: 20,
			sim: { progressCurve: "pow1.5", capacity: 20, jobDurationMs: T },
			makespanTarget: 1.1,
			share429Target: 0.03,
		};
		const { score } = await runOurs(s, 1);
		expect(score.completed).toBe(20);
		expect(score.detectP95Ms).not.toBeNull();
		expect(score.detectP95Ms as number).toBeLessThanOrEqual(5_000);
	});
});
