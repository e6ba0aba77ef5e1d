import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dryRunRows, dryRunTotals, formatDryRun, type DryRunWork } from "../../src/core/dryrun";
import { parseMarkdown } from "../../src/core/parse";
import { planJobs } from "../../src/core/plan";
import type { PlannedJob } from "../../src/core/types";
import { TEST_SETTINGS } from "../support/settings";

const ep1 = parseMarkdown("Scenes/Ep1.md", readFileSync(new URL("../fixtures/notes/Ep1.md", import.meta.url), "utf8"));
const extra = parseMarkdown("Scenes/Ep2.md", "```shot\nprompt: pro shot\npro: true\nduration: 25\n```\n");

describe("dryRunRows", () => {
	it("gives one structured row per job", () => {
		const plan = planJobs([ep1, extra], TEST_SETTINGS, new Map([["Scenes/_renders/Ep1/s01.mp4", 10]]));
		expect(dryRunRows(plan)).toEqual([
			{
				key: "Scenes/Ep1.md::s01::1",
				note: "Scenes/Ep1.md",
				line: 18,
				shot: "s01",
				take: 1,
				providerModel: "sorahk/sora-2",
				duration: "15s",
				orientationSize: "vertical 720x1280",
				pro: false,
				status: "skipped",
				costUsd: 0,
				cost: "$0.00",
				reason: "Scenes/_renders/Ep1/s01.mp4 already exists",
			},
			{
				key: "Scenes/Ep1.md::s01::2",
				note: "Scenes/Ep1.md",
				line: 18,
				shot: "s01",
				take: 2,
				providerModel: "sorahk/sora-2",
				duration: "15s",
				orientationSize: "vertical 720x1280",
				pro: false,
				status: "ready",
				costUsd: 0.075,
				cost: "$0.08",
			},
			{
				key: "Scenes/Ep1.md::s02::1",
				note: "Scenes/Ep1.md",
				line: 29,
				shot: "s02",
				take: 1,
				providerModel: "sorahk/sora-2",
				duration: "10s",
				orientationSize: "horizontal 1280x720",
				pro: false,
				status: "ready",
				costUsd: 0.05,
				cost: "$0.05",
			},
			{
				key: "Scenes/Ep1.md::s03::1",
				note: "Scenes/Ep1.md",
				line: 36,
				shot: "s03",
				take: 1,
				providerModel: "sorahk/sora-2",
				duration: "7s",
				orientationSize: "vertical 720x1280",
				pro: false,
				status: "invalid",
				costUsd: null,
				cost: "—",
				reason: "Scenes/Ep1.md:36 shot s03: duration 7 is not allowed for sorahk (allowed: 10, 15; 25 with pro)",
			},
			{
				key: "Scenes/Ep2.md::s01::1",
				note: "Scenes/Ep2.md",
				line: 1,
				shot: "s01",
				take: 1,
				providerModel: "sorahk/sora-2",
				duration: "25s",
				orientationSize: "horizontal 1280x720",
				pro: true,
				status: "ready",
				costUsd: null,
				cost: "unknown",
			},
		]);
	});
});

