/**
 * The state one run shares between its stages: the options, the redactor, the
 * event stream (progress + run log), warnings, outcomes, counters, the budget and
 * the journals of the output folders it touches.
 */
import type { JobEvent, RunEvent } from "../../ports/events";
import { sayCode, sayText, t, type Said } from "../i18n";
import { Journal, JournalError } from "../journal";
import { createRedactor, type Redactor } from "../redact";
import type { PlannedJob } from "../types";
import { NO_LOCKS, type FolderLocks } from "./locks";
import type { RunOptions, RunReport } from "./options";
import { Recovery } from "./recover";
import { RunLog } from "./runlog";

export interface RunCounters {
	submitted: number;
	resumed: number;
	/** Creates the provider accepted, per job key (more than one is a duplicate). */
	accepted: Map<string, number>;
	costSubmitted: number;
	costUnknown: number;
}

export interface RunContext {
	opts: RunOptions;
	runId: string;
	redact: Redactor;
	runLog: RunLog;
	warnings: string[];
	outcomes: RunReport["outcomes"];
	counters: RunCounters;
	/** Estimated cost of the creates allowed so far, against `settings.budgetUsd`. */
	budget: { committed: number };
	emit(e: RunEvent): void;
	jobEvent(job: PlannedJob, state: JobEvent["state"], extra?: Partial<JobEvent>): void;
	warn(message: Said, notePath?: string): void;
	/** The journal of a job's output folder (opened once per run), or why it cannot be used. */
	journalFor(job: PlannedJob): Promise<Journal | JournalError>;
	/** The run locks this run holds (set by the runner before any journal is opened). */
	locks: FolderLocks;
	/** Rebuilds what a lost journal knew (run log, provider lookup). */
	recovery: Recovery;
	/** Per job key: provider, model and prompt hash, added to its "submitting"/"queued" events for the run log. */
	taskInfo: Map<string, { provider: string; model: string; promptHash: string }>;
	/**
	 * Why an output folder must not be written (it leads outside the vault through a
	 * symlink), or null. Asked once per folder; the first answer is also a warning.
	 */
	outsideVault(folder: string): Promise<string | null>;
}

export function createRunContext(opts: RunOptions, runId: string, keys: string[], folders: ReadonlyMap<string, string>): RunContext {
	const redact = createRedactor(keys);
	const runLog = new RunLog(opts.vault, folders, redact);
	const journals = new Map<string, Journal | JournalError>();
	const taskInfo: RunContext["taskInfo"] = new Map();
	const outside = new Map<string, Promise<string | null>>();
	const emit = (event: RunEvent) => {
		const info = event.type === "job" && (event.state === "submitting" || event.state === "queued") ? taskInfo.get(event.key) : undefined;
		const e = info ? { ...event, ...info } : event;
		const safe: RunEvent =
			e.type === "job"
				? e.message
					? { ...e, message: redact(e.message) }
					: e
				: e.type === "stop" || e.type === "warning"
					? { ...e, message: redact(e.message) }
					: e;
		if (safe.type !== "request") runLog.add(safe, runId);
		else if (safe.status === "error" || (typeof safe.status === "number" && safe.status >= 400)) runLog.add(safe, runId);
		opts.progress?.emit(safe);
	};
	const ctx: RunContext = {
		opts,
		runId,
		redact,
		runLog,
		warnings: [],
		outcomes: new Map(),
		counters: { submitted: 0, resumed: 0, accepted: new Map(), costSubmitted: 0, costUnknown: 0 },
		budget: { committed: 0 },
		emit,
		jobEvent: (job, state, extra = {}) =>
			emit({ type: "job", at: opts.clock.now(), key: job.key, notePath: job.notePath, shotId: job.shotId, take: job.take, state, ...extra }),
		warn: (said, notePath) => {
			const message = sayText(said);
			const code = sayCode(said);
			ctx.warnings.push(message);
			emit({ type: "warning", at: opts.clock.now(), message, ...(code ? { code } : {}), ...(notePath ? { notePath } : {}) });
		},
		journalFor: async (job) => {
			let j = journals.get(job.outputFolder);
			if (!j) {
				try {
					const folder = job.outputFolder;
					j = await Journal.open(
						opts.vault,
						folder,
						job.notePath,
						opts.mode === "dry-run" ? { readOnly: true } : { beforeSubmit: () => ctx.locks.check(folder) },
					);
				} catch (err) {
					j = err instanceof JournalError ? err : new JournalError(String(err));
				}
				journals.set(job.outputFolder, j);
			}
			return j;
		},
		locks: NO_LOCKS,
		recovery: new Recovery(opts.vault, opts.clock, opts.mode),
		taskInfo,
		outsideVault: (folder) => {
			let known = outside.get(folder);
			if (!known) {
				known = (async () => {
					const real = opts.vault.outsideVault ? await opts.vault.outsideVault(folder) : null;
					if (real === null) return null;
					const message = t("run.outsideVault", { folder, real });
					ctx.warn(message);
					return message;
				})();
				outside.set(folder, known);
			}
			return known;
		},
	};
	return ctx;
}
