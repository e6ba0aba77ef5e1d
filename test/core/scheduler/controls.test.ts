import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../src/clocks/virtual";
import { DEFAULT_RATE_TUNING, RateGate } from "../../../src/core/scheduler/rate";
import { Breaker } from "../../../src/core/scheduler/breaker";
import { AdaptiveLimit, SafeModeLimit } from "../../../src/core/scheduler/limit";
import { seededRandom, fullJitter } from "../../../src/core/scheduler/random";

describe("RateGate", () => {
	it("sends nothing inside a Retry-After window, for every caller", async () => {
		const clock = new VirtualClock(0);
		const gate = new RateGate(clock, seededRandom(1), null);
		await gate.acquire();
		gate.onRateLimited(30_000);
		const sentAt: number[] = [];
		const all = Promise.all(
			[1, 2, 3].map(async () => {
				await gate.acquire();
				sentAt.push(clock.now());
			}),
		);
		await clock.run(all);
		expect(sentAt.every((t) => t >= 30_000)).toBe(true);
	});

	it("is unlimited until pushed back, then cuts to 0.7 × the measured rate and grows back, and is never lifted again", async () => {
		const clock = new VirtualClock(0);
		const gate = new RateGate(clock, seededRandom(1), null);
		expect(gate.currentRate()).toBeNull();
		// 60 requests over 30 s ≈ 120/min measured.
		await clock.run(
			(async () => {
				for (let i = 0; i < 60; i++) {
					await gate.acquire();
					await clock.sleep(500);
				}
			})(),
		);
		gate.onRateLimited(1000);
		const cut = gate.currentRate();
		expect(cut).not.toBeNull();
		expect(cut as number).toBeGreaterThan(70);
		expect(cut as number).toBeLessThan(100);
		// A second signal inside the cut window does not compound.
		gate.onRateLimited(1000);
		expect(gate.currentRate()).toBe(cut);
		// Minutes with no demand prove nothing: the rate does not grow through them.
		await clock.advance(30 * 60_000);
		await clock.run(gate.acquire());
		expect(gate.currentRate()).toBe(cut);
		// While the rate holds requests back and no 429 comes, it grows back to the
		// pre-cut rate, then slowly beyond it; a provider that showed a limit keeps one.
		const seen: number[] = [];
		await clock.run(
			(async () => {
				while (seen.length < 2_000) {
					await gate.acquire();
					seen.push(gate.currentRate() ?? Infinity);
				}
			})(),
		);
		expect(gate.currentRate()).not.toBeNull();
		expect(seen.some((r) => r > 110 && r < 130)).toBe(true);
		expect(Math.max(...seen)).toBeGreaterThan(130);
	});

	it("hit again before regaining the last ceiling: regrowth aims lower (fast convergence)", async () => {
		const clock = new VirtualClock(0);
		const gate = new RateGate(clock, seededRandom(1), null);
		const send = async (n: number, gapMs: number) => {
			for (let i = 0; i < n; i++) {
				await gate.acquire();
				await clock.sleep(gapMs);
			}
		};
		await clock.run(send(60, 500)); // ≈ 120/min
		gate.onRateLimited(1000);
		const first = gate.currentRate() as number;
		// Keep sending as fast as allowed, then hit again 20 s later (below the old ceiling).
		await clock.run(send(20, 0));
		await clock.advance(20_000);
		gate.onRateLimited(1000);
		const second = gate.currentRate() as number;
		expect(second).toBeLessThan(first);
		// Regrowth now stops at 0.85 × the rate of the second hit, not at the first ceiling.
		const seen: number[] = [];
		await clock.run(
			(async () => {
				for (let i = 0; i < 200; i++) {
					await gate.acquire();
					seen.push(gate.currentRate() as number);
				}
			})(),
		);
		const firstStep = seen.find((r) => r > second);
		expect(firstStep).toBeDefined();
		expect(firstStep as number).toBeLessThan(first - 5);
	});

	it("spaces requests at the limited rate", async () => {
		const clock = new VirtualClock(0);
		const gate = new RateGate(clock, seededRandom(1), 60, { ...DEFAULT_RATE_TUNING, burst: 1, minRate: 1 });
		const times: number[] = [];
		await clock.run(
			(async () => {
				for (let i = 0; i < 10; i++) {
					await gate.acquire();
					times.push(clock.now());
				}
			})(),
		);
		// 60/min = one per second after a burst of 1.
		expect(times[9]! - times[0]!).toBeGreaterThanOrEqual(8_000);
	});

	it("isolated 429s without Retry-After back off the request but do not cut the rate", () => {
		const clock = new VirtualClock(0);
		const gate = new RateGate(clock, seededRandom(2), null);
		const wait = gate.onRateLimited(undefined);
		expect(wait).toBeGreaterThanOrEqual(0);
		expect(wait).toBeLessThanOrEqual(2000);
		expect(gate.currentRate()).toBeNull();
	});

	it("a fixed rate set by the user is never cut or lifted", async () => {
		const clock = new VirtualClock(0);
		const gate = new RateGate(clock, seededRandom(1), 30);
		gate.onRateLimited(1000);
		expect(gate.currentRate()).toBe(30);
		await clock.advance(3600_000);
		expect(gate.currentRate()).toBe(30);
	});
});

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

describe("RateGate caution after a rate signal", () => {
	it("for a while after a 429, only one request is on the wire at a time", async () => {
		const clock = new VirtualClock(0);
		// A fixed, generous rate (600/min, burst 4): only caution can hold b back.
		const gate = new RateGate(clock, seededRandom(1), 600);
		gate.onRateLimited(2_000);
		expect(gate.cautious()).toBe(true);
		const order: string[] = [];
		const one = async (name: string, holdMs: number) => {
			const release = await gate.acquireSlot();
			order.push(`${name}+${clock.now()}`);
			await clock.sleep(holdMs);
			order.push(`${name}-${clock.now()}`);
			release();
		};
		await clock.run(Promise.all([one("a", 500), one("b", 500)]));
		// a goes when the window ends; b waits for a's answer, not for the rate.
		expect(order).toEqual(["a+2000", "a-2500", "b+2500", "b-3000"]);
		// Caution ends a minute after the window; then requests overlap again.
		await clock.advance(70_000);
		expect(gate.cautious()).toBe(false);
		const r1 = await clock.run(gate.acquireSlot());
		const r2 = await clock.run(gate.acquireSlot());
		r1();
		r2();
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

describe("fullJitter", () => {
	it("stays within [0, min(cap, base·2^n)]", () => {
		const r = seededRandom(9);
		for (let n = 0; n < 20; n++) {
			const v = fullJitter(r, n, 1000, 30_000);
			expect(v).toBeGreaterThanOrEqual(0);
			expect(v).toBeLessThanOrEqual(Math.min(30_000, 1000 * 2 ** n));
		}
	});
});
