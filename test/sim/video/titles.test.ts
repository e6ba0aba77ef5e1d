/**
 * Clips titled with their shot ids: the simulator matches each sent prompt to the
 * storyboard's shots, and the offline demo's videos each show their own shot id.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../../../src/cli/demo";
import { drawText, textWidth } from "../../../src/core/image/font";
import { createImage } from "../../../src/core/image/raster";
import type { SimTask } from "../../../src/sim/index";
import { shotsInFolder } from "../../../src/sim/video/storyboard";
import { titleByPrompt } from "../../../src/sim/video/titles";
import { decodeLuma, readClip } from "./parse";

const EXAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../examples/vault");
const task = (prompt: string) => ({ prompt }) as SimTask;
const dirs: string[] = [];
afterAll(async () => {
	for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe("titleByPrompt", () => {
	const title = titleByPrompt([
		{ id: "s01", prompt: "Neon signs flicker over a rain-soaked street at night, slow crane down to street level" },
		{ id: "s02", prompt: '[Alice] pulls up her hood and glances over her shoulder, "Who\'s there?"' },
		{ id: "s02b", prompt: "[Alice] pulls up her hood" },
	]);

	it("finds the shot through character injection and the appended scene and props", () => {
		expect(
			title(task('Alice @alice.cameo pulls up her hood and glances over her shoulder, "Who\'s there?" Scene: Market street-NIGHT. Props: umbrella.')),
		).toBe("s02");
		expect(title(task("Neon signs flicker over a rain-soaked street at night, slow crane down to street level Scene: Market street-NIGHT"))).toBe("s01");
	});

	it("prefers the more specific of two matching shots, and names none for an unknown prompt", () => {
		expect(title(task("Alice @alice pulls up her hood"))).toBe("s02b");
		expect(title(task("A lighthouse at dusk, slow dolly in"))).toBeUndefined();
	});

	it("reads the shots of the bundled storyboard with the core parser", async () => {
		const shots = await shotsInFolder(path.join(EXAMPLES, "Short film"));
		expect(shots.map((s) => s.id)).toContain("s01");
		expect(shots.every((s) => s.prompt.length > 0)).toBe(true);
	});
});

/** Bright pixels of the title area (x 8–247, y 8–28) as a 0/1 mask. */
function titleMask(luma: Uint8Array, width: number): number[] {
	const out: number[] = [];
	for (let y = 8; y < 29; y++) for (let x = 8; x < width - 8; x++) out.push((luma[y * width + x] ?? 0) > 200 ? 1 : 0);
	return out;
}

/** The same mask for `id` drawn by the core font the way a clip title is (3× when it fits, else 2×). */
function expectedMask(id: string, width: number): number[] {
	const img = createImage(width, 29, [0, 0, 0]);
	drawText(img, id, 8, 8, textWidth(id, 3) <= width - 16 ? 3 : 2, [255, 255, 255]);
	const out: number[] = [];
	for (let y = 8; y < 29; y++) for (let x = 8; x < width - 8; x++) out.push((img.data[(y * width + x) * 4] ?? 0) > 200 ? 1 : 0);
	return out;
}

describe("the offline demo", () => {
	it("every video shows its own shot id", async () => {
		const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-clips-")), "vault");
		dirs.push(path.dirname(dest));
		let out = "";
		const code = await runDemo(["--out", dest], { examplesDir: EXAMPLES, out: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }) });
		expect(code, out).toBe(0);
		const videos = (await fs.readdir(dest, { recursive: true })).map(String).filter((f) => f.endsWith(".mp4"));
		expect(videos.length).toBeGreaterThanOrEqual(10);
		const seen = new Set<string>();
		for (const v of videos) {
			const id = path.basename(v).replace(/(\.take\d+)?\.mp4$/, "");
			const bytes = new Uint8Array(await fs.readFile(path.join(dest, v)));
			seen.add(String(bytes.length));
			const clip = readClip(bytes);
			const luma = decodeLuma(clip).lumas[0] ?? new Uint8Array();
			expect(titleMask(luma, clip.width), `${v} shows "${id}"`).toEqual(expectedMask(id, clip.width));
		}
		// Distinct clips, not one file copied thirteen times.
		expect(seen.size).toBeGreaterThan(videos.length / 2);
	}, 120_000);
});
