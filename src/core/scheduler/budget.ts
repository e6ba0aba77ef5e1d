/**
 * The 429 budget: how many refusals (capacity and rate 429s) a run may cost, and
 * when the limit may spend one on a probe. Capacity 429s come from three places:
 * the first wave finding the ceiling, falls of the provider's capacity (each found
 * by the create it refuses), and probes for a rise that did not come. Only the
 * probes are a choice, so they get what the others leave: the falls seen so far,
 * at their rate, are reserved for the rest of the run first.
 */
import type { EngineState } from "./state";

/** Share of requests capacity and rate 429s may be in all (under the 3 % target). */
export const PROBE_429_SHARE = 0.027;
/** Before any job has finished (the run's length is unknown), probes come at most this often. */
const FIRST_PROBE_SPACING_MS = 5 * 60_000;
/** With the budget spent, still one probe this long after the last capacity 429. */
const HEARTBEAT_PROBE_MS = 15 * 60_000;

/**
 * Requests per job lately: over the last 20 jobs whose remote part ended (the
 * first wave, polled before anything was learned, costs more than the rest).
 */
export function requestsPerJob(s: EngineState): number {
	const marks = s.releaseMarks;
	if (marks.length >= 2) {
		const first = marks[0] as number;
		return (s.requests - first) / (marks.length - 1);
	}
	const started = s.released + s.inFlight;
	return started > 0 ? s.requests / started : 0;
}

/** The 429s this run may cost in all: `PROBE_429_SHARE` of the requests it is expected to send. */
export function budget429(s: EngineState): number {
	const left = Math.max(0, s.totalJobs - s.released);
	return PROBE_429_SHARE * (s.requests + left * requestsPerJob(s));
}

export function spent429(s: EngineState): number {
	return s.stats.capacity429 + s.stats.rate429;
}

/**
 * The 429s the rest of the run will cost whatever the probes do: the provider's
 * capacity falls, at the rate seen so far (each costs the refusals that find it).
 */
export function fallReserve(s: EngineState, now: number, timeLeft: number): number {
	const falls = s.policy.snapshot(now).falls ?? 0;
	const elapsed = now - s.startedAt;
	return elapsed > 0 ? (falls * timeLeft) / elapsed : 0;
}

/**
 * May the limit probe now (a refused probe costs a 429)? Probes get what is left
 * of the budget once the falls still to come are set aside (`fallReserve`): after
 * a refusal they are spread evenly over the run's expected length (length ÷ that
 * budget apart), and none comes when less than half that is left. After a probe
 * that succeeded, the limit's own backoff paces the next one. With nothing left,
 * one probe still comes after 15 min (or half the time since the limit last grew),
 * so a capacity that came back is found.
 */
export function probeOk(s: EngineState, now: number): boolean {
	const grewAt = s.policy.snapshot(now).grewAt ?? s.startedAt;
	const left = Math.max(0, s.totalJobs - s.released);
	const elapsed = now - s.startedAt;
	const timeLeft = s.released > 0 ? (elapsed * left) / s.released : 0;
	const total = budget429(s) - fallReserve(s, now, timeLeft);
	const since = now - s.lastCapacity429;
	if (total - spent429(s) < 1) return since >= Math.max(HEARTBEAT_PROBE_MS, (now - Math.max(s.startedAt, grewAt)) / 2);
	// The limit grew since the last refusal: capacity is moving. (A provider that
	// queues never refuses: its probes are paced by the limit's own backoff.)
	if (grewAt > s.lastCapacity429 || s.policy.queues?.() === true) return true;
	if (s.released === 0) return since >= FIRST_PROBE_SPACING_MS;
	const spacing = (elapsed + timeLeft) / (total + 1);
	return since >= spacing && timeLeft >= spacing / 2;
}
