/**
 * Take selection: the embed under a shot switches to the chosen take (only its
 * embed lines change), the journal records the choice, the cut honours it, and a
 * rerun neither switches it back nor pays for anything.
 */
import { describe, expect, it } from "vitest";
import { chooseTake, switchEmbed, type SwitchTarget } from "../../../src/core/board/choose";
import { buildCut } from "../../../src/core/cut";
import { Journal, parseJournalText, type JournalData } from "../../../src/core/journal";
import { promptKeyOf } from "../../../src/core/run/identity";
import { runGeneration, type RunOptions } from "../../../src/core/run/runner";
import { createSimulator, simBaseUrl } from "../../../src/sim/index";
import { VirtualClock } from "../../../src/clocks/virtual";
import { testSettings } from "../../support/settings";
import { BinVault, VIDEO, journalText } from "../../support/bin-vault";
import { shotBlock } from "../../support/shots";

const OUT = "_assets/Ep";
const line = (file: string) => `![[_assets/Ep/${file}]]`;
const target = (take: number, over: Partial<SwitchTarget> = {}): SwitchTarget => ({
	storageId: "s01",
	anchor: { id: "s01", idGiven: true, promptKey: "", index: 1 },
	outputFolder: OUT,
	take,
	videoPath: `${OUT}/s01${take > 1 ? `.take${take}` : ""}.mp4`,
	line: line(`s01${take > 1 ? `.take${take}` : ""}.mp4`),
	...over,
});

const HEAD = "---\ncineflow:\n  provider: sorahk\n---\n# Ep\n\nIntro text.\n\n";
const S01 = shotBlock({ id: "s01", prompt: "Rain on the window" });
const S02 = shotBlock({ id: "s02", prompt: "The door opens" });

describe("switchEmbed", () => {
	it("rewrites the shot's embed to the chosen take and changes nothing else", () => {
		const text = HEAD + S01 + line("s01.mp4") + "\nA line the user wrote.\n\n" + S02 + line("s02.mp4") + "\n";
		const r = switchEmbed("Ep.md", text, target(2));
		expect(r).toEqual({
			ok: true,
			changed: true,
			from: 1,
			text: HEAD + S01 + line("s01.take2.mp4") + "\nA line the user wrote.\n\n" + S02 + line("s02.mp4") + "\n",
		});
	});

	it("keeps the link's style, size and alias (Markdown, encoded folder, |320)", () => {
		const md = HEAD + S01 + "![clip](_assets/Ep/s01.mp4)\n";
		expect(switchEmbed("Ep.md", md, target(3))).toMatchObject({ ok: true, text: HEAD + S01 + "![clip](_assets/Ep/s01.take3.mp4)\n" });
		const wiki = HEAD + S01 + "  ![[_assets/Ep/s01.mp4|320]]\n";
		expect(switchEmbed("Ep.md", wiki, target(2))).toMatchObject({ ok: true, text: HEAD + S01 + "  ![[_assets/Ep/s01.take2.mp4|320]]\n" });
	});

	it("two takes embedded: the chosen one goes first and the other keeps its line (a swap, nothing lost or doubled)", () => {
		const text = HEAD + S01 + line("s01.mp4") + "\n" + line("s01.take2.mp4") + "\n" + S02;
		const r = switchEmbed("Ep.md", text, target(2));
		expect(r).toMatchObject({ ok: true, text: HEAD + S01 + line("s01.take2.mp4") + "\n" + line("s01.mp4") + "\n" + S02 });
	});

	it("a CRLF note keeps every CRLF, its BOM and its other bytes", () => {
		const lf = HEAD + S01 + line("s01.mp4") + "\n\nText after.\n" + S02;
		const crlf = "\uFEFF" + lf.replace(/\n/g, "\r\n");
		const r = switchEmbed("Ep.md", crlf, target(2));
		expect(r.ok && r.text).toBe("\uFEFF" + (HEAD + S01 + line("s01.take2.mp4") + "\n\nText after.\n" + S02).replace(/\n/g, "\r\n"));
	});

	it("no embed under the shot: exactly one line is inserted under the fence", () => {
		const text = HEAD + S01 + "Prose.\n" + S02;
		expect(switchEmbed("Ep.md", text, target(2))).toMatchObject({ ok: true, changed: true, text: HEAD + S01 + line("s01.take2.mp4") + "\nProse.\n" + S02 });
	});

	it("the chosen take already first: no change; another shot's embeds are never touched", () => {
		const text = HEAD + S01 + line("s01.take2.mp4") + "\n" + line("s02.mp4") + "\n" + S02;
		expect(switchEmbed("Ep.md", text, target(2))).toEqual({ ok: true, changed: false, text });
	});

	it("a shot without id: is found by its prompt; a shot that is gone is reported, not guessed", () => {
		const idless = shotBlock({ prompt: "No id here" });
		const text = HEAD + S01 + idless + line("s07.mp4") + "\n";
		const anchor = { id: "s02", idGiven: false, promptKey: promptKeyOf("No id here"), index: 2 };
		const r = switchEmbed("Ep.md", text, { ...target(2), storageId: "s07", anchor, videoPath: `${OUT}/s07.take2.mp4`, line: line("s07.take2.mp4") });
		expect(r).toMatchObject({ ok: true, text: HEAD + S01 + idless + line("s07.take2.mp4") + "\n" });
		expect(switchEmbed("Ep.md", HEAD + S02, target(2))).toEqual({ ok: false, reason: "shot-missing" });
	});
});

