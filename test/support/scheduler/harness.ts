/**
 * Runs one policy on one scenario and seed in virtual time: a fresh simulator and
 * VirtualClock, the real Sora.hk adapter, and a transport that adds a fixed network
 * delay each way (the server logs a request when it arrives). Returns the server's
 * view, scored by score.ts.
 */
import { sayText } from "../../../src/core/i18n";
import { getAdapter } from "../../../src/core/providers";
import type { ProviderContext, VideoJobInput } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import { runEngine, type EngineJob, type EngineResult, type EngineSink } from "../../../src/core/scheduler/engine";
import { seededRandom } from "../../../src/core/scheduler/random";
import { DEFAULT_SETTINGS } from "../../../src/core/settings";
import type { ProgressPort } from "../../../src/ports/progress";
import type { Clock } from "../../../src/ports/clock";
import type { HttpPort } from "../../../src/ports/http";
import { createSimulator, simBaseUrl, type Simulator } from "../../../src/sim";
import { SimModel } from "../../../src/sim/model";
import { loadScenario } from "../../../src/sim/scenario";
import { download } from "../../../src/sim/drive";
import { VirtualClock } from "../../../src/clocks/virtual";
import { bestOracle, oracle } from "./oracle";
import { OriginalWorker, runOriginalWithReruns } from "./original";
import { jobSpec, promptOf, type BenchScenario } from "./scenarios";
import { score, type Score } from "./score";

/** One-way network delay: a request reaches the server 100 ms after it is sent. */
export const ONE_WAY_MS = 100;
export const RTT_MS = 2 * ONE_WAY_MS;
const API_KEY = "sk-bench-0123456789";
const ORIGIN = "http://sim.local";
const START = Date.UTC(2026, 0, 1);

export function latencyTransport(inner: HttpPort, clock: Clock, oneWayMs = ONE_WAY_MS): HttpPort {
	return {
		async request(req, signal) {
			await clock.sleep(oneWayMs, signal);
			const res = await inner.request(req, signal);
			await clock.sleep(oneWayMs, signal);
			return res;
		},
	};
}

export interface BenchJob {
	prompt: string;
	input: VideoJobInput;
}

export function benchJobs(s: BenchScenario, seed: number): BenchJob[] {
	return Array.from({ length: s.n }, (_, i) => {
		const spec = jobSpec(s, i);
		const prompt = promptOf(s, seed, i);
		return {
			prompt,
			input: {
				model: "sora-2",
				prompt,
				duration: spec.seconds,
				orientation: "horizontal",
				size: "1280x720",
				pro: spec.pro,
				resolution: "720p",
				aspect: "16:9",
			},
		};
	});
}

function outagesOf(s: BenchScenario): Array<{ from: number; to: number }> {
	return (s.sim.outages ?? []).map((o) => ({ from: o.from, to: o.to }));
}

/** The durations the simulator gives the first N creates (N = the quota in S12), in job order. */
function oracleInput(s: BenchScenario, seed: number) {
	const clock = new VirtualClock(START);
	const model = new SimModel(clock, loadScenario(s.sim), seed);
	const jobs = benchJobs(s, seed);
	const n = s.sim.quotaAfterCreates ?? jobs.length;
	const durations = jobs.slice(0, n).map((j) => model.durationFor("sora-2", j.input.duration));
	return { durations, capacity: s.sim.capacity ?? 1_000_000, outages: outagesOf(s) };
}

/** The oracle's makespan: greedy list scheduling in job order. */
export function oracleMakespan(s: BenchScenario, seed: number): number {
	return oracle(oracleInput(s, seed)).makespanMs;
}

/** For reference: the better of job order and longest-first order. */
export function bestOracleMakespan(s: BenchScenario, seed: number): number {
	return bestOracle(oracleInput(s, seed)).makespanMs;
}

function newSim(
	s: BenchScenario,
	seed: number,
	wrap?: (http: HttpPort) => HttpPort,
): { clock: VirtualClock; sim: Simulator; http: HttpPort; ctx: () => ProviderContext } {
	const clock = new VirtualClock(START);
	const sim = createSimulator({ scenario: s.sim, clock, seed, apiKey: API_KEY });
	const inner = sim.transport();
	const http = latencyTransport(wrap ? wrap(inner) : inner, clock);
	const redact = createRedactor([API_KEY]);
	const baseUrl = simBaseUrl(ORIGIN, "sorahk");
	return { clock, sim, http, ctx: () => ({ baseUrl, apiKey: API_KEY, redact, now: clock.now() }) };
}

function scoreOf(s: BenchScenario, sim: Simulator, jobs: BenchJob[], until?: number): Score {
	return score({
		log: sim.log,
		tasks: sim.tasks(),
		prompts: jobs.map((j) => j.prompt),
		startedAt: sim.startedAt,
		until,
		capacity: s.sim.capacity ?? 1_000_000,
		outages: outagesOf(s),
		rttMs: RTT_MS,
	});
}

export interface OursRun {
	score: Score;
	engine: EngineResult;
	/** What the engine showed the user (EngineSink.warn). */
	warnings: string[];
}

