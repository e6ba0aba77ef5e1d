/**
 * Obsidian's DOM helpers (createEl, createDiv, empty, setText, addClass …).
 * In a browser (the Chromium host) they are installed on the real HTMLElement
 * prototype, as Obsidian does. In Node (unit tests, the vm smoke) there is no DOM,
 * so `FakeElement` is a deliberately tiny element tree with the same helpers and
 * the handful of DOM members CineFlow touches (value, checked, disabled, events).
 */

export interface DomElementInfo {
	cls?: string | string[];
	text?: string;
	attr?: Record<string, string | number | boolean | null>;
	title?: string;
	type?: string;
	value?: string;
	placeholder?: string;
	href?: string;
}

type Listener = (ev: { type: string; target: unknown; preventDefault(): void; stopPropagation(): void }) => unknown;

export class FakeElement {
	readonly tagName: string;
	children: FakeElement[] = [];
	private nodes: (FakeElement | string)[] = [];
	parentElement: FakeElement | null = null;
	private classes = new Set<string>();
	private attrs = new Map<string, string>();
	private listeners = new Map<string, Set<Listener>>();
	value = "";
	checked = false;
	disabled = false;
	type = "";
	placeholder = "";

	constructor(tag: string) {
		this.tagName = tag.toUpperCase();
	}

	get className(): string {
		return [...this.classes].join(" ");
	}
	set className(v: string) {
		this.classes = new Set(v.split(/\s+/).filter(Boolean));
	}
	get classList() {
		return {
			add: (...c: string[]) => c.forEach((x) => this.classes.add(x)),
			remove: (...c: string[]) => c.forEach((x) => this.classes.delete(x)),
			contains: (c: string) => this.classes.has(c),
			toggle: (c: string, on?: boolean) => {
				const want = on ?? !this.classes.has(c);
				if (want) this.classes.add(c);
				else this.classes.delete(c);
				return want;
			},
		};
	}
	get textContent(): string {
		return this.nodes.map((n) => (typeof n === "string" ? n : n.textContent)).join("");
	}
	set textContent(v: string) {
		for (const c of this.children) c.parentElement = null;
		this.children = [];
		this.nodes = v ? [v] : [];
	}
	/** Text and elements in document order (a real element's childNodes, with text as strings). */
	get childNodes(): readonly (FakeElement | string)[] {
		return [...this.nodes];
	}
	get isConnected(): boolean {
		return this.parentElement !== null;
	}
	getAttribute(k: string): string | null {
		return this.attrs.get(k) ?? null;
	}
	setAttribute(k: string, v: string): void {
		this.attrs.set(k, String(v));
	}
	removeAttribute(k: string): void {
		this.attrs.delete(k);
	}
	appendChild<T extends FakeElement>(child: T): T {
		child.remove();
		child.parentElement = this;
		this.children.push(child);
		this.nodes.push(child);
		return child;
	}
	append(...items: (FakeElement | string)[]): void {
		for (const i of items) {
			if (typeof i === "string") this.nodes.push(i);
			else this.appendChild(i);
		}
	}
	remove(): void {
		const p = this.parentElement;
		if (!p) return;
		p.children = p.children.filter((c) => c !== this);
		p.nodes = p.nodes.filter((c) => c !== this);
		this.parentElement = null;
	}
	addEventListener(type: string, fn: Listener): void {
		const set = this.listeners.get(type) ?? new Set();
		set.add(fn);
		this.listeners.set(type, set);
	}
	removeEventListener(type: string, fn: Listener): void {
		this.listeners.get(type)?.delete(fn);
	}
	/** Number of live listeners (tests check that unload removed them). */
	listenerCount(): number {
		let n = 0;
		for (const s of this.listeners.values()) n += s.size;
		return n;
	}
	dispatch(type: string): void {
		const ev = { type, target: this, preventDefault() {}, stopPropagation() {} };
		for (const fn of [...(this.listeners.get(type) ?? [])]) void fn(ev);
	}
	click(): void {
		if (!this.disabled) this.dispatch("click");
	}
	focus(): void {}
	select(): void {}
	scrollIntoView(): void {}

