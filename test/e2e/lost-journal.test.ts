/**
 * A journal lost while its tasks were paid but not yet downloaded (deleted, or a
 * second device that never received it): the rerun must not pay again. Measured
 * from the simulator's request log.
 */
import { afterEach, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import { RUN_LOG_NAME } from "../../src/core/run/runlog";
import { creates, duplicates, generate, journal, listAll, shot, startSim, tempVault, type Harness } from "./helpers";

const IDS = Array.from({ length: 6 }, (_, i) => `s0${i + 1}`);
const note = (ids: string[]) => "# Lost\n\n" + ids.map((id) => shot(id, `Lost journal, shot ${id}`) + "\n").join("");

let h: Harness | undefined;
afterEach(async () => {
	await h?.close();
	h = undefined;
});

async function videos(vault: string): Promise<string[]> {
	return (await listAll(vault)).filter((f) => f.endsWith(".mp4"));
}

/** Runs once with every download cut short: all tasks paid, none downloaded. */
async function paidNotDownloaded(vault: string): Promise<void> {
	if (!h) throw new Error("no simulator");
	h.sim.setScenario({ truncateDownloads: 1 });
	const r = await generate(h, vault, "Ep.md");
	expect(r.code).not.toBe(0);
	h.sim.setScenario({ truncateDownloads: 0 });
}

describe("lost journal", () => {
	it("journal deleted while tasks are paid but not downloaded: the run log's task ids are adopted → 0 new creates, every video", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": note(IDS) });
		await paidNotDownloaded(vault);
		expect(creates(h)).toBe(6);
		expect(await videos(vault)).toEqual([]);
		await fs.rm(path.join(vault, "_assets/Ep", JOURNAL_NAME));

		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(6);
		expect(duplicates(h)).toBe(0);
		expect(await videos(vault)).toEqual(IDS.map((id) => `_assets/Ep/${id}.mp4`));
		const j = await journal(vault, "_assets/Ep");
		for (const e of Object.values(j.entries)) expect(e).toMatchObject({ status: "done", recovered: "run-log" });
	});

	it("journal and run log both gone (videos of other shots remain): the provider's task list is asked first → 0 new creates", async () => {
		h = await startSim();
		// Three shots made and downloaded earlier; three more added and paid, not downloaded.
		const vault = await tempVault({ "Ep.md": note(IDS.slice(0, 3)) });
		expect((await generate(h, vault, "Ep.md")).code).toBe(0);
		const text = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
		await fs.writeFile(
			path.join(vault, "Ep.md"),
			text +
				IDS.slice(3)
					.map((id) => shot(id, `Lost journal, shot ${id}`))
					.join("\n"),
		);
		await paidNotDownloaded(vault);
		expect(creates(h)).toBe(6);
		await fs.rm(path.join(vault, "_assets/Ep", JOURNAL_NAME));
		await fs.rm(path.join(vault, "_assets/Ep", RUN_LOG_NAME));
		const lookupsBefore = h.sim.log.filter((e) => e.route === "list").length;

		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(6);
		expect(duplicates(h)).toBe(0);
		expect(h.sim.log.filter((e) => e.route === "list").length).toBeGreaterThan(lookupsBefore);
		expect(await videos(vault)).toEqual(IDS.map((id) => `_assets/Ep/${id}.mp4`));
	});

	it("the paid tasks are not on the task list's first page (60 other tasks came after them; the list's order is not documented): the lookup reads on, 0 new creates", async () => {
		h = await startSim();
		const other = "# Other\n\n" + Array.from({ length: 60 }, (_, i) => shot(`o${i + 1}`, `Another note's shot ${i + 1}`) + "\n").join("");
		// Three shots of Ep made and downloaded, three more paid and not downloaded, then 60 of another note.
		const vault = await tempVault({ "Other.md": other, "Ep.md": note(IDS.slice(0, 3)) });
		expect((await generate(h, vault, "Ep.md")).code).toBe(0);
		const text = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
		await fs.writeFile(
			path.join(vault, "Ep.md"),
			text +
				IDS.slice(3)
					.map((id) => shot(id, `Lost journal, shot ${id}`))
					.join("\n"),
		);
		await paidNotDownloaded(vault);
		expect((await generate(h, vault, "Other.md")).code).toBe(0);
		expect(creates(h)).toBe(66);
		await fs.rm(path.join(vault, "_assets/Ep", JOURNAL_NAME));
		await fs.rm(path.join(vault, "_assets/Ep", RUN_LOG_NAME));
		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(66);
		expect(duplicates(h)).toBe(0);
		// The simulator lists newest first, 50 a page: Ep's paid tasks are only on page 2.
		expect(h.sim.log.some((e) => e.route === "list" && /[?&]page=2\b/.test(e.path))).toBe(true);
		expect((await videos(vault)).filter((v) => v.startsWith("_assets/Ep/"))).toEqual(IDS.map((id) => `_assets/Ep/${id}.mp4`));
	});

	it("a legacy .cineflow-jobs.json (from before the journal synced) is migrated: its tasks are resumed, not resubmitted", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": note(IDS) });
		await paidNotDownloaded(vault);
		const folder = path.join(vault, "_assets/Ep");
		const data = parseJournalText(await fs.readFile(path.join(folder, JOURNAL_NAME), "utf8"));
		await fs.writeFile(path.join(folder, ".cineflow-jobs.json"), JSON.stringify(data, null, "\t"));
		await fs.rm(path.join(folder, JOURNAL_NAME));
		// Without the run log, only the legacy journal knows the tasks.
		await fs.rm(path.join(folder, RUN_LOG_NAME));

		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(6);
		expect(await videos(vault)).toEqual(IDS.map((id) => `_assets/Ep/${id}.mp4`));
		const files = await fs.readdir(folder);
		expect(files).toContain(JOURNAL_NAME);
		expect(files).not.toContain(".cineflow-jobs.json");
	});
});
