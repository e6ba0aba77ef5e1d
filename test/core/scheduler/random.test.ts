/** Seeded randomness and backoff jitter (src/core/scheduler/random.ts). */
import { describe, expect, it } from "vitest";
import { fullJitter, seededRandom, uniform } from "../../../src/core/scheduler/random";

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

describe("seededRandom and uniform", () => {
	it("is the same sequence for the same seed, another for another seed, always in [0, 1)", () => {
		const take = (seed: number) => {
			const r = seededRandom(seed);
			return Array.from({ length: 1000 }, () => r());
		};
		const a = take(42);
		expect(take(42)).toEqual(a);
		expect(take(43)).not.toEqual(a);
		for (const v of a) {
			expect(v).toBeGreaterThanOrEqual(0);
			expect(v).toBeLessThan(1);
		}
		// Spread over the interval: every tenth of it is hit, none more than twice its share.
		const bins = new Array<number>(10).fill(0);
		for (const v of a) bins[Math.floor(v * 10)]!++;
		for (const n of bins) expect(n).toBeGreaterThan(50);
		for (const n of bins) expect(n).toBeLessThan(200);
	});

	it("scales a draw to [min, max) and uses the source's own draws", () => {
		const draws = [0, 0.25, 0.999];
		let i = 0;
		const fixed = () => draws[i++] as number;
		expect([uniform(fixed, 10, 20), uniform(fixed, 10, 20), uniform(fixed, -1, 1)]).toEqual([10, 12.5, -1 + 2 * 0.999]);
		expect(fullJitter(() => 0.5, 3, 1000, 60_000)).toBe(4000);
		expect(fullJitter(() => 0.5, 10, 1000, 60_000)).toBe(30_000);
		expect(fullJitter(() => 0.5, -2, 1000, 60_000)).toBe(500);
	});
});
