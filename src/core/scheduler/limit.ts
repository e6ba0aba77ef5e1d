/**
 * Concurrency limit policies: how many remote jobs may be in flight at once on one
 * provider key.
 *
 * AdaptiveLimit (the default) learns the provider's hidden ceiling from capacity
 * 429s on submit: the number in flight when the provider said "too many" is the
 * ceiling. It holds there and probes +1 with an exponentially backed-off interval
 * (a failed probe doubles it, a successful one divides it by `successDivisor`, so
 * added capacity is taken up in a few probes), like CUBIC's plateau. A provider
 * that accepts jobs but leaves them queued is treated like a capacity answer: the
 * limit drops to the number actually running, and `queues()` turns true (the engine
 * then keeps a few successors queued at the provider just before slots free).
 *
 * SafeModeLimit replays the original CineFlow's intended controller: full limit
 * until 2 consecutive submit failures, then 5 slots for 10 minutes, then +1 per
 * minute until back at the maximum.
 */

export interface LimitSnapshot {
	limit: number;
	ceiling: number | null;
	probeIntervalMs: number | null;
	safeMode: boolean;
}

export interface LimitPolicy {
	current(now: number): number;
	/** A create was accepted; `inFlight` counts it. */
	onAccepted(now: number, inFlight: number): void;
	/** A create was refused for capacity; `inFlight` is what the provider is running for us. */
	onCapacity(now: number, inFlight: number): void;
	/** A create failed for any other transient reason (rate, outage). */
	onSubmitFailure(now: number): void;
	/**
	 * A job was seen running (or finished) for the first time; `submittedAt` is when
	 * it was created. Optional; confirms a probe when the provider queues.
	 */
	onStarted?(now: number, submittedAt: number): void;
	/**
	 * Jobs accepted more than a while ago are still queued at the provider: only
	 * `running` of ours run. Optional; safe mode ignores it.
	 */
	onBacklog?(now: number, running: number): void;
	/**
	 * True once the provider has been seen accepting jobs above its capacity and
	 * queueing them (see onBacklog). Optional; false when absent.
	 */
	queues?(): boolean;
	/**
	 * Called every tick. `limitBound`: work is waiting and in-flight ≥ limit.
	 * `backlog`: the provider is accepting jobs but leaving them queued, so more
	 * in flight would not run sooner.
	 */
	tick(now: number, limitBound: boolean, backlog: boolean): void;
	snapshot(now: number): LimitSnapshot;
}

export interface AdaptiveTuning {
	initialProbeMs: number;
	minProbeMs: number;
	maxProbeMs: number;
	/** A successful probe divides the interval by this (2 = halve). */
	successDivisor: number;
}

export const DEFAULT_ADAPTIVE_TUNING: AdaptiveTuning = {
	initialProbeMs: 60_000,
	minProbeMs: 5_000,
	maxProbeMs: 300_000,
	successDivisor: 4,
};

export class AdaptiveLimit implements LimitPolicy {
	private limit: number;
	private ceiling: number | null = null;
	private probeMs: number;
	/** Time spent limit-bound since the last change (brief gaps, e.g. between waves, do not reset it). */
	private boundMs = 0;
	private lastTick: number | null = null;
	private lastChange = -Infinity;
	private probing = false;
	private probeSince = 0;
	/** The provider accepts jobs above its capacity and queues them: acceptance proves nothing. */
	private queueing = false;

	constructor(
		initial: number,
		private readonly max: number,
		private readonly tuning: AdaptiveTuning = DEFAULT_ADAPTIVE_TUNING,
	) {
		this.limit = Math.max(1, Math.min(initial, max));
		this.probeMs = tuning.initialProbeMs;
	}

	current(): number {
		return this.limit;
	}

	onAccepted(now: number, inFlight: number): void {
		// The probe slot was used and accepted: capacity is higher than we thought
		// (unless the provider queues; then only seeing the job run confirms it).
		if (this.probing && !this.queueing && inFlight >= this.limit) this.probeSucceeded(now);
	}

