import { describe, expect, it } from "vitest";
import type { JobEvent, JobState } from "../../src/ports/events";
import { RunState, formatDuration, statusText } from "../../src/obsidian/run-state";
import { jobEvent, limitEvent, runStart, summaryEvent } from "../support/events";

function job(s: RunState, i: number, state: JobState, extra: Partial<JobEvent> = {}): void {
	s.emit(jobEvent({ at: i, shotId: `s${i}`, state, ...extra }));
}

describe("status bar text", () => {
	it('reads "CineFlow 7/20 · 3 running · limit 12" during a run and is cleared after', () => {
		const s = new RunState("Ep.md", "generate", () => 0);
		expect(statusText(null)).toBe("");
		s.emit(runStart({ jobs: 22, ready: 20, skipped: 1, invalid: 1, costEstimate: 10 }));
		for (let i = 1; i <= 20; i++) job(s, i, "pending");
		job(s, 21, "skipped");
		job(s, 22, "invalid", { message: "bad" });
		for (let i = 1; i <= 7; i++) job(s, i, "done", { outputPath: `x/s${i}.mp4` });
		job(s, 8, "running", { progress: 10 });
		job(s, 9, "queued");
		job(s, 10, "downloading");
		s.emit(limitEvent({ at: 5, limit: 12, inFlight: 3 }));
		// No job carried a price or a duration: spend is $0.00 of the run's estimate and no ETA is claimed.
		expect(statusText(s)).toBe("CineFlow 7/20 · 3 running · limit 12 · $0.00 of ~$10.00 spent");
		job(s, 11, "failed", { message: "moderation" });
		s.emit(limitEvent({ at: 6, limit: 6, inFlight: 3, breaker: "open", rate: 30 }));
		expect(statusText(s)).toBe("CineFlow 7/20 · 3 running · 1 failed · limit 6 · provider down, waiting · $0.00 of ~$10.00 spent");
		s.emit(summaryEvent({ at: 9, submitted: 20, succeeded: 19, failed: 1, skipped: 1, invalid: 1, cost_estimate: 10 }));
		expect(statusText(s)).toBe("");
	});

	it("adds the run's ETA (an estimate) and the spend so far against the estimate; the status bar opens the queue", () => {
		let now = 0;
		const s = new RunState("Ep.md", "generate", () => now);
		s.emit(runStart({ jobs: 4, costEstimate: 0.2 }));
		const learned = { expectedMs: 60_000, expectedLearned: true, cost: 0.05 };
		for (let i = 1; i <= 4; i++) job(s, i, "pending", learned);
		s.emit(limitEvent({ limit: 2 }));
		job(s, 1, "submitting", learned);
		job(s, 1, "running", { remoteId: "t1", ...learned });
		job(s, 2, "submitting", learned);
		job(s, 2, "running", { remoteId: "t2", ...learned });
		// At 30 s: two running with ~30 s left each, two waiting for 60 s each in the two slots: ~1 m 30 s.
		now = 30_000;
		expect(statusText(s)).toBe("CineFlow 0/4 · 2 running · limit 2 · about 1 m 30 s left · $0.10 of ~$0.20 spent");
		now = 45_000;
		expect(statusText(s)).toContain("about 1 m 15 s left");
		expect(s.eta()).toMatchObject({ basis: "learned", open: 4 });
	});

	it("counts the total before every job has reported, and shows nothing for dry runs", () => {
		const s = new RunState("", "generate", () => 0);
		s.emit(runStart({ jobs: 5 }));
		expect(statusText(s)).toBe("CineFlow 0/5 · 0 running");
		expect(statusText(new RunState("", "dry-run", () => 0))).toBe("");
	});

	it("keeps the latest row per shot and formats durations for the queue", () => {
		const s = new RunState("", "generate", () => 0);
		s.emit(jobEvent({ at: 1, shotId: "s1", state: "done" }));
		s.emit(jobEvent({ at: 2, shotId: "s1", take: 2, state: "running", progress: 50, requestId: "req_7" }));
		expect(s.shotRow("Ep.md", "s1")).toMatchObject({ take: 2, state: "running", progress: 50, requestId: "req_7", startedAt: 2 });
		expect(formatDuration(5_000)).toBe("5 s");
		expect(formatDuration(65_000)).toBe("1 m 05 s");
		expect(formatDuration(3_725_000)).toBe("1 h 02 m");
	});
});
