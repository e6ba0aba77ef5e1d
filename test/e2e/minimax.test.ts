/**
 * MiniMax end to end: `cineflow generate --provider minimax` against the simulator over
 * loopback. The runner, journal and engine go through the two-step result (query names a
 * file_id, files/retrieve gives the signed URL), the note gets its embeds, and the HTTP 200
 * error bodies end the run the way their class says.
 */
import { afterEach, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import { isVideo } from "../../src/core/download";
import { generate, journal, KEY, listAll, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const NOTE =
	"# Hailuo\n\n" +
	shot("m01", "A lighthouse at dusk [Push in]") +
	"\n" +
	shot("m02", "Waves on rocks", "duration: 10\n") +
	"\n" +
	shot("m03", "Gulls over the harbour", "resolution: 1080p\n");

describe("cineflow generate --provider minimax (end to end)", () => {
	it("every shot is created, polled, fetched by file id, downloaded and embedded", async () => {
		h = await startSim();
		const vault = await tempVault({ "Film/Hailuo.md": NOTE });
		const r = await generate(h, vault, "Film/Hailuo.md", ["--provider", "minimax", "--json"]);
		expect(r.code, r.err + r.out).toBe(0);
		const files = (await listAll(vault)).filter((f) => f.endsWith(".mp4"));
		expect(files).toEqual(["Film/_assets/Hailuo/m01.mp4", "Film/_assets/Hailuo/m02.mp4", "Film/_assets/Hailuo/m03.mp4"]);
		for (const f of files) expect(isVideo(new Uint8Array(await fs.readFile(path.join(vault, f))))).toBe("mp4");
		const note = await fs.readFile(path.join(vault, "Film/Hailuo.md"), "utf8");
		expect(note.match(/!\[\[_assets\/Hailuo\/m0\d\.mp4\]\]/g)).toHaveLength(3);
		const j = await journal(vault, "Film/_assets/Hailuo");
		expect(Object.values(j.entries).map((e) => e.status)).toEqual(["done", "done", "done"]);
		const log = h.sim.log.filter((e) => e.provider === "minimax");
		expect(log.filter((e) => e.route === "create" && e.status === 200)).toHaveLength(3);
		expect(log.filter((e) => e.path.includes("/files/retrieve")).length).toBeGreaterThanOrEqual(3);
		expect(h.sim.log.filter((e) => e.route === "download" && e.status === 200)).toHaveLength(3);
		// The default model for all three (the simulator refused nothing: 10 s at 768P and 1080P at 6 s are allowed).
		expect(h.sim.tasks().map((t) => t.model)).toEqual(["MiniMax-Hailuo-2.3", "MiniMax-Hailuo-2.3", "MiniMax-Hailuo-2.3"]);
		for (const f of await listAll(vault)) expect((await fs.readFile(path.join(vault, f), "latin1")).includes(KEY)).toBe(false);
	});

	it("insufficient balance (HTTP 200, code 1008) stops the run without a file", async () => {
		h = await startSim({ quotaAfterCreates: 0 });
		const vault = await tempVault({ "Film/Hailuo.md": NOTE });
		const r = await generate(h, vault, "Film/Hailuo.md", ["--provider", "minimax", "--json"]);
		expect(r.code).not.toBe(0);
		expect(r.out + r.err).toMatch(/code 1008/);
		expect((await listAll(vault)).filter((f) => f.endsWith(".mp4"))).toEqual([]);
	});
});
