/**
 * CineFlow for Obsidian: lifecycle and wiring only. onload parses nothing and
 * touches no network: it loads settings and registers commands, views, the
 * settings tab and the shot-card processor. The run service (HTTP, vault port,
 * timers) is created on first use; onunload stops any run (the journal keeps
 * what was submitted) and every registration is undone by Obsidian.
 */
import { Notice, Plugin, type WorkspaceLeaf } from "obsidian";
import { DEFAULT_SETTINGS, type Settings } from "./core/settings";
import { openBoard, registerBoard } from "./obsidian/board/register";
import { shotCardProcessor } from "./obsidian/cards";
import { draftFromActiveNote } from "./obsidian/draft";
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
		if (loaded.changed) await this.saveSettings();

		this.statusEl = this.addStatusBarItem();
		this.statusEl.addClass("cineflow-status", "cineflow-hidden", "mod-clickable");
		this.statusEl.setAttr("aria-label", "Open the CineFlow queue (time left and spend are estimates)");
		this.registerDomEvent(this.statusEl, "click", () => void this.openQueue());
		this.addSettingTab(new CineFlowSettingTab(this.app, this, this));
		this.registerView(QUEUE_VIEW_TYPE, (leaf: WorkspaceLeaf) => new QueueView(leaf, this));
		this.registerMarkdownCodeBlockProcessor("shot", shotCardProcessor(this));
		registerCommands(this, this.shotIndex);
		registerBoard(this);
		registerPlayer(this);
		registerRenameHandling(this);
		this.addCommand({
			id: "draft-shots",
			name: "Draft shots from this script",
			checkCallback: (checking) => {
				const file = this.app.workspace.getActiveFile();
				if (!file || file.extension !== "md") return false;
				if (!checking) void draftFromActiveNote(this);
				return true;
			},
		});

		this.app.workspace.onLayoutReady(() => {
			if (loaded.notes.length) new Notice(`CineFlow: ${loaded.notes.join(" ")}`);
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
		const notice = new Notice(`CineFlow: ${found.count} shot${found.count === 1 ? " was" : "s were"} submitted but not collected.`, 0);
		const button = notice.messageEl.createEl("button", { cls: "cineflow-resume-offer", text: `Resume ${found.count} unfinished shot${found.count === 1 ? "" : "s"}` });
		button.addEventListener("click", () => {
			notice.hide();
			void this.openQueue();
			void this.runs().resume(found);
		});
	}
}
