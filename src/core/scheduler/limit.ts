/**
 * Concurrency limit policies: how many remote jobs may be in flight at once on one
 * provider key.
 *
 * AdaptiveLimit (the default) grows fast while the provider shows no pushback: it
 * doubles (slow start, as TCP does) each time every slot is in use, every job in
 * flight runs, and work is waiting, until the first capacity 429 or a queue at the
 * provider. Then it learns the hidden ceiling from capacity 429s on submit: the
 * number in flight when the provider said "too many" is the ceiling. It holds
 * there and probes +1 with an exponentially backed-off interval
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
	/** Probes the provider refused so far (each cost one 429). */
	failedProbes?: number;
	/** Refusals below the known ceiling so far: each found a fall of the provider's capacity. */
	falls?: number;
	/** When the limit last grew and the provider took it (a probe succeeded, or slow start). */
	grewAt?: number;
}

export interface LimitPolicy {
	current(now: number): number;
	/** A create was accepted; `inFlight` counts it. */
	onAccepted(now: number, inFlight: number): void;
	/**
	 * A create was refused for capacity; `inFlight` is what the provider is running
	 * for us; `sentAt`, when the refused create was sent (a refusal of a create sent
	 * before the limit last changed says nothing new).
	 */
	onCapacity(now: number, inFlight: number, sentAt?: number): void;
	/** A create failed for any other transient reason (rate, outage). */
	onSubmitFailure(now: number): void;
	/**
	 * A job was seen running (or finished) for the first time; `submittedAt` is when
	 * it was created; `running`, how many of ours are seen running now. Optional;
	 * confirms a probe when the provider queues.
	 */
	onStarted?(now: number, submittedAt: number, running?: number): void;
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
	 * in flight would not run sooner. `o.probeOk` false: the 429 budget is spent,
	 * no probe now; `o.allRunning`: every job in flight was seen running.
	 */
	tick(now: number, limitBound: boolean, backlog: boolean, o?: TickHints): void;
	snapshot(now: number): LimitSnapshot;
}

export interface TickHints {
	/** A probe may cost a 429 now (default true). */
	probeOk?: boolean;
	/** Every job in flight was seen running (default true). */
	allRunning?: boolean;
}

export interface AdaptiveTuning {
	initialProbeMs: number;
	minProbeMs: number;
	maxProbeMs: number;
	/** A successful probe divides the interval by this (2 = halve). */
	successDivisor: number;
	/** Slow start: time limit-bound with everything running before the limit doubles. */
	growMs: number;
	/** Largest probe step (successes in a row double it from 1). */
	maxProbeStep: number;
}

export const DEFAULT_ADAPTIVE_TUNING: AdaptiveTuning = {
	initialProbeMs: 60_000,
	minProbeMs: 5_000,
	maxProbeMs: 300_000,
	successDivisor: 4,
	growMs: 5_000,
	maxProbeStep: 4,
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
	/** No pushback seen yet: double instead of probing +1. */
	private slowStart = true;
	/** How far the next refusal below the ceiling steps down. */
	private dropStep = 1;
	/** How much the next probe asks for: 1, doubled by each success in a row. */
	private probeStep = 1;
	private failedProbes = 0;
	private falls = 0;
	private grewAt = 0;

	private readonly tuning: AdaptiveTuning;

	constructor(
		initial: number,
		private readonly max: number,
		tuning: Partial<AdaptiveTuning> = {},
	) {
		this.tuning = { ...DEFAULT_ADAPTIVE_TUNING, ...tuning };
		this.limit = Math.max(1, Math.min(initial, max));
		this.probeMs = this.tuning.initialProbeMs;
	}

	current(): number {
		return this.limit;
	}

	onAccepted(now: number, inFlight: number): void {
		this.dropStep = 1;
		// The probe slot was used and accepted: capacity is higher than we thought
		// (unless the provider queues; then only seeing the job run confirms it).
		if (this.probing && !this.queueing && inFlight >= this.limit) this.probeSucceeded(now);
	}

	onStarted(now: number, submittedAt: number, running?: number): void {
		// A job sent after the probe runs, and more of ours run at once than before it:
		// the provider took the extra job, it did not just start it in a freed slot.
		if (this.probing && this.queueing && submittedAt >= this.probeSince && (running === undefined || running >= this.limit)) this.probeSucceeded(now);
	}

	private probeSucceeded(now: number): void {
		this.probing = false;
		this.grewAt = now;
		// Capacity is coming: the next probe comes sooner and asks for twice as much
		// (by one at a time with a provider that queues: a wrong guess waits a whole job).
		if (!this.queueing) this.probeStep = Math.min(this.tuning.maxProbeStep, 2 * this.probeStep);
		this.probeMs = Math.max(this.tuning.minProbeMs, this.probeMs / this.tuning.successDivisor);
		if (this.ceiling !== null && this.limit > this.ceiling) this.ceiling = null;
		this.lastChange = now;
		this.resetBound();
	}

	onCapacity(now: number, inFlight: number, sentAt = now): void {
		this.slowStart = false;
		if (sentAt < this.lastChange) {
			// Already on the wire when the limit last changed: only keep within what runs.
			this.limit = Math.max(1, Math.min(this.limit, inFlight));
			return;
		}
		if (this.probing) {
			this.probing = false;
			this.failedProbes++;
			this.probeStep = 1;
			this.probeMs = Math.min(this.tuning.maxProbeMs, this.probeMs * 2);
		}
		// Refused below the known ceiling: the provider's capacity fell. Step down by
		// 1, 2, 4… per refusal in a row (an exponential search), so a large drop costs
		// a few 429s and a small one does not undershoot.
		let next = Math.max(1, Math.min(this.limit, inFlight));
		if (this.ceiling !== null && inFlight < this.ceiling) {
			this.falls++;
			next = Math.max(1, Math.min(next, inFlight + 1 - this.dropStep));
			this.dropStep *= 2;
		}
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
		this.slowStart = false;
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

	tick(now: number, limitBound: boolean, backlog: boolean, o: TickHints = {}): void {
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
		if (this.slowStart) {
			// Every slot used, every job running, no pushback yet: double.
			if (o.allRunning !== false && this.boundMs >= this.tuning.growMs) {
				this.limit = Math.min(this.max, 2 * this.limit);
				this.lastChange = now;
				this.resetBound();
			}
			return;
		}
		if (o.probeOk === false) return;
		if (this.boundMs >= this.probeMs) {
			this.limit = Math.min(this.max, this.limit + this.probeStep);
			this.probing = true;
			this.probeSince = now;
			this.lastChange = now;
			this.resetBound();
		}
	}

	snapshot(): LimitSnapshot {
		return {
			limit: this.limit,
			ceiling: this.ceiling,
			probeIntervalMs: this.probeMs,
			safeMode: false,
			failedProbes: this.failedProbes,
			falls: this.falls,
			grewAt: this.grewAt,
		};
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