export interface OursOptions {
	safeMode?: boolean;
	progress?: ProgressPort;
	/** Cancel (stop submitting) at this virtual time after the start. */
	cancelAfterMs?: number;
	/** Abandon (stop everything) at this virtual time after the start. */
	abandonAfterMs?: number;
	/** Sees the simulator (for debugging and tests). */
	onSim?: (sim: Simulator) => void;
	/**
	 * Wraps the simulator's in-process transport, inside the network delay (the
	 * scale bench times the simulator through it: its handler runs synchronously
	 * when called there, API routes and file downloads alike).
	 */
	wrapTransport?: (http: HttpPort) => HttpPort;
	/** Told how long scoring took (ms), so it can be left out of timings. */
	onScored?: (ms: number) => void;
}

/** Our engine, as the runner drives it with the default settings; the sink downloads through the transport. */
export async function runOurs(s: BenchScenario, seed: number, o: OursOptions = {}): Promise<OursRun> {
	const { clock, sim, ctx, http } = newSim(s, seed, o.wrapTransport);
	o.onSim?.(sim);
	const jobs = benchJobs(s, seed);
	const adapter = getAdapter("sorahk");
	const spec = adapter.models.find((m) => m.id === "sora-2");
	const settings = DEFAULT_SETTINGS;
	const engineJobs: EngineJob[] = jobs.map((j, i) => {
		const scale = spec ? Math.max(1, j.input.duration / spec.defaultDuration) : 1;
		const longJob = j.input.pro || j.input.duration >= 25;
		return {
			key: `job-${i}`,
			notePath: `Bench/${s.id}.md`,
			shotId: `S${i + 1}`,
			take: 1,
			input: j.input,
			durationKey: `sorahk/sora-2/${j.input.duration}/${j.input.pro ? "pro" : "std"}`,
			expectedMs: (spec?.typicalSeconds ?? 300) * 1000 * scale * (j.input.pro ? 2 : 1),
			maxWaitMs: (longJob ? settings.polling.maxWaitProMinutes : settings.polling.maxWaitMinutes) * 60_000,
			warnAfterMs: (longJob ? settings.polling.warnAfterProMinutes : settings.polling.warnAfterMinutes) * 60_000,
		};
	});
	const redact = createRedactor([API_KEY]);
	const warnings: string[] = [];
	const sink: EngineSink = {
		warn: (m) => warnings.push(sayText(m)),
		submitting: () => Promise.resolve(),
		submitted: () => Promise.resolve(),
		unknown: () => Promise.resolve(),
		failed: () => Promise.resolve(),
		timedOut: () => Promise.resolve(),
		async deliver(job, remoteId, dl, ctl) {
			let req = dl;
			for (let attempt = 0; attempt < 20; attempt++) {
				const r = await download(http, req.url, req.headers, redact, "sorahk");
				if (r.ok) return { ok: true, outputPath: `Bench/${job.shotId}.mp4` };
				await clock.sleep(5_000, ctl.signal);
				if (attempt % 5 === 4) req = (await ctl.refresh()) ?? req;
			}
			return { ok: false, kind: "failed", message: `download of ${remoteId} kept failing` };
		},
	};
	const cancel = new AbortController();
	if (o.cancelAfterMs !== undefined) {
		void clock.sleep(o.cancelAfterMs).then(() => cancel.abort());
	}
	const abandon = new AbortController();
	if (o.abandonAfterMs !== undefined) {
		void clock.sleep(o.abandonAfterMs).then(() => abandon.abort());
	}
	const c = settings.concurrency;
	const engine = await clock.run(
		runEngine(engineJobs, sink, {
			provider: "sorahk",
			adapter,
			ctx: ctx(),
			http,
			clock,
			progress: o.progress,
			random: seededRandom(seed * 7919 + 17),
			concurrency: { initial: c.initial, max: c.max, safeMode: o.safeMode ?? false, requestsPerMinute: c.requestsPerMinute, downloads: c.downloads },
			polling: { minIntervalSeconds: settings.polling.minIntervalSeconds, maxIntervalSeconds: settings.polling.maxIntervalSeconds },
			jitter: settings.jitter,
			signal: cancel.signal,
			abandonSignal: abandon.signal,
		}),
	);
	const t0 = performance.now();
	const sc = scoreOf(s, sim, jobs);
	o.onScored?.(performance.now() - t0);
	return { score: sc, engine, warnings };
}

export interface OriginalRun {
	/** First run only. */
	first: Score;
	/** Until done (or no progress / 10 runs). */
	rerun: Score;
	runs: number;
	finished: boolean;
}

/** `maxRuns` 1: the first run only (the re-run replay is then the same run). */
export async function runOriginal(s: BenchScenario, seed: number, maxRuns = 10): Promise<OriginalRun> {
	const { clock, sim, http, ctx } = newSim(s, seed);
	const jobs = benchJobs(s, seed);
	const worker = new OriginalWorker({ http, clock, random: seededRandom(seed * 104_729 + 3), adapter: getAdapter("sorahk"), ctx });
	const res = await clock.run(
		runOriginalWithReruns(
			worker,
			clock,
			jobs.map((j) => j.input),
			maxRuns,
		),
	);
	return {
		first: scoreOf(s, sim, jobs, res.runEnds[0]),
		rerun: scoreOf(s, sim, jobs),
		runs: res.runEnds.length,
		finished: res.finished,
	};
}
