/**
 * `cineflow cut` on a vault on disk: the files it writes (checked against the
 * published schemas and read back to the videos on disk), posters from the real
 * ffmpeg of the optional package, and what it refuses to do.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { cutCommand, type CutDeps } from "../../src/cli/cut";
import { main } from "../../src/cli/main";
import { decodePng } from "../../src/cli/image-codec";
import { jsonCanvas, timeline } from "../support/cut-schemas";
import { NOTE, OUT, stormVault } from "../support/bin-vault";

const SAMPLE = fileURLToPath(new URL("../../src/sim/assets/sample.mp4", import.meta.url));
const roots: string[] = [];
afterEach(() => {
	for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** The storm fixture on disk, every video a real MP4. */
function vaultOnDisk(): string {
	const root = mkdtempSync(path.join(tmpdir(), "cineflow cut 金-"));
	roots.push(root);
	mkdirSync(path.join(root, ".obsidian"));
	for (const [p, f] of stormVault().files) {
		const abs = path.join(root, ...p.split("/"));
		mkdirSync(path.dirname(abs), { recursive: true });
		if (p.endsWith(".mp4")) copyFileSync(SAMPLE, abs);
		else writeFileSync(abs, f.data);
	}
	return root;
}

function listAll(root: string): Map<string, string> {
	const out = new Map<string, string>();
	const walk = (dir: string) => {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const abs = path.join(dir, e.name);
			if (e.isDirectory()) walk(abs);
			else out.set(path.relative(root, abs).split(path.sep).join("/"), readFileSync(abs).toString("base64"));
		}
	};
	walk(root);
	return out;
}

function sink(): { stream: Writable; text: () => string } {
	let buf = "";
	const stream = new Writable({
		write(chunk: Buffer, _enc, cb) {
			buf += chunk.toString("utf8");
			cb();
		},
	});
	return { stream, text: () => buf };
}

async function cut(root: string, args: string[], locate?: CutDeps["locate"]) {
	const out = sink();
	const err = sink();
	const code = await cutCommand([path.join(root, ...NOTE.split("/")), ...args], {
		out: out.stream,
		err: err.stream,
		env: { PATH: "" },
		...(locate ? { locate } : {}),
	});
	return { code, out: out.text(), err: err.text() };
}

const OTIO = "Episodes/第一集 The Storm — cut.otio";
const CANVAS = "Episodes/第一集 The Storm — cut.canvas";

