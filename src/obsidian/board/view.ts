/**
 * The storyboard board: every shot of a note or folder in story order (poster,
 * id, prompt, state, takes, cost), a take comparison, and Regenerate / Generate
 * missing / Generate selected, each estimated and confirmed first (confirm.ts).
 *
 * Scale: rows are virtualised (list.ts); a run's job event re-fills the one row it
 * is about; a reload (run end, vault change) re-fills only rows that changed.
 * Phones: below 600 px the view switches to its narrow layout (`is-narrow`).
 */
import { ItemView, Notice, TFile, type WorkspaceLeaf } from "obsidian";
import { type Board, type BoardRow, folderOf, formatUsd, loadBoard, normalizeVaultPath, type PlannedJob, t } from "../../core";
import type { RunEvent } from "../../ports/events";
import type { CineFlowHost } from "../host";
import { ObsidianVaultPort } from "../vault-port";
import { confirmAndRun } from "./confirm";
import { VirtualList } from "./list";
import { renderRow, rowSignature, type LiveShot, type RowHandlers } from "./row";
import { TakesModal, chooseBoardTake } from "./takes";

export const BOARD_VIEW_TYPE = "cineflow-board";

/** Width under which the narrow (phone) layout is used. */
export const NARROW_PX = 600;
const ROW_PX = 112;
const NARROW_ROW_PX = 168;
const LIVE: ReadonlySet<string> = new Set(["pending", "submitting", "queued", "running", "downloading", "cancelled"]);

export class BoardView extends ItemView {
	target: string | null = null;
	board: Board | null = null;
	readonly live = new Map<string, LiveShot>();
	readonly selected = new Set<string>();
	private list!: VirtualList<BoardRow>;
	private headEl!: HTMLElement;
	private countsEl!: HTMLElement;
	private selectedBtn!: HTMLButtonElement;
	private narrow = false;
	private seq = 0;
	private reloadTimer: number | null = null;
	/** Resolves when the latest reload is rendered (tests). */
	loading: Promise<void> = Promise.resolve();
	/** The last take comparison opened (tests). */
	takes: TakesModal | null = null;

	constructor(
		leaf: WorkspaceLeaf,
		private readonly host: CineFlowHost,
	) {
		super(leaf);
	}

	getViewType(): string {
		return BOARD_VIEW_TYPE;
	}
	getDisplayText(): string {
		return this.target ? t("board.titleOf", { name: this.target.split("/").pop()?.replace(/\.md$/, "") ?? this.target }) : t("board.title");
	}
	getIcon(): string {
		return "layout-grid";
	}

	async onOpen(): Promise<void> {
		const el = this.contentEl;
		el.empty();
		el.addClass("cineflow-board");
		this.renderToolbar(el);
		this.list = new VirtualList<BoardRow>(el, {
			key: (r) => r.key,
			signature: (r) => rowSignature(r, this.live.get(r.key), this.selected.has(r.key), this.showNote()),
			render: (rowEl, r) => renderRow(this.app, rowEl, r, this.live.get(r.key), this.handlers),
			rowHeight: () => (this.narrow ? NARROW_ROW_PX : ROW_PX),
			margin: 6,
		});
		this.registerDomEvent(this.list.scroller, "scroll", () => this.list.refresh());
		this.watchWidth();
		const runs = this.host.runs();
		this.register(runs.onEvent((e) => this.onRunEvent(e)));
		this.register(
			runs.onChange(() => {
				if (!runs.running) this.live.clear();
				this.scheduleReload(0);
			}),
		);
		const changed = (path: string) => {
			if (this.touches(path)) this.scheduleReload(400);
		};
		this.registerEvent(this.app.vault.on("modify", (f) => changed(f.path)));
		this.registerEvent(this.app.vault.on("create", (f) => changed(f.path)));
		this.registerEvent(this.app.vault.on("delete", (f) => changed(f.path)));
		this.registerEvent(this.app.vault.on("rename", (f, old) => (this.touches(old) ? this.scheduleReload(0) : changed(f.path))));
		this.register(() => {
			if (this.reloadTimer !== null) window.clearTimeout(this.reloadTimer);
		});
		if (this.target === null) this.target = this.app.workspace.getActiveFile()?.path ?? null;
		if (this.target !== null) await this.reload();
		else this.headEl.setText(t("board.empty"));
	}

