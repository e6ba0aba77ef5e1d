/**
 * Scores one run from what the server saw: the simulator's request log and its
 * task table. Nothing here reads the scheduler's own counters.
 *
 * - completion: jobs (prompts) whose video was downloaded.
 * - detection of a task: the first 200 status poll at or after it finished, or its
 *   download, whichever came first. A job's detection is its earliest detected task.
 *   Detection delay counts from when the server could first report the finish: the
 *   finish itself, or the end of the outage it finished in (reference §4.5 measures
 *   detection outside outages; the oracle too only sees such a job at the outage end).
 * - makespan: start → the last completed job's detection.
 * - Retry-After violation: a request that arrived before (arrival of an earlier
 *   answer carrying Retry-After) + that Retry-After, where that window covers it: a
 *   capacity 429 on a create limits creates only; any other 429 or 503 from the API
 *   limits every API request (create, poll, list); downloads come from the file host
 *   and are limited only by a Retry-After on a download. A violation that arrived less than one round trip after that answer
 *   was already on the wire when the answer was sent: an in-flight race. Both are
 *   counted.
 * - detection over target: completed jobs whose detection delay exceeds
 *   max(5 s, 10 % of their duration) (the p95 target: at most 5 % of jobs).
 * - duplicates: Σ over prompts of max(0, tasks created − jobs with that prompt).
 * - polls per job: status GETs / completed jobs, against Σ(T/60 s + 6) / completed.
 * - outage waste: requests answered with an outage 5xx.
 * - recovery: outage end → the first instant the server runs (queued or running)
 *   ≥ 0.9 · min(C, jobs not finished yet) of our tasks.
 */
import type { SimLogEntry, SimTask } from "../../../src/sim";
import { capacityAt } from "./oracle";

export interface ScoreInput {
	log: readonly SimLogEntry[];
	tasks: readonly SimTask[];
	/** Prompt of each job. */
	prompts: readonly string[];
	startedAt: number;
	/** Only count log entries and tasks up to this time (inclusive); default all. */
	until?: number;
	capacity: number | Array<{ at: number; value: number }>;
	outages: Array<{ from: number; to: number }>;
	/** Network round trip of the bench transport (ms), to tell races from violations. */
	rttMs: number;
}

export interface Score {
	jobs: number;
	completed: number;
	completionPct: number;
	makespanMs: number | null;
	requests: number;
	creates: number;
	polls: number;
	lookups: number;
	downloads: number;
	r429: number;
	capacity429: number;
	rate429: number;
	share429: number;
	/** 429 share without the injected spurious 429s (S7's noise is not ours to avoid). */
	share429Own: number;
	raViolations: number;
	raRaces: number;
	duplicates: number;
	pollsPerJob: number | null;
	pollBound: number | null;
	detectMeanMs: number | null;
	detectP95Ms: number | null;
	/** Share of completed jobs detected later than max(5 s, 10 % of their duration). */
	detectOverShare: number | null;
	outageWaste: number;
	/** Mean seconds between outage-answered requests over the outage windows (null without waste). */
	outageGapS: number | null;
	/** One per outage window; null when the threshold was never reached. */
	recoveryMs: Array<number | null>;
	/** Tasks created whose job never completed (lost work). */
	lostTasks: number;
	/** Creates that got a quota error (a clean stop has a few at most). */
	quotaErrors: number;
}

function percentile(xs: number[], p: number): number | null {
	if (xs.length === 0) return null;
	const s = [...xs].sort((a, b) => a - b);
	const i = Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1));
	return s[i] as number;
}

