/**
 * Shot cards: every ```shot block renders (reading view and live preview) as a
 * card with the prompt, id, duration, model and orientation after defaults, the
 * shot's state — from the live run when there is one, otherwise from the job
 * journal and the output folder — and Generate / Regenerate / Show video buttons.
 * An invalid block shows its error in place.
 */
import { MarkdownRenderChild, Notice, TFile, normalizePath, type MarkdownPostProcessorContext } from "obsidian";
import type { RunEvent } from "../ports/events";
import {
	attachmentOutputFolder,
	folderOf,
	formatPercent,
	journalPathsIn,
	language,
	type Orientation,
	outputFolderFor,
	outputPathFor,
	type ParsedNote,
	parseJournalText,
	parseMarkdown,
	redactPatterns,
	resolveShot,
	type ShotResult,
	t,
	usesAttachments,
} from "../core";
import { storedIdOf } from "./card-identity";
import { storedStale } from "./card-stale";
import type { CineFlowHost } from "./host";
import { ACTIVE, FAILED } from "./run-state";

export type CardState =
	| { kind: "not-generated" }
	| { kind: "queued" }
	| { kind: "running"; progress: number | null }
	| { kind: "done"; videoPath: string }
	/** `reason`: the provider's or the journal's own text (evidence), shown as it is. */
	| { kind: "failed"; reason: string; journal?: undefined }
	/** The job journal at `journal` cannot be read. */
	| { kind: "failed"; journal: string; reason?: undefined }
	| { kind: "unfinished" };

export interface CardInfo {
	notePath: string;
	id: string;
	prompt: string;
	duration: number;
	model: string;
	orientation: Orientation;
	size: string;
	pro: boolean;
	takes: number;
}

export interface CardActions {
	generate(): void;
	regenerate(): void;
	showVideo(path: string): void;
	/** Opens the storyboard board on the shot's note. */
	board?(): void;
}

export function stateLabel(s: CardState): string {
	switch (s.kind) {
		case "not-generated":
			return t("board.state.notGenerated");
		case "queued":
			return t("board.state.queued");
		case "running":
			return s.progress === null
				? t("board.state.running")
				: t("board.state.runningPercent", { percent: formatPercent(language(), Math.round(s.progress) / 100, 0) });
		case "done":
			return t("board.state.done");
		case "failed":
			return s.journal !== undefined ? t("board.card.journalUnreadable", { path: s.journal }) : t("board.card.failed", { reason: s.reason });
		case "unfinished":
			return t("board.card.unfinished");
	}
}

/** "10 s · sorahk/sora-2 · horizontal 1280x720 · pro · 2 takes": separate facts, each a whole message. */
export function cardMeta(info: CardInfo): string {
	const vertical = info.orientation === "vertical";
	const orientation = info.size
		? t(vertical ? "board.card.verticalSize" : "board.card.horizontalSize", { size: info.size })
		: t(vertical ? "board.card.vertical" : "board.card.horizontal");
	const meta = [t("board.card.seconds", { seconds: info.duration }), info.model, orientation];
	if (info.pro) meta.push(t("board.card.pro"));
	if (info.takes > 1) meta.push(t("board.card.takes", { count: info.takes }));
	return meta.join(" · ");
}

/** Renders the state line and the buttons (re-rendered on live updates). */
export function renderCardState(el: HTMLElement, state: CardState, actions: CardActions, busy: boolean): void {
	el.empty();
	const line = el.createDiv({ cls: ["cineflow-card-state", `cineflow-card-${state.kind}`], text: stateLabel(state) });
	line.setAttr("data-state", state.kind);
	if (state.kind === "running" && state.progress !== null)
		el.createEl("progress", { cls: "cineflow-progress", attr: { max: 100, value: Math.round(state.progress) } });
	const buttons = el.createDiv({ cls: "cineflow-card-buttons" });
	const done = state.kind === "done";
	const active = state.kind === "queued" || state.kind === "running";
	// A failed take is not retried by "Generate" (that would pay again for the same
	// prompt without asking); "Regenerate" adds a take on purpose.
	if (!done && !active && state.kind !== "failed") {
		const b = buttons.createEl("button", { cls: "cineflow-card-generate", text: t("board.card.generate") });
		b.disabled = busy;
		b.addEventListener("click", () => actions.generate());
	}
	if (done || state.kind === "failed") {
		const b = buttons.createEl("button", { cls: "cineflow-card-regenerate", text: t("board.card.regenerate") });
		b.disabled = busy;
		b.addEventListener("click", () => actions.regenerate());
	}
	if (state.kind === "done") {
		const path = state.videoPath;
		const b = buttons.createEl("button", { cls: "cineflow-card-show", text: t("board.card.showVideo") });
		b.addEventListener("click", () => actions.showVideo(path));
	}
	if (actions.board) {
		const b = buttons.createEl("button", { cls: "cineflow-card-board", text: t("board.card.board") });
		b.addEventListener("click", () => actions.board?.());
	}
}

