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
import type { JobState, WarningEvent } from "../ports/events";
import { explainJob, formatPercent, language, type MessageKey, render, t } from "../core";
import type { CineFlowHost } from "./host";
import { RunLogModal } from "./modals";
import { ACTIVE, FAILED, etaText, formatDuration, spendText, type JobRow, type RunState } from "./run-state";

export const QUEUE_VIEW_TYPE = "cineflow-queue";

const STATE_LABEL: Record<JobState, MessageKey> = {
	pending: "plugin.state.pending",
	submitting: "plugin.state.submitting",
	queued: "plugin.state.queued",
	running: "plugin.state.running",
	downloading: "plugin.state.downloading",
	done: "plugin.state.done",
	failed: "plugin.state.failed",
	unknown: "plugin.state.unknown",
	"timed-out": "plugin.state.timedOut",
	expired: "plugin.state.expired",
	cancelled: "plugin.state.cancelled",
	skipped: "plugin.state.skipped",
	invalid: "plugin.state.invalid",
};

type Head = "finished" | "resuming" | "regenerating" | "running";

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
		return t("plugin.queue.display");
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
		const cancel = bar.createEl("button", { cls: "cineflow-cancel-all", text: t("plugin.queue.cancelAll") });
		cancel.addEventListener("click", () => {
			runs.cancelAll();
			this.render();
		});
		const resume = bar.createEl("button", { cls: "cineflow-resume", text: t("plugin.queue.resume") });
		resume.addEventListener("click", () => void runs.resume());
		const log = bar.createEl("button", { cls: "cineflow-open-log", text: t("plugin.queue.runLog") });
		log.addEventListener("click", () => {
			if (state) new RunLogModal(this.app, [...state.logFolders], state.runId).open();
		});
		const f: Frame = { state, cancel, resume, log };
		this.frame = f;
		if (!state) {
			el.createDiv({ cls: "cineflow-empty", text: t("plugin.queue.empty") });
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
		setText(f.cancel, t(runs.cancelling ? "plugin.queue.stopNow" : "plugin.queue.cancelAll"));
		f.cancel.disabled = !runs.running;
		f.resume.disabled = runs.running;
		f.log.disabled = !state || state.logFolders.size === 0;
	}

	private updateSummary(f: Frame, state: RunState): void {
		const c = state.counts();
		const head: Head = state.finished ? "finished" : state.mode === "resume" ? "resuming" : state.mode === "regenerate" ? "regenerating" : "running";
		setText(f.title, state.target ? t(`plugin.queue.title.${head}`, { target: state.target }) : t(`plugin.queue.titleVault.${head}`));
		const parts = [
			t("plugin.count.done", { count: c.done }),
			t("plugin.count.running", { count: c.running }),
			t("plugin.count.waiting", { count: c.waiting }),
		];
		if (c.failed) parts.push(t("plugin.count.failed", { count: c.failed }));
		if (c.cancelled) parts.push(t("plugin.count.cancelled", { count: c.cancelled }));
		if (c.skipped) parts.push(t("plugin.count.skipped", { count: c.skipped }));
		if (c.invalid) parts.push(t("plugin.count.invalid", { count: c.invalid }));
		setText(f.counts, parts.join(" · "));
		setText(f.eta, state.finished ? "" : runEtaText(state));
		setText(f.spend, spendText(state.spend()));
		const limit = state.limit();
		const b = state.breaker();
		const breaker = t(b === "open" ? "plugin.queue.breakerOpen" : b === "half-open" ? "plugin.queue.breakerHalfOpen" : "plugin.queue.breakerClosed");
		const rate = [...state.limits.values()].map((l) => l.rate).find((r) => r !== null);
		const bits = [t("plugin.queue.limit", { limit: limit ?? "—" }), breaker];
		if (rate) bits.push(t("plugin.queue.rate", { rate: Math.round(rate) }));
		if ([...state.limits.values()].some((l) => l.safeMode)) bits.push(t("plugin.queue.safeMode"));
		setText(f.limit, bits.join(" · "));
		for (const s of state.stops.slice(this.stopsShown)) f.stops?.createDiv({ cls: "cineflow-invalid", text: s.message });
		this.stopsShown = state.stops.length;
	}

	private updateWarnings(f: Frame, warnings: readonly WarningEvent[]): void {
		if (warnings.length === this.warningsShown || !f.warnings) return;
		for (const w of warnings.slice(this.warningsShown)) {
			const item = f.warningList?.createDiv({ cls: "cineflow-warning" });
			const where = warningPlace(w);
			if (where) item?.createSpan({ cls: "cineflow-warning-where", text: where });
			item?.createSpan({ cls: "cineflow-warning-text", text: where ? t("plugin.where.then", { message: w.message }) : w.message });
		}
		this.warningsShown = warnings.length;
		setText(f.warningCount, t("plugin.queue.warnings", { count: warnings.length }));
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
		setText(f.more, rows.length > MAX_ROWS ? t("plugin.queue.more", { count: rows.length - MAX_ROWS }) : "");
	}

	private drawRow(d: DrawnRow, state: RunState, row: JobRow): void {
		const item = d.el;
		item.empty();
		item.className = `cineflow-job cineflow-state-${row.state}`; // i18n-ignore: CSS class names
		d.rev = row.rev;
		d.bar = undefined;
		d.time = undefined;
		const top = item.createDiv({ cls: "cineflow-job-top" });
		top.createSpan({ cls: "cineflow-job-label", text: row.take > 1 ? t("plugin.queue.take", { shot: row.shotId, take: row.take }) : row.shotId });
		top.createSpan({ cls: "cineflow-job-note", text: row.notePath });
		const label = STATE_LABEL[row.state] as MessageKey | undefined;
		const badge = top.createSpan({ cls: "cineflow-badge", text: label ? t(label) : row.state });
		badge.setAttr("data-state", row.state);

		if (ACTIVE.has(row.state) || row.state === "done") {
			d.bar = item.createEl("progress", { cls: "cineflow-progress", attr: { max: 100 } });
			d.time = item.createDiv({ cls: "cineflow-job-time" });
			this.updateTime(d, state, row);
		}
		if (row.message && (FAILED.has(row.state) || row.state === "cancelled" || row.state === "invalid")) {
			item.createDiv({ cls: "cineflow-job-message", text: row.message });
			// What CineFlow understood and what to do, in the user's language, beside the provider's own words.
			const hint = explainJob(row, "plugin");
			if (hint) item.createDiv({ cls: "cineflow-job-hint", text: render(hint) });
		}
		const actions = item.createDiv({ cls: "cineflow-job-actions" });
		if (row.requestId) {
			const rid = actions.createEl("button", { cls: "cineflow-copy-id", attr: { "aria-label": t("plugin.queue.copyId") } });
			rid.createSpan({ text: t("plugin.queue.request", { id: row.requestId }) });
			rid.addEventListener("click", () => {
				void navigator.clipboard.writeText(row.requestId ?? "").then(() => new Notice(t("plugin.queue.idCopied")));
			});
		}
		if (row.state === "pending" && this.host.runs().running) {
			const cancel = actions.createEl("button", { cls: "cineflow-cancel-job", attr: { "aria-label": t("plugin.queue.cancelShot") } });
			setIcon(cancel, "x");
			cancel.addEventListener("click", () => {
				if (!this.host.runs().cancelJob(row.key)) new Notice(t("plugin.queue.alreadySubmitted"));
				this.render();
			});
		}
		const open = actions.createEl("button", { cls: "cineflow-open-note", text: t("plugin.queue.openNote") });
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
		const share = formatPercent(language(), pct / 100, 0);
		d.bar.setAttr("aria-label", live ? t("plugin.queue.pctAria", { pct: share }) : share);
		// Between polls the figure is extrapolated: "about" while the job is live.
		const bits = [live ? t("plugin.queue.pctAbout", { pct: share }) : share];
		if (row.startedAt !== undefined)
			bits.push(
				t(live ? "plugin.queue.elapsed" : "plugin.queue.took", { duration: formatDuration((live ? state.now() : row.updatedAt) - row.startedAt) }),
			);
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
	if (eta.leftMs === null) return t("plugin.eta.run.unknown");
	return etaText({ leftMs: eta.leftMs, basis: eta.basis }, "run");
}

