import { abortError, type Clock } from "../ports/clock";

/** The wall clock, for real runs. */
export class RealClock implements Clock {
	now(): number {
		return Date.now();
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(abortError());
		return new Promise((resolve, reject) => {
			const onAbort = () => {
				clearTimeout(t);
				reject(abortError());
			};
			const t = setTimeout(
				() => {
					signal?.removeEventListener("abort", onAbort);
					resolve();
				},
				Math.max(0, ms),
			);
			signal?.addEventListener("abort", onAbort, { once: true });
		});
	}
}
