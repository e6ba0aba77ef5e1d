/**
 * Stage 1, work: the plan's jobs matched against each output folder's journal and
 * the videos already there, giving one action per take (submit, poll, reconcile,
 * skip, report), filtered to what this run was asked to do.
 */
import { t } from "../i18n";
import { JournalError } from "../journal";
import { outputPathFor } from "../paths";
import type { Plan } from "../plan";
import type { PlannedJob } from "../types";
import type { RunContext } from "./context";
import type { WorkItem } from "./options";
import { getAdapter } from "../providers/index";
import { roundUsd } from "../cost";
import { allocateTakes, type TakeAction, type TakeSlot } from "./takes";

export function withTake(job: PlannedJob, take: number): PlannedJob {
	if (take === job.take) return job;
	return { ...job, take, key: `${job.notePath}::${job.shotId}::${take}`, outputPath: outputPathFor(job.outputFolder, job.shotId, take) };
}

/** Take numbers whose video (mp4 or webm) exists with some bytes in the shot's output folder. */
function takesPresent(first: PlannedJob, existing: ReadonlyMap<string, number>): Set<number> {
	const present = new Set<number>();
	const prefix = first.outputPath.replace(/\.mp4$/, "");
	for (const [path, size] of existing) {
		if (size <= 0 || !path.startsWith(first.outputFolder + "/")) continue;
		if (path === first.outputPath || path === first.outputPath.replace(/\.mp4$/, ".webm")) present.add(1);
		const m = path.startsWith(prefix + ".take") ? /\.take(\d+)\.(?:mp4|webm)$/.exec(path) : null;
		if (m) present.add(Number(m[1]));
	}
	return present;
}

/**
 * One work item per take this run covers. In "regenerate" mode the other shots'
 * unfinished takes are left out (their finished ones are still listed as done);
 * "resume" leaves out takes that would need a new create.
 */
export async function buildWork(ctx: RunContext, plan: Plan, existing: ReadonlyMap<string, number>): Promise<WorkItem[]> {
	const { opts } = ctx;
	const work: WorkItem[] = [];
	const byShot = new Map<string, PlannedJob[]>();
	for (const job of plan.jobs) {
		if (job.status === "invalid") {
			work.push({ job, action: { kind: "invalid", message: job.reason ?? "invalid" } });
			continue;
		}
		const k = `${job.notePath}::${job.shotId}`;
		const list = byShot.get(k) ?? [];
		list.push(job);
		byShot.set(k, list);
	}
	for (const [, jobs] of byShot) {
		const first = jobs[0] as PlannedJob;
		// An output folder that leads outside the vault (a symlinked `_assets`): its shots
		// are not run at all, so nothing is paid for that could not be written.
		const outside = await ctx.outsideVault(first.outputFolder);
		if (outside) {
			for (const job of jobs) work.push({ job, action: { kind: "invalid", message: outside } });
			continue;
		}
		const busy = ctx.locks.busy(first.outputFolder);
		if (busy) {
			for (const job of jobs) work.push({ job, action: { kind: "busy", message: busy } });
			continue;
		}
		const journal = await ctx.journalFor(first);
		if (journal instanceof JournalError) {
			for (const job of jobs) work.push({ job, action: { kind: "invalid", message: journal.message } });
			continue;
		}
		// A lost journal: the run log's task ids are adopted before takes are counted.
		await ctx.recovery.recoverShot(journal, first);
		const regen =
			opts.mode === "regenerate" && opts.regenerate?.notePath === first.notePath && opts.regenerate.shotId === (first.anchor?.id ?? first.shotId);
		const slots = allocateTakes({
			wanted: jobs.length,
			promptHash: first.promptHash,
			entries: journal.entriesFor(first.shotId),
			filesPresent: takesPresent(first, existing),
			extra: regen ? 1 : undefined,
		});
		for (const slot of slots) {
			const action: TakeAction = await ctx.recovery.lookupFirst(
				journal,
				withTake(first, slot.take),
				unknownAction(slot, first.provider, opts.resubmitUnknown === true),
				existing,
			);
			// Regenerating one shot: the others are not selected, except to report their videos as there.
			if (opts.mode === "regenerate" && !regen && action.kind !== "done") continue;
			if (opts.mode === "resume" && action.kind === "submit") continue;
			work.push({ job: withTake(first, slot.take), action });
		}
	}
	if (opts.mode === "regenerate" || !opts.select) return work;
	const select = opts.select;
	return work.filter((w) => w.action.kind === "invalid" || select(w.job));
}

/**
 * A take an earlier run left "unknown" (its create may have made a task): looked up
 * again by every means the provider offers (its task list: found → adopted, absent
 * twice → submitted); without one it stays a question for the user, unless they
 * chose to resubmit anyway (`--resubmit-unknown`, the "Resubmit unknown shots"
 * command). Never re-sent silently, never stranded silently.
 */
export function unknownAction(slot: TakeSlot, provider: string, resubmit: boolean): TakeAction {
	const a = slot.action;
	if (a.kind !== "report" || a.status !== "unknown") return a;
	if (resubmit) return { kind: "submit" };
	if (slot.entry && canLookup(provider)) return { kind: "ambiguous", since: slot.entry.submittedAt ?? slot.entry.updatedAt };
	return a;
}

function canLookup(provider: string): boolean {
	try {
		return getAdapter(provider).canLookup;
	} catch {
		return false;
	}
}

/** Items that go to the scheduler: new creates, polls of earlier tasks, creates to reconcile. */
export function isReady(w: WorkItem): boolean {
	return w.action.kind === "submit" || w.action.kind === "poll" || w.action.kind === "ambiguous";
}

/** Summed estimate of the items' prices, null when none is known. */
export function costOf(items: WorkItem[]): number | null {
	let cost: number | null = null;
	for (const w of items) if (w.job.cost !== null) cost = (cost ?? 0) + w.job.cost;
	return cost === null ? null : roundUsd(cost);
}

/** Settles the items that need no scheduler: videos already there, shots that cannot run, earlier outcomes. */
export function settleEarlier(ctx: RunContext, items: WorkItem[]): void {
	for (const w of items) {
		if (w.action.kind === "done") {
			ctx.outcomes.set(w.job.key, { kind: "skipped" });
			ctx.jobEvent(w.job, "skipped", { outputPath: w.job.outputPath });
		} else if (w.action.kind === "invalid") {
			ctx.outcomes.set(w.job.key, { kind: "invalid", message: w.action.message });
			ctx.jobEvent(w.job, "invalid", { message: w.action.message });
		} else if (w.action.kind === "busy") {
			ctx.outcomes.set(w.job.key, { kind: "busy", message: w.action.message });
			ctx.jobEvent(w.job, "skipped", { message: w.action.message });
		} else if (w.action.kind === "report") {
			ctx.outcomes.set(w.job.key, { kind: "reported", status: w.action.status, message: w.action.message });
			const message = t(w.action.status === "unknown" ? "run.report.unknownNext" : "run.report.failedNext", { message: w.action.message });
			ctx.jobEvent(w.job, w.action.status, { message });
		}
	}
}
