/**
 * A lost journal (deleted, or never synced to this device) must not mean paying
 * again for tasks that were already paid:
 *  1. the task ids in the folder's run log are adopted: their takes are polled
 *     and downloaded, not submitted (recoverShot);
 *  2. a take the log says nothing about, in a folder that shows an earlier run
 *     (a run log, videos, any file), is looked up in the provider's task list before any
 *     create when the provider has one (lookupFirst): a recent task with the same
 *     prompt is adopted; only a take found nowhere is submitted. The new journal is
 *     marked `rebuilt`, so later runs keep looking up the takes it does not know (a
 *     killed run may rewrite the journal before it reaches them).
 */
import type { Journal } from "../journal";
import { outputPathFor } from "../paths";
import { getAdapter } from "../providers/index";
import type { PlannedJob } from "../types";
import type { RunMode } from "./options";
import { RUN_LOCK_NAME } from "./locks";
import { readRunLog, type RunLogHistory } from "./runlog";
import type { TakeAction } from "./takes";
import type { VaultPort } from "../../ports/vault";
import type { Clock } from "../../ports/clock";

/** How far back a lookup looks when nothing dates the earlier run. */
const LOOKBACK_MS = 24 * 3600_000;

function canLookup(provider: string): boolean {
	try {
		return getAdapter(provider).canLookup;
	} catch {
		return false;
	}
}

export class Recovery {
	private readonly histories = new Map<string, Promise<RunLogHistory>>();
	/** Takes adopted from run logs in this run. */
	adopted = 0;

	constructor(
		private readonly vault: VaultPort,
		private readonly clock: Clock,
		private readonly mode: RunMode,
	) {}

	private history(folder: string): Promise<RunLogHistory> {
		let h = this.histories.get(folder);
		if (!h) {
			h = readRunLog(this.vault, folder);
			this.histories.set(folder, h);
		}
		return h;
	}

	/**
	 * Adopts the takes of `first`'s shot that the run log knows and a missing
	 * journal does not (a journal that was there is trusted as it is).
	 */
	async recoverShot(journal: Journal, first: PlannedJob): Promise<void> {
		if (journal.existed) return;
		const h = await this.history(first.outputFolder);
		// The journal written from here on replaces a lost one: say so in it before anything is
		// written (a run killed after this write must not leave a journal that looks complete).
		if (h.firstAt !== null) journal.markRebuilt(this.clock.now());
		for (const t of h.takes.values()) {
			if (t.shotId !== first.shotId || journal.get(t.shotId, t.take)) continue;
			const base = {
				shotId: t.shotId,
				take: t.take,
				provider: t.provider ?? first.provider,
				model: t.model ?? first.model,
				// Logs written before prompt hashes were logged: taken as the current prompt's.
				promptHash: t.promptHash ?? first.promptHash,
				outputPath: outputPathFor(first.outputFolder, t.shotId, t.take),
			};
			await journal.update(
				t.shotId,
				t.take,
				{
					status: t.status,
					attempts: 1,
					submittedAt: t.firstAt,
					updatedAt: this.clock.now(),
					recovered: "run-log",
					...(t.remoteId ? { remoteId: t.remoteId } : {}),
					...(t.error ? { error: t.error } : {}),
				},
				base,
			);
			this.adopted++;
		}
	}

	/**
	 * A new create in a folder whose journal was lost becomes a lookup first (the
	 * scheduler's reconcile: found → adopted, absent twice → submitted), when the
	 * provider can list its tasks.
	 */
	async lookupFirst(journal: Journal, job: PlannedJob, action: TakeAction, existing: ReadonlyMap<string, number>): Promise<TakeAction> {
		// A journal that replaced a lost one keeps asking: the takes it does not know may be paid tasks
		// whose only record went with the old journal (a later run rewrote the folder's journal).
		if (action.kind !== "submit" || (journal.existed && !journal.rebuilt)) return action;
		if (this.mode !== "generate" && this.mode !== "regenerate") return action;
		if (!canLookup(job.provider)) return action;
		const h = await this.history(job.outputFolder);
		// Anything in the folder (videos, keyframes, a run log) shows an earlier run; a run lock alone
		// does not (it is taken before any journal is written, and this run may hold it).
		const earlier = [...existing.keys()].some((p) => p.startsWith(job.outputFolder + "/") && !p.endsWith(`/${RUN_LOCK_NAME}`));
		if (h.takes.size === 0 && h.firstAt === null && !earlier && !journal.rebuilt) return action;
		journal.markRebuilt(this.clock.now());
		return { kind: "ambiguous", since: h.firstAt ?? this.clock.now() - LOOKBACK_MS };
	}
}
