/**
 * The crash-resume matrix: the real CLI process is killed with SIGKILL at many
 * points of a run, then run again until done. From the simulator's request log:
 * no shot is ever submitted twice, every shot ends with exactly one complete video
 * and one embed, and no partial file or broken journal is left behind.
 */
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { useBuiltCli } from "./use-cli";
import { isVideo } from "../../src/core/download";
import { JOURNAL_NAME } from "../../src/core/journal";
import { simBaseUrl } from "../../src/sim/index";
import { duplicates, KEY, listAll, shot, startSim, tempVault } from "./helpers";

const SCALE = 2000;
const built = useBuiltCli();

interface Run {
	code: number | null;
	killed: boolean;
	lines: number;
}

/** Runs the CLI; kills it with SIGKILL after `killAfterLines` JSON events or `killAfterMs`. */
function runCli(vault: string, base: string, opts: { killAfterLines?: number; killAfterMs?: number } = {}): Promise<Run> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [built.path, "generate", path.join(vault, "Ep.md"), "--vault", vault, "--base-url", base, "--time-scale", String(SCALE), "--json", "--concurrency", "3"], {
			env: { ...process.env, CINEFLOW_API_KEY: KEY, SORAHK_API_KEY: KEY },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let lines = 0;
		let killed = false;
		const kill = () => {
			if (!killed && child.exitCode === null) {
				killed = true;
				child.kill("SIGKILL");
			}
		};
		child.stdout.on("data", (chunk: Buffer) => {
			lines += String(chunk).split("\n").length - 1;
			if (opts.killAfterLines !== undefined && lines >= opts.killAfterLines) kill();
		});
		child.stderr.resume();
		const timer = opts.killAfterMs !== undefined ? setTimeout(kill, opts.killAfterMs) : null;
		child.on("exit", (code) => {
			if (timer) clearTimeout(timer);
			resolve({ code, killed, lines });
		});
	});
}

const NOTE = "# Crash test\n\n" + [1, 2, 3, 4, 5].map((i) => shot(`s0${i}`, `Crash matrix shot ${i}`) + "\nProse after shot " + i + ".\n").join("\n") + shot("s06", "Crash matrix shot with takes", "takes: 2\n");
const TAKES = new Map([["Crash matrix shot with takes", 2]]);

async function checkJournal(vault: string): Promise<void> {
	const p = path.join(vault, "_assets/Ep", JOURNAL_NAME);
	const text = await fs.readFile(p, "utf8").catch(() => null);
	if (text !== null) expect(() => JSON.parse(text)).not.toThrow();
}

const POINTS: Array<{ killAfterLines?: number; killAfterMs?: number }> = [
	{ killAfterLines: 1 },
	{ killAfterLines: 4 },
	{ killAfterLines: 8 },
	{ killAfterLines: 12 },
	{ killAfterLines: 16 },
	{ killAfterLines: 20 },
	{ killAfterLines: 26 },
	{ killAfterLines: 32 },
	{ killAfterLines: 40 },
	{ killAfterLines: 50 },
	{ killAfterLines: 60 },
	{ killAfterMs: 350 },
	{ killAfterMs: 500 },
];

describe("crash-resume matrix (real SIGKILL of the CLI)", () => {
	it.each(POINTS.map((p, i) => [i + 1, p] as const))("kill point %i: resume never pays twice and ends complete", async (_n, point) => {
		const h = await startSim({ jobDurationMs: { min: 60_000, max: 240_000 }, capacity: 3 }, SCALE);
		try {
			const vault = await tempVault({ "Ep.md": NOTE });
			const base = simBaseUrl(h.origin, "sorahk");
			const first = await runCli(vault, base, point);
			await checkJournal(vault);
			let last = first;
			for (let i = 0; i < 4 && last.code !== 0; i++) {
				last = await runCli(vault, base);
				await checkJournal(vault);
			}
			expect(last.code).toBe(0);
			expect(duplicates(h, TAKES)).toBe(0);
			const files = await listAll(vault);
			const videos = files.filter((f) => f.endsWith(".mp4"));
			expect(videos).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s02.mp4", "_assets/Ep/s03.mp4", "_assets/Ep/s04.mp4", "_assets/Ep/s05.mp4", "_assets/Ep/s06.mp4", "_assets/Ep/s06.take2.mp4"]);
			for (const v of videos) {
				const bytes = new Uint8Array(await fs.readFile(path.join(vault, v)));
				expect(isVideo(bytes)).toBe("mp4");
			}
			expect(files.filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"))).toEqual([]);
			const note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
			for (const v of videos) expect(note.split(`![[${v}]]`)).toHaveLength(2);
			expect(note.replace(/^!\[\[_assets\/Ep\/s0\d(\.take2)?\.mp4\]\]\n/gm, "")).toBe(NOTE);
		} finally {
			await h.close();
		}
	});
});
