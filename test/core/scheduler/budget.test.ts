/**
 * The 429 budget (src/core/scheduler/budget.ts): the refusals the provider's
 * capacity falls will still cost are set aside before probes get any, and the
 * limit counts those falls.
 */
import { describe, expect, it } from "vitest";
import { fallReserve, probeOk } from "../../../src/core/scheduler/budget";
import { AdaptiveLimit, type LimitPolicy } from "../../../src/core/scheduler/limit";
import type { EngineState } from "../../../src/core/scheduler/state";

const MIN = 60_000;

/** The parts of the engine's state the budget reads: 200 jobs, half done after 30 min, 8 429s spent, the last 10 min ago. */
function state(falls: number): EngineState {
	const policy: LimitPolicy = {
		current: () => 10,
		onAccepted: () => undefined,
		onCapacity: () => undefined,
		onSubmitFailure: () => undefined,
		tick: () => undefined,
		queues: () => false,
		snapshot: () => ({ limit: 10, ceiling: 10, probeIntervalMs: 60_000, safeMode: false, falls, grewAt: 0 }),
	};
	const s = {
		policy,
		startedAt: 0,
		totalJobs: 200,
		released: 100,
		inFlight: 10,
		requests: 400,
		releaseMarks: [],
		lastCapacity429: 20 * MIN,
		stats: { capacity429: 8, rate429: 0 },
	};
	return s as unknown as EngineState;
}

describe("429 budget", () => {
	it("sets aside the falls still to come at the rate seen so far", () => {
		// 6 falls in 30 min, 30 min left (as long again): 6 more.
		expect(fallReserve(state(6), 30 * MIN, 30 * MIN)).toBe(6);
		expect(fallReserve(state(0), 30 * MIN, 30 * MIN)).toBe(0);
	});

	it("a provider whose capacity keeps falling gets no probe where a steady one does, with the same 429s spent", () => {
		expect(probeOk(state(0), 30 * MIN)).toBe(true);
		// Its 12 falls so far say 12 more are coming: nothing is left for probes, and
		// the last refusal was only 10 min ago. The heartbeat probe comes 15 min after
		// it, or half the time since the limit last grew (here the start) if longer.
		expect(probeOk(state(12), 30 * MIN)).toBe(false);
		expect(probeOk(state(12), 39 * MIN)).toBe(false);
		expect(probeOk(state(12), 40 * MIN)).toBe(true);
	});

	it("the limit counts refusals below its known ceiling as falls, not the first refusal nor a failed probe", () => {
		const l = new AdaptiveLimit(20, 64, { initialProbeMs: 60_000 });
		l.onCapacity(10_000, 12, 10_000);
		expect(l.snapshot().falls).toBe(0);
		l.tick(11_000, true, false, { probeOk: true });
		l.tick(80_000, true, false, { probeOk: true });
		expect(l.current()).toBe(13);
		l.onCapacity(81_000, 12, 81_000);
		expect(l.snapshot().falls).toBe(0);
		l.onCapacity(200_000, 10, 200_000);
		l.onCapacity(201_000, 9, 201_000);
		expect(l.snapshot().falls).toBe(2);
	});
});
