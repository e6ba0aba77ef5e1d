/**
 * Terminal progress for the CLI: one JSON event per line with --json, otherwise a
 * live status line on a TTY (plain lines elsewhere) and a final table.
 */
import { formatUsd } from "../core/cost";
import type { JobEvent, LimitEvent, RunEvent, StopEvent, SummaryEvent } from "../core/events";
import { plural } from "../core/words";
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
				this.toErr(`warning: ${event.message}`);
				break;
			case "stop":
				this.onStop(event);
				break;
			case "run-start":
				this.line(`CineFlow: ${plural(event.jobs, "job")} (${event.ready} to run, ${event.skipped} already done, ${event.invalid} invalid)`);
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
		const text = `${e.message}${hint ? `\n  hint: ${hint}` : ""}`;
		if (!this.opts.err) return this.line(`stopping (${e.reason}): ${text}`);
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
		const label = `${e.notePath} ${e.shotId}${e.take > 1 ? ` take ${e.take}` : ""}`;
		if (e.state === "done") this.line(`✓ ${label} → ${e.outputPath ?? ""}`);
		else if (e.state === "failed" || e.state === "unknown" || e.state === "expired" || e.state === "timed-out") this.line(`✗ ${label}: ${e.state}${e.message ? ` — ${e.message}` : ""}`);
		else this.draw(false);
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
		const extra = l ? ` · limit ${l.limit}${l.breaker !== "closed" ? ` · provider ${l.breaker === "open" ? "down, waiting" : "probing"}` : ""}${l.rate !== null ? ` · ${l.rate}/min` : ""}` : "";
		return `CineFlow ${done}/${total} done · ${running} running${failed ? ` · ${failed} failed` : ""}${extra}`;
	}

	private draw(force: boolean): void {
		if (!this.live) return;
		const now = Date.now();
		if (!force && now - this.lastDraw < 100) return;
		this.lastDraw = now;
		const width = Math.max(20, (this.opts.out.columns ?? 100) - 1);
		this.opts.out.write(`\r\x1b[2K${this.status().slice(0, width)}`);
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
		if (rows.length) {
			const head = ["note", "shot", "take", "state", "detail"];
			const body = rows.map((r) => [r.notePath, r.shotId, String(r.take), r.state, r.outputPath ?? r.message ?? ""]);
			const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => (b[i] ?? "").length))));
			const fmt = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
			this.opts.out.write("\n" + fmt(head) + "\n" + fmt(widths.map((w) => "-".repeat(w))) + "\n");
			for (const b of body) this.opts.out.write(fmt(b) + "\n");
		}
		const cost = s.cost_estimate === null ? "unknown" : formatUsd(s.cost_estimate);
		this.opts.out.write(
			`\nsubmitted ${s.submitted} · succeeded ${s.succeeded} · failed ${s.failed} · skipped ${s.skipped} · resumed ${s.resumed} · invalid ${s.invalid} · unknown ${s.unknown}${s.busy ? ` · left to another run ${s.busy}` : ""} · estimated cost ${cost}${s.stopped ? ` · stopped: ${s.stopped}` : ""}\n`,
		);
	}
}
