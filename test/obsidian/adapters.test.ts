import { describe, expect, it } from "vitest";
import { embedLineFor, pathEmbed } from "../../src/obsidian/links";
import { parseShotFilter } from "../../src/obsidian/filter";
import { ObsidianVaultPort } from "../../src/obsidian/vault-port";
import { shotBlockAt, hasShotBlock } from "../../src/obsidian/detect";
import { commonFolder } from "../../src/obsidian/run-service";
import { createApp__, type App } from "../stubs/obsidian";

const port = (app: App) => new ObsidianVaultPort(app as never);

describe("vault port over Vault and DataAdapter", () => {
	it("reads, stats and lists, hidden journal files included, the config folder excluded", async () => {
		const app = await createApp__({ "A/Ep.md": "hi", "A/_assets/Ep/.cineflow-jobs.json": "{}", "A/_assets/Ep/s01.mp4": new Uint8Array([1, 2, 3]), ".obsidian/app.json": "{}" });
		const v = port(app);
		expect(await v.read("A/Ep.md")).toBe("hi");
		expect(await v.read("A/missing.md")).toBeNull();
		expect(await v.read("A")).toBeNull();
		expect(await v.readBinary("A/_assets/Ep/s01.mp4")).toEqual(new Uint8Array([1, 2, 3]));
		expect(await v.stat("A/_assets/Ep/s01.mp4")).toMatchObject({ size: 3 });
		expect(await v.stat("A")).toBeNull();
		expect(await v.listFiles("")).toEqual(["A/Ep.md", "A/_assets/Ep/.cineflow-jobs.json", "A/_assets/Ep/s01.mp4"]);
		expect(await v.listFiles("A/_assets")).toEqual(["A/_assets/Ep/.cineflow-jobs.json", "A/_assets/Ep/s01.mp4"]);
		expect(await v.listFiles("A/Ep.md")).toEqual(["A/Ep.md"]);
		expect(await v.listFiles("Nope")).toEqual([]);
	});

	it("creates folders once under races and normalizes every path", async () => {
		const app = await createApp__({});
		const v = port(app);
		await Promise.all([v.ensureFolder("Film/_assets/Ep"), v.ensureFolder("Film//_assets/Ep/"), v.ensureFolder("Film/_assets/Ep")]);
		expect(app.vault.getFolderByPath("Film/_assets/Ep")).not.toBeNull();
		await v.ensureFolder("Film/_assets/Ep");
		await v.ensureFolder("Film/.hidden/x");
		expect(await app.vault.adapter.exists("Film/.hidden/x")).toBe(true);
	});

	it("writes a temp file and renames it into place; a rename onto an existing file replaces it", async () => {
		const app = await createApp__({ "F/.cineflow-jobs.json": "old" });
		const v = port(app);
		await v.writeBinary("F/s01.mp4.tmp", new Uint8Array([9, 9]));
		await v.rename("F/s01.mp4.tmp", "F/s01.mp4");
		expect(app.vault.getFileByPath("F/s01.mp4")).not.toBeNull();
		expect(await app.vault.adapter.exists("F/s01.mp4.tmp")).toBe(false);
		await v.writeText("F/.cineflow-jobs.json.tmp", "new");
		await v.rename("F/.cineflow-jobs.json.tmp", "F/.cineflow-jobs.json");
		expect(await v.read("F/.cineflow-jobs.json")).toBe("new");
		expect(await app.vault.adapter.exists("F/.cineflow-jobs.json.tmp")).toBe(false);
		await v.append("F/.log", "a\n");
		await v.append("F/.log", "b\n");
		expect(await v.read("F/.log")).toBe("a\nb\n");
		await v.remove("F/.log");
		await v.remove("F/.log"); // missing is fine
		expect(await v.read("F/.log")).toBeNull();
	});

	it("changes notes through vault.process", async () => {
		const app = await createApp__({ "Ep.md": "one\n" });
		const calls: string[] = [];
		const orig = app.vault.process.bind(app.vault);
		app.vault.process = (file, fn) => {
			calls.push(file.path);
			return orig(file, fn);
		};
		const out = await port(app).process("Ep.md", (t) => t + "two\n");
		expect(out).toBe("one\ntwo\n");
		expect(calls).toEqual(["Ep.md"]);
	});
});

