/** Issue 15's rate-gate behaviours on their own in virtual time: Retry-After holds scoped to creates or to every request, and one request budget served by priority. */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../src/clocks/virtual";
import { DEFAULT_RATE_TUNING, RateGate } from "../../../src/core/scheduler/rate";
import { seededRandom } from "../../../src/core/scheduler/random";

describe("RateGate: Retry-After scoped to what it limits, one budget by priority", () => {
	it("a hold on creates delays creates only; a hold on every request delays them all", async () => {
		const clock = new VirtualClock(0);
		const gate = new RateGate(clock, seededRandom(1), null);
		expect(gate.holdUntil(600_000, "create")).toBe(600_000);
		const sent: Array<[string, number]> = [];
		await clock.run(
			Promise.all([
				gate.acquire(undefined, { create: true }).then(() => sent.push(["create", clock.now()])),
				gate.acquire().then(() => sent.push(["poll", clock.now()])),
			]),
		);
		expect(sent).toEqual([
			["poll", 0],
			["create", 600_000],
		]);
		gate.holdUntil(30_000, "all");
		const t0 = clock.now();
		await clock.run(gate.acquire());
		expect(clock.now() - t0).toBe(30_000);
	});

	it("a Retry-After longer than the longest honoured is clamped (and the caller is told what was honoured)", () => {
		const clock = new VirtualClock(0);
		const gate = new RateGate(clock, seededRandom(1), null, { ...DEFAULT_RATE_TUNING, maxRetryAfterMs: 60_000 });
		expect(gate.holdUntil(3_600_000, "create")).toBe(60_000);
		expect(gate.createHoldUntil()).toBe(60_000);
		expect(gate.notBefore).toBe(0);
	});

	it("while the rate binds, the waiting request with the highest priority goes next", async () => {
		const clock = new VirtualClock(0);
		// 6 per minute, no burst: one request every 10 s.
		const gate = new RateGate(clock, seededRandom(1), 6, { ...DEFAULT_RATE_TUNING, burst: 1, minRate: 1 });
		await clock.run(gate.acquire());
		const order: string[] = [];
		const one = (name: string, p: number) => gate.acquire(undefined, { priority: () => p }).then(() => order.push(name));
		await clock.run(Promise.all([one("unlikely poll", 0.1), one("create", 10), one("likely poll", 0.9)]));
		expect(order).toEqual(["create", "likely poll", "unlikely poll"]);
	});
});
