/**
 * The queue view (right sidebar): every job of the current (or last) run, live —
 * state, progress, elapsed / ETA, the copyable request id, per-job cancel, the
 * provider's message for failures — with summary counts, the adaptive limit and
 * the breaker state, and Cancel all / Resume / Run log buttons.
 */
import { ItemView, Notice, TFile, setIcon, type WorkspaceLeaf } from "obsidian";
import type { CineFlowHost } from "./host";
import { RunLogModal } from "./modals";
import { ACTIVE, FAILED, formatDuration, type JobRow, type RunState } from "./run-state";

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

export class QueueView extends ItemView {
	private dirty = true;

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
		// Redraw at most twice a second while something changed or a run is live (elapsed times).
		this.registerInterval(
			window.setInterval(() => {
				if (this.dirty || runs.running) this.render();
			}, 500),
		);
		this.render();
	}

	async onClose(): Promise<void> {
		this.contentEl.empty();
	}

	render(): void {
		this.dirty = false;
		const el = this.contentEl;
		el.empty();
		const runs = this.host.runs();
		const state = runs.current;
		this.renderToolbar(el, state);
		if (!state) {
			el.createDiv({ cls: "cineflow-empty", text: "No run yet. Use a command such as generate shots in note, or the clapperboard in the ribbon." });
			return;
		}
		this.renderSummary(el, state);
		const list = el.createDiv({ cls: "cineflow-queue-list" });
		const rows = [...state.jobs.values()].sort(order);
		for (const row of rows.slice(0, MAX_ROWS)) this.renderRow(list, state, row);
		if (rows.length > MAX_ROWS) list.createDiv({ cls: "cineflow-muted", text: `… and ${rows.length - MAX_ROWS} more.` });
	}

	private renderToolbar(el: HTMLElement, state: RunState | null): void {
		const runs = this.host.runs();
		const bar = el.createDiv({ cls: "cineflow-queue-toolbar" });
		const cancel = bar.createEl("button", { cls: "cineflow-cancel-all", text: runs.cancelling ? "Stop now" : "Cancel all" });
		cancel.disabled = !runs.running;
		cancel.addEventListener("click", () => {
			runs.cancelAll();
			this.render();
		});
		const resume = bar.createEl("button", { cls: "cineflow-resume", text: "Resume" });
		resume.disabled = runs.running;
		resume.addEventListener("click", () => void runs.resume());
		const log = bar.createEl("button", { cls: "cineflow-open-log", text: "Run log" });
		log.disabled = !state || state.logFolders.size === 0;
		log.addEventListener("click", () => {
			if (state) new RunLogModal(this.app, [...state.logFolders], state.runId).open();
		});
	}

	private renderSummary(el: HTMLElement, state: RunState): void {
		const c = state.counts();
		const box = el.createDiv({ cls: "cineflow-queue-summary" });
		const head = state.finished ? "Finished" : state.mode === "resume" ? "Resuming" : state.mode === "regenerate" ? "Regenerating" : "Running";
		box.createDiv({ cls: "cineflow-queue-title", text: `${head}: ${state.target || "whole vault"}` });
		const parts = [`${c.done} done`, `${c.running} running`, `${c.waiting} waiting`];
		if (c.failed) parts.push(`${c.failed} failed`);
		if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
		if (c.skipped) parts.push(`${c.skipped} already done`);
		if (c.invalid) parts.push(`${c.invalid} invalid`);
		box.createDiv({ cls: "cineflow-queue-counts", text: parts.join(" · ") });
		const limit = state.limit();
		const b = state.breaker();
		const breaker = b === "open" ? "provider down, waiting to retry" : b === "half-open" ? "provider recovering, probing" : "provider healthy";
		const rate = [...state.limits.values()].map((l) => l.rate).find((r) => r !== null);
		box.createDiv({
			cls: "cineflow-queue-limit",
			text: `Limit ${limit ?? "—"} · ${breaker}${rate ? ` · ${Math.round(rate)} requests/min` : ""}${[...state.limits.values()].some((l) => l.safeMode) ? " · safe mode" : ""}`,
		});
		if (state.summary?.cost_estimate !== undefined && state.summary.cost_estimate !== null) {
			box.createDiv({ cls: "cineflow-muted", text: `Estimated cost $${state.summary.cost_estimate.toFixed(2)}` });
		}
		for (const s of state.stops) box.createDiv({ cls: "cineflow-invalid", text: s.message });
	}

	private renderRow(list: HTMLElement, state: RunState, row: JobRow): void {
		const item = list.createDiv({ cls: ["cineflow-job", `cineflow-state-${row.state}`] });
		item.setAttr("data-key", row.key);
		const top = item.createDiv({ cls: "cineflow-job-top" });
		top.createSpan({ cls: "cineflow-job-label", text: `${row.shotId}${row.take > 1 ? ` · take ${row.take}` : ""}` });
		top.createSpan({ cls: "cineflow-job-note", text: row.notePath });
		const badge = top.createSpan({ cls: "cineflow-badge", text: STATE_LABEL[row.state] ?? row.state });
		badge.setAttr("data-state", row.state);

		if (ACTIVE.has(row.state) || row.state === "done") {
			const pct = Math.max(0, Math.min(100, Math.round(row.progress ?? 0)));
			item.createEl("progress", { cls: "cineflow-progress", attr: { max: 100, value: pct, "aria-label": `${pct}%` } });
			const bits = [`${pct}%`];
			if (row.startedAt !== undefined) bits.push(`elapsed ${formatDuration((ACTIVE.has(row.state) ? state.now() : row.updatedAt) - row.startedAt)}`);
			if (row.etaMs !== undefined && ACTIVE.has(row.state)) bits.push(`about ${formatDuration(row.etaMs)} left`);
			item.createDiv({ cls: "cineflow-job-time", text: bits.join(" · ") });
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
}

const RANK: Record<string, number> = { running: 0, downloading: 0, queued: 1, submitting: 1, pending: 2, failed: 3, unknown: 3, "timed-out": 3, expired: 3, cancelled: 4, done: 5, skipped: 6, invalid: 7 };

function order(a: JobRow, b: JobRow): number {
	return (RANK[a.state] ?? 9) - (RANK[b.state] ?? 9) || a.notePath.localeCompare(b.notePath) || a.shotId.localeCompare(b.shotId) || a.take - b.take;
}
