/**
 * The control loop: once a tick it tells the limit whether work is waiting on it
 * (so it may probe or grow), whether the provider is queueing ours, and how many
 * successors to keep in a queueing provider's queue; then it resizes the actuator.
 */
import { eta } from "./poll";
import type { EngineState } from "./state";

export async function controlLoop(s: EngineState): Promise<void> {
	const tickMs = s.opts.tuning?.tickMs ?? 1000;
	const backlogMs = s.opts.tuning?.backlogMs ?? 60_000;
	while (!s.finished && !s.abandoned) {
		try {
			await s.clock.sleep(tickMs, s.abandonSignal);
		} catch {
			return;
		}
		const now = s.clock.now();
		const waiting = s.remote.pendingCount > 0 || s.creating > 0;
		const limit = s.policy.current(now);
		// No growth while the breaker is not closed: an outage says nothing about capacity.
		// Nor before any job's status is known: acceptance alone may only mean queued.
		// Nor while creates are held by a Retry-After: the limit is not what holds them.
		const bound = waiting && s.inFlight >= limit && !s.stopReason && s.breaker.current === "closed" && s.sawStatus && s.rate.createHoldUntil() <= now;
		let backlog = false;
		let allRunning = true;
		for (const t of s.tracks.values()) {
			if (t.runningSince === null || t.lastQueued) allRunning = false;
			if (t.lastQueued && now - t.submittedAt > backlogMs) backlog = true;
		}
		s.policy.tick(now, bound, backlog, { probeOk: s.probeOk(), allRunning });
		s.prefetch = prefetchFor(s, now);
		s.syncLimit();
	}
}

/**
 * How many successors to keep in the provider's queue ahead of time. Only once
 * the provider has been seen to queue (a rejecting provider would answer them
 * with capacity 429s), only for running jobs whose ETA (from their progress) is
 * within the lead, and never more than a share of the limit. A job past its ETA
 * stops counting, so a slower provider does not collect a long queue of ours.
 */
function prefetchFor(s: EngineState, now: number): number {
	if (!s.policy.queues?.() || s.stopReason || s.breaker.current !== "closed") return 0;
	const share = s.opts.tuning?.prefetchShare ?? 1;
	if (!(share > 0)) return 0;
	const leadMs = s.opts.tuning?.prefetchLeadMs ?? 20_000;
	const cap = Math.max(1, Math.ceil(share * s.policy.current(now)));
	let soon = 0;
	for (const t of s.tracks.values()) {
		if (t.runningSince === null || t.lastQueued) continue;
		const left = eta(t, now, s.durations.expected(t.key, t.expectedMs)) ?? modelLeft(s, t, now);
		if (left !== null && left <= leadMs) soon++;
	}
	return Math.min(cap, soon);
}

/** Time left by the learned duration, when no progress is reported. */
function modelLeft(s: EngineState, t: { key: string; runningSince: number | null; submittedAt: number }, now: number): number | null {
	const w = s.durations.window(t.key);
	if (!w) return null;
	const left = (w.tight ? w.minHi : w.median) - (now - (t.runningSince ?? t.submittedAt));
	return left > 0 ? left : null;
}
