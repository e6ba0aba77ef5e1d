/**
 * The run log: the same redacted events as `--json`, appended as NDJSON next to
 * each note's journal (`<output folder>/.cineflow-run.ndjson`). Job events go to
 * their note's log; run-wide events go to every log of the run.
 *
 * It is also the second record of paid tasks: when a journal is lost, the task
 * ids found here are adopted instead of submitted again (readRunLog). It stays a
 * hidden, local file: it grows with every run, and the journal is what syncs.
 */
import type { VaultPort } from "../../ports/vault";
import type { JobEvent, RunEvent } from "../../ports/events";
import { redactDeep, type Redactor } from "../redact";

export const RUN_LOG_NAME = ".cineflow-run.ndjson";

export class RunLog {
	private buffers = new Map<string, string[]>();
	private chain: Promise<void> = Promise.resolve();

	constructor(
		private readonly vault: VaultPort,
		/** note path → output folder */
		private readonly folders: ReadonlyMap<string, string>,
		private readonly redact: Redactor,
	) {}

	add(event: RunEvent, runId: string): void {
		const line = JSON.stringify({ run: runId, ...redactDeep(event, this.redact) });
		const notePath = "notePath" in event ? event.notePath : undefined;
		const targets = notePath ? [this.folders.get(notePath)] : [...new Set(this.folders.values())];
		for (const folder of targets) {
			if (!folder) continue;
			const buf = this.buffers.get(folder) ?? [];
			buf.push(line);
			this.buffers.set(folder, buf);
		}
	}

	/** Appends what was buffered. Serialized; failures to log never fail the run. */
	flush(): Promise<void> {
		const work = [...this.buffers.entries()];
		this.buffers.clear();
		const run = async () => {
			for (const [folder, lines] of work) {
				if (!lines.length) continue;
				try {
					await this.vault.ensureFolder(folder);
					await this.vault.append(`${folder}/${RUN_LOG_NAME}`, lines.join("\n") + "\n");
				} catch {
					// The log is for traceability; the journal is what protects the user.
				}
			}
		};
		this.chain = this.chain.then(run, run);
		return this.chain;
	}
}

/** What a folder's run log says about one take, folded over every run. */
export interface LoggedTake {
	shotId: string;
	take: number;
	/** The take's remote task, once a create was answered (or a lookup found it). */
	remoteId?: string;
	/** The last state that matters for paying: a create was sent, a task exists, or how it ended. */
	status: "submitting" | "submitted" | "succeeded" | "done" | "failed" | "unknown" | "timed-out" | "expired";
	/** When the first create for it was sent (the run's clock). */
	firstAt: number;
	provider?: string;
	model?: string;
	promptHash?: string;
	error?: string;
}

export interface RunLogHistory {
	/** By `shotId#take`. */
	takes: Map<string, LoggedTake>;
	/** The earliest event in the log, null when there is none. */
	firstAt: number | null;
}

const ENDS: Partial<Record<JobEvent["state"], LoggedTake["status"]>> = {
	submitting: "submitting",
	queued: "submitted",
	running: "submitted",
	downloading: "succeeded",
	done: "done",
	failed: "failed",
	unknown: "unknown",
	"timed-out": "timed-out",
	expired: "expired",
};

/** Reads a folder's run log (unreadable lines are skipped) and folds its job events per take. */
export async function readRunLog(vault: VaultPort, folder: string): Promise<RunLogHistory> {
	const text = await vault.read(`${folder}/${RUN_LOG_NAME}`).catch(() => null);
	const takes = new Map<string, LoggedTake>();
	let firstAt: number | null = null;
	if (!text) return { takes, firstAt };
	for (const line of text.split("\n")) {
		if (!line.startsWith("{")) continue;
		let e: Partial<JobEvent> & { type?: string };
		try {
			e = JSON.parse(line) as Partial<JobEvent> & { type?: string };
		} catch {
			continue;
		}
		if (typeof e.at === "number" && (firstAt === null || e.at < firstAt)) firstAt = e.at;
		if (e.type !== "job" || typeof e.shotId !== "string" || typeof e.take !== "number" || !e.state) continue;
		const status = ENDS[e.state];
		if (!status) continue;
		const key = `${e.shotId}#${e.take}`;
		const prev = takes.get(key);
		// Before any create (a reference that could not be prepared) nothing was paid.
		if (!prev && status === "failed" && !e.remoteId) continue;
		const next: LoggedTake = prev ?? { shotId: e.shotId, take: e.take, status, firstAt: e.at ?? 0 };
		// A download that failed after the task finished: the video is still there to fetch
		// (the journal keeps such a take "succeeded" and retries the download only).
		next.status = next.status === "succeeded" && status === "failed" ? "succeeded" : status;
		if (e.remoteId) next.remoteId = e.remoteId;
		if (e.provider) next.provider = e.provider;
		if (e.model) next.model = e.model;
		if (e.promptHash) next.promptHash = e.promptHash;
		if (e.message && (status === "failed" || status === "unknown" || status === "expired")) next.error = e.message;
		takes.set(key, next);
	}
	return { takes, firstAt };
}