describe("chooseTake", () => {
	function vault(): BinVault {
		return new BinVault({
			"Ep.md": HEAD + S01 + line("s01.mp4") + "\n" + S02,
			[`${OUT}/s01.mp4`]: VIDEO,
			[`${OUT}/s01.take2.mp4`]: VIDEO,
			// An older journal: no `chosen` field.
			[`${OUT}/cineflow-jobs.md`]: journalText("Ep.md", [
				{ shotId: "s01", take: 1, outputPath: `${OUT}/s01.mp4` },
				{ shotId: "s01", take: 2, outputPath: `${OUT}/s01.take2.mp4`, remoteId: "task-2" },
			]),
		});
	}
	const files = (v: BinVault) => new Map([...v.files].filter(([p]) => p.endsWith(".mp4")).map(([p, f]) => [p, f.data.length]));

	it("records the choice in an old journal (every entry kept) and switches the embed; the cut then uses it", async () => {
		const v = vault();
		const before = parseJournalText(v.text(`${OUT}/cineflow-jobs.md`) as string) as JournalData;
		const r = await chooseTake({ vault: v, clock: { now: () => 5000 } }, { notePath: "Ep.md", files: files(v), ...target(2) });
		expect(r).toEqual({ ok: true, changed: true, from: 1 });
		expect(v.text("Ep.md")).toBe(HEAD + S01 + line("s01.take2.mp4") + "\n" + S02);
		const after = parseJournalText(v.text(`${OUT}/cineflow-jobs.md`) as string) as JournalData;
		expect(after.entries).toEqual(before.entries);
		expect(after.chosen).toEqual({ s01: { take: 2, at: 5000 } });
		// Both takes stay on disk.
		expect([...files(v).keys()].sort()).toEqual([`${OUT}/s01.mp4`, `${OUT}/s01.take2.mp4`]);
		const cut = await buildCut({ vault: v, notePath: "Ep.md", settings: testSettings() });
		expect(cut.clips[0]).toMatchObject({ shotId: "s01", take: 2, via: "chosen" });
	});

	it("the journal's choice wins over the embed in the cut (a note edited by hand back to take 1)", async () => {
		const v = vault();
		await chooseTake({ vault: v, clock: { now: () => 5000 } }, { notePath: "Ep.md", files: files(v), ...target(2) });
		v.put("Ep.md", HEAD + S01 + line("s01.mp4") + "\n" + S02);
		const cut = await buildCut({ vault: v, notePath: "Ep.md", settings: testSettings() });
		expect(cut.clips[0]).toMatchObject({ take: 2, videoPath: `${OUT}/s01.take2.mp4`, via: "chosen" });
	});

	it("a take without a video is refused and nothing is written", async () => {
		const v = vault();
		const writes = v.writes.length;
		expect(await chooseTake({ vault: v, clock: { now: () => 1 } }, { notePath: "Ep.md", files: files(v), ...target(3) })).toEqual({
			ok: false,
			reason: "no-video",
		});
		expect(v.writes.length).toBe(writes);
	});

	it("a choice survives another writer's journal write, and the later choice wins", async () => {
		const v = vault();
		const other = await Journal.open(v, OUT, "Ep.md");
		await chooseTake({ vault: v, clock: { now: () => 5000 } }, { notePath: "Ep.md", files: files(v), ...target(2) });
		// A run that opened the journal before the choice writes an entry: the choice stays.
		await other.update(
			"s02",
			1,
			{ status: "submitting", updatedAt: 6000 },
			{ shotId: "s02", take: 1, provider: "sorahk", model: "sora-2", promptHash: "h", outputPath: `${OUT}/s02.mp4` },
		);
		const data = parseJournalText(v.text(`${OUT}/cineflow-jobs.md`) as string) as JournalData;
		expect(data.chosen).toEqual({ s01: { take: 2, at: 5000 } });
		expect(Object.keys(data.entries).sort()).toEqual(["s01#1", "s01#2", "s02#1"]);
		await other.choose("s01", 1, 4000);
		const older = parseJournalText(v.text(`${OUT}/cineflow-jobs.md`) as string) as JournalData;
		expect(older.chosen?.s01).toEqual({ take: 2, at: 5000 });
	});
});

