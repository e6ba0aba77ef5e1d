/**
 * Terminal progress for the CLI: one JSON event per line with --json, otherwise a
 * live status line on a TTY (plain lines elsewhere) and a final table.
 */
import { displayWidth, explainJob, formatUsd, type MessageKey, padDisplay, render, t, truncateDisplay } from "../core";
import type { JobEvent, LimitEvent, RunEvent, StopEvent, SummaryEvent } from "../ports/events";
import type { ProgressPort } from "../ports/progress";

export interface TerminalOptions {
	json: boolean;
	out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
	/** Time source for elapsed figures (the run's clock). */
	now: () => number;
	/** Where warnings and the reason a run stopped are written (default: `out`). */
	err?: NodeJS.WritableStream;
	/** What to add to a stop's message, e.g. which environment variable holds the refused key. */
	hint?: (stop: StopEvent) => string | null;
}

interface JobRow {
	key: string;
	notePath: string;
	shotId: string;
	take: number;
	state: JobEvent["state"];
	progress?: number;
	message?: string;
	outputPath?: string;
	requestId?: string;
}

export class TerminalProgress implements ProgressPort {
	private readonly jobs = new Map<string, JobRow>();
	private limit: LimitEvent | null = null;
	private lastDraw = 0;
	private drawn = false;
	private readonly live: boolean;
	/** Stops shown so far (the caller need not repeat the run's stop message). */
	stopsShown = 0;

	constructor(private readonly opts: TerminalOptions) {
		this.live = !opts.json && !!opts.out.isTTY;
	}

	emit(event: RunEvent): void {
		if (this.opts.json) {
			this.opts.out.write(JSON.stringify(event) + "\n");
			return;
		}
		switch (event.type) {
			case "job":
				this.onJob(event);
				break;
			case "limit":
				this.limit = event;
				this.draw(false);
				break;
			case "warning":
				this.toErr(t("cli.warning", { message: event.message }));
				break;
			case "stop":
				this.onStop(event);
				break;
			case "run-start":
				this.line(
					t("cli.progress.start", {
						jobs: t("common.jobs", { count: event.jobs }),
						ready: event.ready,
						skipped: event.skipped,
						invalid: event.invalid,
					}),
				);
				break;
			case "summary":
				this.finish(event);
				break;
			case "request":
				break;
		}
	}

	private onStop(e: StopEvent): void {
		this.stopsShown++;
		const hint = this.opts.hint?.(e);
		const text = hint ? t("cli.progress.hint", { message: e.message, hint }) : e.message;
		if (!this.opts.err) return this.line(t("cli.progress.stopping", { reason: t(`cli.stop.${e.reason}`), message: text }));
		this.toErr(text);
	}

	/** A line for stderr (warnings, why the run stopped), or for `out` when there is no `err`. */
	private toErr(text: string): void {
		if (!this.opts.err) return this.line(text);
		if (this.live && this.drawn) this.opts.out.write("\r\x1b[2K");
		this.opts.err.write(text + "\n");
		this.draw(true);
	}

	private onJob(e: JobEvent): void {
		const row: JobRow = this.jobs.get(e.key) ?? { key: e.key, notePath: e.notePath, shotId: e.shotId, take: e.take, state: e.state };
		row.state = e.state;
		if (e.progress !== undefined) row.progress = e.progress;
		if (e.message) row.message = e.message;
		if (e.outputPath) row.outputPath = e.outputPath;
		if (e.requestId) row.requestId = e.requestId;
		this.jobs.set(e.key, row);
		const label =
			e.take > 1
				? t("cli.progress.labelTake", { note: e.notePath, shot: e.shotId, take: e.take })
				: t("cli.progress.label", { note: e.notePath, shot: e.shotId });
		if (e.state === "done") this.line(t("cli.progress.done", { label, path: e.outputPath ?? "" }));
		else if (e.state === "failed" || e.state === "unknown" || e.state === "expired" || e.state === "timed-out") {
			const state = stateText(e.state);
			const ended = e.message ? t("cli.progress.endedWhy", { label, state, message: e.message }) : t("cli.progress.ended", { label, state });
			// What CineFlow understood and what to do, in the user's language, beside the provider's own words.
			const hint = explainJob(e, "cli");
			this.line(hint ? t("cli.progress.hint", { message: ended, hint: render(hint) }) : ended);
		} else this.draw(false);
	}

