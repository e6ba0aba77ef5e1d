/**
 * Controller transitions of the real engine (runEngine), driven through the
 * simulator's Sora.hk routes in virtual time by the bench harness. Each test reads
 * the server's request log (what the provider saw) and the engine's progress
 * events (what the UI sees). No wall clock anywhere.
 */
import { describe, expect, it } from "vitest";
import type { LimitEvent, RunEvent } from "../../../src/ports/events";
import type { Simulator } from "../../../src/sim";
import { RTT_MS, runOurs } from "../../support/scheduler/harness";
import type { BenchScenario } from "../../support/scheduler/scenarios";

const MIN = 60_000;

function scenario(id: string, n: number, sim: BenchScenario["sim"]): BenchScenario {
	return { id, title: id, tests: id, n, sim: { progressCurve: "pow1.5", jobDurationMs: 4 * MIN, ...sim }, makespanTarget: 1.05, share429Target: 0.03 };
}

async function play(s: BenchScenario, o: { safeMode?: boolean; cancelAfterMs?: number; abandonAfterMs?: number } = {}) {
	const events: RunEvent[] = [];
	let sim: Simulator | undefined;
	const run = await runOurs(s, 1, { ...o, progress: { emit: (e) => events.push(e) }, onSim: (x) => (sim = x) });
	if (!sim) throw new Error("no simulator");
	const limits = events.filter((e): e is LimitEvent => e.type === "limit");
	return { ...run, events, limits, sim, start: sim.startedAt };
}

/** Most tasks the server ever ran at once for us. */
function peakRunning(sim: Simulator): number {
	const edges: Array<[number, number]> = [];
	for (const t of sim.tasks()) {
		if (t.startedAt === null || t.doneAt === null) continue;
		edges.push([t.startedAt, 1], [t.doneAt, -1]);
	}
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let cur = 0;
	let peak = 0;
	for (const [, d] of edges) peak = Math.max(peak, (cur += d));
	return peak;
}

describe("engine: capacity 429", () => {
	it("drops the limit to what was in flight, completes every job, and rarely asks again", async () => {
		const r = await play(scenario("cap", 30, { capacity: 5 }));
		expect(r.score.completed).toBe(30);
		expect(r.engine.stats.finalLimit).toBe(5);
		// The first limit event is the configured 20; the learned ceiling follows a capacity 429.
		expect(r.limits[0]?.limit).toBe(20);
		expect(r.limits.some((e) => e.limit === 5)).toBe(true);
		expect(r.score.capacity429).toBeGreaterThan(0);
		expect(r.score.capacity429).toBeLessThanOrEqual(0.5 * 30);
		expect(r.score.duplicates).toBe(0);
		expect(peakRunning(r.sim)).toBe(5);
	});

	it("safe mode (the original's intended controller) drops to 5 slots after 2 consecutive failures", async () => {
		const r = await play(scenario("safe", 30, { capacity: 8 }), { safeMode: true });
		expect(r.score.completed).toBe(30);
		const safe = r.limits.find((e) => e.safeMode);
		expect(safe?.limit).toBe(5);
		// A capacity 429 while the safe-mode limit still admits the job backs off
		// instead of re-asking at once: far fewer 429s than requests.
		expect(r.score.share429).toBeLessThan(0.5);
	});
});

describe("engine: rate 429 and Retry-After", () => {
	it("with Retry-After: no request inside an advertised window (in-flight races aside), the rate is cut", async () => {
		const r = await play(scenario("ra", 40, { capacity: 20, rpm: { limit: 30, burst: 5, retryAfter: true } }));
		expect(r.score.completed).toBe(40);
		expect(r.score.rate429).toBeGreaterThan(0);
		expect(r.score.raViolations - r.score.raRaces).toBe(0);
		expect(r.engine.stats.rateCuts ?? 0).toBeGreaterThan(0);
		expect(r.limits.some((e) => e.rate !== null)).toBe(true);
		// Retry-After windows were honoured on the wire: every request after a 429
		// with Retry-After came after that window (or within one round trip of it).
		const log = r.sim.log;
		for (let i = 0; i < log.length; i++) {
			const e = log[i]!;
			if (e.status !== 429 || e.retryAfterMs === undefined) continue;
			const until = e.at + e.retryAfterMs;
			const inside = log.filter((x) => x.at > e.at + RTT_MS && x.at < until);
			expect(inside).toEqual([]);
		}
	});

	it("without Retry-After: repeated rate 429s that are a real share of traffic cut the rate; no job fails", async () => {
		const r = await play(scenario("rate", 40, { capacity: 20, rpm: { limit: 30, burst: 5, retryAfter: false } }));
		expect(r.score.completed).toBe(40);
		expect(r.score.rate429).toBeGreaterThan(0);
		expect(r.engine.stats.rateCuts ?? 0).toBeGreaterThan(0);
		// The unpaced first wave meets the bucket's burst of 5 before anything is
		// known; after that the cut rate keeps 429s to a small share.
		const start = r.start + 2 * MIN;
		const after = r.sim.log.filter((e) => e.at >= start && e.route !== "download");
		expect(after.filter((e) => e.status === 429).length / after.length).toBeLessThan(0.12);
		expect(r.score.share429).toBeLessThan(0.15);
		expect([...r.engine.outcomes.values()].every((o) => o.kind === "done")).toBe(true);
	});

	it("spurious 429s (no Retry-After, a small share) do not cut the rate or the limit", async () => {
		const r = await play(scenario("noise", 30, { capacity: 40, random429: 0.03 }));
		expect(r.score.completed).toBe(30);
		expect(r.score.rate429).toBeGreaterThan(0);
		expect(r.engine.stats.rateCuts ?? 0).toBe(0);
		expect(r.engine.stats.finalLimit).toBeGreaterThanOrEqual(20);
	});
});

