/**
 * The folder picker, the run dialog (per-run overrides, shot filter,
 * concurrency, missing character ids, dry-run table and cost, then Start), the
 * dry-run report and the run log viewer.
 */
import { FuzzySuggestModal, Modal, Notice, Setting, TFolder, normalizePath, type App } from "obsidian";
import { getProviderInfo, providerIds } from "../core/providers/catalog";
import type { RunReport, ShotOverrides } from "../core/run/runner";
import { RUN_LOG_NAME } from "../core/run/runlog";
import type { PlannedJob } from "../core/types";
import { missingCharacters, saveCharacterIds } from "./character-ids";
import { renderDryRun, summarize } from "./dryrun-view";
import { parseShotFilter } from "./filter";
import type { CineFlowHost } from "./host";
import { checkInt } from "./settings-store";

// ------------------------------------------------------------------ folders

export class FolderPickerModal extends FuzzySuggestModal<TFolder> {
	constructor(
		app: App,
		private readonly preferred: TFolder | null,
		private readonly onPick: (folder: TFolder) => void,
	) {
		super(app);
		this.setPlaceholder("Pick a folder to generate its shots");
	}
	getItems(): TFolder[] {
		const all = this.app.vault.getAllFolders(true).sort((a, b) => a.path.localeCompare(b.path));
		const p = this.preferred;
		return p ? [p, ...all.filter((f) => f !== p)] : all;
	}
	getItemText(folder: TFolder): string {
		return folder.isRoot() ? "/" : folder.path;
	}
	onChooseItem(folder: TFolder): void {
		this.onPick(folder);
	}
}

/** The active note's folder, or the vault root. */
export function activeFolder(app: App): TFolder | null {
	const f = app.workspace.getActiveFile();
	return f?.parent ?? app.vault.getRoot();
}

// ------------------------------------------------------------------ dry-run summary

export { costText, renderDryRun, summarize, type WorkSummary } from "./dryrun-view";

export class DryRunModal extends Modal {
	constructor(
		private readonly host: CineFlowHost,
		private readonly target: string,
		private readonly report: RunReport,
	) {
		super(host.app);
	}
	onOpen(): void {
		this.setTitle(`Estimate for ${this.target || "the whole vault"}`);
		const box = this.contentEl.createDiv({ cls: "cineflow-dryrun" });
		renderDryRun(box, this.report);
		if (this.report.plan.warnings.length) {
			const w = this.contentEl.createEl("details", { cls: "cineflow-dryrun-warnings" });
			w.createEl("summary", { text: `${this.report.plan.warnings.length} warnings` });
			for (const m of this.report.plan.warnings) w.createDiv({ text: m });
		}
		new Setting(this.contentEl)
			.addButton((b) =>
				b.setButtonText("Close").onClick(() => {
					this.close();
				}),
			)
			.addButton((b) =>
				b
					.setButtonText("Generate…")
					.setCta()
					.onClick(() => {
						this.close();
						new RunDialog(this.host, this.target).open();
					}),
			);
	}
	onClose(): void {
		this.contentEl.empty();
	}
}

// ------------------------------------------------------------------ the run dialog

interface DialogState {
	orientation: "" | "horizontal" | "vertical";
	size: string;
	duration: string;
	pro: "" | "on" | "off";
	provider: string;
	model: string;
	takes: string;
	filter: string;
	concurrency: string;
}

export class RunDialog extends Modal {
	private readonly form: DialogState;
	private errors = new Map<string, string>();
	private report: RunReport | null = null;
	private previewEl!: HTMLElement;
	private charsEl!: HTMLElement;
	private startBtn: HTMLButtonElement | null = null;
	private seq = 0;
	private timer: number | null = null;
	private waiters: (() => void)[] = [];
	private readonly ids = new Map<string, Map<string, string>>();
	/** Resolves when the current estimate is shown (tests). */
	estimating: Promise<void> = Promise.resolve();

	constructor(
		private readonly host: CineFlowHost,
		private readonly target: string,
		private readonly preset: Partial<DialogState> = {},
	) {
		super(host.app);
		this.form = {
			orientation: "",
			size: "",
			duration: "",
			pro: "",
			provider: "",
			model: "",
			takes: "",
			filter: "",
			concurrency: String(host.settings.concurrency.initial),
			...preset,
		};
	}

