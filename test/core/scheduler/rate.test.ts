/** The request-rate gate (src/core/scheduler/rate.ts) in virtual time: its budget, Retry-After and caution after a rate signal. */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../src/clocks/virtual";
import { DEFAULT_RATE_TUNING, RateGate } from "../../../src/core/scheduler/rate";
import { seededRandom } from "../../../src/core/scheduler/random";

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
