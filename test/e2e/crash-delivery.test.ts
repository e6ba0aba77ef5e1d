/**
 * The crash matrix, delivery cases (issue 14 part C), against the simulator's
 * request log and the files on disk:
 *  - "429 then kill": every create was answered 429, the CLI is SIGKILLed; the
 *    rerun submits those shots normally (nothing left "unknown"), with a provider
 *    that offers no lookup (so a stale "submitting" mark could never be reconciled);
 *  - "stale-link": links refused by the server, killed mid-delivery;
 *  - "stall": killed while a download stalls;
 *  - "disk-full": writes fail with ENOSPC right after creates; the created tasks are
 *    found again by lookup and downloaded, none is paid for twice.
 */
import { describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { FsVault } from "../../src/cli/fs-vault";
import { createNodeHttp } from "../../src/cli/http";
import { cliEmbedLine } from "../../src/cli/links";
import { isVideo } from "../../src/core/download";
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import { runGeneration } from "../../src/core/run/runner";
import { DEFAULT_SETTINGS } from "../../src/core/settings";
import { simBaseUrl } from "../../src/sim/index";
import { duplicates, KEY, listAll, shot, startSim, tempVault, type Harness } from "./helpers";
import { useBuiltCli } from "./use-cli";
import { seededRandom } from "../../src/core/scheduler/random";

const SCALE = 2000;
const built = useBuiltCli();

interface Proc {
	child: ChildProcess;
	out: string[];
	done: Promise<number | null>;
}

function start(vault: string, base: string, extra: string[], scale = SCALE): Proc {
	const child = spawn(
		process.execPath,
		[built.path, "generate", path.join(vault, "Ep.md"), "--vault", vault, "--base-url", base, "--time-scale", String(scale), "--json", ...extra],
		{
			env: { ...process.env, CINEFLOW_API_KEY: KEY, SORAHK_API_KEY: KEY },
			stdio: ["ignore", "pipe", "pipe"],
		},
	);
	const out: string[] = [];
	child.stdout?.on("data", (c: Buffer) => out.push(String(c)));
	child.stderr?.resume();
	const done = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
	return { child, out, done };
}

async function until(cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
	const t0 = Date.now();
	while (!(await cond())) {
		if (Date.now() - t0 > ms) throw new Error("condition not reached");
		await new Promise((r) => setTimeout(r, 20));
	}
}

async function entries(vault: string): Promise<Array<{ shotId: string; status: string }>> {
	const text = await fs.readFile(path.join(vault, "_assets/Ep", JOURNAL_NAME), "utf8").catch(() => null);
	if (text === null) return [];
	return Object.values((parseJournalText(text) as { entries: Record<string, { shotId: string; status: string }> }).entries);
}

/** Reruns the CLI until it exits 0 (at most `n` times); returns the last exit code and all output. */
async function finish(vault: string, base: string, extra: string[], n = 4): Promise<{ code: number | null; out: string }> {
	let code: number | null = null;
	let out = "";
	for (let i = 0; i < n && code !== 0; i++) {
		const p = start(vault, base, extra);
		code = await p.done;
		out += p.out.join("");
	}
	return { code, out };
}

async function expectComplete(h: Harness, vault: string, ids: string[]): Promise<void> {
	expect(duplicates(h)).toBe(0);
	const files = await listAll(vault);
	expect(files.filter((f) => f.endsWith(".mp4"))).toEqual(ids.map((id) => `_assets/Ep/${id}.mp4`));
	for (const id of ids) expect(isVideo(new Uint8Array(await fs.readFile(path.join(vault, `_assets/Ep/${id}.mp4`))))).toBe("mp4");
	expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
	expect((await entries(vault)).map((e) => e.status)).toEqual(ids.map(() => "done"));
	const note = await fs.readFile(path.join(vault, "Ep.md"), "utf8");
	for (const id of ids) expect(note.split(`![[_assets/Ep/${id}.mp4]]`)).toHaveLength(2);
}

const IDS = ["s01", "s02", "s03", "s04"];
const NOTE = "# Crash\n\n" + IDS.map((id, i) => shot(id, `Crash delivery shot ${i + 1}`)).join("\n");

describe("crash matrix: delivery cases (real SIGKILL of the CLI)", () => {
	it("429 then kill: creates answered 429 leave nothing 'unknown'; the rerun submits them once (provider without lookup)", async () => {
		const provider = "runway";
		const h = await startSim({ capacity: 0 }, SCALE);
		try {
			const vault = await tempVault({ "Ep.md": NOTE });
			const base = simBaseUrl(h.origin, provider);
			const args = ["--provider", provider, "--concurrency", "4"];
			// Real time (scale 1): the backoff after a 429 lasts long enough to stop the process in it.
			const p = start(vault, base, args, 1);
			const rejected = () => h.sim.log.filter((e) => e.route === "create" && e.status === 429).length;
			await until(() => rejected() >= IDS.length);
			// Freeze the process; kill it only at a moment when the provider has answered every
			// create it was sent and the journal on disk says so (no create in flight).
			let killed = false;
			for (let i = 0; i < 100 && !killed; i++) {
				p.child.kill("SIGSTOP");
				const seen = rejected();
				await new Promise((r) => setTimeout(r, 60));
				const es = await entries(vault);
				if (rejected() === seen && es.length === IDS.length && es.every((e) => e.status === "not-created")) {
					p.child.kill("SIGKILL");
					killed = true;
				} else {
					p.child.kill("SIGCONT");
					await new Promise((r) => setTimeout(r, 40));
				}
			}
			if (!killed) p.child.kill("SIGKILL");
			await p.done;
			expect(killed).toBe(true);
			expect(h.sim.log.filter((e) => e.route === "create" && e.status === 200)).toHaveLength(0);

			h.sim.setScenario({ capacity: 1000 });
			const r = await finish(vault, base, args);
			expect(r.code).toBe(0);
			expect(r.out).not.toMatch(/"state":"unknown"/);
			expect((await entries(vault)).some((e) => e.status === "unknown")).toBe(false);
			await expectComplete(h, vault, IDS);
			// Submitted normally: one accepted create per shot, no lookups needed.
			expect(h.sim.log.filter((e) => e.route === "create" && e.status === 200)).toHaveLength(IDS.length);
		} finally {
			await h.close();
		}
	});

	it("stale-link: killed while links are being refused and refreshed; the rerun downloads, nothing is paid twice", async () => {
		const h = await startSim({ staleLinks: { count: 6 }, jobDurationMs: 60_000 }, SCALE);
		try {
			const vault = await tempVault({ "Ep.md": NOTE });
			const base = simBaseUrl(h.origin, "sorahk");
			const p = start(vault, base, ["--concurrency", "4"]);
			await until(() => h.sim.log.some((e) => e.route === "download" && e.fault === "expired"));
			p.child.kill("SIGKILL");
			await p.done;
			const r = await finish(vault, base, []);
			expect(r.code).toBe(0);
			expect(h.sim.log.filter((e) => e.route === "download" && e.fault === "expired").length).toBeGreaterThanOrEqual(1);
			await expectComplete(h, vault, IDS);
		} finally {
			await h.close();
		}
	});

	it("stall: killed while a download hangs without headers; the rerun's downloads end (no-progress limit) and complete", async () => {
		const h = await startSim({ stallDownloads: { count: 3, mode: "headers" }, jobDurationMs: 60_000 }, SCALE);
		try {
			const vault = await tempVault({ "Ep.md": NOTE });
			const base = simBaseUrl(h.origin, "sorahk");
			const p = start(vault, base, ["--concurrency", "4"]);
			await until(() => h.sim.log.some((e) => e.route === "download" && e.fault === "stall"));
			p.child.kill("SIGKILL");
			await p.done;
			const r = await finish(vault, base, []);
			expect(r.code).toBe(0);
			expect(h.sim.log.filter((e) => e.route === "download" && e.fault === "stall")).toHaveLength(3);
			await expectComplete(h, vault, IDS);
		} finally {
			await h.close();
		}
	});
});

/** FsVault whose writes fail with ENOSPC while `full()` is true (a disk that filled up). */
class FullDiskVault extends FsVault {
	constructor(
		root: string,
		private readonly full: () => boolean,
	) {
		super(root);
	}
	private check(): void {
		if (this.full()) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
	}
	override async writeText(p: string, t: string): Promise<void> {
		this.check();
		return super.writeText(p, t);
	}
	override async writeBinary(p: string, d: Uint8Array): Promise<void> {
		this.check();
		return super.writeBinary(p, d);
	}
	override async append(p: string, t: string): Promise<void> {
		this.check();
		return super.append(p, t);
	}
	override async rename(a: string, b: string): Promise<void> {
		this.check();
		return super.rename(a, b);
	}
	override async process(p: string, fn: (t: string) => string): Promise<string> {
		this.check();
		return super.process(p, fn);
	}
}

/** One in-process run of `target` through a disk that is full while `full()` says so (2 jobs at a time). */
function fullDiskRun(h: Harness, http: ReturnType<typeof createNodeHttp>, vault: string, target: string) {
	const settings = { ...structuredClone(DEFAULT_SETTINGS), provider: "sorahk" };
	settings.providers.sorahk = { baseUrl: simBaseUrl(h.origin, "sorahk") };
	settings.concurrency.initial = 2;
	return (full: () => boolean) =>
		runGeneration({
			target,
			mode: "generate",
			settings,
			vault: new FullDiskVault(vault, full),
			http,
			clock: h.clock,
			random: seededRandom(11),
			secrets: { getKey: () => KEY },
			embedLine: (v, n) => cliEmbedLine(v, n, "wiki"),
			missingKey: () => "no key",
		});
}

describe("crash matrix: disk-full", () => {
	it("writes fail right after creates: the created tasks are found again by lookup and downloaded, none paid twice", async () => {
		const h = await startSim({ jobDurationMs: 60_000 }, SCALE);
		const http = createNodeHttp();
		try {
			const vault = await tempVault({ "Ep.md": NOTE });
			const accepted = () => h.sim.log.filter((e) => e.route === "create" && e.status === 200).length;
			const run = fullDiskRun(h, http, vault, "Ep.md");
			// The disk fills up as soon as the provider has accepted two creates.
			const first = await run(() => accepted() >= 2);
			expect(first.summary.succeeded).toBe(0);
			expect(accepted()).toBe(2);
			const second = await run(() => false);
			expect(second.summary.unknown).toBe(0);
			expect(h.sim.log.some((e) => e.route === "list")).toBe(true);
			await expectComplete(h, vault, IDS);
			expect(accepted()).toBe(IDS.length);
		} finally {
			await http.close();
			await h.close();
		}
	});

	it("the disk fills up as the first create goes out (no task id is recorded anywhere), then the note is renamed: the old folder is adopted and the task list asked, nothing paid twice", async () => {
		const h = await startSim({ jobDurationMs: 60_000 }, SCALE);
		const http = createNodeHttp();
		try {
			const vault = await tempVault({ "Ep.md": NOTE });
			const accepted = () => h.sim.log.filter((e) => e.route === "create" && e.status === 200).length;
			const sent = () => h.sim.log.filter((e) => e.route === "create").length;
			const run = (target: string, full: () => boolean) => fullDiskRun(h, http, vault, target)(full);
			// Full from the moment the first create is on the wire: no write records it.
			const first = await run("Ep.md", () => sent() >= 1);
			expect(first.summary.succeeded).toBe(0);
			const paid = accepted();
			expect(paid).toBeGreaterThan(0);
			const journal = await fs.readFile(path.join(vault, "_assets/Ep", JOURNAL_NAME), "utf8").catch(() => "");
			expect(journal).not.toMatch(/"remoteId"/);
			await fs.rename(path.join(vault, "Ep.md"), path.join(vault, "Ep renamed.md"));
			const second = await run("Ep renamed.md", () => false);
			expect(second.summary.unknown).toBe(0);
			expect(h.sim.log.some((e) => e.route === "list")).toBe(true);
			expect(duplicates(h)).toBe(0);
			expect(accepted()).toBe(IDS.length);
			const files = await listAll(vault);
			expect(files.filter((f) => f.endsWith(".mp4"))).toEqual(IDS.map((id) => `_assets/Ep renamed/${id}.mp4`));
			expect(files.filter((f) => f.startsWith("_assets/Ep/") || f.endsWith(".lock") || f.endsWith(".tmp"))).toEqual([]);
		} finally {
			await http.close();
			await h.close();
		}
	});
});
