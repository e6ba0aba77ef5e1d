/** Workspace, leaves, views, the editor and menus: just what CineFlow calls. */
import { makeEl } from "./dom";
import { Component, Events } from "./events";
import type { TFile } from "./vault";
import type { App } from "./app";

export abstract class View extends Component {
	app: App;
	leaf: WorkspaceLeaf;
	containerEl: HTMLElement;
	constructor(leaf: WorkspaceLeaf) {
		super();
		this.leaf = leaf;
		this.app = leaf.app;
		this.containerEl = makeEl("div", "view-content-container");
	}
	abstract getViewType(): string;
	getDisplayText(): string {
		return "";
	}
	getIcon(): string {
		return "document";
	}
	async onOpen(): Promise<void> {}
	async onClose(): Promise<void> {}
}

export abstract class ItemView extends View {
	contentEl: HTMLElement;
	constructor(leaf: WorkspaceLeaf) {
		super(leaf);
		this.containerEl.createDiv("view-header").createDiv({ cls: "view-header-title" });
		this.contentEl = this.containerEl.createDiv("view-content");
	}
}

export interface EditorPosition {
	line: number;
	ch: number;
}

/** An editor over the note's current text (read on every call, like CodeMirror's doc). */
export class Editor {
	cursor: EditorPosition = { line: 0, ch: 0 };
	constructor(private readonly read: () => string) {}
	getValue(): string {
		return this.read();
	}
	getLine(n: number): string {
		return this.read().split("\n")[n] ?? "";
	}
	lineCount(): number {
		return this.read().split("\n").length;
	}
	getCursor(): EditorPosition {
		return { ...this.cursor };
	}
	setCursor(pos: EditorPosition | number, ch?: number): void {
		this.cursor = typeof pos === "number" ? { line: pos, ch: ch ?? 0 } : pos;
	}
}

export class MarkdownView extends View {
	file: TFile | null = null;
	editor: Editor;
	constructor(leaf: WorkspaceLeaf) {
		super(leaf);
		this.editor = new Editor(() => {
			const raw = this.file ? this.app.vault.adapter.readSync__(this.file.path) : "";
			return typeof raw === "string" ? raw : "";
		});
	}
	getViewType(): string {
		return "markdown";
	}
	getDisplayText(): string {
		return this.file?.basename ?? "";
	}
}

export class WorkspaceLeaf extends Events {
	view: View | null = null;
	readonly containerEl: HTMLElement;
	constructor(
		readonly app: App,
		readonly side: "main" | "right",
	) {
		super();
		this.containerEl = makeEl("div", "workspace-leaf");
	}
	getViewState(): { type: string } {
		return { type: this.view?.getViewType() ?? "empty" };
	}
	async setViewState(state: { type: string; active?: boolean }): Promise<void> {
		const factory = this.app.viewRegistry__.get(state.type);
		if (!factory) throw new Error(`No view registered for ${state.type}`);
		await this.closeView();
		const view = factory(this);
		this.view = view;
		this.containerEl.appendChild(view.containerEl);
		view.load();
		await view.onOpen();
		if (state.active) this.app.workspace.setActiveLeaf(this);
	}
	async openFile(file: TFile): Promise<void> {
		await this.closeView();
		const view = new MarkdownView(this);
		view.file = file;
		this.view = view;
		this.containerEl.appendChild(view.containerEl);
		view.load();
		this.app.workspace.setActiveLeaf(this);
		this.app.workspace.trigger("file-open", file);
	}
	private async closeView(): Promise<void> {
		if (!this.view) return;
		const v = this.view;
		this.view = null;
		await v.onClose();
		v.unload();
		v.containerEl.remove();
	}
	detach(): void {
		void this.closeView();
		this.app.workspace.removeLeaf__(this);
		this.containerEl.remove();
	}
}

export class Workspace extends Events {
	layoutReady = false;
	private ready: (() => unknown)[] = [];
	leaves: WorkspaceLeaf[] = [];
	activeLeaf: WorkspaceLeaf | null = null;
	readonly containerEl: HTMLElement;
	readonly mainEl: HTMLElement;
	readonly rightEl: HTMLElement;

	constructor(private readonly app: App) {
		super();
		this.containerEl = makeEl("div", "workspace");
		this.mainEl = this.containerEl.createDiv("workspace-split mod-root");
		this.rightEl = this.containerEl.createDiv("workspace-split mod-right-split");
	}
	onLayoutReady(cb: () => unknown): void {
		if (this.layoutReady) void cb();
		else this.ready.push(cb);
	}
	/** Host: the layout is ready (runs queued callbacks). */
	setLayoutReady__(): void {
		this.layoutReady = true;
		for (const cb of this.ready.splice(0)) void cb();
		this.trigger("layout-ready");
	}
	setActiveLeaf(leaf: WorkspaceLeaf): void {
		this.activeLeaf = leaf;
		this.trigger("active-leaf-change", leaf);
	}
	getActiveFile(): TFile | null {
		const v = this.activeLeaf?.view;
		if (v instanceof MarkdownView) return v.file;
		const main = this.leaves.find((l) => l.side === "main" && l.view instanceof MarkdownView);
		return main ? (main.view as MarkdownView).file : null;
	}
	getActiveViewOfType<T extends View>(type: abstract new (...args: never[]) => T): T | null {
		const v = this.activeLeaf?.view;
		return v instanceof type ? (v as T) : null;
	}
	getLeavesOfType(type: string): WorkspaceLeaf[] {
		return this.leaves.filter((l) => l.view?.getViewType() === type);
	}
	getRightLeaf(): WorkspaceLeaf {
		const leaf = new WorkspaceLeaf(this.app, "right");
		this.leaves.push(leaf);
		this.rightEl.appendChild(leaf.containerEl);
		return leaf;
	}
	getLeaf(_newLeaf?: boolean | string): WorkspaceLeaf {
		const existing = this.leaves.find((l) => l.side === "main");
		if (existing && !_newLeaf) return existing;
		const leaf = new WorkspaceLeaf(this.app, "main");
		this.leaves.push(leaf);
		this.mainEl.appendChild(leaf.containerEl);
		return leaf;
	}
	async revealLeaf(leaf: WorkspaceLeaf): Promise<void> {
		leaf.containerEl.addClass("is-revealed");
	}
	removeLeaf__(leaf: WorkspaceLeaf): void {
		this.leaves = this.leaves.filter((l) => l !== leaf);
		if (this.activeLeaf === leaf) this.activeLeaf = null;
	}
	/** Host: opens a note in the main leaf and makes it active. */
	async openFile__(file: TFile): Promise<MarkdownView> {
		const leaf = this.getLeaf(false);
		await leaf.openFile(file);
		return leaf.view as MarkdownView;
	}
}

export class MenuItem {
	title = "";
	icon = "";
	callback: (() => unknown) | null = null;
	setTitle(t: string): this {
		this.title = t;
		return this;
	}
	setIcon(i: string): this {
		this.icon = i;
		return this;
	}
	setSection(): this {
		return this;
	}
	onClick(cb: () => unknown): this {
		this.callback = cb;
		return this;
	}
}

export class Menu {
	items: MenuItem[] = [];
	addItem(cb: (item: MenuItem) => unknown): this {
		const item = new MenuItem();
		cb(item);
		this.items.push(item);
		return this;
	}
	addSeparator(): this {
		return this;
	}
}
