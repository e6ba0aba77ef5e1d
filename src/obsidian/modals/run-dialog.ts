/**
 * The run dialog: per-run overrides, a shot filter and the concurrency, then the
 * estimate (no network), the keys the run needs, missing character ids, and
 * Start. Start stays disabled while a field is invalid, nothing would run, or a
 * provider the run uses has no key (with a button to the settings at it).
 */
import { Modal, Setting } from "obsidian";
import {
	checkSettingText,
	getProviderInfo,
	type MessageKey,
	type PlannedJob,
	providerIds,
	type RunReport,
	settingDecl,
	type SettingPath,
	type ShotOverrides,
	t,
} from "../../core";
import { renderDryRun, summarize } from "../dryrun-view";
import { parseShotFilter } from "../filter";
import type { CineFlowHost } from "../host";
import { renderMissingCharacters } from "./characters";
import { missingKeys, renderMissingKeys, type MissingKey } from "./keys";

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
	/** The fields above win over the shots' own (off: they fill only what a shot and its note leave unset). */
	override: boolean;
}

export class RunDialog extends Modal {
	private readonly form: DialogState;
	private errors = new Map<string, string>();
	private report: RunReport | null = null;
	private previewEl!: HTMLElement;
	private charsEl!: HTMLElement;
	private keysEl!: HTMLElement;
	/** Providers this run would use that have no key in secret storage (from the latest estimate). */
	missing: MissingKey[] = [];
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
			override: false,
			...preset,
		};
	}

	onOpen(): void {
		this.setTitle(this.target ? t("plugin.dialog.title", { target: this.target }) : t("plugin.dialog.titleVault"));
		this.modalEl.addClass("cineflow-run-dialog");
		const c = this.contentEl;
		c.createDiv({ cls: "cineflow-muted", text: t("plugin.dialog.intro") });
		const asInShots = t("plugin.dialog.asInShots");

		new Setting(c).setName(t("plugin.dialog.orientation")).addDropdown((d) =>
			d
				.addOptions({ "": asInShots, horizontal: t("plugin.dialog.horizontal"), vertical: t("plugin.dialog.vertical") })
				.setValue(this.form.orientation)
				.onChange((v) => this.update({ orientation: v as DialogState["orientation"] })),
		);
		this.textRow(c, "plugin.dialog.resolution", "plugin.dialog.resolutionDesc", "size", "1280x720", (v) =>
			v.trim() === "" || /^\d{2,5}x\d{2,5}$/.test(v.trim()) ? null : t("plugin.dialog.resolutionInvalid"),
		);
		this.textRow(c, "plugin.dialog.duration", "plugin.dialog.durationDesc", "duration", "10", (v) =>
			v.trim() === "" ? null : problem("defaults.duration", v),
		);
		new Setting(c).setName(t("plugin.dialog.pro")).addDropdown((d) =>
			d
				.addOptions({ "": asInShots, on: t("plugin.dialog.on"), off: t("plugin.dialog.off") })
				.setValue(this.form.pro)
				.onChange((v) => this.update({ pro: v as DialogState["pro"] })),
		);
		new Setting(c)
			.setName(t("plugin.dialog.override"))
			.setDesc(t("plugin.dialog.overrideDesc"))
			.addToggle((toggle) => toggle.setValue(this.form.override).onChange((v) => this.update({ override: v })));
		const providers: Record<string, string> = { "": asInShots };
		for (const id of providerIds()) providers[id] = getProviderInfo(id)?.label ?? id;
		new Setting(c).setName(t("plugin.dialog.provider")).addDropdown((d) =>
			d
				.addOptions(providers)
				.setValue(this.form.provider)
				.onChange((v) => this.update({ provider: v, model: "" })),
		);
		this.textRow(c, "plugin.dialog.model", "plugin.dialog.modelDesc", "model", "sora-2", () => null);
		this.textRow(c, "plugin.dialog.takes", "plugin.dialog.takesDesc", "takes", "1", (v) => (v.trim() === "" ? null : problem("defaults.takes", v)));
		this.textRow(c, "plugin.dialog.shots", "plugin.dialog.shotsDesc", "filter", "1-5, 8", (v) => {
			const r = parseShotFilter(v);
			return r.ok ? null : r.message;
		});
		this.textRow(c, "plugin.dialog.concurrency", "plugin.dialog.concurrencyDesc", "concurrency", "20", (v) => problem("concurrency.initial", v));

		this.keysEl = c.createDiv({ cls: "cineflow-keys" });
		this.charsEl = c.createDiv({ cls: "cineflow-characters" });
		this.previewEl = c.createDiv({ cls: "cineflow-dryrun" });
		new Setting(c)
			.addButton((b) => b.setButtonText(t("common.cancel")).onClick(() => this.close()))
			.addButton((b) => {
				b.setButtonText(t("plugin.dialog.start"))
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

	private textRow(
		el: HTMLElement,
		name: MessageKey,
		desc: MessageKey,
		key: Exclude<keyof DialogState, "override">,
		placeholder: string,
		check: (v: string) => string | null,
	): void {
		const s = new Setting(el).setName(t(name)).setDesc(t(desc));
		const msg = s.descEl.createDiv({ cls: "cineflow-invalid" });
		s.addText((text) =>
			text
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
		const d = valueOf("defaults.duration", f.duration);
		if (d !== undefined) o.duration = d;
		if (f.pro) o.pro = f.pro === "on";
		if (f.provider) o.provider = f.provider;
		if (f.model.trim()) o.model = f.model.trim();
		const takes = valueOf("defaults.takes", f.takes);
		if (takes !== undefined) o.takes = takes;
		return o;
	}

	private selector(): ((job: PlannedJob) => boolean) | undefined {
		const r = parseShotFilter(this.form.filter);
		if (!r.ok || r.empty || !this.report) return undefined;
		const index = new Map<string, number>();
		for (const s of this.report.plan.shots) index.set(`${s.source.notePath}::${s.id}`, s.index);
		// Shots as the note shows them: a shot without `id:` by its position and positional id.
		return (j) =>
			r.test({ notePath: j.notePath, shotId: j.anchor?.id ?? j.shotId, index: j.anchor?.index ?? index.get(`${j.notePath}::${j.shotId}`) ?? 0 });
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
			const base = await runs.dryRun({ target: this.target, overrides: this.overrides(), override: this.form.override });
			if (seq !== this.seq) return;
			this.report = base;
			const select = this.selector();
			const report = select ? await runs.dryRun({ target: this.target, overrides: this.overrides(), override: this.form.override, select }) : base;
			if (seq !== this.seq) return;
			this.report = report;
			renderDryRun(this.previewEl, report);
			this.missing = missingKeys(this.app, this.host.settings, report);
			renderMissingKeys(this.app, this.keysEl, this.missing, () => this.close());
			renderMissingCharacters(this.app, this.charsEl, report.plan.jobs, this.ids, () => this.refresh(0));
			const s = summarize(report);
			if (this.startBtn) this.startBtn.disabled = this.errors.size > 0 || s.toRun === 0 || this.missing.length > 0;
		} catch (err) {
			this.previewEl.empty();
			this.previewEl.createDiv({ cls: "cineflow-invalid", text: err instanceof Error ? err.message : String(err) });
		}
	}

	private async start(): Promise<void> {
		await this.estimating;
		if (this.errors.size || this.missing.length) return;
		const conc = valueOf("concurrency.initial", this.form.concurrency);
		const select = this.selector();
		this.close();
		void this.host.openQueue();
		await this.host
			.runs()
			.run({ target: this.target, mode: "generate", overrides: this.overrides(), override: this.form.override, select, concurrency: conc });
	}
}

/** What is wrong with a field, in the words of its setting (null when valid). */
function problem(path: SettingPath, text: string): string | null {
	const r = checkSettingText(settingDecl(path), text);
	return r.ok ? null : r.message;
}

/** A valid, non-empty number field's value. */
function valueOf(path: SettingPath, text: string): number | undefined {
	if (!text.trim()) return undefined;
	const r = checkSettingText(settingDecl(path), text);
	return r.ok && typeof r.value === "number" ? r.value : undefined;
}
