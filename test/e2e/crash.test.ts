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
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import { simBaseUrl } from "../../src/sim/index";
import { duplicates, KEY, listAll, shot, startSim, tempVault, type Harness } from "./helpers";

const SCALE = 2000;
const built = useBuiltCli();

interface Run {
	code: number | null;
	killed: boolean;
	lines: number;
}

/** Runs the CLI; kills it with SIGKILL after `killAfterLines` JSON events or `killAfterMs`. */
function runCli(vault: string, base: string, opts: { killAfterLines?: number; killAfterMs?: number } = {}, note = "Ep.md"): Promise<Run> {
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[
				built.path,
				"generate",
				path.join(vault, note),
				"--vault",
				vault,
				"--base-url",
				base,
				"--time-scale",
				String(SCALE),
				"--json",
				"--concurrency",
				"3",
			],
			{
				env: { ...process.env, CINEFLOW_API_KEY: KEY, SORAHK_API_KEY: KEY },
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
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

const NOTE =
	"# Crash test\n\n" +
	[1, 2, 3, 4, 5].map((i) => shot(`s0${i}`, `Crash matrix shot ${i}`) + "\nProse after shot " + i + ".\n").join("\n") +
	shot("s06", "Crash matrix shot with takes", "takes: 2\n");
const TAKES = new Map([["Crash matrix shot with takes", 2]]);

async function checkJournal(vault: string): Promise<void> {
	const p = path.join(vault, "_assets/Ep", JOURNAL_NAME);
	const text = await fs.readFile(p, "utf8").catch(() => null);
	if (text !== null) expect(() => parseJournalText(text)).not.toThrow();
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
			await expectComplete(h, vault);
		} finally {
			await h.close();
		}
	});
});

