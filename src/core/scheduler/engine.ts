/**
 * The scheduler: runs jobs through submit → (reconcile) → watch → deliver against
 * one provider key, with three separate controls:
 *  - the adaptive limit on remote jobs in flight (p-limit is the actuator),
 *  - the request-rate gate, with Retry-After holds scoped to what they limit,
 *    shared by every request and spent where it shortens the run,
 *  - a small fixed limit on concurrent deliveries (requestUrl buffers whole files).
 * Every request goes through one channel (channel.ts); each phase is its own
 * module; `controlLoop` adjusts the limit once a tick. Outages trip a breaker;
 * quota and auth stop the run; 429s and 5xx never fail a job, nor does a job the
 * provider still runs. Only invalid and policy failures do, and they are never
 * retried. An ambiguous create (502/504/timeout) is reconciled by lookup, never
 * blindly re-sent. Time comes only from the injected clock. The input jobs are
 * never changed.
 */
import { isAbortError } from "../../ports/clock";
import { t } from "../i18n";
import { RequestChannel } from "./channel";
import { controlLoop } from "./control";
import { deliver } from "./deliver";
import { reconcile } from "./reconcile";
import { EngineState } from "./state";
import { firstWaveJitter, prepareInput, submit } from "./submit";
import type { EngineJob, EngineOptions, EngineResult, EngineSink, JobOutcome, RemoteResult } from "./types";
import { watch } from "./watch";

export type {
	DeliverControl,
	DeliverResult,
	EngineJob,
	EngineOptions,
	EngineResult,
	EngineSink,
	EngineStats,
	EngineTuning,
	JobOutcome,
	JobResume,
	StopDecision,
} from "./types";

export async function runEngine(jobs: EngineJob[], sink: EngineSink, opts: EngineOptions): Promise<EngineResult> {
	const s = new EngineState(sink, opts);
	const ch = new RequestChannel(s);
	s.totalJobs = jobs.length;
	opts.abandonSignal?.addEventListener("abort", () => s.abandon("abandon", t("run.stop.abandoned")), { once: true });
	opts.signal?.addEventListener("abort", () => s.stop("cancel", t("run.stop.cancelled")), { once: true });
	if (opts.abandonSignal?.aborted) s.abandon("abandon", t("run.stop.abandoned"));
	if (opts.signal?.aborted) s.stop("cancel", t("run.stop.cancelledBeforeStart"));
	s.emitLimit(true);
	const ticker = controlLoop(s);
	await Promise.all(jobs.map((job) => runJob(s, ch, job)));
	s.finished = true;
	await ticker;
	s.stats.breakerOpens = s.breaker.opens;
	s.stats.finalLimit = s.policy.current(s.clock.now());
	s.stats.rateCuts = s.rate.cuts;
	return { outcomes: s.outcomes, stopped: s.stopReason, stopMessage: s.stopMessage, stats: s.stats };
}

async function runJob(s: EngineState, ch: RequestChannel, job: EngineJob): Promise<void> {
	let outcome: JobOutcome;
	try {
		outcome = await lifecycle(s, ch, job);
	} catch (err) {
		if (isAbortError(err) || s.abandoned) outcome = { kind: "abandoned" };
		else outcome = { kind: "failed", message: s.redact(err) };
	}
	s.outcomes.set(job.key, outcome);
	if (outcome.kind === "cancelled") s.emitJob(job, "cancelled");
	if (outcome.kind === "abandoned")
		s.emitJob(job, "cancelled", outcome.remoteId ? { remoteId: outcome.remoteId, message: t("run.stop.keptTask", { task: outcome.remoteId }) } : {});
}

async function lifecycle(s: EngineState, ch: RequestChannel, job: EngineJob): Promise<JobOutcome> {
	const resume = job.resume;
	if (resume?.kind === "deliver") {
		s.stats.resumed++;
		return deliver(s, ch, job, resume.remoteId, resume.download, true);
	}
	s.emitJob(job, "pending");
	// What the journal said, until it has been acted on (a local copy: the job is not changed).
	let pending = resume;
	const turn = { resubmitted: false };
	for (;;) {
		const from = pending;
		const r = await s.remote(() => remotePart(s, ch, job, from, turn));
		if (r.kind === "requeue") {
			// A poll resume is never requeued; an ambiguous one was reconciled (it resubmits now).
			pending = undefined;
			continue;
		}
		if (r.kind === "end") return r.outcome;
		return deliver(s, ch, job, r.remoteId, r.download, resume !== undefined && !turn.resubmitted);
	}
}

/** One turn in a remote slot: resume or reconcile or submit, then watch until finished. */
async function remotePart(
	s: EngineState,
	ch: RequestChannel,
	job: EngineJob,
	resume: EngineJob["resume"],
	turn: { resubmitted: boolean },
): Promise<RemoteResult> {
	if (s.abandoned) return { kind: "end", outcome: { kind: "abandoned", remoteId: resume?.kind === "poll" ? resume.remoteId : undefined } };
	if (resume?.kind === "poll") {
		s.stats.resumed++;
		s.inFlight++;
		s.claimed.add(resume.remoteId);
		s.emitJob(job, "queued", { remoteId: resume.remoteId, resumed: true });
		return watch(s, ch, job, resume.remoteId, s.clock.now(), undefined);
	}
	if (s.stopReason) return { kind: "end", outcome: { kind: "cancelled" } };
	if (resume?.kind === "ambiguous") {
		const found = await reconcile(s, ch, job, job.input, resume.since);
		if (found.kind === "watch") return watch(s, ch, job, found.remoteId, found.since, undefined);
		if (found.kind === "end") return found;
		turn.resubmitted = true;
	}
	if (s.sink.withdrawn?.(job)) return { kind: "end", outcome: { kind: "cancelled" } };
	await firstWaveJitter(s);
	const prepared = await prepareInput(s, job);
	if (!prepared.ok) return { kind: "end", outcome: prepared.outcome };
	for (;;) {
		const r = await submit(s, ch, job, prepared.input);
		if (r.kind === "watch") return watch(s, ch, job, r.remoteId, r.since, r.initial);
		if (r.kind !== "reconcile") return r;
		const found = await reconcile(s, ch, job, r.input, r.since);
		if (found.kind === "watch") return watch(s, ch, job, found.remoteId, found.since, undefined);
		if (found.kind === "end") return found;
		// Certainly not created: submit again.
	}
}
