/**
 * The settings tab. Its rows come from the settings table (core/settings/table.ts)
 * through settings/sections.ts: basic settings first, then one "Advanced" heading
 * that folds away timing, polling, retry, price and upload knobs. Every field is
 * checked as it is typed; an invalid value shows a message under the field and is
 * not saved. Obsidian 1.13+ reads the same rows through getSettingDefinitions()
 * (the advanced ones as a sub-page); older versions call display().
 */
import { Notice, PluginSettingTab, Setting, type App, type Plugin, type SettingDefinitionItem } from "obsidian";
import { getProviderInfo, type Settings, SETTINGS_VERSION, t } from "../core";
import type { CineFlowHost } from "./host";
import type { SettingRow, TabContext } from "./settings/controls";
import { settingSections, type SettingSection } from "./settings/sections";

export type { SettingRow } from "./settings/controls";
export type { SettingSection } from "./settings/sections";

/** The tab of each app, so a dialog can open it at a provider. */
const TABS = new WeakMap<App, CineFlowSettingTab>();

export class CineFlowSettingTab extends PluginSettingTab {
	private declarative = false;
	/** The provider whose key and model are shown (set when opened from a dialog); default: the chosen provider. */
	private focus: string | null = null;
	/** The advanced settings are folded until the user opens them. */
	advancedOpen = false;
	readonly pluginId: string;

	constructor(
		app: App,
		plugin: Plugin,
		private readonly host: CineFlowHost,
	) {
		super(app, plugin);
		this.pluginId = plugin.manifest.id;
		TABS.set(app, this);
	}

	private get s(): Settings {
		return this.host.settings;
	}

	/** What the row renderers use: the settings as they are now, save and redraw. */
	private get ctx(): TabContext {
		return {
			app: this.app,
			settings: this.s,
			save: () => this.saveThen(() => undefined),
			saveThen: (next) => this.saveThen(next),
			refresh: () => this.refresh(),
		};
	}

	/** Saves the settings (an error becomes a notice), then runs `next`. */
	private saveThen(next: () => void): void {
		this.host.saveSettings().then(next, (err: unknown) => {
			new Notice(t("settings.tab.notSaved", { error: err instanceof Error ? err.message : t("common.unknown") }));
		});
	}

	/** Redraws after a change that alters other rows (the provider, the uploader kind). */
	private refresh(): void {
		const self = this as unknown as { update?: () => void };
		if (this.declarative && typeof self.update === "function") self.update();
		else this.draw();
	}

	/** Shows `provider`'s key and model rows (the run dialog's "Open settings"), without changing the default provider. */
	focusProvider(provider: string): void {
		this.focus = provider && provider !== this.s.provider ? provider : null;
		this.refresh();
	}

	display(): void {
		this.draw();
	}

	sections(): { basic: SettingSection[]; advanced: SettingSection[] } {
		const out = settingSections(this.ctx, this.focus ?? this.s.provider);
		const focus = this.focus;
		const first = out.basic[0];
		if (focus && first?.id === "provider") {
			const label = getProviderInfo(focus)?.label ?? focus;
			first.rows.splice(1, 0, {
				name: t("settings.tab.showing", { provider: label }),
				desc: t("settings.tab.showingDesc", { provider: label }),
				cls: "cineflow-focus",
				render: () => undefined,
			});
		}
		return out;
	}

	getSettingDefinitions(): SettingDefinitionItem[] {
		this.declarative = true;
		const { basic, advanced } = this.sections();
		const group = (sec: SettingSection) => ({ type: "group" as const, heading: sec.heading, items: sec.rows.map(definition) });
		return [
			...basic.map(group),
			{ type: "page" as const, name: t("settings.tab.advanced"), desc: t("settings.tab.advancedDesc"), items: advanced.map(group) },
		];
	}

	private draw(): void {
		const el = this.containerEl;
		el.empty();
		const { basic, advanced } = this.sections();
		for (const sec of basic) drawSection(el, sec);
		const head = new Setting(el).setName(t("settings.tab.advanced")).setDesc(t("settings.tab.advancedDesc")).setHeading();
		head.settingEl.addClass("cineflow-advanced-heading");
		const box = el.createDiv({ cls: "cineflow-advanced" });
		box.toggleClass("cineflow-hidden", !this.advancedOpen);
		head.addExtraButton((b) => {
			const show = () =>
				b
					.setIcon(this.advancedOpen ? "chevron-down" : "chevron-right")
					.setTooltip(t(this.advancedOpen ? "settings.tab.hideAdvanced" : "settings.tab.showAdvanced"));
			show();
			b.onClick(() => {
				this.advancedOpen = !this.advancedOpen;
				box.toggleClass("cineflow-hidden", !this.advancedOpen);
				show();
			});
		});
		for (const sec of advanced) drawSection(box, sec);
		el.createDiv({ cls: "cineflow-muted", text: t("settings.tab.version", { version: SETTINGS_VERSION }) });
		if (this.focus) el.querySelector?.(".cineflow-provider-key")?.scrollIntoView?.({ block: "center" });
	}
}

function drawSection(el: HTMLElement, sec: SettingSection): void {
	new Setting(el).setName(sec.heading).setHeading();
	for (const r of sec.rows) {
		const setting = new Setting(el).setName(r.name);
		if (r.desc) setting.setDesc(r.desc);
		for (const c of r.cls?.split(" ") ?? []) setting.setClass(c);
		r.render(setting);
	}
}

function definition(r: SettingRow) {
	return {
		name: r.name,
		...(r.desc ? { desc: r.desc } : {}),
		render: (setting: Setting) => {
			for (const c of r.cls?.split(" ") ?? []) setting.settingEl.addClass(c);
			r.render(setting);
		},
	};
}

/**
 * Opens Obsidian's settings at CineFlow's tab, showing `provider`'s key. Returns
 * false when this Obsidian has no settings window to open (the tab still shows
 * the provider the next time it is opened).
 */
export function openSettingsAt(app: App, provider: string): boolean {
	const tab = TABS.get(app);
	if (!tab) return false;
	tab.focusProvider(provider);
	const setting = (app as unknown as { setting?: { open?: () => void; openTabById?: (id: string) => unknown } }).setting;
	if (typeof setting?.open !== "function" || typeof setting.openTabById !== "function") return false;
	setting.open();
	setting.openTabById(tab.pluginId);
	return true;
}
