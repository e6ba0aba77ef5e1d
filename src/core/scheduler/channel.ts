/**
 * The request channel: the one path every provider request takes. `call` waits
 * for permission (breaker, then the rate gate and its Retry-After holds), lets the
 * caller veto at the last moment, sends with a timeout under the abandon scope,
 * turns a transport error into an outage failure, parses, reports the request,
 * and applies the answer's effect on the shared controls (breaker, rate gate,
 * scoped holds, warnings). Callers see a value, a failure with the wait before a
 * retry, or their own veto.
 */
import { abortError, isAbortError } from "../../ports/clock";
import { HttpTransportError, type HttpRequest, type HttpResponse } from "../../ports/http";
import type { Failure, ProviderContext, ResponseMeta } from "../providers/types";
import { t } from "../i18n";
import { fullJitter } from "./random";
import type { EngineState } from "./state";
import type { EngineJob } from "./types";

export type Route = "create" | "poll" | "lookup";

/** A parser's answer, in one shape for every route. */
export type Parsed<T> = { ok: true; value: T; meta: ResponseMeta } | { ok: false; failure: Failure; meta: ResponseMeta };

export type CallResult<T, V = never> =
	| { kind: "ok"; value: T; meta: ResponseMeta }
	/** `wait`: how long this caller should wait before trying again (retryable classes). */
	| { kind: "failed"; failure: Failure; wait: number; meta: ResponseMeta }
	| { kind: "vetoed"; veto: V };

export interface CallOptions<V> {
	job: EngineJob;
	/** Retry count so far, for the outage backoff. */
	attempt?: number;
	/** Higher goes first while the rate limit binds. */
	priority?: () => number;
	/**
	 * After permission, before building: return a veto to give the permission back
	 * unused (e.g. the run stopped, or no slot is free any more).
	 */
	ready?: () => Promise<V | null>;
}

/** Permission to send one request: whether it is the breaker's probe, and the rate slot to give back. */
interface Ticket {
	probe: boolean;
	release: () => void;
}

/** Longest Retry-After shown only in the log; longer ones are shown to the user. */
export const WARN_RETRY_AFTER_MS = 5 * 60_000;

const NO_META: ResponseMeta = { status: 0 };

export class RequestChannel {
	/** The end of the last hold shown to the user, per scope (one warning per hold, not per 429). */
	private warned = { create: 0, all: 0 };

	constructor(private readonly s: EngineState) {}

	/**
	 * One request. `build` and `parse` get a context with a fresh `now`. Throws only
	 * an AbortError (the run was abandoned).
	 */
	async call<T, V = never>(
		route: Route,
		build: (ctx: ProviderContext) => HttpRequest,
		parse: (res: HttpResponse, ctx: ProviderContext) => Parsed<T>,
		o: CallOptions<V>,
	): Promise<CallResult<T, V>> {
		const s = this.s;
		const ticket = await this.permit(route === "create", o.priority);
		let req: HttpRequest;
		try {
			const veto = o.ready ? await o.ready() : null;
			if (veto !== null) {
				this.unused(ticket);
				return { kind: "vetoed", veto };
			}
			req = build(s.ctxNow());
		} catch (err) {
			this.unused(ticket);
			throw err;
		}
		s.requests++;
		if (route === "create") s.stats.creates++;
		else if (route === "poll") s.stats.polls++;
		else s.stats.lookups++;
		let res: HttpResponse | HttpTransportError;
		try {
			res = await this.send(ticket, req);
		} catch (err) {
			if (ticket.probe) s.breaker.releaseProbe();
			throw err;
		}
		const out: Parsed<T> =
			res instanceof HttpTransportError ? { ok: false, failure: this.transportFailure(route, res), meta: NO_META } : parse(res, s.ctxNow());
		s.opts.progress?.emit({
			type: "request",
			at: s.clock.now(),
			provider: s.opts.provider,
			route,
			key: o.job.key,
			status: res instanceof HttpTransportError ? "error" : res.status,
			requestId: out.meta.requestId,
			message: out.ok ? undefined : out.failure.message,
		});
		if (out.ok) {
			s.breaker.onSuccess(ticket.probe);
			s.rate.onOk();
			return { kind: "ok", value: out.value, meta: out.meta };
		}
		const wait = this.absorb(route, out.failure, ticket.probe, o.attempt ?? 0);
		return { kind: "failed", failure: out.failure, wait, meta: out.meta };
	}

