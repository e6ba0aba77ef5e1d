/**
 * Live state of a run, built from the core's run events: what the status bar,
 * the queue view and the shot cards show. Pure bookkeeping, no DOM.
 */
import type { BreakerState, JobEvent, JobState, LimitEvent, RunEvent, RunStartEvent, StopEvent, SummaryEvent } from "../core/events";
import type { ProgressPort } from "../ports/progress";

/** One job as the queue view shows it: the fields of its latest job event, plus timing. */
export interface JobRow extends Pick<JobEvent, "key" | "notePath" | "shotId" | "take" | "state" | "progress" | "remoteId" | "requestId" | "message" | "outputPath" | "etaMs"> {
	/** When it was first seen submitting/running (run clock), for "elapsed". */
	startedAt?: number;
	updatedAt: number;
}

export interface Counts {
	total: number;
	done: number;
	running: number;
	waiting: number;
	failed: number;
	cancelled: number;
	skipped: number;
	invalid: number;
}

export const ACTIVE: ReadonlySet<JobState> = new Set<JobState>(["submitting", "queued", "running", "downloading"]);
export const FAILED: ReadonlySet<JobState> = new Set<JobState>(["failed", "unknown", "timed-out", "expired"]);

export type RunMode = "generate" | "dry-run" | "resume" | "regenerate";

export class RunState implements ProgressPort {
	readonly jobs = new Map<string, JobRow>();
	readonly limits = new Map<string, LimitEvent>();
	readonly warnings: string[] = [];
	readonly stops: StopEvent[] = [];
	start: RunStartEvent | null = null;
	summary: SummaryEvent | null = null;
	runId = "";
	/** Output folders of the notes in the run (for the run log). */
	readonly logFolders = new Set<string>();
	private readonly listeners = new Set<(e: RunEvent) => void>();

	constructor(
		readonly target: string,
		readonly mode: RunMode,
		readonly now: () => number,
	) {}

	get finished(): boolean {
		return this.summary !== null;
	}

	/** Subscribe to every event (after the state is updated). Returns the unsubscribe. */
	subscribe(fn: (e: RunEvent) => void): () => void {
		this.listeners.add(fn);
		return () => this.listeners.delete(fn);
	}

	emit(e: RunEvent): void {
		switch (e.type) {
			case "job":
				this.onJob(e);
				break;
			case "limit":
				this.limits.set(e.provider, e);
				break;
			case "run-start":
				this.start = e;
				this.runId = e.runId;
				// A continuation run (after a job was cancelled) reuses this state.
				this.summary = null;
				break;
			case "summary":
				this.summary = e;
				break;
			case "stop":
				this.stops.push(e);
				break;
			case "warning":
				this.warnings.push(e.message);
				break;
			case "request":
				if (e.requestId) {
					const row = this.jobs.get(e.key);
					if (row) row.requestId = e.requestId;
				}
				break;
		}
		for (const fn of [...this.listeners]) fn(e);
	}

	private onJob(e: JobEvent): void {
		const prev = this.jobs.get(e.key);
		const row: JobRow = prev ?? { key: e.key, notePath: e.notePath, shotId: e.shotId, take: e.take, state: e.state, updatedAt: e.at };
		// In a continuation run, a job finished earlier shows up as "skipped", and the
		// job the user cancelled as "cancelled" or not at all: keep what it was.
		if (prev && ((prev.state === "done" && e.state === "skipped") || (prev.state === "cancelled" && prev.message === "Cancelled by you"))) return;
		row.state = e.state;
		row.updatedAt = e.at;
		if (e.progress !== undefined) row.progress = e.progress;
		if (e.remoteId) row.remoteId = e.remoteId;
		if (e.requestId) row.requestId = e.requestId;
		if (e.message) row.message = e.message;
		if (e.outputPath) row.outputPath = e.outputPath;
		row.etaMs = e.etaMs;
		if (row.startedAt === undefined && ACTIVE.has(e.state)) row.startedAt = e.at;
		if (e.state === "done") row.progress = 100;
		this.jobs.set(e.key, row);
	}

	counts(): Counts {
		const c: Counts = { total: 0, done: 0, running: 0, waiting: 0, failed: 0, cancelled: 0, skipped: 0, invalid: 0 };
		for (const j of this.jobs.values()) {
			if (j.state === "skipped") c.skipped++;
			else if (j.state === "invalid") c.invalid++;
			else {
				c.total++;
				if (j.state === "done") c.done++;
				else if (ACTIVE.has(j.state)) c.running++;
				else if (FAILED.has(j.state)) c.failed++;
				else if (j.state === "cancelled") c.cancelled++;
				else c.waiting++;
			}
		}
		if (this.start && !this.summary) c.total = Math.max(c.total, this.start.ready);
		return c;
	}

	/** Sum of the adaptive limits of the providers in the run (null before the first limit event). */
	limit(): number | null {
		if (!this.limits.size) return null;
		let n = 0;
		for (const l of this.limits.values()) n += l.limit;
		return n;
	}

	breaker(): BreakerState {
		let worst: BreakerState = "closed";
		for (const l of this.limits.values()) {
			if (l.breaker === "open") return "open";
			if (l.breaker === "half-open") worst = "half-open";
		}
		return worst;
	}

	/** The latest row of a shot (highest take seen), for its card. */
	shotRow(notePath: string, shotId: string): JobRow | undefined {
		let best: JobRow | undefined;
		for (const j of this.jobs.values()) {
			if (j.notePath !== notePath || j.shotId !== shotId) continue;
			if (!best || j.take > best.take || (j.take === best.take && j.updatedAt >= best.updatedAt)) best = j;
		}
		return best;
	}
}

/** "CineFlow 7/20 · 3 running · limit 12", or "" when there is nothing to show. */
export function statusText(state: RunState | null): string {
	if (!state || state.finished || state.mode === "dry-run") return "";
	const c = state.counts();
	const parts = [`CineFlow ${c.done}/${c.total}`, `${c.running} running`];
	if (c.failed) parts.push(`${c.failed} failed`);
	const limit = state.limit();
	if (limit !== null) parts.push(`limit ${limit}`);
	const b = state.breaker();
	if (b === "open") parts.push("provider down, waiting");
	else if (b === "half-open") parts.push("provider probing");
	return parts.join(" · ");
}

/** "1 m 05 s" style durations for the queue view. */
export function formatDuration(ms: number): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) return `${s} s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m} m ${String(s % 60).padStart(2, "0")} s`;
	return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} m`;
}
