/**
 * The run's summary (src/core/run/summary.ts): totals from each take's outcome and
 * the run's counters, and an approval snapshot of the summary line the CLI prints
 * from it (__snapshots__/summary.*.txt), in English and Chinese.
 */
import { afterEach, describe, expect, it } from "vitest";
import { summaryLine } from "../../../src/cli/progress";
import type { StopReason } from "../../../src/ports/events";
import { setLanguage } from "../../../src/core/i18n";
import type { RunContext } from "../../../src/core/run/context";
import { summaryOf } from "../../../src/core/run/summary";

afterEach(() => setLanguage("en"));

type Outcome = RunContext["outcomes"] extends Map<string, infer O> ? O : never;

/** A context with only what summaryOf reads: outcomes, counters and the clock. */
function ctx(outcomes: Outcome[], counters: Partial<RunContext["counters"]> = {}): RunContext {
	return {
		outcomes: new Map(outcomes.map((o, i) => [`Ep.md::s${i + 1}::1`, o])),
		counters: { submitted: 0, resumed: 0, accepted: new Map(), costSubmitted: 0, costUnknown: 0, ...counters },
		opts: { clock: { now: () => 42_000 } },
	} as unknown as RunContext;
}

const EVERY_KIND: Outcome[] = [
	{ kind: "done", outputPath: "_assets/Ep/s1.mp4" },
	{ kind: "done", outputPath: "_assets/Ep/s2.mp4" },
	{ kind: "failed", message: "moderation" },
	{ kind: "expired", message: "link expired" },
	{ kind: "timed-out", remoteId: "t5" },
	{ kind: "unknown", message: "502 on create" },
	{ kind: "skipped" },
	{ kind: "invalid", message: "bad duration" },
	{ kind: "busy", message: "another run" },
	{ kind: "reported", status: "unknown", message: "earlier 504" },
	{ kind: "reported", status: "failed", message: "earlier refusal" },
	{ kind: "reported", status: "expired", message: "earlier expiry" },
	{ kind: "cancelled" },
	{ kind: "abandoned", remoteId: "t14" },
];

describe("summaryOf", () => {
	it("counts each outcome once: failures include expired, timed-out and earlier failures; cancelled takes are in no count", () => {
		const s = summaryOf(ctx(EVERY_KIND, { submitted: 7, resumed: 2, costSubmitted: 0.35 }), null);
		expect(s).toEqual({
			type: "summary",
			at: 42_000,
			submitted: 7,
			succeeded: 2,
			failed: 5,
			skipped: 1,
			resumed: 2,
			invalid: 1,
			unknown: 2,
			duplicates: 0,
			cost_estimate: 0.35,
			busy: 1,
		});
	});

	it("counts every create the provider accepted beyond the first for a take as a duplicate", () => {
		const accepted = new Map([
			["Ep.md::s1::1", 1],
			["Ep.md::s2::1", 3],
			["Ep.md::s3::1", 2],
		]);
		expect(summaryOf(ctx([], { submitted: 3, accepted, costSubmitted: 0.15 }), null).duplicates).toBe(3);
	});

	it("costs nothing when nothing was sent, is unknown when no sent take had a price, and is rounded to 1/100 cent", () => {
		expect(summaryOf(ctx([], { costUnknown: 2 }), null).cost_estimate).toBe(0);
		expect(summaryOf(ctx([], { submitted: 2, costUnknown: 2 }), null).cost_estimate).toBeNull();
		expect(summaryOf(ctx([], { submitted: 3, costSubmitted: 0.123456, costUnknown: 1 }), null).cost_estimate).toBe(0.1235);
	});

	it("says why the run stopped only when it did, and the busy count only when some take was left to another run", () => {
		const plain = summaryOf(ctx([{ kind: "done", outputPath: "x.mp4" }], { submitted: 1, costSubmitted: 0.05 }), null);
		expect(plain).not.toHaveProperty("stopped");
		expect(plain).not.toHaveProperty("busy");
		expect(summaryOf(ctx([{ kind: "cancelled" }], { submitted: 1 }), "cancel").stopped).toBe("cancel");
	});

	for (const lang of ["en", "zh"] as const) {
		it(`approval snapshot of the CLI's summary line: ${lang}`, async () => {
			setLanguage(lang);
			const cases: Array<[string, Outcome[], Partial<RunContext["counters"]>, StopReason | null]> = [
				["every kind of outcome", EVERY_KIND, { submitted: 7, resumed: 2, costSubmitted: 0.35 }, null],
				["all done", [{ kind: "done", outputPath: "a.mp4" }], { submitted: 1, costSubmitted: 0.05 }, null],
				["stopped by the budget", [{ kind: "done", outputPath: "a.mp4" }, { kind: "cancelled" }], { submitted: 1, costSubmitted: 0.5 }, "budget"],
				["refused key, price unknown", [{ kind: "failed", message: "401" }], { submitted: 1, costUnknown: 1 }, "auth"],
				["nothing to do", [{ kind: "skipped" }, { kind: "skipped" }], {}, null],
			];
			const text = cases
				.map(([name, outcomes, counters, stopped]) => `## ${name}\n${summaryLine(summaryOf(ctx(outcomes, counters), stopped))}\n`)
				.join("\n");
			await expect(text).toMatchFileSnapshot(`__snapshots__/summary.${lang}.txt`);
		});
	}
});
