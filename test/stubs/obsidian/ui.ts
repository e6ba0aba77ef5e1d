/** Notices, modals, suggest modals, settings rows and their components, icons. */
import { hasDom, makeEl } from "./dom";
import { Component } from "./events";
import type { App, Plugin } from "./app";

// ---------------------------------------------------------------- Notice
let noticeHost: HTMLElement | null = null;
function noticeContainer(): HTMLElement {
	if (!noticeHost) {
		noticeHost = makeEl("div", "notice-container");
		if (hasDom) document.body.appendChild(noticeHost);
	}
	return noticeHost;
}

export class Notice {
	/** Every notice shown since the last reset (tests count them). */
	static shown__: Notice[] = [];
	static reset__(): void {
		Notice.shown__ = [];
		noticeHost?.empty();
	}
	containerEl: HTMLElement;
	/** The notice element (obsidian.d.ts: noticeEl); messages go in messageEl inside it. */
	noticeEl: HTMLElement;
	messageEl: HTMLElement;
	hidden = false;
	constructor(
		message: string | DocumentFragment,
		readonly duration?: number,
	) {
		this.containerEl = noticeContainer().createDiv("notice");
		this.noticeEl = this.containerEl;
		this.messageEl = this.containerEl.createDiv("notice-message");
		if (typeof message === "string") this.messageEl.setText(message);
		Notice.shown__.push(this);
	}
	setMessage(message: string | DocumentFragment): this {
		if (typeof message === "string") this.messageEl.setText(message);
		return this;
	}
	hide(): void {
		this.hidden = true;
		this.containerEl.remove();
	}
	/** Test helper: the text shown. */
	get text__(): string {
		return this.messageEl.textContent ?? "";
	}
}

// ---------------------------------------------------------------- Modals
export class Modal {
	containerEl: HTMLElement;
	modalEl: HTMLElement;
	titleEl: HTMLElement;
	contentEl: HTMLElement;
	isOpen__ = false;
	constructor(readonly app: App) {
		this.containerEl = makeEl("div", "modal-container");
		this.containerEl.createDiv("modal-bg");
		this.modalEl = this.containerEl.createDiv("modal");
		this.titleEl = this.modalEl.createDiv("modal-title");
		this.contentEl = this.modalEl.createDiv("modal-content");
	}
	open(): void {
		this.app.bodyEl.appendChild(this.containerEl);
		this.isOpen__ = true;
		this.app.openModals__.push(this);
		void this.onOpen();
	}
	close(): void {
		if (!this.isOpen__) return;
		this.isOpen__ = false;
		this.app.openModals__ = this.app.openModals__.filter((m) => m !== this);
		this.onClose();
		this.containerEl.remove();
	}
	onOpen(): void | Promise<void> {}
	onClose(): void {}
	setTitle(title: string): this {
		this.titleEl.setText(title);
		return this;
	}
}

export interface FuzzyMatch<T> {
	item: T;
	match: { score: number; matches: [number, number][] };
}

export abstract class SuggestModal<T> extends Modal {
	inputEl: HTMLInputElement;
	resultContainerEl: HTMLElement;
	emptyStateText = "No results found.";
	limit = 100;
	private current: T[] = [];
	constructor(app: App) {
		super(app);
		this.inputEl = this.modalEl.createEl("input", { cls: "prompt-input", type: "text" }) as HTMLInputElement;
		this.resultContainerEl = this.modalEl.createDiv("prompt-results");
		this.inputEl.addEventListener("input", () => void this.refresh__());
	}
	setPlaceholder(p: string): void {
		this.inputEl.placeholder = p;
	}
	setInstructions(): void {}
	open(): void {
		super.open();
		void this.refresh__();
	}
	async refresh__(): Promise<void> {
		this.current = (await this.getSuggestions(this.inputEl.value)).slice(0, this.limit);
		this.resultContainerEl.empty();
		if (!this.current.length) this.resultContainerEl.createDiv({ cls: "suggestion-empty", text: this.emptyStateText });
		for (const item of this.current) {
			const el = this.resultContainerEl.createDiv("suggestion-item");
			this.renderSuggestion(item, el);
			el.addEventListener("click", () => this.selectSuggestion(item));
		}
	}
	/** Test helper: the suggestions for the current query. */
	suggestions__(): T[] {
		return this.current;
	}
	selectSuggestion(value: T, evt?: MouseEvent | KeyboardEvent): void {
		this.close();
		this.onChooseSuggestion(value, evt as MouseEvent);
	}
	abstract getSuggestions(query: string): T[] | Promise<T[]>;
	abstract renderSuggestion(value: T, el: HTMLElement): void;
	abstract onChooseSuggestion(item: T, evt: MouseEvent | KeyboardEvent): void;
}

