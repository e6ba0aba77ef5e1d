/**
 * The settings tab: provider and key (SecretStorage via SecretComponent, one
 * secret per provider), shot defaults, concurrency and pacing, output and links,
 * prices and budget. Every field is checked as it is typed; an invalid value shows
 * a message under the field and is not saved.
 */
import { PluginSettingTab, SecretComponent, Setting, type App, type Plugin, type SettingDefinitionItem } from "obsidian";
import { getProviderInfo, providerIds } from "../core/providers/catalog";
import { SETTINGS_VERSION, type Settings } from "../core/settings";
import type { CineFlowHost } from "./host";
import { checkFolderName, checkInt, checkNumber, checkUrl, secretNameFor, type Check } from "./settings-store";

/** One settings row: its name and description, and what goes into its control area. */
export interface SettingRow {
	name: string;
	desc?: string;
	cls?: string;
	render: (setting: Setting) => unknown;
}

export interface SettingSection {
	heading: string;
	rows: SettingRow[];
}

/**
 * The tab is described once, as sections of rows. Obsidian 1.13+ reads them
 * through getSettingDefinitions() (so they show in settings search); older
 * versions call display(), which draws the same rows.
 */
export class CineFlowSettingTab extends PluginSettingTab {
	private declarative = false;

	constructor(
		app: App,
		plugin: Plugin,
		private readonly host: CineFlowHost,
	) {
		super(app, plugin);
	}

	private get s(): Settings {
		return this.host.settings;
	}

	private save(): void {
		void this.host.saveSettings();
	}

	/** Redraws after a change that alters other rows (the provider). */
	private refresh(): void {
		const self = this as unknown as { update?: () => void };
		if (this.declarative && typeof self.update === "function") self.update();
		else this.draw();
	}

	display(): void {
		this.draw();
	}

	getSettingDefinitions(): SettingDefinitionItem[] {
		this.declarative = true;
		return this.sections().map((sec) => ({
			type: "group" as const,
			heading: sec.heading,
			items: sec.rows.map((r) => ({
				name: r.name,
				...(r.desc ? { desc: r.desc } : {}),
				render: (setting: Setting) => {
					if (r.cls) setting.settingEl.addClass(r.cls);
					r.render(setting);
				},
			})),
		}));
	}

	private draw(): void {
		const el = this.containerEl;
		el.empty();
		for (const sec of this.sections()) {
			new Setting(el).setName(sec.heading).setHeading();
			for (const r of sec.rows) {
				const setting = new Setting(el).setName(r.name);
				if (r.desc) setting.setDesc(r.desc);
				if (r.cls) setting.setClass(r.cls);
				r.render(setting);
			}
		}
		el.createDiv({ cls: "cineflow-muted", text: `Settings format version ${SETTINGS_VERSION}.` });
	}

	/** A text control with inline validation; `apply` runs (and settings are saved) only for valid input. */
	private text<T>(value: string, placeholder: string, check: (v: string) => Check<T>, apply: (v: T) => void): (setting: Setting) => void {
		return (setting) => {
			const msg = setting.descEl.createDiv({ cls: "cineflow-invalid" });
			setting.addText((t) =>
				t
					.setPlaceholder(placeholder)
					.setValue(value)
					.onChange((v) => {
						const r = check(v);
						if (!r.ok) {
							msg.setText(r.message);
							setting.settingEl.addClass("cineflow-setting-invalid");
							return;
						}
						msg.setText("");
						setting.settingEl.removeClass("cineflow-setting-invalid");
						apply(r.value);
						this.save();
					}),
			);
		};
	}

