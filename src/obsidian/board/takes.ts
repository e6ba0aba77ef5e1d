/**
 * The take comparison: a shot's takes side by side, each in its own video
 * element, with "Choose this take" (records the choice in the journal and switches
 * the embed under the shot through vault.process; see core/board/choose.ts) and
 * "Regenerate". Other takes stay on disk and in the journal.
 */
import { Modal, Notice, normalizePath, type App } from "obsidian";
import { type BoardRow, type ChooseResult, chooseTake, type MessageKey, redactPatterns, t } from "../../core";
import type { CineFlowHost } from "../host";
import { embedLineFor } from "../links";
import { ObsidianVaultPort } from "../vault-port";

/** Chooses take `take` of a board row. */
export async function chooseBoardTake(host: CineFlowHost, row: BoardRow, take: number, files: ReadonlyMap<string, number>): Promise<ChooseResult> {
	if (!row.anchor) return { ok: false, reason: "shot-missing" };
	const videoPath = row.takes.find((t) => t.take === take)?.path;
	if (!videoPath) return { ok: false, reason: "no-video" };
	return chooseTake(
		{ vault: new ObsidianVaultPort(host.app), clock: { now: () => Date.now() } },
		{
			notePath: row.notePath,
			storageId: row.storageId,
			anchor: row.anchor,
			outputFolder: row.outputFolder,
			take,
			files,
			line: embedLineFor(host.app, host.settings.linkStyle, videoPath, row.notePath),
		},
	);
}

export interface TakesHandlers {
	choose(take: number): Promise<ChooseResult>;
	regenerate(): void;
	busy(): boolean;
}

const FAILURE: Record<Extract<ChooseResult, { ok: false }>["reason"], MessageKey> = {
	"no-video": "board.takes.noVideo",
	"shot-missing": "board.takes.shotMissing",
};

export class TakesModal extends Modal {
	/** Resolves when the last choice made in the dialog is written (tests). */
	chosen: Promise<ChooseResult | null> = Promise.resolve(null);

	constructor(
		app: App,
		private row: BoardRow,
		private readonly handlers: TakesHandlers,
	) {
		super(app);
	}

	onOpen(): void {
		this.modalEl.addClass("cineflow-takes-modal");
		this.setTitle(t("board.takes.title", { shot: this.row.shotId }));
		this.render();
	}

	private render(): void {
		const el = this.contentEl;
		el.empty();
		el.createDiv({ cls: "cineflow-takes-prompt", text: this.row.prompt });
		const grid = el.createDiv({ cls: "cineflow-takes" });
		const takes = this.row.takes.filter((x) => x.path !== null);
		if (!takes.length) grid.createDiv({ cls: "cineflow-muted", text: t("board.takes.none") });
		for (const tk of takes) {
			const card = grid.createDiv({ cls: ["cineflow-take", ...(tk.chosen ? ["is-chosen"] : [])] });
			card.setAttr("data-take", tk.take);
			const video = card.createEl("video", { attr: { controls: true, preload: "metadata", playsinline: true } });
			video.setAttr("src", this.app.vault.adapter.getResourcePath(normalizePath(tk.path as string)));
			const head = card.createDiv({ cls: "cineflow-take-head" });
			head.createSpan({ cls: "cineflow-take-label", text: t("board.takes.take", { take: tk.take }) });
			if (tk.chosen) head.createSpan({ cls: ["cineflow-badge", "cineflow-take-chosen"], text: t("board.takes.chosen") });
			const b = card.createEl("button", { cls: "cineflow-take-choose", text: tk.chosen ? t("board.takes.chosen") : t("board.takes.choose") });
			b.disabled = tk.chosen || this.handlers.busy();
			if (this.handlers.busy() && !tk.chosen) b.setAttr("title", t("board.takes.busy"));
			if (!tk.chosen) b.addClass("mod-cta");
			b.addEventListener("click", () => {
				this.chosen = this.pick(tk.take);
			});
		}
		const bar = el.createDiv({ cls: "cineflow-takes-actions" });
		const regen = bar.createEl("button", { cls: "cineflow-takes-regenerate", text: t("board.row.regenerate") });
		regen.disabled = this.handlers.busy() || !this.row.anchor;
		regen.addEventListener("click", () => {
			this.close();
			this.handlers.regenerate();
		});
		const close = bar.createEl("button", { text: t("common.close") });
		close.addEventListener("click", () => this.close());
	}

	private async pick(take: number): Promise<ChooseResult | null> {
		try {
			const r = await this.handlers.choose(take);
			if (!r.ok) {
				new Notice(t(FAILURE[r.reason], { take }));
				return r;
			}
			this.row = { ...this.row, chosenTake: take, takes: this.row.takes.map((x) => ({ ...x, chosen: x.take === take })) };
			new Notice(t(r.changed ? "board.takes.doneEmbed" : "board.takes.done", { take, shot: this.row.shotId }));
			this.render();
			return r;
		} catch (err) {
			new Notice(t("board.takes.error", { take, error: redactPatterns(err instanceof Error ? err.message : String(err)) }));
			return null;
		}
	}

	onClose(): void {
		this.contentEl.empty();
	}
}
