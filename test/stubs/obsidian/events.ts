/** Events and Component, with the register* bookkeeping Obsidian does on unload. */

export interface EventRef {
	e: Events;
	name: string;
	fn: (...args: unknown[]) => unknown;
}

export class Events {
	private handlers = new Map<string, EventRef[]>();

	on(name: string, callback: (...data: never[]) => unknown, ctx?: unknown): EventRef {
		const fn = (ctx ? callback.bind(ctx) : callback) as (...args: unknown[]) => unknown;
		const ref: EventRef = { e: this, name, fn };
		const list = this.handlers.get(name) ?? [];
		list.push(ref);
		this.handlers.set(name, list);
		return ref;
	}
	off(name: string, callback: (...data: never[]) => unknown): void {
		const list = this.handlers.get(name) ?? [];
		this.handlers.set(
			name,
			list.filter((r) => r.fn !== (callback as unknown)),
		);
	}
	offref(ref: EventRef): void {
		const list = this.handlers.get(ref.name) ?? [];
		this.handlers.set(
			ref.name,
			list.filter((r) => r !== ref),
		);
	}
	trigger(name: string, ...data: unknown[]): void {
		for (const r of [...(this.handlers.get(name) ?? [])]) r.fn(...data);
	}
	/** Test helper: live handlers (all names, or one). */
	listenerCount__(name?: string): number {
		if (name) return this.handlers.get(name)?.length ?? 0;
		let n = 0;
		for (const l of this.handlers.values()) n += l.length;
		return n;
	}
}

type DomTarget = { addEventListener(t: string, cb: never, o?: unknown): void; removeEventListener(t: string, cb: never, o?: unknown): void };

export class Component {
	private _loaded = false;
	private _cleanups: (() => void)[] = [];
	private _children: Component[] = [];

	load(): void {
		if (this._loaded) return;
		this._loaded = true;
		const r = this.onload() as unknown;
		if (r instanceof Promise) r.catch((e: unknown) => console.error(e));
		for (const c of this._children) c.load();
	}
	/** Host: like load(), but waits for an async onload (Obsidian's plugin manager awaits a plugin's onload). */
	async loadAsync__(): Promise<void> {
		if (this._loaded) return;
		this._loaded = true;
		await this.onload();
		for (const c of this._children) c.load();
	}
	/** Host: true between load and unload. */
	get loaded__(): boolean {
		return this._loaded;
	}
	onload(): void | Promise<void> {}
	unload(): void {
		if (!this._loaded) return;
		this._loaded = false;
		for (const c of this._children.splice(0)) c.unload();
		for (const fn of this._cleanups.splice(0).reverse()) fn();
		this.onunload();
	}
	onunload(): void {}
	addChild<T extends Component>(c: T): T {
		this._children.push(c);
		if (this._loaded) c.load();
		return c;
	}
	removeChild<T extends Component>(c: T): T {
		this._children = this._children.filter((x) => x !== c);
		c.unload();
		return c;
	}
	register(cb: () => unknown): void {
		this._cleanups.push(() => void cb());
	}
	registerEvent(ref: EventRef): void {
		this._cleanups.push(() => ref.e.offref(ref));
	}
	registerDomEvent(el: DomTarget, type: string, cb: (ev: never) => unknown, options?: unknown): void {
		el.addEventListener(type, cb as never, options);
		this._cleanups.push(() => el.removeEventListener(type, cb as never, options));
	}
	registerInterval(id: number): number {
		this._cleanups.push(() => window.clearInterval(id));
		return id;
	}
}
