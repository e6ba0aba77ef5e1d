/**
 * "Export the cut of this note": the note's cut as OpenTimelineIO and/or an
 * Obsidian canvas, written through the Vault API next to the note
 * (`<note> — cut.otio`, `<note> — cut.canvas`), optionally with poster frames.
 * A file that is already there is replaced only when the user says so.
 */
import { Modal, Notice, Setting, type App, type Plugin, type TFile } from "obsidian";
import {
	buildCut,
	type Cut,
	CutError,
	type CutFile,
	cutFiles,
	type CutFormat,
	type CutWarningKind,
	formatList,
	language,
	type MessageKey,
	redactPatterns,
	t,
	writePosters,
} from "../core";
import { VideoElementFrames } from "./frames";
import type { CineFlowHost } from "./host";
import { joinClauses, joinIds, joinPhrases } from "./text";
import { ObsidianVaultPort } from "./vault-port";

type Host = CineFlowHost & Plugin;

export const CUT_COMMAND_ID = "export-cut";

export interface CutExportChoice {
	formats: CutFormat[];
	posters: boolean;
}

export interface CutExportResult {
	written: string[];
	/** Files the user chose to keep as they were. */
	kept: string[];
	posters?: { written: number; kept: number; failed: number; unavailable: boolean };
}

/** Asks whether to replace a file; closing the dialog keeps it. */
export class ReplaceFileModal extends Modal {
	private answered = false;
	constructor(
		app: App,
		private readonly path: string,
		private readonly answer: (replace: boolean) => void,
	) {
		super(app);
	}
	private reply(replace: boolean): void {
		if (this.answered) return;
		this.answered = true;
		this.answer(replace);
	}
	onOpen(): void {
		this.setTitle(t("plugin.cut.replaceTitle"));
		this.contentEl.createEl("p", { text: t("plugin.cut.replaceBody", { path: this.path }) });
		new Setting(this.contentEl)
			.addButton((b) =>
				b.setButtonText(t("plugin.cut.keep")).onClick(() => {
					this.reply(false);
					this.close();
				}),
			)
			.addButton((b) => {
				// The look of setWarning (deprecated) without setDestructive (Obsidian 1.13+).
				b.buttonEl.addClass("mod-warning");
				return b.setButtonText(t("plugin.cut.replace")).onClick(() => {
					this.reply(true);
					this.close();
				});
			});
	}
	onClose(): void {
		this.contentEl.empty();
		this.reply(false);
	}
}

function askReplace(app: App, path: string): Promise<boolean> {
	return new Promise((resolve) => new ReplaceFileModal(app, path, resolve).open());
}

/** The vault's folder on disk (desktop), for file: URLs in the .otio; null on mobile. */
function vaultFolderOnDisk(app: App): string | null {
	const adapter = app.vault.adapter as { getBasePath?: () => string };
	return typeof adapter.getBasePath === "function" ? adapter.getBasePath() : null;
}

async function writeFile(app: App, f: CutFile, confirm: (path: string) => Promise<boolean>): Promise<boolean> {
	const existing = app.vault.getFileByPath(f.path);
	if (!existing) {
		await app.vault.create(f.path, f.text);
		return true;
	}
	if (!(await confirm(f.path))) return false;
	await app.vault.modify(existing, f.text);
	return true;
}

/** Writes the chosen files (and posters) of a cut. `confirm` is asked before replacing a file. */
export async function exportCut(
	app: App,
	cut: Cut,
	choice: CutExportChoice,
	confirm: (path: string) => Promise<boolean> = (p) => askReplace(app, p),
): Promise<CutExportResult> {
	const result: CutExportResult = { written: [], kept: [] };
	let final = cut;
	if (choice.posters) {
		const r = await writePosters(cut, { vault: new ObsidianVaultPort(app), frames: new VideoElementFrames(app) });
		final = r.cut;
		result.posters = { written: r.written.length, kept: r.kept.length, failed: r.failed.length, unavailable: r.unavailable };
	}
	const root = vaultFolderOnDisk(app);
	for (const f of cutFiles(final, { formats: choice.formats, ...(root !== null ? { fileRoot: root } : {}) })) {
		if (await writeFile(app, f, confirm)) result.written.push(f.path);
		else result.kept.push(f.path);
	}
	return result;
}

const LEFT_OUT: Partial<Record<CutWarningKind, MessageKey>> = {
	"no-video": "plugin.cut.noVideo",
	"not-embedded": "plugin.cut.notEmbedded",
	"video-missing": "plugin.cut.videoMissing",
	"invalid-shot": "plugin.cut.invalidShot",
};

/** "3 shots in the cut, 2 left out (no video yet: s03, s07; video missing: s05)". */
export function cutSummary(cut: Cut): string {
	const inCut = new Set(cut.clips.map((c) => c.shotId));
	const groups = new Map<MessageKey, string[]>();
	for (const w of cut.warnings) {
		const label = LEFT_OUT[w.kind];
		if (!label || w.shotId === undefined || inCut.has(w.shotId)) continue;
		groups.set(label, [...(groups.get(label) ?? []), w.shotId]);
	}
	const count = cut.clips.length;
	const left = cut.shots - count;
	const why = joinClauses([...groups].map(([label, ids]) => t("plugin.cut.group", { label: t(label), ids: joinIds(ids) })));
	if (!left) return t("plugin.cut.summary", { count });
	return why ? t("plugin.cut.summaryLeftWhy", { count, left, why }) : t("plugin.cut.summaryLeft", { count, left });
}

