/**
 * Submit phase: prepare the input, then create the remote task. Capacity 429s
 * teach the limit and put the job back in the queue; rate 429s and outages wait
 * and retry; an ambiguous create (502/504/timeout) goes to reconcile, never
 * straight back to a POST. Quota and auth stop the run; a retired model stops
 * this provider's part once; invalid and policy fail the job.
 */
import { t } from "../i18n";
import type { CreateOutcome, Failure, RemoteState, VideoJobInput } from "../providers/types";
import type { RequestChannel } from "./channel";
import { fullJitter, uniform } from "./random";
import type { EngineState } from "./state";
import type { EngineJob, JobOutcome } from "./types";

export type SubmitResult =
	| { kind: "watch"; remoteId: string; since: number; initial?: RemoteState }
	| { kind: "reconcile"; since: number; input: VideoJobInput }
	| { kind: "requeue" }
	| { kind: "end"; outcome: JobOutcome };

type Veto = { kind: "cancelled" } | { kind: "requeue" };

/** Statuses after which a create definitely did not produce a task. */
export function createDefinitelyRejected(f: Failure): boolean {
	return f.cls !== "outage" || f.status === 503 || f.status === 429;
}

/** The job's final input (reference bytes etc.), or its failure. */
export async function prepareInput(s: EngineState, job: EngineJob): Promise<{ ok: true; input: VideoJobInput } | { ok: false; outcome: JobOutcome }> {
	if (!s.sink.prepare) return { ok: true, input: job.input };
	try {
		return { ok: true, input: await s.sink.prepare(job) };
	} catch (err) {
		const failure: Failure = { cls: "invalid", message: s.redact(err) };
		await s.sink.failed(job, failure, undefined);
		s.emitJob(job, "failed", { message: failure.message, failure: failure.cls });
		return { ok: false, outcome: { kind: "failed", message: failure.message } };
	}
}

/** The first wave gets a random start delay, so it does not hit the provider at once. */
export async function firstWaveJitter(s: EngineState): Promise<void> {
	if (s.firstWave >= s.opts.concurrency.initial) return;
	s.firstWave++;
	const { minMs, maxMs } = s.opts.jitter;
	if (maxMs > 0) await s.sleep(uniform(s.random, minMs, Math.max(minMs, maxMs)));
}

/** Creates the job's task; see the file comment for what each answer does. */
export async function submit(s: EngineState, ch: RequestChannel, job: EngineJob, input: VideoJobInput): Promise<SubmitResult> {
	let attempt = 0;
	for (;;) {
		// After a capacity 429, creates go one at a time until one is accepted: a
		// refusal must not find others already on the wire behind it.
		await s.createTurn();
		let sentAt = s.clock.now();
		let sending = false;
		const ready = async (): Promise<Veto | null> => {
			if (s.stopReason || s.sink.withdrawn?.(job)) return { kind: "cancelled" };
			// Capacity check at the last moment: the limit may have dropped while we waited.
			if (!s.slotFree()) return { kind: "requeue" };
			const decision = s.sink.allowSubmit?.(job) ?? null;
			if (decision) {
				s.stop(decision.reason, decision.message);
				return { kind: "cancelled" };
			}
			await s.sink.submitting(job);
			s.emitJob(job, "submitting");
			sentAt = s.clock.now();
			s.creating++;
			sending = true;
			return null;
		};
		let r;
		try {
			r = await ch.call<CreateOutcome & { ok: true }, Veto>(
				"create",
				(ctx) => s.opts.adapter.buildCreate(input, ctx),
				(res, ctx) => {
					const out = s.opts.adapter.parseCreate(res, ctx);
					return out.ok ? { ok: true, value: out, meta: out.meta } : out;
				},
				{ job, attempt, ready, priority: () => CREATE_PRIORITY },
			);
		} finally {
			if (sending) s.creating--;
			s.createDone();
		}
		if (r.kind === "vetoed") return r.veto.kind === "requeue" ? { kind: "requeue" } : { kind: "end", outcome: { kind: "cancelled" } };
		if (r.kind === "ok") {
			const answeredAt = s.clock.now();
			const out = r.value;
			s.adopt(job, out.taskId);
			await s.sink.submitted(job, out.taskId, out.meta.requestId);
			s.emitJob(job, "queued", { remoteId: out.taskId, requestId: out.meta.requestId });
			// The provider created the task about halfway through the round trip.
			return { kind: "watch", remoteId: out.taskId, since: (sentAt + answeredAt) / 2, initial: out.state };
		}
		const f = r.failure;
		attempt++;
		// Definitely not created (429, 503, quota, auth): the journal's "submitting" mark is
		// cleared at once, so a crash from here on leaves nothing to reconcile. (Invalid,
		// policy and retired answers are journaled as failures below.)
		if (sending && createDefinitelyRejected(f) && f.cls !== "invalid" && f.cls !== "policy" && f.cls !== "retired") await s.sink.notCreated?.(job);
		switch (f.cls) {
			case "capacity": {
				s.policy.onCapacity(s.clock.now(), s.inFlight, sentAt);
				s.createCaution = true;
				s.proven = Math.min(s.proven, s.inFlight);
				s.lastCapacity429 = s.clock.now();
				s.presumeOffUntil = s.clock.now() + 60_000;
				s.syncLimit();
				// Normally the limit now equals what is in flight, and the job waits in the
				// queue for a slot to free. If the limit still admits it (safe mode, or none
				// of ours in flight while something else holds the key's capacity), back off
				// with full jitter instead of asking again at once.
				const streak = (s.capacityStreak.get(job.key) ?? 0) + 1;
				s.capacityStreak.set(job.key, streak);
				if (s.inFlight + s.creating < s.policy.current(s.clock.now())) await s.sleep(fullJitter(s.random, streak, 1000, 60_000));
				return { kind: "requeue" };
			}
			case "rate":
				s.policy.onSubmitFailure(s.clock.now());
				s.syncLimit();
				if (r.wait > 0) await s.sleep(r.wait);
				continue;
			case "outage":
				s.policy.onSubmitFailure(s.clock.now());
				s.syncLimit();
				if (!createDefinitelyRejected(f)) return { kind: "reconcile", since: sentAt, input };
				await s.sleep(r.wait);
				continue;
			case "quota":
				s.stop("quota", t("run.stop.provider", { message: f.message }));
				return { kind: "end", outcome: { kind: "cancelled" } };
			case "auth":
				s.abandon("auth", t("run.stop.provider", { message: f.message }));
				return { kind: "end", outcome: { kind: "cancelled" } };
			case "retired":
				// Nothing was created. One message for the provider, not one failure per shot.
				await s.sink.failed(job, f, undefined);
				s.emitJob(job, "failed", { message: f.message, requestId: f.requestId, failure: f.cls });
				s.stop("retired", s.retiredMessage(job, f));
				return { kind: "end", outcome: { kind: "failed", message: f.message } };
			case "invalid":
			case "policy":
				await s.sink.failed(job, f, undefined);
				s.emitJob(job, "failed", { message: f.message, requestId: f.requestId, failure: f.cls });
				return { kind: "end", outcome: { kind: "failed", message: f.message } };
		}
	}
}

/**
 * While the request rate binds, a create into a free slot goes before any poll:
 * an idle slot is certain loss, a poll only a chance of freeing one.
 */
export const CREATE_PRIORITY = 10;