export abstract class FuzzySuggestModal<T> extends SuggestModal<FuzzyMatch<T>> {
	getSuggestions(query: string): FuzzyMatch<T>[] {
		const q = query.toLowerCase().replace(/\s+/g, "");
		const out: FuzzyMatch<T>[] = [];
		for (const item of this.getItems()) {
			const text = this.getItemText(item).toLowerCase();
			let i = 0;
			for (const ch of text) if (i < q.length && ch === q[i]) i++;
			if (i === q.length) out.push({ item, match: { score: -text.length, matches: [] } });
		}
		return out;
	}
	renderSuggestion(value: FuzzyMatch<T>, el: HTMLElement): void {
		el.setText(this.getItemText(value.item));
	}
	onChooseSuggestion(item: FuzzyMatch<T>, evt: MouseEvent | KeyboardEvent): void {
		this.onChooseItem(item.item, evt);
	}
	abstract getItems(): T[];
	abstract getItemText(item: T): string;
	abstract onChooseItem(item: T, evt: MouseEvent | KeyboardEvent): void;
}

// ---------------------------------------------------------------- Components
export class BaseComponent {
	disabled = false;
	then(cb: (c: this) => unknown): this {
		cb(this);
		return this;
	}
	setDisabled(disabled: boolean): this {
		this.disabled = disabled;
		return this;
	}
}

export class TextComponent extends BaseComponent {
	inputEl: HTMLInputElement;
	constructor(containerEl: HTMLElement, tag = "input") {
		super();
		this.inputEl = containerEl.createEl(tag as "input", tag === "input" ? { type: "text" } : {}) as HTMLInputElement;
	}
	getValue(): string {
		return this.inputEl.value;
	}
	setValue(v: string): this {
		this.inputEl.value = v;
		return this;
	}
	setPlaceholder(p: string): this {
		this.inputEl.placeholder = p;
		return this;
	}
	onChange(cb: (v: string) => unknown): this {
		this.inputEl.addEventListener("input", () => void cb(this.inputEl.value));
		return this;
	}
	setDisabled(d: boolean): this {
		this.inputEl.disabled = d;
		return super.setDisabled(d);
	}
}

export class TextAreaComponent extends TextComponent {
	constructor(containerEl: HTMLElement) {
		super(containerEl, "textarea");
	}
}

export class ToggleComponent extends BaseComponent {
	toggleEl: HTMLElement;
	private value = false;
	private cbs: ((v: boolean) => unknown)[] = [];
	constructor(containerEl: HTMLElement) {
		super();
		this.toggleEl = containerEl.createDiv("checkbox-container");
		this.toggleEl.addEventListener("click", () => {
			if (this.disabled) return;
			this.setValue(!this.value);
			for (const cb of this.cbs) void cb(this.value);
		});
	}
	getValue(): boolean {
		return this.value;
	}
	setValue(v: boolean): this {
		this.value = v;
		this.toggleEl.toggleClass("is-enabled", v);
		return this;
	}
	onChange(cb: (v: boolean) => unknown): this {
		this.cbs.push(cb);
		return this;
	}
	setTooltip(t: string): this {
		this.toggleEl.setAttribute("aria-label", t);
		return this;
	}
}

export class DropdownComponent extends BaseComponent {
	selectEl: HTMLSelectElement;
	constructor(containerEl: HTMLElement) {
		super();
		this.selectEl = containerEl.createEl("select", "dropdown") as HTMLSelectElement;
	}
	addOption(value: string, display: string): this {
		this.selectEl.createEl("option", { text: display, attr: { value } });
		return this;
	}
	addOptions(o: Record<string, string>): this {
		for (const [k, v] of Object.entries(o)) this.addOption(k, v);
		return this;
	}
	getValue(): string {
		return this.selectEl.value;
	}
	setValue(v: string): this {
		this.selectEl.value = v;
		return this;
	}
	onChange(cb: (v: string) => unknown): this {
		this.selectEl.addEventListener("change", () => void cb(this.selectEl.value));
		return this;
	}
	setDisabled(d: boolean): this {
		this.selectEl.disabled = d;
		return super.setDisabled(d);
	}
}

export class ButtonComponent extends BaseComponent {
	buttonEl: HTMLButtonElement;
	constructor(containerEl: HTMLElement) {
		super();
		this.buttonEl = containerEl.createEl("button") as HTMLButtonElement;
	}
	setButtonText(t: string): this {
		this.buttonEl.setText(t);
		return this;
	}
	setCta(): this {
		this.buttonEl.addClass("mod-cta");
		return this;
	}
	setDestructive(): this {
		this.buttonEl.addClass("mod-destructive");
		return this;
	}
	setWarning(): this {
		this.buttonEl.addClass("mod-warning");
		return this;
	}
	setIcon(icon: string): this {
		setIcon(this.buttonEl, icon);
		return this;
	}
	setTooltip(t: string): this {
		this.buttonEl.setAttribute("aria-label", t);
		return this;
	}
	setDisabled(d: boolean): this {
		this.buttonEl.disabled = d;
		return super.setDisabled(d);
	}
	onClick(cb: (evt: MouseEvent) => unknown): this {
		this.buttonEl.addEventListener("click", (e) => void cb(e as MouseEvent));
		return this;
	}
}

