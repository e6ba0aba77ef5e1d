/** The take that represents a shot in the cut (chosenTake), rule by rule. */
import { describe, expect, it } from "vitest";
import { chosenTake, type NoteTakesView } from "../../../src/core/cut";
import type { JournalEntry } from "../../../src/core/journal";

const F = "_assets/Ep";
const files = (...names: string[]) => new Map(names.map((n) => [`${F}/${n}`, 100]));
const entry = (shotId: string, take: number, status: JournalEntry["status"] = "done"): JournalEntry => ({
	shotId,
	take,
	provider: "p",
	model: "m",
	promptHash: "h",
	status,
	outputPath: `${F}/${shotId}${take > 1 ? `.take${take}` : ""}.mp4`,
	attempts: 1,
	requestIds: [],
	updatedAt: 1,
});
const note = (kind: NoteTakesView["kind"], fileMap: Map<string, number>, embedded: Array<{ shotId: string; take: number }>): NoteTakesView => ({
	kind,
	outputFolder: F,
	files: fileMap,
	shots: [{ index: 1, storageId: "s01", embedded }],
});

describe("chosenTake", () => {
	it("the first embedded take whose video is on disk, even when a lower take exists", () => {
		const got = chosenTake(
			note("markdown", files("s01.mp4", "s01.take3.mp4"), [
				{ shotId: "s01", take: 3 },
				{ shotId: "s01", take: 1 },
			]),
			[],
		);
		expect(got.get(1)).toEqual({ ok: true, storageId: "s01", take: 3, path: `${F}/s01.take3.mp4`, via: "embed" });
	});

	it("skips an embed whose video is gone for the next embedded one", () => {
		const got = chosenTake(
			note("markdown", files("s01.take2.mp4"), [
				{ shotId: "s01", take: 1 },
				{ shotId: "s01", take: 2 },
			]),
			[],
		);
		expect(got.get(1)).toMatchObject({ ok: true, take: 2 });
	});

	it("a WebM take is found as well as an MP4 one", () => {
		const got = chosenTake(note("markdown", files("s01.webm"), [{ shotId: "s01", take: 1 }]), []);
		expect(got.get(1)).toMatchObject({ ok: true, path: `${F}/s01.webm` });
	});

	it("an empty (0-byte) file is not a video", () => {
		const got = chosenTake(note("markdown", new Map([[`${F}/s01.mp4`, 0]]), [{ shotId: "s01", take: 1 }]), []);
		expect(got.get(1)).toMatchObject({ ok: false, reason: "video-missing", path: `${F}/s01.mp4` });
	});

	it("takes on disk but nothing embedded: not chosen, and the takes are named", () => {
		const got = chosenTake(note("markdown", files("s01.mp4", "s01.take2.mp4"), []), [entry("s01", 2)]);
		expect(got.get(1)).toEqual({ ok: false, reason: "not-embedded", takes: [1, 2] });
	});

	it("nothing anywhere: no video", () => {
		expect(chosenTake(note("markdown", files(), []), [entry("s01", 1, "submitted")]).get(1)).toEqual({ ok: false, reason: "no-video", takes: [] });
	});

	it("a JSON storyboard: the lowest take the journal marks done, else the lowest on disk", () => {
		expect(chosenTake(note("json", files("s01.take2.mp4", "s01.take3.mp4"), []), [entry("s01", 3)]).get(1)).toMatchObject({
			ok: true,
			take: 3,
			via: "file",
		});
		expect(chosenTake(note("json", files("s01.take2.mp4", "s01.take3.mp4"), []), []).get(1)).toMatchObject({ ok: true, take: 2, via: "file" });
	});
});
