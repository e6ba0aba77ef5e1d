/**
 * One shot on the board: selection box, poster, id, prompt, state (the live run's
 * when it knows the shot), takes and cost, with Compare takes / Regenerate / Open
 * buttons. DOM through createEl/createDiv only.
 */
import { normalizePath, type App } from "obsidian";
import { type BoardRow, type BoardState, costLabel, formatPercent, formatUsd, language, type MessageKey, staleLabel, t } from "../../core";
import type { JobState } from "../../ports/events";

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

const STATE_LABEL: Record<BoardState, MessageKey> = {
	"not-generated": "board.state.notGenerated",
	queued: "board.state.queued",
	running: "board.state.running",
	done: "board.state.done",
	failed: "board.state.failed",
	unknown: "board.state.unknown",
	expired: "board.state.expired",
	invalid: "board.state.invalid",
};

const LIVE_LABEL: Partial<Record<JobState, MessageKey>> = {
	pending: "board.state.waiting",
	submitting: "board.state.submitting",
	queued: "board.state.queued",
	running: "board.state.running",
	downloading: "board.state.downloading",
	cancelled: "board.state.cancelled",
};

/** "Running 42%", "Downloading 80%". */
function withProgress(state: JobState, progress: number): string {
	return t(state === "downloading" ? "board.state.downloadingPercent" : "board.state.runningPercent", {
		percent: formatPercent(language(), progress / 100, 0),
	});
}

/** The state a row shows: the live run's while it works on the shot, else the stored one. */
export function shownState(row: BoardRow, live: LiveShot | undefined): { label: string; kind: string; progress: number | null; message?: string } {
	const key = live ? LIVE_LABEL[live.state] : undefined;
	if (live && key) {
		const progress = live.state === "running" || live.state === "downloading" ? Math.max(0, Math.min(100, Math.round(live.progress ?? 0))) : null;
		return {
			label: progress !== null ? withProgress(live.state, progress) : t(key),
			kind: live.state,
			progress,
			...(live.message ? { message: live.message } : {}),
		};
	}
	return { label: t(STATE_LABEL[row.state]), kind: row.state, progress: null, ...(row.message ? { message: row.message } : {}) };
}

/** A row's signature for the list: what it shows. */
export function rowSignature(row: BoardRow, live: LiveShot | undefined, selected: boolean, showNote: boolean): string {
	const s = shownState(row, live);
	// Not the line: an embed inserted above would re-fill every later row.
	return JSON.stringify([
		row.shotId,
		row.prompt,
		s.label,
		s.message ?? "",
		row.takes,
		row.posterPath,
		row.videoPath,
		row.cost,
		row.stale ?? null,
		selected,
		showNote,
	]);
}

function resource(app: App, path: string): string {
	return app.vault.adapter.getResourcePath(normalizePath(path));
}

export function renderRow(app: App, el: HTMLElement, row: BoardRow, live: LiveShot | undefined, h: RowHandlers): void {
	const s = shownState(row, live);
	el.setAttr("data-state", s.kind);
	const pick = el.createEl("input", { cls: "cineflow-board-select", type: "checkbox", attr: { "aria-label": t("board.row.select", { shot: row.shotId }) } });
	pick.checked = h.selected(row.key);
	pick.addEventListener("change", () => h.select(row.key, pick.checked));

	const poster = el.createDiv({ cls: "cineflow-board-poster" });
	if (row.videoPath) {
		const video = poster.createEl("video", { attr: { preload: "metadata", muted: true, playsinline: true } });
		if (row.posterPath) video.setAttr("poster", resource(app, row.posterPath));
		video.setAttr("src", resource(app, row.videoPath));
	} else if (row.posterPath) {
		poster.createEl("img", { attr: { src: resource(app, row.posterPath), alt: t("board.row.poster", { shot: row.shotId }) } });
	} else {
		poster.createDiv({ cls: "cineflow-board-noposter", text: t("board.row.noVideo") });
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
	// Separate facts, each a whole message; " · " is a separator, not grammar.
	const facts = [t("board.row.takes", { count: withVideo })];
	if (row.chosenTake !== null && withVideo > 1) facts.push(t("board.row.chosen", { take: row.chosenTake }));
	facts.push(costLabel(row.cost, formatUsd));
	main.createDiv({ cls: "cineflow-board-facts", text: facts.join(" · ") });

	const actions = el.createDiv({ cls: "cineflow-board-actions" });
	if (withVideo > 0) {
		const b = actions.createEl("button", { cls: "cineflow-board-compare", text: withVideo > 1 ? t("board.row.compare") : t("board.row.takesButton") });
		b.addEventListener("click", () => h.compare(row));
	}
	if (row.anchor && (withVideo > 0 || row.state === "failed" || row.state === "expired")) {
		const b = actions.createEl("button", { cls: "cineflow-board-regenerate", text: t("board.row.regenerate") });
		b.addEventListener("click", () => h.regenerate(row));
	}
	const open = actions.createEl("button", {
		cls: "cineflow-board-open",
		text: t("board.row.open"),
		attr: { "aria-label": t("board.row.openLabel", { path: row.notePath }) },
	});
	open.addEventListener("click", () => h.open(row));
}