/** A small icon button (a heading's collapse chevron, for example). */
export class ExtraButtonComponent extends BaseComponent {
	extraSettingsEl: HTMLElement;
	constructor(containerEl: HTMLElement) {
		super();
		this.extraSettingsEl = containerEl.createDiv("clickable-icon extra-setting-button");
	}
	setIcon(icon: string): this {
		setIcon(this.extraSettingsEl, icon);
		return this;
	}
	setTooltip(t: string): this {
		this.extraSettingsEl.setAttribute("aria-label", t);
		return this;
	}
	onClick(cb: () => unknown): this {
		this.extraSettingsEl.addEventListener("click", () => {
			if (!this.disabled) void cb();
		});
		return this;
	}
}

/**
 * Picks the SecretStorage entry (by name) that holds a value. The real one offers
 * existing secrets and a "new secret" form; this one shows the linked name and
 * lets a test link a name (creating the secret) through link__.
 */
export class SecretComponent extends BaseComponent {
	private value = "";
	private cbs: ((v: string) => unknown)[] = [];
	readonly buttonEl: HTMLElement;
	constructor(
		private readonly app: App,
		containerEl: HTMLElement,
	) {
		super();
		this.buttonEl = containerEl.createEl("button", "cineflow-stub-secret");
	}
	setValue(value: string): this {
		this.value = value;
		const set = value && this.app.secretStorage.getSecret(value);
		this.buttonEl.setText(value ? `${value}${set ? " ••••••••" : " (empty)"}` : "Link…");
		return this;
	}
	onChange(cb: (value: string) => unknown): this {
		this.cbs.push(cb);
		return this;
	}
	/** Test helper: the user creates/links a secret named `name` holding `secret`. */
	link__(name: string, secret: string): void {
		this.app.secretStorage.setSecret(name, secret);
		this.setValue(name);
		for (const cb of this.cbs) void cb(name);
	}
	getValue__(): string {
		return this.value;
	}
}

export class Setting {
	settingEl: HTMLElement;
	infoEl: HTMLElement;
	nameEl: HTMLElement;
	descEl: HTMLElement;
	controlEl: HTMLElement;
	components: BaseComponent[] = [];
	constructor(containerEl: HTMLElement) {
		this.settingEl = containerEl.createDiv("setting-item");
		this.infoEl = this.settingEl.createDiv("setting-item-info");
		this.nameEl = this.infoEl.createDiv("setting-item-name");
		this.descEl = this.infoEl.createDiv("setting-item-description");
		this.controlEl = this.settingEl.createDiv("setting-item-control");
	}
	setName(name: string): this {
		this.nameEl.setText(name);
		return this;
	}
	setDesc(desc: string): this {
		this.descEl.setText(desc);
		return this;
	}
	setClass(cls: string): this {
		this.settingEl.addClass(cls);
		return this;
	}
	setHeading(): this {
		this.settingEl.addClass("setting-item-heading");
		return this;
	}
	setDisabled(d: boolean): this {
		this.settingEl.toggleClass("is-disabled", d);
		return this;
	}
	private add<T extends BaseComponent>(c: T, cb: (c: T) => unknown): this {
		this.components.push(c);
		cb(c);
		return this;
	}
	addText(cb: (c: TextComponent) => unknown): this {
		return this.add(new TextComponent(this.controlEl), cb);
	}
	addTextArea(cb: (c: TextAreaComponent) => unknown): this {
		return this.add(new TextAreaComponent(this.controlEl), cb);
	}
	addToggle(cb: (c: ToggleComponent) => unknown): this {
		return this.add(new ToggleComponent(this.controlEl), cb);
	}
	addDropdown(cb: (c: DropdownComponent) => unknown): this {
		return this.add(new DropdownComponent(this.controlEl), cb);
	}
	addButton(cb: (c: ButtonComponent) => unknown): this {
		return this.add(new ButtonComponent(this.controlEl), cb);
	}
	addExtraButton(cb: (c: ExtraButtonComponent) => unknown): this {
		return this.add(new ExtraButtonComponent(this.controlEl), cb);
	}
	addComponent<T extends BaseComponent>(cb: (el: HTMLElement) => T): this {
		this.components.push(cb(this.controlEl));
		return this;
	}
}

export abstract class PluginSettingTab {
	containerEl: HTMLElement;
	constructor(
		readonly app: App,
		readonly plugin: Plugin,
	) {
		this.containerEl = makeEl("div", "vertical-tab-content");
	}
	abstract display(): void;
	hide(): void {
		this.containerEl.empty();
	}
}

export class MarkdownRenderChild extends Component {
	constructor(readonly containerEl: HTMLElement) {
		super();
	}
}

const GLYPHS: Record<string, string> = {
	clapperboard: "🎬",
	"list-video": "☰",
	copy: "⧉",
	x: "✕",
	play: "▶",
	"refresh-cw": "↻",
	film: "🎞",
	"skip-back": "◀◀",
	"skip-forward": "▶▶",
	pause: "||",
};

export function setIcon(parent: HTMLElement, iconId: string): void {
	parent.empty();
	parent.createSpan({ cls: ["svg-icon", `lucide-${iconId}`], text: GLYPHS[iconId] ?? "•" });
}
