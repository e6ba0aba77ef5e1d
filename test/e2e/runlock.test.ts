/**
 * Two runs at once on one vault (a double start, or a second device): the run lock
 * makes one of them the writer of the note's folder. From the simulator's request
 * log: one create per shot, every video present, nothing left mid-submit, and the
 * second run says what it did (waited, then found the shots done; or left them).
 */
import { afterEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { useBuiltCli } from "./use-cli";
import { isVideo } from "../../src/core/download";
import { FsRunLocks } from "../../src/cli/lock";
import { FsVault } from "../../src/cli/fs-vault";
import { simBaseUrl } from "../../src/sim/index";
import { creates, duplicates, generate, journal, KEY, listAll, shot, startSim, tempVault, type Harness } from "./helpers";

const SCALE = 2000;
const built = useBuiltCli();
const IDS = Array.from({ length: 10 }, (_, i) => `s${String(i + 1).padStart(2, "0")}`);
const NOTE = "# Two runs\n\n" + IDS.map((id) => shot(id, `Two runs at once, shot ${id}`) + "\n").join("");

interface Out {
	code: number | null;
	events: Array<Record<string, unknown>>;
}

function runCli(vault: string, base: string, extra: string[] = []): Promise<Out> {
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[
				built.path,
				"generate",
				path.join(vault, "Ep.md"),
				"--vault",
				vault,
				"--base-url",
				base,
				"--time-scale",
				String(SCALE),
				"--json",
				"--concurrency",
				"4",
				...extra,
			],
			{
				env: { ...process.env, CINEFLOW_API_KEY: KEY, SORAHK_API_KEY: KEY, HTTP_PROXY: "", HTTPS_PROXY: "" },
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		let out = "";
		child.stdout.on("data", (c: Buffer) => (out += String(c)));
		child.stderr.resume();
		child.on("exit", (code) => {
			const events = out
				.split("\n")
				.filter((l) => l.startsWith("{"))
				.map((l) => JSON.parse(l) as Record<string, unknown>);
			resolve({ code, events });
		});
	});
}

const summaryOf = (o: Out) => o.events.filter((e) => e.type === "summary").at(-1) as Record<string, number> | undefined;
const warningsOf = (o: Out) => o.events.filter((e) => e.type === "warning").map((e) => String(e.message));

let h: Harness | undefined;
afterEach(async () => {
	await h?.close();
	h = undefined;
});

describe("two runs at once on one vault", () => {
	it("two CLI processes on one 10-shot note: 10 creates, 10 videos, nothing stuck, the second says it waited", async () => {
		h = await startSim({ jobDurationMs: { min: 60_000, max: 180_000 } }, SCALE);
		const vault = await tempVault({ "Ep.md": NOTE });
		const base = simBaseUrl(h.origin, "sorahk");
		const [a, b] = await Promise.all([runCli(vault, base), runCli(vault, base)]);
		expect([a.code, b.code]).toEqual([0, 0]);
		// What the provider saw.
		expect(creates(h)).toBe(10);
		expect(duplicates(h)).toBe(0);
		const files = await listAll(vault);
		const videos = files.filter((f) => f.endsWith(".mp4"));
		expect(videos).toEqual(IDS.map((id) => `_assets/Ep/${id}.mp4`));
		for (const v of videos) expect(isVideo(new Uint8Array(await fs.readFile(path.join(vault, v))))).toBe("mp4");
		const j = await journal(vault, "_assets/Ep");
		expect(Object.values(j.entries).map((e) => e.status)).toEqual(IDS.map(() => "done"));
		expect(files.filter((f) => f.endsWith(".lock") || f.endsWith(".tmp"))).toEqual([]);
		const note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
		for (const v of videos) expect(note.split(`![[${v}]]`)).toHaveLength(2);
		// Honest reports: one run did the work; the other waited for it, then found every shot done.
		const [worker, waiter] = warningsOf(a).some((w) => w.includes("waiting for it to finish")) ? [b, a] : [a, b];
		expect(summaryOf(worker)).toMatchObject({ submitted: 10, succeeded: 10, duplicates: 0 });
		expect(summaryOf(waiter)).toMatchObject({ submitted: 0, skipped: 10, duplicates: 0 });
		expect(warningsOf(waiter).join("\n")).toMatch(/_assets\/Ep: cineflow CLI \(pid \d+ on [^)]+\), run [^ ]+ is working on these shots; waiting/);
		expect(warningsOf(waiter).join("\n")).toMatch(/_assets\/Ep: waited \d+\.\d s for cineflow CLI/);
	});

	it("--no-wait leaves a note another live run holds to it, says so, and exits 1", async () => {
		h = await startSim({}, SCALE);
		const vault = await tempVault({ "Ep.md": NOTE });
		const held = await new FsRunLocks((p) => new FsVault(vault).abs(p)).acquire("_assets/Ep/.cineflow-run.lock", "run-elsewhere", { wait: false });
		if (!held.ok) throw new Error("could not hold the lock");
		try {
			const r = await generate(h, vault, "Ep.md", ["--no-wait", "--json"]);
			expect(r.code).toBe(1);
			expect(creates(h)).toBe(0);
			const lines = r.out
				.split("\n")
				.filter((l) => l.startsWith("{"))
				.map((l) => JSON.parse(l) as Record<string, unknown>);
			expect(lines.find((e) => e.type === "summary")).toMatchObject({ submitted: 0, busy: 10 });
			expect(
				lines.some(
					(e) =>
						e.type === "warning" && /run run-elsewhere is working on the shots of this note, so this run left them alone/.test(String(e.message)),
				),
			).toBe(true);
		} finally {
			await held.lock.release();
		}
	});

	it("a lock left by a run killed with SIGKILL is taken over at once, and the run says so", async () => {
		h = await startSim({}, SCALE);
		const vault = await tempVault({ "Ep.md": NOTE });
		const gone = await new Promise<number>((resolve) => {
			const c = spawn(process.execPath, ["-e", ""]);
			c.on("exit", () => resolve(c.pid ?? 0));
		});
		await fs.mkdir(path.join(vault, "_assets/Ep"), { recursive: true });
		const now = Date.now();
		await fs.writeFile(
			path.join(vault, "_assets/Ep/.cineflow-run.lock"),
			JSON.stringify({ version: 1, nonce: "x", runId: "run-killed", app: "cli", host: os.hostname(), pid: gone, acquiredAt: now, heartbeatAt: now }),
		);
		const r = await generate(h, vault, "Ep.md", ["--json"]);
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(10);
		expect(r.out).toMatch(/took over the run lock left by cineflow CLI \(pid \d+ on [^)]+\), run run-killed/);
		expect((await listAll(vault)).filter((f) => f.endsWith(".lock"))).toEqual([]);
	});
});
