/** Markdown for the scheduler bench: one table per scenario and the summary rows. */
import { SEEDS } from "../../test/support/scheduler/scenarios";
import type { Score } from "../../test/support/scheduler/score";
import { checkTargets, nums, pct, recoveries, type ScenarioResult, type TargetCheck } from "./targets";

const MIN = 60_000;

function median(xs: number[]): number | null {
	if (xs.length === 0) return null;
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function f(x: number | null, digits = 1): string {
	return x === null ? "—" : x.toFixed(digits);
}

/** median (min–max) */
export function spread(xs: number[], digits = 2): string {
	if (xs.length === 0) return "—";
	const med = median(xs) as number;
	const lo = Math.min(...xs);
	const hi = Math.max(...xs);
	return lo === hi ? med.toFixed(digits) : `${med.toFixed(digits)} (${lo.toFixed(digits)}–${hi.toFixed(digits)})`;
}

function ratios(scores: Score[], oracleMs: number[]): number[] {
	return nums(scores.map((sc, i) => (sc.makespanMs === null ? null : sc.makespanMs / (oracleMs[i] as number))));
}

function col(scores: Score[], oracleMs: number[]): string[] {
	const m = (g: (s: Score) => number | null) => median(nums(scores.map(g)));
	const rec = recoveries(scores);
	const raHard = scores.map((s) => s.raViolations - s.raRaces);
	const races = scores.map((s) => s.raRaces);
	const all = scores.every((s) => s.completed === s.jobs);
	return [
		spread(
			scores.map((s) => s.completionPct),
			0,
		),
		all ? spread(ratios(scores, oracleMs), 3) : `${spread(ratios(scores, oracleMs), 3)}¹`,
		`${f(
			m((s) => s.r429),
			0,
		)} (${pct(m((s) => s.share429))})`,
		`${Math.max(...raHard)} (+${Math.max(...races)} races)`,
		String(Math.max(...scores.map((s) => s.duplicates))),
		`${f(m((s) => s.pollsPerJob))} / ${f(m((s) => s.pollBound))}`,
		`${f(m((s) => (s.detectMeanMs === null ? null : s.detectMeanMs / 1000)))} / ${f(m((s) => (s.detectP95Ms === null ? null : s.detectP95Ms / 1000)))} / ${pct(m((s) => s.detectOverShare))}`,
		scores.some((s) => s.outageWaste > 0)
			? `${f(
					m((s) => s.outageWaste),
					0,
				)} (1 per ${f(m((s) => s.outageGapS))} s)`
			: "0",
		rec.length ? (rec.some((x) => !Number.isFinite(x)) ? "never" : `${f(median(rec), 0)} (max ${f(Math.max(...rec), 0)})`) : "—",
		f(
			m((s) => s.requests),
			0,
		),
	];
}

const ROWS = [
	"Completion in one run (%)",
	"Makespan / oracle, median (min–max)",
	"429s (share of requests)",
	"Retry-After violations, worst seed",
	"Duplicate submits, worst seed",
	"Polls per job / bound Σ(T/60 s + 6)/jobs",
	"Detection delay mean / p95 (s) / jobs over max(5 s, 10 % T)",
	"Outage waste (5xx-answered requests)",
	"Recovery after outage (s)",
	"Requests sent",
];

export function scenarioMarkdown(r: ScenarioResult): string {
	const { s } = r;
	const ext = s.extended === true;
	const ours = col(r.ours, r.oracleMs);
	const safe = ext ? [] : col(r.safe, r.oracleMs);
	const first = col(
		r.original.map((o) => o.first),
		r.oracleMs,
	);
	const rerun = ext
		? []
		: col(
				r.original.map((o) => o.rerun),
				r.oracleMs,
			);
	const oracleMin = r.oracleMs.map((x) => x / MIN);
	const bestDiffers = r.bestMs.some((b, i) => b < (r.oracleMs[i] as number));
	const best = bestDiffers
		? `; longest-first ${spread(
				r.bestMs.map((b, i) => b / (r.oracleMs[i] as number)),
				3,
			)}`
		: "";
	const oracleCol = ROWS.map((_, i) => (i === 0 ? "100" : i === 1 ? `1 (${spread(oracleMin, 1)} min${best})` : i === 4 || i === 3 ? "0" : "—"));
	if (s.quotaStop) oracleCol[0] = "40 (quota)";
	let md = `### ${s.id}: ${s.title}\n\nTests: ${s.tests}. N = ${s.n}, seeds ${r.seeds.join(", ")}.\n\n`;
	if (ext) {
		md += `| Metric | Ours | Original, 1st run | Oracle |\n|---|---|---|---|\n`;
		ROWS.forEach((name, i) => {
			md += `| ${name} | ${ours[i]} | ${first[i]} | ${oracleCol[i]} |\n`;
		});
	} else {
		md += `| Metric | Ours | Safe mode | Original, 1st run | Original, re-run until done | Oracle |\n|---|---|---|---|---|---|\n`;
		ROWS.forEach((name, i) => {
			md += `| ${name} | ${ours[i]} | ${safe[i]} | ${first[i]} | ${rerun[i]} | ${oracleCol[i]} |\n`;
		});
		const runs = r.original.map((o) => o.runs);
		const finished = r.original.filter((o) => o.finished).length;
		md += `\nOriginal re-runs: ${spread(runs, 0)} runs per seed; finished all jobs on ${finished}/${r.seeds.length} seeds.\n`;
	}
	if (r.warnings.length) md += `\nShown to the user (seed ${r.seeds[0]}): ${r.warnings.map((w) => `“${w}”`).join("; ")}\n`;
	const checks = checkTargets(r);
	md += `\nTargets (ours, worst of ${r.seeds.length} seeds): ${checks.map((c) => `${c.met ? "✅" : "❌"} ${c.name}: ${c.value}`).join("; ")}.\n`;
	return md;
}

export function summaryRow(r: ScenarioResult, checks: TargetCheck[]): string {
	const get = (prefix: string) => checks.find((x) => x.name.startsWith(prefix));
	const cell = (x: TargetCheck | undefined) => (x ? `${x.met ? "✅" : "❌"} ${x.value}` : "—");
	const completion = get("100 %") ?? get("stops on quota");
	return `| ${r.s.id} | ${cell(get("makespan"))} | ${cell(completion)} | ${cell(get("429 share"))} | ${cell(get("0 Retry-After"))} | ${cell(get("0 duplicate"))} | ${cell(get("polls per job"))} | ${cell(get("detection"))} | ${cell(get("recovery"))} | ${cell(get("better"))} | ${spread(
		r.original.map((o) => o.first.completionPct),
		0,
	)} % |\n`;
}

export const SUMMARY_HEAD = `| Scenario | Makespan / oracle | Completion | 429 share | RA viol. | Dups | Polls/job ≤ T/60 s + 6 | Detection p95 ≤ max(5 s, 10 % T) | Recovery | Better than original | Orig. 1st run done |\n|---|---|---|---|---|---|---|---|---|---|---|\n`;

export const DEFAULT_SEEDS = SEEDS;
