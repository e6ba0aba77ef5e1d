/**
 * The product's main job, shared by the plugin and the CLI, as named stages:
 *  1. work (work.ts): notes → shots → plan → journal-aware takes;
 *  2. sink (sink.ts): the scheduler (per provider, dispatch.ts) reports to the
 *     journal, before and after every submit, and checks the budget;
 *  3. deliver (deliver.ts): verified download → atomic write into `_assets`;
 *  4. embed (embed.ts): the embed line patched under its shot;
 *  5. summary (summary.ts).
 * Clean-up of temp files an interrupted run left is its own step (cleanup.ts).
 *
 * Crash safety: the journal is written before and after every submit, so a rerun
 * polls what was submitted instead of paying for it again. Videos are written to
 * `<path>.tmp`, checked, then renamed into place. A failed download is retried as
 * a download only; it never causes a new generation.
 */
import type { Said } from "../i18n";
import { removeInterruptedTemps } from "./cleanup";
import { sweepShells } from "./shells";
import { createRunContext, type RunContext } from "./context";
import { acquireFolderLocks, NO_LOCKS, type FolderLocks } from "./locks";
import { dispatchChained } from "./chains";
import { ensureEmbed } from "./embed";
import { adoptRenamedFolders, withAliases } from "./adopt";
import { resolveIdentities } from "./identity";
import { stopForMissingKeys } from "./keys";
import { reportLeft } from "./left";
import type { RunOptions, RunReport, WorkItem } from "./options";
import { scanTarget } from "./gather";
import { summaryOf } from "./summary";
import { planWithUpstreams } from "./upstreams";
import { applyRunFields } from "./fields";
import { buildWork, costOf, isReady, settleEarlier } from "./work";

export type { EarlierOutcome, PrepareReferenceRequest, RunMode, RunOptions, RunReport, ShotOverrides, WorkItem } from "./options";

const AVG_BYTES_PER_SECOND = 1_100_000;

/** Warns when the videos about to be made may not fit on the disk. */
async function checkDiskSpace(ctx: RunContext, fresh: WorkItem[], folder: string): Promise<void> {
	const { vault, settings } = ctx.opts;
	if (!ctx.opts.checkDisk || !vault.freeSpace) return;
	const need = fresh.reduce((s, w) => s + w.job.duration * AVG_BYTES_PER_SECOND, 0);
	const free = await vault.freeSpace(folder);
	if (free !== null && free < need + settings.minFreeBytes) {
		ctx.warn({ code: "run.lowDisk", params: { need: (need / 1e9).toFixed(1), free: (free / 1e9).toFixed(1) } });
	}
}

export async function runGeneration(opts: RunOptions): Promise<RunReport> {
	const held: { locks: FolderLocks } = { locks: NO_LOCKS };
	try {
		return await runLocked(opts, held);
	} finally {
		await held.locks.release();
	}
}

