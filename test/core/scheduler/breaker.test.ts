/** The circuit breaker (src/core/scheduler/breaker.ts) in virtual time. */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../src/clocks/virtual";
import { Breaker } from "../../../src/core/scheduler/breaker";
import { seededRandom } from "../../../src/core/scheduler/random";

describe("Breaker", () => {
	it("opens after 3 consecutive outages, lets one probe through, closes on success", async () => {
		const clock = new VirtualClock(0);
		const states: string[] = [];
		const b = new Breaker(clock, seededRandom(3), undefined, (s) => states.push(s));
		b.onFailure(false);
		b.onFailure(false);
		expect(b.current).toBe("closed");
		b.onFailure(false);
		expect(b.current).toBe("open");
		// Two callers wait; exactly one becomes the probe.
		const results: boolean[] = [];
		const a = b.pass().then((p) => results.push(p));
		const c = b.pass().then((p) => results.push(p));
		await clock.run(a);
		expect(results).toEqual([true]);
		expect(b.current).toBe("half-open");
		b.onSuccess(true);
		await clock.run(c);
		expect(results).toEqual([true, false]);
		expect(b.current).toBe("closed");
		expect(states).toEqual(["open", "half-open", "closed"]);
	});

	it("a failed probe re-opens with a longer (jittered) backoff", async () => {
		const clock = new VirtualClock(0);
		const b = new Breaker(clock, seededRandom(4));
		for (let i = 0; i < 3; i++) b.onFailure(false);
		const probeTimes: number[] = [];
		await clock.run(
			(async () => {
				for (let i = 0; i < 5; i++) {
					const probe = await b.pass();
					expect(probe).toBe(true);
					probeTimes.push(clock.now());
					b.onFailure(true);
				}
			})(),
		);
		expect(b.current).toBe("open");
		// Backoff ceilings 5, 10, 20, 40, 60 s: probes never come faster than allowed.
		const gaps = probeTimes.slice(1).map((t, i) => t - probeTimes[i]!);
		const caps = [10_000, 20_000, 40_000, 60_000];
		gaps.forEach((g, i) => expect(g).toBeLessThanOrEqual(caps[i]!));
	});

	it("successes that are not probes reset the failure streak", () => {
		const clock = new VirtualClock(0);
		const b = new Breaker(clock, seededRandom(5));
		b.onFailure(false);
		b.onFailure(false);
		b.onSuccess(false);
		b.onFailure(false);
		b.onFailure(false);
		expect(b.current).toBe("closed");
	});
});
