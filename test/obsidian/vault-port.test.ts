/** The vault port over Obsidian's Vault and DataAdapter (src/obsidian/vault-port.ts). */
import { describe, expect, it } from "vitest";
import { ObsidianVaultPort } from "../../src/obsidian/vault-port";
import { createApp__, type App } from "../stubs/obsidian";

const port = (app: App) => new ObsidianVaultPort(app as never);

describe("vault port over Vault and DataAdapter", () => {
	it("reads, stats and lists, hidden journal files included, the config folder excluded", async () => {
		const app = await createApp__({
			"A/Ep.md": "hi",
			"A/_assets/Ep/.cineflow-jobs.json": "{}",
			"A/_assets/Ep/s01.mp4": new Uint8Array([1, 2, 3]),
			".obsidian/app.json": "{}",
		});
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
