/** The timer sleep the real and scaled clocks share: it waits, it is cut short by an abort, and a negative wait is no wait. */
import { describe, expect, it } from "vitest";
import { timerSleep } from "../../src/clocks/sleep";
import { isAbortError } from "../../src/ports/clock";

describe("timerSleep", () => {
	it("resolves after the timer, and at once for a negative wait", async () => {
		await expect(timerSleep(1)).resolves.toBeUndefined();
		await expect(timerSleep(-50)).resolves.toBeUndefined();
	});

	it("rejects with the abort error when the signal fires first, or has fired already", async () => {
		const ac = new AbortController();
		const waiting = timerSleep(60_000, ac.signal);
		ac.abort();
		await expect(waiting).rejects.toSatisfy(isAbortError);
		await expect(timerSleep(1, ac.signal)).rejects.toSatisfy(isAbortError);
	});

	it("leaves no abort listener behind once it has resolved", async () => {
		const ac = new AbortController();
		let added = 0;
		let removed = 0;
		const signal = ac.signal;
		const add = signal.addEventListener.bind(signal);
		const remove = signal.removeEventListener.bind(signal);
		signal.addEventListener = ((...a: Parameters<typeof add>) => (added++, add(...a))) as typeof add;
		signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removed++, remove(...a))) as typeof remove;
		await timerSleep(1, signal);
		expect([added, removed]).toEqual([1, 1]);
	});
});
