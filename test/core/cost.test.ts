import { describe, expect, it } from "vitest";
import { formatUsd, jobCost, priceFor, roundUsd } from "../../src/core/cost";
import { TEST_SETTINGS } from "../support/settings";

describe("priceFor / jobCost", () => {
	it("uses the catalog price", () => {
		const p = priceFor(TEST_SETTINGS, "sorahk", "sora-2");
		expect(p.perSecond).toBe(0.005);
		expect(jobCost(p, 10, false)).toBe(0.05);
		expect(jobCost(p, 25, true)).toBeNull();
		expect(jobCost(priceFor(TEST_SETTINGS, "veo", "veo-3.1-generate-preview"), 8, false)).toBe(3.2);
	});

	it("is unknown (null) for unknown models, never 0", () => {
		const p = priceFor(TEST_SETTINGS, "nope", "x");
		expect(p).toEqual({ perSecond: null, proPerSecond: null, source: "no price known for this model" });
		expect(jobCost(p, 10, false)).toBeNull();
		// Grok has a published price since 2026-12-03; T8Star publishes none.
		expect(jobCost(priceFor(TEST_SETTINGS, "t8star", "veo3.1"), 8, false)).toBeNull();
	});

	it("merges settings overrides field by field", () => {
		const s = structuredClone(TEST_SETTINGS);
		s.prices["sorahk/sora-2"] = { perSecond: null, proPerSecond: 0.03 };
		const p = priceFor(s, "sorahk", "sora-2");
		expect(p.perSecond).toBe(0.005);
		expect(p.proPerSecond).toBe(0.03);
		expect(p.source).toMatch(/^your price setting for sorahk\/sora-2; otherwise /);
		s.prices["grok/grok-imagine-video"] = { perSecond: 0.05, proPerSecond: null };
		expect(priceFor(s, "grok", "grok-imagine-video")).toEqual({
			perSecond: 0.05,
			proPerSecond: null,
			source: "your price setting for grok/grok-imagine-video",
		});
	});

	it("does not read inherited keys as overrides", () => {
		expect(priceFor(TEST_SETTINGS, "constructor", "x").perSecond).toBeNull();
	});

	it("formats dollars: two decimals, more only under one cent, never float noise", () => {
		expect(formatUsd(0)).toBe("$0.00");
		expect(formatUsd(0.05)).toBe("$0.05");
		expect(formatUsd(1.234)).toBe("$1.23");
		expect(formatUsd(0.125)).toBe("$0.13");
		expect(formatUsd(0.39999999999999997)).toBe("$0.40");
		expect(formatUsd(0.15000000000000002)).toBe("$0.15");
		expect(formatUsd(0.005)).toBe("$0.005");
		expect(formatUsd(0.0025)).toBe("$0.0025");
		expect(formatUsd(0.00012345)).toBe("$0.00012");
		expect(formatUsd(12)).toBe("$12.00");
		expect(formatUsd(0.075)).toBe("$0.08");
	});

	it("sums prices without float noise", () => {
		let sum = 0;
		for (let i = 0; i < 8; i++) sum += 0.05;
		expect(sum).not.toBe(0.4);
		expect(roundUsd(sum)).toBe(0.4);
	});
});
