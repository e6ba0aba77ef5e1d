/**
 * The journal's frame provenance for chained shots (`frames`), and the stale rule
 * built on it: old journals stay readable, two writers keep each other's sources,
 * and a shot is stale when its upstream's chosen take or that take's video changed.
 */
import { describe, expect, it } from "vitest";
import { staleLabel, staleOf } from "../../src/core/board/stale";
import { Journal, journalPathIn, type FrameSource } from "../../src/core/journal";
import { MemVault } from "../support/mem-vault";

const FOLDER = "Film/_assets/Ep";
const src = (shotId: string, take: number, at: number): FrameSource => ({
	note: "Film/Ep.md",
	shotId,
	take,
	video: `${FOLDER}/${shotId}.mp4`,
	size: 1000,
	frame: `${FOLDER}/frames/x.png`,
	at,
});

describe("journal frame sources", () => {
	it("a journal written before chaining (no frames) opens and has none", async () => {
		const v = new MemVault();
		await v.writeText(journalPathIn(FOLDER), JSON.stringify({ version: 1, note: "Film/Ep.md", entries: {}, chosen: { s01: { take: 2, at: 1 } } }));
		const j = await Journal.open(v, FOLDER, "Film/Ep.md");
		expect(j.frameSources().size).toBe(0);
		expect(j.chosenTakes().get("s01")).toBe(2);
	});

	it("records a source and keeps another writer's", async () => {
		const v = new MemVault();
		const a = await Journal.open(v, FOLDER, "Film/Ep.md");
		const b = await Journal.open(v, FOLDER, "Film/Ep.md");
		await a.recordFrame("s02", src("s01", 1, 10));
		await b.recordFrame("s03", src("s02", 1, 11));
		const c = await Journal.open(v, FOLDER, "Film/Ep.md");
		expect(c.frameSource("s02")).toMatchObject({ shotId: "s01", take: 1 });
		expect(c.frameSource("s03")).toMatchObject({ shotId: "s02", take: 1 });
	});
});

describe("stale chained shots", () => {
	it("another chosen take upstream, or the same take made again, is stale; the same take is not", () => {
		expect(staleOf(src("s01", 1, 0), { chosenTake: 1, size: 1000 })).toBeNull();
		const other = staleOf(src("s01", 1, 0), { chosenTake: 2, size: 900 });
		expect(other).toMatchObject({ madeFrom: 1, nowChosen: 2, why: "other-take" });
		expect(staleLabel(other!, "Film/Ep.md")).toBe("stale: made from take 1 of s01; take 2 is chosen now");
		expect(staleLabel(other!, "Film/Other.md")).toBe("stale: made from take 1 of Ep s01; take 2 is chosen now");
		expect(staleOf(src("s01", 1, 0), { chosenTake: 1, size: 1200 })?.why).toBe("video-changed");
		expect(staleOf(src("s01", 1, 0), { chosenTake: null, size: null })).toBeNull();
	});
});
