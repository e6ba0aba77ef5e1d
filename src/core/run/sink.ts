/**
 * Stage 2, sink: what the scheduler reports about each job goes to the journal
 * before anything else (so a crash resumes instead of paying again), and each
 * create is checked against the budget first.
 */
import type { Journal } from "../journal";
import { JournalError } from "../journal";
import { formatUsd } from "../cost";
import { t } from "../i18n";
import type { Failure, ModelSpec } from "../providers/types";
import type { EngineSink, StopDecision } from "../scheduler/engine";
import type { Shot } from "../types";
import type { RunContext } from "./context";
import { deliver } from "./deliver";
import { prepareInput } from "./inputs";
import type { WorkItem } from "./options";
import type { ReferenceContext } from "./references";

type Patch = Parameters<Journal["update"]>[2];

/** Journal access for the jobs of one provider, by engine job key. */
export interface JobJournal {
	item(key: string): WorkItem;
	journal(key: string): Promise<Journal>;
	record(key: string, patch: Patch): Promise<void>;
}

export function jobJournal(ctx: RunContext, provider: string, planned: ReadonlyMap<string, WorkItem>): JobJournal {
	const item = (key: string) => planned.get(key) as WorkItem;
	const journal = async (key: string): Promise<Journal> => {
		const j = await ctx.journalFor(item(key).job);
		if (j instanceof JournalError) throw j;
		return j;
	};
	return {
		item,
		journal,
		record: async (key, patch) => {
			const w = item(key);
			const base = { shotId: w.job.shotId, take: w.job.take, provider, model: w.job.model, promptHash: w.job.promptHash, outputPath: w.job.outputPath };
			await (await journal(key)).update(w.job.shotId, w.job.take, patch, base);
		},
	};
}

/** Stops before a create that would take the estimate over the budget (or whose price is unknown). */
export function budgetCheck(ctx: RunContext, provider: string, w: WorkItem): StopDecision {
	const budget = ctx.opts.settings.budgetUsd;
	if (budget === null) return null;
	if (w.job.cost === null)
		return {
			reason: "budget",
			message: t("run.budget.unknownPrice", { note: w.job.notePath, shot: w.job.shotId, budget: formatUsd(budget), provider, model: w.job.model }),
		};
	const committed = ctx.budget.committed;
	if (committed + w.job.cost > budget + 1e-9) {
		return { reason: "budget", message: t("run.budget.reached", { budget: formatUsd(budget), spent: formatUsd(committed), next: formatUsd(w.job.cost) }) };
	}
	ctx.budget.committed += w.job.cost;
	return null;
}

export interface SinkDeps {
	provider: string;
	planned: ReadonlyMap<string, WorkItem>;
	specOf(model: string): ModelSpec | undefined;
	shotOf(w: WorkItem): Shot | undefined;
	refCtx: ReferenceContext;
}

export function createSink(ctx: RunContext, d: SinkDeps): EngineSink {
	const jj = jobJournal(ctx, d.provider, d.planned);
	const now = () => ctx.opts.clock.now();
	return {
		prepare: (job) => {
			const w = jj.item(job.key);
			return prepareInput(ctx, w, job.input, d.specOf(w.job.model), d.shotOf(w), d.refCtx);
		},
		allowSubmit: (job) => budgetCheck(ctx, d.provider, jj.item(job.key)),
		withdrawn: (job) => ctx.opts.withdrawn?.(job.key) ?? false,
		submitting: async (job) => {
			const w = jj.item(job.key);
			const prev = (await jj.journal(job.key)).get(w.job.shotId, w.job.take);
			await jj.record(job.key, { status: "submitting", attempts: (prev?.attempts ?? 0) + 1, submittedAt: now(), updatedAt: now() });
		},
		submitted: async (job, remoteId, requestId) => {
			const w = jj.item(job.key);
			const prev = (await jj.journal(job.key)).get(w.job.shotId, w.job.take);
			const c = ctx.counters;
			c.accepted.set(job.key, (c.accepted.get(job.key) ?? 0) + 1);
			c.submitted++;
			if (w.job.cost === null) c.costUnknown++;
			else c.costSubmitted += w.job.cost;
			await jj.record(job.key, {
				status: "submitted",
				remoteId,
				requestIds: [...(prev?.requestIds ?? []), ...(requestId ? [requestId] : [])],
				error: undefined,
				updatedAt: now(),
			});
		},
		notCreated: async (job) => {
			await jj.record(job.key, { status: "not-created", updatedAt: now() });
		},
		unknown: async (job, message) => {
			await jj.record(job.key, { status: "unknown", error: message, updatedAt: now() });
		},
		failed: async (job, failure: Failure, remoteId) => {
			// Never sent (its reference image could not be prepared): nothing was paid, so
			// nothing is journaled and the next run tries the take again.
			const w = jj.item(job.key);
			if (!remoteId && !(await jj.journal(job.key)).get(w.job.shotId, w.job.take)) return;
			await jj.record(job.key, { status: "failed", error: failure.message, ...(remoteId ? { remoteId } : {}), updatedAt: now() });
		},
		timedOut: async (job, remoteId, message) => {
			await jj.record(job.key, { status: "timed-out", remoteId, error: message, updatedAt: now() });
		},
		deliver: (job, remoteId, download, control) => deliver(ctx, jj, job, remoteId, download, control),
		warn: (message) => ctx.warn(message),
	};
}