describe("engine: outage breaker", () => {
	it("opens on consecutive 5xx, probes half-open with backoff, closes on success, keeps the learned limit", async () => {
		const from = 6 * MIN;
		const to = 11 * MIN;
		const r = await play(scenario("outage", 40, { capacity: 6, outages: [{ from, to, status: 503 }] }));
		expect(r.score.completed).toBe(40);
		const states = r.limits.map((e) => e.breaker).filter((b, i, a) => i === 0 || a[i - 1] !== b);
		expect(states[0]).toBe("closed");
		expect(states).toContain("open");
		expect(states).toContain("half-open");
		expect(states[states.length - 1]).toBe("closed");
		// Open → half-open → (open again while the outage lasts) … → closed.
		const iOpen = states.indexOf("open");
		expect(states[iOpen + 1]).toBe("half-open");
		// The breaker opened during the outage and closed after it.
		const opened = r.limits.find((e) => e.breaker === "open")!.at - r.start;
		const closedAgain = r.limits.filter((e) => e.breaker === "closed" && e.at - r.start > opened)[0]!.at - r.start;
		expect(opened).toBeGreaterThanOrEqual(from);
		expect(opened).toBeLessThan(to);
		expect(closedAgain).toBeGreaterThanOrEqual(to);
		expect(closedAgain - to).toBeLessThanOrEqual(60_000);
		// While open, at most one probe at a time: outage-answered requests are few.
		const wasted = r.sim.log.filter((e) => e.fault === "outage");
		expect(wasted.length).toBeLessThanOrEqual(3 + 6 + (to - from) / 5_000);
		// Outage is not a capacity signal: the limit learned before is kept (or one
		// above it: a probe the 429 budget allowed may be open when the run ends).
		expect(r.engine.stats.finalLimit).toBeGreaterThanOrEqual(6);
		expect(r.engine.stats.finalLimit).toBeLessThanOrEqual(7);
		expect(r.score.recoveryMs[0]).not.toBeNull();
		expect(r.score.recoveryMs[0]!).toBeLessThanOrEqual(60_000);
		expect(r.score.duplicates).toBe(0);
	});
});

describe("engine: quota and cancel", () => {
	it("a quota answer stops the run cleanly: no more creates, every created task delivered", async () => {
		const r = await play(scenario("quota", 30, { capacity: 6, quotaAfterCreates: 10 }));
		expect(r.engine.stopped).toBe("quota");
		expect(r.score.completed).toBe(10);
		expect(r.score.lostTasks).toBe(0);
		expect(r.score.duplicates).toBe(0);
		const firstQuota = r.sim.log.find((e) => e.fault === "quota")!;
		// Only creates already on the wire when the first quota answer came back may follow.
		const later = r.sim.log.filter((e) => e.route === "create" && e.at > firstQuota.at + RTT_MS);
		expect(later).toEqual([]);
		const outcomes = [...r.engine.outcomes.values()];
		expect(outcomes.filter((o) => o.kind === "done")).toHaveLength(10);
		expect(outcomes.filter((o) => o.kind === "cancelled")).toHaveLength(20);
	});

	it("cancel stops new submits at once and still delivers what was submitted", async () => {
		const cancelAt = 5 * MIN;
		const r = await play(scenario("cancel", 30, { capacity: 6 }), { cancelAfterMs: cancelAt });
		expect(r.engine.stopped).toBe("cancel");
		const creates = r.sim.log.filter((e) => e.route === "create");
		expect(creates.filter((e) => e.at > r.start + cancelAt + RTT_MS)).toEqual([]);
		const created = r.sim.tasks().length;
		expect(created).toBeGreaterThan(0);
		expect(created).toBeLessThan(30);
		// Paid-for tasks keep being polled and are delivered.
		expect(r.score.completed).toBe(created);
		expect(r.score.lostTasks).toBe(0);
		const outcomes = [...r.engine.outcomes.values()];
		expect(outcomes.filter((o) => o.kind === "done")).toHaveLength(created);
		expect(outcomes.filter((o) => o.kind === "cancelled")).toHaveLength(30 - created);
	});

	it("abandon stops every request at once and keeps the remote ids of submitted jobs for resume", async () => {
		const abandonAt = 5 * MIN;
		const r = await play(scenario("abandon", 30, { capacity: 6 }), { abandonAfterMs: abandonAt });
		expect(r.engine.stopped).toBe("abandon");
		// Nothing is sent after the abandon (a request already on the wire may still arrive).
		expect(r.sim.log.filter((e) => e.at > r.start + abandonAt + RTT_MS)).toEqual([]);
		const outcomes = [...r.engine.outcomes.values()];
		const abandoned = outcomes.filter((o) => o.kind === "abandoned");
		const running = r.sim.tasks().filter((t) => t.createdAt <= r.start + abandonAt && (t.doneAt ?? Infinity) > r.start + abandonAt);
		expect(running.length).toBeGreaterThan(0);
		// Every task still running at the provider is reported with its remote id.
		const kept = new Set(abandoned.map((o) => (o.kind === "abandoned" ? o.remoteId : undefined)).filter(Boolean));
		for (const t of running) expect(kept.has(t.id)).toBe(true);
		// No job is left without an outcome, and none was submitted twice.
		expect(r.engine.outcomes.size).toBe(30);
		expect(r.score.duplicates).toBe(0);
	});
});