	sections(): SettingSection[] {
		const s = this.s;
		const provider = s.provider;
		const info = getProviderInfo(provider);
		const label = info?.label ?? provider;
		const prov = (s.providers[provider] ??= {});
		const out: SettingSection[] = [];

		const providerRows: SettingRow[] = [
			{
				name: "Provider",
				desc: "The video service shots use unless a shot or note names another.",
				render: (st) =>
					st.addDropdown((d) => {
						for (const id of providerIds()) d.addOption(id, getProviderInfo(id)?.label ?? id);
						d.setValue(provider).onChange((v) => {
							s.provider = v;
							this.save();
							this.refresh();
						});
					}),
			},
			{
				name: "Base URL",
				desc: `Leave empty for ${info?.defaultBaseUrl ?? "the provider's address"}. Use another address for a relay or a local simulator.`,
				render: this.text(prov.baseUrl ?? "", info?.defaultBaseUrl ?? "https://", checkUrl, (v) => {
					if (v === undefined) delete prov.baseUrl;
					else prov.baseUrl = v;
				}),
			},
			{
				name: `${label} API key`,
				desc: "Kept in Obsidian's secret storage, never in the plugin's data file, your notes or logs. Pick or create the secret that holds it.",
				cls: "cineflow-secret",
				render: (st) =>
					st.addComponent((controlEl) =>
						new SecretComponent(this.app, controlEl).setValue(secretNameFor(s, provider)).onChange((name) => {
							prov.secretName = name;
							this.save();
						}),
					),
			},
		];
		if (info) {
			providerRows.push({
				name: "Default model",
				desc: "Used when a shot and its note name no model.",
				render: (st) =>
					st.addDropdown((d) => {
						for (const m of info.models) d.addOption(m.id, m.id);
						d.setValue(prov.model ?? info.defaultModel).onChange((v) => {
							prov.model = v;
							this.save();
						});
					}),
			});
		}
		out.push({ heading: "Provider", rows: providerRows });

		out.push({
			heading: "Shot defaults",
			rows: [
				{
					name: "Duration",
					desc: "Seconds; leave empty for the model's default.",
					render: this.text<number | undefined>(
						s.defaults.duration === undefined ? "" : String(s.defaults.duration),
						"10",
						(v) => (v.trim() === "" ? { ok: true, value: undefined } : checkInt(v, 1, 600)),
						(v) => {
							if (v === undefined) delete s.defaults.duration;
							else s.defaults.duration = v;
						},
					),
				},
				{
					name: "Orientation",
					render: (st) =>
						st.addDropdown((d) =>
							d
								.addOptions({ horizontal: "Horizontal", vertical: "Vertical" })
								.setValue(s.defaults.orientation)
								.onChange((v) => {
									s.defaults.orientation = v === "vertical" ? "vertical" : "horizontal";
									this.save();
								}),
						),
				},
				{
					name: "Pro",
					desc: "Higher quality where the model offers it; slower and dearer.",
					render: (st) =>
						st.addToggle((t) =>
							t.setValue(s.defaults.pro).onChange((v) => {
								s.defaults.pro = v;
								this.save();
							}),
						),
				},
				{ name: "Takes", desc: "Videos per shot, 1 to 10.", render: this.text(String(s.defaults.takes), "1", (v) => checkInt(v, 1, 10), (v) => (s.defaults.takes = v)) },
			],
		});

		out.push({
			heading: "Concurrency and pacing",
			rows: [
				{
					name: "Initial concurrency",
					desc: "Jobs in flight at the start, 1 to 64. The limit then adapts: it grows while the provider keeps up and halves on rate limits.",
					cls: "cineflow-concurrency",
					render: this.text(String(s.concurrency.initial), "20", (v) => checkInt(v, 1, 64), (v) => {
						s.concurrency.initial = v;
						if (s.concurrency.max < v) s.concurrency.max = v;
					}),
				},
				{
					name: "Maximum concurrency",
					desc: "The adaptive limit never goes above this, 1 to 64.",
					render: this.text(
						String(s.concurrency.max),
						"64",
						(v) => {
							const r = checkInt(v, 1, 64);
							if (r.ok && r.value < s.concurrency.initial) return { ok: false, message: `Must be at least the initial concurrency (${s.concurrency.initial}).` };
							return r;
						},
						(v) => (s.concurrency.max = v),
					),
				},
				{
					name: "Safe mode",
					desc: "Start with 5 jobs, wait 10 minutes after a rate limit, then add one job a minute.",
					render: (st) =>
						st.addToggle((t) =>
							t.setValue(s.concurrency.safeMode).onChange((v) => {
								s.concurrency.safeMode = v;
								this.save();
							}),
						),
				},
				{
					name: "Request rate",
					desc: "Most requests per minute to the provider; leave empty to learn it from the provider's answers.",
					render: this.text(s.concurrency.requestsPerMinute === null ? "" : String(s.concurrency.requestsPerMinute), "60", (v) => checkNumber(v, 1, 100_000, true), (v) => (s.concurrency.requestsPerMinute = v)),
				},
				{ name: "Download concurrency", desc: "Videos downloaded at once, 1 to 8.", render: this.text(String(s.concurrency.downloads), "2", (v) => checkInt(v, 1, 8), (v) => (s.concurrency.downloads = v)) },
				{
					name: "Longest wait per job",
					desc: "Minutes a job may run before it is given up (it can still be collected with resume).",
					render: this.text(String(s.polling.maxWaitMinutes), "35", (v) => checkNumber(v, 1, 1440), (v) => (s.polling.maxWaitMinutes = v ?? s.polling.maxWaitMinutes)),
				},
				{
					name: "Longest wait for pro and long jobs",
					desc: "Minutes, for pro jobs and jobs of 25 seconds or more.",
					render: this.text(String(s.polling.maxWaitProMinutes), "60", (v) => checkNumber(v, 1, 1440), (v) => (s.polling.maxWaitProMinutes = v ?? s.polling.maxWaitProMinutes)),
				},
				{
					name: "Shortest poll interval",
					desc: "Seconds between status checks of one job, at least.",
					render: this.text(
						String(s.polling.minIntervalSeconds),
						"5",
						(v) => {
							const r = checkNumber(v, 1, 600);
							if (r.ok && r.value !== null && r.value > s.polling.maxIntervalSeconds) return { ok: false, message: `Must not exceed the longest poll interval (${s.polling.maxIntervalSeconds}).` };
							return r;
						},
						(v) => (s.polling.minIntervalSeconds = v ?? s.polling.minIntervalSeconds),
					),
				},
				{
					name: "Longest poll interval",
					desc: "Seconds between status checks of one job, at most.",
					render: this.text(
						String(s.polling.maxIntervalSeconds),
						"60",
						(v) => {
							const r = checkNumber(v, 1, 3600);
							if (r.ok && r.value !== null && r.value < s.polling.minIntervalSeconds) return { ok: false, message: `Must be at least the shortest poll interval (${s.polling.minIntervalSeconds}).` };
							return r;
						},
						(v) => (s.polling.maxIntervalSeconds = v ?? s.polling.maxIntervalSeconds),
					),
				},
				{
					name: "Start jitter, lowest",
					desc: "Milliseconds of random delay before each of the first jobs, so they do not all start at once.",
					render: this.text(
						String(s.jitter.minMs),
						"500",
						(v) => {
							const r = checkInt(v, 0, 600_000);
							if (r.ok && r.value > s.jitter.maxMs) return { ok: false, message: `Must not exceed the highest jitter (${s.jitter.maxMs}).` };
							return r;
						},
						(v) => (s.jitter.minMs = v),
					),
				},
				{
					name: "Start jitter, highest",
					desc: "Milliseconds.",
					render: this.text(
						String(s.jitter.maxMs),
						"3000",
						(v) => {
							const r = checkInt(v, 0, 600_000);
							if (r.ok && r.value < s.jitter.minMs) return { ok: false, message: `Must be at least the lowest jitter (${s.jitter.minMs}).` };
							return r;
						},
						(v) => (s.jitter.maxMs = v),
					),
				},
			],
		});

		out.push({
			heading: "Output",
			rows: [
				{
					name: "Output folder name",
					desc: "Videos go to <note folder>/<this name>/<note name>/. A note can set its own with cineflow.output.",
					render: this.text(s.outputFolder, "_assets", checkFolderName, (v) => (s.outputFolder = v)),
				},
				{
					name: "Link style",
					desc: "How embeds are written under each shot. Following the vault uses your files and links settings.",
					render: (st) =>
						st.addDropdown((d) =>
							d
								.addOptions({ vault: "Follow the vault", wiki: "Wikilinks", markdown: "Markdown links" })
								.setValue(s.linkStyle)
								.onChange((v) => {
									s.linkStyle = v === "wiki" || v === "markdown" ? v : "vault";
									this.save();
								}),
						),
				},
			],
		});

		const costRows: SettingRow[] = [
			{
				name: "Budget per run",
				desc: "In dollars. No shot is submitted once the estimated total would go over it. Leave empty for no budget.",
				render: this.text(s.budgetUsd === null ? "" : String(s.budgetUsd), "5.00", (v) => checkNumber(v, 0.01, 1_000_000, true), (v) => (s.budgetUsd = v)),
			},
		];
		for (const m of info?.models ?? []) {
			const key = `${provider}/${m.id}`;
			const cur = s.prices[key];
			const builtIn = m.price.perSecond === null ? "unknown" : `$${m.price.perSecond}`;
			costRows.push({
				name: `Price of ${m.id}`,
				desc: `Dollars per second of video; leave empty for the built-in estimate (${builtIn}).`,
				cls: "cineflow-price",
				render: this.text(cur?.perSecond === null || cur?.perSecond === undefined ? "" : String(cur.perSecond), m.price.perSecond === null ? "" : String(m.price.perSecond), (v) => checkNumber(v, 0, 1000, true), (v) => {
					const prev = s.prices[key] ?? { perSecond: null, proPerSecond: null };
					const next = { ...prev, perSecond: v };
					if (next.perSecond === null && next.proPerSecond === null) delete s.prices[key];
					else s.prices[key] = next;
				}),
			});
		}
		out.push({ heading: "Costs", rows: costRows });
		return out;
	}
}
