/**
 * The scheduler: runs jobs through submit → poll → deliver (download, write,
 * patch) against one provider key, with three separate controls:
 *  - the adaptive limit on remote jobs in flight (p-limit is the actuator),
 *  - the request-rate gate and Retry-After window shared by every request,
 *  - a small fixed limit on concurrent deliveries (requestUrl buffers whole files).
 * With a provider that queues instead of rejecting, a few successors of jobs about
 * to finish are submitted ahead so they start the instant a slot frees.
 * Outages trip a breaker; quota and auth stop the run; 429s and 5xx never fail a
 * job. Only invalid and policy failures do, and they are never retried.
 * An ambiguous create (502/504/timeout) is reconciled by lookup, never blindly
 * re-sent. Time comes only from the injected clock.
 */
import pLimit from "p-limit";
import { abortError, isAbortError, type Clock } from "../../ports/clock";
import { HttpTransportError, type HttpPort, type HttpRequest, type HttpResponse } from "../../ports/http";
import type { ProgressPort } from "../../ports/progress";
import type { JobState, StopReason } from "../events";
import type {
	CreateOutcome,
	DownloadRequest,
	LookupOutcome,
	PollOutcome,
	Failure,
	ProviderAdapter,
	ProviderContext,
	RemoteState,
	ResponseMeta,
	VideoJobInput,
} from "../providers/types";
import { Breaker, DEFAULT_BREAKER_TUNING, type BreakerTuning } from "./breaker";
import { AdaptiveLimit, DEFAULT_ADAPTIVE_TUNING, SafeModeLimit, type AdaptiveTuning, type LimitPolicy } from "./limit";
import { DurationModel, eta, firstDelay, newTrack, nextDelay, observe, type PollTrack, type PollTuning } from "./poll";
import { fullJitter, uniform, type Random } from "./random";
import { DEFAULT_RATE_TUNING, RateGate, type RateTuning } from "./rate";

export interface EngineJob {
	key: string;
	notePath: string;
	shotId: string;
	take: number;
	input: VideoJobInput;
	/** Groups jobs whose durations are learned together (provider/model/seconds/pro). */
	durationKey: string;
	expectedMs: number;
	/** Longest wait once running. */
	maxWaitMs: number;
	/** Continue a job the journal knows about instead of submitting it. */
	resume?:
		| { kind: "poll"; remoteId: string }
		| { kind: "ambiguous"; since: number }
		| { kind: "deliver"; remoteId: string; download: DownloadRequest };
}

export type DeliverResult =
	| { ok: true; outputPath: string }
	| { ok: false; kind: "failed" | "expired"; message: string };

export interface DeliverControl {
	signal: AbortSignal;
	refresh(): Promise<DownloadRequest | null>;
}

export type StopDecision = { reason: StopReason; message: string } | null;

/** What the engine calls so the runner can journal, download and patch. */
export interface EngineSink {
	/** Just before a create: final input (e.g. reference bytes), or throws to fail the job. */
	prepare?(job: EngineJob): Promise<VideoJobInput>;
	/** Budget check before each create. */
	allowSubmit?(job: EngineJob): StopDecision;
	/** Journal "about to submit"; awaited before the POST is sent. */
	submitting(job: EngineJob): Promise<void>;
	submitted(job: EngineJob, remoteId: string, requestId: string | undefined): Promise<void>;
	unknown(job: EngineJob, message: string): Promise<void>;
	failed(job: EngineJob, failure: Failure, remoteId: string | undefined): Promise<void>;
	timedOut(job: EngineJob, remoteId: string, message: string): Promise<void>;
	/**
	 * Download, verify, write and patch. Runs under the delivery limit. `refresh`
	 * asks the provider again for the finished task (a free GET through the same
	 * rate gate) to get a fresh download URL; null when the task is gone.
	 */
	deliver(job: EngineJob, remoteId: string, download: DownloadRequest, ctl: DeliverControl): Promise<DeliverResult>;
	/** Anything the user should see (e.g. a Retry-After longer than we honour). */
	warn?(message: string): void;
}

export interface EngineOptions {
	provider: string;
	adapter: ProviderAdapter;
	ctx: ProviderContext;
	http: HttpPort;
	clock: Clock;
	progress?: ProgressPort;
	random?: Random;
	concurrency: { initial: number; max: number; safeMode: boolean; requestsPerMinute: number | null; downloads: number };
	polling: { minIntervalSeconds: number; maxIntervalSeconds: number };
	jitter: { minMs: number; maxMs: number };
	requestTimeoutMs?: number;
	/** Stop submitting (cancel). Jobs already submitted keep polling and are delivered. */
	signal?: AbortSignal;
	/** Stop everything now (abandon). Submitted jobs stay in the journal for resume. */
	abandonSignal?: AbortSignal;
	tuning?: {
		rate?: Partial<RateTuning>;
		breaker?: Partial<BreakerTuning>;
		adaptive?: Partial<AdaptiveTuning>;
		firstPollMinMs?: number;
		tickMs?: number;
		backlogMs?: number;
		/**
		 * With a provider that queues: a running job expected to finish within this
		 * many ms may have its successor submitted ahead, so it waits in the
		 * provider's queue and starts the instant the slot frees. Default 20 s.
		 */
		prefetchLeadMs?: number;
		/** Most successors submitted ahead at once, as a share of the limit (rounded up, at least 1). Default 0.5; 0 disables. */
		prefetchShare?: number;
	};
}

