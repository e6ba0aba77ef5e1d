/**
 * Respecting the vault, through the CLI against the simulator: nothing is written
 * through a symlink that leads outside the vault, a read-only note is left alone
 * (mode too), and one bad reference path is reported as note:line:shot while the
 * dry run goes on.
 */
import { afterEach, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { creates, generate, listAll, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | null = null;
const cleanup: string[] = [];
afterEach(async () => {
	await h?.close();
	h = null;
	for (const d of cleanup.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function outsideDir(): Promise<string> {
	const d = await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-outside-"));
	cleanup.push(d);
	return d;
}

const NOTE = shot("s01", "Symlink shot one") + "\nProse.\n\n" + shot("s02", "Symlink shot two");

describe("symlinks that lead outside the vault", () => {
	for (const link of ["_assets", "_assets/Ep"]) {
		it(`a symlinked ${link} pointing outside: nothing is written there, nothing is paid for, and the user is told`, async () => {
			h = await startSim();
			const vault = await tempVault({ "Ep.md": NOTE });
			cleanup.push(vault);
			const outside = await outsideDir();
			await fs.mkdir(path.dirname(path.join(vault, link)), { recursive: true });
			await fs.symlink(outside, path.join(vault, link), "dir");
			const before = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
			const r = await generate(h, vault, "Ep.md");
			expect(r.code).not.toBe(0);
			expect(await fs.readdir(outside)).toEqual([]);
			expect(creates(h)).toBe(0);
			expect(r.err).toMatch(/outside the vault/);
			expect(r.err).toContain(link === "_assets" ? "_assets/Ep" : link);
			expect(await fs.readFile(path.join(vault, "Ep.md"), "utf8")).toBe(before);
		});
	}

	it("a symlink that stays inside the vault is followed as before", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": NOTE });
		cleanup.push(vault);
		await fs.mkdir(path.join(vault, "Videos"), { recursive: true });
		await fs.symlink(path.join(vault, "Videos"), path.join(vault, "_assets"), "dir");
		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect((await listAll(path.join(vault, "Videos"))).filter((f) => f.endsWith(".mp4"))).toEqual(["Ep/s01.mp4", "Ep/s02.mp4"]);
	});
});

describe("a read-only note", () => {
	it("is left alone: videos are written, the note's text and its 0444 mode are unchanged, and the user is warned", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": NOTE });
		cleanup.push(vault);
		const note = path.join(vault, "Ep.md");
		await fs.chmod(note, 0o444);
		const r = await generate(h, vault, "Ep.md");
		expect(creates(h)).toBe(2);
		expect((await listAll(vault)).filter((f) => f.endsWith(".mp4"))).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s02.mp4"]);
		expect(await fs.readFile(note, "utf8")).toBe(NOTE);
		expect((await fs.stat(note)).mode & 0o777).toBe(0o444);
		expect(r.err).toMatch(/Ep\.md is read-only/);
		// A rerun pays for nothing more.
		await generate(h, vault, "Ep.md");
		expect(creates(h)).toBe(2);
		await fs.chmod(note, 0o644);
	});
});

describe("a bad reference path in a dry run", () => {
	it("names note:line:shot and the dry run goes on with the other shots", async () => {
		h = await startSim();
		const text = shot("s01", "Good shot") + shot("s02", "Bad reference shot", 'image: "[[../../outside.png]]"\n') + shot("s03", "Another good shot");
		const vault = await tempVault({ "Scenes/Ep.md": text });
		cleanup.push(vault);
		const r = await generate(h, vault, "Scenes/Ep.md", ["--dry-run"]);
		expect(r.code).toBe(2);
		expect(r.out).toMatch(/Scenes\/Ep\.md:\d+ shot s02: .*outside the vault/);
		for (const id of ["s01", "s03"]) expect(r.out).toContain(id);
		expect(h.sim.log).toEqual([]);
	});
});

describe("Obsidian's attachment location", () => {
	it("the setting sends videos to the attachment folder (read from .obsidian/app.json), one folder per note, embedded under each shot", async () => {
		h = await startSim();
		const vault = await tempVault({
			".obsidian/app.json": JSON.stringify({ attachmentFolderPath: "Attachments" }),
			".obsidian/plugins/cineflow/data.json": JSON.stringify({ version: 2, provider: "sorahk", outputLocation: "attachments" }),
			"Film/Ep.md": NOTE,
		});
		cleanup.push(vault);
		const r = await generate(h, vault, "Film/Ep.md");
		expect(r.code).toBe(0);
		const mp4s = (await listAll(vault)).filter((f) => f.endsWith(".mp4"));
		expect(mp4s).toEqual(["Attachments/Film/Ep/s01.mp4", "Attachments/Film/Ep/s02.mp4"]);
		const note = await fs.readFile(path.join(vault, "Film/Ep.md"), "utf8");
		expect(note.match(/!\[\[[^\]]*Attachments\/Film\/Ep\/s0[12]\.mp4\]\]/g)).toHaveLength(2);
		// A rerun finds them there: nothing more is paid for.
		await generate(h, vault, "Film/Ep.md");
		expect(creates(h)).toBe(2);
	});

	it("a note chooses with cineflow.output: attachments ('./media' = under the note's folder); others keep the sibling _assets", async () => {
		h = await startSim();
		const vault = await tempVault({
			".obsidian/app.json": JSON.stringify({ attachmentFolderPath: "./media" }),
			"Film/Ep.md": "---\ncineflow:\n  output: attachments\n---\n" + shot("s01", "Attachment note shot"),
			"Film/Other.md": shot("s01", "Sibling note shot"),
		});
		cleanup.push(vault);
		const r = await generate(h, vault, "Film");
		expect(r.code).toBe(0);
		expect((await listAll(vault)).filter((f) => f.endsWith(".mp4"))).toEqual(["Film/_assets/Other/s01.mp4", "Film/media/Ep/s01.mp4"]);
	});
});