/** The export dialog: formats, posters, then Export. */
export class CutExportModal extends Modal {
	private choice: CutExportChoice = { formats: ["otio", "canvas"], posters: false };
	/** Resolves when an export started from the dialog is finished (tests). */
	done: Promise<CutExportResult | null> = Promise.resolve(null);

	constructor(
		app: App,
		private readonly cut: Cut,
	) {
		super(app);
	}

	onOpen(): void {
		this.setTitle(t("plugin.cut.title", { title: this.cut.title }));
		this.contentEl.createEl("p", { text: redactPatterns(cutSummary(this.cut)) });
		const notes = this.cut.warnings;
		if (notes.length) {
			const d = this.contentEl.createEl("details", { cls: "cineflow-cut-warnings" });
			d.createEl("summary", { text: t("plugin.cut.notes", { count: notes.length }) });
			for (const w of notes) d.createDiv({ text: redactPatterns(w.message) });
		}
		new Setting(this.contentEl)
			.setName(t("plugin.cut.format"))
			.setDesc(t("plugin.cut.formatDesc"))
			.addDropdown((d) =>
				d
					.addOption("both", t("plugin.cut.formatBoth"))
					.addOption("otio", t("plugin.cut.formatOtio"))
					.addOption("canvas", t("plugin.cut.formatCanvas"))
					.setValue("both")
					.onChange((v) => {
						this.choice.formats = v === "otio" ? ["otio"] : v === "canvas" ? ["canvas"] : ["otio", "canvas"];
					}),
			);
		new Setting(this.contentEl)
			.setName(t("plugin.cut.posters"))
			.setDesc(t("plugin.cut.postersDesc"))
			.addToggle((toggle) => toggle.setValue(false).onChange((v) => (this.choice.posters = v)));
		new Setting(this.contentEl)
			.addButton((b) => b.setButtonText(t("common.cancel")).onClick(() => this.close()))
			.addButton((b) =>
				b
					.setButtonText(t("plugin.cut.export"))
					.setCta()
					.onClick(() => {
						this.close();
						this.done = runExport(this.app, this.cut, { ...this.choice });
					}),
			);
	}

	onClose(): void {
		this.contentEl.empty();
	}
}

function postersText(p: NonNullable<CutExportResult["posters"]>): string {
	if (p.unavailable) return t("plugin.cut.noPosters");
	return p.failed
		? t("plugin.cut.postersDoneFailed", { written: p.written, kept: p.kept, failed: p.failed })
		: t("plugin.cut.postersDone", { written: p.written, kept: p.kept });
}

async function runExport(app: App, cut: Cut, choice: CutExportChoice): Promise<CutExportResult | null> {
	try {
		const r = await exportCut(app, cut, choice);
		const files = (paths: string[]) => formatList(language(), paths, "conjunction");
		const parts = [r.written.length ? t("plugin.cut.wrote", { files: files(r.written) }) : t("plugin.cut.wroteNothing"), cutSummary(cut)];
		if (r.kept.length) parts.push(t("plugin.cut.kept", { files: files(r.kept) }));
		if (r.posters) parts.push(postersText(r.posters));
		new Notice(redactPatterns(t("plugin.cut.done", { details: joinPhrases(parts) })));
		return r;
	} catch (err) {
		new Notice(redactPatterns(t("plugin.cut.exportFailed", { note: cut.notePath, error: err instanceof Error ? err.message : String(err) })));
		return null;
	}
}

/** Reads a note's cut and opens the export dialog (or says why there is nothing to export). */
export async function openCutExport(host: CineFlowHost, notePath: string): Promise<CutExportModal | null> {
	let cut: Cut;
	try {
		cut = await buildCut({ vault: new ObsidianVaultPort(host.app), notePath, settings: host.settings });
	} catch (err) {
		new Notice(
			redactPatterns(t("plugin.cut.readFailed", { note: notePath, error: err instanceof CutError || err instanceof Error ? err.message : String(err) })),
		);
		return null;
	}
	if (!cut.clips.length) {
		new Notice(t("plugin.cut.nothing", { note: notePath }));
		return null;
	}
	const modal = new CutExportModal(host.app, cut);
	modal.open();
	return modal;
}

/** The command. `noteFor` is the active note with shots, or null (commands.ts decides). */
export function registerCutCommand(host: Host, noteFor: () => TFile | null): void {
	host.addCommand({
		id: CUT_COMMAND_ID,
		name: t("plugin.cmd.exportCut"),
		icon: "film",
		checkCallback: (checking) => {
			const file = noteFor();
			if (!file) return false;
			if (!checking) void openCutExport(host, file.path);
			return true;
		},
	});
}
