/**
 * The chaos soak: many shots across many notes, through the real CLI process
 * against the simulator over loopback HTTP, with every fault class mixed in, a
 * concurrent editor changing the notes, SIGKILLs at random points, two runs at
 * once, lost journals, notes renamed and shots without `id:` inserted between
 * runs, and a disk that fills up mid-run — then rerun until done. Everything
 * asserted is measured from the simulator's log and the files on disk (score.ts).
 * Used by `npm run soak` (full size) and by the test suite (short version).
 */
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import { seededRandom } from "../../src/core/scheduler/random";
import { createSimulator, simBaseUrl, type Scenario } from "../../src/sim/index";
import { ScaledClock } from "../../src/clocks/scaled";
import { listAll } from "../e2e/helpers";
import { diskFull } from "./disk-full";
import { SoakEditor } from "./editor";
import { scoreSoak, type Score } from "./score";
import { buildVault, insertAbove, KEY, MARKER, renamedPath, shotBlock, STALE, type Planned } from "./vault";

export interface SoakOptions {
	cli: string;
	notes: number;
	shots: number;
	kills: number;
	seed: number;
	scale?: number;
	/** Policy-failing shots (their prompt holds the simulator's marker). */
	policyShots?: number;
	/** Shots whose signed link is already expired when handed out. */
	expiredShots?: number;
	/** Every this many kill rounds, two CLI processes run at once (a double start); 0 = never. Default 3. */
	twoProcessEvery?: number;
	/** Every this many kill rounds, one note's journal is deleted after the kill; 0 = never. Default 5. */
	loseJournalEvery?: number;
	/** Signed links handed out already expired on the server's clock (a fresh one must be asked for). */
	staleLinks?: number;
	/** Downloads that stall without headers (the no-progress limit must end them). */
	stalls?: number;
	/** Every this many kill rounds, one note is renamed afterwards (same folder); 0 = never. Default 4. */
	renameEvery?: number;
	/** Every this many kill rounds, a shot without `id:` is inserted above a note's shots afterwards; 0 = never. Default 3. */
	insertEvery?: number;
	/** Every this many kill rounds, the disk fills up at a random moment of the round; 0 = never. Default 4. */
	diskFullEvery?: number;
	log?: (line: string) => void;
}

export interface SoakReport extends Score {
	shots: number;
	takes: number;
	notes: number;
	kills: number;
	runs: number;
	writerEdits: number;
	policyShots: number;
	expiredShots: number;
	/** Shots without `id:` (some there from the start, some inserted above the others between runs). */
	idlessShots: number;
	idlessInserted: number;
	brokenJournals: number;
	/** Kill rounds in which two CLI processes ran at once on the vault. */
	concurrentRounds: number;
	/** Journals deleted between runs (the rerun must rebuild them, not pay again). */
	journalsDeleted: number;
	/** Notes renamed between runs (the rerun must adopt their output folder, not pay again). */
	notesRenamed: number;
	/** Rounds in which the disk filled up mid-run (writes fail with ENOSPC after a short write). */
	diskFullRounds: number;
	seconds: number;
	seed: number;
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
	const started = Date.now();
	const log = opts.log ?? (() => {});
	const rnd = seededRandom(opts.seed);
	const scale = opts.scale ?? 3000;
	// The vault and, beside it, a folder outside the vault that one note's `_assets` links to.
	const parent = await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-soak-"));
	const vault = path.join(parent, "vault");
	const outside = path.join(parent, "outside");
	await fs.mkdir(outside, { recursive: true });
	await fs.mkdir(path.join(vault, ".obsidian/plugins/cineflow"), { recursive: true });
	// The vault's plugin settings chose Sora.hk's wire format (the simulator's seed provider).
	await fs.writeFile(path.join(vault, ".obsidian/plugins/cineflow/data.json"), JSON.stringify({ version: 2, provider: "sorahk" }));
	const { files, planned } = buildVault(opts, rnd);
	for (const [rel, text] of Object.entries(files)) {
		await fs.mkdir(path.dirname(path.join(vault, rel)), { recursive: true });
		await fs.writeFile(path.join(vault, rel), text);
	}
	// Nothing may be written through it, and its shots are never paid for.
	await fs.mkdir(path.join(vault, "Linked"), { recursive: true });
	await fs.writeFile(
		path.join(vault, "Linked/Elsewhere.md"),
		'# Linked\n\n```shot\nid: x1\nprompt: "A shot whose output folder leads outside the vault"\n```\n',
	);
	await fs.symlink(outside, path.join(vault, "Linked/_assets"), "dir");
	const clock = new ScaledClock(scale);
	const scenario: Partial<Scenario> = {
		capacity: 12,
		jobDurationMs: { min: 60_000, max: 300_000 },
		progressCurve: "pow1.5",
		// 429 storms with Retry-After from the token bucket; random 429s carry none.
		rpm: { limit: 60, burst: 8, retryAfter: true },
		random429: 0.02,
		random5xx: 0.01,
		// A one-minute 503 outage every half hour of provider time.
		outages: Array.from({ length: 48 }, (_, i) => ({ from: 900_000 + i * 1_800_000, to: 960_000 + i * 1_800_000, status: 503 })),
		slowDownloadBytesPerSec: 60_000,
		dropConnections: 0.005,
		truncateDownloads: 0.05,
		htmlErrorOnDownload: 0.01,
		post502AfterCreate: 0.03,
		// A week of provider time (about 200 s of wall time at the default scale), so only marked links expire.
		// Downloads are throttled in wall time (below), so at 3000× one 68 KB video takes about an hour of
		// provider time: with a one-day TTL, a loaded machine let finished videos expire before their turn.
		urlTtlMs: 7 * 24 * 3600_000,
		expiredMarker: STALE,
		// One stale link per task at most: three in a row for one task would rightly end it as expired.
		staleLinks: { count: opts.staleLinks ?? Math.max(2, Math.round(opts.shots / 50)), perTask: 1 },
		stallDownloads: { count: opts.stalls ?? 2, mode: "headers" },
		policyMarker: MARKER,
		requestIds: true,
	};
	const sim = createSimulator({ clock, seed: opts.seed, apiKey: KEY, scenario });
	const srv = await sim.listen(0);
	const base = simBaseUrl(srv.origin, "sorahk");
	const disk = await diskFull(vault);