describe("a rerun after a choice", () => {
	const KEY = "sk-sim-board-0123456789abcdef";

	function options(v: BinVault, clock: VirtualClock, http: RunOptions["http"], mode: RunOptions["mode"], extra: Partial<RunOptions> = {}): RunOptions {
		const settings = testSettings({ jitter: { minMs: 0, maxMs: 0 } });
		settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		return {
			target: "Ep.md",
			mode,
			settings,
			vault: v,
			http,
			clock,
			random: () => 0.5,
			secrets: { getKey: () => KEY },
			embedLine: (video) => `![[${video}]]`,
			missingKey: () => "no key",
			...extra,
		};
	}

	it("does not switch the embed back, pays nothing and leaves every take on disk", async () => {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 30_000, max: 60_000 } } });
		const note = HEAD + S01 + "\nBetween the shots.\n\n" + S02;
		const v = new BinVault({ "Ep.md": note });
		const http = sim.transport();
		await clock.run(runGeneration(options(v, clock, http, "generate")));
		await clock.run(runGeneration(options(v, clock, http, "regenerate", { regenerate: { notePath: "Ep.md", shotId: "s01" } })));
		const creates = () => sim.log.filter((e) => e.route === "create").length;
		expect(creates()).toBe(3);
		expect(v.text("Ep.md")).toBe(HEAD + S01 + line("s01.mp4") + "\n" + line("s01.take2.mp4") + "\n\nBetween the shots.\n\n" + S02 + line("s02.mp4") + "\n");

		const files = new Map([...v.files].filter(([p]) => p.endsWith(".mp4")).map(([p, f]) => [p, f.data.length]));
		expect(await chooseTake({ vault: v, clock }, { notePath: "Ep.md", files, ...target(2) })).toMatchObject({ ok: true, changed: true });
		const chosen = HEAD + S01 + line("s01.take2.mp4") + "\n" + line("s01.mp4") + "\n\nBetween the shots.\n\n" + S02 + line("s02.mp4") + "\n";
		expect(v.text("Ep.md")).toBe(chosen);

		await clock.run(runGeneration(options(v, clock, http, "generate")));
		expect(v.text("Ep.md")).toBe(chosen);

		// The user keeps only the chosen take's embed: a rerun (whose plan has take 1 done) does not put take 1 back.
		const onlyChosen = chosen.replace(line("s01.mp4") + "\n", "");
		v.put("Ep.md", onlyChosen);
		await clock.run(runGeneration(options(v, clock, http, "generate")));
		expect(v.text("Ep.md")).toBe(onlyChosen);
		expect(creates()).toBe(3);
		expect([...v.files.keys()].filter((p) => p.endsWith(".mp4")).sort()).toEqual([`${OUT}/s01.mp4`, `${OUT}/s01.take2.mp4`, `${OUT}/s02.mp4`]);
	});
});
