/**
 * Scheduler benchmark: scenarios S1–S12 (reference adaptive-concurrency.md §4.4)
 * in virtual time, 5 seeds each, four policies on the same simulator:
 *  - ours: runEngine with the default settings (adaptive limit);
 *  - safe mode: runEngine with the original's safe-mode limit (a user setting);
 *  - original: CineFlow's worker replayed faithfully (original.ts), first run and
 *    "re-run until done" (the user's workaround);
 *  - oracle: greedy list scheduling knowing C(t), outages and every duration.
 * Everything is scored from the simulator's request log and task table (score.ts).
 */
import os from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { StopReason } from "../../src/core/events";
import { bestOracleMakespan, oracleMakespan, runOriginal, runOurs, type OriginalRun } from "./harness";
import { SCENARIOS, SEEDS, type BenchScenario } from "./scenarios";
import type { Score } from "./score";

const MIN = 60_000;

export interface ScenarioResult {
	s: BenchScenario;
	/** Greedy list scheduling in job order (the reference's oracle; the ratios use it). */
	oracleMs: number[];
	/** The better of job order and longest-first (for reference where durations vary). */
	bestMs: number[];
	ours: Score[];
	oursStopped: Array<StopReason | null>;
	safe: Score[];
	original: OriginalRun[];
}

export async function runScenario(s: BenchScenario, seeds: readonly number[] = SEEDS): Promise<ScenarioResult> {
	const r: ScenarioResult = { s, oracleMs: [], bestMs: [], ours: [], oursStopped: [], safe: [], original: [] };
	for (const seed of seeds) {
		r.oracleMs.push(oracleMakespan(s, seed));
		r.bestMs.push(bestOracleMakespan(s, seed));
		const ours = await runOurs(s, seed);
		r.ours.push(ours.score);
		r.oursStopped.push(ours.engine.stopped);
		r.safe.push((await runOurs(s, seed, { safeMode: true })).score);
		r.original.push(await runOriginal(s, seed));
	}
	return r;
}

// ----- formatting --------------------------------------------------------------