	// The concurrent user: types into the notes all the time; inserts shots and renames notes between runs.
	const editor = new SoakEditor(vault, Object.keys(files));
	editor.start();

	const outputs: string[] = [];
	let brokenJournals = 0;
	const checkJournals = async () => {
		for (const f of await listAll(vault)) {
			if (!f.endsWith(JOURNAL_NAME)) continue;
			try {
				parseJournalText(await fs.readFile(path.join(vault, f), "utf8"));
			} catch {
				brokenJournals++;
			}
		}
	};
	const run = (killAfterMs?: number, onStart?: () => void) =>
		new Promise<{ code: number | null; killed: boolean }>((resolve) => {
			const child = spawn(
				process.execPath,
				[...disk.nodeArgs, opts.cli, "generate", vault, "--vault", vault, "--base-url", base, "--time-scale", String(scale), "--json"],
				{
					env: { ...process.env, ...disk.env, SORAHK_API_KEY: KEY, HTTP_PROXY: "", HTTPS_PROXY: "" },
					stdio: ["ignore", "pipe", "pipe"],
				},
			);
			let out = "";
			let killed = false;
			let t: ReturnType<typeof setTimeout> | null = null;
			const arm = (ms: number) => {
				if (killAfterMs === undefined || t) return;
				t = setTimeout(() => {
					killed = true;
					child.kill("SIGKILL");
				}, ms);
			};
			// The kill moment counts from the run's first event (it has scanned and planned), so a slow or
			// busy machine still kills runs mid-work rather than while they start; 20 s at most in any case.
			const fallback = setTimeout(() => arm(0), 20_000);
			child.stdout.on("data", (c: Buffer) => {
				out += String(c);
				if (killAfterMs !== undefined && out.includes('"type":"run-start"')) {
					if (!t) onStart?.();
					arm(killAfterMs);
				}
			});
			child.stderr.on("data", (c: Buffer) => (out += String(c)));
			child.on("exit", (code) => {
				clearTimeout(fallback);
				if (t) clearTimeout(t);
				outputs.push(out);
				resolve({ code, killed });
			});
		});

