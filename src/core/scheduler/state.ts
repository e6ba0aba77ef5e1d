/**
 * The state one run of the engine shares between its phases: the controls (limit,
 * rate gate, breaker), the learned durations, the jobs in flight and their poll
 * tracks, stop/abandon, and the events the UI sees. Phases (submit, reconcile,
 * watch, deliver) and the control loop read and change it; nothing else does.
 */
import pLimit from "p-limit";
import type { Clock } from "../../ports/clock";
import type { JobEvent, JobState, StopReason } from "../../ports/events";
import { t, type Said } from "../i18n";
import type { Failure, ProviderContext } from "../providers/types";
import { Breaker, DEFAULT_BREAKER_TUNING } from "./breaker";
import { budget429, probeOk, spent429 } from "./budget";
import { AdaptiveLimit, DEFAULT_ADAPTIVE_TUNING, SafeModeLimit, type LimitPolicy } from "./limit";
import { DurationModel, FIRST_LOOK_MS, presumedDone, type PollTrack, type PollTuning } from "./poll";
import type { Random } from "./random";
import { DEFAULT_RATE_TUNING, RateGate } from "./rate";
import type { EngineJob, EngineOptions, EngineSink, EngineStats, JobOutcome } from "./types";

/** The fields of a job event the engine fills in besides the job and its state. */
export type JobEventExtra = Pick<JobEvent, "progress" | "remoteId" | "requestId" | "message" | "outputPath" | "resumed" | "etaMs" | "failure">;

/** Creates go one at a time unless the provider took as many of ours this recently. */
const FRESH_MS = 60_000;

export class EngineState {
	readonly clock: Clock;
	readonly random: Random;
	readonly policy: LimitPolicy;
	readonly rate: RateGate;
	readonly breaker: Breaker;
	readonly durations = new DurationModel();
	readonly remote: ReturnType<typeof pLimit>;
	readonly deliveries: ReturnType<typeof pLimit>;
	readonly pollTuning: PollTuning;
	readonly outcomes = new Map<string, JobOutcome>();
	/** Poll tracks of the jobs in flight, by job key. */
	readonly tracks = new Map<string, PollTrack>();
	/** Remote ids adopted by a job of this run (a lookup must not adopt them twice). */
	readonly claimed = new Set<string>();
	/** Capacity 429s in a row per job, for the backoff when the limit does not hold the job back. */
	readonly capacityStreak = new Map<string, number>();
	readonly stats: EngineStats = {
		creates: 0,
		accepted: 0,
		resumed: 0,
		polls: 0,
		lookups: 0,
		capacity429: 0,
		rate429: 0,
		outages: 0,
		breakerOpens: 0,
		finalLimit: 0,
	};

	inFlight = 0;
	/** Requests sent (every route, and one per download), for the 429 budget. */
	requests = 0;
	/** Jobs in the run, and jobs whose remote part is over (finished, failed or given back). */
	totalJobs = 0;
	released = 0;
	/** When the last capacity 429 came. */
	lastCapacity429 = -Infinity;
	/** The request count at each of the last jobs' release. */
	readonly releaseMarks: number[] = [];
	readonly startedAt: number;
	/** 429s answered (capacity and rate). */
	answered429 = 0;
	/** Creates on the wire. */
	creating = 0;
	/** Since the last capacity 429 and until a create is accepted: one create on the wire at a time. */
	createCaution = false;
	/** The most jobs the provider ran for us at once, lowered by a capacity 429 to what was in flight. */
	proven = 0;
	/** When the provider last took a job that made `n` of ours in flight, by n. */
	private acceptedAt: number[] = [];
	private createWaiters: Array<() => void> = [];
	/** Creates between their turn and their answer. */
	private turns = 0;
	/**
	 * Jobs that may be in flight above the limit: successors of running jobs about
	 * to finish, kept in the provider's queue (only with a provider that queues).
	 */
	prefetch = 0;
	/** Jobs in flight the provider has most likely finished (see `submitBound`). */
	presumed = 0;
	/** After a capacity 429, nothing is presumed done for a minute. */
	presumeOffUntil = 0;
	/** Some poll has answered with a job's state. */
	sawStatus = false;
	/** Some poll found a job of ours queued at the provider. */
	sawQueued = false;
	/** Jobs of the first wave that got their start jitter. */
	firstWave = 0;
	stopReason: StopReason | null = null;
	stopMessage: string | null = null;
	finished = false;

