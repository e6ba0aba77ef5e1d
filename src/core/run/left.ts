/**
 * Where a run left the takes it stopped short of finishing (Ctrl-C, a budget, a
 * rejected or missing key), read from each take's journal entry rather than from
 * how the scheduler stopped: a take may never have been sent, may have been sent
 * without an answer, may be running at the provider, or may be paid for and not
 * yet downloaded. Each is worded for what it is and what the next run does.
 */
import type { LeftState } from "../../ports/events";
import { t } from "../i18n";
import { JournalError } from "../journal";
import type { PlannedJob } from "../types";
import type { RunContext } from "./context";
import type { WorkItem } from "./options";

export interface LeftTake {
	left: LeftState;
	remoteId?: string;
}

/** The state of one take from its journal entry (no entry, or "not-created": never sent). */
export async function leftOf(ctx: RunContext, job: PlannedJob): Promise<LeftTake> {
	const journal = await ctx.journalFor(job);
	const entry = journal instanceof JournalError ? undefined : journal.get(job.shotId, job.take);
	if (!entry || entry.status === "not-created") return { left: "never-sent" };
	const remoteId = entry.remoteId ? { remoteId: entry.remoteId } : {};
	if (entry.status === "succeeded") return { left: "paid-not-downloaded", ...remoteId };
	if (entry.status === "submitted" && entry.remoteId) return { left: "running", ...remoteId };
	return { left: "sent-no-answer", ...remoteId };
}

/** The words for a left take, for the queue, the terminal and the run log. */
export function leftMessage(l: LeftTake): string {
	const task = l.remoteId;
	switch (l.left) {
		case "never-sent":
			return t("run.left.neverSent");
		case "sent-no-answer":
			return t("run.left.sentNoAnswer");
		case "running":
			return task ? t("run.left.runningTask", { task }) : t("run.left.running");
		case "paid-not-downloaded":
			return task ? t("run.left.paidTask", { task }) : t("run.left.paid");
	}
}

/** Marks every take the run stopped short of with where it was left, as one last "cancelled" event. */
export async function reportLeft(ctx: RunContext, items: readonly WorkItem[]): Promise<void> {
	for (const w of items) {
		const o = ctx.outcomes.get(w.job.key);
		if (!o || (o.kind !== "cancelled" && o.kind !== "abandoned")) continue;
		const l = await leftOf(ctx, w.job);
		ctx.jobEvent(w.job, "cancelled", { left: l.left, message: leftMessage(l), ...(l.remoteId ? { remoteId: l.remoteId } : {}) });
	}
}
