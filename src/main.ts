/**
 * CineFlow for Obsidian: lifecycle and wiring only. onload parses nothing and
 * touches no network: it loads settings and registers commands, views, the
 * settings tab and the shot-card processor. The run service (HTTP, vault port,
 * timers) is created on first use; onunload stops any run (the journal keeps
 * what was submitted) and every registration is undone by Obsidian.
 */
import { Notice, Plugin, getLanguage, type WorkspaceLeaf } from "obsidian";
import { DEFAULT_SETTINGS, language, setLanguage, type Settings, t } from "./core";
import { openBoard, registerBoard } from "./obsidian/board/register";
import { shotCardProcessor } from "./obsidian/cards";
import { registerPlayer } from "./obsidian/player/register";
import { ShotIndex, registerCommands } from "./obsidian/commands";
import type { CineFlowHost } from "./obsidian/host";
import { QUEUE_VIEW_TYPE, QueueView } from "./obsidian/queue-view";
import { registerRenameHandling } from "./obsidian/rename";
import { RunService, type RunDeps } from "./obsidian/run-service";
import { statusText } from "./obsidian/run-state";
import { loadSettings, serializeSettings } from "./obsidian/settings-store";
import { CineFlowSettingTab } from "./obsidian/settings-tab";
import { offerProviderChoice } from "./obsidian/first-run";
import { pluginLanguage } from "./obsidian/language";

export default class CineFlowPlugin extends Plugin implements CineFlowHost {
	settings: Settings = structuredClone(DEFAULT_SETTINGS);
	/** Ports to use instead of the real ones (a test or host sets them before the first run). */
	runDeps: Partial<RunDeps> = {};
	private runService: RunService | null = null;
	private statusEl: HTMLElement | null = null;
	private readonly shotIndex = new ShotIndex();

	async onload(): Promise<void> {
		const loaded = loadSettings(this.app, await this.loadData());
		this.settings = loaded.settings;
		// Before anything is registered: command names, views and notices use it.
		setLanguage(pluginLanguage(this.settings, getLanguage));
		if (loaded.changed) await this.saveSettings();

		this.statusEl = this.addStatusBarItem();
		this.statusEl.addClass("cineflow-status", "cineflow-hidden", "mod-clickable");
		this.statusEl.setAttr("aria-label", t("plugin.status.ariaLabel"));
		this.registerDomEvent(this.statusEl, "click", () => void this.openQueue());
		this.addSettingTab(new CineFlowSettingTab(this.app, this, this));
		this.registerView(QUEUE_VIEW_TYPE, (leaf: WorkspaceLeaf) => new QueueView(leaf, this));
		this.registerMarkdownCodeBlockProcessor("shot", shotCardProcessor(this));
		registerCommands(this, this.shotIndex);
		registerBoard(this);
		registerPlayer(this);
		registerRenameHandling(this);

		this.app.workspace.onLayoutReady(() => {
			if (loaded.notes.length) new Notice(t("plugin.prefixed", { message: loaded.notes.join(" ") }));
			offerProviderChoice(this.settings);
			void this.offerResume();
		});
	}

	onunload(): void {
		this.runService?.dispose();
		this.runService = null;
	}

	async saveSettings(): Promise<void> {
		await this.saveData(serializeSettings(this.settings));
		// The language setting changed: messages follow at once; names registered at load after a reload.
		const lang = pluginLanguage(this.settings, getLanguage);
		if (lang !== language()) {
			setLanguage(lang);
			new Notice(t("plugin.languageChanged"));
		}
	}

	runs(): RunService {
		if (!this.runService) {
			const svc = new RunService({ app: this.app, settings: () => this.settings, register: (cb) => this.register(cb) }, this.runDeps);
			const update = () => {
				const text = statusText(svc.current);
				this.statusEl?.setText(text);
				this.statusEl?.toggleClass("cineflow-hidden", text === "");
			};
			svc.onEvent(update);
			svc.onChange(update);
			// The ETA moves with the clock between events.
			this.registerInterval(window.setInterval(() => svc.running && update(), 1000));
			this.runService = svc;
		}
		return this.runService;
	}

	async openQueue(): Promise<void> {
		const ws = this.app.workspace;
		let leaf = ws.getLeavesOfType(QUEUE_VIEW_TYPE)[0] ?? null;
		if (!leaf) {
			leaf = ws.getRightLeaf(false);
			if (!leaf) return;
			await leaf.setViewState({ type: QUEUE_VIEW_TYPE, active: true });
		}
		await ws.revealLeaf(leaf);
	}

	openBoard(target: string): Promise<unknown> {
		return openBoard(this, target);
	}

	/** After a restart: one notice offering to resume, never an automatic run. */
	private async offerResume(): Promise<void> {
		const found = await this.runs().findUnfinished();
		if (!found.count || this.runs().running) return;
		const notice = new Notice(t("plugin.resume.offer", { count: found.count }), 0);
		const button = notice.messageEl.createEl("button", { cls: "cineflow-resume-offer", text: t("plugin.resume.button", { count: found.count }) });
		button.addEventListener("click", () => {
			notice.hide();
			void this.openQueue();
			void this.runs().resume(found);
		});
	}
}
