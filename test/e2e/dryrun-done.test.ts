/**
 * Issue 14.5: the plan a user approves prices exactly what will be spent. After
 * every shot is done, the dry run (table and --json) shows $0 rows in their real
 * state and a $0 total; only jobs that will be submitted are priced.
 */
import { afterEach, describe, expect, it } from "vitest";
import { creates, generate, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const NOTE = "# Ep\n\n" + Array.from({ length: 8 }, (_, i) => shot(`s0${i + 1}`, `Dry run shot ${i + 1}`)).join("\n");

interface JsonPlan {
	type: string;
	totals: { jobs: number; ready: number; skipped: number; cost: number | null; seconds: number };
	jobs: Array<{ shotId: string; status: string; action: string; cost: number | null }>;
}

describe("dry run after a finished run (issue 14.5)", () => {
	it("table and JSON show every finished shot as done at $0 and a $0 total; a new shot is the only cost", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": NOTE });
		expect((await generate(h, vault, "Ep.md", ["--json"])).code).toBe(0);
		expect(creates(h)).toBe(8);
		const before = h.sim.log.length;

		const table = await generate(h, vault, "Ep.md", ["--dry-run"]);
		expect(table.code).toBe(0);
		const rows = table.out.split("\n").filter((l) => l.startsWith("Ep.md "));
		expect(rows).toHaveLength(8);
		for (const r of rows) expect(r).toMatch(/ done +\$0\.00 +_assets\/Ep\/s0\d\.mp4 exists$/);
		expect(table.out).not.toMatch(/ ready /);
		expect(table.out).toContain("\n  Jobs:     8 (ready 0, skipped 8, invalid 0)\n");
		expect(table.out).toContain("\n  Estimated cost: $0.00\n");

		const json = await generate(h, vault, "Ep.md", ["--dry-run", "--json"]);
		const plan = JSON.parse(json.out.trim().split("\n").at(-1) as string) as JsonPlan;
		expect(plan.type).toBe("dry-run");
		expect(plan.totals).toMatchObject({ jobs: 8, ready: 0, skipped: 8, cost: 0, seconds: 0 });
		for (const j of plan.jobs) expect([j.status, j.action, j.cost]).toEqual(["done", "done", 0]);

		// One new shot: exactly its price, and it is the only "ready" row.
		await import("node:fs").then((fs) => fs.promises.appendFile(`${vault}/Ep.md`, "\n" + shot("s09", "Dry run shot 9")));
		const more = JSON.parse((await generate(h, vault, "Ep.md", ["--dry-run", "--json"])).out.trim().split("\n").at(-1) as string) as JsonPlan;
		expect(more.totals).toMatchObject({ jobs: 9, ready: 1, skipped: 8, cost: 0.05, seconds: 10 });
		expect(more.jobs.filter((j) => j.status === "ready").map((j) => [j.shotId, j.action, j.cost])).toEqual([["s09", "submit", 0.05]]);
		// The dry runs sent nothing.
		expect(h.sim.log.length).toBe(before);
	});
});
