/**
 * The queue view (right sidebar): every job of the current (or last) run, live —
 * state, progress (interpolated between polls, labelled as an estimate), elapsed /
 * time left, the copyable request id, per-job cancel, the provider's message for
 * failures — with summary counts, the run's ETA and spend against the estimate and
 * the budget, the adaptive limit and breaker state, the run's warnings, and
 * Cancel all / Resume / Run log buttons.
 *
 * Drawing: the frame is built once per run; a tick redraws only the rows whose
 * revision moved (RunState bumps it on every change) and updates the progress bar
 * and time text of running rows in place.
 */
import { ItemView, Notice, Platform, TFile, setIcon, type WorkspaceLeaf } from "obsidian";
import type { WarningEvent } from "../core/events";
import type { CineFlowHost } from "./host";
import { RunLogModal } from "./modals";
import { ACTIVE, FAILED, etaText, formatDuration, spendText, type JobRow, type RunState } from "./run-state";

export const QUEUE_VIEW_TYPE = "cineflow-queue";

const STATE_LABEL: Record<string, string> = {
	pending: "Waiting",
	submitting: "Submitting",
	queued: "Queued",
	running: "Running",
	downloading: "Downloading",
	done: "Done",
	failed: "Failed",
	unknown: "Unknown",
	"timed-out": "Timed out",
	expired: "Expired",
	cancelled: "Cancelled",
	skipped: "Already done",
	invalid: "Invalid",
};

const MAX_ROWS = 500;

interface Frame {
	state: RunState | null;
	cancel: HTMLButtonElement;
	resume: HTMLButtonElement;
	log: HTMLButtonElement;
	title?: HTMLElement;
	counts?: HTMLElement;
	limit?: HTMLElement;
	eta?: HTMLElement;
	spend?: HTMLElement;
	stops?: HTMLElement;
	warnings?: HTMLDetailsElement;
	warningList?: HTMLElement;
	warningCount?: HTMLElement;
	list?: HTMLElement;
	more?: HTMLElement;
}

interface DrawnRow {
	el: HTMLElement;
	rev: number;
	bar?: HTMLElement;
	time?: HTMLElement;
}

export class QueueView extends ItemView {
	private dirty = true;
	private frame: Frame | null = null;
	private readonly drawn = new Map<string, DrawnRow>();
	private warningsShown = 0;
	private stopsShown = 0;

	constructor(
		leaf: WorkspaceLeaf,
		private readonly host: CineFlowHost,
	) {
		super(leaf);
	}

	getViewType(): string {
		return QUEUE_VIEW_TYPE;
	}
	getDisplayText(): string {
		return "Shot queue";
	}
	getIcon(): string {
		return "list-video";
	}

	async onOpen(): Promise<void> {
		this.contentEl.addClass("cineflow-queue");
		if (Platform.isMobile) this.contentEl.addClass("cineflow-mobile");
		const runs = this.host.runs();
		this.register(
			runs.onChange(() => {
				this.dirty = true;
				this.render();
			}),
		);
		this.register(
			runs.onEvent((e) => {
				this.dirty = true;
				if (e.type === "summary" || e.type === "run-start") this.render();
			}),
		);
		// Redraw at most twice a second while something changed or a run is live (elapsed times, estimates).
		this.registerInterval(
			window.setInterval(() => {
				if (this.dirty || runs.running) this.render();
			}, 500),
		);
		this.render();
	}

	async onClose(): Promise<void> {
		this.contentEl.empty();
		this.frame = null;
		this.drawn.clear();
	}

	/** Brings the view up to date; rebuilds only when the run itself changed. */
	render(): void {
		this.dirty = false;
		const state = this.host.runs().current;
		if (!this.frame || this.frame.state !== state) this.build(state);
		const f = this.frame as Frame;
		this.updateToolbar(f, state);
		if (!state) return;
		this.updateSummary(f, state);
		this.updateWarnings(f, state.warningEvents);
		this.updateRows(f, state);
	}

