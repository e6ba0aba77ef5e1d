/**
 * Issue 14, shot identity through the CLI against the simulator (figures from its
 * request log): shots without `id:` inserted, deleted or reordered, and notes
 * renamed between and during runs, never re-bill and never lose a video.
 */
import { afterEach, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import { creates, duplicates, generate, listAll, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const idless = (prompt: string) => "```shot\nprompt: " + JSON.stringify(prompt) + "\n```\n";
const read = (vault: string, rel: string) => fs.readFile(path.join(vault, rel), "utf8");
const mp4s = async (vault: string) => (await listAll(vault)).filter((f) => f.endsWith(".mp4"));

/** For each fence (by prompt), the embeds directly under it. */
function embedsByPrompt(note: string): Map<string, string[]> {
	const out = new Map<string, string[]>();
	const parts = note.split(/^```shot\n/m).slice(1);
	for (const p of parts) {
		const prompt = JSON.parse(/^prompt: (.*)$/m.exec(p)?.[1] ?? '""') as string;
		const after = p.slice(p.indexOf("```\n") + 4);
		out.set(
			prompt,
			[...after.matchAll(/^!\[\[([^\]]+)\]\]$/gm)].map((m) => m[1] as string),
		);
	}
	return out;
}

describe("shots without id: (issue 14.4)", () => {
	const prompts = ["Idless one: dawn over the harbour", "Idless two: gulls on the pier", "Idless three: a boat leaves", "Idless four: the empty dock"];
	const note = "# Harbour\n\n" + prompts.map((p) => idless(p) + "\nProse.\n").join("\n");

	it("inserting one at the top bills exactly one create; every old shot keeps its own video and embed", async () => {
		h = await startSim();
		const vault = await tempVault({ "Harbour.md": note });
		expect((await generate(h, vault, "Harbour.md", ["--json"])).code).toBe(0);
		expect(creates(h)).toBe(4);
		const before = embedsByPrompt(await read(vault, "Harbour.md"));
		expect([...before.values()]).toEqual([
			["_assets/Harbour/s01.mp4"],
			["_assets/Harbour/s02.mp4"],
			["_assets/Harbour/s03.mp4"],
			["_assets/Harbour/s04.mp4"],
		]);
		const bytes = new Map<string, string>();
		for (const f of await mp4s(vault)) bytes.set(f, (await fs.readFile(path.join(vault, f))).toString("base64"));

		const inserted = "Idless new: a storm rolls in";
		const text = await read(vault, "Harbour.md");
		await fs.writeFile(path.join(vault, "Harbour.md"), text.replace("# Harbour\n\n", "# Harbour\n\n" + idless(inserted) + "\n"));
		const r = await generate(h, vault, "Harbour.md", ["--json"]);
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(5);
		expect(duplicates(h)).toBe(0);
		const after = embedsByPrompt(await read(vault, "Harbour.md"));
		for (const p of prompts) expect(after.get(p)).toEqual(before.get(p));
		expect(after.get(inserted)).toEqual(["_assets/Harbour/s05.mp4"]);
		// No take2, nothing overwritten: the old files are byte for byte the same.
		const files = await mp4s(vault);
		expect(files).toEqual([
			"_assets/Harbour/s01.mp4",
			"_assets/Harbour/s02.mp4",
			"_assets/Harbour/s03.mp4",
			"_assets/Harbour/s04.mp4",
			"_assets/Harbour/s05.mp4",
		]);
		for (const [f, b] of bytes) expect((await fs.readFile(path.join(vault, f))).toString("base64")).toBe(b);
		// The shot's prompt reached the provider once.
		expect(h.sim.createsByPrompt().get(inserted)).toBe(1);
	});

	it("deleting and reordering bills nothing and moves no embed", async () => {
		h = await startSim();
		const vault = await tempVault({ "Harbour.md": note });
		expect((await generate(h, vault, "Harbour.md")).code).toBe(0);
		const before = embedsByPrompt(await read(vault, "Harbour.md"));
		// Cut the first shot (with its embed) and move the last one (with its embed) to the top.
		const blocks = (await read(vault, "Harbour.md")).split(/(?=^```shot\n)/m);
		const [head, , b2, b3, b4] = blocks as [string, string, string, string, string];
		await fs.writeFile(path.join(vault, "Harbour.md"), head + b4.replace(/\n$/, "") + "\n\n" + b2 + b3);
		const dry = await generate(h, vault, "Harbour.md", ["--dry-run"]);
		expect(dry.out).toContain("Estimated cost: $0.00");
		expect((await generate(h, vault, "Harbour.md")).code).toBe(0);
		expect(creates(h)).toBe(4);
		const after = embedsByPrompt(await read(vault, "Harbour.md"));
		for (const p of prompts.slice(1)) expect(after.get(p)).toEqual(before.get(p));
		expect(await mp4s(vault)).toHaveLength(4);
	});
});

describe("a note renamed between and during runs (issue 14.2)", () => {
	const shots = Array.from({ length: 12 }, (_, i) => `s${String(i + 1).padStart(2, "0")}`);
	const note =
		"# Pilot\n\n" +
		shots.map((id) => "```shot\nid: " + id + "\nprompt: " + JSON.stringify(`Rename test ${id}: the lighthouse at dusk`) + "\n```\n").join("\nProse.\n\n");

	it("12 shots generated, the note renamed: the rerun adopts the old folder, creates nothing and the embeds point to existing files", async () => {
		h = await startSim();
		const vault = await tempVault({ "Show/Pilot.md": note, "Show/Other.md": "# Other\n" });
		expect((await generate(h, vault, "Show/Pilot.md", ["--json"])).code).toBe(0);
		expect(creates(h)).toBe(12);
		await fs.rename(path.join(vault, "Show/Pilot.md"), path.join(vault, "Show/Pilot (final).md"));

		// The dry run already prices the adoption: nothing to pay.
		const dry = await generate(h, vault, "Show/Pilot (final).md", ["--dry-run"]);
		expect(dry.out).toContain("Estimated cost: $0.00");
		expect(await fs.stat(path.join(vault, "Show/_assets/Pilot")).then(() => true)).toBe(true);

		const r = await generate(h, vault, "Show/Pilot (final).md", ["--json"]);
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(12);
		expect(duplicates(h)).toBe(0);
		const files = await listAll(vault);
		expect(files.filter((f) => f.endsWith(".mp4"))).toEqual(shots.map((id) => `Show/_assets/Pilot (final)/${id}.mp4`));
		expect(files.some((f) => f.startsWith("Show/_assets/Pilot/"))).toBe(false);
		const text = await read(vault, "Show/Pilot (final).md");
		const embeds = [...text.matchAll(/^!\[\[([^\]]+)\]\]$/gm)].map((m) => m[1] as string);
		expect(embeds).toEqual(shots.map((id) => `_assets/Pilot (final)/${id}.mp4`));
		for (const e of embeds) expect(files).toContain(`Show/${e}`);
		expect(r.out).toContain("renamed note");
	});

	it("a rename between two runs of the engine (the first stopped mid-run): no video lost, no create repeated, embeds under the renamed note", async () => {
		h = await startSim({ jobDurationMs: { min: 60_000, max: 120_000 } });
		const vault = await tempVault({ "Pilot.md": note });
		const abandon = new AbortController();
		const first = generate(h, vault, "Pilot.md", ["--json"], { abandonSignal: abandon.signal, signal: new AbortController().signal });
		// Stop everything once some shots are submitted and some are done.
		for (let i = 0; i < 400 && !(await listAll(vault)).some((f) => f.endsWith(".mp4")); i++) await new Promise((res) => setTimeout(res, 5));
		abandon.abort();
		await first;
		const paid = creates(h);
		expect(paid).toBeGreaterThan(0);
		await fs.rename(path.join(vault, "Pilot.md"), path.join(vault, "Pilot v2.md"));
		for (let i = 0; i < 3; i++) if ((await generate(h, vault, "Pilot v2.md", ["--json"])).code === 0) break;
		expect(duplicates(h)).toBe(0);
		expect(creates(h)).toBe(12);
		const files = await listAll(vault);
		expect(files.filter((f) => f.endsWith(".mp4"))).toEqual(shots.map((id) => `_assets/Pilot v2/${id}.mp4`));
		const text = await read(vault, "Pilot v2.md");
		for (const id of shots) expect(text.split(`![[_assets/Pilot v2/${id}.mp4]]`)).toHaveLength(2);
		expect(text).not.toContain("_assets/Pilot/");
	});

	it("renamed AND its journal lost while tasks were paid but not downloaded: the old folder is known by its run log, adopted, and its tasks downloaded, not paid again", async () => {
		h = await startSim({ jobDurationMs: { min: 60_000, max: 120_000 } });
		const vault = await tempVault({ "Pilot.md": note });
		const abandon = new AbortController();
		const first = generate(h, vault, "Pilot.md", ["--json"], { abandonSignal: abandon.signal, signal: new AbortController().signal });
		// Stop once every shot was created, before their videos are downloaded.
		for (let i = 0; i < 400 && creates(h) < 12; i++) await new Promise((res) => setTimeout(res, 5));
		abandon.abort();
		await first;
		expect(creates(h)).toBe(12);
		await fs.rm(path.join(vault, "_assets/Pilot/cineflow-jobs.md"));
		await fs.rename(path.join(vault, "Pilot.md"), path.join(vault, "Pilot v2.md"));
		for (let i = 0; i < 3; i++) if ((await generate(h, vault, "Pilot v2.md", ["--json"])).code === 0) break;
		expect(creates(h)).toBe(12);
		expect(duplicates(h)).toBe(0);
		const files = await listAll(vault);
		expect(files.filter((f) => f.endsWith(".mp4"))).toEqual(shots.map((id) => `_assets/Pilot v2/${id}.mp4`));
		expect(files.filter((f) => f.startsWith("_assets/Pilot/"))).toEqual([]);
		const text = await read(vault, "Pilot v2.md");
		for (const id of shots) expect(text.split(`![[_assets/Pilot v2/${id}.mp4]]`)).toHaveLength(2);
	});

	it("a renamed note's folder is not adopted when the old note still exists (a copy), or when the shots do not match", async () => {
		h = await startSim();
		const vault = await tempVault({ "Pilot.md": note });
		expect((await generate(h, vault, "Pilot.md")).code).toBe(0);
		await fs.copyFile(path.join(vault, "Pilot.md"), path.join(vault, "Copy.md"));
		const copy = await generate(h, vault, "Copy.md", ["--dry-run", "--json"]);
		const plan = JSON.parse(copy.out.trim().split("\n").at(-1) as string) as { totals: { ready: number } };
		expect(plan.totals.ready).toBe(12);
		await fs.rm(path.join(vault, "Copy.md"));
		// Another note with other prompts, after the original was renamed away: not a match.
		await fs.rename(path.join(vault, "Pilot.md"), path.join(vault, "Gone.md.bak"));
		await fs.writeFile(path.join(vault, "Unrelated.md"), "```shot\nid: s01\nprompt: something else entirely\n```\n");
		const other = await generate(h, vault, "Unrelated.md", ["--dry-run", "--json"]);
		expect((JSON.parse(other.out.trim().split("\n").at(-1) as string) as { totals: { ready: number } }).totals.ready).toBe(1);
		expect((await listAll(vault)).filter((f) => f.startsWith("_assets/Pilot/") && f.endsWith(".mp4"))).toHaveLength(12);
	});
});
