import { describe, expect, it } from "vitest";
import { allocateTakes } from "../../../src/core/run/takes";
import type { JournalEntry } from "../../../src/core/journal";
import { journalEntry } from "../../support/jobs";

const entry = (take: number, status: JournalEntry["status"], hash = "H", remoteId?: string): JournalEntry =>
	journalEntry({ take, status, promptHash: hash, remoteId, submittedAt: 1 }, "x");

describe("allocateTakes", () => {
	it("a fresh shot gets takes 1..N to submit", () => {
		expect(allocateTakes({ wanted: 3, promptHash: "H", entries: [], filesPresent: new Set() }).map((s) => [s.take, s.action.kind])).toEqual([
			[1, "submit"],
			[2, "submit"],
			[3, "submit"],
		]);
	});

	it("done takes are skipped, submitted ones polled, half-sent ones reconciled", () => {
		const slots = allocateTakes({
			wanted: 3,
			promptHash: "H",
			entries: [entry(1, "done", "H", "r1"), entry(2, "submitted", "H", "r2"), entry(3, "submitting", "H")],
			filesPresent: new Set([1]),
		});
		expect(slots.map((s) => s.action.kind)).toEqual(["done", "poll", "ambiguous"]);
	});

	it("a changed prompt becomes a new take; the old file keeps its number", () => {
		const slots = allocateTakes({ wanted: 1, promptHash: "NEW", entries: [entry(1, "done", "OLD", "r1")], filesPresent: new Set([1]) });
		expect(slots).toEqual([{ take: 2, action: { kind: "submit" } }]);
	});

	it("a video without a journal entry is never regenerated", () => {
		const slots = allocateTakes({ wanted: 2, promptHash: "H", entries: [], filesPresent: new Set([1]) });
		expect(slots.map((s) => [s.take, s.action.kind])).toEqual([
			[1, "done"],
			[2, "submit"],
		]);
	});

	it("failed and unknown takes are reported, not resubmitted", () => {
		const slots = allocateTakes({ wanted: 2, promptHash: "H", entries: [entry(1, "failed"), entry(2, "unknown")], filesPresent: new Set() });
		expect(slots.map((s) => s.action.kind)).toEqual(["report", "report"]);
	});

	it("regenerate adds exactly one next take and keeps the others", () => {
		const slots = allocateTakes({
			wanted: 1,
			promptHash: "H",
			entries: [entry(1, "done", "H", "r1"), entry(2, "done", "OLD", "r2")],
			filesPresent: new Set([1, 2]),
			extra: 1,
		});
		expect(slots.map((s) => [s.take, s.action.kind])).toEqual([
			[1, "done"],
			[3, "submit"],
		]);
	});

	it("a video deleted by the user after success is fetched again from the same task", () => {
		const slots = allocateTakes({ wanted: 1, promptHash: "H", entries: [entry(1, "done", "H", "r1")], filesPresent: new Set() });
		expect(slots[0]?.action).toEqual({ kind: "poll", remoteId: "r1" });
	});
});