	private build(state: RunState | null): void {
		const el = this.contentEl;
		el.empty();
		this.drawn.clear();
		this.warningsShown = 0;
		this.stopsShown = 0;
		const runs = this.host.runs();
		const bar = el.createDiv({ cls: "cineflow-queue-toolbar" });
		const cancel = bar.createEl("button", { cls: "cineflow-cancel-all", text: "Cancel all" });
		cancel.addEventListener("click", () => {
			runs.cancelAll();
			this.render();
		});
		const resume = bar.createEl("button", { cls: "cineflow-resume", text: "Resume" });
		resume.addEventListener("click", () => void runs.resume());
		const log = bar.createEl("button", { cls: "cineflow-open-log", text: "Run log" });
		log.addEventListener("click", () => {
			if (state) new RunLogModal(this.app, [...state.logFolders], state.runId).open();
		});
		const f: Frame = { state, cancel, resume, log };
		this.frame = f;
		if (!state) {
			el.createDiv({ cls: "cineflow-empty", text: "No run yet. Use a command such as generate shots in note, or the clapperboard in the ribbon." });
			return;
		}
		const box = el.createDiv({ cls: "cineflow-queue-summary" });
		f.title = box.createDiv({ cls: "cineflow-queue-title" });
		f.counts = box.createDiv({ cls: "cineflow-queue-counts" });
		f.eta = box.createDiv({ cls: "cineflow-queue-eta" });
		f.spend = box.createDiv({ cls: "cineflow-queue-spend" });
		f.limit = box.createDiv({ cls: "cineflow-queue-limit" });
		f.stops = box.createDiv({ cls: "cineflow-queue-stops" });
		const warnings = el.createEl("details", { cls: ["cineflow-queue-warnings", "cineflow-hidden"] });
		warnings.setAttr("open", true);
		f.warningCount = warnings.createEl("summary", { text: "" });
		f.warningList = warnings.createDiv({ cls: "cineflow-warning-list" });
		f.warnings = warnings;
		f.list = el.createDiv({ cls: "cineflow-queue-list" });
		f.more = el.createDiv({ cls: "cineflow-muted" });
	}

	private updateToolbar(f: Frame, state: RunState | null): void {
		const runs = this.host.runs();
		setText(f.cancel, runs.cancelling ? "Stop now" : "Cancel all");
		f.cancel.disabled = !runs.running;
		f.resume.disabled = runs.running;
		f.log.disabled = !state || state.logFolders.size === 0;
	}

	private updateSummary(f: Frame, state: RunState): void {
		const c = state.counts();
		const head = state.finished ? "Finished" : state.mode === "resume" ? "Resuming" : state.mode === "regenerate" ? "Regenerating" : "Running";
		setText(f.title, `${head}: ${state.target || "whole vault"}`);
		const parts = [`${c.done} done`, `${c.running} running`, `${c.waiting} waiting`];
		if (c.failed) parts.push(`${c.failed} failed`);
		if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
		if (c.skipped) parts.push(`${c.skipped} already done`);
		if (c.invalid) parts.push(`${c.invalid} invalid`);
		setText(f.counts, parts.join(" · "));
		setText(f.eta, state.finished ? "" : runEtaText(state));
		setText(f.spend, spendText(state.spend()));
		const limit = state.limit();
		const b = state.breaker();
		const breaker = b === "open" ? "provider down, waiting to retry" : b === "half-open" ? "provider recovering, probing" : "provider healthy";
		const rate = [...state.limits.values()].map((l) => l.rate).find((r) => r !== null);
		const safe = [...state.limits.values()].some((l) => l.safeMode) ? " · safe mode" : "";
		setText(f.limit, `Limit ${limit ?? "—"} · ${breaker}${rate ? ` · ${Math.round(rate)} requests/min` : ""}${safe}`);
		for (const s of state.stops.slice(this.stopsShown)) f.stops?.createDiv({ cls: "cineflow-invalid", text: s.message });
		this.stopsShown = state.stops.length;
	}

	private updateWarnings(f: Frame, warnings: readonly WarningEvent[]): void {
		if (warnings.length === this.warningsShown || !f.warnings) return;
		for (const w of warnings.slice(this.warningsShown)) {
			const item = f.warningList?.createDiv({ cls: "cineflow-warning" });
			const where = warningPlace(w);
			if (where) item?.createSpan({ cls: "cineflow-warning-where", text: where });
			item?.createSpan({ cls: "cineflow-warning-text", text: where ? ` ${w.message}` : w.message });
		}
		this.warningsShown = warnings.length;
		setText(f.warningCount, `${warnings.length} warning${warnings.length === 1 ? "" : "s"}`);
		f.warnings.toggleClass("cineflow-hidden", false);
	}

	private updateRows(f: Frame, state: RunState): void {
		const list = f.list as HTMLElement;
		const rows = [...state.jobs.values()].sort(order);
		const shown = rows.slice(0, MAX_ROWS);
		const keep = new Set(shown.map((r) => r.key));
		for (const [key, d] of this.drawn) {
			if (!keep.has(key)) {
				d.el.remove();
				this.drawn.delete(key);
			}
		}
		let inOrder = true;
		const current = list.children;
		shown.forEach((row, i) => {
			let d = this.drawn.get(row.key);
			if (!d) {
				const el = list.createDiv({ cls: "cineflow-job" });
				el.setAttr("data-key", row.key);
				d = { el, rev: -1 };
				this.drawn.set(row.key, d);
			}
			if (d.rev !== row.rev) this.drawRow(d, state, row);
			else if (ACTIVE.has(row.state)) this.updateTime(d, state, row);
			if (current[i] !== d.el) inOrder = false;
		});
		// Reorder by moving the existing elements (nothing is redrawn).
		if (!inOrder) for (const row of shown) list.appendChild((this.drawn.get(row.key) as DrawnRow).el);
		setText(f.more, rows.length > MAX_ROWS ? `… and ${rows.length - MAX_ROWS} more.` : "");
	}