async function runLocked(opts: RunOptions, held: { locks: FolderLocks }): Promise<RunReport> {
	const { vault, clock, settings } = opts;
	const runId = opts.runId ?? `run-${new Date(clock.now()).toISOString().replace(/[:.]/g, "-")}`;
	const keys = new Map<string, string | null>();
	const keyFor = (provider: string): string | null => {
		if (!keys.has(provider)) keys.set(provider, opts.secrets.getKey(provider));
		return keys.get(provider) ?? null;
	};

	// 1. Work: notes → plan → takes.
	let scan = await scanTarget(vault, opts.target, settings, opts.resolveLink, opts.attachmentFolder);
	applyRunFields(scan.notes, opts.overrides, opts.override === true);
	let planned = await planWithUpstreams(vault, scan.notes, settings, opts.attachmentFolder);
	// Redact every key we might use, from the first event on.
	const allKeys = [...(opts.extraSecrets ?? [])];
	for (const p of new Set(planned.jobs.map((j) => j.provider))) {
		const k = keyFor(p);
		if (k) allKeys.push(k, opts.secrets.getSecondKey?.(p) ?? "");
	}
	// A renamed note's output folder is adopted (adopt.ts); a dry run reads it in place.
	const notices: Said[] = [];
	const aliases =
		opts.mode === "dry-run"
			? (
					await adoptRenamedFolders(
						{ vault, dryRun: true, runId, embedLine: (v, n) => opts.embedLine(v, n), warn: (m) => notices.push(m) },
						planned,
						scan.existing,
					)
				).aliases
			: new Map<string, string>();
	const ctx = createRunContext(aliases.size ? { ...opts, vault: withAliases(vault, aliases) } : opts, runId, allKeys, scan.folders);
	for (const m of notices) ctx.warn(m);
	// 0. Run locks, before any journal is read: one writer per output folder.
	if (opts.mode !== "dry-run" && opts.locks) {
		const folders: string[] = [];
		for (const j of planned.jobs) if (j.status !== "invalid" && !(await ctx.outsideVault(j.outputFolder))) folders.push(j.outputFolder);
		held.locks = ctx.locks = await acquireFolderLocks(folders, {
			port: opts.locks,
			runId,
			wait: opts.lockWait !== "skip",
			signal: opts.signal,
			warn: (m) => ctx.warn(m),
		});
		// Another run finished while this one waited: its videos and embeds are read again.
		if (ctx.locks.waited) {
			scan = await scanTarget(vault, opts.target, settings, opts.resolveLink, opts.attachmentFolder);
			applyRunFields(scan.notes, opts.overrides, opts.override === true);
			planned = await planWithUpstreams(vault, scan.notes, settings, opts.attachmentFolder);
		}
	}
	if (opts.mode !== "dry-run") {
		await adoptRenamedFolders(
			{
				vault,
				dryRun: false,
				locks: opts.locks,
				holds: (f) => ctx.locks.holds(f),
				runId,
				embedLine: (v, n) => opts.embedLine(v, n),
				warn: (m, n) => ctx.warn(m, n),
			},
			planned,
			scan.existing,
		);
		// Only in folders this run holds: another run's temp files are its work in progress.
		const mine = scan.tmpFiles.filter((f) => ctx.locks.holds(f.slice(0, f.lastIndexOf("/"))));
		for (const f of await removeInterruptedTemps(vault, mine)) ctx.warn({ code: "run.removedTemp", params: { path: f } });
		// The empty shell an interrupted adoption left beside a note's folder (only our lock and temp files).
		if (opts.locks) await sweepShells({ vault, locks: opts.locks, runId }, planned.notes);
	}
	// Shots without `id:` keep the identity their content points to, not their position.
	const plan = await resolveIdentities({ vault: ctx.opts.vault, journalFor: (j) => ctx.journalFor(j) }, planned, scan.existing);
	const items = await buildWork(ctx, plan, scan.existing);
	for (const w of items) ctx.taskInfo.set(w.job.key, { provider: w.job.provider, model: w.job.model, promptHash: w.job.promptHash });
	const ready = items.filter(isReady);
	const fresh = items.filter((w) => w.action.kind === "submit");
	ctx.emit({
		type: "run-start",
		at: clock.now(),
		runId,
		jobs: items.length,
		ready: ready.length,
		skipped: items.filter((w) => w.action.kind === "done").length,
		invalid: items.filter((w) => w.action.kind === "invalid").length,
		costEstimate: costOf(fresh),
	});
	// Every warning of a run is an event too, so that --json, the run log and the queue see it
	// (a dry run lists the plan's warnings in its own report).
	for (const w of plan.warnings) {
		if (opts.mode === "dry-run") ctx.warnings.push(w);
		else ctx.warn(w);
	}
	settleEarlier(ctx, items);

	// A run interrupted between writing a video and patching its note: finish the job.
	if (opts.mode !== "dry-run") for (const w of items) if (w.action.kind === "done") await ensureEmbed(ctx, w.job, "repair");

	const report = (stopped: RunReport["stopped"], stopMessage: string | null, engineStats: RunReport["engineStats"], stopProvider?: string): RunReport => ({
		runId,
		plan,
		summary: summaryOf(ctx, stopped),
		outcomes: ctx.outcomes,
		stopped,
		stopMessage,
		...(stopProvider ? { stopProvider } : {}),
		work: items,
		warnings: ctx.warnings,
		engineStats,
	});
	if (opts.mode === "dry-run" || ready.length === 0) {
		const r = report(null, null, []);
		if (opts.mode !== "dry-run") {
			ctx.emit(r.summary);
			await ctx.runLog.flush();
		}
		return r;
	}

	// A provider without a key: stop once, before anything is sent to any provider.
	const keyless = stopForMissingKeys(ctx, ready, keyFor);
	if (keyless !== null) {
		for (const w of ready) ctx.outcomes.set(w.job.key, { kind: "cancelled" });
		await reportLeft(ctx, ready);
		const r = report("auth", keyless, []);
		ctx.emit(r.summary);
		await ctx.runLog.flush();
		return r;
	}

	await checkDiskSpace(ctx, fresh, ready[0]?.job.outputFolder ?? "");

	// 2–4. Sink, deliver, embed: one scheduler per provider key.
	const flushTimer = { stop: false };
	const flusher = (async () => {
		while (!flushTimer.stop) {
			await clock.sleep(2000).catch(() => undefined);
			await ctx.runLog.flush();
		}
	})();
	// Chained shots run in rounds by chain depth (chains.ts); without chains this is one dispatch.
	const done = await dispatchChained(ctx, plan, ready, keyFor);
	flushTimer.stop = true;
	await flusher;

	// 5. Summary: where each take the run stopped short of was left, then the totals.
	await reportLeft(ctx, ready);
	const r = report(
		done.stopped,
		done.stopMessage,
		done.results.map((x) => x.stats),
		done.stopProvider,
	);
	ctx.emit(r.summary);
	await ctx.runLog.flush();
	return r;
}