	async onClose(): Promise<void> {
		this.contentEl.empty();
	}

	/** Shows the board of a note or folder ("" = the whole vault). */
	async setTarget(target: string): Promise<void> {
		this.target = normalizeVaultPath(target) === "/" ? "" : normalizeVaultPath(target);
		this.selected.clear();
		await this.reload();
	}

	/** Reads the notes, journals and files again and re-fills the rows that changed. */
	reload(): Promise<void> {
		const target = this.target;
		if (target === null) return Promise.resolve();
		const mine = ++this.seq;
		this.loading = (async () => {
			try {
				const vault = new ObsidianVaultPort(this.app);
				const board = await loadBoard(vault, target, this.host.settings, {
					attachmentFolder: async (notePath) =>
						folderOf(normalizeVaultPath(await this.app.fileManager.getAvailablePathForAttachment("cineflow.mp4", notePath))),
				});
				if (mine !== this.seq) return;
				this.board = board;
				for (const k of [...this.selected]) if (!board.rows.some((r) => r.key === k)) this.selected.delete(k);
				this.list.setItems(board.rows);
				this.renderCounts();
			} catch (err) {
				const error = err instanceof Error ? err.message : String(err);
				if (mine === this.seq) this.headEl.setText(target ? t("board.readFailed", { path: target, error }) : t("board.readFailedVault", { error }));
			}
		})();
		return this.loading;
	}

	/** Mounted row elements by key (tests). */
	rowElements(): ReadonlyMap<string, HTMLElement> {
		return this.list.rows();
	}

	private readonly handlers: RowHandlers = {
		selected: (key) => this.selected.has(key),
		select: (key, on) => {
			if (on) this.selected.add(key);
			else this.selected.delete(key);
			this.list.update(key);
			this.renderCounts();
		},
		compare: (row) => this.compare(row),
		regenerate: (row) => void this.regenerate(row),
		open: (row) => void this.openAt(row),
		showNote: false,
	};

	private showNote(): boolean {
		return (this.board?.notes.length ?? 0) > 1;
	}

	/** Opens the take comparison of a row. */
	compare(row: BoardRow): TakesModal {
		const runs = this.host.runs();
		const modal = new TakesModal(this.app, row, {
			choose: async (take) => {
				const r = await chooseBoardTake(this.host, row, take, this.board?.files ?? new Map());
				await this.reload();
				return r;
			},
			regenerate: () => void this.regenerate(row),
			busy: () => runs.running,
		});
		this.takes = modal;
		modal.open();
		return modal;
	}

	regenerate(row: BoardRow): Promise<boolean> {
		const shotId = row.anchor?.id ?? row.shotId;
		return confirmAndRun(
			this.host,
			{ kind: "regenerate", shot: row.shotId },
			{ target: row.notePath, mode: "regenerate", regenerate: { notePath: row.notePath, shotId } },
		);
	}

	generateMissing(): Promise<boolean> {
		const n = this.board?.rows.filter((r) => r.state === "not-generated").length ?? 0;
		return confirmAndRun(this.host, { kind: "missing", count: n }, { target: this.target ?? "", mode: "generate" });
	}

	generateSelected(): Promise<boolean> {
		const keys = new Set(this.selected);
		if (!keys.size) {
			new Notice(t("board.selectFirst"));
			return Promise.resolve(false);
		}
		const select = (j: PlannedJob) => keys.has(`${j.notePath}::${j.shotId}`);
		return confirmAndRun(this.host, { kind: "selected", count: keys.size }, { target: this.target ?? "", mode: "generate", select });
	}

	private async openAt(shown: BoardRow): Promise<void> {
		const row = this.board?.rows.find((r) => r.key === shown.key) ?? shown;
		const f = this.app.vault.getAbstractFileByPath(row.notePath);
		if (f instanceof TFile) await this.app.workspace.getLeaf(false).openFile(f, { eState: { line: row.line - 1 } });
	}

