/**
 * Request-rate control shared by every request to one provider key.
 *
 * - "Not before" holds set from Retry-After, scoped to what they limit: a hold on
 *   `create` (a capacity 429 on a create) delays only creates; a hold on `all` (a
 *   rate 429, a 503 with Retry-After) delays every request. No request is sent
 *   inside a hold that covers it. When a hold ends, requests resume one interval
 *   apart instead of all at once.
 * - A GCRA token bucket whose rate is unlimited until the provider pushes back
 *   (or fixed by the user). A 429 with Retry-After, or rate 429s that are both
 *   repeated and a real share of recent requests, cut the rate to β × the rate
 *   that was being sent (the larger of the last 10 s and the last minute), at most
 *   once per cut window; once a limit is known, one bare 429 while sending near it
 *   is enough. After a cut the next request waits one interval (no burst). Each
 *   minute in which the rate held a request back and no rate signal came, it grows
 *   back quickly towards 90 % of the pre-cut rate (the 429 showed that rate was too
 *   high), then slowly beyond it (a plateau, as in CUBIC); it is
 *   never lifted again. Minutes in which the rate held nothing back do not count.
 * - One budget, spent where it helps: while the rate holds requests back, the next
 *   free slot goes to the waiting request with the highest priority (the engine
 *   ranks creates into free slots and polls of the jobs most likely done first).
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
	maxRetryAfterMs: 60 * 60_000,
	cautiousMs: 60_000,
	recoverPerMinute: 0.3,
	probePerMinute: 0.05,
};

/** What a hold covers: creates only, or every request. */
export type HoldScope = "create" | "all";

export interface AcquireOptions {
	/** Creates wait for create holds as well as global ones. Default false. */
	create?: boolean;
	/** Higher goes first while the rate holds requests back; read when a slot frees. */
	priority?: () => number;
}

interface Waiter {
	seq: number;
	create: boolean;
	track: boolean;
	priority?: () => number;
	resolve: () => void;
	reject: (err: Error) => void;
	signal?: AbortSignal;
	onAbort?: () => void;
}

const SENT_KEEP = 1024;

export class RateGate {
	/** No request before this instant (epoch ms). */
	private holdAll = 0;
	/** No create before this instant (epoch ms). */
	private holdCreate = 0;
	/** Requests per minute, or null for unlimited. */
	private rate: number | null;
	private readonly fixed: boolean;
	private tat = 0;
	/** Send times, a ring of the last SENT_KEEP. */
	private sent: number[] = [];
	private sentHead = 0;
	private lastCut = -Infinity;
	private rateBeforeCut = 0;
	private lastGrow = 0;
	private noHint: number[] = [];
	private noHintStreak = 0;
	private outstanding = 0;
	/** A request had to wait for the rate since the last growth step (the limit binds). */
	private bound = false;
	private cautiousUntil = -Infinity;
	private waiters: Waiter[] = [];
	private seq = 0;
	private timer: { at: number; ctl: AbortController } | null = null;
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

	/** The end of the hold on every request (epoch ms; 0 when none was set). */
	get notBefore(): number {
		return this.holdAll;
	}

	/** The end of the hold that applies to creates. */
	createHoldUntil(): number {
		return Math.max(this.holdAll, this.holdCreate);
	}

	/** Current rate in requests/minute, or null when unlimited. */
	currentRate(): number | null {
		return this.rate === null ? null : Math.round(this.rate * 10) / 10;
	}

	/** True while only one request may be on the wire. */
	cautious(now = this.clock.now()): boolean {
		return now < this.cautiousUntil;
	}

	/** The longest Retry-After honoured. */
	currentMaxRetryAfter(): number {
		return this.tuning.maxRetryAfterMs;
	}

	/** Requests waiting for permission. */
	waiting(): number {
		return this.waiters.length;
	}

	/** True when the rate is what holds requests back now (some wait, no hold covers them). */
	binding(): boolean {
		return this.rate !== null && this.waiters.length > 0;
	}

	/** Waits for permission to send one request (not tracked as outstanding). */
	async acquire(signal?: AbortSignal, o: AcquireOptions = {}): Promise<void> {
		await this.enqueue(signal, false, o);
	}

