import { describe, expect, it } from "vitest";
import { estimateJob, estimateRun, spendSoFar, type EstimateInput } from "../../src/core/estimate";

describe("per-job progress between polls", () => {
	it("moves with the clock from the learned duration, and is labelled as learned", () => {
		const j: EstimateInput = { state: "running", sentAt: 0, runningAt: 10_000, expectedMs: 100_000, learned: true };
		const a = estimateJob(j, 30_000);
		const b = estimateJob(j, 60_000);
		expect(a).toMatchObject({ percent: 20, leftMs: 80_000, basis: "learned", overdue: false });
		expect(b).toMatchObject({ percent: 50, leftMs: 50_000 });
	});

	it("extrapolates from the provider's reported progress once it says enough, and equals it at the poll", () => {
		const j: EstimateInput = { state: "running", runningAt: 0, expectedMs: 300_000, progress: 25, progressAt: 20_000 };
		expect(estimateJob(j, 20_000)).toMatchObject({ percent: 25, leftMs: 60_000, basis: "reported" });
		expect(estimateJob(j, 40_000)).toMatchObject({ percent: 50, leftMs: 40_000 });
	});

	it("never reaches 100 before done, and says when a job is overdue", () => {
		const j: EstimateInput = { state: "running", runningAt: 0, expectedMs: 10_000, learned: false };
		const e = estimateJob(j, 25_000);
		expect(e.percent).toBe(99);
		expect(e).toMatchObject({ leftMs: 0, overdue: true, basis: "catalog" });
		expect(estimateJob({ ...j, state: "done" }, 25_000).percent).toBe(100);
	});

	it("a reported progress ahead of the clock is kept (never moves backwards)", () => {
		const j: EstimateInput = { state: "running", runningAt: 0, expectedMs: 100_000, progress: 70, progressAt: 0 };
		expect(estimateJob(j, 10_000).percent).toBe(70);
	});

	it("knows nothing without an expectation or a usable report", () => {
		expect(estimateJob({ state: "running", runningAt: 0 }, 5_000)).toMatchObject({ leftMs: null, basis: "none" });
		expect(estimateJob({ state: "pending" }, 5_000)).toMatchObject({ percent: 0, leftMs: null, basis: "none" });
	});
});

describe("run ETA", () => {
	it("fills free slots with the waiting jobs after the running ones", () => {
		const jobs: EstimateInput[] = [
			{ state: "running", runningAt: 0, expectedMs: 60_000, learned: true },
			{ state: "running", runningAt: 0, expectedMs: 120_000, learned: true },
			{ state: "pending", expectedMs: 60_000, learned: true },
			{ state: "pending", expectedMs: 60_000, learned: true },
			{ state: "done", expectedMs: 60_000, learned: true },
		];
		// At 30 s: slot A frees at 30 s, B at 90 s. Waiting: A → 90 s, then B → 150 s... min-slot greedy: A 30→90, A/B tie at 90 → 150.
		const r = estimateRun(jobs, 30_000, 2);
		expect(r).toEqual({ leftMs: 150_000, basis: "learned", open: 4 });
	});

	it("with a wider limit the same jobs finish sooner", () => {
		const jobs: EstimateInput[] = Array.from({ length: 6 }, () => ({ state: "pending" as const, expectedMs: 60_000, learned: true }));
		expect(estimateRun(jobs, 0, 1).leftMs).toBe(360_000);
		expect(estimateRun(jobs, 0, 3).leftMs).toBe(120_000);
		expect(estimateRun(jobs, 0, 6).leftMs).toBe(60_000);
	});

	it("says when it rests only on the catalog, and is unknown with no duration at all", () => {
		expect(estimateRun([{ state: "pending", expectedMs: 270_000 }], 0, 2)).toEqual({ leftMs: 270_000, basis: "catalog", open: 1 });
		expect(estimateRun([{ state: "pending" }, { state: "running", runningAt: 0 }], 0, 2)).toEqual({ leftMs: null, basis: "none", open: 2 });
		expect(estimateRun([{ state: "done" }], 0, 2)).toEqual({ leftMs: 0, basis: "reported", open: 0 });
	});
});

describe("spend so far", () => {
	it("counts the accepted takes at their price; lost answers are shown apart; unknown prices are counted", () => {
		expect(
			spendSoFar([
				{ cost: 0.05, accepted: true },
				{ cost: 0.1, accepted: true },
				{ cost: 0.05, accepted: false },
				{ cost: 0.2, accepted: false, uncertain: true },
				{ cost: null, accepted: true },
			]),
		).toEqual({ spent: 0.15, unpriced: 1, uncertain: 0.2 });
	});
});