	private readonly abandonCtl = new AbortController();
	/** Per-wait abort controllers, aborted together on abandon (one listener on the run's signal, not one per wait). */
	private readonly scopes = new Set<AbortController>();
	private lastLimitEvent = "";

	constructor(
		readonly sink: EngineSink,
		readonly opts: EngineOptions,
	) {
		this.clock = opts.clock;
		this.startedAt = this.clock.now();
		this.random = opts.random;
		const c = opts.concurrency;
		const max = Math.max(c.initial, c.max);
		this.policy = c.safeMode ? new SafeModeLimit(c.initial) : new AdaptiveLimit(c.initial, max, { ...DEFAULT_ADAPTIVE_TUNING, ...opts.tuning?.adaptive });
		this.rate = new RateGate(this.clock, this.random, c.requestsPerMinute, { ...DEFAULT_RATE_TUNING, ...opts.tuning?.rate });
		this.breaker = new Breaker(this.clock, this.random, { ...DEFAULT_BREAKER_TUNING, ...opts.tuning?.breaker }, () => this.emitLimit(true));
		this.remote = pLimit(this.policy.current(this.clock.now()));
		this.deliveries = pLimit(Math.max(1, c.downloads));
		const minIntervalMs = opts.polling.minIntervalSeconds * 1000;
		this.pollTuning = {
			firstPollMinMs: opts.tuning?.firstPollMinMs ?? FIRST_LOOK_MS,
			minIntervalMs,
			maxIntervalMs: opts.polling.maxIntervalSeconds * 1000,
		};
	}

	// ----- stop and abandon ----------------------------------------------------

	stop(reason: StopReason, message: string): void {
		if (this.stopReason) return;
		this.stopReason = reason;
		this.stopMessage = message;
		this.opts.progress?.emit({ type: "stop", at: this.clock.now(), reason, message });
	}

	abandon(reason: StopReason, message: string): void {
		this.stop(reason, message);
		if (!this.abandonCtl.signal.aborted) this.abandonCtl.abort();
		for (const c of [...this.scopes]) c.abort();
		this.scopes.clear();
		this.wakeCreates();
	}

	get abandoned(): boolean {
		return this.abandonCtl.signal.aborted;
	}

	get abandonSignal(): AbortSignal {
		return this.abandonCtl.signal;
	}

	/** A signal that aborts when the run is abandoned; call `done` when the wait is over. */
	scope(): { signal: AbortSignal; done: () => void } {
		const ctl = new AbortController();
		if (this.abandoned) ctl.abort();
		else this.scopes.add(ctl);
		return { signal: ctl.signal, done: () => this.scopes.delete(ctl) };
	}

	/** Like `scope`, plus `wake`: abort the wait early without abandoning anything. */
	wakeableScope(): { signal: AbortSignal; done: () => void; wake: () => void } {
		const ctl = new AbortController();
		if (this.abandoned) ctl.abort();
		else this.scopes.add(ctl);
		return { signal: ctl.signal, done: () => this.scopes.delete(ctl), wake: () => ctl.abort() };
	}

	async sleep(ms: number): Promise<void> {
		const s = this.scope();
		try {
			await this.clock.sleep(ms, s.signal);
		} finally {
			s.done();
		}
	}

	/** The one message for a model the provider no longer serves. */
	retiredMessage(job: EngineJob, f: Failure): string {
		return t("run.stop.retired", { provider: this.opts.provider, model: job.input.model, said: f.message });
	}

	/** The context for one request: a fresh `now` every time (Kling's JWT must not reuse the run's start). */
	ctxNow(): ProviderContext {
		return { ...this.opts.ctx, now: this.clock.now() };
	}

	redact(err: unknown): string {
		return this.opts.ctx.redact(err instanceof Error ? err.message : String(err));
	}

	// ----- limit ---------------------------------------------------------------

	/**
	 * Jobs allowed in flight: the limit, plus the successors kept queued ahead, plus
	 * the jobs the provider has most likely finished though no poll has seen it yet
	 * (their slots there are free: a create need not wait for the poll).
	 */
	submitBound(now = this.clock.now()): number {
		return this.policy.current(now) + this.prefetch + this.presumed;
	}

