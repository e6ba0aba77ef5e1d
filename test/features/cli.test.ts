/**
 * The built CLI as a real child process (esbuild bundle, Node 20) against the
 * simulator over loopback: a shot with a keyframe and a reference matrix on
 * Sora.hk through the S3 uploader, keys from the environment only.
 */
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodePng } from "../../src/cli/image-codec";
import { SIM_S3_CREDENTIALS, simBaseUrl } from "../../src/sim/index";
import { useBuiltCli } from "../e2e/use-cli";
import { KEY, listAll, shot, startSim, tempVault, type Harness } from "../e2e/helpers";
import { geminiCalls, png, readBytes, writeBytes } from "./support";

// The CLI's scaled clock starts when the process does, after the simulator's: at a
// high scale the skew would outlast the 15-minute presigned PUT. 100× keeps it small.
const SCALE = 100;
const built = useBuiltCli();
let h: Harness | null = null;

afterEach(async () => {
	await h?.close();
	h = null;
});

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [built.path, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
		let out = "";
		let err = "";
		child.stdout.on("data", (c: Buffer) => (out += String(c)));
		child.stderr.on("data", (c: Buffer) => (err += String(c)));
		child.on("exit", (code) => resolve({ code, out, err }));
	});
}

describe("cineflow generate (built CLI) with references and keyframes", () => {
	it("matrix + keyframe on Sora.hk through the S3 uploader; a rerun with more takes reuses the keyframe", async () => {
		h = await startSim({}, SCALE);
		const vault = await tempVault({
			"Ep.md":
				'---\ncineflow:\n  characters:\n    Alice: {id: "@alice", image: alice.png}\n---\n' +
				shot("s01", "[Alice] in the rain", 'references: ["[[alley.png]]"]\nkeyframe: true\n') +
				shot("s02", "The alley, empty", 'references: ["[[alley.png]]", "alice.png"]\n'),
		});
		await writeBytes(vault, "alice.png", await png(20, 30, [250, 0, 0]));
		await writeBytes(vault, "alley.png", await png(40, 20, [0, 0, 250]));
		const args = [
			"generate",
			path.join(vault, "Ep.md"),
			"--vault",
			vault,
			"--json",
			"--time-scale",
			String(SCALE),
			"--base-url",
			simBaseUrl(h.origin, "sorahk"),
			"--gemini-base-url",
			simBaseUrl(h.origin, "gemini"),
			"--s3-endpoint",
			`${h.origin}/s3`,
			"--s3-bucket",
			"cf",
			"--s3-public-url",
			`${h.origin}/nowhere`,
		];
		const env = {
			SORAHK_API_KEY: KEY,
			GEMINI_API_KEY: KEY,
			CINEFLOW_S3_ACCESS_KEY_ID: SIM_S3_CREDENTIALS.accessKeyId,
			CINEFLOW_S3_SECRET_ACCESS_KEY: SIM_S3_CREDENTIALS.secretAccessKey,
		};
		const r = await runCli(args, env);
		expect(r.err).toBe("");
		expect(r.out.split("\n").filter((l) => l.includes('"state":"failed"'))).toEqual([]);
		expect(r.code).toBe(0);
		const files = await listAll(vault);
		expect(files).toEqual(expect.arrayContaining(["_assets/Ep/s01.mp4", "_assets/Ep/s02.mp4", "_assets/Ep/keyframes/s01.png", "_assets/Ep/refs/s02.png"]));
		expect(files).not.toContain("_assets/Ep/refs/s01.png");
		expect(geminiCalls(h)).toBe(1);
		// Two uploads (the fitted keyframe and the matrix), both PNG at the video size.
		const uploads = [...h.sim.uploads().values()];
		expect(uploads).toHaveLength(2);
		for (const u of uploads) {
			const img = await decodePng(u.bytes);
			expect([img.width, img.height]).toEqual([1280, 720]);
		}
		expect(uploads.map((u) => u.bytes)).toContainEqual(await readBytes(vault, "_assets/Ep/refs/s02.png"));
		const summary = JSON.parse(r.out.trim().split("\n").at(-1)!) as { submitted: number };
		expect(summary.submitted).toBe(2);
		const note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
		expect(note).toContain("![[_assets/Ep/s01.mp4]]\n![[_assets/Ep/keyframes/s01.png]]\n");
		for (const f of files) expect((await fs.readFile(path.join(vault, f), "latin1")).includes(SIM_S3_CREDENTIALS.secretAccessKey)).toBe(false);

		const r2 = await runCli([...args, "--takes", "2"], env);
		expect(r2.code).toBe(0);
		expect(geminiCalls(h)).toBe(1);
		expect(await listAll(vault)).toEqual(expect.arrayContaining(["_assets/Ep/s01.take2.mp4", "_assets/Ep/s02.take2.mp4"]));
	});
});
