import { timerSleep } from "../clocks/sleep";
import type { Clock } from "../ports/clock";

/** The wall clock, for real runs. */
export class RealClock implements Clock {
	now(): number {
		return Date.now();
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return timerSleep(ms, signal);
	}
}