/** The whole card for a valid shot. */
export function renderCard(el: HTMLElement, info: CardInfo, state: CardState, actions: CardActions, busy: boolean, stale: string | null = null): HTMLElement {
	el.empty();
	const card = el.createDiv({ cls: "cineflow-card" });
	const head = card.createDiv({ cls: "cineflow-card-head" });
	head.createSpan({ cls: "cineflow-card-id", text: info.id });
	head.createSpan({ cls: "cineflow-card-meta", text: cardMeta(info) });
	card.createDiv({ cls: "cineflow-card-prompt", text: info.prompt });
	if (stale) card.createDiv({ cls: "cineflow-card-stale", text: stale });
	const stateEl = card.createDiv({ cls: "cineflow-card-status" });
	renderCardState(stateEl, state, actions, busy);
	return stateEl;
}

export function renderCardError(el: HTMLElement, message: string): void {
	el.empty();
	const card = el.createDiv({ cls: ["cineflow-card", "cineflow-card-invalid"] });
	card.createDiv({ cls: "cineflow-card-head", text: t("board.card.invalid") });
	card.createDiv({ cls: "cineflow-card-error", text: message });
}

/** Finds the shot whose fence starts at `lineStart` (0-based), or the only one. */
function locate(note: ParsedNote, lineStart: number | null): ShotResult | undefined {
	if (lineStart === null) return note.shots[0];
	return note.shots.find((s) => s.source.line - 1 === lineStart) ?? (note.shots.length === 1 ? note.shots[0] : undefined);
}

interface JournalView {
	entries?: Record<string, { shotId?: string; take?: number; status?: string; error?: string; outputPath?: string }>;
}

/** The card state from the journal and the files, when no live run knows the shot. */
export async function storedState(host: CineFlowHost, notePath: string, folder: string, shotId: string): Promise<CardState> {
	const adapter = host.app.vault.adapter;
	let latest: { take: number; status: string; error?: string; outputPath?: string } | null = null;
	for (const candidate of journalPathsIn(folder)) {
		const journalPath = normalizePath(candidate);
		if (!(await adapter.exists(journalPath))) continue;
		try {
			const data = parseJournalText(await adapter.read(journalPath)) as JournalView;
			for (const e of Object.values(data.entries ?? {})) {
				if (e.shotId !== shotId || typeof e.take !== "number" || typeof e.status !== "string") continue;
				if (!latest || e.take > latest.take) latest = { take: e.take, status: e.status, error: e.error, outputPath: e.outputPath };
			}
		} catch {
			return { kind: "failed", journal: journalPath };
		}
		break;
	}
	if (latest) {
		const video = latest.outputPath ?? outputPathFor(folder, shotId, latest.take);
		if (latest.status === "done" && (await adapter.exists(normalizePath(video)))) return { kind: "done", videoPath: video };
		if (latest.status === "failed" || latest.status === "timed-out" || latest.status === "expired") {
			return { kind: "failed", reason: redactPatterns(latest.error ?? latest.status) };
		}
		if (latest.status !== "done") return { kind: "unfinished" };
	}
	const first = outputPathFor(folder, shotId, 1);
	if (await adapter.exists(normalizePath(first))) return { kind: "done", videoPath: first };
	return { kind: "not-generated" };
}

class CardChild extends MarkdownRenderChild {
	constructor(
		el: HTMLElement,
		private readonly subscribe: () => () => void,
	) {
		super(el);
	}
	onload(): void {
		this.register(this.subscribe());
	}
}

