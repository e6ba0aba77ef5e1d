/** Guards against hostile YAML/JSON values (src/core/parse/limits.ts). */
import { describe, expect, it } from "vitest";
import { MAX_DEPTH, MAX_NODES, isPlainObject, own, withinBudget } from "../../../src/core/parse/limits";

describe("withinBudget", () => {
	it("accepts ordinary front matter and shot lists", () => {
		const shots = Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, prompt: "rain", references: ["a.png", "b.png"] }));
		expect(withinBudget({ cineflow: { provider: "sorahk", duration: 10 }, shots })).toBe(true);
		expect(withinBudget(null)).toBe(true);
		expect(withinBudget("text")).toBe(true);
	});

	it("refuses a 'billion laughs' value: shared references count every time they are reached", () => {
		// Ten levels, each an array of ten references to the level below: 10^10 visits, a few hundred bytes in memory.
		let v: unknown = "lol";
		for (let i = 0; i < 10; i++) v = Array.from({ length: 10 }, () => v);
		expect(withinBudget(v)).toBe(false);
		// The same shape, three levels deep: 1 + 10 + 100 + 1000 visits, within the default budget.
		let small: unknown = "lol";
		for (let i = 0; i < 3; i++) small = Array.from({ length: 10 }, () => small);
		expect(withinBudget(small)).toBe(true);
		expect(withinBudget(small, 1110)).toBe(false);
		expect(withinBudget(small, 1111)).toBe(true);
	});

	it("refuses nesting deeper than the limit, and stops at once on a cycle", () => {
		const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });
		expect(withinBudget(deep(MAX_DEPTH - 1))).toBe(true);
		expect(withinBudget(deep(MAX_DEPTH + 1))).toBe(false);
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		expect(withinBudget(cyclic)).toBe(false);
		expect(MAX_NODES).toBeGreaterThan(10_000);
	});

	it("does not walk into Dates", () => {
		expect(withinBudget({ at: new Date(0) }, 2)).toBe(true);
	});
});

describe("own and isPlainObject", () => {
	it("reads own keys only: prototype names never reach Object.prototype", () => {
		const table: Record<string, number> = { sora: 1, "0": 2 };
		expect(own(table, "sora")).toBe(1);
		expect(own(table, 0)).toBe(2);
		expect(own(table, "constructor")).toBeUndefined();
		expect(own(table, "__proto__")).toBeUndefined();
		expect(own(table, "toString")).toBeUndefined();
	});

	it("a plain object is a non-null object that is neither an array nor a Date", () => {
		expect(isPlainObject({})).toBe(true);
		expect(isPlainObject(Object.create(null))).toBe(true);
		expect(isPlainObject([])).toBe(false);
		expect(isPlainObject(new Date())).toBe(false);
		expect(isPlainObject(null)).toBe(false);
		expect(isPlainObject("x")).toBe(false);
	});
});
