/**
 * The simulator's clips through a real decoder: ffmpeg from the optional dev
 * dependency @ffmpeg-installer/ffmpeg (skipped, with the reason, when it is absent).
 * ffmpeg must decode without a single error, report the requested duration and size,
 * and produce exactly the Y, Cb and Cr planes our own reader rebuilds (I_PCM is lossless,
 * residual-free prediction and P_Skip are plain copies, so any difference is a bitstream bug).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { locateFfmpeg } from "../../../src/cli/frames";
import { encodeClip } from "../../../src/sim/video/clip";
import { decodeLuma, readClip } from "./parse";

const where = locateFfmpeg({ PATH: "" });
const ffmpeg = where.found ? where.path : "";
const reason = where.found ? "" : "ffmpeg binary absent (the optional @ffmpeg-installer/ffmpeg is not installed)";
const dir = mkdtempSync(path.join(tmpdir(), "cineflow-clip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLIPS = [
	{ name: "landscape-10s", size: "1280x720", seconds: 10, wh: "256x144" },
	{ name: "portrait-5s", size: "720x1280", seconds: 5, wh: "144x256" },
	{ name: "square-2s", size: "1:1", seconds: 2, wh: "144x144" },
];

describe.skipIf(!where.found)(`clips decoded by ffmpeg${reason ? ` (skipped: ${reason})` : ""}`, () => {
	for (const c of CLIPS) {
		it(`${c.name}: decodes with no error, ${c.seconds} s, ${c.wh}`, () => {
			const file = path.join(dir, `${c.name}.mp4`);
			writeFileSync(file, encodeClip({ title: "s01", prompt: "Neon signs flicker over a rain-soaked street", seconds: c.seconds, size: c.size }));
			const run = spawnSync(ffmpeg, ["-v", "error", "-i", file, "-f", "null", "-"], { encoding: "utf8" });
			expect(run.stderr).toBe("");
			expect(run.status).toBe(0);
			const info = spawnSync(ffmpeg, ["-hide_banner", "-i", file], { encoding: "utf8" }).stderr;
			expect(info).toContain(`Duration: 00:00:${String(c.seconds).padStart(2, "0")}.00`);
			expect(info).toMatch(new RegExp(`Video: h264 \\(Constrained Baseline\\).*yuv420p.*${c.wh}`));
			const frames = spawnSync(ffmpeg, ["-v", "error", "-i", file, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"], { maxBuffer: 64 * 1024 * 1024 });
			expect(frames.status).toBe(0);
			const [w, h] = c.wh.split("x").map(Number) as [number, number];
			const frameBytes = (w * h * 3) / 2;
			expect(frames.stdout.length).toBe(frameBytes * c.seconds * 10);
		});
	}

	it("every decoded frame equals, sample for sample, the picture our reader rebuilds from the bitstream", () => {
		const bytes = encodeClip({ title: "s03", prompt: "Alice steps into the alley; puddles ripple around her boots", seconds: 3, size: "9:16" });
		const file = path.join(dir, "exact.mp4");
		writeFileSync(file, bytes);
		const frames = spawnSync(ffmpeg, ["-v", "error", "-i", file, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"], { maxBuffer: 64 * 1024 * 1024 });
		expect(frames.status).toBe(0);
		const ours = decodeLuma(readClip(bytes));
		const frameBytes = (144 * 256 * 3) / 2;
		expect(frames.stdout.length).toBe(frameBytes * ours.lumas.length);
		expect(ours.predicted[0]).toBeGreaterThan(0);
		ours.lumas.forEach((luma, i) => {
			const [cb, cr] = ours.chromas[i] ?? [new Uint8Array(), new Uint8Array()];
			const mine = new Uint8Array([...luma, ...cb, ...cr]);
			const theirs = new Uint8Array(frames.stdout.buffer, frames.stdout.byteOffset + i * frameBytes, frameBytes);
			expect(
				theirs.every((v, k) => v === mine[k]),
				`frame ${i}`,
			).toBe(true);
		});
	});
});
