// i18n-ignore-file: a clock for tests, the bench and the simulator; its errors are programmer errors no user sees
/**
 * A virtual clock for tests, the benchmark and the in-process simulator. Sleeping
 * registers a timer; `run()` advances time to the next timer whenever every promise
 * chain has settled, so hours of polling run in milliseconds, deterministically.
 */
import { abortError, type Clock } from "../ports/clock";

interface Timer {
	at: number;
	seq: number;
	resolve: () => void;
	cleanup?: () => void;
	cancelled: boolean;
}

/** Lets every pending promise chain run: one macrotask turn. */
function flush(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

export class VirtualClock implements Clock {
	private t: number;
	private seq = 0;
	private heap: Timer[] = [];

	constructor(start = Date.UTC(2026, 0, 1)) {
		this.t = start;
	}

	now(): number {
		return this.t;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(abortError());
		return new Promise<void>((resolve, reject) => {
			const timer: Timer = {
				at: this.t + Math.max(0, ms),
				seq: this.seq++,
				resolve,
				cancelled: false,
			};
			if (signal) {
				const onAbort = () => {
					timer.cancelled = true;
					reject(abortError());
				};
				signal.addEventListener("abort", onAbort, { once: true });
				timer.cleanup = () => signal.removeEventListener("abort", onAbort);
			}
			this.push(timer);
		});
	}

	/** Number of live timers (for tests that check nothing is left waiting). */
	pending(): number {
		return this.heap.filter((t) => !t.cancelled).length;
	}

	/**
	 * Runs until `done` resolves (or no timer is left), advancing virtual time.
	 * Throws if virtual time passes `limitMs` after the start, to catch runaway loops.
	 */
	async run<T>(done: Promise<T>, limitMs = 7 * 24 * 3600_000): Promise<T> {
		let finished = false;
		let result: T | undefined;
		let error: unknown;
		let failed = false;
		done.then(
			(v) => {
				finished = true;
				result = v;
			},
			(e: unknown) => {
				finished = true;
				failed = true;
				error = e;
			},
		);
		const start = this.t;
		for (;;) {
			await flush();
			if (finished) break;
			const next = this.pop();
			if (!next) {
				await flush();
				if (finished) break;
				throw new Error("VirtualClock.run: nothing left to wait for, but the task has not finished (deadlock)");
			}
			if (next.at - start > limitMs) throw new Error(`VirtualClock.run: virtual time limit of ${limitMs} ms exceeded`);
			this.t = Math.max(this.t, next.at);
			next.cleanup?.();
			next.resolve();
			// Release every other timer due at the same instant before flushing.
			for (;;) {
				const peek = this.peek();
				if (!peek || peek.at > this.t) break;
				const same = this.pop();
				same?.cleanup?.();
				same?.resolve();
			}
		}
		if (failed) throw error;
		return result as T;
	}

	/** Advances time by `ms`, firing due timers in order. */
	async advance(ms: number): Promise<void> {
		const end = this.t + ms;
		for (;;) {
			await flush();
			const peek = this.peek();
			if (!peek || peek.at > end) break;
			const next = this.pop();
			if (!next) break;
			this.t = Math.max(this.t, next.at);
			next.cleanup?.();
			next.resolve();
		}
		this.t = end;
		await flush();
	}

	private peek(): Timer | undefined {
		while (this.heap.length && this.heap[0]?.cancelled) this.popRaw();
		return this.heap[0];
	}

	private pop(): Timer | undefined {
		const top = this.peek();
		if (!top) return undefined;
		return this.popRaw();
	}

	private less(a: Timer, b: Timer): boolean {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	private push(t: Timer): void {
		const h = this.heap;
		h.push(t);
		let i = h.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			const hp = h[p] as Timer;
			if (!this.less(t, hp)) break;
			h[i] = hp;
			i = p;
		}
		h[i] = t;
	}

	private popRaw(): Timer | undefined {
		const h = this.heap;
		const top = h[0];
		const last = h.pop();
		if (h.length && last) {
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				let mv = last;
				const lv = h[l];
				const rv = h[r];
				if (lv && this.less(lv, mv)) {
					m = l;
					mv = lv;
				}
				if (rv && this.less(rv, mv)) {
					m = r;
					mv = rv;
				}
				if (m === i) break;
				h[i] = mv;
				i = m;
			}
			h[i] = last;
		}
		return top;
	}
}
