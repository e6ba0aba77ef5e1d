/**
 * Outage breaker for one provider key. Outage (5xx, timeout, connection error) is
 * not a capacity signal: after `threshold` consecutive outage failures the breaker
 * opens, every request waits, and a single probe is let through after a full-jitter
 * exponential backoff (5 s → 60 s). The first success closes it. The learned
 * concurrency limit is untouched, so work resumes at full speed.
 */
import { abortError, type Clock } from "../../ports/clock";
import type { BreakerState } from "../../ports/events";
import { fullJitter, type Random } from "./random";

export interface BreakerTuning {
	threshold: number;
	baseMs: number;
	capMs: number;
}

export const DEFAULT_BREAKER_TUNING: BreakerTuning = { threshold: 3, baseMs: 5_000, capMs: 60_000 };

/** Resolves waiters when state changes. */
class Notifier {
	private waiters: Array<() => void> = [];
	wait(): Promise<void> {
		return new Promise((resolve) => this.waiters.push(resolve));
	}
	notify(): void {
		const w = this.waiters;
		this.waiters = [];
		for (const resolve of w) resolve();
	}
}

export class Breaker {
	private state: BreakerState = "closed";
	private consecutive = 0;
	private failedProbes = 0;
	private halfOpenAt = 0;
	private probeInFlight = false;
	private readonly changed = new Notifier();
	/** Times the breaker opened, for reporting. */
	opens = 0;
	openedAt: number | null = null;

	constructor(
		private readonly clock: Clock,
		private readonly random: Random,
		private readonly tuning: BreakerTuning = DEFAULT_BREAKER_TUNING,
		private readonly onChange?: (state: BreakerState) => void,
	) {}

	get current(): BreakerState {
		return this.state;
	}

	/**
	 * Waits until a request may be sent. Returns true when this request is the
	 * half-open probe (the caller must report its outcome).
	 */
	async pass(signal?: AbortSignal): Promise<boolean> {
		for (;;) {
			if (this.state === "closed") return false;
			const now = this.clock.now();
			if (!this.probeInFlight && now >= this.halfOpenAt) {
				this.probeInFlight = true;
				this.set("half-open");
				return true;
			}
			if (this.probeInFlight) {
				await raceAbort(this.changed.wait(), signal);
			} else {
				const ctl = new AbortController();
				const onAbort = () => ctl.abort();
				signal?.addEventListener("abort", onAbort, { once: true });
				try {
					await Promise.race([this.clock.sleep(this.halfOpenAt - now, ctl.signal).catch(() => undefined), this.changed.wait()]);
				} finally {
					ctl.abort();
					signal?.removeEventListener("abort", onAbort);
				}
				if (signal?.aborted) throw abortError();
			}
		}
	}

	/** A response that shows the provider is up (anything but an outage). */
	onSuccess(wasProbe: boolean): void {
		this.consecutive = 0;
		if (wasProbe) this.probeInFlight = false;
		if (this.state !== "closed") {
			this.failedProbes = 0;
			this.openedAt = null;
			this.set("closed");
		}
	}

	/** An outage-class failure (5xx, timeout, connection error). */
	onFailure(wasProbe: boolean): void {
		const now = this.clock.now();
		this.consecutive++;
		if (wasProbe) {
			this.probeInFlight = false;
			this.failedProbes++;
			this.halfOpenAt = now + fullJitter(this.random, this.failedProbes, this.tuning.baseMs, this.tuning.capMs);
			this.set("open");
			return;
		}
		if (this.state === "closed" && this.consecutive >= this.tuning.threshold) {
			this.failedProbes = 0;
			this.opens++;
			this.openedAt = now;
			this.halfOpenAt = now + fullJitter(this.random, 0, this.tuning.baseMs, this.tuning.capMs);
			this.set("open");
		}
	}

	/** A probe that ended without an answer about the provider (e.g. aborted). */
	releaseProbe(): void {
		if (this.probeInFlight) {
			this.probeInFlight = false;
			this.set("open");
		}
	}

	private set(state: BreakerState): void {
		const prev = this.state;
		this.state = state;
		if (prev !== state) this.onChange?.(state);
		this.changed.notify();
	}
}

async function raceAbort(p: Promise<void>, signal?: AbortSignal): Promise<void> {
	if (!signal) return p;
	if (signal.aborted) throw abortError();
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<void>((_, reject) => {
		onAbort = () => reject(abortError());
		signal.addEventListener("abort", onAbort, { once: true });
	});
	try {
		await Promise.race([p, aborted]);
	} finally {
		if (onAbort) signal.removeEventListener("abort", onAbort);
	}
}