/** Most of our tasks ever waiting in the provider's queue at once, counting from `from` on. */
function peakQueued(sim: Simulator, from: number): number {
	const edges: Array<[number, number]> = [];
	for (const t of sim.tasks()) {
		edges.push([t.createdAt, 1], [t.startedAt ?? Infinity, -1]);
	}
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let cur = 0;
	let peak = 0;
	for (const [at, d] of edges) {
		cur += d;
		if (at >= from) peak = Math.max(peak, cur);
	}
	return peak;
}

describe("engine: a provider that queues instead of rejecting", () => {
	it("keeps successors in the provider's queue just before slots free; a rejecting provider gets none", async () => {
		const C = 5;
		const q = await play(scenario("queue", 60, { capacity: C, queueInsteadOfReject: true }));
		expect(q.score.completed).toBe(60);
		expect(q.score.duplicates).toBe(0);
		expect(q.score.raViolations).toBe(0);
		expect(q.score.pollsPerJob!).toBeLessThanOrEqual(q.score.pollBound!);
		const tasks = q.sim.tasks();
		// The first wave (20 submitted before any status is known) queues 15; the
		// engine learns from it that this provider queues. Count once that has drained.
		const firstWave = [...tasks].sort((a, b) => a.createdAt - b.createdAt).slice(0, 20);
		const drained = Math.max(...firstWave.map((t) => t.startedAt ?? Infinity));
		expect(Number.isFinite(drained)).toBe(true);
		// At most one successor ahead per running job (a wave that finishes together is
		// replaced at once), plus the limit's own +1 probe.
		expect(peakQueued(q.sim, drained)).toBeLessThanOrEqual(C + 1);
		// (From a minute later on: the first wave's tasks that just started are still in flight.)
		const after = q.limits.filter((e) => e.at > drained + MIN);
		for (const e of after) expect(e.inFlight - e.limit).toBeLessThanOrEqual(e.limit);
		expect(Math.max(...after.map((e) => e.inFlight - e.limit))).toBeGreaterThan(0);
		// Successors submitted ahead wait briefly (within the 20 s lead) and start the
		// instant a slot frees: their start is another task's finish.
		const finishes = new Set(tasks.map((t) => t.doneAt));
		const ahead = tasks.filter(
			(t) => t.createdAt > drained && t.startedAt !== null && t.startedAt - t.createdAt >= 1_000 && t.startedAt - t.createdAt <= 20_000,
		);
		// (With nothing sent ahead, only 3 of the 40 start that way here.)
		expect(ahead.length).toBeGreaterThanOrEqual(3 * C);
		for (const t of ahead) expect(finishes.has(t.startedAt)).toBe(true);

		// A provider that rejects above capacity: never more in flight than the limit,
		// so nothing is sent ahead to collect a capacity 429.
		const r = await play(scenario("reject", 60, { capacity: C }));
		expect(r.score.completed).toBe(60);
		// (A job the run presumes done, past the one duration its kind takes, may still be
		// counted in flight while its successor is created: the provider has finished it.)
		const rt = r.sim.tasks();
		for (const e of r.limits) {
			const running = rt.filter((t) => t.createdAt <= e.at && (t.doneAt === null || t.doneAt > e.at)).length;
			expect(Math.min(e.inFlight, running)).toBeLessThanOrEqual(e.limit);
		}
		expect(r.score.capacity429).toBeLessThanOrEqual(0.5 * 60);
	});
});