	onStarted(now: number, submittedAt: number): void {
		if (this.probing && this.queueing && submittedAt >= this.probeSince) this.probeSucceeded(now);
	}

	private probeSucceeded(now: number): void {
		this.probing = false;
		this.probeMs = Math.max(this.tuning.minProbeMs, this.probeMs / this.tuning.successDivisor);
		if (this.ceiling !== null && this.limit > this.ceiling) this.ceiling = null;
		this.lastChange = now;
		this.resetBound();
	}

	onCapacity(now: number, inFlight: number): void {
		if (this.probing) {
			this.probing = false;
			this.probeMs = Math.min(this.tuning.maxProbeMs, this.probeMs * 2);
		}
		const next = Math.max(1, Math.min(this.limit, inFlight));
		this.ceiling = next;
		this.limit = next;
		this.lastChange = now;
		this.resetBound();
	}

	/** Restart the limit-bound time; time before this instant does not count. */
	private resetBound(): void {
		this.boundMs = 0;
		this.lastTick = null;
	}

	onSubmitFailure(): void {
		// Rate and outage are handled by the rate gate and the breaker, not here.
	}

	queues(): boolean {
		return this.queueing;
	}

	onBacklog(now: number, running: number): void {
		this.queueing = true;
		const next = Math.max(1, running);
		if (next >= this.limit) return;
		if (this.probing) {
			this.probing = false;
			this.probeMs = Math.min(this.tuning.maxProbeMs, this.probeMs * 2);
		}
		this.ceiling = next;
		this.limit = next;
		this.lastChange = now;
		this.resetBound();
	}

	tick(now: number, limitBound: boolean, backlog: boolean): void {
		const dt = this.lastTick === null ? 0 : Math.max(0, now - this.lastTick);
		this.lastTick = now;
		if (backlog) {
			// The provider is queueing ours: more in flight would not run sooner.
			this.resetBound();
			return;
		}
		if (!limitBound) return;
		this.boundMs += dt;
		if (this.probing || this.limit >= this.max) return;
		if (this.boundMs >= this.probeMs) {
			this.limit += 1;
			this.probing = true;
			this.probeSince = now;
			this.lastChange = now;
			this.resetBound();
		}
	}

	snapshot(): LimitSnapshot {
		return { limit: this.limit, ceiling: this.ceiling, probeIntervalMs: this.probeMs, safeMode: false };
	}
}

export interface SafeModeTuning {
	min: number;
	errorThreshold: number;
	cooldownMs: number;
	recoveryStepMs: number;
}

export const ORIGINAL_SAFE_MODE: SafeModeTuning = {
	min: 5,
	errorThreshold: 2,
	cooldownMs: 600_000,
	recoveryStepMs: 60_000,
};

export class SafeModeLimit implements LimitPolicy {
	private consecutive = 0;
	private safeSince: number | null = null;

	constructor(
		private readonly max: number,
		private readonly tuning: SafeModeTuning = ORIGINAL_SAFE_MODE,
	) {}

	current(now: number): number {
		if (this.safeSince === null) return this.max;
		const elapsed = now - this.safeSince;
		if (elapsed < this.tuning.cooldownMs) return Math.min(this.tuning.min, this.max);
		const limit = this.tuning.min + Math.floor((elapsed - this.tuning.cooldownMs) / this.tuning.recoveryStepMs);
		if (limit >= this.max) {
			this.safeSince = null;
			this.consecutive = 0;
			return this.max;
		}
		return Math.min(limit, this.max);
	}

	onAccepted(): void {
		this.consecutive = 0;
	}

	onCapacity(now: number): void {
		this.onSubmitFailure(now);
	}

	onSubmitFailure(now: number): void {
		this.consecutive++;
		if (this.safeSince === null && this.consecutive >= this.tuning.errorThreshold) this.safeSince = now;
	}

	tick(): void {}

	snapshot(now: number): LimitSnapshot {
		return { limit: this.current(now), ceiling: null, probeIntervalMs: null, safeMode: this.safeSince !== null };
	}
}
