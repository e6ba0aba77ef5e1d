/** App, Plugin, SecretStorage, Platform, and the host's reading-view renderer. */
import { hasDom, makeEl } from "./dom";
import { Component, Events } from "./events";
import { FileManager } from "./file-manager";
import { MetadataCache, TFile, Vault, normalizePath } from "./vault";
import { MarkdownView, Workspace, type Editor, type WorkspaceLeaf, type View } from "./workspace";
import type { Modal, PluginSettingTab } from "./ui";

export class SecretStorage extends Events {
	private secrets = new Map<string, string>();
	setSecret(id: string, secret: string): void {
		if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) throw new Error(`Invalid secret ID: ${id}`);
		this.secrets.set(id, secret);
		this.trigger("change", id);
	}
	getSecret(id: string): string | null {
		const v = this.secrets.get(id);
		return v ? v : null;
	}
	listSecrets(): string[] {
		return [...this.secrets.keys()].filter((k) => this.secrets.get(k));
	}
}

export const Platform = {
	isDesktop: true,
	isMobile: false,
	isDesktopApp: true,
	isMobileApp: false,
	isIosApp: false,
	isAndroidApp: false,
	isPhone: false,
	isTablet: false,
	isMacOS: false,
	isWin: false,
	isLinux: true,
	isSafari: false,
	resourcePathPrefix: "app://local/",
};

export interface Command {
	id: string;
	name: string;
	icon?: string;
	hotkeys?: unknown[];
	callback?: () => unknown;
	checkCallback?: (checking: boolean) => boolean | void;
	editorCallback?: (editor: Editor, ctx: MarkdownView) => unknown;
	editorCheckCallback?: (checking: boolean, editor: Editor, ctx: MarkdownView) => boolean | void;
}

export interface MarkdownPostProcessorContext {
	docId: string;
	sourcePath: string;
	frontmatter: unknown;
	addChild(child: Component): void;
	getSectionInfo(el: HTMLElement): { text: string; lineStart: number; lineEnd: number } | null;
}

type CodeBlockHandler = (source: string, el: HTMLElement, ctx: MarkdownPostProcessorContext) => Promise<unknown> | void;

export class App {
	vault = new Vault();
	workspace: Workspace;
	metadataCache: MetadataCache;
	fileManager: FileManager;
	secretStorage = new SecretStorage();
	/** Where modals attach (document.body in a browser). */
	bodyEl: HTMLElement;
	ribbonEl: HTMLElement;
	statusBarEl: HTMLElement;
	openModals__: Modal[] = [];
	commands__ = new Map<string, Command>();
	viewRegistry__ = new Map<string, (leaf: WorkspaceLeaf) => View>();
	codeBlockProcessors__ = new Map<string, CodeBlockHandler>();
	settingTabs__: PluginSettingTab[] = [];

	constructor() {
		this.workspace = new Workspace(this);
		this.metadataCache = new MetadataCache(this.vault);
		this.fileManager = new FileManager(this.vault);
		this.bodyEl = hasDom ? document.body : makeEl("body");
		this.ribbonEl = makeEl("div", "side-dock-ribbon");
		this.statusBarEl = makeEl("div", "status-bar");
	}

	/** Host: runs a command the way the palette does (check first, then run). */
	runCommand__(id: string, checkOnly = false): boolean {
		const c = this.commands__.get(id);
		if (!c) return false;
		const view = this.workspace.getActiveViewOfType(MarkdownView);
		if (c.editorCheckCallback || c.editorCallback) {
			if (!view) return false;
			if (c.editorCheckCallback) {
				if (!c.editorCheckCallback(true, view.editor, view)) return false;
				if (!checkOnly) c.editorCheckCallback(false, view.editor, view);
				return true;
			}
			if (!checkOnly) void c.editorCallback?.(view.editor, view);
			return true;
		}
		if (c.checkCallback) {
			if (!c.checkCallback(true)) return false;
			if (!checkOnly) c.checkCallback(false);
			return true;
		}
		if (!checkOnly) void c.callback?.();
		return true;
	}