	private drawRow(d: DrawnRow, state: RunState, row: JobRow): void {
		const item = d.el;
		item.empty();
		item.className = `cineflow-job cineflow-state-${row.state}`;
		d.rev = row.rev;
		d.bar = undefined;
		d.time = undefined;
		const top = item.createDiv({ cls: "cineflow-job-top" });
		top.createSpan({ cls: "cineflow-job-label", text: `${row.shotId}${row.take > 1 ? ` · take ${row.take}` : ""}` });
		top.createSpan({ cls: "cineflow-job-note", text: row.notePath });
		const badge = top.createSpan({ cls: "cineflow-badge", text: STATE_LABEL[row.state] ?? row.state });
		badge.setAttr("data-state", row.state);

		if (ACTIVE.has(row.state) || row.state === "done") {
			d.bar = item.createEl("progress", { cls: "cineflow-progress", attr: { max: 100 } });
			d.time = item.createDiv({ cls: "cineflow-job-time" });
			this.updateTime(d, state, row);
		}
		if (row.message && (FAILED.has(row.state) || row.state === "cancelled" || row.state === "invalid")) {
			item.createDiv({ cls: "cineflow-job-message", text: row.message });
		}
		const actions = item.createDiv({ cls: "cineflow-job-actions" });
		if (row.requestId) {
			const rid = actions.createEl("button", { cls: "cineflow-copy-id", attr: { "aria-label": "Copy request ID" } });
			rid.createSpan({ text: `Request ${row.requestId}` });
			rid.addEventListener("click", () => {
				void navigator.clipboard.writeText(row.requestId ?? "").then(() => new Notice("Request ID copied."));
			});
		}
		if (row.state === "pending" && this.host.runs().running) {
			const cancel = actions.createEl("button", { cls: "cineflow-cancel-job", attr: { "aria-label": "Cancel this shot" } });
			setIcon(cancel, "x");
			cancel.addEventListener("click", () => {
				if (!this.host.runs().cancelJob(row.key)) new Notice("This shot was already submitted; it finishes and is saved.");
				this.render();
			});
		}
		const open = actions.createEl("button", { cls: "cineflow-open-note", text: "Open note" });
		open.addEventListener("click", () => {
			const f = this.app.vault.getAbstractFileByPath(row.notePath);
			if (f instanceof TFile) void this.app.workspace.getLeaf(false).openFile(f);
		});
	}

	/** The moving parts of a row: its (estimated) progress and time text. */
	private updateTime(d: DrawnRow, state: RunState, row: JobRow): void {
		if (!d.bar || !d.time) return;
		const live = ACTIVE.has(row.state);
		const est = state.estimate(row);
		const pct = Math.max(0, Math.min(100, Math.floor(est.percent)));
		d.bar.setAttr("value", pct);
		d.bar.setAttr("aria-label", live ? `about ${pct}% (estimate)` : `${pct}%`);
		// Between polls the figure is extrapolated: "about" while the job is live.
		const bits = [live ? `about ${pct}%` : `${pct}%`];
		if (row.startedAt !== undefined) bits.push(`${live ? "elapsed" : "took"} ${formatDuration((live ? state.now() : row.updatedAt) - row.startedAt)}`);
		if (live) {
			const left = etaText(est);
			if (left) bits.push(left);
		}
		setText(d.time, bits.join(" · "));
	}
}

/** "About 4 m 10 s left for the run (estimate from this run's durations)". */
export function runEtaText(state: RunState): string {
	const eta = state.eta();
	if (eta.open === 0) return "";
	if (eta.leftMs === null) return "Time left: not known yet (no duration to estimate from).";
	const text = etaText({ leftMs: eta.leftMs, basis: eta.basis });
	return `${text.charAt(0).toUpperCase()}${text.slice(1).replace(" left", " left for the run")}`;
}

/** "Ep.md:12 shot s03" where known, else the note; "" when the warning names neither. */
export function warningPlace(w: WarningEvent & { line?: number; shotId?: string }): string {
	if (!w.notePath) return "";
	if (w.message.startsWith(w.notePath)) return "";
	return `${w.notePath}${w.line !== undefined ? `:${w.line}` : ""}${w.shotId ? ` shot ${w.shotId}` : ""}:`;
}

function setText(el: HTMLElement | undefined, text: string): void {
	if (el && el.textContent !== text) el.setText(text);
}

const RANK: Record<string, number> = { running: 0, downloading: 0, queued: 1, submitting: 1, pending: 2, failed: 3, unknown: 3, "timed-out": 3, expired: 3, cancelled: 4, done: 5, skipped: 6, invalid: 7 };

function order(a: JobRow, b: JobRow): number {
	return (RANK[a.state] ?? 9) - (RANK[b.state] ?? 9) || a.notePath.localeCompare(b.notePath) || a.shotId.localeCompare(b.shotId) || a.take - b.take;
}