export type JobOutcome =
	| { kind: "done"; outputPath: string }
	| { kind: "failed"; message: string }
	| { kind: "unknown"; message: string }
	| { kind: "timed-out"; remoteId: string }
	| { kind: "expired"; message: string }
	| { kind: "cancelled" }
	| { kind: "abandoned"; remoteId?: string };

export interface EngineResult {
	outcomes: Map<string, JobOutcome>;
	stopped: StopReason | null;
	stopMessage: string | null;
	stats: {
		creates: number;
		accepted: number;
		resumed: number;
		polls: number;
		lookups: number;
		capacity429: number;
		rate429: number;
		outages: number;
		breakerOpens: number;
		finalLimit: number;
		/** Times the request rate was cut (optional for older readers). */
		rateCuts?: number;
	};
}

type RemoteResult =
	| { kind: "requeue" }
	| { kind: "deliver"; remoteId: string; download: DownloadRequest }
	| { kind: "end"; outcome: JobOutcome };

const NO_META: ResponseMeta = { status: 0 };

/** Permission to send one request: whether it is the breaker's probe, and the rate slot to give back. */
interface Ticket {
	probe: boolean;
	release: () => void;
}

/** Statuses after which a create definitely did not produce a task. */
function createDefinitelyRejected(f: Failure): boolean {
	return f.cls !== "outage" || f.status === 503 || f.status === 429;
}

export async function runEngine(jobs: EngineJob[], sink: EngineSink, opts: EngineOptions): Promise<EngineResult> {
	const engine = new Engine(jobs, sink, opts);
	return engine.run();
}

class Engine {
	private readonly clock: Clock;
	private readonly random: Random;
	private readonly policy: LimitPolicy;
	private readonly rate: RateGate;
	private readonly breaker: Breaker;
	private readonly durations = new DurationModel();
	private readonly remote: ReturnType<typeof pLimit>;
	private readonly deliveries: ReturnType<typeof pLimit>;
	private readonly abandonCtl = new AbortController();
	private readonly pollTuning: PollTuning;
	private readonly outcomes = new Map<string, JobOutcome>();
	private readonly tracks = new Map<string, PollTrack>();
	private readonly claimed = new Set<string>();
	/** Capacity 429s in a row per job, for the backoff when the limit does not hold the job back. */
	private readonly capacityStreak = new Map<string, number>();
	/** Per-wait abort controllers, aborted together on abandon (one listener on the run's signal, not one per wait). */
	private readonly scopes = new Set<AbortController>();

