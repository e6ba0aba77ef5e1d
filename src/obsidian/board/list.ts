/**
 * A virtualised list of fixed-height rows: only the rows in the visible window
 * (plus a margin) exist in the DOM. Rows are keyed; a changed item is re-filled in
 * place (its element stays), an unchanged one is never touched, so a run's
 * progress tick costs one row, not the list. Positions are CSS custom properties
 * (`--cineflow-row-top`, `--cineflow-list-height`), set with setCssProps.
 */

export interface VirtualListOptions<T> {
	key(item: T): string;
	/** What decides whether a row must be re-filled (equal signatures: left alone). */
	signature(item: T): string;
	/** Fills an (emptied) row element. */
	render(el: HTMLElement, item: T): void;
	/** Row height in px (the narrow layout uses taller rows). */
	rowHeight(): number;
	/** Rows kept above and below the visible window. */
	margin?: number;
	/** Height of the viewport when the platform cannot tell (no layout). */
	fallbackHeight?: number;
}

interface Mounted {
	el: HTMLElement;
	index: number;
	sig: string;
}

export class VirtualList<T> {
	readonly scroller: HTMLElement;
	private readonly body: HTMLElement;
	private items: T[] = [];
	private index = new Map<string, number>();
	private readonly mounted = new Map<string, Mounted>();

	constructor(
		parent: HTMLElement,
		private readonly opts: VirtualListOptions<T>,
	) {
		this.scroller = parent.createDiv({ cls: "cineflow-board-scroller" });
		this.body = this.scroller.createDiv({ cls: "cineflow-board-list" });
	}

	/** Replaces the items; rows whose signature did not change keep their element and content. */
	setItems(items: T[]): void {
		this.items = items;
		this.index = new Map(items.map((it, i) => [this.opts.key(it), i]));
		this.body.setCssProps({ "--cineflow-list-height": `${items.length * this.opts.rowHeight()}px` });
		for (const [key, m] of [...this.mounted]) {
			const i = this.index.get(key);
			if (i === undefined) {
				m.el.remove();
				this.mounted.delete(key);
				continue;
			}
			this.place(m, i);
			const item = items[i] as T;
			const sig = this.opts.signature(item);
			if (sig !== m.sig) this.fill(m, item, sig);
		}
		this.refresh();
	}

	/** Re-fills one row in place, if it is mounted and changed. */
	update(key: string): boolean {
		const m = this.mounted.get(key);
		const i = this.index.get(key);
		if (!m || i === undefined) return false;
		const item = this.items[i] as T;
		const sig = this.opts.signature(item);
		if (sig === m.sig) return false;
		this.fill(m, item, sig);
		return true;
	}

	/** Mounts the rows of the visible window and unmounts the rest (call on scroll and resize). */
	refresh(): void {
		const h = this.opts.rowHeight();
		const top = this.scroller.scrollTop || 0;
		const view = this.scroller.clientHeight || this.opts.fallbackHeight || 800;
		const margin = this.opts.margin ?? 6;
		const first = Math.max(0, Math.floor(top / h) - margin);
		const last = Math.min(this.items.length - 1, Math.ceil((top + view) / h) + margin);
		for (const [key, m] of [...this.mounted]) {
			if (m.index < first || m.index > last) {
				m.el.remove();
				this.mounted.delete(key);
			}
		}
		for (let i = first; i <= last; i++) {
			const item = this.items[i] as T;
			const key = this.opts.key(item);
			if (this.mounted.has(key)) continue;
			const el = this.body.createDiv({ cls: "cineflow-board-row" });
			el.setAttr("data-key", key);
			const m: Mounted = { el, index: i, sig: "" };
			this.place(m, i);
			this.fill(m, item, this.opts.signature(item));
			this.mounted.set(key, m);
		}
	}

	/** Mounted row elements by key (tests, and the view's selection). */
	rows(): ReadonlyMap<string, HTMLElement> {
		return new Map([...this.mounted].map(([k, m]) => [k, m.el]));
	}

	/** Scrolls a row into the window. */
	reveal(key: string): void {
		const i = this.index.get(key);
		if (i === undefined) return;
		this.scroller.scrollTop = i * this.opts.rowHeight();
		this.refresh();
	}

	private place(m: Mounted, i: number): void {
		m.index = i;
		m.el.setCssProps({ "--cineflow-row-top": `${i * this.opts.rowHeight()}px`, "--cineflow-row-height": `${this.opts.rowHeight()}px` });
	}

	private fill(m: Mounted, item: T, sig: string): void {
		m.el.empty();
		this.opts.render(m.el, item);
		m.sig = sig;
	}
}
