/**
 * A clock that runs `scale` times faster than real time, for the offline demo and
 * `cineflow sim --time-scale N`: now() = start + (Date.now() - start) * scale, and
 * sleep(ms) waits ms / scale real milliseconds.
 */
import type { Clock } from "../ports/clock";
import { timerSleep } from "./sleep";

export class ScaledClock implements Clock {
	private readonly start: number;

	constructor(
		readonly scale: number,
		start = Date.now(),
	) {
		// i18n-ignore: a programmer error (the CLI checks --time-scale, 1 to 100000, in the catalog's words first)
		if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`time scale must be a positive number, got ${scale}`);
		this.start = start;
	}

	now(): number {
		return this.start + (Date.now() - this.start) * this.scale;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return timerSleep(ms / this.scale, signal);
	}
}
