/**
 * The take comparison: a shot's takes side by side, each in its own video
 * element, with "Choose this take" (records the choice in the journal and switches
 * the embed under the shot through vault.process; see core/board/choose.ts) and
 * "Regenerate". Other takes stay on disk and in the journal.
 */
import { Modal, Notice, normalizePath, type App } from "obsidian";
import { chooseTake, type ChooseResult } from "../../core/board/choose";
import type { BoardRow } from "../../core/board/model";
import { redactPatterns } from "../../core/redact";
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

const FAILURE: Record<Extract<ChooseResult, { ok: false }>["reason"], string> = {
	"no-video": "that take has no video on disk",
	"shot-missing": "the shot is no longer in the note (the choice is kept in the journal)",
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
		this.setTitle(`Takes of ${this.row.shotId}`);
		this.render();
	}

	private render(): void {
		const el = this.contentEl;
		el.empty();
		el.createDiv({ cls: "cineflow-takes-prompt", text: this.row.prompt });
		const grid = el.createDiv({ cls: "cineflow-takes" });
		const takes = this.row.takes.filter((t) => t.path !== null);
		if (!takes.length) grid.createDiv({ cls: "cineflow-muted", text: "No take of this shot has a video yet." });
		for (const t of takes) {
			const card = grid.createDiv({ cls: ["cineflow-take", ...(t.chosen ? ["is-chosen"] : [])] });
			card.setAttr("data-take", t.take);
			const video = card.createEl("video", { attr: { controls: true, preload: "metadata", playsinline: true } });
			video.setAttr("src", this.app.vault.adapter.getResourcePath(normalizePath(t.path as string)));
			const head = card.createDiv({ cls: "cineflow-take-head" });
			head.createSpan({ cls: "cineflow-take-label", text: `Take ${t.take}` });
			if (t.chosen) head.createSpan({ cls: ["cineflow-badge", "cineflow-take-chosen"], text: "Chosen" });
			const b = card.createEl("button", { cls: "cineflow-take-choose", text: t.chosen ? "Chosen" : "Choose this take" });
			b.disabled = t.chosen || this.handlers.busy();
			if (this.handlers.busy() && !t.chosen) b.setAttr("title", "Choose a take when the run has finished");
			if (!t.chosen) b.addClass("mod-cta");
			b.addEventListener("click", () => {
				this.chosen = this.pick(t.take);
			});
		}
		const bar = el.createDiv({ cls: "cineflow-takes-actions" });
		const regen = bar.createEl("button", { cls: "cineflow-takes-regenerate", text: "Regenerate" });
		regen.disabled = this.handlers.busy() || !this.row.anchor;
		regen.addEventListener("click", () => {
			this.close();
			this.handlers.regenerate();
		});
		const close = bar.createEl("button", { text: "Close" });
		close.addEventListener("click", () => this.close());
	}

	private async pick(take: number): Promise<ChooseResult | null> {
		try {
			const r = await this.handlers.choose(take);
			if (!r.ok) {
				new Notice(`CineFlow could not choose take ${take}: ${FAILURE[r.reason]}.`);
				return r;
			}
			this.row = { ...this.row, chosenTake: take, takes: this.row.takes.map((x) => ({ ...x, chosen: x.take === take })) };
			new Notice(`CineFlow: take ${take} of ${this.row.shotId} is chosen${r.changed ? "; the note shows it under the shot" : ""}.`);
			this.render();
			return r;
		} catch (err) {
			new Notice(redactPatterns(`CineFlow could not choose take ${take}: ${err instanceof Error ? err.message : String(err)}`));
			return null;
		}
	}

	onClose(): void {
		this.contentEl.empty();
	}
}
