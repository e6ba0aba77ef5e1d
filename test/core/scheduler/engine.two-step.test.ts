/**
 * Two-step results in the real engine: a poll that says "finished, here is a file id"
 * (RemoteState `fetch`) is followed at once by the adapter's `buildResult` request, and
 * what `parseResult` answers is delivered. The refresh of an expired link goes the same
 * way. Driven in virtual time against the simulator's MiniMax routes.
 */
import { describe, expect, it } from "vitest";
import { getAdapter } from "../../../src/core/providers";
import type { DownloadRequest, PollOutcome, ProviderAdapter, VideoJobInput } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import { runEngine, type DeliverControl, type EngineJob, type EngineResult, type EngineSink } from "../../../src/core/scheduler/engine";
import { seededRandom } from "../../../src/core/scheduler/random";
import { createSimulator, simBaseUrl, type Simulator } from "../../../src/sim";
import { download } from "../../../src/sim/drive";
import { sampleInput } from "../../../src/sim/samples";
import { VirtualClock } from "../../../src/clocks/virtual";

const KEY = "sk-two-step-0123456789abcdef";
const MIN = 60_000;

interface Run {
	result: EngineResult;
	sim: Simulator;
	delivered: DownloadRequest[];
	refreshed: Array<DownloadRequest | null>;
	failed: string[];
}

async function run(
	adapter: ProviderAdapter,
	n: number,
	deliver?: (dl: DownloadRequest, ctl: DeliverControl, bytes: (d: DownloadRequest) => Promise<boolean>) => Promise<boolean>,
): Promise<Run> {
	const clock = new VirtualClock();
	const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 3 * MIN } });
	const http = sim.transport();
	const redact = createRedactor([KEY]);
	const delivered: DownloadRequest[] = [];
	const refreshed: Array<DownloadRequest | null> = [];
	const failed: string[] = [];
	const fetchBytes = async (d: DownloadRequest) => (await download(http, d.url, d.headers, redact, "minimax")).ok;
	const sink: EngineSink = {
		submitting: () => Promise.resolve(),
		submitted: () => Promise.resolve(),
		unknown: () => Promise.resolve(),
		failed: (_job, f) => {
			failed.push(f.message);
			return Promise.resolve();
		},
		timedOut: () => Promise.resolve(),
		async deliver(job, _remoteId, dl, ctl) {
			delivered.push(dl);
			const wrapped: DeliverControl = {
				signal: ctl.signal,
				refresh: async () => {
					const r = await ctl.refresh();
					refreshed.push(r);
					return r;
				},
			};
			const ok = deliver ? await deliver(dl, wrapped, fetchBytes) : await fetchBytes(dl);
			return ok ? { ok: true, outputPath: `out/${job.shotId}.mp4` } : { ok: false, kind: "failed", message: "download failed" };
		},
	};
	const input: VideoJobInput = sampleInput("minimax");
	const jobs: EngineJob[] = Array.from({ length: n }, (_, i) => ({
		key: `job-${i}`,
		notePath: "Two.md",
		shotId: `S${i + 1}`,
		take: 1,
		input: { ...input, prompt: `shot ${i + 1}` },
		durationKey: "minimax/MiniMax-Hailuo-2.3/6/std",
		expectedMs: 2 * MIN,
		maxWaitMs: 35 * MIN,
	}));
	const result = await clock.run(
		runEngine(jobs, sink, {
			provider: "minimax",
			adapter,
			ctx: { baseUrl: simBaseUrl("http://sim.test", "minimax"), apiKey: KEY, redact, now: clock.now() },
			http,
			clock,
			random: seededRandom(7),
			concurrency: { initial: 4, max: 8, safeMode: false, requestsPerMinute: null, downloads: 2 },
			polling: { minIntervalSeconds: 5, maxIntervalSeconds: 60 },
			jitter: { minMs: 0, maxMs: 0 },
		}),
	);
	return { result, sim, delivered, refreshed, failed };
}

function retrieves(sim: Simulator): number {
	return sim.log.filter((e) => e.path.includes("/files/retrieve")).length;
}

describe("engine: two-step results (fetch → buildResult → parseResult)", () => {
	it("asks for the named file right after the finished poll and delivers its signed URL", async () => {
		const r = await run(getAdapter("minimax"), 3);
		expect([...r.result.outcomes.values()].map((o) => o.kind)).toEqual(["done", "done", "done"]);
		expect(retrieves(r.sim)).toBe(3);
		expect(r.delivered).toHaveLength(3);
		for (const d of r.delivered) {
			expect(d.url).toMatch(/^http:\/\/sim\.test\/files\/[0-9a-f]+\.mp4\?Expires=\d+&/);
			expect(d.headers).toEqual({});
		}
		// Each retrieve follows a query that said Success, with no poll interval between them.
		const log = r.sim.log;
		for (let i = 0; i < log.length; i++) {
			const e = log[i];
			if (!e?.path.includes("/files/retrieve")) continue;
			const before = log
				.slice(0, i)
				.reverse()
				.find((x) => x.route === "poll");
			expect(before).toBeDefined();
			expect(e.at - (before?.at ?? 0)).toBe(0);
		}
	});

	it("refresh (an expired link) polls again and fetches the file again for a fresh URL", async () => {
		const r = await run(getAdapter("minimax"), 1, async (dl, ctl, bytes) => {
			const fresh = await ctl.refresh();
			return fresh !== null && fresh.url.length > 0 && (await bytes(fresh));
		});
		expect(r.result.outcomes.get("job-0")?.kind).toBe("done");
		expect(r.refreshed).toHaveLength(1);
		expect(r.refreshed[0]?.url).toMatch(/\/files\/[0-9a-f]+\.mp4\?Expires=/);
		expect(retrieves(r.sim)).toBe(2);
	});

	it("a transient failure of the result request is retried; a result that keeps being refused ends the job", async () => {
		const base = getAdapter("minimax");
		let calls = 0;
		const flaky: ProviderAdapter = {
			...base,
			parseResult(res, ctx, taskId): PollOutcome {
				calls++;
				if (calls === 1) return { ok: false, failure: { cls: "outage", message: "minimax 503: try again" }, meta: { status: 503 } };
				return base.parseResult?.(res, ctx, taskId) ?? { ok: false, failure: { cls: "invalid", message: "none" }, meta: { status: 0 } };
			},
		};
		const ok = await run(flaky, 1);
		expect(ok.result.outcomes.get("job-0")?.kind).toBe("done");
		expect(retrieves(ok.sim)).toBe(2);

		const refused: ProviderAdapter = {
			...base,
			parseResult: () => ({ ok: false, failure: { cls: "invalid", message: "minimax code 2013: invalid params, file_id" }, meta: { status: 200 } }),
		};
		const bad = await run(refused, 1);
		expect(bad.result.outcomes.get("job-0")).toMatchObject({ kind: "failed" });
		expect(retrieves(bad.sim)).toBe(3);
		expect(bad.failed).toEqual(["minimax code 2013: invalid params, file_id"]);
	});

	it("an adapter that answers fetch but cannot fetch fails the job instead of looping", async () => {
		const base = getAdapter("minimax");
		const broken: ProviderAdapter = { ...base, buildResult: undefined, parseResult: undefined };
		const r = await run(broken, 1);
		expect(r.result.outcomes.get("job-0")).toMatchObject({ kind: "failed" });
		expect(r.failed[0]).toMatch(/cannot fetch/);
		expect(retrieves(r.sim)).toBe(0);
	});
});
