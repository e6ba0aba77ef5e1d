/**
 * The dry-run table of the run dialog and the estimate modal
 * (src/obsidian/dryrun-view.ts): its totals, and approval snapshots of what it shows
 * (__snapshots__/dryrun-view.*.txt) in English and Chinese, for a fixed plan whose
 * jobs the run would handle every way it can: submit, resume, already done, report
 * an earlier failure, leave to another run, refuse as invalid, and warn of a
 * deprecated model.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage, t } from "../../src/core/i18n";
import { parseMarkdown } from "../../src/core/parse";
import { planJobs } from "../../src/core/plan";
import type { RunReport, WorkItem } from "../../src/core/run/options";
import { costText, renderDryRun, summarize } from "../../src/obsidian/dryrun-view";
import { makeEl } from "../stubs/obsidian";
import { domText } from "../support/dom-text";
import { TEST_SETTINGS } from "../support/settings";
import { aShot, storyboard } from "../support/shots";

afterEach(() => setLanguage("en"));

const NOTE = "Film/第一集.md";

/** Seven shots; s01's video exists; s07 asks for a duration sora-2 does not offer. */
function report(): Pick<RunReport, "plan" | "work"> {
	const text = storyboard(
		{ cineflow: { provider: "sorahk", duration: 10 } },
		aShot("s01", { prompt: "雨夜的小巷" }),
		aShot("s02", { duration: 15, orientation: "vertical" }),
		aShot("s03"),
		aShot("s04"),
		aShot("s05"),
		aShot("s06", { takes: 2 }),
		aShot("s07", { duration: 7 }),
	);
	const plan = planJobs([parseMarkdown(NOTE, text)], TEST_SETTINGS, new Map([["Film/_assets/第一集/s01.mp4", 10]]));
	const work: WorkItem[] = plan.jobs.map((job): WorkItem => {
		if (job.status === "invalid") return { job, action: { kind: "invalid", message: job.reason ?? "" } };
		switch (job.shotId) {
			case "s01":
				return { job, action: { kind: "done" } };
			case "s03":
				return { job, action: { kind: "poll", remoteId: "task-3" } };
			case "s04":
				return { job, action: { kind: "report", status: "failed", message: "content policy violation (request req_42)" } };
			case "s05":
				return { job, action: { kind: "busy", message: t("run.lock.busy", { holder: "CineFlow on Studio-Mac (pid 4242)" }) } };
			case "s06":
				return { job: { ...job, lifecycle: { status: "deprecated", shutdown: "2026-09-24", replacement: "sora-2-pro" } }, action: { kind: "submit" } };
			default:
				return { job, action: { kind: "submit" } };
		}
	});
	return { plan, work };
}

function shown(r: Pick<RunReport, "plan" | "work">, maxRows?: number): string {
	const el = makeEl("div");
	renderDryRun(el, r as RunReport, maxRows);
	return domText(el);
}

describe("dry-run view", () => {
	it("totals: shots, what runs now (submitted or resumed), and a cost for submitted jobs only", () => {
		const r = report();
		const s = summarize(r as RunReport);
		expect(s).toMatchObject({ shots: 7, jobs: 8, ready: 3, resume: 1, skipped: 1, reported: 1, busy: 1, invalid: 1, toRun: 4 });
		// s02 (15 s) and both takes of s06 (10 s), at the flat estimate ($0.005 a second).
		expect(s.seconds).toBe(35);
		expect(s.cost).toBeCloseTo(0.175, 6);
		expect(costText(s)).toBe("$0.18");
	});

	it("cuts a long table, saying how many jobs are not shown", () => {
		const text = shown(report(), 3);
		expect(text).toContain("5 more jobs");
		expect(text.split("\n").filter((l) => l.includes(NOTE))).toHaveLength(3);
	});

	for (const lang of ["en", "zh"] as const) {
		it(`approval snapshot: ${lang}`, async () => {
			setLanguage(lang);
			const text = ["# Every job", shown(report()), "# Three rows shown", shown(report(), 3)].join("\n");
			await expect(text).toMatchFileSnapshot(`__snapshots__/dryrun-view.${lang}.txt`);
		});
	}
});
