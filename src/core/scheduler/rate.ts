/**
 * Request-rate control shared by every request to one provider key.
 *
 * - A global "not before" gate set from Retry-After: no request is sent inside an
 *   advertised window. When the window ends, requests resume one interval apart
 *   instead of all at once.
 * - A GCRA token bucket whose rate is unlimited until the provider pushes back
 *   (or fixed by the user). A 429 with Retry-After, or rate 429s that are both
 *   repeated and a real share of recent requests, cut the rate to β × the rate
 *   that was being sent (the larger of the last 10 s and the last minute), at most
 *   once per cut window. Each minute in which the rate held a request back and no
 *   rate signal came, it grows back quickly to the pre-cut rate, then slowly beyond
 *   it (a plateau, as in CUBIC); it is lifted once it has doubled. Minutes in which
 *   the rate held nothing back do not count.
 * - Caution after a rate signal: for `cautiousMs` only one request is on the wire
 *   at a time, so a second 429 cannot find others already in flight behind it.
 */
import { abortError, type Clock } from "../../ports/clock";
import { fullJitter, type Random } from "./random";

export interface RateTuning {
	/** Requests that may go back to back when limited. */
	burst: number;
	/** Lowest rate the limiter will cut to (requests/minute). */
	minRate: number;
	/** Multiplicative cut on a rate signal. */
	beta: number;
	/** No second cut within this window (ms). */
	cutWindowMs: number;
	/** Rate 429s without Retry-After needed within `noHintWindowMs` to count as a signal… */
	noHintThreshold: number;
	noHintWindowMs: number;
	/** …and the share of that window's requests they must be (spurious 429s are not a rate limit). */
	noHintShare: number;
	/** Longest Retry-After honoured (longer values are clamped, and reported). */
	maxRetryAfterMs: number;
	/** After a rate signal, one request on the wire at a time for this long. */
	cautiousMs: number;
	/** Growth per quiet minute up to the pre-cut rate, as a share of it. */
	recoverPerMinute: number;
	/** Growth per quiet minute above the pre-cut rate, as a share of it. */
	probePerMinute: number;
}

export const DEFAULT_RATE_TUNING: RateTuning = {
	burst: 4,
	minRate: 6,
	beta: 0.7,
	cutWindowMs: 10_000,
	noHintThreshold: 4,
	noHintWindowMs: 30_000,
	noHintShare: 0.2,
	maxRetryAfterMs: 10 * 60_000,
	cautiousMs: 60_000,
	recoverPerMinute: 0.3,
	probePerMinute: 0.05,
};