	private status(): string {
		let done = 0;
		let running = 0;
		let failed = 0;
		let total = 0;
		for (const j of this.jobs.values()) {
			if (j.state === "skipped" || j.state === "invalid") continue;
			total++;
			if (j.state === "done") done++;
			else if (j.state === "queued" || j.state === "running" || j.state === "submitting" || j.state === "downloading") running++;
			else if (j.state === "failed" || j.state === "unknown" || j.state === "expired" || j.state === "timed-out") failed++;
		}
		const l = this.limit;
		// Segments of a status line separated by " · ", each one message.
		const parts = [t("cli.progress.status", { done, total, running })];
		if (failed) parts.push(t("cli.progress.failed", { failed }));
		if (l) {
			parts.push(t("cli.progress.limit", { limit: l.limit }));
			if (l.breaker !== "closed") parts.push(t(l.breaker === "open" ? "cli.progress.down" : "cli.progress.probing"));
			if (l.rate !== null) parts.push(t("cli.progress.rate", { rate: l.rate }));
		}
		return parts.join("");
	}

	private draw(force: boolean): void {
		if (!this.live) return;
		const now = Date.now();
		if (!force && now - this.lastDraw < 100) return;
		this.lastDraw = now;
		const width = Math.max(20, (this.opts.out.columns ?? 100) - 1);
		this.opts.out.write(`\r\x1b[2K${truncateDisplay(this.status(), width)}`);
		this.drawn = true;
	}

	private line(text: string): void {
		if (this.live && this.drawn) this.opts.out.write("\r\x1b[2K");
		this.opts.out.write(text + "\n");
		this.draw(true);
	}

	private finish(s: SummaryEvent): void {
		if (this.live && this.drawn) this.opts.out.write("\r\x1b[2K");
		this.drawn = false;
		const rows = [...this.jobs.values()].sort((a, b) => a.notePath.localeCompare(b.notePath) || a.shotId.localeCompare(b.shotId) || a.take - b.take);
		if (rows.length) this.opts.out.write("\n" + finalTable(rows) + "\n");
		this.opts.out.write(`\n${summaryLine(s)}\n`);
	}
}

/** A job state in the reader's language. */
export function stateText(state: JobEvent["state"]): string {
	return t(state === "timed-out" ? "cli.state.timedOut" : (`cli.state.${state}` as MessageKey));
}

const MAX_COLUMN = 60;

/** The table after a run: note, shot, take, state, detail; columns sized by display width (CJK = 2), at most 60 (longer cells overflow, uncut). */
export function finalTable(rows: ReadonlyArray<Pick<JobRow, "notePath" | "shotId" | "take" | "state" | "outputPath" | "message">>): string {
	const head = [t("cli.table.note"), t("cli.table.shot"), t("cli.table.take"), t("cli.table.state"), t("cli.table.detail")];
	const body = rows.map((r) => [r.notePath, r.shotId, String(r.take), stateText(r.state), r.outputPath ?? r.message ?? ""]);
	const widths = head.map((h, i) => Math.min(MAX_COLUMN, Math.max(displayWidth(h), ...body.map((b) => displayWidth(b[i] ?? "")))));
	const fmt = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : padDisplay(c, widths[i] ?? 0))).join("  ");
	return [fmt(head), fmt(widths.map((w) => "-".repeat(w))), ...body.map(fmt)].join("\n");
}

/** The last line of a run: its counts and estimated cost. */
export function summaryLine(s: SummaryEvent): string {
	return t("cli.summary", {
		submitted: s.submitted,
		succeeded: s.succeeded,
		failed: s.failed,
		skipped: s.skipped,
		resumed: s.resumed,
		invalid: s.invalid,
		unknown: s.unknown,
		busy: s.busy ? t("cli.summary.busy", { busy: s.busy }) : "",
		cost: s.cost_estimate === null ? t("common.unknown") : formatUsd(s.cost_estimate),
		stopped: s.stopped ? t("cli.summary.stopped", { reason: t(`cli.stop.${s.stopped}`) }) : "",
	});
}
