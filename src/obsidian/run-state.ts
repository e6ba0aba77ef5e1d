/**
 * Live state of a run, built from the core's run events: what the status bar,
 * the queue view and the shot cards show. Pure bookkeeping, no DOM.
 */
import { estimateJob, estimateRun, formatUsd, type JobEstimate, type RunEstimate, type Spend, spendSoFar, t } from "../core";
import type { BreakerState, JobEvent, JobState, LimitEvent, RunEvent, RunStartEvent, StopEvent, SummaryEvent, WarningEvent } from "../ports/events";
import type { ProgressPort } from "../ports/progress";

/** One job as the queue view shows it: the fields of its latest job event, plus timing. */
export interface JobRow extends Pick<
	JobEvent,
	| "key"
	| "notePath"
	| "shotId"
	| "take"
	| "state"
	| "progress"
	| "remoteId"
	| "requestId"
	| "message"
	| "failure"
	| "provider"
	| "outputPath"
	| "etaMs"
	| "expectedMs"
	| "expectedLearned"
	| "cost"
> {
	/** When it was first seen submitting/running (run clock), for "elapsed". */
	startedAt?: number;
	/** When a poll first saw it running at the provider. */
	runningAt?: number;
	/** When the provider last reported `progress`. */
	progressAt?: number;
	/** The provider accepted its create in this run (its price is spent). */
	accepted?: boolean;
	/** Continued from an earlier run (paid then, not now). */
	resumed?: boolean;
	/** The user cancelled it from the queue before it was sent. */
	cancelledByUser?: boolean;
	updatedAt: number;
	/** Bumped on every change: the queue redraws only rows whose revision moved. */
	rev: number;
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
	/** The warnings as they came (note, and line and shot where known), for the queue view. */
	readonly warningEvents: WarningEvent[] = [];
	/** The run's budget in USD (null: none), set by the run service from the settings. */
	budgetUsd: number | null = null;
	private revs = 0;
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
				this.warningEvents.push(e);
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
		const row: JobRow = prev ?? { key: e.key, notePath: e.notePath, shotId: e.shotId, take: e.take, state: e.state, updatedAt: e.at, rev: 0 };
		// A job finished earlier shows up as "skipped"; a job the user cancelled keeps
		// its "cancelled by you" (unless it turns out to have been sent after all).
		if (
			prev &&
			((prev.state === "done" && e.state === "skipped") ||
				(prev.state === "cancelled" && prev.cancelledByUser === true && (e.state === "pending" || e.state === "cancelled")))
		)
			return;
		row.state = e.state;
		row.updatedAt = e.at;
		if (e.progress !== undefined) {
			row.progress = e.progress;
			row.progressAt = e.at;
		}
		if (e.remoteId) row.remoteId = e.remoteId;
		if (e.requestId) row.requestId = e.requestId;
		if (e.message) row.message = e.message;
		if (e.failure) {
			row.failure = e.failure;
			row.provider = e.provider;
		}
		if (e.outputPath) row.outputPath = e.outputPath;
		if (e.expectedMs !== undefined) {
			row.expectedMs = e.expectedMs;
			row.expectedLearned = e.expectedLearned === true;
		}
		if (e.cost !== undefined) row.cost = e.cost;
		if (e.resumed) row.resumed = true;
		row.etaMs = e.etaMs;
		if (row.startedAt === undefined && ACTIVE.has(e.state)) row.startedAt = e.at;
		if (row.runningAt === undefined && e.state === "running") row.runningAt = e.at;
		// Accepted by the provider (a task exists): its price is spent.
		if (!row.resumed && (e.remoteId || e.state === "queued" || e.state === "running" || e.state === "downloading" || e.state === "done"))
			row.accepted = true;
		if (e.state === "done") row.progress = 100;
		row.rev = ++this.revs;
		this.jobs.set(e.key, row);
	}

	/** A row was changed outside an event (a cancel from the queue): redraw it. */
	touch(key: string): void {
		const row = this.jobs.get(key);
		if (row) row.rev = ++this.revs;
	}

	/** How far a job probably is at the run clock's now (an estimate; see core/estimate.ts). */
	estimate(row: JobRow): JobEstimate {
		return estimateJob(estimateInput(row), this.now());
	}

	/** The run's ETA (an estimate): jobs in flight by their own estimates, waiting ones in the free slots. */
	eta(): RunEstimate {
		const rows = [...this.jobs.values()].filter((j) => j.state !== "skipped" && j.state !== "invalid");
		return estimateRun(rows.map(estimateInput), this.now(), this.limit() ?? 1);
	}

	/** Spend so far (this run's accepted takes at their estimated price), the run's estimate and the budget. */
	spend(): Spend & { estimate: number | null; budget: number | null } {
		const s = spendSoFar([...this.jobs.values()].map((j) => ({ cost: j.cost, accepted: j.accepted === true, uncertain: j.state === "unknown" })));
		return { ...s, estimate: this.start?.costEstimate ?? null, budget: this.budgetUsd };
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

/** "CineFlow 7/20 · 3 running · limit 12 · about 4 m 10 s left · $0.35 of ~$1.00 spent", or "" when there is nothing to show. */
export function statusText(state: RunState | null): string {
	if (!state || state.finished || state.mode === "dry-run") return "";
	const c = state.counts();
	const parts = [t("plugin.status.progress", { done: c.done, total: c.total }), t("plugin.count.running", { count: c.running })];
	if (c.failed) parts.push(t("plugin.count.failed", { count: c.failed }));
	const limit = state.limit();
	if (limit !== null) parts.push(t("plugin.status.limit", { limit }));
	const b = state.breaker();
	if (b === "open") parts.push(t("plugin.status.providerDown"));
	else if (b === "half-open") parts.push(t("plugin.status.providerProbing"));
	const eta = state.eta();
	if (eta.leftMs !== null && eta.open > 0) parts.push(t("plugin.status.eta", { duration: formatDuration(eta.leftMs) }));
	const spend = state.spend();
	const spent = formatUsd(spend.spent);
	if (spend.estimate !== null) parts.push(t("plugin.status.spentOf", { spent, estimate: formatUsd(spend.estimate) }));
	else if (spend.spent > 0) parts.push(t("plugin.status.spent", { spent }));
	return parts.join(" · ");
}

/** "1 m 05 s" style durations for the queue view. */
export function formatDuration(ms: number): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) return t("plugin.dur.s", { s });
	const m = Math.floor(s / 60);
	if (m < 60) return t("plugin.dur.ms", { m, ss: String(s % 60).padStart(2, "0") });
	return t("plugin.dur.hm", { h: Math.floor(m / 60), mm: String(m % 60).padStart(2, "0") });
}

