/**
 * The chaos soak: many shots across many notes, through the real CLI process
 * against the simulator over loopback HTTP, with every fault class mixed in, a
 * concurrent editor changing the notes, and SIGKILLs at random points — then
 * rerun until done. Everything asserted is measured from the simulator's log and
 * the files on disk. Used by `npm run soak` (full size) and by the test suite
 * (short version).
 */
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isVideo } from "../../src/core/download";
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import { scanTree } from "../security/leak-scan";
import { listAll } from "../e2e/helpers";
import { FsVault } from "../../src/cli/fs-vault";
import { createSimulator, simBaseUrl, type Scenario } from "../../src/sim/index";
import { ScaledClock } from "../../src/sim/scaled-clock";
import { seededRandom } from "../../src/core/scheduler/random";

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
	log?: (line: string) => void;
}

export interface SoakReport {
	shots: number;
	takes: number;
	notes: number;
	kills: number;
	runs: number;
	faults: Record<string, number>;
	requests: number;
	duplicates: number;
	missingVideos: string[];
	corruptVideos: string[];
	embedProblems: string[];
	lostWriterBytes: number;
	writerEdits: number;
	leftoverTmp: string[];
	policyProblems: string[];
	expiredProblems: string[];
	policyShots: number;
	expiredShots: number;
	brokenJournals: number;
	/** Kill rounds in which two CLI processes ran at once on the vault. */
	concurrentRounds: number;
	/** Journals deleted between runs (the rerun must rebuild them, not pay again). */
	journalsDeleted: number;
	/** Tasks the provider finished (paid, per its log) for shots that should have a video, without one on disk. */
	paidNotDownloaded: string[];
	/** Files written outside the vault (a note's `_assets` is a symlink to a folder outside it). */
	writesOutside: string[];
	leaks: { key: number; bearer: number; signature: number; files: string[]; scannedFiles: number; scannedBytes: number };
	unresolved: string[];
	seconds: number;
	seed: number;
}

const KEY = "sk-SOAKPLANTED-7f3a9c1e5b2d4f60";
const MARKER = "FORBIDDEN";
const STALE = "STALELINK";

interface Planned {
	note: string;
	id: string;
	prompt: string;
	takes: number;
	policy: boolean;
	expired: boolean;
}