	let runs = 0;
	let kills = 0;
	let concurrentRounds = 0;
	let journalsDeleted = 0;
	let notesRenamed = 0;
	let idlessInserted = 0;
	let diskFullRounds = 0;
	const every = (n: number | undefined, dflt: number, k: number) => {
		const e = n ?? dflt;
		return e > 0 && k % e === e - 1;
	};
	for (let k = 0; k < opts.kills; k++) {
		// A double start: a second CLI on the same vault at the same time, killed at its own moment.
		const two = every(opts.twoProcessEvery, 3, k);
		// A disk that fills up at a random moment of the run, before its kill (and is freed before the next round).
		const full = every(opts.diskFullEvery, 4, k);
		const killAt = 100 + Math.floor(rnd() * 1400);
		const fillAt = Math.floor(killAt * (0.1 + 0.8 * rnd()));
		let filling: Promise<void> = Promise.resolve();
		const onStart = full ? () => void (filling = new Promise((r) => setTimeout(r, fillAt)).then(() => disk.fill())) : undefined;
		const rs = await Promise.all([run(killAt, onStart), ...(two ? [run(100 + Math.floor(rnd() * 1400))] : [])]);
		await filling;
		await disk.free();
		if (two) concurrentRounds++;
		if (full) diskFullRounds++;
		for (const r of rs) {
			runs++;
			if (r.killed) kills++;
			log(`run ${runs}: ${r.killed ? "killed" : `exit ${r.code}`}${two ? " (two at once)" : ""}${full ? " (disk filled up)" : ""}`);
		}
		await checkJournals();
		// A lost journal (deleted by the user, a sync conflict): the next run must not pay again.
		if (every(opts.loseJournalEvery, 5, k)) {
			const present = (await listAll(vault)).filter((f) => f.endsWith(`/${JOURNAL_NAME}`));
			const victim = present[Math.floor(rnd() * present.length)];
			if (victim) {
				await fs.rm(path.join(vault, victim));
				journalsDeleted++;
				log(`deleted ${victim}`);
			}
		}
		// A shot without `id:` inserted above a note's shots: nothing below it may be paid again or lose its video.
		if (every(opts.insertEvery, 3, k)) {
			const n = Math.floor(rnd() * editor.notes.length);
			const note = editor.notes[n] as string;
			const p: Planned = {
				note,
				prompt: `[Alice] scene inserted ${k + 1} in ${n + 1}, fog ${Math.floor(rnd() * 1e6)}`,
				takes: 1,
				policy: false,
				expired: false,
			};
			planned.push(p);
			await editor.edit(n, (t) => insertAbove(t, shotBlock(p) + "\nProse after an inserted shot.\n"));
			idlessInserted++;
			log(`inserted a shot without id: above the shots of ${note}`);
		}
		// A note renamed outside Obsidian: the rerun adopts its output folder and pays nothing twice.
		if (every(opts.renameEvery, 4, k)) {
			const n = Math.floor(rnd() * editor.notes.length);
			const from = editor.notes[n] as string;
			const to = renamedPath(from, k + 1);
			await editor.rename(n, to);
			for (const p of planned) if (p.note === from) p.note = to;
			notesRenamed++;
			log(`renamed ${from} → ${to}`);
		}
	}
	for (let i = 0; i < 5; i++) {
		const r = await run();
		runs++;
		await checkJournals();
		log(`run ${runs}: exit ${r.code}`);
		if (r.code === 0 || r.code === 1 || r.code === 2) {
			// 1 is expected: the policy-marked shots fail by design; 2: the linked note's shot is not run
			// (its output folder leads outside the vault). Stop once nothing is left to do.
			const last = outputs
				.at(-1)
				?.trim()
				.split("\n")
				.filter((l) => l.startsWith("{"))
				.at(-1);
			const summary = last ? (JSON.parse(last) as { submitted: number; resumed: number }) : null;
			if (summary && summary.submitted === 0 && summary.resumed === 0) break;
		}
	}
	await editor.stop();
	await srv.close();
	await disk.dispose();

	const score = await scoreSoak({ vault, parent, planned, notes: editor.notes, written: editor.written, sim, outputs });
	const report: SoakReport = {
		...score,
		shots: planned.length,
		takes: planned.reduce((s, p) => s + p.takes, 0),
		notes: editor.notes.length,
		kills,
		runs,
		writerEdits: editor.written.length,
		policyShots: planned.filter((p) => p.policy).length,
		expiredShots: planned.filter((p) => p.expired).length,
		idlessShots: planned.filter((p) => !p.id).length,
		idlessInserted,
		brokenJournals,
		concurrentRounds,
		journalsDeleted,
		notesRenamed,
		diskFullRounds,
		seconds: (Date.now() - started) / 1000,
		seed: opts.seed,
	};
	if (process.env.CINEFLOW_SOAK_KEEP) log(`kept ${parent}\n${outputs.at(-1) ?? ""}`);
	else await fs.rm(parent, { recursive: true, force: true });
	return report;
}