	onOpen(): void {
		this.setTitle(`Generate shots in ${this.target || "the whole vault"}`);
		this.modalEl.addClass("cineflow-run-dialog");
		const c = this.contentEl;
		c.createDiv({ cls: "cineflow-muted", text: "These choices apply to this run only; the notes are not changed." });

		new Setting(c).setName("Orientation").addDropdown((d) =>
			d
				.addOptions({ "": "As in the shots", horizontal: "Horizontal", vertical: "Vertical" })
				.setValue(this.form.orientation)
				.onChange((v) => this.update({ orientation: v as DialogState["orientation"] })),
		);
		this.textRow(c, "Resolution", "Pixel size like 1280x720; empty keeps the shots' sizes.", "size", "1280x720", (v) =>
			v.trim() === "" || /^\d{2,5}x\d{2,5}$/.test(v.trim()) ? null : "Use width x height, like 1280x720.",
		);
		this.textRow(c, "Duration", "Seconds; empty keeps the shots' durations.", "duration", "10", (v) => (v.trim() === "" ? null : checkOk(checkInt(v, 1, 600))));
		new Setting(c).setName("Pro").addDropdown((d) =>
			d
				.addOptions({ "": "As in the shots", on: "On", off: "Off" })
				.setValue(this.form.pro)
				.onChange((v) => this.update({ pro: v as DialogState["pro"] })),
		);
		const providers: Record<string, string> = { "": "As in the shots" };
		for (const id of providerIds()) providers[id] = getProviderInfo(id)?.label ?? id;
		new Setting(c).setName("Provider").addDropdown((d) =>
			d
				.addOptions(providers)
				.setValue(this.form.provider)
				.onChange((v) => this.update({ provider: v, model: "" })),
		);
		this.textRow(c, "Model", "Model id; empty keeps the shots' (or the provider's default) model.", "model", "sora-2", () => null);
		this.textRow(c, "Takes", "Takes per shot, 1 to 10; empty keeps the shots' takes.", "takes", "1", (v) => (v.trim() === "" ? null : checkOk(checkInt(v, 1, 10))));
		this.textRow(c, "Shots", "Numbers, ranges or ids (1-5, 8, s10) and note:name; empty runs every shot.", "filter", "1-5, 8", (v) => {
			const r = parseShotFilter(v);
			return r.ok ? null : r.message;
		});
		this.textRow(c, "Concurrency", "Jobs running at once at the start of this run, 1 to 64 (it adapts to the provider).", "concurrency", "20", (v) => checkOk(checkInt(v, 1, 64)));

		this.charsEl = c.createDiv({ cls: "cineflow-characters" });
		this.previewEl = c.createDiv({ cls: "cineflow-dryrun" });
		new Setting(c)
			.addButton((b) => b.setButtonText("Cancel").onClick(() => this.close()))
			.addButton((b) => {
				b.setButtonText("Start")
					.setCta()
					.onClick(() => void this.start());
				b.buttonEl.addClass("cineflow-start");
				this.startBtn = b.buttonEl;
			});
		this.refresh(0);
	}

	onClose(): void {
		this.seq++;
		if (this.timer !== null) window.clearTimeout(this.timer);
		this.timer = null;
		for (const r of this.waiters.splice(0)) r();
		this.contentEl.empty();
	}

	private textRow(el: HTMLElement, name: string, desc: string, key: keyof DialogState, placeholder: string, check: (v: string) => string | null): void {
		const s = new Setting(el).setName(name).setDesc(desc);
		const msg = s.descEl.createDiv({ cls: "cineflow-invalid" });
		s.addText((t) =>
			t
				.setPlaceholder(placeholder)
				.setValue(this.form[key])
				.onChange((v) => {
					const problem = check(v);
					msg.setText(problem ?? "");
					if (problem) this.errors.set(key, problem);
					else this.errors.delete(key);
					this.update({ [key]: v });
				}),
		);
		s.settingEl.addClass(`cineflow-field-${key}`);
	}

	private update(patch: Partial<DialogState>): void {
		Object.assign(this.form, patch);
		this.refresh();
	}

	/** The overrides for runGeneration (only valid fields). */
	overrides(): ShotOverrides {
		const f = this.form;
		const o: ShotOverrides = {};
		if (f.orientation) o.orientation = f.orientation;
		if (f.size.trim() && /^\d{2,5}x\d{2,5}$/.test(f.size.trim())) o.size = f.size.trim();
		const d = checkInt(f.duration, 1, 600);
		if (f.duration.trim() && d.ok) o.duration = d.value;
		if (f.pro) o.pro = f.pro === "on";
		if (f.provider) o.provider = f.provider;
		if (f.model.trim()) o.model = f.model.trim();
		const t = checkInt(f.takes, 1, 10);
		if (f.takes.trim() && t.ok) o.takes = t.value;
		return o;
	}

	private selector(): ((job: PlannedJob) => boolean) | undefined {
		const r = parseShotFilter(this.form.filter);
		if (!r.ok || r.empty || !this.report) return undefined;
		const index = new Map<string, number>();
		for (const s of this.report.plan.shots) index.set(`${s.source.notePath}::${s.id}`, s.index);
		// Shots as the note shows them: a shot without `id:` by its position and positional id.
		return (j) => r.test({ notePath: j.notePath, shotId: j.anchor?.id ?? j.shotId, index: j.anchor?.index ?? index.get(`${j.notePath}::${j.shotId}`) ?? 0 });
	}