function estimateInput(j: JobRow): Parameters<typeof estimateJob>[0] {
	return {
		state: j.state,
		sentAt: j.startedAt,
		runningAt: j.runningAt,
		expectedMs: j.expectedMs,
		learned: j.expectedLearned,
		progress: j.progress,
		progressAt: j.progressAt,
	};
}

/**
 * "about 4 m 10 s left (estimate from this run's durations)" for a job, "About 4 m 10 s
 * left for the run (…)" for the run (`scope`), or "" when unknown.
 */
export function etaText(e: { leftMs: number | null; basis: string; overdue?: boolean }, scope: "job" | "run" = "job"): string {
	if (e.leftMs === null) return "";
	const from = e.basis === "reported" ? "reported" : e.basis === "learned" ? "learned" : "typical";
	if (scope === "run") return t(`plugin.eta.run.left.${from}`, { duration: formatDuration(e.leftMs) });
	if (e.overdue) return t(`plugin.eta.job.overdue.${from}`);
	return t(`plugin.eta.job.left.${from}`, { duration: formatDuration(e.leftMs) });
}

/** "$0.15 spent of about $0.30 estimated · budget $1.00" (money always to 2 decimals). */
export function spendText(s: ReturnType<RunState["spend"]>): string {
	const spent = formatUsd(s.spent);
	const bits = [s.estimate !== null ? t("plugin.spend.spentOf", { spent, estimate: formatUsd(s.estimate) }) : t("plugin.spend.spent", { spent })];
	if (s.unpriced) bits.push(t("plugin.spend.unpriced", { count: s.unpriced }));
	if (s.uncertain > 0) bits.push(t("plugin.spend.uncertain", { amount: formatUsd(s.uncertain) }));
	if (s.budget !== null) bits.push(t("plugin.spend.budget", { amount: formatUsd(s.budget) }));
	return bits.join(" · ");
}
