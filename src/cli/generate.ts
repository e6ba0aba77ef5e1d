/**
 * `cineflow generate <note-or-folder>`: generate (or --dry-run) the shots of a
 * note or folder. Keys come only from the environment. Exit codes: 0 all done or
 * skipped, 1 some shots failed, 2 bad input or usage, 3 stopped by quota or auth.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import {
	attachmentFolderFromSetting,
	DEFAULT_DOWNLOAD_LIMITS,
	DEFAULT_SETTINGS,
	defaultLinkResolver,
	type DownloadLimits,
	dryRunRows,
	dryRunTotals,
	formatDryRun,
	formatList,
	getProviderInfo,
	language,
	liveProviders,
	preflightReferences,
	providerIds,
	runGeneration,
	type RunMode,
	type RunReport,
	type Settings,
	type ShotOverrides,
	t,
} from "../core";
import type { Clock } from "../ports/clock";
import type { HttpPort } from "../ports/http";
import { ScaledClock } from "../clocks/scaled";
import { commandIo, intFlag, onePathArgs, strFlag, UsageError, type FlagSpec } from "./args";
import { RealClock } from "./clock";
import { systemRandom } from "../clocks/random";
import { CUT_USAGE } from "./cut";
import { DRAFT_USAGE } from "./draft";
import { FfmpegFrames, locateFfmpeg } from "./frames";
import { FsVault } from "./fs-vault";
import { FsRunLocks } from "./lock";
import { createNodeHttp } from "./http";
import { envSecrets, keyHint, missingKeyMessage } from "./keys";
import { cliEmbedLine } from "./links";
import { MODELS_USAGE } from "./models";
import { applyReferenceFlags, referenceWiring } from "./references";
import { settingFlags, settingUsage } from "./setting-flags";
import { TerminalProgress } from "./progress";
import { readAttachmentSetting, readVaultSettings } from "./vault-settings";

/** The whole usage, in the current language (setting flags' help comes from the settings table). */
export function usage(): string {
	const keyVars = providerIds()
		.map((id) => [getProviderInfo(id)?.keyEnv, getProviderInfo(id)?.secondKey?.env].filter(Boolean).join(" + "))
		.join(", ");
	return t("cli.usage", {
		settingFlags: settingUsage("generate", "                      "),
		draft: DRAFT_USAGE(),
		models: MODELS_USAGE(),
		cut: CUT_USAGE(),
		keyVars,
	});
}

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
	const { out, err, env } = commandIo(deps);
	const args = onePathArgs(argv, GENERATE_FLAGS, out, usage, () => t("cli.generate.oneTarget"));
	if (!args) return 0;
	const { flags, path: targetArg, vaultFlag } = args;
	const root = vaultFlag ? path.resolve(vaultFlag) : findVaultRoot(targetArg);
	if (!root) throw new UsageError(t("cli.noVault", { path: targetArg, configDir: ".obsidian" }));
	if (!existsSync(root)) throw new UsageError(t("cli.vaultMissing", { path: root }));
	const absTarget = path.resolve(vaultFlag && !path.isAbsolute(targetArg) && !existsSync(targetArg) ? path.join(root, targetArg) : targetArg);
	const rel = path.relative(root, absTarget);
	if (rel.startsWith("..") || path.isAbsolute(rel)) throw new UsageError(t("cli.notInVault", { path: targetArg, vault: root }));
	if (!existsSync(absTarget)) throw new UsageError(t("cli.notFound", { path: targetArg }));
	const target = rel.split(path.sep).join("/");

	// Built-in defaults < the vault's plugin settings < the caller's settings < flags.
	const fromVault = await readVaultSettings(root);
	const attachmentSetting = await readAttachmentSetting(root);
	const settings: Settings = structuredClone({ ...(fromVault.settings ?? DEFAULT_SETTINGS), ...deps.settings });
	const provider = strFlag(flags, "provider");
	if (provider) settings.provider = provider;
	if (!settings.provider) {
		throw new UsageError(t("cli.noProvider", { providers: formatList(language(), liveProviders(), "conjunction") }));
	}
	const baseUrl = strFlag(flags, "base-url");
	if (baseUrl) {
		if (!/^https?:\/\//i.test(baseUrl)) throw new UsageError(t("cli.baseUrl"));
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
			err.write(`\n${t("cli.sigint.stop")}\n`);
			cancel.abort();
		} else {
			err.write(`\n${t("cli.sigint.abandon")}\n`);
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
			random: deps.random ?? systemRandom(),
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
			if (json)
				out.write(
					JSON.stringify({
						type: "dry-run",
						totals: dryRunTotals(report.plan, rows, report.work),
						jobs,
						chains: report.plan.chains,
						referenceProblems: refProblems,
						warnings: report.plan.warnings,
					}) + "\n",
				);
			else
				out.write(
					formatDryRun(report.plan, report.work) +
						"\n" +
						(refProblems.length ? `\n${t("cli.referenceImages")}\n${refProblems.map((p) => `  ${p}`).join("\n")}\n` : ""),
				);
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
