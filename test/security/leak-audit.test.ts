/**
 * Secret-leak audit. A recognizable key is planted in every key variable, the built
 * CLI (`node cli.mjs generate … [--json]`) is run against the simulator with its
 * `leakyErrors` scenario (every error message echoes the received credential, a
 * Bearer header and a signed URL) and with every fault class: auth, quota, policy,
 * 5xx and outages, 429s, POST-502-after-create, dropped connections, truncated and
 * HTML downloads, expired signed URLs, hostile redirects. Then stdout, stderr and
 * every file of the vault (notes, journals, run logs, videos, any data.json) are
 * searched for the key, its Base64 and URL forms, "Bearer <key>" and URL signature
 * values. The count must be 0.
 *
 * CINEFLOW_SECURITY_REPORT=path writes the figures as JSON.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getProviderInfo, providerIds } from "../../src/core/providers/catalog";
import { findModel } from "../../src/core/providers/models";
import type { Scenario } from "../../src/sim/index";
import { buildCli } from "../e2e/cli-build";
import { shot, tempVault } from "../e2e/helpers";
import { generateArgs, readTree, runCli, startSimWithKey } from "./cli-harness";
import { scanText, type Leak } from "./leak-scan";

const CANARY = "sk-CANARY-leakaudit-7f3a9c2e51d4b8a0";
const SERVER_OTHER_KEY = "sk-SERVERSIDE-other-key-000000000000";

const scan = (where: string, text: string, leaks: Leak[]): void => scanText(CANARY, where, text, leaks);

const NOTE =
	"---\ncineflow:\n  takes: 1\n---\n# Audit\n\n" +
	shot("a1", "Audit shot one: a lighthouse at dusk") +
	"\nProse between shots.\n\n" +
	shot("a2", "Audit shot two: waves on rocks", "takes: 2\n") +
	"\n" +
	shot("a3", "FORBIDDEN audit shot three") +
	"\n" +
	shot("a4", "Audit shot four: gulls over the harbour") +
	"\nThe end.\n";

interface Case {
	name: string;
	provider: string;
	scenario: Partial<Scenario>;
	serverKey?: string;
	json?: boolean;
	/** Two simulated hours (3.6 s) of 503s from the moment the CLI is started. */
	outageFromStart?: boolean;
	/** Proof that the fault really happened (from the simulator's request log). */
	hit: (log: ReadonlyArray<{ route: string; status: number; fault?: string }>) => boolean;
}

/** Every provider with a live default model (the shut-down ones only answer planning errors now). */
const PROVIDERS = providerIds().filter((id) => {
	const info = getProviderInfo(id);
	return info !== undefined && findModel(id, info.defaultModel)?.lifecycle.status === "active";
});
const leaky = { leakyErrors: true, requestIds: true } as const;

/**
 * Download links that have expired by the time they are fetched. Most providers hand out
 * their signed link for the scenario's URL lifetime (1 ms here). Replicate's simulator also
 * deletes the prediction's output once that lifetime is over (`data_removed`, as Replicate
 * does an hour after completion), so with `urlTtlMs: 1` no link is ever handed out and the
 * client has nothing to fetch. For Replicate the output stays listed and the marker makes
 * every link it hands out already expired (the soak's expired-URL fault), so the client
 * does fetch it and meets the storage's 403.
 */
function expiredLinks(p: string): Partial<Scenario> {
	return p === "replicate" ? { ...leaky, expiredMarker: "Audit shot" } : { ...leaky, urlTtlMs: 1 };
}