	/**
	 * Host: a tiny reading view. Paragraphs become <p>; a fenced block whose
	 * language has a registered processor is handed to it, with a context that
	 * locates the block (getSectionInfo) like Obsidian's does.
	 */
	async renderNote__(file: TFile, el: HTMLElement, owner: Component): Promise<void> {
		el.empty();
		const text = await this.vault.read(file);
		const lines = text.split("\n");
		for (let i = 0; i < lines.length; i++) {
			const open = /^(```+|~~~+)\s*([\w-]+)?\s*$/.exec(lines[i] ?? "");
			if (!open) {
				const t = (lines[i] ?? "").trim();
				if (t && t !== "---") el.createEl("p", { text: t });
				continue;
			}
			const fence = open[1] as string;
			let end = i + 1;
			while (end < lines.length && !(lines[end] ?? "").startsWith(fence)) end++;
			const source = lines.slice(i + 1, end).join("\n");
			const handler = open[2] ? this.codeBlockProcessors__.get(open[2]) : undefined;
			const block = el.createDiv(handler ? `block-language-${open[2]}` : "");
			const info = { text, lineStart: i, lineEnd: end };
			if (handler) {
				await handler(source, block, {
					docId: file.path,
					sourcePath: file.path,
					frontmatter: this.metadataCache.getFileCache(file)?.frontmatter ?? null,
					addChild: (c) => owner.addChild(c),
					getSectionInfo: () => info,
				});
			} else {
				block.createEl("pre", { text: source });
			}
			i = end;
		}
	}
}

export interface PluginManifest {
	id: string;
	name: string;
	version: string;
	minAppVersion: string;
	[k: string]: unknown;
}

export class Plugin extends Component {
	constructor(
		readonly app: App,
		readonly manifest: PluginManifest,
	) {
		super();
	}
	private dataPath(): string {
		return normalizePath(`${this.app.vault.configDir}/plugins/${this.manifest.id}/data.json`);
	}
	async loadData(): Promise<unknown> {
		const a = this.app.vault.adapter;
		return (await a.exists(this.dataPath())) ? (JSON.parse(await a.read(this.dataPath())) as unknown) : null;
	}
	async saveData(data: unknown): Promise<void> {
		await this.app.vault.adapter.write(this.dataPath(), JSON.stringify(data, null, 2));
	}
	addCommand(command: Command): Command {
		const full = { ...command, id: `${this.manifest.id}:${command.id}` };
		this.app.commands__.set(full.id, full);
		this.register(() => this.app.commands__.delete(full.id));
		return full;
	}
	addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
		const el = this.app.ribbonEl.createDiv({ cls: "side-dock-ribbon-action", attr: { "aria-label": title, "data-icon": icon } });
		el.addEventListener("click", (e) => void callback(e as MouseEvent));
		this.register(() => el.remove());
		return el;
	}
	addStatusBarItem(): HTMLElement {
		const el = this.app.statusBarEl.createDiv("status-bar-item");
		this.register(() => el.remove());
		return el;
	}
	addSettingTab(tab: PluginSettingTab): void {
		this.app.settingTabs__.push(tab);
		this.register(() => (this.app.settingTabs__ = this.app.settingTabs__.filter((t) => t !== tab)));
	}
	registerView(type: string, factory: (leaf: WorkspaceLeaf) => View): void {
		this.app.viewRegistry__.set(type, factory);
		this.register(() => this.app.viewRegistry__.delete(type));
	}
	registerMarkdownCodeBlockProcessor(language: string, handler: CodeBlockHandler): void {
		this.app.codeBlockProcessors__.set(language, handler);
		this.register(() => this.app.codeBlockProcessors__.delete(language));
	}
}

/** Host: a fresh app over an in-memory vault holding `files`. */
export async function createApp__(files: Record<string, string | Uint8Array> = {}): Promise<App> {
	const app = new App();
	for (const [p, data] of Object.entries(files)) {
		if (typeof data === "string") await app.vault.adapter.write(normalizePath(p), data);
		else await app.vault.adapter.writeBinary(normalizePath(p), data.slice().buffer);
	}
	return app;
}