/** From the simulator's log and the disk: no shot paid twice, one complete video and one embed per take, nothing left over. */
async function expectComplete(h: Harness, vault: string): Promise<void> {
	expect(duplicates(h, TAKES)).toBe(0);
	const files = await listAll(vault);
	const videos = files.filter((f) => f.endsWith(".mp4"));
	expect(videos).toEqual([
		"_assets/Ep/s01.mp4",
		"_assets/Ep/s02.mp4",
		"_assets/Ep/s03.mp4",
		"_assets/Ep/s04.mp4",
		"_assets/Ep/s05.mp4",
		"_assets/Ep/s06.mp4",
		"_assets/Ep/s06.take2.mp4",
	]);
	for (const v of videos) {
		const bytes = new Uint8Array(await fs.readFile(path.join(vault, v)));
		expect(isVideo(bytes)).toBe("mp4");
	}
	expect(files.filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"))).toEqual([]);
	const note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
	for (const v of videos) expect(note.split(`![[${v}]]`)).toHaveLength(2);
	expect(note.replace(/^!\[\[_assets\/Ep\/s0\d(\.take2)?\.mp4\]\]\n/gm, "")).toBe(NOTE);
}

/** Reruns until a run exits 0 (at most 4 times), checking the journal after each. */
async function rerunUntilDone(vault: string, base: string): Promise<Run> {
	let last: Run = { code: null, killed: false, lines: 0 };
	for (let i = 0; i < 4 && last.code !== 0; i++) {
		last = await runCli(vault, base);
		await checkJournal(vault);
	}
	return last;
}

describe("crash matrix: two processes at once, and a lost journal", () => {
	// Two CLIs started together on one note; one is killed with SIGKILL mid-run. The other
	// waits for its lock, takes it over the moment the killed process is gone, and finishes.
	it.each([{ killAfterLines: 10 }, { killAfterMs: 400 }].map((p, i) => [i + 1, p] as const))(
		"two-process %i: one killed, the other takes over; nothing paid twice",
		async (_n, point) => {
			const h = await startSim({ jobDurationMs: { min: 60_000, max: 240_000 }, capacity: 3 }, SCALE);
			try {
				const vault = await tempVault({ "Ep.md": NOTE });
				const base = simBaseUrl(h.origin, "sorahk");
				const [killed] = await Promise.all([runCli(vault, base, point), runCli(vault, base)]);
				expect(killed.killed || killed.code === 0).toBe(true);
				await checkJournal(vault);
				// Then run again, as after any crash, until a run ends clean.
				expect((await rerunUntilDone(vault, base)).code).toBe(0);
				await expectComplete(h, vault);
			} finally {
				await h.close();
			}
		},
	);

	// Killed mid-run, then the journal is deleted (a sync conflict, a user): the rerun rebuilds
	// it from the run log and the provider's task list instead of paying again.
	it.each([{ killAfterLines: 20 }, { killAfterLines: 40 }].map((p, i) => [i + 1, p] as const))(
		"lost-journal %i: killed, journal deleted, rerun pays nothing twice",
		async (_n, point) => {
			const h = await startSim({ jobDurationMs: { min: 60_000, max: 240_000 }, capacity: 3 }, SCALE);
			try {
				const vault = await tempVault({ "Ep.md": NOTE });
				const base = simBaseUrl(h.origin, "sorahk");
				await runCli(vault, base, point);
				await fs.rm(path.join(vault, "_assets/Ep", JOURNAL_NAME), { force: true });
				expect((await rerunUntilDone(vault, base)).code).toBe(0);
				await expectComplete(h, vault);
			} finally {
				await h.close();
			}
		},
	);
});

describe("crash matrix: a note renamed, and a shot without id: inserted, after a kill (issue 14.2, 14.4)", () => {
	// Killed mid-run, then the note is renamed outside Obsidian: the rerun adopts the old
	// output folder (journal, videos, run log) and finishes under the new name.
	it.each([{ killAfterLines: 12 }, { killAfterMs: 450 }].map((p, i) => [i + 1, p] as const))(
		"rename %i: killed, note renamed, rerun pays nothing twice",
		async (_n, point) => {
			const h = await startSim({ jobDurationMs: { min: 60_000, max: 240_000 }, capacity: 3 }, SCALE);
			try {
				const vault = await tempVault({ "Ep.md": NOTE });
				const base = simBaseUrl(h.origin, "sorahk");
				expect((await runCli(vault, base, point)).killed).toBe(true);
				await fs.rename(path.join(vault, "Ep.md"), path.join(vault, "Ep renamed.md"));
				let last: Run = { code: null, killed: false, lines: 0 };
				for (let i = 0; i < 4 && last.code !== 0; i++) last = await runCli(vault, base, {}, "Ep renamed.md");
				expect(last.code).toBe(0);
				expect(duplicates(h, TAKES)).toBe(0);
				const files = await listAll(vault);
				const videos = files.filter((f) => f.endsWith(".mp4"));
				expect(videos).toEqual(["s01", "s02", "s03", "s04", "s05", "s06", "s06.take2"].map((v) => `_assets/Ep renamed/${v}.mp4`));
				for (const v of videos) expect(isVideo(new Uint8Array(await fs.readFile(path.join(vault, v))))).toBe("mp4");
				expect(files.filter((f) => f.startsWith("_assets/Ep/") || f.endsWith(".tmp") || f.endsWith(".lock"))).toEqual([]);
				const note = await fs.readFile(path.join(vault, "Ep renamed.md"), "utf8");
				for (const v of videos) expect(note.split(`![[${v}]]`)).toHaveLength(2);
				expect(note.replace(/^!\[\[_assets\/Ep renamed\/s0\d(\.take2)?\.mp4\]\]\n/gm, "")).toBe(NOTE);
			} finally {
				await h.close();
			}
		},
	);

	// Shots without `id:`: killed mid-run, then a new one is inserted at the top. Every
	// prompt is created once, each old shot keeps its own video, the new one gets a fresh name.
	const IDLESS = "# Crash test\n\n" + [1, 2, 3, 4, 5].map((i) => '```shot\nprompt: "Crash idless shot ' + i + '"\n```\n\nProse ' + i + ".\n").join("\n");
	it.each([{ killAfterLines: 10 }, { killAfterMs: 450 }].map((p, i) => [i + 1, p] as const))(
		"id-less insert %i: killed, shot inserted above, rerun pays only the new shot",
		async (_n, point) => {
			const h = await startSim({ jobDurationMs: { min: 60_000, max: 240_000 }, capacity: 3 }, SCALE);
			try {
				const vault = await tempVault({ "Ep.md": IDLESS });
				const base = simBaseUrl(h.origin, "sorahk");
				expect((await runCli(vault, base, point)).killed).toBe(true);
				const text = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
				await fs.writeFile(
					path.join(vault, "Ep.md"),
					text.replace("# Crash test\n\n", '# Crash test\n\n```shot\nprompt: "Crash idless inserted"\n```\n\n'),
				);
				expect((await rerunUntilDone(vault, base)).code).toBe(0);
				expect(duplicates(h)).toBe(0);
				expect(h.sim.createsByPrompt().get("Crash idless inserted")).toBe(1);
				const files = await listAll(vault);
				const videos = files.filter((f) => f.endsWith(".mp4"));
				expect(videos).toHaveLength(6);
				expect(videos.some((v) => v.includes(".take"))).toBe(false);
				expect(files.filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"))).toEqual([]);
				// Each fence has exactly one embed, of a video of its own prompt.
				const note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
				const byVideo = new Map<string, string>();
				for (const part of note.split(/^```shot\n/m).slice(1)) {
					const prompt = /^prompt: "(.*)"$/m.exec(part)?.[1] ?? "";
					const embeds = [...part.matchAll(/^!\[\[(_assets\/Ep\/[^\]]+)\]\]$/gm)].map((m) => m[1] as string);
					expect(embeds, prompt).toHaveLength(1);
					byVideo.set(embeds[0] as string, prompt);
				}
				expect(byVideo.size).toBe(6);
				// And the journal ties each video to a task made from that very prompt.
				const journal = parseJournalText(await fs.readFile(path.join(vault, "_assets/Ep", JOURNAL_NAME), "utf8")) as {
					entries: Record<string, { outputPath: string; remoteId?: string }>;
				};
				const madeFrom = new Map(h.sim.tasks().map((t) => [t.id, t.prompt] as const));
				for (const e of Object.values(journal.entries)) {
					expect(e.remoteId && madeFrom.get(e.remoteId), e.outputPath).toBe(byVideo.get(e.outputPath));
				}
			} finally {
				await h.close();
			}
		},
	);
});
