/**
 * `cineflow`: the same core as the plugin, over a vault folder from a terminal.
 *
 *   cineflow generate <note-or-folder> [flags]   generate (or --dry-run) shots
 *   cineflow draft <note> [flags]                draft shot blocks from a script (chat model)
 *   cineflow models                              models, their status, controls and prices
 *   cineflow demo                                offline demo against the simulator
 *   cineflow sim [flags]                         run the provider simulator
 *
 * Keys come only from the environment. Exit codes: 0 all done or skipped,
 * 1 some shots failed, 2 bad input or usage, 3 stopped by quota or auth.
 */
import { setMaxListeners } from "node:events";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dryRunRows, dryRunTotals, formatDryRun } from "../core/dryrun";
import { getProviderInfo, providerIds } from "../core/providers/catalog";
import { liveProviders } from "../core/providers/models";
import { DEFAULT_DOWNLOAD_LIMITS, type DownloadLimits } from "../core/run/deliver";
import { runGeneration, type RunMode, type RunReport, type ShotOverrides } from "../core/run/runner";
import { DEFAULT_SETTINGS, type Settings } from "../core/settings";
import type { Clock } from "../ports/clock";
import type { HttpPort } from "../ports/http";
import { runSimCli } from "../sim/cli";
import { ScaledClock } from "../sim/scaled-clock";
import { intFlag, parseArgs, strFlag, UsageError, type FlagSpec } from "./args";
import { RealClock } from "./clock";
import { runDemo } from "./demo";
import { draftCommand, DRAFT_USAGE } from "./draft";
import { modelsCommand, MODELS_USAGE } from "./models";
import { cutCommand, CUT_USAGE } from "./cut";
import { FfmpegFrames, locateFfmpeg } from "./frames";
import { FsVault } from "./fs-vault";
import { FsRunLocks } from "./lock";
import { createNodeHttp } from "./http";
import { envRedactor, envSecrets, keyHint, missingKeyMessage } from "./keys";
import { cliEmbedLine } from "./links";
import { applyReferenceFlags, referenceWiring } from "./references";
import { settingFlags, settingUsage } from "./setting-flags";
import { preflightReferences } from "../core/run/preflight";
import { defaultLinkResolver } from "../core/run/references";
import { TerminalProgress } from "./progress";
import { readAttachmentSetting, readVaultSettings } from "./vault-settings";
import { attachmentFolderFromSetting } from "../core/paths";
import { version as VERSION } from "../../package.json";

const USAGE = `usage:
  cineflow --version
  cineflow generate <note-or-folder> [--dry-run] [--resume] [--provider ID] [--base-url URL] [--model M]
                    [--takes N] [--json] [--link-style wiki|markdown] [--vault DIR] [--no-wait]
                    [--override]   (--provider/--model/--takes win over the shots' and notes' own fields)
                    [--resubmit-unknown]   (send again shots an earlier run left "unknown": may bill twice)
                    [--time-scale N]   (only with a simulator run at the same --time-scale)
                    [setting flags: they override the vault's plugin settings for this run]
${settingUsage("generate", "                      ")}
${DRAFT_USAGE}
${MODELS_USAGE}
${CUT_USAGE}
  cineflow demo [--provider ID] [--out DIR] [--time-scale N] [--json]
  cineflow sim [--provider ID] [--port N] [--scenario FILE] [--time-scale N]

The API key is read from the environment only: CINEFLOW_API_KEY, or per provider
(${providerIds()
	.map((id) => [getProviderInfo(id)?.keyEnv, getProviderInfo(id)?.secondKey?.env].filter(Boolean).join(" + "))
	.join(", ")}).
Keyframes: GEMINI_API_KEY. Uploader: CINEFLOW_UPLOAD_TOKEN, CINEFLOW_S3_ACCESS_KEY_ID, CINEFLOW_S3_SECRET_ACCESS_KEY.
Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured.`;

/** After a usage error: one line, and where the usage is (not the whole usage). */
export const USAGE_HINT = "Run cineflow --help for usage.";

