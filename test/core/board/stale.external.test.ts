/**
 * Stale marks for a chained shot whose upstream is in another note (issue 17): Ep2's e01
 * starts from the last frame of `[[Ep1#s03]]`, and Ep2's board shows only Ep2. The board
 * reads Ep1 the way a run does (run/upstreams.ts, read-only), so choosing another take of
 * Ep1 s03 marks e01 stale on Ep2's board. Nothing is written.
 */
import { describe, expect, it } from "vitest";
import { loadBoard } from "../../../src/core/board/load";
import { staleLabel } from "../../../src/core/board/stale";
import { journalPathIn, type FrameSource } from "../../../src/core/journal";
import type { Settings } from "../../../src/core/settings";
import { MemVault } from "../../support/mem-vault";
import { testSettings } from "../../support/settings";
import { aShot, storyboard, type ShotFields } from "../../support/shots";

function settings(): Settings {
	const s = testSettings();
	s.models = [{ provider: "fal", id: "full", durations: [4, 8], first_frame: true, last_frame: true, price: { "720p": 0.1 } }];
	return s;
}

const FAL = { cineflow: { provider: "fal", model: "full" } };
const shot = (id: string, fields: ShotFields = {}) => aShot(id, { duration: 4, ...fields });
const EP1 = storyboard(FAL, shot("s01"), shot("s02"), shot("s03"));
const EP2 = storyboard(FAL, shot("e01", { first_frame: "[[Ep1#s03]]" }), shot("e02", { first_frame: "previous" }));
const OUT1 = "Show/_assets/Ep1";
const OUT2 = "Show/_assets/Ep2";
const TAKE1 = "video-take-1";
const TAKE2 = "video-take-two";

const source = (take: number, size: number): FrameSource => ({
	note: "Show/Ep1.md",
	shotId: "s03",
	take,
	video: take === 1 ? `${OUT1}/s03.mp4` : `${OUT1}/s03.take${take}.mp4`,
	size,
	frame: `${OUT2}/frames/e01.png`,
	at: 5,
});
const journal = (note: string, extra: Record<string, unknown>) => JSON.stringify({ version: 1, note, entries: {}, ...extra });

/** Ep1 with takes 1 and 2 of s03 on disk; Ep2's e01 made from `made` (e02 from e01's take 1, still chosen). */
function vault(opts: { chosen?: number; made: FrameSource; take1?: string }): MemVault {
	return new MemVault({
		"Show/Ep1.md": EP1,
		"Show/Ep2.md": EP2,
		[`${OUT1}/s03.mp4`]: opts.take1 ?? TAKE1,
		[`${OUT1}/s03.take2.mp4`]: TAKE2,
		[journalPathIn(OUT1)]: journal("Show/Ep1.md", opts.chosen === undefined ? {} : { chosen: { s03: { take: opts.chosen, at: 9 } } }),
		[`${OUT2}/e01.mp4`]: "e01-video",
		[`${OUT2}/e02.mp4`]: "e02-video",
		[journalPathIn(OUT2)]: journal("Show/Ep2.md", {
			frames: {
				e01: opts.made,
				e02: {
					note: "Show/Ep2.md",
					shotId: "e01",
					take: 1,
					video: `${OUT2}/e01.mp4`,
					size: "e01-video".length,
					frame: `${OUT2}/frames/e02.png`,
					at: 6,
				},
			},
		}),
	});
}

async function ep2Board(v: MemVault) {
	const before = new Map(v.files);
	const board = await loadBoard(v, "Show/Ep2.md", settings());
	expect(v.writes).toEqual([]);
	expect(v.files).toEqual(before);
	expect(board.notes).toEqual(["Show/Ep2.md"]);
	return board;
}

describe("board: stale chained shots whose upstream is in another note", () => {
	it("another take of Ep1 s03 chosen → Ep2's e01 is stale, made from take 1 of Ep1 s03; e02 is not; nothing is written", async () => {
		const board = await ep2Board(vault({ chosen: 2, made: source(1, TAKE1.length) }));
		const e01 = board.rows.find((r) => r.shotId === "e01");
		expect(e01?.stale).toEqual({ upstream: "s03", upstreamNote: "Show/Ep1.md", madeFrom: 1, nowChosen: 2, why: "other-take" });
		expect(staleLabel(e01!.stale!, e01!.notePath)).toBe("stale: made from take 1 of Ep1 s03; take 2 is chosen now");
		expect(board.rows.find((r) => r.shotId === "e02")?.stale).toBeUndefined();
	});

	it("the take it was made from is still the chosen one → not stale", async () => {
		const chosen = await ep2Board(vault({ chosen: 1, made: source(1, TAKE1.length) }));
		expect(chosen.rows.find((r) => r.shotId === "e01")?.stale).toBeUndefined();
		const made2 = await ep2Board(vault({ chosen: 2, made: source(2, TAKE2.length) }));
		expect(made2.rows.find((r) => r.shotId === "e01")?.stale).toBeUndefined();
	});

	it("the same take of Ep1 s03 was made again (its video changed since the frame was grabbed) → stale, video-changed", async () => {
		const board = await ep2Board(vault({ chosen: 1, made: source(1, TAKE1.length), take1: "a longer video of take 1" }));
		const e01 = board.rows.find((r) => r.shotId === "e01");
		expect(e01?.stale).toMatchObject({ upstreamNote: "Show/Ep1.md", madeFrom: 1, nowChosen: 1, why: "video-changed" });
		expect(staleLabel(e01!.stale!, e01!.notePath)).toBe("stale: made from take 1 of Ep1 s03; take 1 was made again");
	});

	it("Ep1 gone from the vault → no stale mark (nothing to compare with), and the board still loads", async () => {
		const v = vault({ chosen: 2, made: source(1, TAKE1.length) });
		v.files.delete("Show/Ep1.md");
		const board = await ep2Board(v);
		expect(board.rows.find((r) => r.shotId === "e01")?.stale).toBeUndefined();
	});

	it("a folder board with both notes marks it the same way (the upstream is on the board)", async () => {
		const v = vault({ chosen: 2, made: source(1, TAKE1.length) });
		const board = await loadBoard(v, "Show", settings());
		expect(v.writes).toEqual([]);
		expect(board.rows.find((r) => r.shotId === "e01")?.stale).toMatchObject({ upstreamNote: "Show/Ep1.md", madeFrom: 1, nowChosen: 2, why: "other-take" });
	});
});
