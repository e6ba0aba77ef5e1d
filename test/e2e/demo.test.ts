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
import { explainCreates, runDemo } from "../../src/cli/demo";
import type { Simulator } from "../../src/sim/index";
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
	it("the default demo writes 16 videos (3 of them a chained scene) and reports the one invalid shot", async () => {
		const r = await demo([]);
		expect(r.code, r.out).toBe(0);
		expect(r.videos).toHaveLength(16);
		// The chained scene: c02 and c03 started from the last frames of c01 and c02.
		for (const id of ["c02", "c03"]) await expect(fs.stat(path.join(r.dest, `Short film/_assets/Ep4 - Chase/frames/${id}.png`))).resolves.toBeTruthy();
		expect(r.out).toMatch(/s06 is invalid on purpose/);
	});

	it("without ffmpeg the chained scene is left out, and the demo says why", async () => {
		const saved = process.env.CINEFLOW_FFMPEG;
		process.env.CINEFLOW_FFMPEG = path.join(os.tmpdir(), "no-such-ffmpeg");
		try {
			const r = await demo([]);
			expect(r.code, r.out).toBe(0);
			expect(r.videos).toHaveLength(13);
			expect(r.out).toMatch(/The chained scene "Ep4 - Chase\.md" is left out: no ffmpeg was found/);
		} finally {
			if (saved === undefined) delete process.env.CINEFLOW_FFMPEG;
			else process.env.CINEFLOW_FFMPEG = saved;
		}
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

describe("cineflow demo explains its create requests", () => {
	it("says why the simulator saw more creates than tasks, with the counts from its request log", async () => {
		const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-demo-")), "vault");
		dirs.push(path.dirname(dest));
		let out = "";
		let sim: Simulator | undefined;
		const code = await runDemo(["--out", dest], {
			examplesDir: EXAMPLES,
			out: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }),
			onSimulator: (s) => (sim = s),
		});
		expect(code, out).toBe(0);
		const creates = sim?.log.filter((e) => e.route === "create") ?? [];
		const tasks = sim?.tasks().length ?? 0;
		const busy = creates.filter((e) => e.status === 429).length;
		const errors = creates.filter((e) => e.status === 0 || e.status >= 500).length;
		// The counts depend on timing (the scheduler learns the limit); whatever they are, they are the log's.
		expect(out).toContain(`The simulator saw ${creates.length} create requests for ${tasks} tasks${creates.length > tasks ? ":" : "."}`);
		if (busy) expect(out).toContain(`${busy} answered 429, busy (the simulated provider runs at most 4 jobs at a time`);
		if (errors) expect(out).toContain(`${errors} answered with an injected server error`);
		// Every create is accounted for: a task, a 429, a server error.
		expect(creates.length).toBe(tasks + busy + errors);
	});

	it("explainCreates: plain when every create made a task", () => {
		expect(explainCreates([], 0)).toBe("The simulator saw 0 create requests for 0 tasks.");
		const one = { at: 0, provider: "sorahk", route: "create" as const, method: "POST", path: "/", status: 200 };
		expect(explainCreates([one], 1)).toBe("The simulator saw 1 create request for 1 task.");
		expect(explainCreates([{ ...one, status: 429 }, one], 1, 2)).toMatch(
			/^The simulator saw 2 create requests for 1 task: 1 answered 429, busy \(the simulated provider runs at most 2 jobs/,
		);
	});
});
