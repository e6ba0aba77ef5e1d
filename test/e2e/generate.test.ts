/**
 * End to end through the Node adapters: the CLI's generate command, the real
 * simulator over loopback HTTP, and a temp-dir vault.
 */
import { afterEach, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import { isVideo } from "../../src/core/download";
import { RUN_LOG_NAME } from "../../src/core/run/runlog";
import { runGeneration } from "../../src/core/run/runner";
import { DEFAULT_SETTINGS } from "../../src/core/settings";
import { FsVault } from "../../src/cli/fs-vault";
import { createNodeHttp } from "../../src/cli/http";
import { cliEmbedLine } from "../../src/cli/links";
import { simBaseUrl } from "../../src/sim/index";
import { creates, duplicates, generate, journal, KEY, listAll, shot, startSim, tempVault, type Harness } from "./helpers";
import { seededRandom } from "../../src/core/scheduler/random";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const NOTE =
	'---\ncineflow:\n  duration: 10\n  characters:\n    Alice: "@alice.cameo"\n---\n# Ep1\n\n' +
	shot("s01", "[Alice] walks into the rain-soaked alley") +
	"Some prose between shots.\n\n" +
	shot("s02", "Neon sign flickers over wet asphalt") +
	shot("s03", "Close up of a puddle reflecting the sign", "orientation: vertical\n");

async function mp4s(vault: string): Promise<string[]> {
	return (await listAll(vault)).filter((f) => f.endsWith(".mp4"));
}

describe("cineflow generate (end to end)", () => {
	it("one note: every shot's video lands in the sibling _assets folder and the note shows it", async () => {
		h = await startSim();
		const vault = await tempVault({ "Scenes/Ep1.md": NOTE });
		const r = await generate(h, vault, "Scenes/Ep1.md", ["--json"]);
		expect(r.code).toBe(0);
		const files = await mp4s(vault);
		expect(files).toEqual(["Scenes/_assets/Ep1/s01.mp4", "Scenes/_assets/Ep1/s02.mp4", "Scenes/_assets/Ep1/s03.mp4"]);
		for (const f of files) expect(isVideo(new Uint8Array(await fs.readFile(path.join(vault, f))))).toBe("mp4");
		const note = await fs.readFile(path.join(vault, "Scenes/Ep1.md"), "utf8");
		expect(note).toContain("```\n![[_assets/Ep1/s01.mp4]]\nSome prose between shots.");
		expect(note.match(/!\[\[_assets\/Ep1\/s0\d\.mp4\]\]/g)).toHaveLength(3);
		// Everything outside the embed lines is unchanged.
		expect(note.replace(/^!\[\[_assets\/Ep1\/s0\d\.mp4\]\]\n/gm, "")).toBe(NOTE);
		// The summary line comes last and counts real events.
		const lines = r.out
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string });
		const summary = lines.at(-1) as unknown as Record<string, unknown>;
		expect(summary).toMatchObject({ type: "summary", submitted: 3, succeeded: 3, failed: 0, skipped: 0, duplicates: 0 });
		expect(creates(h)).toBe(3);
		const j = await journal(vault, "Scenes/_assets/Ep1");
		expect(Object.values(j.entries).map((e) => e.status)).toEqual(["done", "done", "done"]);
		// The key is sent (Bearer) but never written anywhere.
		for (const f of await listAll(vault)) {
			const text = await fs.readFile(path.join(vault, f), "latin1");
			expect(text.includes(KEY)).toBe(false);
		}
		expect(r.out.includes(KEY)).toBe(false);
		const log = await fs.readFile(path.join(vault, "Scenes/_assets/Ep1", RUN_LOG_NAME), "utf8");
		expect(
			log
				.split("\n")
				.filter(Boolean)
				.every((l) => JSON.parse(l) !== null),
		).toBe(true);
	});

	it("re-running is idempotent: nothing is submitted and the note is byte-for-byte the same", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep1.md": NOTE });
		await generate(h, vault, "Ep1.md");
		const before = await fs.readFile(path.join(vault, "Ep1.md"), "utf8");
		const again = await generate(h, vault, "Ep1.md", ["--json"]);
		expect(again.code).toBe(0);
		expect(await fs.readFile(path.join(vault, "Ep1.md"), "utf8")).toBe(before);
		expect(creates(h)).toBe(3);
		expect(JSON.parse(again.out.trim().split("\n").at(-1) as string)).toMatchObject({ submitted: 0, skipped: 3 });
	});

	it("a folder of notes, including a nested folder and a seed storyboard JSON that is never rewritten", async () => {
		h = await startSim();
		const seed = JSON.stringify(
			{
				segments: [
					{ segment_index: 1, prompt_text: "Dusk skyline", duration_seconds: 10 },
					{ segment_index: 2, prompt_text: "Close up", asset: { characters: ["Alice@alice "] }, duration_seconds: 15, resolution: "vertical" },
				],
			},
			null,
			2,
		);
		const vault = await tempVault({
			"Film/Ep1.md": NOTE,
			"Film/Part 2/Ep2.md": "# Ep2\n" + shot("a1", "A rooftop at dawn"),
			"Film/storyboard_teaser.json": seed,
			"Film/notes without shots.md": "# Just prose\n```js\nconsole.log(1)\n```\n",
		});
		const r = await generate(h, vault, "Film");
		expect(r.code).toBe(0);
		expect(await mp4s(vault)).toEqual([
			"Film/Part 2/_assets/Ep2/a1.mp4",
			"Film/_assets/Ep1/s01.mp4",
			"Film/_assets/Ep1/s02.mp4",
			"Film/_assets/Ep1/s03.mp4",
			"Film/_assets/storyboard_teaser/seg1.mp4",
			"Film/_assets/storyboard_teaser/seg2.mp4",
		]);
		expect(await fs.readFile(path.join(vault, "Film/storyboard_teaser.json"), "utf8")).toBe(seed);
		expect(await fs.readFile(path.join(vault, "Film/Part 2/Ep2.md"), "utf8")).toContain("![[_assets/Ep2/a1.mp4]]");
	});

	it("takes: all embeds in order; regenerating adds the next take and keeps the old files", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "Rain on a window", "takes: 3\n") });
		expect((await generate(h, vault, "Ep.md")).code).toBe(0);
		let note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
		expect(note).toContain("```\n![[_assets/Ep/s01.mp4]]\n![[_assets/Ep/s01.take2.mp4]]\n![[_assets/Ep/s01.take3.mp4]]\n");
		const settings = { ...structuredClone(DEFAULT_SETTINGS), provider: "sorahk" };
		settings.providers.sorahk = { baseUrl: simBaseUrl(h.origin, "sorahk") };
		const http = createNodeHttp();
		const report = await runGeneration({
			target: "Ep.md",
			mode: "regenerate",
			regenerate: { notePath: "Ep.md", shotId: "s01" },
			settings,
			vault: new FsVault(vault),
			http,
			clock: h.clock,
			random: seededRandom(12),
			secrets: { getKey: () => KEY },
			embedLine: (v, n) => cliEmbedLine(v, n, "wiki"),
			missingKey: () => "no key",
		});
		await http.close();
		expect(report.summary).toMatchObject({ submitted: 1, succeeded: 1 });
		expect(await mp4s(vault)).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s01.take2.mp4", "_assets/Ep/s01.take3.mp4", "_assets/Ep/s01.take4.mp4"]);
		note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
		expect(note).toContain("![[_assets/Ep/s01.take3.mp4]]\n![[_assets/Ep/s01.take4.mp4]]\n");
	});

	it("a changed prompt becomes a new take; the old video stays", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "First idea") });
		await generate(h, vault, "Ep.md");
		const edited = (await fs.readFile(path.join(vault, "Ep.md"), "utf8")).replace("First idea", "Second idea");
		await fs.writeFile(path.join(vault, "Ep.md"), edited);
		await generate(h, vault, "Ep.md");
		expect(await mp4s(vault)).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s01.take2.mp4"]);
		expect(await fs.readFile(path.join(vault, "Ep.md"), "utf8")).toContain("![[_assets/Ep/s01.mp4]]\n![[_assets/Ep/s01.take2.mp4]]\n");
		expect(creates(h)).toBe(2);
	});

	it("survives the user editing the note during the run: every byte they wrote is kept", async () => {
		h = await startSim({ jobDurationMs: { min: 200_000, max: 400_000 } });
		const vault = await tempVault({ "Ep.md": NOTE });
		const fsv = new FsVault(vault);
		let stop = false;
		const written: string[] = [];
		const editor = (async () => {
			for (let i = 0; !stop && i < 200; i++) {
				const mark = `user edit ${i} 用户编辑 `;
				written.push(mark);
				await fsv.process("Ep.md", (t) => (i % 2 ? t + `${mark}\n` : t.replace("Some prose between shots.", `Some prose between shots. ${mark}`)));
				await new Promise((r) => setTimeout(r, 5));
			}
		})();
		const r = await generate(h, vault, "Ep.md", [], { settings: { linkStyle: "wiki" } as never });
		stop = true;
		await editor;
		expect(r.code).toBe(0);
		const note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
		for (const m of written) expect(note).toContain(m);
		for (const id of ["s01", "s02", "s03"]) expect(note.split(`![[_assets/Ep/${id}.mp4]]`)).toHaveLength(2);
	});

	it("a truncated download is fetched again; nothing is generated twice", async () => {
		h = await startSim({ truncateDownloads: { count: 2 } });
		const vault = await tempVault({ "Ep.md": NOTE });
		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(3);
		expect(h.sim.log.filter((e) => e.route === "download").length).toBeGreaterThanOrEqual(5);
		for (const f of await mp4s(vault)) expect(isVideo(new Uint8Array(await fs.readFile(path.join(vault, f))))).toBe("mp4");
		expect((await listAll(vault)).some((f) => f.endsWith(".tmp"))).toBe(false);
	});

	it("an expired download link is reported as expired, not regenerated", async () => {
		h = await startSim({ urlTtlMs: 1 });
		const vault = await tempVault({ "Ep.md": shot("s01", "Short-lived link") });
		const r = await generate(h, vault, "Ep.md", ["--json"]);
		expect(r.code).toBe(1);
		expect(creates(h)).toBe(1);
		expect(await mp4s(vault)).toEqual([]);
		const j = await journal(vault, "_assets/Ep");
		expect(j.entries["s01#1"]?.status).toBe("expired");
		// A later run reports it again instead of paying for a new one.
		await generate(h, vault, "Ep.md");
		expect(creates(h)).toBe(1);
	});

	it("--budget stops submitting before the estimate would pass it, and says so", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": [1, 2, 3, 4, 5].map((i) => shot(`s0${i}`, `Budget shot ${i}`)).join("\n") });
		// sorahk estimate: 10 s × $0.005 = $0.05 per shot; $0.12 allows two.
		const r = await generate(h, vault, "Ep.md", ["--budget", "0.12", "--concurrency", "1", "--json"]);
		expect(r.code).toBe(1);
		expect(creates(h)).toBe(2);
		const events = r.out
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; reason?: string; message?: string });
		expect(events.find((e) => e.type === "stop")).toMatchObject({ reason: "budget" });
		expect(events.at(-1)).toMatchObject({ type: "summary", submitted: 2, succeeded: 2, stopped: "budget" });
		expect(await mp4s(vault)).toHaveLength(2);
	});

	it("Ctrl-C stops submitting, lets submitted shots finish, and a rerun completes the rest without duplicates", async () => {
		h = await startSim({ capacity: 2 });
		const vault = await tempVault({ "Ep.md": [1, 2, 3, 4, 5, 6].map((i) => shot(`s0${i}`, `Interrupted shot ${i}`)).join("\n") });
		const ctl = new AbortController();
		const watcher = setInterval(() => {
			if (creates(h as Harness) >= 2) ctl.abort();
		}, 2);
		const first = await generate(h, vault, "Ep.md", [], { signal: ctl.signal });
		clearInterval(watcher);
		expect(first.code).toBe(1);
		const afterFirst = creates(h);
		expect(afterFirst).toBeGreaterThanOrEqual(2);
		expect(afterFirst).toBeLessThan(6);
		expect((await mp4s(vault)).length).toBe(afterFirst);
		const second = await generate(h, vault, "Ep.md");
		expect(second.code).toBe(0);
		expect(await mp4s(vault)).toHaveLength(6);
		expect(duplicates(h)).toBe(0);
	});

	it("stops cleanly on quota with exit code 3; what was submitted is kept", async () => {
		h = await startSim({ quotaAfterCreates: 2 });
		const vault = await tempVault({ "Ep.md": [1, 2, 3, 4].map((i) => shot(`s0${i}`, `Quota shot ${i}`)).join("\n") });
		const r = await generate(h, vault, "Ep.md", ["--concurrency", "1"]);
		expect(r.code).toBe(3);
		expect(await mp4s(vault)).toHaveLength(2);
		expect(r.err).toMatch(/Stopped: .*(balance|quota|余额)/i);
	});

	it("bad input and usage errors exit with code 2 and name the note, line and shot", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": "# x\n\n" + shot("s01", "ok") + shot("s02", "bad", "duration: 7\n") });
		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(2);
		expect(r.out).toContain("Ep.md:7 shot s02: duration 7 is not allowed for sorahk (allowed: 10, 15; 25 with pro)");
		await expect(generate(h, vault, "Ep.md", ["--concurrency", "0"])).rejects.toThrow(/--concurrency must be a whole number from 1 to 64/);
	});

	it("--dry-run prints the plan and cost, and sends nothing", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": NOTE });
		const r = await generate(h, vault, "Ep.md", ["--dry-run"]);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/s01/);
		expect(r.out).toMatch(/\$0\.15/);
		expect(h.sim.log.length).toBe(0);
	});

	it("markdown link style writes relative, URL-encoded links", async () => {
		h = await startSim();
		const vault = await tempVault({ "My notes/Ep 1.md": shot("s01", "Markdown links") });
		await generate(h, vault, "My notes/Ep 1.md", ["--link-style", "markdown"]);
		expect(await fs.readFile(path.join(vault, "My notes/Ep 1.md"), "utf8")).toContain("```\n![](_assets/Ep%201/s01.mp4)\n");
	});
});