const GENERATE_FLAGS: Record<string, FlagSpec> = {
	"dry-run": { type: "boolean" },
	resume: { type: "boolean" },
	provider: { type: "string", values: providerIds() },
	"base-url": { type: "string" },
	model: { type: "string" },
	takes: { type: "string" },
	json: { type: "boolean" },
	"link-style": { type: "string", values: ["wiki", "markdown"] },
	vault: { type: "string" },
	"time-scale": { type: "string" },
	/** --provider, --model and --takes win over the shots' and notes' own fields (default: they fill in what those leave unset). */
	override: { type: "boolean" },
	/** Send again the shots an earlier run left "unknown" (their create may have made a task). */
	"resubmit-unknown": { type: "boolean" },
	/** Leave notes another run is working on to it instead of waiting for it. */
	"no-wait": { type: "boolean" },
	help: { type: "boolean" },
	...settingFlags("generate"),
};

/** The nearest folder at or above `start` that holds `.obsidian`. */
export function findVaultRoot(start: string): string | null {
	let dir = path.resolve(start);
	if (existsSync(dir) && !existsSync(path.join(dir, ".obsidian")) && path.extname(dir)) dir = path.dirname(dir);
	for (;;) {
		if (existsSync(path.join(dir, ".obsidian"))) return dir;
		const up = path.dirname(dir);
		if (up === dir) return null;
		dir = up;
	}
}

export interface GenerateDeps {
	http?: HttpPort;
	clock?: Clock;
	env?: NodeJS.ProcessEnv;
	out?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
	err?: NodeJS.WritableStream;
	/** Signals standing in for Ctrl-C (tests); default: process SIGINT. */
	signal?: AbortSignal;
	abandonSignal?: AbortSignal;
	/** Extra run options (tests and the demo). */
	engineTuning?: Parameters<typeof runGeneration>[0]["engineTuning"];
	settings?: Partial<Settings>;
	/** Base URL for every provider (the demo's simulator). */
	baseUrlFor?: (provider: string) => string;
	random?: () => number;
	checkDisk?: boolean;
	/** Run-wide shot fields beyond the flags (the demo's `--provider`). */
	overrides?: ShotOverrides;
	/** Those fields and the flags win over the shots' and notes' own (as `--override`). */
	override?: boolean;
	/** Download stall / overall limits (tests). */
	downloadLimits?: Partial<DownloadLimits>;
}

/**
 * Under `--time-scale N` everything runs N times faster, download limits too, with
 * floors so loopback jitter is never taken for a stall.
 */
export function scaledDownloadLimits(scale: number | undefined): Partial<DownloadLimits> | undefined {
	if (!scale || scale <= 1) return undefined;
	const d = DEFAULT_DOWNLOAD_LIMITS;
	return { idleMs: Math.max(2000, d.idleMs / scale), baseMs: Math.max(5000, d.baseMs / scale), minBytesPerSecond: d.minBytesPerSecond * scale };
}

export function exitCodeFor(report: RunReport): number {
	const s = report.summary;
	if (report.stopped === "quota" || report.stopped === "auth" || report.stopped === "retired") return 3;
	if (s.failed > 0 || s.unknown > 0 || (s.busy ?? 0) > 0) return 1;
	// Stopped by a budget or Ctrl-C with shots left to do: not everything is done.
	if (report.stopped) {
		const open = [...report.outcomes.values()].some((o) => o.kind === "cancelled" || o.kind === "abandoned");
		if (open) return 1;
	}
	if (s.invalid > 0) return 2;
	return 0;
}

