/**
 * Issue 14.2 in the plugin: a note renamed or moved in Obsidian takes its output
 * folder (videos, journal, run log) with it, its embeds keep pointing at existing
 * files, and a run in progress writes its embeds into the renamed note. Figures
 * come from the simulator's request log.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { journalPathIn, parseJournalText } from "../../src/core/journal";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { renamesDone } from "../../src/obsidian/rename";
import { Notice, TFile, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, notices, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-sim-0123456789abcdefABCDEF";

async function setup(files: Record<string, string>, clock: VirtualClock, sim: Simulator): Promise<Loaded> {
	const l = await loadPlugin(files, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
	l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
	l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
	l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
	routeRequestUrl(sim);
	l.app.workspace.setLayoutReady__();
	return l;
}

const files = (l: Loaded) => [...l.app.vault.adapter.files.keys()].sort();
const mp4s = (l: Loaded) => files(l).filter((p) => p.endsWith(".mp4"));
const creates = (sim: Simulator) => sim.log.filter((e) => e.route === "create" && e.status === 200).length;
const embeds = (text: string) => [...text.matchAll(/^!\[\[([^\]]+)\]\]$/gm)].map((m) => m[1] as string);

/** Lets the rename handlers (started by the vault events) finish. */
async function settle(clock: VirtualClock, l: Loaded): Promise<void> {
	await clock.run(l.plugin.runs().idle());
	await clock.run(renamesDone(l.plugin));
}

describe("renaming a note in Obsidian (issue 14.2)", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
		sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 60_000, max: 180_000 } } });
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
	});

	it("between runs: the output folder and journal move with the note, embeds stay valid, the rerun creates nothing", async () => {
		l = await setup({ "Film/Ep.md": noteWithShots(3) }, clock, sim);
		await clock.run(l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" }));
		expect(creates(sim)).toBe(3);
		const note = l.app.vault.getFileByPath("Film/Ep.md") as TFile;
		await l.app.fileManager.renameFile(note, "Film/Episode one.md");
		await settle(clock, l);

		expect(mp4s(l)).toEqual(["Film/_assets/Episode one/s01.mp4", "Film/_assets/Episode one/s02.mp4", "Film/_assets/Episode one/s03.mp4"]);
		expect(files(l).some((p) => p.startsWith("Film/_assets/Ep/"))).toBe(false);
		const journal = parseJournalText(await l.app.vault.adapter.read(journalPathIn("Film/_assets/Episode one"))) as {
			entries: Record<string, { status: string }>;
		};
		expect(Object.values(journal.entries).map((e) => e.status)).toEqual(["done", "done", "done"]);
		const text = await l.app.vault.adapter.read("Film/Episode one.md");
		expect(embeds(text)).toEqual(["_assets/Episode one/s01.mp4", "_assets/Episode one/s02.mp4", "_assets/Episode one/s03.mp4"]);
		for (const e of embeds(text)) expect(l.app.vault.getFileByPath(`Film/${e}`)).not.toBeNull();

		const again = await clock.run(l.plugin.runs().run({ target: "Film/Episode one.md", mode: "generate" }));
		expect(again?.summary).toMatchObject({ submitted: 0, skipped: 3 });
		expect(creates(sim)).toBe(3);
		expect(embeds(await l.app.vault.adapter.read("Film/Episode one.md"))).toHaveLength(3);
	});

	it("a move to another folder takes the videos along (Obsidian's link update on)", async () => {
		l = await setup({ "Film/Ep.md": noteWithShots(2), "Archive/readme.md": "# Archive\n" }, clock, sim);
		l.app.vault.setConfig__("alwaysUpdateLinks", true);
		await clock.run(l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" }));
		await l.app.fileManager.renameFile(l.app.vault.getFileByPath("Film/Ep.md") as TFile, "Archive/Ep.md");
		await settle(clock, l);
		expect(mp4s(l)).toEqual(["Archive/_assets/Ep/s01.mp4", "Archive/_assets/Ep/s02.mp4"]);
		const text = await l.app.vault.adapter.read("Archive/Ep.md");
		expect(embeds(text)).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s02.mp4"]);
		for (const e of embeds(text)) expect(l.app.vault.getFileByPath(`Archive/${e}`)).not.toBeNull();
		await clock.run(l.plugin.runs().run({ target: "Archive/Ep.md", mode: "generate" }));
		expect(creates(sim)).toBe(2);
	});

	it("during a run: no video lost, no create repeated, every embed written under the renamed note", async () => {
		l = await setup({ "Film/Ep.md": noteWithShots(6) }, clock, sim);
		l.plugin.settings.concurrency = { ...l.plugin.settings.concurrency, initial: 3, max: 3 };
		const running = l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" });
		await clock.advance(20_000);
		expect(creates(sim)).toBeGreaterThan(0);
		expect(creates(sim)).toBeLessThan(6);
		await l.app.fileManager.renameFile(l.app.vault.getFileByPath("Film/Ep.md") as TFile, "Film/Draft.md");
		await clock.advance(10_000);
		// Renamed again while the run still works: it follows both renames.
		await l.app.fileManager.renameFile(l.app.vault.getFileByPath("Film/Draft.md") as TFile, "Film/Renamed.md");
		const report = await clock.run(running);
		await settle(clock, l);
		expect(report?.summary).toMatchObject({ submitted: 6, succeeded: 6, failed: 0, duplicates: 0 });
		expect(creates(sim)).toBe(6);
		expect(mp4s(l)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `Film/_assets/Renamed/s0${i}.mp4`));
		expect(files(l).some((p) => p.startsWith("Film/_assets/Ep/") || p.startsWith("Film/_assets/Draft/"))).toBe(false);
		expect(l.app.vault.getFileByPath("Film/Ep.md")).toBeNull();
		expect(files(l).filter((p) => p.endsWith(".lock") || p.endsWith(".tmp"))).toEqual([]);
		const text = await l.app.vault.adapter.read("Film/Renamed.md");
		expect(embeds(text)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `_assets/Renamed/s0${i}.mp4`));
		expect(notices().some((n) => /embed was not added/.test(n))).toBe(false);
		// And a rerun pays for nothing.
		await clock.run(l.plugin.runs().run({ target: "Film/Renamed.md", mode: "generate" }));
		expect(creates(sim)).toBe(6);
	});

	it("never moves over an existing folder: the videos stay where they are and the user is told", async () => {
		l = await setup({ "Film/Ep.md": noteWithShots(1), "Film/_assets/Taken/keep.txt": "mine" }, clock, sim);
		await clock.run(l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" }));
		await l.app.fileManager.renameFile(l.app.vault.getFileByPath("Film/Ep.md") as TFile, "Film/Taken.md");
		await settle(clock, l);
		expect(mp4s(l)).toEqual(["Film/_assets/Ep/s01.mp4"]);
		expect(await l.app.vault.adapter.read("Film/_assets/Taken/keep.txt")).toBe("mine");
		expect(notices().some((n) => n.includes("Film/_assets/Taken already exists"))).toBe(true);
	});
});

