/**
 * Request-rate control shared by every request to one provider key.
 *
 * - A global "not before" gate set from Retry-After: no request is sent inside an
 *   advertised window.
 * - A GCRA token bucket whose rate is unlimited until the provider pushes back
 *   (or fixed by the user). A 429 with Retry-After, or a burst of rate 429s,
 *   cuts the rate to 0.7 × the measured rate (one cut per window); the rate then
 *   grows back by 10 % of the pre-cut rate per quiet minute and is lifted once
 *   it has doubled.
 */
import type { Clock } from "../../ports/clock";
import { fullJitter, type Random } from "./random";

export interface RateTuning {
	/** Tokens the bucket may hold when limited. */
	burst: number;
	/** Lowest rate the limiter will cut to (requests/minute). */
	minRate: number;
	/** Multiplicative cut on a rate signal. */
	beta: number;
	/** No second cut within this window (ms). */
	cutWindowMs: number;
	/** Rate 429s without Retry-After needed within `noHintWindowMs` to count as a signal. */
	noHintThreshold: number;
	noHintWindowMs: number;
	/** Longest Retry-After honoured (longer values are clamped, and reported). */
	maxRetryAfterMs: number;
}

export const DEFAULT_RATE_TUNING: RateTuning = {
	burst: 4,
	minRate: 6,
	beta: 0.7,
	cutWindowMs: 10_000,
	noHintThreshold: 3,
	noHintWindowMs: 30_000,
	maxRetryAfterMs: 10 * 60_000,
};

export class RateGate {
	/** No request before this instant (epoch ms). */
	notBefore = 0;
	/** Requests per minute, or null for unlimited. */
	private rate: number | null;
	private readonly fixed: boolean;
	private tat = 0;
	private sent: number[] = [];
	private lastCut = -Infinity;
	private rateBeforeCut = 0;
	private lastGrow = 0;
	private noHint: number[] = [];
	private noHintStreak = 0;

	constructor(
		private readonly clock: Clock,
		private readonly random: Random,
		fixedRpm: number | null,
		private readonly tuning: RateTuning = DEFAULT_RATE_TUNING,
	) {
		this.rate = fixedRpm;
		this.fixed = fixedRpm !== null;
	}

	/** Current rate in requests/minute, or null when unlimited. */
	currentRate(): number | null {
		return this.rate === null ? null : Math.round(this.rate * 10) / 10;
	}

	/** Waits for permission to send one request. */
	async acquire(signal?: AbortSignal): Promise<void> {
		for (;;) {
			const now = this.clock.now();
			this.grow(now);
			let t = Math.max(now, this.notBefore);
			let interval = 0;
			if (this.rate !== null) {
				interval = 60_000 / this.rate;
				t = Math.max(t, this.tat - this.tuning.burst * interval);
			}
			if (t <= now) {
				this.tat = Math.max(this.tat, now) + interval;
				this.sent.push(now);
				if (this.sent.length > 512) this.sent.splice(0, this.sent.length - 512);
				return;
			}
			await this.clock.sleep(t - now, signal);
		}
	}

	/** Any response that was not a rate 429. */
	onOk(): void {
		this.noHintStreak = 0;
	}

	/**
	 * A rate-class 429 (or a 503 with Retry-After). Returns how long the caller
	 * should wait before retrying this request.
	 */
	onRateLimited(retryAfterMs: number | undefined): number {
		const now = this.clock.now();
		if (retryAfterMs !== undefined && retryAfterMs >= 0) {
			const ra = Math.min(retryAfterMs, this.tuning.maxRetryAfterMs);
			this.notBefore = Math.max(this.notBefore, now + ra);
			this.cut(now);
			return ra;
		}
		this.noHintStreak++;
		this.noHint = this.noHint.filter((t) => now - t < this.tuning.noHintWindowMs);
		this.noHint.push(now);
		if (this.noHint.length >= this.tuning.noHintThreshold) {
			this.cut(now);
			this.noHint = [];
		}
		return fullJitter(this.random, this.noHintStreak, 1000, 60_000);
	}

	/** A Retry-After that came with something other than a 429 (e.g. a 503). */
	holdUntil(retryAfterMs: number): void {
		const ra = Math.min(retryAfterMs, this.tuning.maxRetryAfterMs);
		this.notBefore = Math.max(this.notBefore, this.clock.now() + ra);
	}

	/** Requests per minute sent recently (over the last minute, or since the first request). */
	measuredRate(now: number): number {
		const recent = this.sent.filter((t) => now - t < 60_000);
		if (recent.length === 0) return 0;
		const first = recent[0] as number;
		const span = Math.max(now - first, 5_000);
		return (recent.length / Math.min(span, 60_000)) * 60_000;
	}

	private cut(now: number): void {
		if (this.fixed || now - this.lastCut < this.tuning.cutWindowMs) return;
		const measured = this.measuredRate(now);
		const base = this.rate === null ? measured : Math.min(this.rate, Math.max(measured, this.tuning.minRate));
		this.rateBeforeCut = Math.max(base, this.tuning.minRate);
		this.rate = Math.max(this.tuning.minRate, this.tuning.beta * base);
		this.lastCut = now;
		this.lastGrow = now;
		this.tat = Math.max(this.tat, now);
	}

	private grow(now: number): void {
		if (this.fixed || this.rate === null) return;
		const minutes = Math.floor((now - this.lastGrow) / 60_000);
		if (minutes <= 0) return;
		this.lastGrow += minutes * 60_000;
		this.rate += minutes * Math.max(1, 0.1 * this.rateBeforeCut);
		if (this.rate >= 2 * this.rateBeforeCut) this.rate = null;
	}
}
