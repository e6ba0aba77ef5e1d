/**
 * Scale: the scheduler's CPU time per job at 200, 2,000 and 20,000 jobs, apart from
 * the simulator's. One run per size of a steady scenario (C = 50, T = 4.5 min, the
 * catalog's prior), in virtual time on the calling thread. The simulator's share is
 * the time spent inside its request handler (synchronous, timed around each call of
 * its in-process transport, under the network delay: API routes and file downloads
 * alike; timing the delayed transport would time only the start of an async call);
 * the engine's share is the rest of the run (engine, virtual clock, promise turns),
 * scoring excluded. Wall time on one thread stands in for CPU time: nothing else
 * runs on the thread, and the process's CPU time is reported beside it.
 */
import type { HttpPort } from "../../src/ports/http";
import { runOurs } from "../../test/support/scheduler/harness";
import { PRIOR_MS } from "../../test/support/scheduler/scenarios-x";
import type { BenchScenario } from "../../test/support/scheduler/scenarios";

export interface ScaleRow {
	jobs: number;
	wallMs: number;
	cpuMs: number;
	simMs: number;
	engineMs: number;
	requests: number;
	completed: number;
}

export const SCALE_SIZES = [200, 2_000, 20_000] as const;

function scenario(n: number): BenchScenario {
	return {
		id: `SCALE-${n}`,
		title: `${n} jobs, C = 50, T = 4.5 min`,
		tests: "CPU time per job stays flat",
		n,
		// The fixed sample video: encoding a distinct clip per download (5–7 ms) would be timed as
		// simulator work and swamp what this measures, the engine.
		sim: { capacity: 50, jobDurationMs: PRIOR_MS, progressCurve: "pow1.5", clips: "sample" },
		makespanTarget: 1.1,
		share429Target: 0.03,
	};
}

/** Wraps a transport so the time spent inside the (synchronous) simulator is summed. */
function timed(inner: HttpPort, acc: { ms: number }): HttpPort {
	return {
		request(req, signal) {
			const t0 = performance.now();
			try {
				return inner.request(req, signal);
			} finally {
				acc.ms += performance.now() - t0;
			}
		},
	};
}

export async function runScale(n: number): Promise<ScaleRow> {
	const acc = { ms: 0 };
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	let scoreMs = 0;
	const r = await runOurs(scenario(n), 1, { wrapTransport: (http) => timed(http, acc), onScored: (ms) => (scoreMs = ms) });
	const wallMs = performance.now() - t0 - scoreMs;
	const cpu = process.cpuUsage(cpu0);
	return {
		jobs: n,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000 - scoreMs,
		simMs: acc.ms,
		engineMs: wallMs - acc.ms,
		requests: r.score.requests,
		completed: r.score.completed,
	};
}

export function scaleMarkdown(rows: ScaleRow[]): string {
	let md = `| Jobs | Completed | Requests | Engine ms/job | Simulator ms/job | Total ms/job (process CPU ms/job) |\n|---|---|---|---|---|---|\n`;
	for (const r of rows) {
		md += `| ${r.jobs.toLocaleString("en-US")} | ${r.completed.toLocaleString("en-US")} | ${r.requests.toLocaleString("en-US")} | ${(r.engineMs / r.jobs).toFixed(3)} | ${(r.simMs / r.jobs).toFixed(3)} | ${(r.wallMs / r.jobs).toFixed(3)} (${(r.cpuMs / r.jobs).toFixed(3)}) |\n`;
	}
	return md;
}
