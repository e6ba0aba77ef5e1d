/** Issue 15's limit behaviours on their own in virtual time: a limit that doubles until the first refusal, then steps down 1, 2, 4… when the capacity falls and probes only within its 429 budget. */
import { describe, expect, it } from "vitest";
import { AdaptiveLimit } from "../../../src/core/scheduler/limit";

describe("AdaptiveLimit: fast uptake, then settle", () => {
	it("doubles while every slot is used and every job runs, until the first capacity 429", () => {
		const l = new AdaptiveLimit(20, 64);
		l.tick(0, true, false);
		l.tick(5_000, true, false, { allRunning: false });
		expect(l.current()).toBe(20);
		l.tick(10_000, true, false, { allRunning: true });
		expect(l.current()).toBe(40);
		// Each step needs 5 s bound at the new limit.
		l.tick(15_000, true, false, { allRunning: true });
		expect(l.current()).toBe(40);
		l.tick(20_000, true, false, { allRunning: true });
		expect(l.current()).toBe(64);
		// The first refusal ends it: the ceiling is what was in flight, then +1 probes.
		const m = new AdaptiveLimit(20, 64);
		m.tick(0, true, false);
		m.tick(5_000, true, false);
		expect(m.current()).toBe(40);
		m.onCapacity(6_000, 33, 6_000);
		expect(m.current()).toBe(33);
		m.tick(7_000, true, false);
		m.tick(12_000, true, false);
		expect(m.current()).toBe(33);
	});

	it("a refusal below the known ceiling steps down 1, 2, 4…; a refusal of a create sent before the last change only clamps", () => {
		const l = new AdaptiveLimit(20, 64);
		l.onCapacity(0, 16, 0);
		expect(l.current()).toBe(16);
		// The capacity fell: refused with 15 in flight, then 13, then 10.
		l.onCapacity(60_000, 15, 60_000);
		expect(l.current()).toBe(15);
		l.onCapacity(90_000, 13, 90_000);
		expect(l.current()).toBe(12);
		l.onCapacity(120_000, 10, 120_000);
		expect(l.current()).toBe(7);
		// A create already on the wire when the limit changed: nothing new is learned.
		l.onCapacity(121_000, 9, 119_000);
		expect(l.current()).toBe(7);
		// An accepted create resets the search.
		l.onAccepted(130_000, 7);
		l.onCapacity(140_000, 6, 140_000);
		expect(l.current()).toBe(6);
	});

	it("no probe while the 429 budget says no", () => {
		const l = new AdaptiveLimit(20, 64, { initialProbeMs: 60_000 });
		l.onCapacity(0, 12, 0);
		l.tick(1_000, true, false, { probeOk: false });
		l.tick(100_000, true, false, { probeOk: false });
		expect(l.current()).toBe(12);
		l.tick(101_000, true, false, { probeOk: true });
		expect(l.current()).toBe(13);
	});
});
