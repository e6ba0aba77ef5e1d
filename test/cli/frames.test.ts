/**
 * The CLI's frame port over ffmpeg: the binary from the optional npm package,
 * real frames from a real MP4 (the simulator's sample), and what happens when
 * there is no ffmpeg or the file is not a video.
 */
import { mkdtempSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { decodePng } from "../../src/cli/image-codec";
import { FfmpegFrames, locateFfmpeg } from "../../src/cli/frames";

const SAMPLE = fileURLToPath(new URL("../../src/sim/assets/sample.mp4", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "cineflow-frames-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, "a b"), { recursive: true });
copyFileSync(SAMPLE, path.join(dir, "a b", "雨 s01.mp4"));
writeFileSync(path.join(dir, "a b", "fake.mp4"), "<html>not a video</html>");

const found = locateFfmpeg({ PATH: "" });
const abs = (p: string) => path.join(dir, ...p.split("/"));

describe("locateFfmpeg", () => {
	it("finds the binary shipped in the optional npm package", () => {
		expect(found).toMatchObject({ found: true, source: "package" });
	});

	it("says clearly what to do when there is none", () => {
		const none = locateFfmpeg({ PATH: "" }, { resolvePackage: () => null });
		expect(none.found).toBe(false);
		if (!none.found) {
			expect(none.message).toContain("no ffmpeg was found");
			expect(none.message).toContain("npm install @ffmpeg-installer/ffmpeg");
			expect(none.message).toContain("CINEFLOW_FFMPEG");
		}
		const wrong = locateFfmpeg({ CINEFLOW_FFMPEG: path.join(dir, "nope") });
		expect(wrong.found).toBe(false);
		if (!wrong.found) expect(wrong.message).toContain(`CINEFLOW_FFMPEG=${path.join(dir, "nope")} (not an executable file)`);
	});

	it("an explicit CINEFLOW_FFMPEG wins", () => {
		if (!found.found) throw new Error("no ffmpeg package installed");
		expect(locateFfmpeg({ CINEFLOW_FFMPEG: found.path })).toEqual({ found: true, path: found.path, source: "env" });
	});
});

describe.skipIf(!found.found)("FfmpegFrames", () => {
	const frames = () => new FfmpegFrames((found as { path: string }).path, abs);

	it("grabs a PNG frame of the video's size (paths with spaces and CJK)", async () => {
		const r = await frames().grab("a b/雨 s01.mp4", 0.5);
		expect(r.ok).toBe(true);
		if (r.ok) {
			const img = await decodePng(r.png);
			expect([img.width, img.height]).toEqual([160, 90]);
		}
	});

	it("past the end of a shorter video, falls back to the first frame", async () => {
		const r = await frames().grab("a b/雨 s01.mp4", 30);
		expect(r.ok).toBe(true);
	});

	it("grabLast gives the video's last frame (not the first), and 'missing' for a missing file", async () => {
		const last = await frames().grabLast("a b/雨 s01.mp4");
		const first = await frames().grab("a b/雨 s01.mp4", 0);
		expect(last.ok && first.ok).toBe(true);
		if (last.ok && first.ok) {
			const img = await decodePng(last.png);
			expect([img.width, img.height]).toEqual([160, 90]);
			expect(Buffer.from(last.png).equals(Buffer.from(first.png))).toBe(false);
		}
		expect(await frames().grabLast("a b/none.mp4")).toEqual({ ok: false, reason: "missing" });
	});

	it("a file that is not a video is 'unreadable', a missing one 'missing', a binary that cannot start 'unavailable'", async () => {
		const bad = await frames().grab("a b/fake.mp4", 0.5);
		expect(bad).toMatchObject({ ok: false, reason: "unreadable" });
		if (!bad.ok) expect(bad.detail ?? "").not.toContain(dir);
		expect(await frames().grab("a b/none.mp4", 0.5)).toEqual({ ok: false, reason: "missing" });
		const gone = await new FfmpegFrames(path.join(dir, "no-ffmpeg"), abs).grab("a b/雨 s01.mp4", 0.5);
		expect(gone).toMatchObject({ ok: false, reason: "unavailable" });
	});
});