describe("embed links", () => {
	it("follow the vault's link format but always name the output folder", async () => {
		const app = await createApp__({ "Film/Ep.md": "x", "Film/_assets/Ep/s01.mp4": new Uint8Array([1]) });
		// Wikilinks, shortest path: Obsidian would write [[s01.mp4]]; a later run could not recognize it.
		expect(embedLineFor(app as never, "vault", "Film/_assets/Ep/s01.mp4", "Film/Ep.md")).toBe("![[_assets/Ep/s01.mp4]]");
		app.vault.setConfig__("useMarkdownLinks", true);
		expect(embedLineFor(app as never, "vault", "Film/_assets/Ep/s01.mp4", "Film/Ep.md")).toBe("![s01](_assets/Ep/s01.mp4)");
		// Not yet indexed (written through the adapter a moment ago): same format, path-based.
		expect(embedLineFor(app as never, "vault", "Film/_assets/Ep/s 02.mp4", "Film/Ep.md")).toBe("![](_assets/Ep/s%2002.mp4)");
		expect(embedLineFor(app as never, "wiki", "Film/_assets/Ep/s01.mp4", "Film/Ep.md")).toBe("![[_assets/Ep/s01.mp4]]");
		expect(pathEmbed("_assets/Ep/s01.mp4", "Other/Ep.md", "markdown")).toBe("![](../_assets/Ep/s01.mp4)");
	});
});

describe("small helpers", () => {
	it("parses the run dialog's shot filter", () => {
		const r = parseShotFilter("1-3, 8, s10, note:ep2");
		if (!r.ok) throw new Error(r.message);
		expect(r.test({ notePath: "Film/Ep2.md", shotId: "s02", index: 2 })).toBe(true);
		expect(r.test({ notePath: "Film/Ep2.md", shotId: "s10", index: 10 })).toBe(true);
		expect(r.test({ notePath: "Film/Ep2.md", shotId: "s04", index: 4 })).toBe(false);
		expect(r.test({ notePath: "Film/Ep1.md", shotId: "s02", index: 2 })).toBe(false);
		expect(parseShotFilter("")).toMatchObject({ ok: true, empty: true });
		expect(parseShotFilter("5-2")).toMatchObject({ ok: false });
		expect(parseShotFilter("0")).toMatchObject({ ok: false, message: "Shot numbers start at 1." });
		expect(parseShotFilter("a b")).toMatchObject({ ok: false });
	});

	it("finds shot blocks cheaply", () => {
		const text = "# T\n\n```shot\nid: s1\n```\n\n````md\n```shot\n```\n````\n~~~shot\nid: s2\n~~~\n";
		expect(hasShotBlock(text)).toBe(true);
		expect(hasShotBlock("```js\n```")).toBe(false);
		expect(shotBlockAt(text, 3)).toEqual({ start: 2, end: 4 });
		expect(shotBlockAt(text, 0)).toBeNull();
		expect(shotBlockAt(text, 8)).toBeNull(); // inside a 4-backtick md fence, not a shot
		expect(shotBlockAt(text, 11)).toEqual({ start: 10, end: 12 });
	});

	it("resumes across notes from their deepest common folder", () => {
		expect(commonFolder(["Film/A/Ep1.md", "Film/B/Ep2.md"])).toBe("Film");
		expect(commonFolder(["Film/A/Ep1.md", "Film/A/Ep2.md"])).toBe("Film/A");
		expect(commonFolder(["Ep1.md", "Film/Ep2.md"])).toBe("");
	});
});

describe("vault port: visible files through the Vault API", () => {
	it("a video (temp file, then rename) and a visible journal are in Obsidian's index at once, not after the file watcher", async () => {
		const app = await createApp__({ "F/cineflow-jobs.md": "old" });
		app.vault.deferAdapterIndex__ = true;
		const v = port(app);
		await v.ensureFolder("F/_assets/Ep");
		await v.writeBinary("F/_assets/Ep/s01.mp4.tmp", new Uint8Array([0, 0, 0, 8, 0x66, 0x74, 0x79, 0x70]));
		await v.rename("F/_assets/Ep/s01.mp4.tmp", "F/_assets/Ep/s01.mp4");
		expect(app.vault.getFileByPath("F/_assets/Ep/s01.mp4")).not.toBeNull();
		expect(app.vault.getFileByPath("F/_assets/Ep/s01.mp4.tmp")).toBeNull();
		expect(await v.readBinary("F/_assets/Ep/s01.mp4")).toEqual(new Uint8Array([0, 0, 0, 8, 0x66, 0x74, 0x79, 0x70]));
		// A replace onto an indexed file keeps it indexed, with the new content.
		await v.writeText("F/cineflow-jobs.md.tmp", "new");
		await v.rename("F/cineflow-jobs.md.tmp", "F/cineflow-jobs.md");
		expect(await v.read("F/cineflow-jobs.md")).toBe("new");
		expect(app.vault.getFileByPath("F/cineflow-jobs.md")).not.toBeNull();
		expect(await app.vault.adapter.exists("F/cineflow-jobs.md.tmp")).toBe(false);
		// Hidden files still go through the adapter.
		await v.writeText("F/_assets/Ep/.cineflow-run.ndjson", "x\n");
		expect(await v.read("F/_assets/Ep/.cineflow-run.ndjson")).toBe("x\n");
	});
});
