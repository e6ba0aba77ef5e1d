/**
 * Watch phase: poll a submitted job until it finishes (see poll.ts for when), then
 * hand it to delivery. Finished jobs teach the duration model as censored
 * intervals; a finish that makes peers of the same kind probably done wakes their
 * polls. A job the provider still reports running is never failed: after
 * `warnAfterMs` the user is told once, after `maxWaitMs` it is left in the journal
 * for a later run to resume. Two-step results (`fetch`) ask for the named file at
 * once.
 */
import { t } from "../i18n";
import type { Failure, PollOutcome, RemoteState } from "../providers/types";
import type { RequestChannel } from "./channel";
import { censored, curveRange, expectedLeft, newTrack, nextDelay, observe, pastMark, pollPriority, probablyDone, started, type PollTrack } from "./poll";
import type { EngineState } from "./state";
import type { EngineJob, RemoteResult } from "./types";

/** A finished task's named result is fetched before other polls while the rate binds. */
const RESULT_PRIORITY = 5;

export async function watch(
	s: EngineState,
	ch: RequestChannel,
	job: EngineJob,
	remoteId: string,
	submittedAt: number,
	initial: RemoteState | undefined,
): Promise<RemoteResult> {
	const track = newTrack(submittedAt, job.expectedMs, job.durationKey, s.random());
	s.tracks.set(job.key, track);
	let released = false;
	const release = () => {
		if (released) return;
		released = true;
		s.releaseOne();
		s.inFlight--;
		s.tracks.delete(job.key);
		s.syncLimit();
	};
	const fail = async (f: Failure): Promise<RemoteResult> => {
		release();
		await s.sink.failed(job, f, remoteId);
		s.emitJob(job, "failed", { remoteId, message: f.message, requestId: f.requestId, failure: f.cls });
		if (f.cls === "retired") s.stop("retired", s.retiredMessage(job, f));
		return { kind: "end", outcome: { kind: "failed", message: f.message } };
	};
	try {
		// The create's own answer (queued/pending) says nothing about the queue: only polls count.
		let state: RemoteState | undefined = initial?.kind === "succeeded" || initial?.kind === "failed" || initial?.kind === "fetch" ? initial : undefined;
		let invalidStreak = 0;
		let attempt = 0;
		let delay = nextDelay(track, s.clock.now(), s.pollTuning, s.durations);
		for (;;) {
			if (state?.kind === "fetch" && !(s.opts.adapter.buildResult && s.opts.adapter.parseResult)) {
				state = { kind: "failed", failure: { cls: "invalid", message: t("run.watch.cannotFetch", { provider: s.opts.provider }) } };
			}
			if (state?.kind === "succeeded") {
				const now = s.clock.now();
				if (track.runningSince === null) s.policy.onStarted?.(now, track.submittedAt, runningNow(s, now));
				learn(s, track, now);
				release();
				return { kind: "deliver", remoteId, download: state.download };
			}
			if (state?.kind === "failed") return fail(state.failure);
			if (state && (state.kind === "queued" || state.kind === "running")) {
				const now = s.clock.now();
				const wasRunning = track.runningSince !== null;
				observe(track, now, state.kind, state.progress, track.lastSentAt);
				if (track.lastQueued) {
					s.sawQueued = true;
					s.pollTuning.explore = false;
					queuedFor(s, track, now);
				} else if (!wasRunning && track.runningSince !== null) s.policy.onStarted?.(now, track.submittedAt, runningNow(s, now));
				const ran = track.runningSince === null ? 0 : now - track.runningSince;
				if (track.runningSince !== null && ran > job.maxWaitMs) {
					release();
					const message = t("run.watch.timedOut", { provider: s.opts.provider, minutes: Math.round(ran / 60_000), task: remoteId });
					await s.sink.timedOut(job, remoteId, message);
					s.emitJob(job, "timed-out", { remoteId, message });
					return { kind: "end", outcome: { kind: "timed-out", remoteId } };
				}
				if (!track.warned && job.warnAfterMs !== undefined && ran > job.warnAfterMs) {
					track.warned = true;
					s.warn(
						t("run.watch.slow", {
							note: job.notePath,
							shot: job.shotId,
							provider: s.opts.provider,
							minutes: Math.round(ran / 60_000),
							max: Math.round(job.maxWaitMs / 60_000),
						}),
					);
				}
				delay = nextDelay(track, now, s.pollTuning, s.durations, track.lastQueued ? firstFree(s, now) : undefined);
				s.emitJob(job, state.kind, { remoteId, progress: state.progress, etaMs: delay });
			}
			// A finished task's named result is asked for at once.
			const ref: string | undefined = state?.kind === "fetch" ? state.ref : undefined;
			try {
				if (ref === undefined) await wait(s, track, delay);
			} catch {
				release();
				return { kind: "end", outcome: { kind: "abandoned", remoteId } };
			}
			// By now the provider may well have finished this job: its slot there may take a successor.
			s.syncLimit();
			let r;
			try {
				r = await ch.call<PollOutcome & { ok: true }>(
					"poll",
					(ctx) => {
						track.lastSentAt = ctx.now;
						const a = s.opts.adapter;
						return ref !== undefined && a.buildResult ? a.buildResult(remoteId, ref, ctx) : a.buildPoll(remoteId, ctx);
					},
					(res, ctx) => answer(s, res, ctx, remoteId, ref),
					{ job, attempt, priority: ref !== undefined ? () => RESULT_PRIORITY : () => pollPriority(track, s.clock.now(), s.durations) },
				);
			} catch {
				release();
				return { kind: "end", outcome: { kind: "abandoned", remoteId } };
			}
			if (r.kind !== "failed") {
				if (r.kind !== "ok") continue;
				track.hintMs = r.meta.pollAfterMs ?? 0;
				s.sawStatus = true;
				// "Finished, fetch the result" does not reset the streaks: a result that keeps failing must end.
				if (r.value.state.kind !== "fetch") {
					attempt = 0;
					invalidStreak = 0;
				}
				state = r.value.state;
				continue;
			}
			track.hintMs = r.meta.pollAfterMs ?? 0;
			const f = r.failure;
			attempt++;
			state = undefined;
			if (f.cls === "auth") {
				release();
				s.abandon("auth", t("run.stop.provider", { message: f.message }));
				return { kind: "end", outcome: { kind: "abandoned", remoteId } };
			}
			if (f.cls === "retired") return fail(f);
			if (f.cls === "invalid" || f.cls === "policy") {
				invalidStreak++;
				if (invalidStreak >= 3 || f.cls === "policy") return fail(f);
			}
			if (f.cls === "quota") s.stop("quota", t("run.stop.provider", { message: f.message }));
			delay = Math.max(r.wait, s.pollTuning.minIntervalMs);
		}
	} finally {
		release();
	}
}

