/**
 * Shot chaining end to end (issue 17): `cineflow generate` against the simulator over
 * loopback, with ffmpeg grabbing each upstream video's last frame. The simulator
 * records the SHA-256 of the first-frame image each create carried; the test compares
 * it with the PNG the run saved under `_assets/<note>/frames/`, and that PNG with the
 * last frame of the upstream clip as the simulator made it.
 */
import { promises as fs } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FfmpegFrames, locateFfmpeg } from "../../src/cli/frames";
import { FsVault } from "../../src/cli/fs-vault";
import { loadBoard } from "../../src/core/board/load";
import { staleLabel } from "../../src/core/board/stale";
import { DEFAULT_SETTINGS } from "../../src/core/settings";
import { sha256Bytes } from "../../src/core/hash";
import { Journal, parseJournalText } from "../../src/core/journal";
import { generate, KEY, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | undefined;
afterEach(async () => {
	await h?.close();
	h = undefined;
});

function hasFfmpeg(): boolean {
	try {
		createRequire(import.meta.url).resolve("@ffmpeg-installer/ffmpeg");
		return locateFfmpeg(process.env).found;
	} catch {
		return false;
	}
}
const FFMPEG = hasFfmpeg();
const FM = "---\ncineflow:\n  provider: minimax\n  model: MiniMax-Hailuo-2.3\n  duration: 6\n";

function creates(harness: Harness) {
	return harness.sim.log.filter((e) => e.route === "create" && e.status === 200);
}

function firstFrameHash(e: { images?: Array<{ role: string; sha256?: string }> }): string | undefined {
	return e.images?.find((i) => i.role === "first")?.sha256;
}

async function read(vault: string, p: string): Promise<Uint8Array> {
	return new Uint8Array(await fs.readFile(path.join(vault, p)));
}

// Skipped only where the optional ffmpeg package is absent: chaining cannot grab frames there.
describe.skipIf(!FFMPEG)("chained shots against the simulator (ffmpeg)", () => {
	it("a chain of 5 arrives in order, each create carrying the last frame of the shot before", async () => {
		h = await startSim();
		const note = FM + "  chain: true\n---\n" + ["c1", "c2", "c3", "c4", "c5"].map((id) => shot(id, `Chain shot ${id}`)).join("\n");
		const vault = await tempVault({ "Film/Run.md": note });
		const r = await generate(h, vault, "Film/Run.md", ["--provider", "minimax"]);
		expect(r.code, r.err + r.out).toBe(0);
		const made = creates(h);
		expect(made.map((e) => e.prompt)).toEqual(["Chain shot c1", "Chain shot c2", "Chain shot c3", "Chain shot c4", "Chain shot c5"]);
		expect(firstFrameHash(made[0]!)).toBeUndefined();
		const ff = locateFfmpeg(process.env);
		if (!ff.found) throw new Error(ff.message);
		const frames = new FfmpegFrames(ff.path, (p) => path.join(vault, p));
		for (const [i, id] of ["c2", "c3", "c4", "c5"].entries()) {
			const saved = await read(vault, `Film/_assets/Run/frames/${id}.png`);
			// The provider saw exactly the PNG the run saved ...
			expect(firstFrameHash(made[i + 1]!)).toBe(sha256Bytes(saved));
			// ... and that PNG is the last frame of the upstream's video.
			const up = `Film/_assets/Run/c${i + 1}.mp4`;
			const last = await frames.grabLast(up);
			expect(last.ok && sha256Bytes(last.png)).toBe(sha256Bytes(saved));
			// Independently: the frame at 5.9 s of the 6 s clip (10 fps) is the same picture.
			const at = await frames.grab(up, 5.9);
			expect(at.ok && sha256Bytes(at.png)).toBe(sha256Bytes(saved));
			const first = await frames.grab(up, 0);
			expect(first.ok && sha256Bytes(first.png)).not.toBe(sha256Bytes(saved));
		}
		// The upstream's create happened before the downstream's (in order, one per round).
		const seq = made.map((e) => h!.sim.log.indexOf(e));
		expect([...seq].sort((a, b) => a - b)).toEqual(seq);
		const journal = parseJournalText(await fs.readFile(path.join(vault, "Film/_assets/Run/cineflow-jobs.md"), "utf8")) as {
			frames?: Record<string, { shotId: string; take: number; size: number }>;
		};
		expect(journal.frames?.c3).toMatchObject({ shotId: "c2", take: 1 });
		expect(journal.frames?.c3?.size).toBe((await fs.stat(path.join(vault, "Film/_assets/Run/c2.mp4"))).size);
		// A rerun reuses the frames: nothing is created again and the PNGs are untouched.
		const before = await fs.stat(path.join(vault, "Film/_assets/Run/frames/c2.png"));
		const again = await generate(h, vault, "Film/Run.md", ["--provider", "minimax"]);
		expect(again.code, again.err + again.out).toBe(0);
		expect(creates(h)).toHaveLength(5);
		expect((await fs.stat(path.join(vault, "Film/_assets/Run/frames/c2.png"))).mtimeMs).toBe(before.mtimeMs);
	});

	it("two chains run in parallel: their creates interleave", async () => {
		h = await startSim();
		const a = FM + "  chain: true\n---\n" + ["a1", "a2", "a3"].map((id) => shot(id, `Chain A ${id}`)).join("\n");
		const b = FM + "  chain: true\n---\n" + ["b1", "b2", "b3"].map((id) => shot(id, `Chain B ${id}`)).join("\n");
		const vault = await tempVault({ "Film/A.md": a, "Film/B.md": b });
		const r = await generate(h, vault, "Film", ["--provider", "minimax"]);
		expect(r.code, r.err + r.out).toBe(0);
		const order = creates(h).map((e) => (e.prompt ?? "").slice(-2));
		expect(order).toHaveLength(6);
		// Each chain in order ...
		expect(order.filter((p) => p.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
		expect(order.filter((p) => p.startsWith("b"))).toEqual(["b1", "b2", "b3"]);
		// ... and the chains side by side: b1 is sent before a2, a1 before b2.
		expect(order.indexOf("b1")).toBeLessThan(order.indexOf("a2"));
		expect(order.indexOf("a1")).toBeLessThan(order.indexOf("b2"));
	});

	it("a failed upstream blocks its chain only, naming the upstream note:line:shot", async () => {
		h = await startSim({ policyMarker: "FORBIDDEN" });
		const a =
			FM +
			"---\n" +
			shot("a1", "Chain A FORBIDDEN start") +
			"\n" +
			shot("a2", "Chain A next", "first_frame: previous\n") +
			"\n" +
			shot("a3", "Chain A last", "first_frame: previous\n");
		const b = FM + "  chain: true\n---\n" + ["b1", "b2"].map((id) => shot(id, `Chain B ${id}`)).join("\n");
		const vault = await tempVault({ "Film/A.md": a, "Film/B.md": b });
		const r = await generate(h, vault, "Film", ["--provider", "minimax"]);
		expect(r.code).not.toBe(0);
		const prompts = creates(h).map((e) => e.prompt);
		expect(prompts).not.toContain("Chain A next");
		expect(prompts).not.toContain("Chain A last");
		expect(prompts).toEqual(expect.arrayContaining(["Chain B b1", "Chain B b2"]));
		expect(r.out + r.err).toMatch(/Film\/A\.md:\d+ shot a2: blocked: its first frame comes from Film\/A\.md:\d+ shot a1, which did not finish \(failed/);
		await expect(fs.stat(path.join(vault, "Film/_assets/B/b2.mp4"))).resolves.toBeTruthy();
	});
});

describe.skipIf(!FFMPEG)("stale chained shots (ffmpeg)", () => {
	it("choosing another take upstream marks the downstream shot stale on the board; nothing is regenerated", async () => {
		h = await startSim();
		const note = FM + "---\n" + shot("u1", "Upstream with two takes", "takes: 2\n") + "\n" + shot("d1", "Downstream", "first_frame: previous\n");
		const vault = await tempVault({ "Film/Stale.md": note });
		const r = await generate(h, vault, "Film/Stale.md", ["--provider", "minimax"]);
		expect(r.code, r.err + r.out).toBe(0);
		expect(creates(h)).toHaveLength(3);
		const fsVault = new FsVault(vault);
		const settings = { ...structuredClone(DEFAULT_SETTINGS), provider: "minimax" };
		const before = await loadBoard(fsVault, "Film/Stale.md", settings);
		expect(before.rows.find((x) => x.shotId === "d1")?.stale).toBeUndefined();
		const journal = await Journal.open(fsVault, "Film/_assets/Stale", "Film/Stale.md");
		const madeFrom = journal.frameSource("d1")!.take;
		const other = madeFrom === 1 ? 2 : 1;
		await journal.choose("u1", other, Date.now());
		const after = await loadBoard(fsVault, "Film/Stale.md", settings);
		const d1 = after.rows.find((x) => x.shotId === "d1")!;
		expect(d1.stale).toMatchObject({ upstream: "u1", madeFrom, nowChosen: other, why: "other-take" });
		expect(staleLabel(d1.stale!, d1.notePath)).toBe(`stale: made from take ${madeFrom} of u1; take ${other} is chosen now`);
		expect(after.rows.find((x) => x.shotId === "u1")?.stale).toBeUndefined();
		// Never regenerated automatically: a rerun sends nothing.
		const again = await generate(h, vault, "Film/Stale.md", ["--provider", "minimax"]);
		expect(again.code, again.err + again.out).toBe(0);
		expect(creates(h)).toHaveLength(3);
	});
});

describe("the dry run of a chained note", () => {
	it("--json lists the chains and what each job waits on; the cost is that of the same shots unchained; nothing is sent", async () => {
		h = await startSim();
		const shots = ["d1", "d2", "d3"].map((id) => shot(id, `Dry ${id}`)).join("\n");
		const vault = await tempVault({ "Film/C.md": FM + "  chain: true\n---\n" + shots, "Film/U.md": FM + "---\n" + shots });
		const run = async (note: string) => {
			const r = await generate(h!, vault, note, ["--provider", "minimax", "--dry-run", "--json"]);
			expect(r.code, r.err + r.out).toBe(0);
			return JSON.parse(r.out.trim().split("\n").pop()!) as {
				totals: { cost: number };
				chains: Array<{ shotId: string; upstream: { shotId: string }; depth: number }>;
				jobs: Array<{ shotId: string; after?: { shotId: string }; chainDepth?: number }>;
			};
		};
		const c = await run("Film/C.md");
		const u = await run("Film/U.md");
		expect(c.chains.map((e) => [e.shotId, e.upstream.shotId, e.depth])).toEqual([
			["d2", "d1", 1],
			["d3", "d2", 2],
		]);
		expect(c.jobs.map((j) => j.after?.shotId ?? null)).toEqual([null, "d1", "d2"]);
		expect(u.chains).toEqual([]);
		expect(c.totals.cost).toBe(u.totals.cost);
		expect(h.sim.log).toHaveLength(0);
	});
});

describe("chained shots without a frame grabber", () => {
	it("stop with a clear message and are never sent unchained", async () => {
		h = await startSim();
		const note = FM + "  chain: true\n---\n" + ["n1", "n2"].map((id) => shot(id, `No ffmpeg ${id}`)).join("\n");
		const vault = await tempVault({ "Film/N.md": note });
		// No ffmpeg anywhere: a CINEFLOW_FFMPEG that is not a program wins over the package and PATH.
		const r = await generate(h, vault, "Film/N.md", ["--provider", "minimax"], {
			env: { CINEFLOW_API_KEY: KEY, CINEFLOW_FFMPEG: path.join(vault, "none") } as NodeJS.ProcessEnv,
		});
		expect(r.code).not.toBe(0);
		expect(creates(h).map((e) => e.prompt)).toEqual(["No ffmpeg n1"]);
		expect(r.out + r.err).toMatch(
			/Film\/N\.md:\d+ shot n2: not generated: it starts from the last frame of Film\/N\.md:\d+ shot n1, and no frame grabber is available/,
		);
	});
});
