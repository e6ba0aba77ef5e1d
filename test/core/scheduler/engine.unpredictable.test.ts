/**
 * Issue 15 behaviours of the real engine against the simulator's Sora.hk routes, in
 * virtual time: a lost create answer is looked up twice 5 s apart before any
 * resubmit; a capacity Retry-After holds creates only and is shown to the user; a
 * job the provider still runs is never failed; input jobs are never changed; the
 * limit takes up capacity fast. Every check reads the simulator's request log.
 */
import { describe, expect, it } from "vitest";
import { sayText } from "../../../src/core/i18n";
import { getAdapter } from "../../../src/core/providers";
import { createRedactor } from "../../../src/core/redact";
import { runEngine, type EngineJob, type EngineResult, type EngineSink } from "../../../src/core/scheduler/engine";
import { seededRandom } from "../../../src/core/scheduler/random";
import type { HttpPort } from "../../../src/ports/http";
import { createSimulator, simBaseUrl, type Scenario, type Simulator } from "../../../src/sim";
import { download } from "../../../src/sim/drive";
import { VirtualClock } from "../../../src/clocks/virtual";
import { latencyTransport, runOurs } from "../../support/scheduler/harness";
import type { BenchScenario } from "../../support/scheduler/scenarios";

const KEY = "sk-issue15-0123456789abcdef";
const MIN = 60_000;

interface Played {
	result: EngineResult;
	sim: Simulator;
	start: number;
	warnings: string[];
	timedOut: string[];
	failed: string[];
}

/** Runs `n` Sora.hk jobs through the engine; `wrap` may intercept the transport. */
async function play(
	n: number,
	scenario: Partial<Scenario>,
	o: { wrap?: (http: HttpPort) => HttpPort; jobs?: (j: EngineJob, i: number) => EngineJob; initial?: number } = {},
): Promise<Played> {
	const clock = new VirtualClock();
	const sim = createSimulator({ clock, apiKey: KEY, scenario });
	const base = latencyTransport(sim.transport(), clock);
	const http = o.wrap ? o.wrap(base) : base;
	const redact = createRedactor([KEY]);
	const warnings: string[] = [];
	const timedOut: string[] = [];
	const failed: string[] = [];
	const sink: EngineSink = {
		submitting: () => Promise.resolve(),
		submitted: () => Promise.resolve(),
		unknown: () => Promise.resolve(),
		failed: (_j, f) => {
			failed.push(f.message);
			return Promise.resolve();
		},
		timedOut: (_j, remoteId) => {
			timedOut.push(remoteId);
			return Promise.resolve();
		},
		warn: (m) => warnings.push(sayText(m)),
		async deliver(job, remoteId, dl) {
			const r = await download(http, dl.url, dl.headers, redact, "sorahk");
			return r.ok ? { ok: true, outputPath: `out/${job.shotId}.mp4` } : { ok: false, kind: "failed", message: `download of ${remoteId} failed` };
		},
	};
	const jobs: EngineJob[] = Array.from({ length: n }, (_, i) => {
		const j: EngineJob = {
			key: `job-${i}`,
			notePath: "Issue15.md",
			shotId: `S${i + 1}`,
			take: 1,
			input: {
				model: "sora-2",
				prompt: `issue 15 shot ${i + 1}`,
				duration: 10,
				orientation: "horizontal",
				size: "1280x720",
				pro: false,
				resolution: "720p",
				aspect: "16:9",
			},
			durationKey: "sorahk/sora-2/10/std",
			expectedMs: 270_000,
			maxWaitMs: 360 * MIN,
			warnAfterMs: 35 * MIN,
		};
		return o.jobs ? o.jobs(j, i) : j;
	});
	const result = await clock.run(
		runEngine(jobs, sink, {
			provider: "sorahk",
			adapter: getAdapter("sorahk"),
			ctx: { baseUrl: simBaseUrl("http://sim.test", "sorahk"), apiKey: KEY, redact, now: clock.now() },
			http,
			clock,
			random: seededRandom(15),
			concurrency: { initial: o.initial ?? 20, max: 64, safeMode: false, requestsPerMinute: null, downloads: 2 },
			polling: { minIntervalSeconds: 5, maxIntervalSeconds: 60 },
			jitter: { minMs: 0, maxMs: 0 },
		}),
	);
	return { result, sim, start: sim.startedAt, warnings, timedOut, failed };
}