/** Reads a status answer, or the answer to a `fetch` state's result request. A result answered with another `fetch` counts as still running. */
export function answer(
	s: EngineState,
	res: Parameters<typeof s.opts.adapter.parsePoll>[0],
	ctx: Parameters<typeof s.opts.adapter.parsePoll>[1],
	remoteId: string,
	ref: string | undefined,
) {
	const a = s.opts.adapter;
	let out: PollOutcome;
	if (ref === undefined || !a.parseResult) out = a.parsePoll(res, ctx, remoteId);
	else {
		out = a.parseResult(res, ctx, remoteId);
		if (out.ok && out.state.kind === "fetch") out = { ...out, state: { kind: "running" } };
	}
	return out.ok ? { ok: true as const, value: out, meta: out.meta } : out;
}

/**
 * Waits for the job's next poll; a peer's finish may wake it early (`wake`: poll
 * now) or move it sooner (`pollBy`). Throws when the run is abandoned.
 */
async function wait(s: EngineState, track: PollTrack, ms: number): Promise<void> {
	let until = s.clock.now() + ms;
	for (;;) {
		const sc = s.wakeableScope();
		let moved = false;
		track.wake = sc.wake;
		track.pollBy = (at) => {
			if (at >= until) return;
			until = at;
			moved = true;
			sc.wake();
		};
		try {
			await s.clock.sleep(Math.max(0, until - s.clock.now()), sc.signal);
		} catch (err) {
			if (s.abandoned) throw err;
		} finally {
			track.wake = undefined;
			track.pollBy = undefined;
			sc.done();
		}
		if (!moved || s.clock.now() >= until) return;
	}
}

/** When the first of our running jobs is expected to finish (ms from now); Infinity when none says. */
function firstFree(s: EngineState, now: number): number {
	let first = Infinity;
	for (const t of s.tracks.values()) {
		if (t.lastQueued) continue;
		const left = expectedLeft(t, now, s.durations);
		if (left === null) return Infinity;
		first = Math.min(first, left);
	}
	return first;
}

/**
 * Jobs of ours surely running now: seen running, and not past the time jobs of
 * their kind take (one that is may have finished unseen, or have started late
 * unseen at a provider that queues). Confirms a probe at a provider that queues.
 */
function runningNow(s: EngineState, now: number): number {
	let n = 0;
	for (const t of s.tracks.values()) if (t.runningSince !== null && !t.lastQueued && !pastMark(t, now, s.durations)) n++;
	return n;
}

/**
 * A finished job teaches the model; peers that are now probably done are polled
 * at once, and the others of a kind whose every job fit one duration no later
 * than that duration (jobs sent together finish together: one seen done tells
 * when to look at the rest, however far their own estimates are).
 */
function learn(s: EngineState, track: PollTrack, now: number): void {
	s.durations.learn(track.key, censored(track, now, track.lastSentAt ?? now, s.sawQueued || s.policy.queues?.() === true));
	s.durations.learnCurve(track.key, curveRange(track));
	const w = s.durations.window(track.key);
	for (const t of s.tracks.values()) {
		if (t === track || !t.wake || t.key !== track.key) continue;
		if (probablyDone(t, now, s.durations)) t.wake();
		else if (w?.tight && !t.lastQueued) t.pollBy?.(started(t) + w.minHi);
	}
}

/**
 * A poll found this job still queued. The first time that happens to a job
 * accepted more than `backlogMs` ago, the provider is running fewer of ours than
 * we have in flight: tell the limit how many run (in flight minus those whose
 * latest answer was queued).
 */
function queuedFor(s: EngineState, track: PollTrack, now: number): void {
	const backlogMs = s.opts.tuning?.backlogMs ?? 60_000;
	if (track.backlogReported || now - track.submittedAt <= backlogMs || !s.policy.onBacklog) return;
	track.backlogReported = true;
	let queued = 0;
	for (const t of s.tracks.values()) if (t.lastQueued) queued++;
	s.policy.onBacklog(now, s.inFlight - queued);
	s.syncLimit();
}
