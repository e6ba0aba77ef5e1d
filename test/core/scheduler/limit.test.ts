/** The adaptive concurrency limit and the original's safe-mode limit (src/core/scheduler/limit.ts) in virtual time. */
import { describe, expect, it } from "vitest";
import { AdaptiveLimit, SafeModeLimit } from "../../../src/core/scheduler/limit";

describe("AdaptiveLimit", () => {
	it("learns the ceiling from a capacity 429: the number in flight", () => {
		const l = new AdaptiveLimit(20, 64);
		expect(l.current()).toBe(20);
		l.onCapacity(1000, 12);
		expect(l.current()).toBe(12);
		expect(l.snapshot().ceiling).toBe(12);
		// Never raised by a 429.
		l.onCapacity(2000, 15);
		expect(l.current()).toBe(12);
	});

	it("probes +1 after the probe interval while limit-bound; failure doubles it, success halves it", () => {
		const l = new AdaptiveLimit(20, 64, { initialProbeMs: 60_000, minProbeMs: 5_000, maxProbeMs: 300_000, successDivisor: 2 });
		l.onCapacity(0, 12);
		l.tick(10_000, true, false); // limit-bound from here
		expect(l.current()).toBe(12);
		l.tick(69_000, true, false);
		expect(l.current()).toBe(12);
		l.tick(70_000, true, false);
		expect(l.current()).toBe(13);
		// The probe is refused: back to the in-flight count, interval doubled.
		l.onCapacity(72_000, 12);
		expect(l.current()).toBe(12);
		expect(l.snapshot().probeIntervalMs).toBe(120_000);
		l.tick(73_000, true, false);
		l.tick(192_000, true, false);
		expect(l.current()).toBe(12);
		l.tick(193_000, true, false);
		expect(l.current()).toBe(13);
		// This time the probe is accepted: interval halves.
		l.onAccepted(193_500, 13);
		expect(l.snapshot().probeIntervalMs).toBe(60_000);
	});

	it("does not probe when not limit-bound, or when the provider is queueing", () => {
		const l = new AdaptiveLimit(20, 64);
		l.onCapacity(0, 10);
		l.tick(1_000_000, false, false);
		expect(l.current()).toBe(10);
		l.tick(1_000_000, true, true);
		l.tick(2_000_000, true, true);
		expect(l.current()).toBe(10);
	});

	it("probes above the initial limit toward the maximum when there is headroom", () => {
		const l = new AdaptiveLimit(20, 64);
		let t = 0;
		let inFlight = 20;
		for (let i = 0; i < 400; i++) {
			t += 1000;
			l.tick(t, true, false);
			if (l.current() > inFlight) {
				inFlight = l.current();
				l.onAccepted(t, inFlight);
			}
		}
		expect(l.current()).toBeGreaterThan(40);
		expect(l.current()).toBeLessThanOrEqual(64);
	});
});

describe("AdaptiveLimit with a provider that queues", () => {
	it("a long wait in the provider's queue drops the limit to the number running", () => {
		const l = new AdaptiveLimit(20, 64);
		// Capacity 429s alone never mark the provider as queueing (the engine sends nothing ahead then).
		l.onCapacity(10_000, 20);
		expect(l.queues()).toBe(false);
		l.onBacklog(90_000, 12);
		expect(l.queues()).toBe(true);
		expect(l.current()).toBe(12);
		expect(l.snapshot().ceiling).toBe(12);
		// Never raised by a backlog report.
		l.onBacklog(95_000, 15);
		expect(l.current()).toBe(12);
	});

	it("once queueing is known, only a probe job seen running confirms the probe", () => {
		const l = new AdaptiveLimit(20, 64, { initialProbeMs: 60_000, minProbeMs: 5_000, maxProbeMs: 300_000, successDivisor: 2 });
		l.onBacklog(0, 12);
		l.tick(1_000, true, false);
		l.tick(61_000, true, false);
		expect(l.current()).toBe(13);
		// Accepted is not enough: the provider accepts everything.
		l.onAccepted(61_500, 13);
		expect(l.snapshot().probeIntervalMs).toBe(60_000);
		// A job created before the probe starting proves nothing either.
		l.onStarted(70_000, 30_000);
		expect(l.snapshot().probeIntervalMs).toBe(60_000);
		// The probe's own job runs: success, the interval shrinks.
		l.onStarted(80_000, 61_200);
		expect(l.snapshot().probeIntervalMs).toBe(30_000);
		expect(l.current()).toBe(13);
	});

	it("a backlog during a probe fails it: back to the running count, interval doubled", () => {
		const l = new AdaptiveLimit(20, 64, { initialProbeMs: 60_000, minProbeMs: 5_000, maxProbeMs: 300_000, successDivisor: 2 });
		l.onBacklog(0, 12);
		l.tick(1_000, true, false);
		l.tick(61_000, true, false);
		expect(l.current()).toBe(13);
		l.onBacklog(130_000, 12);
		expect(l.current()).toBe(12);
		expect(l.snapshot().probeIntervalMs).toBe(120_000);
	});
});

describe("SafeModeLimit (the original controller, as intended)", () => {
	it("5 slots for 10 min after 2 consecutive submit failures, then +1 per minute", () => {
		const l = new SafeModeLimit(20);
		expect(l.current(0)).toBe(20);
		l.onSubmitFailure(0);
		expect(l.current(0)).toBe(20);
		l.onSubmitFailure(1000);
		expect(l.current(1000)).toBe(5);
		expect(l.current(1000 + 659_000)).toBe(5);
		expect(l.current(1000 + 660_000)).toBe(6);
		expect(l.current(1000 + 720_000)).toBe(7);
		expect(l.current(1000 + 1440_000)).toBe(19);
		expect(l.current(1000 + 1500_000)).toBe(20);
		expect(l.snapshot(1000 + 1500_000).safeMode).toBe(false);
	});

	it("more errors in safe mode do not restart the cooldown; a success resets the streak", () => {
		const l = new SafeModeLimit(20);
		l.onSubmitFailure(0);
		l.onAccepted();
		l.onSubmitFailure(10);
		expect(l.current(10)).toBe(20);
		l.onSubmitFailure(20);
		expect(l.current(20)).toBe(5);
		l.onSubmitFailure(300_000);
		expect(l.current(20 + 660_000)).toBe(6);
	});
});