	private renderToolbar(el: HTMLElement): void {
		const bar = el.createDiv({ cls: "cineflow-board-toolbar" });
		const text = bar.createDiv({ cls: "cineflow-board-title" });
		this.headEl = text.createDiv({ cls: "cineflow-board-target" });
		this.countsEl = text.createDiv({ cls: "cineflow-board-counts" });
		const buttons = bar.createDiv({ cls: "cineflow-board-buttons" });
		const missing = buttons.createEl("button", { cls: "cineflow-board-missing", text: t("board.button.missing") });
		missing.addEventListener("click", () => void this.generateMissing());
		this.selectedBtn = buttons.createEl("button", { cls: "cineflow-board-selected", text: t("board.button.selected") });
		this.selectedBtn.addEventListener("click", () => void this.generateSelected());
		const refresh = buttons.createEl("button", { cls: "cineflow-board-refresh", text: t("board.button.refresh") });
		refresh.addEventListener("click", () => void this.reload());
	}

	private renderCounts(): void {
		const rows = this.board?.rows ?? [];
		this.headEl.setText(this.target ? t("board.heading", { target: this.target }) : t("board.headingVault"));
		const by = (s: string) => rows.filter((r) => (this.live.get(r.key)?.state ?? r.state) === s).length;
		const spent = rows.reduce((a, r) => a + r.cost.usd, 0);
		const unknown = rows.reduce((a, r) => a + r.cost.unknownPrice, 0);
		// Separate facts, each a whole message; " · " is a separator, not grammar.
		const parts = [t("common.shots", { count: rows.length }), t("board.counts.done", { count: by("done") })];
		const active = rows.filter((r) => LIVE.has(this.live.get(r.key)?.state ?? "") && this.live.get(r.key)?.state !== "cancelled").length;
		if (active) parts.push(t("board.counts.inRun", { count: active }));
		if (by("failed")) parts.push(t("board.counts.failed", { count: by("failed") }));
		parts.push(unknown ? t("board.counts.spentPartial", { usd: formatUsd(spent), count: unknown }) : t("board.counts.spent", { usd: formatUsd(spent) }));
		this.countsEl.setText(parts.join(" · "));
		this.selectedBtn.setText(this.selected.size ? t("board.button.selectedCount", { count: this.selected.size }) : t("board.button.selected"));
		this.handlers.showNote = this.showNote();
	}

	private onRunEvent(e: RunEvent): void {
		if (e.type === "summary") {
			this.live.clear();
			this.scheduleReload(0);
			return;
		}
		if (e.type !== "job") return;
		const key = `${e.notePath}::${e.shotId}`;
		if (LIVE.has(e.state)) {
			this.live.set(key, { state: e.state, ...(e.progress !== undefined ? { progress: e.progress } : {}), ...(e.message ? { message: e.message } : {}) });
		} else {
			this.live.delete(key);
			// Done, failed …: the journal and the files now say so.
			this.scheduleReload(300);
		}
		if (this.list.update(key)) this.renderCounts();
	}

	/** True when a vault path matters to the board: one of its notes, or a file in an output folder. */
	private touches(path: string): boolean {
		const b = this.board;
		if (!b) return false;
		if (b.notes.includes(path)) return true;
		return b.rows.some((r) => path.startsWith(r.outputFolder + "/"));
	}

	private scheduleReload(ms: number): void {
		if (this.reloadTimer !== null) window.clearTimeout(this.reloadTimer);
		this.reloadTimer = window.setTimeout(() => {
			this.reloadTimer = null;
			void this.reload();
		}, ms);
	}

	/** The narrow layout under NARROW_PX (phones, a narrow sidebar). */
	private watchWidth(): void {
		const apply = (width: number) => {
			const narrow = width > 0 && width < NARROW_PX;
			if (narrow === this.narrow) return;
			this.narrow = narrow;
			this.contentEl.toggleClass("is-narrow", narrow);
			if (this.board) this.list.setItems(this.board.rows);
		};
		if (typeof ResizeObserver === "undefined") return;
		const ro = new ResizeObserver((entries) => apply(entries[0]?.contentRect.width ?? 0));
		ro.observe(this.contentEl);
		this.register(() => ro.disconnect());
	}
}