/** Resolves waiters when a request finishes. */
class Notifier {
	private waiters: Array<() => void> = [];
	wait(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(abortError());
		return new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				this.waiters = this.waiters.filter((w) => w !== done);
				reject(abortError());
			};
			const done = () => {
				signal?.removeEventListener("abort", onAbort);
				resolve();
			};
			this.waiters.push(done);
			signal?.addEventListener("abort", onAbort, { once: true });
		});
	}
	notify(): void {
		const w = this.waiters;
		this.waiters = [];
		for (const resolve of w) resolve();
	}
}

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
	private outstanding = 0;
	/** A request had to wait for the rate since the last growth step (the limit binds). */
	private bound = false;
	private cautiousUntil = -Infinity;
	private readonly finished = new Notifier();
	/** Rate cuts so far, for reporting. */
	cuts = 0;

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

	/** True while only one request may be on the wire. */
	cautious(now = this.clock.now()): boolean {
		return now < this.cautiousUntil;
	}

	/** Waits for permission to send one request (not tracked as outstanding). */
	async acquire(signal?: AbortSignal): Promise<void> {
		await this.take(signal, false);
	}

	/**
	 * Waits for permission to send one request and counts it as on the wire until
	 * the returned release is called (after its answer, or its failure).
	 */
	async acquireSlot(signal?: AbortSignal): Promise<() => void> {
		await this.take(signal, true);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.outstanding--;
			this.finished.notify();
		};
	}

	private async take(signal: AbortSignal | undefined, track: boolean): Promise<void> {
		for (;;) {
			if (signal?.aborted) throw abortError();
			const now = this.clock.now();
			this.grow(now);
			if (track && this.outstanding > 0 && this.cautious(now)) {
				await this.finished.wait(signal);
				continue;
			}
			let t = Math.max(now, this.notBefore);
			let interval = 0;
			if (this.rate !== null) {
				interval = 60_000 / this.rate;
				t = Math.max(t, this.tat - (this.tuning.burst - 1) * interval);
			}
			if (this.rate !== null && t > now && t > this.notBefore) this.bound = true;
			if (t <= now) {
				this.tat = Math.max(this.tat, now) + interval;
				this.sent.push(now);
				if (this.sent.length > 1024) this.sent.splice(0, this.sent.length - 1024);
				if (track) this.outstanding++;
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
			this.cautiousUntil = Math.max(this.cautiousUntil, this.notBefore + this.tuning.cautiousMs);
			this.resumePaced();
			return ra;
		}
		this.noHintStreak++;
		this.noHint = this.noHint.filter((t) => now - t < this.tuning.noHintWindowMs);
		this.noHint.push(now);
		if (this.noHint.length >= this.tuning.noHintThreshold) {
			const requests = this.sent.filter((t) => now - t < this.tuning.noHintWindowMs).length;
			if (this.noHint.length >= this.tuning.noHintShare * requests) {
				this.cut(now);
				this.cautiousUntil = Math.max(this.cautiousUntil, now + this.tuning.cautiousMs);
				this.noHint = [];
			}
		}
		return fullJitter(this.random, this.noHintStreak, 1000, 60_000);
	}

	/** A Retry-After that came with something other than a 429 (e.g. a 503). */
	holdUntil(retryAfterMs: number): void {
		const ra = Math.min(retryAfterMs, this.tuning.maxRetryAfterMs);
		this.notBefore = Math.max(this.notBefore, this.clock.now() + ra);
		this.resumePaced();
	}

	/** Requests per minute sent recently: the larger of the last 10 s and the last minute. */
	measuredRate(now: number): number {
		const first = this.sent[0];
		if (first === undefined) return 0;
		let short = 0;
		let long = 0;
		for (const t of this.sent) {
			if (now - t < 60_000) long++;
			if (now - t < 10_000) short++;
		}
		const span = Math.min(60_000, Math.max(10_000, now - first));
		return Math.max(short * 6, (long * 60_000) / span);
	}

	/** After a hold: the first request may go at `notBefore`, the next ones one interval apart. */
	private resumePaced(): void {
		if (this.rate === null) return;
		const interval = 60_000 / this.rate;
		this.tat = Math.max(this.tat, this.notBefore + (this.tuning.burst - 1) * interval);
	}

	private cut(now: number): void {
		if (this.fixed || now - this.lastCut < this.tuning.cutWindowMs) return;
		const measured = this.measuredRate(now);
		const base = Math.max(this.tuning.minRate, this.rate === null ? measured : Math.min(this.rate, measured));
		// Hit again before getting back to the last ceiling: the limit is lower than
		// that, so aim the regrowth lower too (CUBIC's fast convergence, RFC 9438 §4.7).
		const below = this.rate !== null && this.rate < this.rateBeforeCut;
		this.rateBeforeCut = below ? Math.max(this.tuning.minRate, (base * (1 + this.tuning.beta)) / 2) : base;
		this.rate = Math.max(this.tuning.minRate, this.tuning.beta * base);
		this.lastCut = now;
		this.lastGrow = now;
		this.cuts++;
		this.tat = Math.max(this.tat, now);
	}

	private grow(now: number): void {
		if (this.fixed || this.rate === null) return;
		const minutes = Math.floor((now - this.lastGrow) / 60_000);
		if (minutes <= 0) return;
		this.lastGrow += minutes * 60_000;
		// Grow only while the rate is what holds requests back (as TCP validates its
		// window, RFC 7661): quiet minutes with little demand prove nothing about the
		// provider's limit, and growing through them would overshoot at the next burst.
		if (!this.bound) return;
		this.bound = false;
		// One step per check, however long it has been: the evidence is one bound period.
		const w = this.rateBeforeCut;
		this.rate = this.rate < w ? Math.min(w, this.rate + this.tuning.recoverPerMinute * w) : this.rate + Math.max(1, this.tuning.probePerMinute * w);
		if (this.rate >= 2 * w) this.rate = null;
	}
}