	// Obsidian helpers
	createEl(tag: string, o?: DomElementInfo | string, cb?: (el: FakeElement) => void): FakeElement {
		const el = new FakeElement(tag);
		applyInfo(el as unknown as HTMLElement, o);
		this.appendChild(el);
		cb?.(el);
		return el;
	}
	createDiv(o?: DomElementInfo | string, cb?: (el: FakeElement) => void): FakeElement {
		return this.createEl("div", o, cb);
	}
	createSpan(o?: DomElementInfo | string, cb?: (el: FakeElement) => void): FakeElement {
		return this.createEl("span", o, cb);
	}
	empty(): void {
		this.textContent = "";
	}
	setText(t: string): void {
		this.textContent = t;
	}
	getText(): string {
		return this.textContent;
	}
	addClass(...c: string[]): void {
		this.classList.add(...c);
	}
	addClasses(c: string[]): void {
		this.classList.add(...c);
	}
	removeClass(...c: string[]): void {
		this.classList.remove(...c);
	}
	toggleClass(c: string, on: boolean): void {
		this.classList.toggle(c, on);
	}
	hasClass(c: string): boolean {
		return this.classes.has(c);
	}
	setAttr(k: string, v: string | number | boolean | null): void {
		if (v === null) this.removeAttribute(k);
		else this.setAttribute(k, String(v));
	}
	getAttr(k: string): string | null {
		return this.getAttribute(k);
	}
	detach(): void {
		this.remove();
	}
	/** CSS custom properties set with setCssProps (Obsidian's helper), readable by tests. */
	readonly cssProps = new Map<string, string>();
	setCssProps(props: Record<string, string>): void {
		for (const [k, v] of Object.entries(props)) this.cssProps.set(k, v);
	}
}

function applyInfo(el: HTMLElement, o?: DomElementInfo | string): void {
	if (o === undefined) return;
	const info: DomElementInfo = typeof o === "string" ? { cls: o } : o;
	if (info.cls) el.addClass(...(Array.isArray(info.cls) ? info.cls : info.cls.split(" ").filter(Boolean)));
	if (info.text !== undefined) el.setText(info.text);
	if (info.title !== undefined) el.setAttribute("title", info.title);
	if (info.type !== undefined) (el as HTMLInputElement).type = info.type;
	if (info.value !== undefined) (el as HTMLInputElement).value = info.value;
	if (info.placeholder !== undefined) (el as HTMLInputElement).placeholder = info.placeholder;
	if (info.href !== undefined) el.setAttribute("href", info.href);
	for (const [k, v] of Object.entries(info.attr ?? {})) if (v !== null && v !== false) el.setAttribute(k, String(v));
}

/** True when a real DOM is present (the Chromium host). */
export const hasDom = typeof document !== "undefined" && typeof HTMLElement !== "undefined";

/** A new detached element: a real one in a browser, a FakeElement in Node. */
export function makeEl(tag: string, o?: DomElementInfo | string): HTMLElement {
	if (hasDom) {
		const el = document.createElement(tag);
		applyInfo(el, o);
		return el;
	}
	const el = new FakeElement(tag);
	applyInfo(el as unknown as HTMLElement, o);
	return el as unknown as HTMLElement;
}

/** Installs Obsidian's element helpers on the real prototypes (browser only). */
export function installDomHelpers(): void {
	if (!hasDom) return;
	const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
	if (proto.createEl) return;
	const def = (name: string, fn: unknown) => Object.defineProperty(proto, name, { value: fn, configurable: true, writable: true });
	def("createEl", function (this: HTMLElement, tag: string, o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) {
		const el = makeEl(tag, o);
		this.appendChild(el);
		cb?.(el);
		return el;
	});
	def("createDiv", function (this: HTMLElement, o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) {
		return this.createEl("div", o, cb);
	});
	def("createSpan", function (this: HTMLElement, o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) {
		return this.createEl("span", o, cb);
	});
	def("empty", function (this: HTMLElement) {
		while (this.firstChild) this.removeChild(this.firstChild);
	});
	def("setText", function (this: HTMLElement, t: string) {
		this.textContent = t;
	});
	def("getText", function (this: HTMLElement) {
		return this.textContent ?? "";
	});
	def("addClass", function (this: HTMLElement, ...c: string[]) {
		this.classList.add(...c);
	});
	def("addClasses", function (this: HTMLElement, c: string[]) {
		this.classList.add(...c);
	});
	def("removeClass", function (this: HTMLElement, ...c: string[]) {
		this.classList.remove(...c);
	});
	def("toggleClass", function (this: HTMLElement, c: string, on: boolean) {
		this.classList.toggle(c, on);
	});
	def("hasClass", function (this: HTMLElement, c: string) {
		return this.classList.contains(c);
	});
	def("setAttr", function (this: HTMLElement, k: string, v: string | number | boolean | null) {
		if (v === null) this.removeAttribute(k);
		else this.setAttribute(k, String(v));
	});
	def("getAttr", function (this: HTMLElement, k: string) {
		return this.getAttribute(k);
	});
	def("detach", function (this: HTMLElement) {
		this.remove();
	});
	def("setCssProps", function (this: HTMLElement, props: Record<string, string>) {
		for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
	});
}

installDomHelpers();

/** Depth-first walk (tests): every element under `root`, FakeElement or real. */
export function allElements(root: HTMLElement): HTMLElement[] {
	const out: HTMLElement[] = [];
	const walk = (el: HTMLElement) => {
		for (const c of Array.from(el.children) as HTMLElement[]) {
			out.push(c);
			walk(c);
		}
	};
	walk(root);
	return out;
}
