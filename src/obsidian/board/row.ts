/**
 * One shot on the board: selection box, poster, id, prompt, state (the live run's
 * when it knows the shot), takes and cost, with Compare takes / Regenerate / Open
 * buttons. DOM through createEl/createDiv only.
 */
import { normalizePath, type App } from "obsidian";
import { costLabel, type BoardRow, type BoardState } from "../../core/board/model";
import { staleLabel } from "../../core/board/stale";
import { formatUsd } from "../../core/cost";
import type { JobState } from "../../core/events";

/** What the current run says about a shot (from its job events). */
export interface LiveShot {
	state: JobState;
	progress?: number;
	message?: string;
}

export interface RowHandlers {
	selected(key: string): boolean;
	select(key: string, on: boolean): void;
	compare(row: BoardRow): void;
	regenerate(row: BoardRow): void;
	open(row: BoardRow): void;
	/** Show the note's name (a folder board). */
	showNote: boolean;
}

const STATE_LABEL: Record<BoardState, string> = {
	"not-generated": "Not generated",
	queued: "Queued",
	running: "Running",
	done: "Done",
	failed: "Failed",
	unknown: "Unknown outcome",
	expired: "Link expired",
	invalid: "Invalid",
};

const LIVE_LABEL: Partial<Record<JobState, string>> = {
	pending: "Waiting",
	submitting: "Submitting",
	queued: "Queued",
	running: "Running",
	downloading: "Downloading",
	cancelled: "Cancelled",
};

/** The state a row shows: the live run's while it works on the shot, else the stored one. */
export function shownState(row: BoardRow, live: LiveShot | undefined): { label: string; kind: string; progress: number | null; message?: string } {
	if (live && LIVE_LABEL[live.state]) {
		const progress = live.state === "running" || live.state === "downloading" ? Math.max(0, Math.min(100, Math.round(live.progress ?? 0))) : null;
		const label = LIVE_LABEL[live.state] as string;
		return { label: progress !== null ? `${label} ${progress}%` : label, kind: live.state, progress, ...(live.message ? { message: live.message } : {}) };
	}
	return { label: STATE_LABEL[row.state], kind: row.state, progress: null, ...(row.message ? { message: row.message } : {}) };
}

/** A row's signature for the list: what it shows. */
export function rowSignature(row: BoardRow, live: LiveShot | undefined, selected: boolean, showNote: boolean): string {
	const s = shownState(row, live);
	// Not the line: an embed inserted above would re-fill every later row.
	return JSON.stringify([row.shotId, row.prompt, s.label, s.message ?? "", row.takes, row.posterPath, row.videoPath, row.cost, row.stale ?? null, selected, showNote]);
}

function resource(app: App, path: string): string {
	return app.vault.adapter.getResourcePath(normalizePath(path));
}

export function renderRow(app: App, el: HTMLElement, row: BoardRow, live: LiveShot | undefined, h: RowHandlers): void {
	const s = shownState(row, live);
	el.setAttr("data-state", s.kind);
	const pick = el.createEl("input", { cls: "cineflow-board-select", type: "checkbox", attr: { "aria-label": `Select ${row.shotId}` } });
	pick.checked = h.selected(row.key);
	pick.addEventListener("change", () => h.select(row.key, pick.checked));

	const poster = el.createDiv({ cls: "cineflow-board-poster" });
	if (row.videoPath) {
		const video = poster.createEl("video", { attr: { preload: "metadata", muted: true, playsinline: true } });
		if (row.posterPath) video.setAttr("poster", resource(app, row.posterPath));
		video.setAttr("src", resource(app, row.videoPath));
	} else if (row.posterPath) {
		poster.createEl("img", { attr: { src: resource(app, row.posterPath), alt: `Poster of ${row.shotId}` } });
	} else {
		poster.createDiv({ cls: "cineflow-board-noposter", text: "No video yet" });
	}

	const main = el.createDiv({ cls: "cineflow-board-main" });
	const head = main.createDiv({ cls: "cineflow-board-head" });
	head.createSpan({ cls: "cineflow-board-id", text: row.shotId });
	if (h.showNote) head.createSpan({ cls: "cineflow-board-note", text: row.notePath });
	const badge = head.createSpan({ cls: ["cineflow-badge", "cineflow-board-state"], text: s.label });
	badge.setAttr("data-state", s.kind);
	main.createDiv({ cls: "cineflow-board-prompt", text: row.prompt });
	if (s.progress !== null) main.createEl("progress", { cls: "cineflow-progress", attr: { max: 100, value: s.progress } });
	if (s.message && s.kind !== "done") main.createDiv({ cls: "cineflow-board-message", text: s.message });
	if (row.stale) main.createDiv({ cls: "cineflow-board-stale", text: staleLabel(row.stale, row.notePath) });
	const withVideo = row.takes.filter((t) => t.path !== null).length;
	const facts = [`${withVideo} ${withVideo === 1 ? "take" : "takes"}`];
	if (row.chosenTake !== null && withVideo > 1) facts.push(`take ${row.chosenTake} chosen`);
	facts.push(costLabel(row.cost, formatUsd));
	main.createDiv({ cls: "cineflow-board-facts", text: facts.join(" · ") });

	const actions = el.createDiv({ cls: "cineflow-board-actions" });
	if (withVideo > 0) {
		const b = actions.createEl("button", { cls: "cineflow-board-compare", text: withVideo > 1 ? "Compare takes" : "Takes" });
		b.addEventListener("click", () => h.compare(row));
	}
	if (row.anchor && (withVideo > 0 || row.state === "failed" || row.state === "expired")) {
		const b = actions.createEl("button", { cls: "cineflow-board-regenerate", text: "Regenerate" });
		b.addEventListener("click", () => h.regenerate(row));
	}
	const open = actions.createEl("button", { cls: "cineflow-board-open", text: "Open", attr: { "aria-label": `Open ${row.notePath} at this shot` } });
	open.addEventListener("click", () => h.open(row));
}