	/**
	 * Waits for permission to send one request and counts it as on the wire until
	 * the returned release is called (after its answer, or its failure).
	 */
	async acquireSlot(signal?: AbortSignal, o: AcquireOptions = {}): Promise<() => void> {
		await this.enqueue(signal, true, o);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.outstanding--;
			if (this.waiters.length) this.pump();
		};
	}

	private enqueue(signal: AbortSignal | undefined, track: boolean, o: AcquireOptions): Promise<void> {
		if (signal?.aborted) return Promise.reject(abortError());
		return new Promise<void>((resolve, reject) => {
			const w: Waiter = { seq: this.seq++, create: o.create === true, track, priority: o.priority, resolve, reject, signal };
			if (signal) {
				w.onAbort = () => {
					this.waiters = this.waiters.filter((x) => x !== w);
					reject(abortError());
				};
				signal.addEventListener("abort", w.onAbort, { once: true });
			}
			this.waiters.push(w);
			this.pump();
		});
	}

	private holdOf(w: Waiter): number {
		return w.create ? Math.max(this.holdAll, this.holdCreate) : this.holdAll;
	}

	/** Grants every request that may go now, by priority; sets one timer for the next chance. */
	private pump(): void {
		const now = this.clock.now();
		this.grow(now);
		let wake = Infinity;
		for (;;) {
			let best: Waiter | undefined;
			let bestP = -Infinity;
			let blockedByCaution = false;
			for (const w of this.waiters) {
				const hold = this.holdOf(w);
				if (hold > now) {
					wake = Math.min(wake, hold);
					continue;
				}
				if (w.track && this.outstanding > 0 && this.cautious(now)) {
					blockedByCaution = true;
					continue;
				}
				const p = w.priority ? w.priority() : 0;
				if (!best || p > bestP) {
					best = w;
					bestP = p;
				}
			}
			if (!best) {
				// Caution ends on a release (pump runs then) or at its deadline.
				if (blockedByCaution) wake = Math.min(wake, this.cautiousUntil);
				break;
			}
			let interval = 0;
			if (this.rate !== null) {
				interval = 60_000 / this.rate;
				const t = Math.max(now, this.tat - (this.tuning.burst - 1) * interval);
				if (t > now) {
					this.bound = true;
					wake = Math.min(wake, t);
					break;
				}
			}
			this.tat = Math.max(this.tat, now) + interval;
			this.recordSent(now);
			if (best.track) this.outstanding++;
			this.waiters = this.waiters.filter((x) => x !== best);
			if (best.signal && best.onAbort) best.signal.removeEventListener("abort", best.onAbort);
			best.resolve();
		}
		this.arm(wake, now);
	}

	private arm(at: number, now: number): void {
		if (this.timer && this.timer.at <= at && this.timer.at > now) return;
		this.timer?.ctl.abort();
		this.timer = null;
		if (!Number.isFinite(at) || this.waiters.length === 0) return;
		const ctl = new AbortController();
		const timer = { at, ctl };
		this.timer = timer;
		this.clock.sleep(Math.max(0, at - now), ctl.signal).then(
			() => {
				if (this.timer === timer) this.timer = null;
				this.pump();
			},
			() => undefined,
		);
	}

	private recordSent(now: number): void {
		if (this.sent.length < SENT_KEEP) this.sent.push(now);
		else {
			this.sent[this.sentHead] = now;
			this.sentHead = (this.sentHead + 1) % SENT_KEEP;
		}
	}

	/** Any response that was not a rate 429. */
	onOk(): void {
		this.noHintStreak = 0;
	}

	/**
	 * A rate-class 429: a limit on every request. Returns how long the caller
	 * should wait before retrying this request.
	 */
	onRateLimited(retryAfterMs: number | undefined): number {
		const now = this.clock.now();
		if (retryAfterMs !== undefined && retryAfterMs >= 0) {
			const ra = Math.min(retryAfterMs, this.tuning.maxRetryAfterMs);
			this.holdAll = Math.max(this.holdAll, now + ra);
			this.cut(now, 0.9);
			this.cautiousUntil = Math.max(this.cautiousUntil, this.holdAll + this.tuning.cautiousMs);
			this.resumePaced();
			return ra;
		}
		this.noHintStreak++;
		this.noHint = this.noHint.filter((t) => now - t < this.tuning.noHintWindowMs);
		this.noHint.push(now);
		// A limit is already known and we were sending close to it: this one 429 says
		// the limit is lower still (a spurious 429 comes when we send far below it).
		const near = this.rate !== null && !this.fixed && this.measuredRate(now) >= 0.8 * this.rate;
		if (near || this.noHint.length >= this.tuning.noHintThreshold) {
			let requests = 0;
			for (const t of this.sent) if (now - t < this.tuning.noHintWindowMs) requests++;
			if (near || this.noHint.length >= this.tuning.noHintShare * requests) {
				this.cut(now, 0.9);
				this.cautiousUntil = Math.max(this.cautiousUntil, now + this.tuning.cautiousMs);
				this.noHint = [];
			}
		}
		return fullJitter(this.random, this.noHintStreak, 1000, 60_000);
	}

	/**
	 * A Retry-After that came with something other than a rate 429: on a capacity
	 * 429 it holds creates only (`create`); on a 503 it holds every request (`all`).
	 * Returns the hold's length as honoured (clamped).
	 */
	holdUntil(retryAfterMs: number, scope: HoldScope = "all"): number {
		const ra = Math.min(Math.max(0, retryAfterMs), this.tuning.maxRetryAfterMs);
		const until = this.clock.now() + ra;
		if (scope === "all") {
			this.holdAll = Math.max(this.holdAll, until);
			this.resumePaced();
		} else {
			this.holdCreate = Math.max(this.holdCreate, until);
		}
		if (this.waiters.length) this.pump();
		return ra;
	}

	/** Requests per minute sent recently: the larger of the last 10 s and the last minute. */
	measuredRate(now: number): number {
		if (this.sent.length === 0) return 0;
		let first = Infinity;
		let short = 0;
		let long = 0;
		for (const t of this.sent) {
			if (t < first) first = t;
			if (now - t < 60_000) long++;
			if (now - t < 10_000) short++;
		}
		const span = Math.min(60_000, Math.max(10_000, now - first));
		return Math.max(short * 6, (long * 60_000) / span);
	}

	/** After a hold: the first request may go at its end, the next ones one interval apart. */
	private resumePaced(): void {
		if (this.rate === null) return;
		const interval = 60_000 / this.rate;
		this.tat = Math.max(this.tat, this.holdAll + (this.tuning.burst - 1) * interval);
	}

	/** `aim`: the share of the rate being sent that regrowth heads back to. */
	private cut(now: number, aim: number): void {
		if (this.fixed || now - this.lastCut < this.tuning.cutWindowMs) return;
		const measured = this.measuredRate(now);
		const base = Math.max(this.tuning.minRate, this.rate === null ? measured : Math.min(this.rate, measured));
		// Hit again before getting back to the last ceiling: the limit is lower than
		// that, so aim the regrowth lower too (CUBIC's fast convergence, RFC 9438 §4.7).
		const below = this.rate !== null && this.rate < this.rateBeforeCut;
		this.rateBeforeCut = below ? Math.max(this.tuning.minRate, (base * (1 + this.tuning.beta)) / 2) : Math.max(this.tuning.minRate, aim * base);
		this.rate = Math.max(this.tuning.minRate, this.tuning.beta * base);
		this.lastCut = now;
		this.lastGrow = now;
		this.cuts++;
		// No burst right after a cut: the next request waits one interval.
		this.tat = Math.max(this.tat, now + (this.tuning.burst * 60_000) / this.rate);
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
		// Once a provider has shown a rate limit it keeps one: the rate grows slowly
		// beyond the last ceiling while it binds, but is not lifted.
		this.rate = this.rate < w ? Math.min(w, this.rate + this.tuning.recoverPerMinute * w) : this.rate + Math.max(1, this.tuning.probePerMinute * w);
	}
}
