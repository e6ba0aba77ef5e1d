/** Poster frames of a cut through the frame port: where they go, when they are kept, and what a failure does. */
import { describe, expect, it } from "vitest";
import { buildCut, cutToCanvas, posterPathFor, posterTime, writePosters } from "../../../src/core/cut";
import { createImage } from "../../../src/core/image";
import { encodePng } from "../../../src/cli/image-codec";
import type { FramePort, FrameResult } from "../../../src/ports/frames";
import { testSettings } from "../../support/settings";
import { jsonCanvas } from "../../support/cut-schemas";
import { NOTE, OUT, stormVault } from "../../support/bin-vault";

const PNG = await encodePng(createImage(4, 3, [200, 40, 40]));

class StubFrames implements FramePort {
	readonly calls: Array<[string, number]> = [];
	constructor(private readonly answer: (path: string) => FrameResult = () => ({ ok: true, png: PNG })) {}
	grab(path: string, seconds: number): Promise<FrameResult> {
		this.calls.push([path, seconds]);
		return Promise.resolve(this.answer(path));
	}
}

const cutOf = (vault = stormVault()) => buildCut({ vault, notePath: NOTE, settings: testSettings() });

describe("writePosters", () => {
	it("writes one PNG per chosen take in <output>/posters/, named after the video, through a temp file", async () => {
		const vault = stormVault();
		const frames = new StubFrames();
		const r = await writePosters(await cutOf(vault), { vault, frames });
		expect(r.written).toEqual([`${OUT}/posters/s01.png`, `${OUT}/posters/s02.take2.png`, `${OUT}/posters/s06.png`]);
		expect(frames.calls).toEqual([
			[`${OUT}/s01.mp4`, 1],
			[`${OUT}/s02.take2.mp4`, 1],
			[`${OUT}/s06.mp4`, 1],
		]);
		for (const p of r.written) expect([...((await vault.readBinary(p)) ?? [])]).toEqual([...PNG]);
		expect(vault.writes).toEqual(r.written.flatMap((p) => [`${p}.tmp`, p]));
		expect([...vault.files.keys()].some((p) => p.endsWith(".tmp"))).toBe(false);
		expect(r.cut.clips.map((c) => c.posterPath)).toEqual(r.written);
	});

	it("keeps a poster newer than its video, and grabs again when the video is newer or when forced", async () => {
		const vault = stormVault();
		await writePosters(await cutOf(vault), { vault, frames: new StubFrames() });
		// s06 is regenerated after its poster was made.
		vault.put(`${OUT}/s06.mp4`, new Uint8Array([1, 2, 3, 4, 5]));
		const frames = new StubFrames();
		const r = await writePosters(await cutOf(vault), { vault, frames });
		expect(r.kept).toEqual([`${OUT}/posters/s01.png`, `${OUT}/posters/s02.take2.png`]);
		expect(r.written).toEqual([`${OUT}/posters/s06.png`]);
		const forced = new StubFrames();
		await writePosters(await cutOf(vault), { vault, frames: forced, force: true });
		expect(forced.calls).toHaveLength(3);
	});

	it("no decoder: tries once, writes nothing, and the cut is unchanged", async () => {
		const vault = stormVault();
		const frames = new StubFrames(() => ({ ok: false, reason: "unavailable" }));
		const cut = await cutOf(vault);
		const r = await writePosters(cut, { vault, frames });
		expect(r.unavailable).toBe(true);
		expect(frames.calls).toHaveLength(1);
		expect(vault.writes).toEqual([]);
		expect(r.cut.clips).toEqual(cut.clips);
	});

	it("a video that cannot be decoded (or answers with something that is not a PNG) is a warning; the others still get posters", async () => {
		const vault = stormVault();
		const frames = new StubFrames((p) =>
			p.endsWith("s01.mp4")
				? { ok: false, reason: "unreadable", detail: "moov atom not found" }
				: p.endsWith("s06.mp4")
					? { ok: true, png: new Uint8Array([1, 2, 3]) }
					: { ok: true, png: PNG },
		);
		const r = await writePosters(await cutOf(vault), { vault, frames });
		expect(r.written).toEqual([`${OUT}/posters/s02.take2.png`]);
		expect(r.failed).toEqual([
			{ shotId: "s01", reason: "unreadable" },
			{ shotId: "s06", reason: "no-frame" },
		]);
		const w = r.cut.warnings.filter((x) => x.kind === "poster-failed");
		expect(w.map((x) => x.shotId)).toEqual(["s01", "s06"]);
		expect(w[0]?.message).toContain("the video could not be decoded: moov atom not found");
	});

	it("the canvas references the posters it was given, and still validates", async () => {
		const vault = stormVault();
		const r = await writePosters(await cutOf(vault), { vault, frames: new StubFrames() });
		const canvas = cutToCanvas(r.cut);
		expect(jsonCanvas.safeParse(canvas).success).toBe(true);
		expect(canvas.nodes.filter((n) => n.type === "file" && n.file.endsWith(".png"))).toHaveLength(3);
	});

	it("poster paths and times", () => {
		expect(posterPathFor("_assets/Ep 1", "_assets/Ep 1/s02.take2.webm")).toBe("_assets/Ep 1/posters/s02.take2.png");
		expect([posterTime(10), posterTime(1), posterTime(0)]).toEqual([1, 0.5, 0]);
	});
});