describe("a create whose answer was lost", () => {
	it("is looked up twice, 5 s apart, before it is sent again (and never sent before that)", async () => {
		let lost = false;
		const r = await play(
			1,
			{ jobDurationMs: 2 * MIN },
			{
				// The first create never reaches the provider; the client sees a 502 from a gateway.
				wrap: (inner) => ({
					async request(req, signal) {
						if (!lost && req.method === "POST") {
							lost = true;
							return { status: 502, headers: { "content-type": "text/html" }, body: new TextEncoder().encode("<html>502 Bad Gateway</html>") };
						}
						return inner.request(req, signal);
					},
				}),
			},
		);
		expect(r.result.outcomes.get("job-0")?.kind).toBe("done");
		const log = r.sim.log.filter((e) => e.route === "list" || e.route === "create");
		// What the provider saw: two lookups, then the one create.
		expect(log.map((e) => e.route)).toEqual(["list", "list", "create"]);
		const [first, second, create] = log as [(typeof log)[0], (typeof log)[0], (typeof log)[0]];
		expect(second.at - first.at).toBeGreaterThanOrEqual(5_000);
		expect(second.at - first.at).toBeLessThan(6_000);
		expect(create.at).toBeGreaterThan(second.at);
		expect(r.sim.tasks()).toHaveLength(1);
	});

	it("is adopted, not sent again, when the lookup finds it", async () => {
		const r = await play(3, { jobDurationMs: 2 * MIN, post502AfterCreate: { nth: [2] } });
		expect([...r.result.outcomes.values()].every((o) => o.kind === "done")).toBe(true);
		expect(r.sim.tasks()).toHaveLength(3);
		expect(r.sim.log.filter((e) => e.route === "list").length).toBeGreaterThanOrEqual(1);
		expect(r.result.stats.lookups).toBeGreaterThanOrEqual(1);
	});
});

describe("Retry-After scoped to what it limits", () => {
	it("a capacity 429 with Retry-After: 600 holds creates only; polls and downloads go on; the user is told when it ends", async () => {
		const r = await play(16, { capacity: 6, jobDurationMs: 3 * MIN, capacityRetryAfter: { seconds: 600, count: 1 } });
		expect([...r.result.outcomes.values()].every((o) => o.kind === "done")).toBe(true);
		const ra = r.sim.log.find((e) => e.retryAfterMs !== undefined);
		expect(ra?.fault).toBe("capacity");
		const until = (ra?.at ?? 0) + 600_000;
		const inside = r.sim.log.filter((e) => e.at > (ra?.at ?? 0) + 200 && e.at < until);
		// No create inside the window…
		expect(inside.filter((e) => e.route === "create")).toEqual([]);
		// …but the running jobs were polled and downloaded.
		expect(inside.filter((e) => e.route === "poll").length).toBeGreaterThan(0);
		expect(inside.filter((e) => e.route === "download").length).toBe(6);
		// The wait is shown once, with the provider's words and the time it ends.
		expect(r.warnings).toHaveLength(1);
		expect(r.warnings[0]).toContain("并发任务数已达上限");
		expect(r.warnings[0]).toContain(new Date(Math.floor(until / 1000) * 1000).toISOString().slice(0, 16));
		expect(r.warnings[0]).not.toContain(KEY);
	});

	it("a rate 429 with Retry-After holds every API request", async () => {
		const r = await play(12, { capacity: 20, jobDurationMs: 2 * MIN, rpm: { limit: 20, burst: 3, retryAfter: "date" } });
		expect([...r.result.outcomes.values()].every((o) => o.kind === "done")).toBe(true);
		const windows = r.sim.log.filter((e) => e.status === 429 && e.retryAfterMs !== undefined);
		expect(windows.length).toBeGreaterThan(0);
		for (const w of windows) {
			const inside = r.sim.log.filter((e) => e.route !== "download" && e.at > w.at + 200 && e.at < w.at + (w.retryAfterMs ?? 0));
			expect(inside).toEqual([]);
		}
	});
});

