/** Waiting on the machine's own timer, cut short by an abort signal: what the real and the scaled clocks share. */
import { abortError } from "../ports/clock";

/** Resolves after `ms` real milliseconds (0 when negative); rejects with the abort error when `signal` fires first. */
export function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) return Promise.reject(abortError());
	return new Promise<void>((resolve, reject) => {
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
