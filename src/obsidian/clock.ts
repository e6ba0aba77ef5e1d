/**
 * The plugin's Clock: real timers (window.setTimeout), tracked so that unloading
 * the plugin clears every one of them. After dispose(), pending sleeps reject with
 * an AbortError and new sleeps never resolve (nothing runs once the plugin is gone).
 */
import { abortError, type Clock } from "../ports/clock";

interface Sleeper {
	timer: number;
	reject: (err: Error) => void;
	cleanup: () => void;
}

export class PluginClock implements Clock {
	private readonly live = new Set<Sleeper>();
	private disposed = false;

	now(): number {
		return Date.now();
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(abortError());
		if (this.disposed) return new Promise<void>(() => undefined);
		return new Promise<void>((resolve, reject) => {
			const sleeper: Sleeper = {
				timer: 0,
				reject,
				cleanup: () => {
					window.clearTimeout(sleeper.timer);
					signal?.removeEventListener("abort", onAbort);
					this.live.delete(sleeper);
				},
			};
			const onAbort = () => {
				sleeper.cleanup();
				reject(abortError());
			};
			sleeper.timer = window.setTimeout(
				() => {
					sleeper.cleanup();
					resolve();
				},
				Math.max(0, ms),
			);
			signal?.addEventListener("abort", onAbort, { once: true });
			this.live.add(sleeper);
		});
	}

	/** Timers still waiting (tests check that unload leaves none). */
	pending(): number {
		return this.live.size;
	}

	dispose(): void {
		this.disposed = true;
		for (const s of [...this.live]) {
			s.cleanup();
			s.reject(abortError());
		}
	}
}