	private inFlight = 0;
	/**
	 * Jobs that may be in flight above the limit: successors of running jobs about
	 * to finish, kept in the provider's queue (only with a provider that queues).
	 */
	private prefetch = 0;
	/** Some poll has answered with a job's state. */
	private sawStatus = false;
	private creating = 0;
	private firstWave = 0;
	private stopReason: StopReason | null = null;
	private stopMessage: string | null = null;
	private finished = false;
	private lastLimitEvent = "";
	private readonly stats: EngineResult["stats"] = {
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

	constructor(
		private readonly jobs: EngineJob[],
		private readonly sink: EngineSink,
		private readonly opts: EngineOptions,
	) {
		this.clock = opts.clock;
		this.random = opts.random ?? Math.random;
		const c = opts.concurrency;
		const max = Math.max(c.initial, c.max);
		this.policy = c.safeMode
			? new SafeModeLimit(c.initial)
			: new AdaptiveLimit(c.initial, max, { ...DEFAULT_ADAPTIVE_TUNING, ...opts.tuning?.adaptive });
		this.rate = new RateGate(this.clock, this.random, c.requestsPerMinute, { ...DEFAULT_RATE_TUNING, ...opts.tuning?.rate });
		this.breaker = new Breaker(this.clock, this.random, { ...DEFAULT_BREAKER_TUNING, ...opts.tuning?.breaker }, () =>
			this.emitLimit(true),
		);
		this.remote = pLimit(this.policy.current(this.clock.now()));
		this.deliveries = pLimit(Math.max(1, c.downloads));
		this.pollTuning = {
			firstPollMinMs: opts.tuning?.firstPollMinMs ?? 15_000,
			minIntervalMs: opts.polling.minIntervalSeconds * 1000,
			maxIntervalMs: opts.polling.maxIntervalSeconds * 1000,
		};
		opts.abandonSignal?.addEventListener("abort", () => this.abandon("abandon", "Abandoned by the user."), { once: true });
		opts.signal?.addEventListener("abort", () => this.stop("cancel", "Cancelled: no new shots are submitted; submitted ones finish."), {
			once: true,
		});
	}

	async run(): Promise<EngineResult> {
		if (this.opts.abandonSignal?.aborted) this.abandon("abandon", "Abandoned by the user.");
		if (this.opts.signal?.aborted) this.stop("cancel", "Cancelled before start.");
		this.emitLimit(true);
		const ticker = this.tickLoop();
		await Promise.all(this.jobs.map((job) => this.runJob(job)));
		this.finished = true;
		await ticker;
		this.stats.breakerOpens = this.breaker.opens;
		this.stats.finalLimit = this.policy.current(this.clock.now());
		this.stats.rateCuts = this.rate.cuts;
		return { outcomes: this.outcomes, stopped: this.stopReason, stopMessage: this.stopMessage, stats: this.stats };
	}

	// ----- control -------------------------------------------------------------

	private stop(reason: StopReason, message: string): void {
		if (this.stopReason) return;
		this.stopReason = reason;
		this.stopMessage = message;
		this.opts.progress?.emit({ type: "stop", at: this.clock.now(), reason, message });
	}

	/** The one message for a model the provider no longer serves. */
	private retiredMessage(job: EngineJob, f: Failure): string {
		return `Stopped ${this.opts.provider}: model ${job.input.model} is no longer available there (${f.message}). No more shots are sent to ${this.opts.provider} in this run; choose a live model (cineflow models) and run again.`;
	}

	private abandon(reason: StopReason, message: string): void {
		this.stop(reason, message);
		if (!this.abandonCtl.signal.aborted) this.abandonCtl.abort();
		for (const c of [...this.scopes]) c.abort();
		this.scopes.clear();
	}

	/** A signal that aborts when the run is abandoned; call `done` when the wait is over. */
	private scope(): { signal: AbortSignal; done: () => void } {
		const ctl = new AbortController();
		if (this.abandoned) ctl.abort();
		else this.scopes.add(ctl);
		return { signal: ctl.signal, done: () => this.scopes.delete(ctl) };
	}

	private async sleep(ms: number): Promise<void> {
		const s = this.scope();
		try {
			await this.clock.sleep(ms, s.signal);
		} finally {
			s.done();
		}
	}

	private get abandoned(): boolean {
		return this.abandonCtl.signal.aborted;
	}

	private async tickLoop(): Promise<void> {
		const tickMs = this.opts.tuning?.tickMs ?? 1000;
		const backlogMs = this.opts.tuning?.backlogMs ?? 60_000;
		while (!this.finished && !this.abandoned) {
			try {
				await this.clock.sleep(tickMs, this.abandonCtl.signal);
			} catch {
				return;
			}
			const now = this.clock.now();
			const waiting = this.remote.pendingCount > 0 || this.creating > 0;
			const limit = this.policy.current(now);
			// No probing while the breaker is not closed: an outage says nothing about capacity.
			// Nor before any job's status is known: acceptance alone may only mean queued.
			const bound = waiting && this.inFlight >= limit && !this.stopReason && this.breaker.current === "closed" && this.sawStatus;
			let backlog = false;
			for (const t of this.tracks.values()) {
				if (t.lastQueued && now - t.submittedAt > backlogMs) backlog = true;
			}
			this.policy.tick(now, bound, backlog);
			this.prefetch = this.prefetchFor(now);
			this.syncLimit();
		}
	}

	/**
	 * How many successors to keep in the provider's queue ahead of time. Only once
	 * the provider has been seen to queue (a rejecting provider would answer them
	 * with capacity 429s), only for running jobs whose ETA (from their progress, or
	 * the learned duration) is within the lead, and never more than a share of the
	 * limit. A job past its ETA stops counting, so a slower provider does not
	 * collect a long queue of ours.
	 */
	private prefetchFor(now: number): number {
		if (!this.policy.queues?.() || this.stopReason || this.breaker.current !== "closed") return 0;
		const share = this.opts.tuning?.prefetchShare ?? 0.5;
		if (!(share > 0)) return 0;
		const leadMs = this.opts.tuning?.prefetchLeadMs ?? 20_000;
		const cap = Math.max(1, Math.ceil(share * this.policy.current(now)));
		let soon = 0;
		for (const t of this.tracks.values()) {
			if (t.runningSince === null || t.lastQueued) continue;
			const left = eta(t, now);
			if (left !== null && left <= leadMs) soon++;
		}
		return Math.min(cap, soon);
	}

	/** Jobs allowed in flight: the limit plus the successors kept queued ahead. */
	private submitBound(now: number): number {
		return this.policy.current(now) + this.prefetch;
	}

	private syncLimit(): void {
		const bound = this.submitBound(this.clock.now());
		if (this.remote.concurrency !== bound) this.remote.concurrency = bound;
		this.emitLimit(false);
	}

	private emitLimit(force: boolean): void {
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

	private emitJob(job: EngineJob, state: JobState, extra: { progress?: number; remoteId?: string; requestId?: string; message?: string; outputPath?: string; resumed?: boolean; etaMs?: number } = {}): void {
		this.opts.progress?.emit({
			type: "job",
			at: this.clock.now(),
			key: job.key,
			notePath: job.notePath,
			shotId: job.shotId,
			take: job.take,
			state,
			...extra,
		});
	}

	// ----- requests ------------------------------------------------------------

	/**
	 * Waits for the breaker and the rate gate. The ticket says whether this request
	 * is the breaker's probe; its rate slot must be released once the answer is in.
	 */
	private async permit(): Promise<Ticket> {
		const s = this.scope();
		try {
			for (;;) {
				const probe = await this.breaker.pass(s.signal);
				let release: () => void;
				try {
					release = await this.rate.acquireSlot(s.signal);
				} catch (err) {
					if (probe) this.breaker.releaseProbe();
					throw err;
				}
				if (probe || this.breaker.current === "closed") return { probe, release };
				release();
			}
		} finally {
			s.done();
		}
	}

	/** A ticket that will not be used. */
	private unused(ticket: Ticket): void {
		ticket.release();
		if (ticket.probe) this.breaker.releaseProbe();
	}

	/** Sends one request on a ticket; the ticket's rate slot is released when the answer is in. */
	private async send(ticket: Ticket, req: HttpRequest): Promise<HttpResponse | HttpTransportError> {
		const timed: HttpRequest = { ...req, timeoutMs: req.timeoutMs ?? this.opts.requestTimeoutMs ?? 60_000 };
		const s = this.scope();
		try {
			return await this.opts.http.request(timed, s.signal);
		} catch (err) {
			if (isAbortError(err) || this.abandoned) throw abortError();
			if (err instanceof HttpTransportError) return err;
			const msg = err instanceof Error ? err.message : String(err);
			return new HttpTransportError("network", this.opts.ctx.redact(msg));
		} finally {
			s.done();
			ticket.release();
		}
	}

	private transportFailure(route: string, err: HttpTransportError): Failure {
		return {
			cls: "outage",
			message: `${this.opts.provider} ${route}: ${err.kind === "timeout" ? "timed out" : "connection failed"} (${this.opts.ctx.redact(err.message)})`,
		};
	}

	private emitRequest(route: "create" | "poll" | "lookup", job: EngineJob, status: number | "error", requestId?: string, message?: string): void {
		this.opts.progress?.emit({ type: "request", at: this.clock.now(), provider: this.opts.provider, route, key: job.key, status, requestId, message });
	}

	/**
	 * Applies a failure's effect on the shared controls. Returns how long this
	 * request's caller should wait before trying again (for retryable classes).
	 */
	private absorb(f: Failure, probe: boolean, attempt: number): number {
		if (f.cls === "outage") {
			this.stats.outages++;
			this.breaker.onFailure(probe);
			if (f.retryAfterMs !== undefined) this.rate.holdUntil(f.retryAfterMs);
			return fullJitter(this.random, attempt, 1000, 30_000);
		}
		this.breaker.onSuccess(probe);
		if (f.cls === "rate" || f.cls === "capacity") {
			if (f.cls === "rate") this.stats.rate429++;
			else this.stats.capacity429++;
			if (f.retryAfterMs !== undefined && f.retryAfterMs > DEFAULT_RATE_TUNING.maxRetryAfterMs) {
				this.sink.warn?.(`${this.opts.provider} asked to wait ${Math.round(f.retryAfterMs / 1000)} s; waiting 10 min at most before trying again.`);
			}
			if (f.cls === "rate") return this.rate.onRateLimited(f.retryAfterMs);
			if (f.retryAfterMs !== undefined) this.rate.holdUntil(f.retryAfterMs);
			return 0;
		}
		this.rate.onOk();
		return 0;
	}

	private ok(probe: boolean): void {
		this.breaker.onSuccess(probe);
		this.rate.onOk();
	}

	// ----- job lifecycle -------------------------------------------------------

	private async runJob(job: EngineJob): Promise<void> {
		let outcome: JobOutcome;
		try {
			outcome = await this.lifecycle(job);
		} catch (err) {
			if (isAbortError(err) || this.abandoned) outcome = { kind: "abandoned" };
			else outcome = { kind: "failed", message: this.opts.ctx.redact(err instanceof Error ? err.message : String(err)) };
		}
		this.outcomes.set(job.key, outcome);
		if (outcome.kind === "cancelled") this.emitJob(job, "cancelled");
		if (outcome.kind === "abandoned") this.emitJob(job, "cancelled", { remoteId: outcome.remoteId, message: "Abandoned; the journal keeps the remote task for resume." });
	}

	private async lifecycle(job: EngineJob): Promise<JobOutcome> {
		if (job.resume?.kind === "deliver") {
			this.stats.resumed++;
			return this.deliver(job, job.resume.remoteId, job.resume.download, true);
		}
		this.emitJob(job, "pending");
		for (;;) {
			const r = await this.remote(() => this.remotePhase(job));
			if (r.kind === "requeue") continue;
			if (r.kind === "end") return r.outcome;
			return this.deliver(job, r.remoteId, r.download, job.resume !== undefined);
		}
	}

	private async deliver(job: EngineJob, remoteId: string, download: DownloadRequest, resumed: boolean): Promise<JobOutcome> {
		return this.deliveries(async () => {
			if (this.abandoned) return { kind: "abandoned", remoteId };
			this.emitJob(job, "downloading", { remoteId, resumed });
			const s = this.scope();
			let res: DeliverResult;
			try {
				res = await this.sink.deliver(job, remoteId, download, {
					signal: s.signal,
					refresh: () => this.refresh(job, remoteId),
				});
			} finally {
				s.done();
			}
			if (res.ok) {
				this.emitJob(job, "done", { remoteId, outputPath: res.outputPath, resumed });
				return { kind: "done", outputPath: res.outputPath };
			}
			this.emitJob(job, res.kind === "expired" ? "expired" : "failed", { remoteId, message: res.message });
			return res.kind === "expired" ? ({ kind: "expired", message: res.message }) : ({ kind: "failed", message: res.message });
		});
	}

	/** The next request about a task: its status, or the result a `fetch` state named. */
	private ask(remoteId: string, ref: string | undefined): HttpRequest {
		const a = this.opts.adapter;
		// A fresh \`now\` per request: adapters that sign (Kling's JWT) must not reuse the run's start time.
		const ctx = this.ctxNow();
		return ref !== undefined && a.buildResult ? a.buildResult(remoteId, ref, ctx) : a.buildPoll(remoteId, ctx);
	}

	/** Reads the answer to `ask`. A result answered with another `fetch` counts as still running. */
	private answer(res: HttpResponse, remoteId: string, ref: string | undefined): PollOutcome {
		const a = this.opts.adapter;
		if (ref === undefined || !a.parseResult) return a.parsePoll(res, this.ctxNow(), remoteId);
		const out = a.parseResult(res, this.ctxNow(), remoteId);
		return out.ok && out.state.kind === "fetch" ? { ...out, state: { kind: "running" } } : out;
	}

	/** Polls a finished task once more for a fresh download URL. */
	private async refresh(job: EngineJob, remoteId: string): Promise<DownloadRequest | null> {
		let ref: string | undefined;
		for (let attempt = 0; attempt < 5; attempt++) {
			const ticket = await this.permit();
			const probe = ticket.probe;
			this.stats.polls++;
			const res = await this.send(ticket, this.ask(remoteId, ref));
			const out =
				res instanceof HttpTransportError
					? ({ ok: false, failure: this.transportFailure("poll", res), meta: NO_META } as PollOutcome)
					: this.answer(res, remoteId, ref);
			this.emitRequest("poll", job, res instanceof HttpTransportError ? "error" : res.status, out.meta.requestId);
			if (out.ok) {
				this.ok(probe);
				// Two-step result: the finished poll names the file; ask for it next.
				if (out.state.kind === "fetch" && ref === undefined && this.opts.adapter.buildResult) {
					ref = out.state.ref;
					continue;
				}
				return out.state.kind === "succeeded" ? out.state.download : null;
			}
			const f = out.failure;
			if (f.cls === "invalid" || f.cls === "policy" || f.cls === "auth" || f.cls === "quota" || f.cls === "retired") {
				this.absorb(f, probe, attempt);
				return null;
			}
			const wait = this.absorb(f, probe, attempt);
			await this.sleep(Math.max(wait, 1000));
		}
		return null;
	}

	private async remotePhase(job: EngineJob): Promise<RemoteResult> {
		if (this.abandoned) return { kind: "end", outcome: { kind: "abandoned", remoteId: job.resume?.kind === "poll" ? job.resume.remoteId : undefined } };
		if (job.resume?.kind === "poll") {
			const remoteId = job.resume.remoteId;
			this.stats.resumed++;
			this.inFlight++;
			this.claimed.add(remoteId);
			this.emitJob(job, "queued", { remoteId, resumed: true });
			return this.pollPhase(job, remoteId, this.clock.now(), undefined);
		}
		if (this.stopReason) return { kind: "end", outcome: { kind: "cancelled" } };

		let input = job.input;
		if (job.resume?.kind === "ambiguous") {
			const found = await this.reconcile(job, input, job.resume.since);
			if (found.kind !== "resubmit") return found.result;
			job.resume = undefined;
		}
		if (this.firstWave < this.opts.concurrency.initial) {
			this.firstWave++;
			const { minMs, maxMs } = this.opts.jitter;
			if (maxMs > 0) await this.sleep(uniform(this.random, minMs, Math.max(minMs, maxMs)));
		}
		if (this.sink.prepare) {
			try {
				input = await this.sink.prepare(job);
			} catch (err) {
				const failure: Failure = { cls: "invalid", message: this.opts.ctx.redact(err instanceof Error ? err.message : String(err)) };
				await this.sink.failed(job, failure, undefined);
				this.emitJob(job, "failed", { message: failure.message });
				return { kind: "end", outcome: { kind: "failed", message: failure.message } };
			}
		}
		let attempt = 0;
		for (;;) {
			const ticket = await this.permit();
			const probe = ticket.probe;
			if (this.stopReason) {
				this.unused(ticket);
				return { kind: "end", outcome: { kind: "cancelled" } };
			}
			// Capacity check at the last moment: the limit may have dropped while we waited.
			if (this.inFlight + this.creating >= this.submitBound(this.clock.now())) {
				this.unused(ticket);
				return { kind: "requeue" };
			}
			const decision = this.sink.allowSubmit?.(job) ?? null;
			if (decision) {
				this.unused(ticket);
				this.stop(decision.reason, decision.message);
				return { kind: "end", outcome: { kind: "cancelled" } };
			}
			try {
				await this.sink.submitting(job);
			} catch (err) {
				this.unused(ticket);
				throw err;
			}
			this.emitJob(job, "submitting");
			const sentAt = this.clock.now();
			this.creating++;
			this.stats.creates++;
			let res: HttpResponse | HttpTransportError;
			try {
				res = await this.send(ticket, this.opts.adapter.buildCreate(input, this.ctxNow()));
			} finally {
				this.creating--;
			}
			const outcome =
				res instanceof HttpTransportError
					? ({ ok: false, failure: this.transportFailure("create", res), meta: NO_META } as CreateOutcome)
					: this.opts.adapter.parseCreate(res, this.ctxNow());
			this.emitRequest("create", job, res instanceof HttpTransportError ? "error" : res.status, outcome.meta.requestId, outcome.ok ? undefined : outcome.failure.message);
			if (outcome.ok) {
				this.ok(probe);
				this.inFlight++;
				this.stats.accepted++;
				this.claimed.add(outcome.taskId);
				this.capacityStreak.delete(job.key);
				this.policy.onAccepted(this.clock.now(), this.inFlight);
				this.syncLimit();
				await this.sink.submitted(job, outcome.taskId, outcome.meta.requestId);
				this.emitJob(job, "queued", { remoteId: outcome.taskId, requestId: outcome.meta.requestId });
				return this.pollPhase(job, outcome.taskId, sentAt, outcome.state);
			}
			const f = outcome.failure;
			const wait = this.absorb(f, probe, attempt);
			attempt++;
			switch (f.cls) {
				case "capacity": {
					this.policy.onCapacity(this.clock.now(), this.inFlight);
					this.syncLimit();
					// Normally the limit now equals what is in flight, and the job waits in the
					// queue for a slot to free. If the limit still admits it (safe mode, or none
					// of ours in flight while something else holds the key's capacity), back off
					// with full jitter instead of asking again at once.
					const streak = (this.capacityStreak.get(job.key) ?? 0) + 1;
					this.capacityStreak.set(job.key, streak);
					if (this.inFlight + this.creating < this.policy.current(this.clock.now())) {
						await this.sleep(fullJitter(this.random, streak, 1000, 60_000));
					}
					return { kind: "requeue" };
				}
				case "rate":
					this.policy.onSubmitFailure(this.clock.now());
					this.syncLimit();
					if (wait > 0) await this.sleep(wait);
					continue;
				case "outage":
					this.policy.onSubmitFailure(this.clock.now());
					this.syncLimit();
					if (!createDefinitelyRejected(f)) {
						const found = await this.reconcile(job, input, sentAt);
						if (found.kind !== "resubmit") return found.result;
					}
					await this.sleep(wait);
					continue;
				case "quota":
					this.stop("quota", `Stopped: ${f.message}`);
					return { kind: "end", outcome: { kind: "cancelled" } };
				case "auth":
					this.abandon("auth", `Stopped: ${f.message}`);
					return { kind: "end", outcome: { kind: "cancelled" } };
				case "retired":
					// Nothing was created. One message for the provider, not one failure per shot.
					await this.sink.failed(job, f, undefined);
					this.emitJob(job, "failed", { message: f.message, requestId: f.requestId });
					this.stop("retired", this.retiredMessage(job, f));
					return { kind: "end", outcome: { kind: "failed", message: f.message } };
				case "invalid":
				case "policy":
					await this.sink.failed(job, f, undefined);
					this.emitJob(job, "failed", { message: f.message, requestId: f.requestId });
					return { kind: "end", outcome: { kind: "failed", message: f.message } };
			}
		}
	}

	/**
	 * A poll found this job still queued. The first time that happens to a job
	 * accepted more than `backlogMs` ago, the provider is running fewer of ours than
	 * we have in flight: tell the limit how many run (in flight minus those whose
	 * latest answer was queued).
	 */
	private queuedFor(track: PollTrack, now: number): void {
		const backlogMs = this.opts.tuning?.backlogMs ?? 60_000;
		if (track.backlogReported || now - track.submittedAt <= backlogMs || !this.policy.onBacklog) return;
		track.backlogReported = true;
		let queued = 0;
		for (const t of this.tracks.values()) if (t.lastQueued) queued++;
		this.policy.onBacklog(now, this.inFlight - queued);
		this.syncLimit();
	}

	private ctxNow(): ProviderContext {
		return { ...this.opts.ctx, now: this.clock.now() };
	}

	/**
	 * After a create whose fate is unknown: look for the task. Found → adopt it;
	 * certainly absent → resubmit; cannot tell → mark the job unknown.
	 */
	private async reconcile(
		job: EngineJob,
		input: VideoJobInput,
		since: number,
	): Promise<{ kind: "resubmit" } | { kind: "done"; result: RemoteResult }> {
		const adapter = this.opts.adapter;
		const unknownMsg = (why: string) =>
			`Unknown: may have been created. ${why} CineFlow did not submit it again; check the provider's dashboard, then resume or regenerate.`;
		if (!adapter.canLookup || !adapter.buildLookup || !adapter.parseLookup) {
			const message = unknownMsg(`${adapter.label} offers no way to look the task up.`);
			await this.sink.unknown(job, message);
			this.emitJob(job, "unknown", { message });
			return { kind: "done", result: { kind: "end", outcome: { kind: "unknown", message } } };
		}
		let notFound = 0;
		for (let attempt = 0; attempt < 12; attempt++) {
			const ticket = await this.permit();
			const probe = ticket.probe;
			this.stats.lookups++;
			const res = await this.send(ticket, adapter.buildLookup(input, this.ctxNow(), since));
			const out =
				res instanceof HttpTransportError
					? ({ found: "error", failure: this.transportFailure("lookup", res), meta: NO_META } as LookupOutcome)
					: adapter.parseLookup(res, input, this.ctxNow(), since, this.claimed);
			this.emitRequest("lookup", job, res instanceof HttpTransportError ? "error" : res.status, out.meta.requestId);
			if (out.found === true) {
				this.ok(probe);
				this.inFlight++;
				this.stats.accepted++;
				this.claimed.add(out.taskId);
				this.policy.onAccepted(this.clock.now(), this.inFlight);
				await this.sink.submitted(job, out.taskId, out.meta.requestId);
				this.emitJob(job, "queued", { remoteId: out.taskId, message: "Found the task created by an unanswered request; not submitting again." });
				return { kind: "done", result: await this.pollPhase(job, out.taskId, since, undefined) };
			}
			if (out.found === false) {
				this.ok(probe);
				notFound++;
				// A list can lag behind a create: look twice, 5 s apart, before resubmitting.
				if (notFound >= 2) return { kind: "resubmit" };
				await this.sleep(5_000);
				continue;
			}
			const f = out.failure;
			if (f.cls === "auth") {
				this.abandon("auth", `Stopped: ${f.message}`);
				return { kind: "done", result: { kind: "end", outcome: { kind: "cancelled" } } };
			}
			const wait = this.absorb(f, probe, attempt);
			await this.sleep(Math.max(wait, 1000));
		}
		const message = unknownMsg("Looking the task up kept failing.");
		await this.sink.unknown(job, message);
		this.emitJob(job, "unknown", { message });
		return { kind: "done", result: { kind: "end", outcome: { kind: "unknown", message } } };
	}

	private async pollPhase(job: EngineJob, remoteId: string, submittedAt: number, initial: RemoteState | undefined): Promise<RemoteResult> {
		const track = newTrack(submittedAt, this.durations.expected(job.durationKey, job.expectedMs));
		this.tracks.set(job.key, track);
		let released = false;
		const release = () => {
			if (!released) {
				released = true;
				this.inFlight--;
				this.tracks.delete(job.key);
				this.syncLimit();
			}
		};
		try {
			// The create's own answer (queued/pending) says nothing about the queue: only polls count.
			let state: RemoteState | undefined = initial?.kind === "succeeded" || initial?.kind === "failed" || initial?.kind === "fetch" ? initial : undefined;
			let delay = firstDelay(track, this.pollTuning);
			let invalidStreak = 0;
			let attempt = 0;
			for (;;) {
				if (state?.kind === "fetch" && !(this.opts.adapter.buildResult && this.opts.adapter.parseResult)) {
					state = { kind: "failed", failure: { cls: "invalid", message: `${this.opts.provider}: the finished task names a result this adapter cannot fetch` } };
				}
				if (state?.kind === "succeeded") {
					if (track.runningSince === null) this.policy.onStarted?.(this.clock.now(), track.submittedAt);
					this.durations.learn(job.durationKey, this.clock.now() - (track.runningSince ?? track.submittedAt));
					release();
					return { kind: "deliver", remoteId, download: state.download };
				}
				if (state?.kind === "failed") {
					release();
					await this.sink.failed(job, state.failure, remoteId);
					this.emitJob(job, "failed", { remoteId, message: state.failure.message, requestId: state.failure.requestId });
					if (state.failure.cls === "retired") this.stop("retired", this.retiredMessage(job, state.failure));
					return { kind: "end", outcome: { kind: "failed", message: state.failure.message } };
				}
				if (state && (state.kind === "queued" || state.kind === "running")) {
					const now = this.clock.now();
					const wasRunning = track.runningSince !== null;
					observe(track, now, state.kind, state.progress);
					if (track.lastQueued) this.queuedFor(track, now);
					else if (!wasRunning && track.runningSince !== null) this.policy.onStarted?.(now, track.submittedAt);
					const started = track.runningSince;
					if (started !== null && now - started > job.maxWaitMs) {
						release();
						const message = `Timed out after ${Math.round((now - started) / 60_000)} min running; remote task ${remoteId} is kept so it can be resumed.`;
						await this.sink.timedOut(job, remoteId, message);
						this.emitJob(job, "timed-out", { remoteId, message });
						return { kind: "end", outcome: { kind: "timed-out", remoteId } };
					}
					delay = nextDelay(track, now, this.pollTuning);
					this.emitJob(job, state.kind, { remoteId, progress: state.progress, etaMs: delay });
				}
				// A finished task's named result is asked for at once.
				const ref: string | undefined = state?.kind === "fetch" ? state.ref : undefined;
				try {
					if (ref === undefined) await this.sleep(delay);
				} catch {
					release();
					return { kind: "end", outcome: { kind: "abandoned", remoteId } };
				}
				let ticket: Ticket;
				try {
					ticket = await this.permit();
				} catch {
					release();
					return { kind: "end", outcome: { kind: "abandoned", remoteId } };
				}
				const probe = ticket.probe;
				this.stats.polls++;
				let res: HttpResponse | HttpTransportError;
				try {
					res = await this.send(ticket, this.ask(remoteId, ref));
				} catch {
					if (probe) this.breaker.releaseProbe();
					release();
					return { kind: "end", outcome: { kind: "abandoned", remoteId } };
				}
				const out: PollOutcome =
					res instanceof HttpTransportError ? { ok: false, failure: this.transportFailure("poll", res), meta: NO_META } : this.answer(res, remoteId, ref);
				this.emitRequest("poll", job, res instanceof HttpTransportError ? "error" : res.status, out.meta.requestId, out.ok ? undefined : out.failure.message);
				track.hintMs = out.meta.pollAfterMs ?? 0;
				if (out.ok) {
					this.ok(probe);
					this.sawStatus = true;
					// "Finished, fetch the result" does not reset the streaks: a result that keeps failing must end.
					if (out.state.kind !== "fetch") {
						attempt = 0;
						invalidStreak = 0;
					}
					state = out.state;
					continue;
				}
				const f = out.failure;
				const wait = this.absorb(f, probe, attempt);
				attempt++;
				state = undefined;
				if (f.cls === "auth") {
					release();
					this.abandon("auth", `Stopped: ${f.message}`);
					return { kind: "end", outcome: { kind: "abandoned", remoteId } };
				}
				if (f.cls === "retired") {
					release();
					await this.sink.failed(job, f, remoteId);
					this.emitJob(job, "failed", { remoteId, message: f.message, requestId: f.requestId });
					this.stop("retired", this.retiredMessage(job, f));
					return { kind: "end", outcome: { kind: "failed", message: f.message } };
				}
				if (f.cls === "invalid" || f.cls === "policy") {
					invalidStreak++;
					if (invalidStreak >= 3 || f.cls === "policy") {
						release();
						await this.sink.failed(job, f, remoteId);
						this.emitJob(job, "failed", { remoteId, message: f.message, requestId: f.requestId });
						return { kind: "end", outcome: { kind: "failed", message: f.message } };
					}
				}
				if (f.cls === "quota") this.stop("quota", `Stopped: ${f.message}`);
				delay = Math.max(wait, this.pollTuning.minIntervalMs);
			}
		} finally {
			release();
		}
	}
}
