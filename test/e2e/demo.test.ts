/**
 * `cineflow demo` runs the bundled vault offline, and `--provider <id>` runs the
 * same storyboard against that provider's simulated wire format (fal, Replicate,
 * Gemini), every shot on the provider's default model.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { runDemo } from "../../src/cli/demo";
import { isVideo } from "../../src/core/download";

const EXAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../examples/vault");
const dirs: string[] = [];
afterEach(async () => {
	for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function demo(args: string[]): Promise<{ code: number; out: string; videos: string[]; dest: string }> {
	const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-demo-")), "vault");
	dirs.push(path.dirname(dest));
	let out = "";
	const code = await runDemo(["--out", dest, ...args], { examplesDir: EXAMPLES, out: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }) });
	const videos = (await fs.readdir(dest, { recursive: true })).map(String).filter((f) => f.endsWith(".mp4"));
	return { code, out, videos, dest };
}

describe("cineflow demo", () => {
	it("the default demo writes 13 videos and reports the one invalid shot", async () => {
		const r = await demo([]);
		expect(r.code, r.out).toBe(0);
		expect(r.videos).toHaveLength(13);
		expect(r.out).toMatch(/s06 is invalid on purpose/);
	});

	it.each(["fal", "replicate", "gemini"])("--provider %s runs the bundled vault offline against that wire format", async (provider) => {
		const r = await demo(["--provider", provider]);
		expect(r.code, r.out).toBe(0);
		expect(r.videos.length, r.out).toBeGreaterThanOrEqual(13);
		for (const v of r.videos) expect(isVideo(new Uint8Array(await fs.readFile(path.join(r.dest, v)))), v).not.toBeNull();
		expect(r.out).toContain(`Every shot went to ${provider}/`);
		const ep1 = await fs.readFile(path.join(r.dest, "Short film/Ep1 - The alley.md"), "utf8");
		expect(ep1).toContain("![[_assets/Ep1 - The alley/s01.mp4]]");
	});

	it("refuses a provider that has no live model", async () => {
		await expect(demo(["--provider", "openai"])).rejects.toThrow(/openai has no live default model/);
	});
});