const CASES: Case[] = [
	...PROVIDERS.map((p): Case => ({
		name: `${p}: auth (wrong key)`,
		provider: p,
		scenario: { ...leaky },
		serverKey: SERVER_OTHER_KEY,
		hit: (l) => l.some((e) => e.fault === "auth" || e.status === 401 || e.status === 403),
	})),
	...PROVIDERS.map((p): Case => ({
		name: `${p}: mixed faults (5xx, 429, POST-502, drops, truncated and HTML downloads, policy)`,
		provider: p,
		scenario: {
			...leaky,
			random5xx: 0.15,
			random429: 0.15,
			post502AfterCreate: { nth: [2] },
			dropConnections: 0.05,
			truncateDownloads: { count: 2 },
			htmlErrorOnDownload: 0.2,
		},
		hit: (l) => l.some((e) => e.fault === "random5xx" || e.fault === "random429" || e.fault === "post502"),
	})),
	// One provider per kind of wire: an envelope API, an aggregator with a task list, a DashScope task, a queue, a signed JWT.
	...["sorahk", "replicate", "wan", "fal", "kling"].flatMap((p): Case[] => [
		{ name: `${p}: quota`, provider: p, scenario: { ...leaky, quotaAfterCreates: 1 }, hit: (l) => l.some((e) => e.fault === "quota") },
		// The outage window is set to start when the CLI starts (see `outageFromStart`).
		{ name: `${p}: outage`, provider: p, scenario: { ...leaky }, outageFromStart: true, hit: (l) => l.some((e) => e.fault === "outage") },
		{ name: `${p}: expired signed URLs`, provider: p, scenario: expiredLinks(p), hit: (l) => l.some((e) => e.route === "download" && e.status >= 400) },
		{
			name: `${p}: hostile redirect to file://`,
			provider: p,
			scenario: { ...leaky, redirectTo: "file:///etc/passwd" },
			hit: (l) => l.some((e) => e.route === "download" && e.status === 302),
		},
		{
			name: `${p}: human output (no --json) with auth failure`,
			provider: p,
			scenario: { ...leaky },
			serverKey: SERVER_OTHER_KEY,
			json: false,
			hit: (l) => l.some((e) => e.fault === "auth" || e.status >= 400),
		},
	]),
];

let cli = "";
let dispose: () => Promise<void> = async () => {};
const figures = {
	runs: 0,
	filesScanned: 0,
	bytesScanned: 0,
	leaks: 0,
	byCase: {} as Record<string, { files: number; bytes: number; leaks: number; exit: number | null; redactedEchoes?: number }>,
};

beforeAll(async () => {
	({ cli, dispose } = await buildCli());
});

afterAll(async () => {
	await dispose();
	const out = process.env.CINEFLOW_SECURITY_REPORT;
	if (out && figures.runs > 0) {
		mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
		writeFileSync(path.resolve(out), JSON.stringify({ leakAudit: figures }, null, 2) + "\n");
	}
});

