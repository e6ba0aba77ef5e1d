/**
 * Which take numbers a shot's jobs use, given what the journal and the output
 * folder already hold. Takes made from the current prompt count toward `takes`;
 * takes made from an older prompt keep their files and their numbers, and new
 * work gets the next free numbers. So a changed prompt becomes a new take and
 * nothing is ever silently overwritten.
 */
import { t } from "../i18n";
import type { JournalEntry } from "../journal";

export type TakeAction =
	/** Nothing to do: the video exists. */
	| { kind: "done" }
	/** Submit a new generation. */
	| { kind: "submit" }
	/** Poll a task submitted earlier (also for timed-out and finished-but-not-downloaded tasks). */
	| { kind: "poll"; remoteId: string }
	/** A create whose answer was never recorded: reconcile before anything else. */
	| { kind: "ambiguous"; since: number }
	/** Earlier outcome that needs the user (failed, unknown, expired): reported, not retried. */
	| { kind: "report"; status: "failed" | "unknown" | "expired"; message: string };

export interface TakeSlot {
	take: number;
	action: TakeAction;
	entry?: JournalEntry;
}

export interface TakeInput {
	/** Takes wanted from the current prompt. */
	wanted: number;
	promptHash: string;
	entries: JournalEntry[];
	/** Take numbers whose video file exists (size > 0). */
	filesPresent: ReadonlySet<number>;
	/** Extra fresh takes beyond those already made (regenerate). */
	extra?: number;
}

function actionFor(e: JournalEntry, filePresent: boolean): TakeAction {
	if (filePresent) return { kind: "done" };
	switch (e.status) {
		case "done":
		case "succeeded":
		case "submitted":
		case "timed-out":
			return e.remoteId ? { kind: "poll", remoteId: e.remoteId } : { kind: "ambiguous", since: e.submittedAt ?? e.updatedAt };
		case "submitting":
			return e.remoteId ? { kind: "poll", remoteId: e.remoteId } : { kind: "ambiguous", since: e.submittedAt ?? e.updatedAt };
		case "not-created":
			// The provider said no task was made: submitting is safe and pays once.
			return { kind: "submit" };
		case "failed":
			return { kind: "report", status: "failed", message: e.error ?? t("run.report.failedEarlier") };
		case "unknown":
			return { kind: "report", status: "unknown", message: e.error ?? t("run.report.unknownEarlier") };
		case "expired":
			return { kind: "report", status: "expired", message: e.error ?? t("run.report.expiredEarlier") };
	}
}

export function allocateTakes(input: TakeInput): TakeSlot[] {
	const byTake = new Map(input.entries.map((e) => [e.take, e]));
	const occupied = new Set<number>([...byTake.keys(), ...input.filesPresent]);
	const mine: TakeSlot[] = [];
	for (const e of [...input.entries].sort((a, b) => a.take - b.take)) {
		if (e.promptHash === input.promptHash) mine.push({ take: e.take, action: actionFor(e, input.filesPresent.has(e.take)), entry: e });
	}
	// A video without a journal entry (an older run, or a journal that was deleted)
	// is taken as made from this prompt: never regenerate over a file.
	for (const t of [...input.filesPresent].sort((a, b) => a - b)) {
		if (!byTake.has(t)) mine.push({ take: t, action: { kind: "done" } });
	}
	mine.sort((a, b) => a.take - b.take);
	const slots = input.extra ? mine : mine.slice(0, Math.max(input.wanted, 0));
	const need = input.extra ? input.extra : Math.max(0, input.wanted - slots.length);
	let t = 1;
	for (let i = 0; i < need; i++) {
		while (occupied.has(t)) t++;
		occupied.add(t);
		slots.push({ take: t, action: { kind: "submit" } });
	}
	return slots;
}