describe("formatDryRun", () => {
	const plan = planJobs([ep1, extra], TEST_SETTINGS, new Map([["Scenes/_renders/Ep1/s01.mp4", 10]]));
	const text = formatDryRun(plan);
	const lines = text.split("\n");

	it("prints a fixed-width table with a header and one line per job", () => {
		expect(lines[0]).toMatch(/^Note +Line +Shot +Take +Provider\/model +Duration +Orientation\/size +Pro +Status +Est\. cost +Reason$/);
		expect(lines[1]).toMatch(/^-+( +-+)+$/);
		const rows = lines.slice(2, 7);
		expect(rows[0]).toMatch(
			/^Scenes\/Ep1\.md +18 +s01 +1 +sorahk\/sora-2 +15s +vertical 720x1280 +no +skipped +\$0\.00 +Scenes\/_renders\/Ep1\/s01\.mp4 already exists$/,
		);
		expect(rows[3]).toContain("invalid");
		expect(rows[3]).toContain("duration 7 is not allowed for sorahk");
		expect(rows[4]).toMatch(/ yes +ready +unknown$/);
		// Columns line up: every row has "sorahk/sora-2" at the same position.
		const col = lines[0]!.indexOf("Provider/model");
		for (const r of rows) expect(r.indexOf("sorahk/sora-2")).toBe(col);
	});

	it("ends with totals, unknown-price jobs and price sources", () => {
		const totals = text.slice(text.indexOf("\nTotals\n"));
		expect(totals).toContain("\n  Shots:    4\n");
		expect(totals).toContain("\n  Jobs:     5 (ready 3, skipped 1, invalid 1)\n");
		expect(totals).toContain("\n  Seconds:  50 (ready jobs)\n");
		expect(totals).toContain("\n  Estimated cost: $0.13 + 1 job of unknown price\n");
		expect(totals).toMatch(/\n {2}Price sources:\n {4}sorahk\/sora-2: the original CineFlow's flat estimate/);
		expect(totals).toContain("\nWarnings\n  Scenes/Ep1.md:29 shot s02: [Alcie] has no character id; did you mean Alice?\n");
	});

	it("says when nothing was found, and shows note errors", () => {
		const empty = formatDryRun(planJobs([], TEST_SETTINGS, new Map()));
		expect(empty.startsWith("No shots found.\n\nTotals\n")).toBe(true);
		expect(empty).toContain("Estimated cost: $0.00\n");
		const bad = parseMarkdown("x.md", "---js\n1\n---\n```shot\nprompt: x\n```\n");
		expect(formatDryRun(planJobs([bad], TEST_SETTINGS, new Map()))).toContain(
			"\nErrors\n  x.md:1: front matter language js is not allowed (allowed: yaml, json)\n",
		);
	});

	it("shows a total that is entirely unknown", () => {
		// T8Star publishes no price (Grok, the earlier example, has one since 2026-12-03).
		const t8 = parseMarkdown("g.md", "```shot\nprompt: x\nprovider: t8star\ntakes: 2\n```\n");
		expect(formatDryRun(planJobs([t8], TEST_SETTINGS, new Map()))).toContain("Estimated cost: unknown (2 jobs of unknown price)\n");
	});
});

describe("a dry run prices exactly what the run will spend (issue 14.5)", () => {
	// 8 shots whose videos all exist: the run would do nothing.
	const note = parseMarkdown("Ep.md", Array.from({ length: 8 }, (_, i) => "```shot\nid: s0" + (i + 1) + "\nprompt: shot " + (i + 1) + "\n```\n").join("\n"));
	const plan = planJobs([note], TEST_SETTINGS, new Map());
	const done: DryRunWork[] = plan.jobs.map((job) => ({ job, action: { kind: "done" } }));

	it("rows of finished shots show $0 and their real state; the total is $0", () => {
		const rows = dryRunRows(plan, done);
		expect(rows).toHaveLength(8);
		for (const r of rows) {
			expect(r.status).toBe("done");
			expect(r.costUsd).toBe(0);
			expect(r.cost).toBe("$0.00");
		}
		const t = dryRunTotals(plan, rows, done);
		expect(t).toMatchObject({ jobs: 8, ready: 0, skipped: 8, seconds: 0, cost: 0, unknownCost: 0 });
		const text = formatDryRun(plan, done);
		expect(text).not.toContain("ready $0.05");
		expect(text).not.toMatch(/ ready +\$/);
		expect(text).toContain("\n  Jobs:     8 (ready 0, skipped 8, invalid 0)\n");
		expect(text).toContain("\n  Seconds:  0 (ready jobs)\n");
		expect(text).toContain("\n  Estimated cost: $0.00\n");
	});

	it("counts only the jobs that will be submitted: resumed, reconciled and reported jobs cost nothing", () => {
		const [a, b, c, d, e, f] = plan.jobs as [PlannedJob, PlannedJob, PlannedJob, PlannedJob, PlannedJob, PlannedJob];
		const work: DryRunWork[] = [
			{ job: a, action: { kind: "submit" } },
			{ job: b, action: { kind: "submit" } },
			{ job: c, action: { kind: "poll", remoteId: "task-1" } },
			{ job: d, action: { kind: "ambiguous", since: 1 } },
			{ job: e, action: { kind: "report", status: "failed", message: "policy" } },
			{ job: f, action: { kind: "done" } },
		];
		const rows = dryRunRows(plan, work);
		expect(rows.map((r) => [r.shot, r.status, r.costUsd, r.cost])).toEqual([
			["s01", "ready", 0.05, "$0.05"],
			["s02", "ready", 0.05, "$0.05"],
			["s03", "resume", 0, "$0.00"],
			["s04", "reconcile", 0, "$0.00"],
			["s05", "failed", 0, "$0.00"],
			["s06", "done", 0, "$0.00"],
		]);
		expect(dryRunTotals(plan, rows, work)).toEqual({
			shots: 8,
			jobs: 6,
			ready: 2,
			resume: 2,
			skipped: 1,
			reported: 1,
			busy: 0,
			invalid: 0,
			seconds: 20,
			cost: 0.1,
			unknownCost: 0,
		});
		const text = formatDryRun(plan, work);
		expect(text).toContain("\n  Jobs:     6 (ready 2, resume 2, skipped 1, not retried 1, invalid 0)\n");
		expect(text).toContain("\n  Estimated cost: $0.10\n");
	});

	it("a row uses the take the journal chose (a changed prompt becomes take 2)", () => {
		const job = { ...(plan.jobs[0] as PlannedJob), take: 2, key: "Ep.md::s01::2", outputPath: "_assets/Ep/s01.take2.mp4" };
		const rows = dryRunRows(plan, [{ job, action: { kind: "submit" } }]);
		expect(rows[0]).toMatchObject({ key: "Ep.md::s01::2", take: 2, status: "ready", costUsd: 0.05 });
	});
});