	/** Recounts the jobs presumed done (see `presumedDone`), at most the limit. */
	private countPresumed(now: number): void {
		// A provider that queues runs a successor the moment a slot frees anyway (see prefetch).
		// A wrong guess costs a 429: only while the 429 budget lasts.
		if (now < this.presumeOffUntil || this.policy.queues?.() === true || budget429(this) - spent429(this) < 1) {
			this.presumed = 0;
			return;
		}
		let n = 0;
		for (const t of this.tracks.values()) if (presumedDone(t, now, this.durations)) n++;
		this.presumed = Math.min(n, this.policy.current(now));
	}

	/** May the limit probe now (see budget.ts)? */
	probeOk(now = this.clock.now()): boolean {
		return probeOk(this, now);
	}

	/** A job's remote part is over. */
	releaseOne(): void {
		this.released++;
		this.releaseMarks.push(this.requests);
		if (this.releaseMarks.length > 21) this.releaseMarks.shift();
	}

	/** A free slot for one more create (counting creates on the wire). */
	slotFree(now = this.clock.now()): boolean {
		return this.inFlight + this.creating < this.submitBound(now);
	}

	syncLimit(): void {
		this.countPresumed(this.clock.now());
		const bound = this.submitBound();
		if (this.remote.concurrency !== bound) this.remote.concurrency = bound;
		this.emitLimit(false);
	}

	/**
	 * Waits while creates go one at a time and one is on the wire: above the most
	 * the provider has proven to run for us at once (probes, slow start), and after
	 * a capacity 429 until a create is accepted. A refusal then costs one 429, not
	 * one per create already on the wire behind it.
	 */
	async createTurn(): Promise<void> {
		// Also at a level of jobs in flight the provider has not taken lately: the
		// capacity may have dropped unseen since, and several slots that free at once
		// would all be refused.
		for (;;) {
			const level = this.inFlight - this.presumed + this.turns;
			if (this.turns === 0 || this.abandoned) break;
			if (!this.createCaution && level < this.proven && this.confirmed(level + 1)) break;
			await new Promise<void>((resolve) => this.createWaiters.push(resolve));
		}
		this.turns++;
	}

	/** The provider took a job at this level of ours in flight within `FRESH_MS`. */
	private confirmed(level: number): boolean {
		return this.clock.now() - (this.acceptedAt[level] ?? -Infinity) <= FRESH_MS;
	}

	/** A create's turn is over (answered, or not sent). */
	createDone(): void {
		this.turns = Math.max(0, this.turns - 1);
		const w = this.createWaiters;
		this.createWaiters = [];
		for (const resolve of w) resolve();
	}

	private wakeCreates(): void {
		const w = this.createWaiters;
		this.createWaiters = [];
		for (const resolve of w) resolve();
	}

	/** A create (or a lookup) found the job's task: it is in flight now. */
	adopt(job: EngineJob, taskId: string): void {
		this.createCaution = false;
		this.inFlight++;
		// What the provider runs for us: not the jobs it has most likely finished.
		const running = Math.max(1, this.inFlight - this.presumed);
		this.acceptedAt[running] = this.clock.now();
		this.proven = Math.max(this.proven, running);
		this.stats.accepted++;
		this.claimed.add(taskId);
		this.capacityStreak.delete(job.key);
		this.policy.onAccepted(this.clock.now(), running);
		this.syncLimit();
	}

	// ----- events --------------------------------------------------------------

	emitLimit(force: boolean): void {
		const now = this.clock.now();
		const snap = this.policy.snapshot(now);
		const ev = {
			type: "limit" as const,
			at: now,
			provider: this.opts.provider,
			limit: snap.limit,
			inFlight: this.inFlight,
			breaker: this.breaker.current,
			rate: this.rate.currentRate(),
			safeMode: snap.safeMode,
		};
		const sig = `${ev.limit}|${ev.inFlight}|${ev.breaker}|${ev.rate}|${ev.safeMode}`;
		if (!force && sig === this.lastLimitEvent) return;
		this.lastLimitEvent = sig;
		this.opts.progress?.emit(ev);
	}

	emitJob(job: EngineJob, state: JobState, extra: JobEventExtra = {}): void {
		this.opts.progress?.emit({
			type: "job",
			at: this.clock.now(),
			key: job.key,
			notePath: job.notePath,
			shotId: job.shotId,
			take: job.take,
			state,
			expectedMs: this.durations.expected(job.durationKey, job.expectedMs),
			expectedLearned: this.durations.window(job.durationKey) !== null,
			...(extra.failure ? { provider: this.opts.provider } : {}),
			...extra,
		});
	}

	/** Tell the user something once (redacted by the caller). */
	warn(message: Said): void {
		this.sink.warn?.(message);
	}
}