export function shotCardProcessor(host: CineFlowHost) {
	// Every block of a note is rendered with the same note text: parse it once.
	let last: { path: string; text: string; note: ParsedNote } | null = null;
	const parsed = (path: string, text: string): ParsedNote => {
		if (last?.path !== path || last.text !== text) last = { path, text, note: parseMarkdown(path, text) };
		return last.note;
	};
	return async (source: string, el: HTMLElement, ctx: MarkdownPostProcessorContext): Promise<void> => {
		const notePath = ctx.sourcePath;
		const info = ctx.getSectionInfo(el);
		const text = info ? info.text : "```shot\n" + source + "\n```\n";
		const note = parsed(notePath, text);
		const shot = locate(note, info ? info.lineStart : null);
		const noteError = note.issues.find((i) => i.severity === "error");
		if (!shot) {
			renderCardError(el, t("board.card.notLocated", { path: notePath }));
			return;
		}
		if (!shot.ok) {
			renderCardError(el, shot.error);
			return;
		}
		const res = resolveShot(shot, note.frontmatter, host.settings);
		if (!res.ok) {
			renderCardError(el, res.error);
			return;
		}
		if (noteError) {
			renderCardError(el, noteError.message);
			return;
		}
		const s = res.shot;
		// Obsidian's attachment location when the settings or the note choose it (as a run would).
		const folder = usesAttachments(note.frontmatter.output, host.settings)
			? attachmentOutputFolder(notePath, folderOf(normalizePath(await host.app.fileManager.getAvailablePathForAttachment("cineflow.mp4", notePath))))
			: outputFolderFor(notePath, note.frontmatter.output ?? host.settings.outputFolder);
		// The stored shot this card shows (a shot without `id:` may be stored under another id).
		const sid = await storedIdOf(host, note, text, shot, folder);
		const cardInfo: CardInfo = {
			notePath,
			id: s.id,
			prompt: s.prompt,
			duration: s.duration,
			model: `${s.provider}/${s.model}`,
			orientation: s.orientation,
			size: s.size,
			pro: s.pro,
			takes: s.takes,
		};
		const runs = host.runs();
		const actions: CardActions = {
			generate: () => {
				void host.openQueue();
				// A shot without `id:` is this block's by position (its job's id may be another: run/identity.ts).
				void runs.run({
					target: notePath,
					mode: "generate",
					select: (j) => (j.anchor?.idGiven === false ? j.anchor.index === s.index : j.shotId === s.id),
				});
			},
			regenerate: () => {
				void host.openQueue();
				void runs.run({ target: notePath, mode: "regenerate", regenerate: { notePath, shotId: s.id } });
			},
			...(host.openBoard ? { board: () => void host.openBoard?.(notePath) } : {}),
			showVideo: (path) => {
				const f = host.app.vault.getAbstractFileByPath(normalizePath(path));
				if (f instanceof TFile) void host.app.workspace.getLeaf(true).openFile(f);
				else new Notice(t("board.card.notIndexed", { path }));
			},
		};
		const live = (): CardState | null => {
			const row = runs.current?.shotRow(notePath, sid);
			if (!row || runs.current?.finished) return null;
			if (row.state === "pending" || row.state === "submitting" || row.state === "queued") return { kind: "queued" };
			if (ACTIVE.has(row.state)) return { kind: "running", progress: row.progress ?? null };
			if (row.state === "done" && row.outputPath) return { kind: "done", videoPath: row.outputPath };
			if (FAILED.has(row.state)) return { kind: "failed", reason: redactPatterns(row.message ?? row.state) };
			return null;
		};
		const stateEl = renderCard(
			el,
			cardInfo,
			live() ?? (await storedState(host, notePath, folder, sid)),
			actions,
			runs.running,
			s.chain ? await storedStale(host, notePath, folder, sid) : null,
		);
		const refresh = async () => {
			renderCardState(stateEl, live() ?? (await storedState(host, notePath, folder, sid)), actions, runs.running);
		};
		ctx.addChild(
			new CardChild(el, () => {
				const offEvent = runs.onEvent((e: RunEvent) => {
					if ((e.type === "job" && e.notePath === notePath && e.shotId === sid) || e.type === "summary") void refresh();
				});
				const offChange = runs.onChange(() => void refresh());
				return () => {
					offEvent();
					offChange();
				};
			}),
		);
	};
}