describe("secret-leak audit: CLI against the leaky simulator", () => {
	it("the scanner finds every form of the key and unmasked signatures (positive control)", () => {
		const leaks: Leak[] = [];
		scan(
			"control",
			`a ${CANARY} b Bearer ${CANARY} ${Buffer.from(CANARY).toString("base64")} https://x/f.mp4?se=1&sig=abc123 ?Signature=zz &X-Amz-Signature=ff sig=*** ok`,
			leaks,
		);
		expect(leaks.map((l) => l.what).sort()).toEqual(
			[
				"Bearer header",
				"URL signature",
				"URL signature",
				"URL signature",
				"key",
				"key",
				"key (base64)",
				"key (partial)",
				"key (partial)",
				"key (url-encoded)",
				"key (url-encoded)",
			].sort(),
		);
	});

	it.concurrent.each(CASES.map((c) => [c.name, c] as const))("%s: 0 leaks", async (_name, c) => {
		const h = await startSimWithKey(c.serverKey ?? CANARY, c.scenario);
		try {
			const vault = await tempVault({ "Film/Audit.md": NOTE, ".obsidian/plugins/cineflow/data.json": JSON.stringify({ provider: c.provider }) });
			// Two hours of simulated time from the CLI's start; the CLI is a child process whose
			// start-up can take longer than that (3.6 s at x2000) on a loaded machine, so the
			// window is opened again at the first request if it closed before any arrived.
			const outageFromNow = () => {
				const from = h.clock.now() - h.sim.startedAt;
				h.sim.setScenario({ outages: [{ from, to: from + 2 * 3600_000, status: 503 }] });
			};
			let rearm: ReturnType<typeof setInterval> | undefined;
			if (c.outageFromStart) {
				outageFromNow();
				rearm = setInterval(() => {
					if (h.sim.log.length === 0) return;
					clearInterval(rearm);
					if (!h.sim.log.some((e) => e.fault === "outage")) outageFromNow();
				}, 2);
			}
			const run = await runCli(
				cli,
				generateArgs(path.join(vault, "Film/Audit.md"), vault, c.provider, h.origin, c.json === false ? [] : ["--json"]),
				CANARY,
			).finally(() => clearInterval(rearm));
			expect(c.hit(h.sim.log), `the fault of "${c.name}" was not injected`).toBe(true);
			const leaks: Leak[] = [];
			scan("stdout", run.stdout, leaks);
			scan("stderr", run.stderr, leaks);
			const files = await readTree(vault);
			let bytes = run.stdout.length + run.stderr.length;
			for (const [rel, buf] of files) {
				bytes += buf.length;
				scan(rel, buf.toString("latin1"), leaks);
				scan(rel, buf.toString("utf8"), leaks);
			}
			figures.runs++;
			figures.filesScanned += files.size + 2;
			figures.bytesScanned += bytes;
			figures.leaks += leaks.length;
			figures.byCase[c.name] = { files: files.size + 2, bytes, leaks: leaks.length, exit: run.code };
			expect(leaks).toEqual([]);
			// Positive control: the simulator's leaky messages did reach the outputs (redacted).
			const all = run.stdout + run.stderr + [...files.values()].map((b) => b.toString("utf8")).join("\n");
			const echoed = (all.match(/\[debug: Authorization: Bearer \*\*\*/g) ?? []).length;
			figures.byCase[c.name] = { ...figures.byCase[c.name]!, redactedEchoes: echoed };
			if (c.serverKey) expect(echoed, "no leaky error message reached the outputs").toBeGreaterThan(0);
			// The run really went through the error paths and wrote its records.
			expect(run.stdout.length + run.stderr.length).toBeGreaterThan(0);
			expect([...files.keys()].some((f) => f.endsWith(".cineflow-run.ndjson") || f.endsWith("cineflow-jobs.md")) || run.code === 3).toBe(true);
		} finally {
			await h.close();
		}
	});
});

interface LocalCase {
	name: string;
	/** Files of the vault besides the note. */
	files?: Record<string, string>;
	args: (vault: string, note: string) => string[];
}

/** Error paths that need no simulator: unreachable server, broken journal, bad flags, dry run. */
const LOCAL: LocalCase[] = [
	{
		name: "connection refused (base URL carries the key in its query)",
		args: (v, n) => ["generate", n, "--vault", v, "--base-url", `http://127.0.0.1:9/v1?key=${CANARY}`, "--json", "--time-scale", "2000"],
	},
	{ name: "connection refused, human output", args: (v, n) => ["generate", n, "--vault", v, "--base-url", "http://127.0.0.1:9/v1", "--time-scale", "2000"] },
	{
		name: "corrupt journal",
		files: { "Film/_assets/Audit/.cineflow-jobs.json": `{"version": 1, "note": "x", "entries": {"a1#1": {"oops": "${"Bearer"} ` },
		args: (v, n) => ["generate", n, "--vault", v, "--base-url", "http://127.0.0.1:9/v1", "--json"],
	},
	{ name: "bad flag values", args: (v, n) => ["generate", n, "--vault", v, "--concurrency", CANARY] },
	{ name: "base URL that is not http(s)", args: (v, n) => ["generate", n, "--vault", v, "--base-url", `ftp://x/?key=${CANARY}`] },
	{ name: "dry run", args: (v, n) => ["generate", n, "--vault", v, "--dry-run", "--json"] },
	{ name: "missing note", args: (v) => ["generate", path.join(v, "Nope.md"), "--vault", v, "--json"] },
];

describe("secret-leak audit: CLI error paths without a server", () => {
	it.concurrent.each(LOCAL.map((c) => [c.name, c] as const))("%s: 0 leaks", async (_n, c) => {
		const vault = await tempVault({ "Film/Audit.md": NOTE, ...(c.files ?? {}) });
		const run = await runCli(cli, c.args(vault, path.join(vault, "Film/Audit.md")), CANARY, 60_000);
		const leaks: Leak[] = [];
		scan("stdout", run.stdout, leaks);
		scan("stderr", run.stderr, leaks);
		const files = await readTree(vault);
		let bytes = run.stdout.length + run.stderr.length;
		for (const [rel, buf] of files) {
			bytes += buf.length;
			scan(rel, buf.toString("utf8"), leaks);
		}
		figures.runs++;
		figures.filesScanned += files.size + 2;
		figures.bytesScanned += bytes;
		figures.leaks += leaks.length;
		figures.byCase[`local: ${c.name}`] = { files: files.size + 2, bytes, leaks: leaks.length, exit: run.code };
		expect(leaks).toEqual([]);
		expect(run.stdout.length + run.stderr.length).toBeGreaterThan(0);
	});
});
