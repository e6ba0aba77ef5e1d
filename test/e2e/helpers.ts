/** Shared set-up for the end-to-end tests: a temp vault, the simulator over loopback, the CLI. */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { generateCommand, type GenerateDeps } from "../../src/cli/main";
import { createNodeHttp } from "../../src/cli/http";
import { createSimulator, simBaseUrl, type Scenario, type Simulator } from "../../src/sim/index";
import { ScaledClock } from "../../src/clocks/scaled";
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";

export const KEY = "sk-TESTKEY-0123456789abcdef";

export async function tempVault(files: Record<string, string>): Promise<string> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-e2e-"));
	await fs.mkdir(path.join(dir, ".obsidian"), { recursive: true });
	// A vault whose plugin settings chose the seed tool's provider (a fresh vault has none).
	const withSettings = { ".obsidian/plugins/cineflow/data.json": JSON.stringify({ version: 2, provider: "sorahk" }), ...files };
	for (const [rel, text] of Object.entries(withSettings)) {
		const full = path.join(dir, rel);
		await fs.mkdir(path.dirname(full), { recursive: true });
		await fs.writeFile(full, text);
	}
	return dir;
}

export async function listAll(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
		if (e.isFile()) out.push(path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
	}
	return out.sort();
}

export function shot(id: string, prompt: string, extra = ""): string {
	return "```shot\nid: " + id + "\nprompt: " + JSON.stringify(prompt) + "\n" + extra + "```\n";
}

export interface Harness {
	sim: Simulator;
	origin: string;
	clock: ScaledClock;
	close(): Promise<void>;
}

/** The simulator on 127.0.0.1 with time sped up `scale` times (sim and client share the clock). */
export async function startSim(scenario: Partial<Scenario> = {}, scale = 2000): Promise<Harness> {
	const clock = new ScaledClock(scale);
	const sim = createSimulator({
		clock,
		seed: 1,
		apiKey: KEY,
		scenario: { jobDurationMs: { min: 60_000, max: 180_000 }, progressCurve: "linear", ...scenario },
	});
	const srv = await sim.listen(0);
	return { sim, origin: srv.origin, clock, close: () => srv.close() };
}

export interface CliResult {
	code: number;
	out: string;
	err: string;
}

/** Runs `cineflow generate` in-process against the harness. */
export async function generate(h: Harness, vault: string, target: string, args: string[] = [], deps: GenerateDeps = {}): Promise<CliResult> {
	let out = "";
	let err = "";
	const http = createNodeHttp();
	try {
		const code = await generateCommand([path.join(vault, target), "--vault", vault, ...args], {
			http,
			clock: h.clock,
			env: { CINEFLOW_API_KEY: KEY },
			out: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }),
			err: new Writable({ write: (c, _e, cb) => ((err += String(c)), cb()) }),
			baseUrlFor: (id) => simBaseUrl(h.origin, id),
			checkDisk: false,
			...deps,
		});
		return { code, out, err };
	} finally {
		await http.close();
	}
}

export function creates(h: Harness): number {
	return h.sim.log.filter((e) => e.route === "create" && e.status === 200).length;
}

/** Σ over prompts of creates beyond one per (prompt, take). */
export function duplicates(h: Harness, takesByPrompt: Map<string, number> = new Map()): number {
	let d = 0;
	for (const [prompt, n] of h.sim.createsByPrompt()) d += Math.max(0, n - (takesByPrompt.get(prompt) ?? 1));
	return d;
}

export async function journal(vault: string, folder: string): Promise<{ entries: Record<string, { status: string; remoteId?: string; take: number }> }> {
	return parseJournalText(await fs.readFile(path.join(vault, folder, JOURNAL_NAME), "utf8")) as {
		entries: Record<string, { status: string; remoteId?: string; take: number }>;
	};
}