export function score(input: ScoreInput): Score {
	const until = input.until ?? Infinity;
	const log = input.log.filter((e) => e.at <= until);
	const tasks = input.tasks.filter((t) => t.createdAt <= until);
	const byId = new Map(tasks.map((t) => [t.id, t]));
	const jobsByPrompt = new Map<string, number>();
	for (const p of input.prompts) jobsByPrompt.set(p, (jobsByPrompt.get(p) ?? 0) + 1);

	// Detection per task, downloads per task.
	const detectedAt = new Map<string, number>();
	const downloaded = new Set<string>();
	for (const e of log) {
		if (!e.taskId) continue;
		const t = byId.get(e.taskId);
		if (!t || t.doneAt === null) continue;
		const seesDone = (e.route === "poll" && e.status === 200 && e.at >= t.doneAt) || (e.route === "download" && e.status === 200);
		if (seesDone && !detectedAt.has(t.id)) detectedAt.set(t.id, e.at);
		if (e.route === "download" && e.status === 200) downloaded.add(t.id);
	}
	// Completion per job (prompt): its earliest downloaded task.
	const donePrompts = new Map<string, { detected: number; task: SimTask }>();
	for (const id of downloaded) {
		const t = byId.get(id) as SimTask;
		const d = detectedAt.get(id) as number;
		const prev = donePrompts.get(t.prompt);
		if (jobsByPrompt.has(t.prompt) && (!prev || d < prev.detected)) donePrompts.set(t.prompt, { detected: d, task: t });
	}
	const completed = donePrompts.size;
	const visibleAt = (doneAt: number): number => {
		const o = input.outages.find((w) => doneAt >= input.startedAt + w.from && doneAt < input.startedAt + w.to);
		return o ? input.startedAt + o.to : doneAt;
	};
	let makespanMs: number | null = null;
	const delays: number[] = [];
	let bound = 0;
	let over = 0;
	for (const { detected, task } of donePrompts.values()) {
		makespanMs = Math.max(makespanMs ?? 0, detected - input.startedAt);
		const delay = detected - visibleAt(task.doneAt as number);
		delays.push(delay);
		if (delay > Math.max(5_000, 0.1 * task.durationMs)) over++;
		bound += task.durationMs / 60_000 + 6;
	}

	// Requests.
	let creates = 0;
	let polls = 0;
	let lookups = 0;
	let downloads = 0;
	let r429 = 0;
	let capacity429 = 0;
	let rate429 = 0;
	let outageWaste = 0;
	let quotaErrors = 0;
	let random429 = 0;
	let raViolations = 0;
	let raRaces = 0;
	// Advertised windows, in arrival order, per scope (creates only, or every
	// request): the latest end of any window so far, and of those answered at least
	// one round trip before the current request.
	const scopes = {
		create: { maxUntil: -Infinity, maxUntilOld: -Infinity },
		all: { maxUntil: -Infinity, maxUntilOld: -Infinity },
		download: { maxUntil: -Infinity, maxUntilOld: -Infinity },
	};
	const pending: Array<{ at: number; until: number; scope: keyof typeof scopes }> = [];
	let head = 0;
	for (const e of log) {
		if (e.route === "create") creates++;
		else if (e.route === "poll") polls++;
		else if (e.route === "list") lookups++;
		else if (e.route === "download") downloads++;
		if (e.status === 429) {
			r429++;
			if (e.fault === "capacity") capacity429++;
			else rate429++;
		}
		if (e.fault === "outage") outageWaste++;
		if (e.fault === "quota") quotaErrors++;
		if (e.fault === "random429") random429++;
		// Is this request inside an earlier advertised window that covers it? A race
		// when every such window was advertised less than one round trip before it arrived.
		while (head < pending.length && e.at - (pending[head] as { at: number }).at >= input.rttMs) {
			const w = pending[head] as { until: number; scope: keyof typeof scopes };
			scopes[w.scope].maxUntilOld = Math.max(scopes[w.scope].maxUntilOld, w.until);
			head++;
		}
		const covering = e.route === "create" ? [scopes.all, scopes.create] : e.route === "download" ? [scopes.download] : [scopes.all];
		if (covering.some((c) => e.at < c.maxUntil)) {
			raViolations++;
			if (!covering.some((c) => e.at < c.maxUntilOld)) raRaces++;
		}
		if (e.retryAfterMs !== undefined && (e.status === 429 || e.status === 503)) {
			const scope = e.fault === "capacity" && e.route === "create" ? "create" : e.route === "download" ? "download" : "all";
			const w = { at: e.at, until: e.at + e.retryAfterMs, scope } as const;
			pending.push(w);
			scopes[scope].maxUntil = Math.max(scopes[scope].maxUntil, w.until);
		}
	}

	// Duplicates.
	const createsByPrompt = new Map<string, number>();
	for (const t of tasks) createsByPrompt.set(t.prompt, (createsByPrompt.get(t.prompt) ?? 0) + 1);
	let duplicates = 0;
	let lostTasks = 0;
	for (const [p, c] of createsByPrompt) {
		duplicates += Math.max(0, c - (jobsByPrompt.get(p) ?? 0));
		if (!donePrompts.has(p)) lostTasks += c;
	}

	// Recovery after each outage.
	const recoveryMs: Array<number | null> = [];
	for (const o of input.outages) {
		const end = input.startedAt + o.to;
		const instants = [end, ...tasks.map((t) => t.createdAt).filter((x) => x > end)].sort((a, b) => a - b);
		let rec: number | null = null;
		for (const x of instants) {
			const inflight = tasks.filter((t) => t.createdAt <= x && (t.doneAt === null || t.doneAt > x)).length;
			const finishedPrompts = new Set(tasks.filter((t) => t.doneAt !== null && t.doneAt <= x).map((t) => t.prompt));
			const remaining = input.prompts.filter((p) => !finishedPrompts.has(p)).length;
			const need = Math.ceil(0.9 * Math.min(capacityAt(input.capacity, x - input.startedAt), remaining) - 1e-9);
			if (inflight >= need) {
				rec = x - end;
				break;
			}
		}
		recoveryMs.push(rec);
	}

	const requests = log.length;
	return {
		jobs: input.prompts.length,
		completed,
		completionPct: (100 * completed) / input.prompts.length,
		makespanMs,
		requests,
		creates,
		polls,
		lookups,
		downloads,
		r429,
		capacity429,
		rate429,
		share429: requests ? r429 / requests : 0,
		share429Own: requests ? (r429 - random429) / requests : 0,
		raViolations,
		raRaces,
		duplicates,
		pollsPerJob: completed ? polls / completed : null,
		pollBound: completed ? bound / completed : null,
		detectMeanMs: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : null,
		detectP95Ms: percentile(delays, 0.95),
		detectOverShare: delays.length ? over / delays.length : null,
		outageWaste,
		outageGapS: outageWaste ? input.outages.reduce((a, o) => a + (o.to - o.from), 0) / 1000 / outageWaste : null,
		recoveryMs,
		lostTasks,
		quotaErrors,
	};
}