	/**
	 * Waits for the breaker and the rate gate. The ticket says whether this request
	 * is the breaker's probe; its rate slot must be released once the answer is in.
	 */
	private async permit(create: boolean, priority: (() => number) | undefined): Promise<Ticket> {
		const s = this.s;
		const sc = s.scope();
		try {
			for (;;) {
				const probe = await s.breaker.pass(sc.signal);
				let release: () => void;
				try {
					release = await s.rate.acquireSlot(sc.signal, { create, priority });
				} catch (err) {
					if (probe) s.breaker.releaseProbe();
					throw err;
				}
				if (probe || s.breaker.current === "closed") return { probe, release };
				release();
			}
		} finally {
			sc.done();
		}
	}

	/** A ticket that will not be used. */
	private unused(ticket: Ticket): void {
		ticket.release();
		if (ticket.probe) this.s.breaker.releaseProbe();
	}

	/** Sends one request on a ticket; the ticket's rate slot is released when the answer is in. */
	private async send(ticket: Ticket, req: HttpRequest): Promise<HttpResponse | HttpTransportError> {
		const s = this.s;
		const timed: HttpRequest = { ...req, timeoutMs: req.timeoutMs ?? s.opts.requestTimeoutMs ?? 60_000 };
		const sc = s.scope();
		try {
			return await s.opts.http.request(timed, sc.signal);
		} catch (err) {
			if (isAbortError(err) || s.abandoned) throw abortError();
			if (err instanceof HttpTransportError) return err;
			return new HttpTransportError("network", s.redact(err));
		} finally {
			sc.done();
			ticket.release();
		}
	}

	private transportFailure(route: Route, err: HttpTransportError): Failure {
		const s = this.s;
		return {
			cls: "outage",
			message: t(err.kind === "timeout" ? "run.request.timedOut" : "run.request.connectionFailed", {
				provider: s.opts.provider,
				route,
				detail: s.opts.ctx.redact(err.message),
			}),
		};
	}

	/**
	 * Applies a failure's effect on the shared controls. Returns how long this
	 * request's caller should wait before trying again (for retryable classes).
	 * Retry-After is scoped to what it limits: on a capacity 429 it holds creates
	 * only; on a rate 429 or a 5xx it holds every request.
	 */
	private absorb(route: Route, f: Failure, probe: boolean, attempt: number): number {
		const s = this.s;
		if (f.cls === "outage") {
			s.stats.outages++;
			s.breaker.onFailure(probe);
			if (f.retryAfterMs !== undefined) this.hold(f, "all");
			return fullJitter(s.random, attempt, 1000, 30_000);
		}
		s.breaker.onSuccess(probe);
		if (f.cls === "rate" || f.cls === "capacity") s.answered429++;
		if (f.cls === "rate") {
			s.stats.rate429++;
			if (f.retryAfterMs !== undefined) this.warnLong(f, "all", Math.min(f.retryAfterMs, s.rate.currentMaxRetryAfter()));
			return s.rate.onRateLimited(f.retryAfterMs);
		}
		if (f.cls === "capacity") {
			s.stats.capacity429++;
			if (f.retryAfterMs !== undefined) this.hold(f, route === "create" ? "create" : "all");
			return 0;
		}
		s.rate.onOk();
		return 0;
	}

	private hold(f: Failure, scope: "create" | "all"): void {
		const ms = this.s.rate.holdUntil(f.retryAfterMs ?? 0, scope);
		this.warnLong(f, scope, ms);
	}

	/** A wait over 5 minutes is shown to the user: the provider's words and when it ends. */
	private warnLong(f: Failure, scope: "create" | "all", honouredMs: number): void {
		const s = this.s;
		const asked = f.retryAfterMs ?? 0;
		if (asked <= WARN_RETRY_AFTER_MS) return;
		const end = s.clock.now() + honouredMs;
		if (end <= this.warned[scope] + 60_000) return;
		this.warned[scope] = end;
		const until = new Date(end).toISOString().replace(/\.\d{3}Z$/, "Z");
		const p = { provider: s.opts.provider, until, asked: Math.round(asked / 60_000), waits: Math.round(honouredMs / 60_000), said: f.message };
		const clamped = honouredMs < asked;
		s.warn({
			code: scope === "create" ? (clamped ? "run.wait.createsClamped" : "run.wait.creates") : clamped ? "run.wait.allClamped" : "run.wait.all",
			params: p,
		});
	}
}