function buildVault(opts: SoakOptions, rnd: () => number): { files: Record<string, string>; planned: Planned[] } {
	const files: Record<string, string> = {};
	const planned: Planned[] = [];
	let made = 0;
	let policyLeft = opts.policyShots ?? Math.max(1, Math.round(opts.shots / 50));
	let expiredLeft = opts.expiredShots ?? Math.max(1, Math.round(opts.shots / 100));
	for (let n = 0; n < opts.notes && made < opts.shots; n++) {
		const folder = n % 3 === 0 ? "Season 1" : n % 3 === 1 ? "Season 2/Part B" : "Extras";
		const name = `${folder}/Episode ${String(n + 1).padStart(2, "0")}.md`;
		let text = `---\ncineflow:\n  duration: 10\n  characters:\n    Alice: "@alice.cameo"\n---\n# Episode ${n + 1}\n\nIntro paragraph.\n\n`;
		const per = Math.floor(opts.shots / opts.notes) + (n < opts.shots % opts.notes ? 1 : 0);
		for (let i = 0; i < per && made < opts.shots; i++, made++) {
			const id = `e${n + 1}s${i + 1}`;
			const policy = policyLeft > 0 && rnd() < 0.1;
			if (policy) policyLeft--;
			const expired = !policy && expiredLeft > 0 && rnd() < 0.1;
			if (expired) expiredLeft--;
			const takes = rnd() < 0.08 ? 2 : 1;
			const prompt = `[Alice] scene ${n + 1}.${i + 1}${policy ? ` ${MARKER} content` : ""}${expired ? ` ${STALE} take` : ""}, rain ${Math.floor(rnd() * 1e6)}`;
			planned.push({ note: name, id, prompt, takes, policy, expired });
			text += "```shot\nid: " + id + "\nprompt: " + JSON.stringify(prompt) + "\n" + (takes > 1 ? "takes: 2\n" : "") + "```\n\nProse after " + id + ".\n\n";
		}
		files[name] = text;
	}
	return { files, planned };
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
	await fs.writeFile(path.join(vault, "Linked/Elsewhere.md"), "# Linked\n\n```shot\nid: x1\nprompt: \"A shot whose output folder leads outside the vault\"\n```\n");
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
		// A day of provider time (about 30 s of wall time at the default scale), so only marked links expire.
		urlTtlMs: 24 * 3600_000,
		expiredMarker: STALE,
		staleLinks: { count: opts.staleLinks ?? Math.max(2, Math.round(opts.shots / 50)) },
		stallDownloads: { count: opts.stalls ?? 2, mode: "headers" },
		policyMarker: MARKER,
		requestIds: true,
	};
	const sim = createSimulator({ clock, seed: opts.seed, apiKey: KEY, scenario });
	const srv = await sim.listen(0);
	const base = simBaseUrl(srv.origin, "sorahk");

	// The concurrent editor: appends and edits text around shot blocks, like a user typing.
	const fsv = new FsVault(vault);
	const written: Array<{ note: string; text: string }> = [];
	let editing = true;
	const noteNames = Object.keys(files);
	const editor = (async () => {
		let i = 0;
		while (editing) {
			const note = noteNames[i % noteNames.length] as string;
			const mark = `〔edit ${i} ✎ by the user〕`;
			written.push({ note, text: mark });
			await fsv.process(note, (t) => {
				if (i % 3 === 0) return t + `\n${mark}\n`;
				if (i % 3 === 1) return t.replace("Intro paragraph.", `Intro paragraph. ${mark}`);
				const at = t.indexOf("\nProse after ");
				return at < 0 ? t + mark : t.slice(0, at + 1) + mark + " " + t.slice(at + 1);
			});
			i++;
			await new Promise((r) => setTimeout(r, 15));
		}
	})();

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
	const run = (killAfterMs?: number) =>
		new Promise<{ code: number | null; killed: boolean }>((resolve) => {
			const child = spawn(process.execPath, [opts.cli, "generate", vault, "--vault", vault, "--base-url", base, "--time-scale", String(scale), "--json"], {
				env: { ...process.env, SORAHK_API_KEY: KEY, HTTP_PROXY: "", HTTPS_PROXY: "" },
				stdio: ["ignore", "pipe", "pipe"],
			});
			let out = "";
			child.stdout.on("data", (c: Buffer) => (out += String(c)));
			child.stderr.on("data", (c: Buffer) => (out += String(c)));
			let killed = false;
			const t = killAfterMs === undefined ? null : setTimeout(() => {
				killed = true;
				child.kill("SIGKILL");
			}, killAfterMs);
			child.on("exit", (code) => {
				if (t) clearTimeout(t);
				outputs.push(out);
				resolve({ code, killed });
			});
		});

	let runs = 0;
	let kills = 0;
	let concurrentRounds = 0;
	let journalsDeleted = 0;
	const twoEvery = opts.twoProcessEvery ?? 3;
	const loseEvery = opts.loseJournalEvery ?? 5;
	for (let k = 0; k < opts.kills; k++) {
		// A double start: a second CLI on the same vault at the same time, killed at its own moment.
		const two = twoEvery > 0 && k % twoEvery === twoEvery - 1;
		const rs = await Promise.all([run(100 + Math.floor(rnd() * 1400)), ...(two ? [run(100 + Math.floor(rnd() * 1400))] : [])]);
		if (two) concurrentRounds++;
		for (const r of rs) {
			runs++;
			if (r.killed) kills++;
			log(`run ${runs}: ${r.killed ? "killed" : `exit ${r.code}`}${two ? " (two at once)" : ""}`);
		}
		await checkJournals();
		// A lost journal (deleted by the user, a sync conflict): the next run must not pay again.
		if (loseEvery > 0 && k % loseEvery === loseEvery - 1) {
			const present = (await listAll(vault)).filter((f) => f.endsWith(`/${JOURNAL_NAME}`));
			const victim = present[Math.floor(rnd() * present.length)];
			if (victim) {
				await fs.rm(path.join(vault, victim));
				journalsDeleted++;
				log(`deleted ${victim}`);
			}
		}
	}
	for (let i = 0; i < 4; i++) {
		const r = await run();
		runs++;
		await checkJournals();
		log(`run ${runs}: exit ${r.code}`);
		if (r.code === 0 || r.code === 1 || r.code === 2) {
			// 1 is expected: the policy-marked shots fail by design; 2: the linked note's shot is not run
			// (its output folder leads outside the vault). Stop once nothing is left to do.
			const last = outputs.at(-1)?.trim().split("\n").filter((l) => l.startsWith("{")).at(-1);
			const summary = last ? (JSON.parse(last) as { submitted: number; resumed: number }) : null;
			if (summary && summary.submitted === 0 && summary.resumed === 0) break;
		}
	}
	editing = false;
	await editor;
	await srv.close();

	// ---- Score ------------------------------------------------------------
	// Created prompts carry the injected character id; match each to its shot by its unique tail.
	const tail = (prompt: string) => prompt.slice(prompt.indexOf("scene "));
	const byTail = new Map(planned.map((p) => [tail(p.prompt), p]));
	const createsOf = new Map<Planned, number>();
	const createdPrompts = sim.createsByPrompt();
	let strangers = 0;
	for (const [prompt, n] of createdPrompts) {
		const p = byTail.get(tail(prompt));
		if (!p) strangers += n;
		else createsOf.set(p, (createsOf.get(p) ?? 0) + n);
	}
	let duplicates = strangers;
	for (const [p, n] of createsOf) duplicates += Math.max(0, n - p.takes);
	const all = await listAll(vault);
	const missingVideos: string[] = [];
	const corruptVideos: string[] = [];
	const embedProblems: string[] = [];
	const policyProblems: string[] = [];
	const expiredProblems: string[] = [];
	const unresolved: string[] = [];
	const noteText = new Map<string, string>();
	for (const n of noteNames) noteText.set(n, await fs.readFile(path.join(vault, n), "utf8"));
	const journals = new Map<string, { entries: Record<string, { status: string; error?: string }> }>();
	for (const p of planned) {
		const folder = path.posix.join(path.posix.dirname(p.note), "_assets", path.posix.basename(p.note, ".md"));
		if (!journals.has(folder)) {
			const text = await fs.readFile(path.join(vault, folder, JOURNAL_NAME), "utf8").catch(() => "{\"entries\":{}}");
			journals.set(folder, parseJournalText(text) as { entries: Record<string, { status: string; error?: string }> });
		}
		const j = journals.get(folder) as { entries: Record<string, { status: string; error?: string }> };
		const text = noteText.get(p.note) ?? "";
		for (let take = 1; take <= p.takes; take++) {
			const file = `${folder}/${p.id}${take > 1 ? `.take${take}` : ""}.mp4`;
			const entry = j.entries[`${p.id}#${take}`];
			if (p.policy) {
				if (all.includes(file)) policyProblems.push(`${file} exists for a policy-failed shot`);
				if (entry?.status !== "failed" || !/polic|违反|moderat|safety|content/i.test(entry.error ?? "")) policyProblems.push(`${p.note} ${p.id}: journal ${entry?.status ?? "missing"} ${entry?.error ?? ""}`);
				continue;
			}
			if (p.expired) {
				if (all.includes(file)) expiredProblems.push(`${file} exists for an expired link`);
				if (entry?.status !== "expired") expiredProblems.push(`${p.note} ${p.id}: journal ${entry?.status ?? "missing"} ${entry?.error ?? ""}`);
				continue;
			}
			if (!all.includes(file)) {
				missingVideos.push(file);
				if (entry && entry.status !== "done") unresolved.push(`${file}: ${entry.status} ${entry.error ?? ""}`);
				continue;
			}
			const bytes = new Uint8Array(await fs.readFile(path.join(vault, file)));
			if (isVideo(bytes) !== "mp4") corruptVideos.push(file);
			const link = `![[_assets/${path.posix.basename(p.note, ".md")}/${p.id}${take > 1 ? `.take${take}` : ""}.mp4]]`;
			const count = text.split(link).length - 1;
			if (count !== 1) embedProblems.push(`${p.note}: ${link} appears ${count} times`);
		}
	}
	for (const p of planned.filter((x) => x.policy || x.expired)) {
		const n = createsOf.get(p) ?? 0;
		if (n !== p.takes) (p.policy ? policyProblems : expiredProblems).push(`${p.id}: submitted ${n} times for ${p.takes} take(s)`);
	}
	let lost = 0;
	for (const w of written) {
		if (!(noteText.get(w.note) ?? "").includes(w.text)) lost += w.text.length;
	}
	const leftoverTmp = all.filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"));

	// Paid videos left undownloaded: tasks the provider finished (its own record) for shots that should have a video.
	const paidNotDownloaded: string[] = [];
	const finished = new Map<Planned, number>();
	for (const p of sim.tasks().map((t) => (t.status === "succeeded" ? byTail.get(tail(t.prompt)) : undefined))) if (p) finished.set(p, (finished.get(p) ?? 0) + 1);
	for (const [p, n] of finished) {
		if (p.policy || p.expired) continue;
		const folder = path.posix.join(path.posix.dirname(p.note), "_assets", path.posix.basename(p.note, ".md"));
		let present = 0;
		for (let take = 1; take <= p.takes; take++) if (all.includes(`${folder}/${p.id}${take > 1 ? `.take${take}` : ""}.mp4`)) present++;
		if (present < Math.min(n, p.takes)) paidNotDownloaded.push(`${p.note} ${p.id}: ${n} finished task(s), ${present} video(s) on disk`);
	}
	// Writes outside the vault: anything beside it (the linked note's `_assets` points there).
	const writesOutside = (await listAll(parent)).filter((f) => !f.startsWith("vault/"));
	if ([...createdPrompts.keys()].some((pr) => pr.includes("leads outside the vault"))) writesOutside.push("a task was created for the note whose output folder leads outside the vault");

	// Secret-leak audit (the same scanner as test/security): every CLI output and every file left in the vault.
	const audit = await scanTree(KEY, vault, Object.fromEntries(outputs.map((o, i) => [`cli run ${i + 1} output`, o])));
	const leaks = {
		key: audit.leaks.filter((l) => l.what.startsWith("key")).length,
		bearer: audit.leaks.filter((l) => l.what === "Bearer header").length,
		signature: audit.leaks.filter((l) => l.what === "URL signature").length,
		files: [...new Set(audit.leaks.map((l) => l.where))],
		scannedFiles: audit.files,
		scannedBytes: audit.bytes,
	};

	const faults: Record<string, number> = {};
	for (const e of sim.log) {
		const f = (e as { fault?: string }).fault;
		if (f) faults[f] = (faults[f] ?? 0) + 1;
		// Every video body is throttled (slowDownloadBytesPerSec): count the slow downloads served.
		else if (e.route === "download" && e.status === 200) faults.slow = (faults.slow ?? 0) + 1;
	}
	const report: SoakReport = {
		shots: planned.length,
		takes: planned.reduce((s, p) => s + p.takes, 0),
		notes: noteNames.length,
		kills,
		runs,
		faults,
		requests: sim.log.length,
		duplicates,
		missingVideos,
		corruptVideos,
		embedProblems,
		lostWriterBytes: lost,
		writerEdits: written.length,
		leftoverTmp,
		policyProblems,
		expiredProblems,
		policyShots: planned.filter((p) => p.policy).length,
		expiredShots: planned.filter((p) => p.expired).length,
		brokenJournals,
		concurrentRounds,
		journalsDeleted,
		paidNotDownloaded,
		writesOutside,
		leaks,
		unresolved,
		seconds: (Date.now() - started) / 1000,
		seed: opts.seed,
	};
	await fs.rm(parent, { recursive: true, force: true });
	return report;
}
