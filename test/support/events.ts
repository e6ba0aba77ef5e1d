/**
 * Builders for run events (src/ports/events.ts), the stream the queue view, status
 * bar, notices, CLI display and run log are built from. Each has defaults for a run
 * over Ep.md; a job event's key follows its note, shot and take.
 */
import type { JobEvent, LimitEvent, RunStartEvent, StopEvent, SummaryEvent, WarningEvent } from "../../src/ports/events";
import { jobKey } from "./jobs";

/** A job event: shot s01, take 1 of Ep.md, pending at time 0 unless overridden. */
export function jobEvent(over: Partial<Omit<JobEvent, "type">> = {}): JobEvent {
	const notePath = over.notePath ?? "Ep.md";
	const shotId = over.shotId ?? "s01";
	const take = over.take ?? 1;
	return { type: "job", at: 0, key: jobKey(notePath, shotId, take), notePath, shotId, take, state: "pending", ...over };
}

/** The run's first event: `ready` jobs of `jobs` (default 3 of 3), nothing skipped or invalid. */
export function runStart(over: Partial<Omit<RunStartEvent, "type">> = {}): RunStartEvent {
	const jobs = over.jobs ?? 3;
	return { type: "run-start", at: 0, runId: "r1", jobs, ready: jobs, skipped: 0, invalid: 0, costEstimate: null, ...over };
}

/** The scheduler's limit for Sora.hk: 12 slots, breaker closed, no rate limit, not in safe mode. */
export function limitEvent(over: Partial<Omit<LimitEvent, "type">> = {}): LimitEvent {
	return { type: "limit", at: 0, provider: "sorahk", limit: 12, inFlight: 0, breaker: "closed", rate: null, safeMode: false, ...over };
}

export function warningEvent(message: string, over: Partial<Omit<WarningEvent, "type" | "message">> = {}): WarningEvent {
	return { type: "warning", at: 0, message, ...over };
}

export function stopEvent(reason: StopEvent["reason"], message: string, over: Partial<Omit<StopEvent, "type" | "reason" | "message">> = {}): StopEvent {
	return { type: "stop", at: 0, reason, message, ...over };
}

/** The run's last event; every count 0 unless given. */
export function summaryEvent(over: Partial<Omit<SummaryEvent, "type">> = {}): SummaryEvent {
	return {
		type: "summary",
		at: 0,
		submitted: 0,
		succeeded: 0,
		failed: 0,
		skipped: 0,
		resumed: 0,
		invalid: 0,
		unknown: 0,
		duplicates: 0,
		cost_estimate: null,
		...over,
	};
}

/** An event as a line of the NDJSON run log (`{"run": id, ...event}`). */
export function logLine(event: object, run = "r1"): string {
	return JSON.stringify({ run, ...event });
}