/** "Ep.md:12 shot s03" where known, else the note; "" when the warning names neither. */
export function warningPlace(w: WarningEvent & { line?: number; shotId?: string }): string {
	if (!w.notePath) return "";
	if (w.message.startsWith(w.notePath)) return "";
	const path = w.notePath;
	if (w.line !== undefined) return w.shotId ? t("plugin.where.shot", { path, line: w.line, shot: w.shotId }) : t("plugin.where.line", { path, line: w.line });
	return w.shotId ? t("plugin.where.noteShot", { path, shot: w.shotId }) : t("plugin.where.note", { path });
}

function setText(el: HTMLElement | undefined, text: string): void {
	if (el && el.textContent !== text) el.setText(text);
}

const RANK: Record<string, number> = {
	running: 0,
	downloading: 0,
	queued: 1,
	submitting: 1,
	pending: 2,
	failed: 3,
	unknown: 3,
	"timed-out": 3,
	expired: 3,
	cancelled: 4,
	done: 5,
	skipped: 6,
	invalid: 7,
};

function order(a: JobRow, b: JobRow): number {
	return (RANK[a.state] ?? 9) - (RANK[b.state] ?? 9) || a.notePath.localeCompare(b.notePath) || a.shotId.localeCompare(b.shotId) || a.take - b.take;
}
