/**
 * Time, injected. The core never reads the wall clock or sets timers itself, so a
 * 35-minute poll or a 10-minute cooldown can run in virtual time in a test.
 */
export interface Clock {
	/** Milliseconds since the epoch (real, scaled or virtual). */
	now(): number;
	/**
	 * Resolves after `ms` milliseconds of this clock's time. Rejects with an
	 * `AbortError`-named error if `signal` aborts first.
	 */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function abortError(): Error {
	const err = new Error("Aborted");
	err.name = "AbortError";
	return err;
}

export function isAbortError(err: unknown): boolean {
	return err instanceof Error && err.name === "AbortError";
}