describe("no paid job abandoned", () => {
	it("a job still running after the old 35 min is warned about once and collected when it finishes", async () => {
		const r = await play(2, { jobDurationMs: { byModel: { "sora-2": 50 * MIN } } });
		expect([...r.result.outcomes.values()].map((o) => o.kind)).toEqual(["done", "done"]);
		expect(r.warnings.filter((w) => /still running/.test(w))).toHaveLength(2);
		expect(r.failed).toEqual([]);
		// Polled at a falling rate: no more polls than the bound for a 50 min job.
		const polls = r.sim.log.filter((e) => e.route === "poll").length / 2;
		expect(polls).toBeLessThanOrEqual(50 + 6);
	});

	it("past the wait limit it is left for resume (timed-out, remote id kept), never failed, while the provider runs it", async () => {
		const r = await play(1, { jobDurationMs: 90 * MIN }, { jobs: (j) => ({ ...j, maxWaitMs: 60 * MIN }) });
		const o = r.result.outcomes.get("job-0");
		expect(o?.kind).toBe("timed-out");
		expect(r.failed).toEqual([]);
		const task = r.sim.tasks()[0];
		expect(r.timedOut).toEqual([task?.id]);
		// The provider still ran it when the run let go.
		const lastPoll = r.sim.log.filter((e) => e.route === "poll").pop();
		expect(lastPoll?.at).toBeLessThan(task?.doneAt ?? 0);
		// Polls came further apart as it ran.
		const gaps = r.sim.log
			.filter((e) => e.route === "poll")
			.map((e, i, a) => (i === 0 ? 0 : e.at - (a[i - 1]?.at ?? 0)))
			.slice(1);
		expect(gaps[gaps.length - 1] as number).toBeGreaterThan(gaps[2] as number);
	});
});

describe("the engine does not change its input jobs", () => {
	it("runs frozen jobs, including a resumed ambiguous create, and leaves them as they were", async () => {
		const before: string[] = [];
		const r = await play(
			2,
			{ jobDurationMs: 2 * MIN },
			{
				jobs: (j, i) => {
					const job: EngineJob = i === 0 ? { ...j, resume: Object.freeze({ kind: "ambiguous" as const, since: Date.UTC(2026, 0, 1) }) } : j;
					before.push(JSON.stringify(job));
					return Object.freeze(job);
				},
			},
		);
		expect([...r.result.outcomes.values()].every((o) => o.kind === "done")).toBe(true);
		// The ambiguous one was looked up first (twice, not found), then created once.
		expect(r.sim.log.filter((e) => e.route === "list")).toHaveLength(2);
		expect(r.sim.tasks()).toHaveLength(2);
		expect(before).toHaveLength(2);
	});
});

describe("fast capacity uptake", () => {
	function scenario(sim: BenchScenario["sim"]): BenchScenario {
		return {
			id: "uptake",
			title: "uptake",
			tests: "uptake",
			n: 100,
			sim: { progressCurve: "pow1.5", jobDurationMs: 10 * MIN, ...sim },
			makespanTarget: 1.1,
			share429Target: 0.03,
		};
	}

	it("doubles from the configured 20 to a hidden 40 within the first minute, with few 429s", async () => {
		const events: Array<{ at: number; limit: number }> = [];
		let start = 0;
		const r = await runOurs(scenario({ capacity: 40 }), 1, {
			onSim: (s) => (start = s.startedAt),
			progress: { emit: (e) => (e.type === "limit" ? events.push({ at: e.at, limit: e.limit }) : undefined) },
		});
		const reached = events.find((e) => e.limit >= 40);
		expect(reached).toBeDefined();
		expect((reached?.at ?? Infinity) - start).toBeLessThan(MIN);
		expect(r.score.completed).toBe(100);
		expect(r.score.share429Own).toBeLessThanOrEqual(0.03);
	});
});