export async function generateCommand(argv: string[], deps: GenerateDeps = {}): Promise<number> {
	const out = deps.out ?? process.stdout;
	const err = deps.err ?? process.stderr;
	const env = deps.env ?? process.env;
	const { positional, flags } = parseArgs(argv, GENERATE_FLAGS);
	if (flags.help) {
		out.write(USAGE + "\n");
		return 0;
	}
	if (positional.length !== 1) throw new UsageError("generate needs exactly one note or folder");
	const targetArg = positional[0] as string;
	const vaultFlag = strFlag(flags, "vault");
	const root = vaultFlag ? path.resolve(vaultFlag) : findVaultRoot(targetArg);
	if (!root) throw new UsageError(`no vault found at or above ${targetArg} (no .obsidian folder); pass --vault DIR`);
	if (!existsSync(root)) throw new UsageError(`vault folder ${root} does not exist`);
	const absTarget = path.resolve(vaultFlag && !path.isAbsolute(targetArg) && !existsSync(targetArg) ? path.join(root, targetArg) : targetArg);
	const rel = path.relative(root, absTarget);
	if (rel.startsWith("..") || path.isAbsolute(rel)) throw new UsageError(`${targetArg} is not inside the vault ${root}`);
	if (!existsSync(absTarget)) throw new UsageError(`${targetArg} does not exist`);
	const target = rel.split(path.sep).join("/");

	// Built-in defaults < the vault's plugin settings < the caller's settings < flags.
	const fromVault = await readVaultSettings(root);
	const attachmentSetting = await readAttachmentSetting(root);
	const settings: Settings = structuredClone({ ...(fromVault.settings ?? DEFAULT_SETTINGS), ...deps.settings });
	const provider = strFlag(flags, "provider");
	if (provider) settings.provider = provider;
	if (!settings.provider) {
		throw new UsageError(`no provider is configured for this vault: pass --provider ID, or choose one in the CineFlow plugin settings (live providers: ${liveProviders().join(", ")})`);
	}
	const baseUrl = strFlag(flags, "base-url");
	if (baseUrl) {
		if (!/^https?:\/\//i.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL`);
		settings.providers[settings.provider] = { ...settings.providers[settings.provider], baseUrl };
	}
	if (deps.baseUrlFor) for (const id of providerIds()) settings.providers[id] = { ...settings.providers[id], baseUrl: deps.baseUrlFor(id) };
	if (deps.baseUrlFor) settings.keyframes.baseUrl = deps.baseUrlFor("gemini");
	// Every flag that sets a setting (generated from the settings table, checked as the settings tab checks it).
	applyReferenceFlags(settings, flags);
	const overrides: ShotOverrides = { ...deps.overrides };
	if (provider) overrides.provider = provider;
	const model = strFlag(flags, "model");
	if (model) overrides.model = model;
	const takes = intFlag(flags, "takes", 1, 10);
	if (takes !== undefined) overrides.takes = takes;

	const json = flags.json === true;
	const scale = intFlag(flags, "time-scale", 1, 100_000);
	const clock = deps.clock ?? (scale ? new ScaledClock(scale) : new RealClock());
	const progress = new TerminalProgress({ json, out, err, now: () => clock.now(), hint: keyHint });
	// What the vault's settings file said, as warnings (JSON events with --json).
	for (const message of fromVault.notes) progress.emit({ type: "warning", at: clock.now(), message });
	const mode: RunMode = flags["dry-run"] ? "dry-run" : flags.resume ? "resume" : "generate";
	const http = deps.http ?? createNodeHttp();
	const vault = new FsVault(root);
	const linkStyle = flags["link-style"] === "markdown" ? "markdown" : "wiki";
	const refs = referenceWiring({
		settings,
		env,
		vault,
		http,
		clock,
		embedLine: (file, note) => cliEmbedLine(file, note, linkStyle),
		warn: (message) => progress.emit({ type: "warning", at: clock.now(), message }),
	});

	// Ctrl-C once: stop submitting, finish what was submitted. Twice: abandon now.
	const cancel = new AbortController();
	const abandon = new AbortController();
	let interrupts = 0;
	const onSigint = () => {
		interrupts++;
		if (interrupts === 1) {
			err.write("\nstopping: no new shots are submitted; submitted shots finish. Press Ctrl-C again to leave them for a later run.\n");
			cancel.abort();
		} else {
			err.write("\nabandoning: the journal keeps every submitted task; run the same command again to resume.\n");
			abandon.abort();
		}
	};
	deps.signal?.addEventListener("abort", () => cancel.abort(), { once: true });
	deps.abandonSignal?.addEventListener("abort", () => abandon.abort(), { once: true });
	if (!deps.signal) process.on("SIGINT", onSigint);
	const ffmpeg = locateFfmpeg(env);
	try {
		const report = await runGeneration({
			target,
			mode,
			overrides,
			override: flags.override === true || deps.override === true,
			settings,
			vault,
			http,
			clock,
			secrets: envSecrets(env),
			progress,
			random: deps.random,
			embedLine: (video, note) => cliEmbedLine(video, note, flags["link-style"] === "markdown" ? "markdown" : "wiki"),
			missingKey: (id, label) => missingKeyMessage(id, label),
			checkDisk: deps.checkDisk ?? true,
			signal: cancel.signal,
			abandonSignal: abandon.signal,
			engineTuning: deps.engineTuning,
			downloadLimits: deps.downloadLimits ?? scaledDownloadLimits(scale),
			resubmitUnknown: flags["resubmit-unknown"] === true,
			// Chained shots need ffmpeg for the last frame; without it they stop with a message.
			...(ffmpeg.found ? { frames: new FfmpegFrames(ffmpeg.path, (p) => vault.abs(p)) } : {}),
			attachmentFolder: (note) => Promise.resolve(attachmentFolderFromSetting(note, attachmentSetting)),
			upload: refs.upload,
			prepareReference: refs.prepareReference,
			extraSecrets: refs.extraSecrets,
			// One writer per output folder, shared with the plugin and other CLIs.
			locks: new FsRunLocks((p) => vault.absForWrite(p)),
			lockWait: flags["no-wait"] ? "skip" : "wait",
		});
		if (mode === "dry-run") {
			const refProblems = await preflightReferences({
				plan: report.plan,
				jobs: report.work.filter((w) => w.action.kind === "submit").map((w) => w.job),
				ctx: { vault, resolveLink: defaultLinkResolver(vault) },
				hasUploader: refs.upload !== undefined,
				hasGeminiKey: refs.hasGeminiKey,
			});
			// Rows and totals from the run's work: only jobs that will be submitted are priced.
			const rows = dryRunRows(report.plan, report.work);
			const jobs = report.work.map((w, i) => ({ ...w.job, status: rows[i]?.status, cost: rows[i]?.costUsd ?? null, action: w.action.kind }));
			if (json) out.write(JSON.stringify({ type: "dry-run", totals: dryRunTotals(report.plan, rows, report.work), jobs, chains: report.plan.chains, referenceProblems: refProblems, warnings: report.plan.warnings }) + "\n");
			else out.write(formatDryRun(report.plan, report.work) + "\n" + (refProblems.length ? `\nReference images\n${refProblems.map((p) => `  ${p}`).join("\n")}\n` : ""));
			if (refProblems.length) return 2;
			return report.plan.totals.invalid > 0 ? 2 : 0;
		}
		// Warnings and the stop reason were shown as they happened (events; JSON lines with --json).
		if (report.stopMessage && !json && progress.stopsShown === 0) err.write(report.stopMessage + "\n");
		return exitCodeFor(report);
	} finally {
		if (!deps.signal) process.off("SIGINT", onSigint);
		if (!deps.http && "close" in http && typeof http.close === "function") await (http.close as () => Promise<void>)();
	}
}

export async function main(argv: string[]): Promise<number> {
	// Every in-flight job waits on the run's abort signal; hundreds at once are expected.
	setMaxListeners(10_000);
	const [cmd, ...rest] = argv;
	if (cmd === "--version" || cmd === "-v" || cmd === "version") {
		process.stdout.write(`cineflow ${VERSION}\n`);
		return 0;
	}
	try {
		switch (cmd) {
			case "generate":
				return await generateCommand(rest);
			case "demo":
				return await runDemo(rest, { examplesDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "examples", "vault") });
			case "sim":
				return await runSimCli(rest);
			case "draft":
				return await draftCommand(rest);
			case "cut":
				return await cutCommand(rest);
			case "models":
				return modelsCommand(rest, process.stdout);
			case undefined:
			case "help":
			case "--help":
			case "-h":
				process.stdout.write(USAGE + "\n");
				return cmd === undefined ? 2 : 0;
			default:
				throw new UsageError(`unknown command ${cmd}`);
		}
	} catch (e) {
		const redact = envRedactor(process.env);
		if (e instanceof UsageError) {
			process.stderr.write(`cineflow: ${redact(e.message)}\n${USAGE_HINT}\n`);
			return 2;
		}
		process.stderr.write(`cineflow: ${redact(e instanceof Error ? e.message : String(e))}\n`);
		return 2;
	}
}

/** The script Node was started with, through any symlink (`npm link` and npx start `…/bin/cineflow`). */
function invokedScript(): string {
	const arg = process.argv[1];
	if (!arg) return "";
	try {
		return realpathSync(arg);
	} catch {
		return path.resolve(arg);
	}
}

const invoked = invokedScript();
if (invoked && (invoked === fileURLToPath(import.meta.url) || invoked.endsWith(`${path.sep}cli.js`))) {
	// `cineflow models | head`: a reader that stops early is not an error.
	process.stdout.on("error", (e: NodeJS.ErrnoException) => {
		if (e.code === "EPIPE") process.exit(0);
		throw e;
	});
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(e: unknown) => {
			process.stderr.write(`cineflow: ${envRedactor(process.env)(e instanceof Error ? e.message : String(e))}\n`);
			process.exitCode = 2;
		},
	);
}

