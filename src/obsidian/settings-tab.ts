/**
 * The settings tab: provider and key (SecretStorage via SecretComponent, one
 * secret per provider), shot defaults, concurrency and pacing, output and links,
 * prices and budget. Every field is checked as it is typed; an invalid value shows
 * a message under the field and is not saved.
 */
import { Notice, PluginSettingTab, SecretComponent, Setting, type App, type Plugin, type SettingDefinitionItem } from "obsidian";
import { getProviderInfo } from "../core/providers/catalog";
import { SETTINGS_VERSION, type Settings } from "../core/settings";
import type { CineFlowHost } from "./host";
import { declaredModelsRow, fillProviderDropdown, modelChoices, modelOptionLabel } from "./settings-models";
import { REFERENCE_SECRETS, checkFolderName, checkInt, checkNumber, checkUrl, secondSecretName, secretNameFor, type Check } from "./settings-store";

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
		this.host.saveSettings().catch((err: unknown) => {
			new Notice(`Settings were not saved: ${err instanceof Error ? err.message : "unknown error"}`);
		});
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

	/**
	 * A secret under a fixed id. Picking another secret in the component copies its
	 * value under the fixed id, so the run always finds it in one place.
	 */
	private fixedSecret(id: string): (setting: Setting) => unknown {
		return (st) =>
			st.addComponent((controlEl) =>
				new SecretComponent(this.app, controlEl).setValue(id).onChange((name) => {
					if (!name || name === id) return;
					const value = this.app.secretStorage.getSecret(name);
					if (value) this.app.secretStorage.setSecret(id, value);
				}),
			);
	}

	private dropdown(options: Record<string, string>, value: string, apply: (v: string) => void, redraw = false): (setting: Setting) => unknown {
		return (st) =>
			st.addDropdown((d) =>
				d
					.addOptions(options)
					.setValue(value)
					.onChange((v) => {
						apply(v);
						this.save();
						if (redraw) this.refresh();
					}),
			);
	}

	private referenceRows(): SettingRow[] {
		const s = this.s;
		const u = s.uploader;
		const text = (v: string) => ({ ok: true as const, value: v.trim() });
		const rows: SettingRow[] = [
			{
				name: "Image uploader",
				desc: "How vault images reach providers that only accept image links (such as Sora.hk). Providers that take image bytes do not need one.",
				render: this.dropdown({ none: "None", http: "HTTP upload", s3: "S3-compatible bucket" }, u.kind, (v) => (u.kind = v === "http" || v === "s3" ? v : "none"), true),
			},
		];
		if (u.kind === "http") {
			rows.push(
				{
					name: "Upload URL",
					desc: "The image is sent here; {name} is replaced by a unique file name.",
					render: this.text(u.url, "https://example.com/upload/{name}", (v) => (checkUrl(v.replace(/\{name\}/g, "x")).ok && v.trim() ? { ok: true, value: v.trim() } : { ok: false, message: "Enter an address starting with https://." }), (v) => (u.url = v)),
				},
				{ name: "Upload method", render: this.dropdown({ PUT: "PUT", POST: "POST" }, u.method, (v) => (u.method = v === "POST" ? "POST" : "PUT")) },
				{ name: "Link field in the answer", desc: "JSON field holding the image link (a dot path); a Location header or a plain-text link also work.", render: this.text(u.responseField, "url", text, (v) => (u.responseField = v)) },
				{ name: "Upload token", desc: `Optional bearer token, kept in secret storage as "${REFERENCE_SECRETS.uploadToken}".`, render: this.fixedSecret(REFERENCE_SECRETS.uploadToken) },
			);
		} else if (u.kind === "s3") {
			rows.push(
				{ name: "Bucket endpoint", desc: "For example https://s3.us-east-1.amazonaws.com, or an R2 or MinIO address.", render: this.text(u.s3Endpoint, "https://s3.us-east-1.amazonaws.com", (v) => (v.trim() ? checkUrl(v) : { ok: false, message: "Enter the endpoint address." }), (v) => (u.s3Endpoint = v ?? "")) },
				{ name: "Region", render: this.text(u.s3Region, "us-east-1", (v) => (v.trim() ? { ok: true, value: v.trim() } : { ok: false, message: "Enter a region." }), (v) => (u.s3Region = v)) },
				{ name: "Bucket", render: this.text(u.s3Bucket, "my-bucket", (v) => (v.trim() ? { ok: true, value: v.trim() } : { ok: false, message: "Enter a bucket name." }), (v) => (u.s3Bucket = v)) },
				{ name: "Key prefix", render: this.text(u.s3Prefix, "cineflow/", text, (v) => (u.s3Prefix = v)) },
				{ name: "Public address", desc: "Public base address of the bucket; leave empty to give the provider a time-limited signed link.", render: this.text(u.s3PublicBaseUrl, "https://cdn.example.com", (v) => (v.trim() ? checkUrl(v) : { ok: true, value: undefined }), (v) => (u.s3PublicBaseUrl = v ?? "")) },
				{
					name: "Path-style addresses",
					desc: "Address objects as endpoint/bucket/key (on) or bucket.endpoint/key (off).",
					render: (st) =>
						st.addToggle((t) =>
							t.setValue(u.s3PathStyle).onChange((v) => {
								u.s3PathStyle = v;
								this.save();
							}),
						),
				},
				{ name: "Access key ID", desc: `Kept in secret storage as "${REFERENCE_SECRETS.s3AccessKeyId}".`, render: this.fixedSecret(REFERENCE_SECRETS.s3AccessKeyId) },
				{ name: "Secret access key", desc: `Kept in secret storage as "${REFERENCE_SECRETS.s3SecretAccessKey}".`, render: this.fixedSecret(REFERENCE_SECRETS.s3SecretAccessKey) },
			);
		}
		const m = s.matrix;
		rows.push(
			{
				name: "Matrix columns",
				desc: "Columns of the image grid sent when a shot has several references; leave empty to choose the grid that shows them largest.",
				render: this.text<number | null>(m.columns === null ? "" : String(m.columns), "auto", (v) => (v.trim() === "" ? { ok: true, value: null } : checkInt(v, 1, 16)), (v) => (m.columns = v)),
			},
			{ name: "Matrix gap", desc: "Pixels between images, 0 to 64.", render: this.text(String(m.gap), "8", (v) => checkInt(v, 0, 64), (v) => (m.gap = v)) },
			{
				name: "Matrix labels",
				desc: "A label under each image (file or character name).",
				render: (st) =>
					st.addToggle((t) =>
						t.setValue(m.labels).onChange((v) => {
							m.labels = v;
							this.save();
						}),
					),
			},
		);
		const k = s.keyframes;
		rows.push(
			{ name: "Keyframe service address", desc: "Gemini API base address for keyframes (shots with keyframe: true).", render: this.text(k.baseUrl, "https://generativelanguage.googleapis.com/v1beta", (v) => (v.trim() ? checkUrl(v) : { ok: false, message: "Enter an address." }), (v) => (k.baseUrl = v ?? k.baseUrl)) },
			{ name: "Keyframe model", render: this.text(k.model, "gemini-3-pro-image", (v) => (v.trim() ? { ok: true, value: v.trim() } : { ok: false, message: "Enter a model id." }), (v) => (k.model = v)) },
			{ name: "Keyframe image size", render: this.dropdown({ "1K": "1K", "2K": "2K", "4K": "4K" }, k.imageSize, (v) => (k.imageSize = v === "2K" || v === "4K" ? v : "1K")) },
			{ name: "Gemini API key", desc: `Kept in secret storage as "${REFERENCE_SECRETS.gemini}".`, render: this.fixedSecret(REFERENCE_SECRETS.gemini) },
		);
		return rows;
	}

	private assistantRows(): SettingRow[] {
		const a = this.s.assistant;
		return [
			{
				name: "Assistant address",
				desc: "An OpenAI-compatible chat completions endpoint used to draft shots from a script.",
				render: this.text(a.baseUrl, "https://api.openai.com/v1", (v) => (v.trim() ? checkUrl(v) : { ok: false, message: "Enter an address." }), (v) => (a.baseUrl = v ?? a.baseUrl)),
			},
			{ name: "Assistant model", render: this.text(a.model, "gpt-4o-mini", (v) => (v.trim() ? { ok: true, value: v.trim() } : { ok: false, message: "Enter a model id." }), (v) => (a.model = v)) },
			{
				name: "Assistant API key",
				desc: "The assistant's own key, kept in secret storage (separate from the video provider's key).",
				render: (st) =>
					st.addComponent((controlEl) =>
						new SecretComponent(this.app, controlEl).setValue(a.secretName).onChange((name) => {
							if (!name) return;
							a.secretName = name;
							this.save();
						}),
					),
			},
			{ name: "Script chunk size", desc: "Script tokens per request, 200 to 200000.", render: this.text(String(a.chunkTokens), "3000", (v) => checkInt(v, 200, 200_000), (v) => (a.chunkTokens = v)) },
		];
	}

	sections(): SettingSection[] {
		const s = this.s;
		const provider = s.provider;
		const info = getProviderInfo(provider);
		const label = info?.label ?? "Provider";
		const prov = provider ? (s.providers[provider] ??= {}) : {};
		const out: SettingSection[] = [];

		const providerRows: SettingRow[] = [
			{
				name: "Provider",
				desc: provider ? "The video service shots use unless a shot or note names another." : "Choose the video service your shots use. CineFlow has no default: several services it once spoke have shut down.",
				render: (st) =>
					st.addDropdown((d) => {
						fillProviderDropdown(d, provider);
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
		if (info?.secondKey) {
			const desc = `Used with the key above (${label}'s access key) to sign each request. Kept in Obsidian's secret storage only.`;
			providerRows.push({ name: `${label} ${info.secondKey.label}`, desc, cls: "cineflow-secret", render: this.fixedSecret(secondSecretName(provider)) });
		}
		if (info) {
			providerRows.push({
				name: "Default model",
				desc: "Used when a shot and its note name no model.",
				render: (st) =>
					st.addDropdown((d) => {
						for (const m of modelChoices(s, provider)) d.addOption(m.id, modelOptionLabel(m));
						d.setValue(prov.model ?? info.defaultModel).onChange((v) => {
							prov.model = v;
							this.save();
						});
					}),
			});
		}
		providerRows.push(declaredModelsRow(s, () => this.save()));
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
					desc: "Minutes CineFlow keeps checking a job the provider still runs. After that the job is left for the next run to collect; it is never marked failed. A warning comes after 35 minutes.",
					render: this.text(String(s.polling.maxWaitMinutes), "360", (v) => checkNumber(v, 1, 1440), (v) => (s.polling.maxWaitMinutes = v ?? s.polling.maxWaitMinutes)),
				},
				{
					name: "Longest wait for pro and long jobs",
					desc: "Minutes, for pro jobs and jobs of 25 seconds or more (warning after 60 minutes).",
					render: this.text(String(s.polling.maxWaitProMinutes), "480", (v) => checkNumber(v, 1, 1440), (v) => (s.polling.maxWaitProMinutes = v ?? s.polling.maxWaitProMinutes)),
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
					name: "Where videos go",
					desc: "Next to the note (the folder above), or Obsidian's attachment location (Files and links), one folder per note. A note can choose with cineflow.output: attachments.",
					render: (st) =>
						st.addDropdown((d) =>
							d
								.addOptions({ sibling: "Next to the note", attachments: "Attachment location" })
								.setValue(s.outputLocation)
								.onChange((v) => {
									s.outputLocation = v === "attachments" ? "attachments" : "sibling";
									this.save();
								}),
						),
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
		for (const m of info ? modelChoices(s, provider) : []) {
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
			if (m.proDurations || m.price.proPerSecond !== null) {
				const builtInPro = m.price.proPerSecond === null ? "unknown" : `$${m.price.proPerSecond}`;
				costRows.push({
					name: `Pro price of ${m.id}`,
					desc: `Dollars per second of pro video; leave empty for the built-in estimate (${builtInPro}).`,
					cls: "cineflow-price",
					render: this.text(cur?.proPerSecond === null || cur?.proPerSecond === undefined ? "" : String(cur.proPerSecond), m.price.proPerSecond === null ? "" : String(m.price.proPerSecond), (v) => checkNumber(v, 0, 1000, true), (v) => {
						const prev = s.prices[key] ?? { perSecond: null, proPerSecond: null };
						const next = { ...prev, proPerSecond: v };
						if (next.perSecond === null && next.proPerSecond === null) delete s.prices[key];
						else s.prices[key] = next;
					}),
				});
			}
		}
		out.push({ heading: "Costs", rows: costRows });
		out.push({ heading: "Reference images and keyframes", rows: this.referenceRows() });
		out.push({ heading: "Script assistant", rows: this.assistantRows() });
		return out;
	}
}