	/**
	 * Re-plans (no network) with the current choices and redraws the table. While
	 * the user types, planning waits for a pause (a folder can hold many notes);
	 * `estimating` always resolves once the latest estimate is shown.
	 */
	refresh(delayMs = 300): void {
		if (this.timer !== null) window.clearTimeout(this.timer);
		this.timer = null;
		const waiting = this.waiters.splice(0);
		this.estimating = new Promise<void>((resolve) => {
			this.waiters.push(resolve);
			const run = () => {
				this.timer = null;
				const done = this.waiters.splice(0);
				void this.estimate().then(() => done.forEach((r) => r()));
			};
			if (delayMs <= 0) run();
			else this.timer = window.setTimeout(run, delayMs);
		});
		// Whoever waited for a superseded estimate gets the new one.
		for (const r of waiting) void this.estimating.then(r);
	}

	private async estimate(): Promise<void> {
		const seq = ++this.seq;
		try {
			const runs = this.host.runs();
			// Plan once without the filter to learn shot positions, then with it.
			const base = await runs.dryRun({ target: this.target, overrides: this.overrides() });
			if (seq !== this.seq) return;
			this.report = base;
			const select = this.selector();
			const report = select ? await runs.dryRun({ target: this.target, overrides: this.overrides(), select }) : base;
			if (seq !== this.seq) return;
			this.report = report;
			renderDryRun(this.previewEl, report);
			this.renderCharacters(report);
			const s = summarize(report);
			if (this.startBtn) this.startBtn.disabled = this.errors.size > 0 || s.toRun === 0;
		} catch (err) {
			this.previewEl.empty();
			this.previewEl.createDiv({ cls: "cineflow-invalid", text: err instanceof Error ? err.message : String(err) });
		}
	}

	private renderCharacters(report: RunReport): void {
		const el = this.charsEl;
		el.empty();
		const missing = missingCharacters(report.plan.jobs);
		if (!missing.size) return;
		new Setting(el).setName("Missing character ids").setHeading();
		el.createDiv({ cls: "cineflow-muted", text: "These names are marked in prompts but the note's character list has no id for them. Add ids like @alice and save them into the note's properties." });
		for (const [note, names] of missing) {
			const ids = this.ids.get(note) ?? new Map<string, string>();
			this.ids.set(note, ids);
			for (const name of names) {
				new Setting(el)
					.setName(name)
					.setDesc(note)
					.addText((t) =>
						t
							.setPlaceholder("@handle")
							.setValue(ids.get(name) ?? "")
							.onChange((v) => {
								ids.set(name, v.trim());
							}),
					);
			}
			new Setting(el).addButton((b) =>
				b.setButtonText(`Save ids into ${note}`).onClick(async () => {
					const chosen: Record<string, string> = {};
					for (const [n, v] of ids) {
						if (!v) continue;
						const handle = v.startsWith("@") ? v : `@${v}`;
						if (!/^@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(handle)) {
							new Notice(`${v} is not a valid character id (use @ then letters, digits, _, . and -).`);
							return;
						}
						chosen[n] = handle;
					}
					if (!Object.keys(chosen).length) return;
					await saveCharacterIds(this.app, note, chosen);
					ids.clear();
					this.refresh(0);
				}),
			);
		}
	}

	private async start(): Promise<void> {
		await this.estimating;
		if (this.errors.size) return;
		const conc = checkInt(this.form.concurrency, 1, 64);
		const select = this.selector();
		this.close();
		void this.host.openQueue();
		await this.host.runs().run({ target: this.target, mode: "generate", overrides: this.overrides(), select, concurrency: conc.ok ? conc.value : undefined });
	}
}

function checkOk(c: { ok: true } | { ok: false; message: string }): string | null {
	return c.ok ? null : c.message;
}

// ------------------------------------------------------------------ run log

export class RunLogModal extends Modal {
	constructor(
		app: App,
		private readonly folders: string[],
		private readonly runId: string,
	) {
		super(app);
	}
	async onOpen(): Promise<void> {
		this.setTitle("Run log");
		const c = this.contentEl;
		c.createDiv({ cls: "cineflow-muted", text: "Redacted events of this run (no keys, no signed links). Files: " + this.folders.map((f) => `${f}/${RUN_LOG_NAME}`).join(", ") });
		const lines: string[] = [];
		for (const folder of this.folders) {
			const path = normalizePath(`${folder}/${RUN_LOG_NAME}`);
			if (!(await this.app.vault.adapter.exists(path))) continue;
			const text = await this.app.vault.adapter.read(path);
			for (const line of text.split("\n")) if (line && (!this.runId || line.includes(`"run":"${this.runId}"`))) lines.push(line);
		}
		const shown = lines.slice(-500).join("\n");
		c.createEl("pre", { cls: "cineflow-log", text: shown || "No events were logged for this run yet." });
		new Setting(c).addButton((b) =>
			b.setButtonText("Copy").onClick(async () => {
				await navigator.clipboard.writeText(shown);
				new Notice("Run log copied.");
			}),
		);
	}
	onClose(): void {
		this.contentEl.empty();
	}
}
