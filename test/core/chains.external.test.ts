/**
 * Chaining across notes run separately (issue 17): `first_frame: "[[Ep1#s03]]"` when Ep1
 * is not in the run. The upstream note is read from the vault (never written), its
 * shot's chosen take found with the cut's rule, and the plan chains to it, errors
 * (no note, no shot) or says the upstream must be generated first.
 */
import { describe, expect, it } from "vitest";
import { dryRunRows, dryRunTotals, formatDryRun } from "../../src/core/dryrun";
import { parseMarkdown } from "../../src/core/parse";
import { planJobs } from "../../src/core/plan";
import { externalUpstreams } from "../../src/core/run/upstreams";
import type { Settings } from "../../src/core/settings";
import { MemVault } from "../support/mem-vault";
import { testSettings } from "../support/settings";
import { aShot, storyboard, type ShotFields } from "../support/shots";

function settings(): Settings {
	const s = testSettings();
	s.models = [{ provider: "fal", id: "full", durations: [4, 8], first_frame: true, last_frame: true, price: { "720p": 0.1 } }];
	return s;
}

const FAL = { cineflow: { provider: "fal", model: "full" } };
const shot = (id: string, fields: ShotFields = {}) => aShot(id, { duration: 4, ...fields });
// Ep1 s03 has takes 1 and 2 on disk; the note embeds take 2 under the shot (the chosen one).
const EP1 = storyboard(FAL, shot("s01"), shot("s02"), shot("s03")) + "![[_assets/Ep1/s03.take2.mp4]]\n";
const EP2 = (target: string) => storyboard(FAL, shot("e01", { first_frame: target }), shot("e02", { first_frame: "previous" }));

async function planEp2(vault: MemVault, target: string) {
	const s = settings();
	const notes = [parseMarkdown("Show/Ep2.md", EP2(target))];
	const first = planJobs(notes, s, new Map());
	const ext = await externalUpstreams(vault, first, s);
	return planJobs(notes, s, new Map(), ext);
}

function files(withVideo: boolean): Record<string, string> {
	const f: Record<string, string> = { "Show/Ep1.md": EP1, "Show/Ep2.md": EP2("[[Ep1#s03]]") };
	if (withVideo) {
		f["Show/_assets/Ep1/s03.mp4"] = "video-take-1";
		f["Show/_assets/Ep1/s03.take2.mp4"] = "video-take-2";
	}
	return f;
}

describe("chaining to a shot in a note that is not in the run", () => {
	it("chains to the upstream's chosen take on disk; the dry run says where from; nothing in Ep1's folder is written", async () => {
		const vault = new MemVault(files(true));
		const before = JSON.stringify([...(await vault.listFiles("")).sort()]);
		const plan = await planEp2(vault, "[[Ep1#s03]]");
		const e01 = plan.jobs.find((j) => j.shotId === "e01")!;
		const e02 = plan.jobs.find((j) => j.shotId === "e02")!;
		expect(e01.status).toBe("ready");
		expect(e01.after).toEqual({ notePath: "Show/Ep1.md", shotId: "s03", line: expect.any(Number) });
		expect(e01.chainDepth).toBe(1);
		// The in-note chain after it waits one round more.
		expect(e02.after?.shotId).toBe("e01");
		expect(e02.chainDepth).toBe(2);
		const edge = plan.chains.find((c) => c.shotId === "e01")!;
		expect(edge.external?.choice).toMatchObject({ ok: true, take: 2, path: "Show/_assets/Ep1/s03.take2.mp4" });
		expect(formatDryRun(plan)).toContain("from Ep1 s03, take 2, on disk");
		expect(dryRunRows(plan).map((r) => r.status)).toEqual(["ready", "ready"]);
		expect(JSON.stringify([...(await vault.listFiles("")).sort()])).toBe(before);
		expect(await vault.read("Show/Ep1.md")).toBe(EP1);
	});

	it("an upstream shot with no video yet keeps the chain (blocked at run time, never unchained) and the dry run says to generate it first", async () => {
		const vault = new MemVault(files(false));
		const plan = await planEp2(vault, "[[Ep1#s03]]");
		const e01 = plan.jobs.find((j) => j.shotId === "e01")!;
		expect(e01.after?.shotId).toBe("s03");
		expect(e01.reference).toBeUndefined();
		expect(plan.chains.find((c) => c.shotId === "e01")?.external?.choice.ok).toBe(false);
		expect(formatDryRun(plan)).toContain("generate Ep1 s03 first");
		// The dry run neither counts nor prices what the run will not send: e01, and e02 chained after it.
		const rows = dryRunRows(plan);
		expect(rows.map((r) => [r.shot, r.status, r.reason])).toEqual([
			["e01", "invalid", "blocked: generate Ep1 s03 first"],
			["e02", "invalid", "blocked: generate Ep1 s03 first"],
		]);
		expect(dryRunTotals(plan, rows).cost).toBe(0);
	});

	it("a note that does not exist, or a shot that is not in it, is an error naming note:line:shot and the target", async () => {
		const noNote = await planEp2(new MemVault(files(true)), "[[Ep9#s03]]");
		const a = noNote.jobs.find((j) => j.shotId === "e01")!;
		expect(a.status).toBe("invalid");
		expect(a.reason).toMatch(/Show\/Ep2\.md:\d+.*e01.*\[\[Ep9#s03\]\].*no note "Ep9"/);
		// The shot after it is blocked, not sent unchained.
		expect(noNote.jobs.find((j) => j.shotId === "e02")!.status).toBe("invalid");
		const noShot = await planEp2(new MemVault(files(true)), "[[Ep1#s99]]");
		const b = noShot.jobs.find((j) => j.shotId === "e01")!;
		expect(b.status).toBe("invalid");
		expect(b.reason).toMatch(/Show\/Ep2\.md:\d+.*e01.*Show\/Ep1\.md has no shot "s99"/);
	});
});
