/** The animatic's playlist: story order, chosen takes, gaps held for their duration, offsets and the cursor. */
import { describe, expect, it } from "vitest";
import { loadAnimatic } from "../../../src/core/player/animatic";
import { after, buildPlaylist, clockText, itemAt, step, type Playlist } from "../../../src/core/player/playlist";
import { testSettings } from "../../support/settings";
import { NOTE, OUT, stormVault } from "../../support/bin-vault";

const settings = testSettings();

describe("loadAnimatic", () => {
	it("plays every shot of the note in story order: the chosen take where there is one, a titled gap held for its duration elsewhere", async () => {
		const p = await loadAnimatic({ vault: stormVault(), notePath: NOTE, settings });
		expect(p.items.map((i) => [i.index, i.shotId, i.videoPath, i.gap ?? null])).toEqual([
			[1, "s01", `${OUT}/s01.mp4`, null],
			// Two takes embedded: the cut's choice (the first embed) is played.
			[2, "s02", `${OUT}/s02.take2.mp4`, null],
			[3, "s03", null, "no-video"],
			[4, "s04", null, "not-embedded"],
			[5, "s05", null, "video-missing"],
			[6, "s06", `${OUT}/s06.mp4`, null],
		]);
		expect(p.videos).toBe(3);
		// Offsets are the running sum of durations; the total is their sum.
		let t = 0;
		for (const it of p.items) {
			expect(it.start).toBe(t);
			expect(it.duration).toBeGreaterThan(0);
			t += it.duration;
		}
		expect(p.total).toBe(t);
		expect(p.items[0]?.prompt).toBe("雨夜，城市天际线 wide establishing shot");
		expect(p.items[1]?.take).toBe(2);
	});
});

describe("playlist arithmetic", () => {
	const cut = {
		notePath: "Ep.md",
		title: "Ep",
		clips: [
			{
				index: 1,
				shotId: "a",
				storageId: "a",
				take: 1,
				videoPath: "_assets/Ep/a.mp4",
				prompt: "one",
				duration: 4,
				durationSource: "planned" as const,
				orientation: "horizontal" as const,
				line: 3,
				via: "embed" as const,
			},
			{
				index: 3,
				shotId: "c",
				storageId: "c",
				take: 2,
				videoPath: "_assets/Ep/c.take2.mp4",
				prompt: "three",
				duration: 6.5,
				durationSource: "planned" as const,
				orientation: "horizontal" as const,
				line: 11,
				via: "embed" as const,
			},
		],
		warnings: [{ kind: "no-video" as const, shotId: "b", line: 7, message: "Ep.md:7 shot b: no video yet" }],
	};
	const shots = [
		{ index: 3, shotId: "c", line: 11, prompt: "three", duration: 10 },
		{ index: 1, shotId: "a", line: 3, prompt: "one", duration: 10 },
		{ index: 2, shotId: "b", line: 7, prompt: "two", duration: 0 },
	];
	const p: Playlist = buildPlaylist(cut, shots);

	it("orders by the note, uses the clip's planned duration, and holds a gap without a duration for the fallback", () => {
		expect(p.items.map((i) => [i.shotId, i.start, i.duration, i.gap ?? null])).toEqual([
			["a", 0, 4, null],
			["b", 4, 5, "no-video"],
			["c", 9, 6.5, null],
		]);
		expect(p.total).toBe(15.5);
	});

	it("finds the item at a time, and steps inside the list", () => {
		expect(itemAt(p, 0)).toEqual({ i: 0, offset: 0 });
		expect(itemAt(p, 4)).toEqual({ i: 1, offset: 0 });
		expect(itemAt(p, 10)).toEqual({ i: 2, offset: 1 });
		expect(itemAt(p, 99)).toEqual({ i: 2, offset: 6.5 });
		expect(step(p, 0, -1)).toBe(0);
		expect(step(p, 1, 1)).toBe(2);
		expect(step(p, 2, 1)).toBe(2);
		expect(after(p, 1)).toBe(2);
		expect(after(p, 2)).toBeNull();
		expect(itemAt(buildPlaylist({ ...cut, clips: [], warnings: [] }, []), 3)).toBeNull();
		expect(clockText(65.4)).toBe("1:05");
	});
});