function median(xs: number[]): number | null {
	if (xs.length === 0) return null;
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function nums(xs: Array<number | null | undefined>): number[] {
	return xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
}

function f(x: number | null, digits = 1): string {
	return x === null ? "—" : x.toFixed(digits);
}

/** median (min–max) */
function spread(xs: number[], digits = 2): string {
	if (xs.length === 0) return "—";
	const med = median(xs) as number;
	const lo = Math.min(...xs);
	const hi = Math.max(...xs);
	return lo === hi ? med.toFixed(digits) : `${med.toFixed(digits)} (${lo.toFixed(digits)}–${hi.toFixed(digits)})`;
}

function ratios(scores: Score[], oracleMs: number[]): number[] {
	return nums(scores.map((sc, i) => (sc.makespanMs === null ? null : sc.makespanMs / (oracleMs[i] as number))));
}

function pct(x: number | null, digits = 1): string {
	return x === null ? "—" : `${(100 * x).toFixed(digits)} %`;
}

function recoveries(scores: Score[]): number[] {
	return nums(scores.flatMap((sc) => sc.recoveryMs.map((x) => (x === null ? Infinity : x / 1000))));
}

function col(scores: Score[], oracleMs: number[], completeAll: boolean): string[] {
	const m = (g: (s: Score) => number | null) => median(nums(scores.map(g)));
	const rec = recoveries(scores);
	const raHard = scores.map((s) => s.raViolations - s.raRaces);
	const races = scores.map((s) => s.raRaces);
	return [
		spread(scores.map((s) => s.completionPct), 0),
		completeAll || scores.every((s) => s.completed === s.jobs) ? spread(ratios(scores, oracleMs), 3) : `${spread(ratios(scores, oracleMs), 3)}¹`,
		`${f(m((s) => s.r429), 0)} (${pct(m((s) => s.share429))})`,
		`${Math.max(...raHard)} (+${Math.max(...races)} races)`,
		String(Math.max(...scores.map((s) => s.duplicates))),
		`${f(m((s) => s.pollsPerJob))} / ${f(m((s) => s.pollBound))}`,
		`${f(m((s) => (s.detectMeanMs === null ? null : s.detectMeanMs / 1000)))} / ${f(m((s) => (s.detectP95Ms === null ? null : s.detectP95Ms / 1000)))}`,
		scores.some((s) => s.outageWaste > 0) ? `${f(m((s) => s.outageWaste), 0)} (1 per ${f(m((s) => s.outageGapS))} s)` : "0",
		rec.length ? (rec.some((x) => !Number.isFinite(x)) ? "never" : `${f(median(rec), 0)} (max ${f(Math.max(...rec), 0)})`) : "—",
		f(m((s) => s.requests), 0),
	];
}

const ROWS = [
	"Completion in one run (%)",
	"Makespan / oracle, median (min–max)",
	"429s (share of requests)",
	"Retry-After violations, worst seed",
	"Duplicate submits, worst seed",
	"Polls per job / bound Σ(T/60 s + 5)/jobs",
	"Detection delay mean / p95 (s)",
	"Outage waste (5xx-answered requests)",
	"Recovery after outage (s)",
	"Requests sent",
];

export interface TargetCheck {
	name: string;
	met: boolean;
	value: string;
}

/** Targets of reference §4.2 / issue 4, checked on every seed (the worst seed is shown). */
export function checkTargets(r: ScenarioResult): TargetCheck[] {
	const { s, ours, oracleMs, original } = r;
	const out: TargetCheck[] = [];
	const worstRatio = Math.max(...ours.map((sc, i) => (sc.makespanMs === null ? Infinity : sc.makespanMs / (oracleMs[i] as number))));
	out.push({ name: `makespan ≤ ${s.makespanTarget.toFixed(2)}× oracle`, met: worstRatio <= s.makespanTarget, value: worstRatio.toFixed(3) });
	if (s.quotaStop) {
		const clean = ours.every((sc, i) => r.oursStopped[i] === "quota" && sc.lostTasks === 0 && sc.duplicates === 0);
		out.push({
			name: "stops on quota, every created task delivered",
			met: clean,
			value: `${Math.min(...ours.map((sc) => sc.completed))} done, ${Math.max(...ours.map((sc) => sc.lostTasks))} lost, ≤ ${Math.max(...ours.map((sc) => sc.quotaErrors))} quota answers`,
		});
	} else {
		const worst = Math.min(...ours.map((sc) => sc.completionPct));
		out.push({ name: "100 % completion", met: worst === 100, value: `${worst.toFixed(0)} %` });
	}
	const share = Math.max(...ours.map((sc) => sc.share429));
	out.push({ name: `429 share ≤ ${(100 * s.share429Target).toFixed(0)} %`, met: share <= s.share429Target, value: pct(share) });
	const ra = Math.max(...ours.map((sc) => sc.raViolations - sc.raRaces));
	out.push({ name: "0 Retry-After violations (in-flight races excepted)", met: ra === 0, value: `${ra} (+${Math.max(...ours.map((sc) => sc.raRaces))} races)` });
	const dup = Math.max(...ours.map((sc) => sc.duplicates));
	out.push({ name: "0 duplicate submits", met: dup === 0, value: String(dup) });
	const pollOver = Math.max(...ours.map((sc) => (sc.pollsPerJob ?? 0) - (sc.pollBound ?? 0)));
	out.push({ name: "polls per job ≤ T/60 s + 5", met: pollOver <= 0, value: `${pollOver <= 0 ? "" : "+"}${pollOver.toFixed(1)} vs bound` });
	const mean = Math.max(...ours.map((sc) => (sc.detectMeanMs ?? 0) / 1000));
	const p95 = Math.max(...ours.map((sc) => (sc.detectP95Ms ?? 0) / 1000));
	out.push({ name: "detection mean ≤ 10 s, p95 ≤ 60 s", met: mean <= 10 && p95 <= 60, value: `${mean.toFixed(1)} / ${p95.toFixed(1)} s` });
	if (s.sim.outages?.length) {
		const rec = recoveries(ours);
		const worstRec = Math.max(...rec);
		out.push({ name: "recovery ≤ 60 s", met: worstRec <= 60, value: Number.isFinite(worstRec) ? `${worstRec.toFixed(0)} s` : "never" });
		const gap = Math.min(...nums(ours.map((sc) => sc.outageGapS)));
		out.push({ name: "outage waste ≤ 1 request per 5 s probe interval", met: gap >= 5, value: `1 per ${gap.toFixed(1)} s` });
	}
	// Better than the original as shipped (one run of the batch), on every seed: at
	// least its completion; where its run also completed every job, a makespan no
	// longer than its own; and fewer requests. (The re-run column is information: a
	// user re-running by hand is not the policy.)
	let better = true;
	const why: string[] = [];
	ours.forEach((sc, i) => {
		const o = (original[i] as OriginalRun).first;
		if (sc.completed < o.completed) {
			better = false;
			why.push(`seed ${i + 1}: completion ${sc.completed} < ${o.completed}`);
		} else if (o.completed === o.jobs && sc.makespanMs !== null && o.makespanMs !== null && sc.makespanMs > o.makespanMs) {
			better = false;
			why.push(`seed ${i + 1}: makespan +${((100 * (sc.makespanMs - o.makespanMs)) / o.makespanMs).toFixed(1)} %`);
		}
		if (sc.requests > o.requests) {
			better = false;
			why.push(`seed ${i + 1}: ${sc.requests} requests > ${o.requests}`);
		}
	});
	out.push({ name: "better than the original", met: better, value: better ? "every seed" : why.slice(0, 3).join(", ") });
	return out;
}

export function scenarioMarkdown(r: ScenarioResult): string {
	const { s } = r;
	const ours = col(r.ours, r.oracleMs, false);
	const safe = col(r.safe, r.oracleMs, false);
	const first = col(
		r.original.map((o) => o.first),
		r.oracleMs,
		false,
	);
	const rerun = col(
		r.original.map((o) => o.rerun),
		r.oracleMs,
		false,
	);
	const runs = r.original.map((o) => o.runs);
	const finished = r.original.filter((o) => o.finished).length;
	const oracleMin = r.oracleMs.map((x) => x / MIN);
	const bestDiffers = r.bestMs.some((b, i) => b < (r.oracleMs[i] as number));
	const best = bestDiffers ? `; longest-first ${spread(r.bestMs.map((b, i) => b / (r.oracleMs[i] as number)), 3)}` : "";
	const oracleCol = ROWS.map((_, i) => (i === 0 ? "100" : i === 1 ? `1 (${spread(oracleMin, 1)} min${best})` : i === 4 || i === 3 ? "0" : "—"));
	if (s.quotaStop) oracleCol[0] = "40 (quota)";
	let md = `### ${s.id}: ${s.title}\n\nTests: ${s.tests}. N = ${s.n}.\n\n`;
	md += `| Metric | Ours | Safe mode | Original, 1st run | Original, re-run until done | Oracle |\n|---|---|---|---|---|---|\n`;
	ROWS.forEach((name, i) => {
		md += `| ${name} | ${ours[i]} | ${safe[i]} | ${first[i]} | ${rerun[i]} | ${oracleCol[i]} |\n`;
	});
	md += `\nOriginal re-runs: ${spread(runs, 0)} runs per seed; finished all jobs on ${finished}/5 seeds.\n\n`;
	const checks = checkTargets(r);
	md += `Targets (ours, worst of 5 seeds): ${checks.map((c) => `${c.met ? "✅" : "❌"} ${c.name}: ${c.value}`).join("; ")}.\n`;
	return md;
}

/** A result without its scenario (functions do not cross a worker boundary). */
type Plain = Omit<ScenarioResult, "s"> & { id: string };

interface BenchWorkerData {
	schedulerBench: string[];
}

/**
 * Scenarios are independent and every run is seeded, so they are spread over worker
 * threads (one per CPU, at most 4); the results do not depend on the split.
 */
function workerCount(): number {
	return Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
}

async function runAll(): Promise<ScenarioResult[]> {
	const workers = workerCount();
	const groups: string[][] = Array.from({ length: workers }, () => []);
	SCENARIOS.forEach((s, i) => groups[i % workers]?.push(s.id));
	const plain = await Promise.all(
		groups.map(
			(ids) =>
				new Promise<Plain[]>((resolve, reject) => {
					const w = new Worker(new URL(import.meta.url), { workerData: { schedulerBench: ids } satisfies BenchWorkerData });
					w.once("message", (m: Plain[]) => resolve(m));
					w.once("error", reject);
					w.once("exit", (code) => {
						if (code !== 0) reject(new Error(`scheduler bench worker exited with ${code}`));
					});
				}),
		),
	);
	const byId = new Map(plain.flat().map((p) => [p.id, p]));
	return SCENARIOS.map((s) => {
		const p = byId.get(s.id);
		if (!p) throw new Error(`no result for ${s.id}`);
		const { id: _id, ...rest } = p;
		void _id;
		return { s, ...rest };
	});
}

if (!isMainThread && parentPort && (workerData as Partial<BenchWorkerData> | null)?.schedulerBench) {
	const ids = (workerData as BenchWorkerData).schedulerBench;
	const out: Plain[] = [];
	for (const id of ids) {
		const s = SCENARIOS.find((x) => x.id === id);
		if (!s) throw new Error(`no scenario ${id}`);
		const { s: _s, ...rest } = await runScenario(s);
		void _s;
		out.push({ id, ...rest });
	}
	parentPort.postMessage(out);
}

export async function run(): Promise<{ title: string; markdown: string }> {
	const started = Date.now();
	const cpu0 = process.cpuUsage();
	const results = await runAll();
	const wallS = (Date.now() - started) / 1000;
	const cpu = process.cpuUsage(cpu0);
	const cpuS = (cpu.user + cpu.system) / 1e6;
	const threads = workerCount();

	let md = `Discrete-event simulation in virtual time (no wall clock; \`VirtualClock\` + the simulator's Sora.hk routes in process, 100 ms one-way latency), seeds ${SEEDS.join(", ")} per scenario. The real scheduler (\`runEngine\`, default settings: start at 20, max 64, jitter 0.5–3 s on the first wave) drives the real Sora.hk adapter. Every figure comes from the simulator's request log and task table (bench/scheduler/score.ts), not from the scheduler's counters. Time: ${wallS.toFixed(1)} s wall clock and ${cpuS.toFixed(1)} s of CPU over ${threads} worker threads, with a load average of ${os.loadavg()[0]?.toFixed(1) ?? "?"} on ${os.cpus().length} CPUs when it finished (the target for the whole \`npm run bench\` is under 2 minutes: on an idle machine this bench takes about its CPU time divided by the threads; on a busy shared machine the wall time grows with the load).\n\n`;
	md += `Columns: **Ours** = adaptive limit; **Safe mode** = the same engine with the original's safe-mode limit (5 slots after 2 consecutive submit failures, 10 min cooldown, +1/min; a setting); **Original** = CineFlow's worker replayed faithfully (bench/scheduler/original.ts: inert controller, 20 threads, 3 attempts × tenacity 3 × urllib3 retries on 502/503/504 incl. POST, 20 s + 10 s polling, jobs failed for good after 3 attempts), its first run and the user re-running the batch until done (at most 10 runs, stop when a run makes no progress); **Oracle** = greedy list scheduling in job order that knows C(t), the outages and every duration, and detects each finish at once (reference §4.1); where durations vary, the longest-first schedule is shown beside it for reference.\n\n`;
	md += `Definitions: makespan = start → last completed job detected; completion = jobs whose video was downloaded; detection delay = first poll/download that sees the finish − the time the server could first report it (outside outages: a job finishing during an outage counts from the outage end); Retry-After violation = a request arriving before an earlier advertised window ends, \"race\" = it was already on the wire (< 1 RTT after the answer); duplicates = tasks created − jobs per prompt; polls bound = Σ(T/60 s + 5) over completed jobs / completed; outage waste = requests answered with the outage's 5xx; recovery = outage end → ≥ 0.9·min(C, jobs left) of ours running. Medians over the 5 seeds unless stated. ¹ = some seeds did not complete every job (makespan is then the last completed job).\n\n`;

	md += `#### Summary (ours; worst seed)\n\n| Scenario | Makespan / oracle | Completion | 429 share | RA viol. | Dups | Polls/job ≤ bound | Detection ≤ 10 s / 60 s | Recovery | Better than original | Orig. 1st run done |\n|---|---|---|---|---|---|---|---|---|---|---|\n`;
	const missed: string[] = [];
	for (const r of results) {
		const c = checkTargets(r);
		const get = (prefix: string) => c.find((x) => x.name.startsWith(prefix));
		const cell = (x: TargetCheck | undefined) => (x ? `${x.met ? "✅" : "❌"} ${x.value}` : "—");
		const completion = get("100 %") ?? get("stops on quota");
		md += `| ${r.s.id} | ${cell(get("makespan"))} | ${cell(completion)} | ${cell(get("429 share"))} | ${cell(get("0 Retry-After"))} | ${cell(get("0 duplicate"))} | ${cell(get("polls per job"))} | ${cell(get("detection"))} | ${cell(get("recovery"))} | ${cell(get("better"))} | ${spread(r.original.map((o) => o.first.completionPct), 0)} % |\n`;
		for (const x of c) {
			if (x.met) continue;
			const why = REASONS[`${r.s.id}|${x.name.split(" ")[0] ?? ""}`] ?? "no explanation recorded; see the scenario's table.";
			missed.push(`**${r.s.id}: ${x.name}** (${x.value}). Why: ${why}`);
		}
	}
	md += `\nTargets missed: ${missed.length ? "" : "none."}\n\n`;
	for (const m of missed) md += `- ${m}\n`;
	if (missed.length) md += "\n";
	md += NOTES;
	md += `\n#### Per scenario\n\n`;
	let tables = "";
	for (const r of results) tables += scenarioMarkdown(r) + "\n";
	md += tables;
	// The same tables on the terminal (npm run bench).
	process.stdout.write(`\n\n${tables}`);
	return { title: "Scheduler: adaptive limit vs safe mode vs the original vs the oracle (S1–S12)", markdown: md };
}

/**
 * Why a target is missed, keyed by "scenario|first word of the target"; printed only
 * when that target is actually missed in the run. Written after reading the runs.
 */
const REASONS: Record<string, string> = {
	"S9|better":
		"the original keeps 20 jobs submitted and this provider queues them, so a queued job starts the instant a slot frees. Ours holds the limit at the number running and submits a successor ahead only for a running job whose ETA is within 20 s (at most ⌈limit/2⌉ at once); where a slot frees without one, that slot pays a detection delay (~3 s) plus a submit. The margin either way is a few seconds of the makespan, mostly when the last job's finish is noticed.",
	"S8|makespan":
		"added capacity is found only by probing: after refused probes at C = 8 the probe interval has backed off to its 300 s cap, so the first probe after the rise can come up to 5 min late (reference §4.5: a 120 s cap gives 1.04 at 2–4× the 429s).",
	"S7|detection":
		"a run of spurious 429s can look like a rate limit (4 within 30 s and ≥ 20 % of the requests) and cut the request rate; polls of a finishing wave then queue behind the cut rate until it grows back.",
	"S7|makespan": "as for detection: a false rate cut slows the polls and submits of one wave.",
};

/** Hand-written notes on the results; kept next to the code so they are reviewed with it. */
const NOTES = `#### Notes

- With varying durations (S4, S10) the oracle is a greedy list schedule in job order, not a lower bound: jitter and requeues reorder our submits, so a ratio can dip below 1. The client cannot know S4's random durations in advance; in S10 it could (pro 25 s jobs are longer) but the engine keeps the notes' order. The oracle column shows the longest-first schedule's ratio for reference.
- S12 completion is 40/100 by design (the balance runs out after 40 creates): the target is a clean stop — the run stops on the first quota answer, submits nothing more, and delivers every task it created. A few quota answers arrive because creates already on their way when the first answer came back are not recalled.
- The original as shipped completes only 8–17 % of the jobs in one run wherever the hidden capacity is below its 20 threads (each job gets 3 attempts of 3 tries, then fails for good). Re-run by hand until done, it often finishes close to the oracle's makespan, because 20 threads re-submit the moment a slot frees; it pays with thousands of 429s, ~58 polls per job (10 s polling), duplicates after POST 502s (S11), and thousands of 5xx-answered requests (S3) or Retry-After violations (S5). The target "better than the original" is checked against the policy as shipped (one run); the re-run column is shown for information.
- S9 (the provider queues): once a job has waited over a minute in the provider's queue, the limit holds at the number running, and the engine submits the successor of a running job whose ETA is within 20 s ahead of time (at most ⌈limit/2⌉ such jobs at once, never with a provider that rejects). That job waits a few seconds in the provider's queue and starts the instant the slot frees, as the original's 20 threads do, without keeping a standing backlog whose timeout the client cannot see. The margin over the original is a few seconds of 90 min per seed (it comes down to when the last job's finish is noticed). The limit's +1 probe still leaves one job queued for up to one job length each time it probes.
- Safe mode is the original's *intended* controller (it never ran in the original). With a hidden capacity below 20 it oscillates: it leaves safe mode at 20 slots, meets the ceiling again, and only 2 failures in a row re-enter it, so it collects hundreds of 429s; it is kept as a setting and a baseline, not as the default.
`;