describe("renaming twice in a row (issue 14.2)", () => {
	it("A → B → C before the first move finished: the videos end up beside C", async () => {
		useWindow();
		Notice.reset__();
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 60_000, max: 120_000 } } });
		const l = await setup({ "A.md": noteWithShots(1) }, clock, sim);
		try {
			await clock.run(l.plugin.runs().run({ target: "A.md", mode: "generate" }));
			await l.app.fileManager.renameFile(l.app.vault.getFileByPath("A.md") as TFile, "B.md");
			await l.app.fileManager.renameFile(l.app.vault.getFileByPath("B.md") as TFile, "C.md");
			await settle(clock, l);
			expect(mp4s(l)).toEqual(["_assets/C/s01.mp4"]);
			expect(embeds(await l.app.vault.adapter.read("C.md"))).toEqual(["_assets/C/s01.mp4"]);
		} finally {
			unload(l.plugin);
			setRequestUrlHandler(undefined);
		}
	});
});

describe("renaming a note whose videos go to Obsidian's attachment folder (issue 14.2)", () => {
	it("the attachment output folder follows the note", async () => {
		useWindow();
		Notice.reset__();
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 60_000, max: 120_000 } } });
		const l = await setup({ "Film/Ep.md": noteWithShots(2) }, clock, sim);
		try {
			l.app.vault.setConfig__("attachmentFolderPath", "Attachments");
			l.plugin.settings.outputLocation = "attachments";
			await clock.run(l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" }));
			expect(mp4s(l)).toEqual(["Attachments/Film/Ep/s01.mp4", "Attachments/Film/Ep/s02.mp4"]);
			await l.app.fileManager.renameFile(l.app.vault.getFileByPath("Film/Ep.md") as TFile, "Film/Pilot.md");
			await settle(clock, l);
			expect(mp4s(l)).toEqual(["Attachments/Film/Pilot/s01.mp4", "Attachments/Film/Pilot/s02.mp4"]);
			const links = embeds(await l.app.vault.adapter.read("Film/Pilot.md"));
			expect(links).toEqual(["../Attachments/Film/Pilot/s01.mp4", "../Attachments/Film/Pilot/s02.mp4"]);
			for (const e of links) expect(l.app.vault.getFileByPath(e.replace(/^(\.\.\/)+/, ""))).not.toBeNull();
			await clock.run(l.plugin.runs().run({ target: "Film/Pilot.md", mode: "generate" }));
			expect(creates(sim)).toBe(2);
		} finally {
			unload(l.plugin);
			setRequestUrlHandler(undefined);
		}
	});
});