describe("cineflow cut", () => {
	it("writes both files next to the note; they validate and point at the videos on disk", async () => {
		const root = vaultOnDisk();
		const before = listAll(root);
		const r = await cut(root, []);
		expect(r.code).toBe(0);
		const after = listAll(root);
		expect([...after.keys()].filter((k) => !before.has(k)).sort()).toEqual([OTIO, CANVAS].sort());
		for (const [k, v] of before) expect(after.get(k)).toBe(v);
		const otio = timeline.parse(JSON.parse(readFileSync(path.join(root, OTIO), "utf8")));
		const urls = (otio.tracks.children[0]?.children ?? []).map((c) =>
			c.OTIO_SCHEMA === "Clip.2" ? (c.media_references.DEFAULT_MEDIA as { target_url: string }).target_url : "",
		);
		expect(urls).toHaveLength(3);
		for (const u of urls) {
			expect(u.startsWith("file:///")).toBe(true);
			expect(statSync(fileURLToPath(u)).size).toBeGreaterThan(0);
		}
		const canvas = jsonCanvas.parse(JSON.parse(readFileSync(path.join(root, CANVAS), "utf8")));
		for (const n of canvas.nodes ?? []) if (n.type === "file") expect(existsSync(path.join(root, ...n.file.split("/")))).toBe(true);
		expect(r.err).toContain("warning: Episodes/第一集 The Storm.md:");
		expect(r.err).toContain("shot s03: no video yet; left out of the cut");
		expect(r.err).toContain("3 shots in the cut, 3 left out");
	});

	it("never replaces a file without --force (nothing at all is written), and does with it", async () => {
		const root = vaultOnDisk();
		writeFileSync(path.join(root, OTIO), "my own edit");
		const before = listAll(root);
		const r = await cut(root, ["--posters"]);
		expect(r.code).toBe(2);
		expect(r.err).toContain(`${OTIO} already exists; pass --force to replace it`);
		expect(listAll(root)).toEqual(before);
		const forced = await cut(root, ["--force"]);
		expect(forced.code).toBe(0);
		expect(timeline.safeParse(JSON.parse(readFileSync(path.join(root, OTIO), "utf8"))).success).toBe(true);
		expect(listAll(root).has(`${OTIO}.tmp`)).toBe(false);
	});

	it("--out names a folder or a file inside the vault; relative media URLs resolve from there", async () => {
		const root = vaultOnDisk();
		const r = await cut(root, ["--format", "otio", "--media", "relative", "--out", path.join(root, "Exports", "edit v1.otio")]);
		expect(r.code).toBe(0);
		const otio = timeline.parse(JSON.parse(readFileSync(path.join(root, "Exports", "edit v1.otio"), "utf8")));
		const first = otio.tracks.children[0]?.children[0];
		const url = first?.OTIO_SCHEMA === "Clip.2" ? (first.media_references.DEFAULT_MEDIA as { target_url: string }).target_url : "";
		expect(url.startsWith("../Episodes/")).toBe(true);
		expect(existsSync(path.join(root, "Exports", ...url.split("/").map(decodeURIComponent)))).toBe(true);
		expect(existsSync(path.join(root, CANVAS))).toBe(false);
		const folder = await cut(root, ["--out", path.join(root, "Exports")]);
		expect(folder.code).toBe(0);
		expect(existsSync(path.join(root, "Exports", "第一集 The Storm — cut.canvas"))).toBe(true);
		await expect(cut(root, ["--out", path.join(tmpdir(), "elsewhere")])).rejects.toThrow(/outside the vault/);
		await expect(cut(root, ["--format", "both", "--out", path.join(root, "x.otio")])).rejects.toThrow(/names a \.otio file/);
	});

	it("--posters: real PNG frames from ffmpeg in <output>/posters/, referenced by the canvas", async () => {
		const root = vaultOnDisk();
		const r = await cut(root, ["--posters", "--json"]);
		expect(r.code).toBe(0);
		const report = JSON.parse(r.out.trim()) as { posters: { written: string[] }; clips: Array<{ poster?: string }> };
		expect(report.posters.written).toEqual([`${OUT}/posters/s01.png`, `${OUT}/posters/s02.take2.png`, `${OUT}/posters/s06.png`]);
		for (const p of report.posters.written) {
			const img = await decodePng(new Uint8Array(readFileSync(path.join(root, ...p.split("/")))));
			expect([img.width, img.height]).toEqual([160, 90]);
		}
		const canvas = jsonCanvas.parse(JSON.parse(readFileSync(path.join(root, CANVAS), "utf8")));
		expect((canvas.nodes ?? []).filter((n) => n.type === "file" && n.file.endsWith(".png"))).toHaveLength(3);
		// A second run keeps the posters (newer than their videos).
		const again = await cut(root, ["--posters", "--force", "--json"]);
		expect((JSON.parse(again.out.trim()) as { posters: { kept: string[] } }).posters.kept).toHaveLength(3);
	});

	it("--posters without ffmpeg: says so clearly, and the cut is still exported", async () => {
		const root = vaultOnDisk();
		const r = await cut(root, ["--posters"], { resolvePackage: () => null });
		expect(r.code).toBe(0);
		expect(r.err).toContain("posters: no ffmpeg was found");
		expect(r.err).toContain("npm install @ffmpeg-installer/ffmpeg");
		expect(r.err).toContain("The cut was exported without posters.");
		expect(existsSync(path.join(root, OTIO)) && existsSync(path.join(root, CANVAS))).toBe(true);
		expect(existsSync(path.join(root, OUT, "posters"))).toBe(false);
	});

	it("a note without any video exports nothing (exit 1)", async () => {
		const root = vaultOnDisk();
		for (const f of readdirSync(path.join(root, OUT))) if (f.endsWith(".mp4")) rmSync(path.join(root, OUT, f));
		const before = listAll(root);
		const r = await cut(root, []);
		expect(r.code).toBe(1);
		expect(r.err).toContain("nothing to export: no shot of Episodes/第一集 The Storm.md has a video yet");
		expect(listAll(root)).toEqual(before);
	});

	it("is wired into the cineflow command", async () => {
		const root = vaultOnDisk();
		expect(await main(["cut", path.join(root, ...NOTE.split("/")), "--format", "canvas"])).toBe(0);
		expect(existsSync(path.join(root, CANVAS))).toBe(true);
		expect(await main(["cut", path.join(root, "Episodes", "missing.md")])).toBe(2);
	});
});
