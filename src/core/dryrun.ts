/**
 * The dry run: every job as a fixed-width text table, then the totals. Rows come
 * from the run's work (the plan after the journal and the output folder were
 * read), so the table prices exactly what a run would spend: only jobs that will
 * be submitted cost anything; done, resumed and reported jobs show $0 and their
 * real state.
 */
import { blockedByExternal, externalText } from "./chains";
import { formatUsd } from "./cost";
import type { Plan } from "./plan";
import { sheetSummary } from "./run/sheets";
import type { TakeAction } from "./run/takes";
import type { PlannedJob } from "./types";

/**
 * What a row will do. `ready`: submitted (and paid) by the run. `resume`: a task
 * submitted earlier, polled and downloaded. `reconcile`: an earlier create got no
 * answer; the provider is asked before anything is sent. `done` / `skipped`: the
 * video exists. `failed` / `unknown` / `expired`: an earlier outcome, reported and
 * not retried. `busy`: another run is working on the note's folder. `invalid`: the
 * shot cannot run.
 */
export type DryRunStatus = "ready" | "resume" | "reconcile" | "done" | "skipped" | "failed" | "unknown" | "expired" | "busy" | "invalid";

/** A job as the run would handle it (the runner's WorkItem). */
export interface DryRunWork {
	job: PlannedJob;
	action: TakeAction | { kind: "invalid" | "busy"; message: string };
}

export interface DryRunRow {
	key: string;
	note: string;
	line: number;
	shot: string;
	take: number;
	providerModel: string;
	/** "10s", or "—" when unknown (invalid shots). */
	duration: string;
	orientationSize: string;
	pro: boolean;
	status: DryRunStatus;
	/** What this row adds to the bill in USD: the estimate for `ready`, 0 for work already paid or not run, null when unknown or invalid. */
	costUsd: number | null;
	/** "$0.050", "$0.00", "unknown", or "—" for invalid jobs. */
	cost: string;
	reason?: string;
}

export interface DryRunTotals {
	shots: number;
	jobs: number;
	/** Jobs the run submits: the only ones that cost anything. */
	ready: number;
	/** Tasks submitted earlier that the run polls or reconciles (already paid). */
	resume: number;
	/** Jobs whose video exists. */
	skipped: number;
	/** Earlier failures, unknown outcomes and expired links: reported, not retried. */
	reported: number;
	/** Jobs left to the other run that holds their folder. */
	busy: number;
	invalid: number;
	/** Seconds of video of the ready jobs. */
	seconds: number;
	/** Sum of the known estimates of the ready jobs (0 when none is ready); null when none of them has a known price. */
	cost: number | null;
	/** Ready jobs whose price is unknown (not counted in `cost`). */
	unknownCost: number;
}

function stateOf(w: DryRunWork): { status: DryRunStatus; reason?: string } {
	const a = w.action;
	switch (a.kind) {
		case "submit":
			return { status: "ready" };
		case "poll":
			return { status: "resume", reason: `submitted in an earlier run (task ${a.remoteId}); collected without a new charge` };
		case "ambiguous":
			return { status: "reconcile", reason: "an earlier create got no answer; the provider is asked before anything is sent again" };
		case "done":
			return { status: "done", reason: `${w.job.outputPath} exists` };
		case "report":
			return { status: a.status, reason: `${a.message} (earlier run; not retried)` };
		case "busy":
			return { status: "busy", reason: a.message };
		case "invalid":
			return { status: "invalid", reason: a.message };
	}
}

function rowOf(j: PlannedJob, status: DryRunStatus, reason: string | undefined): DryRunRow {
	const billed = status === "ready";
	const row: DryRunRow = {
		key: j.key,
		note: j.notePath,
		line: j.line,
		shot: j.shotId,
		take: j.take,
		providerModel: j.model ? `${j.provider}/${j.model}` : j.provider,
		duration: j.duration > 0 ? `${j.duration}s` : "—",
		orientationSize: j.size ? `${j.orientation} ${j.size}` : j.orientation,
		pro: j.pro,
		status,
		costUsd: status === "invalid" ? null : billed ? j.cost : 0,
		cost: status === "invalid" ? "—" : !billed ? formatUsd(0) : j.cost === null ? "unknown" : formatUsd(j.cost),
	};
	if (reason !== undefined) row.reason = reason;
	else if (j.lifecycle) row.reason = `model deprecated${j.lifecycle.shutdown ? `, shuts down on ${j.lifecycle.shutdown}` : ""}${j.lifecycle.replacement ? `; move to ${j.lifecycle.replacement}` : ""}`;
	return row;
}

/**
 * One row per job. With `work` (the run's jobs after the journal decided each
 * one), rows show what the run would really do; without it, the plan alone.
 */
export function dryRunRows(plan: Plan, work?: readonly DryRunWork[]): DryRunRow[] {
	// A chain whose upstream (in a note outside the run) has no video yet is not sent: not priced.
	const blocked = blockedByExternal(plan);
	if (work) {
		return work.map((w) => {
			const s = stateOf(w);
			const b = s.status === "ready" ? blocked.get(w.job.key) : undefined;
			return b ? rowOf(w.job, "invalid", b) : rowOf(w.job, s.status, s.reason ?? w.job.reason);
		});
	}
	return plan.jobs.map((j) => {
		const b = j.status === "ready" ? blocked.get(j.key) : undefined;
		return b ? rowOf(j, "invalid", b) : rowOf(j, j.status, j.reason);
	});
}

/** Totals over the rows: seconds and cost count only the jobs that will be submitted. */
export function dryRunTotals(plan: Plan, rows: readonly DryRunRow[], jobs?: readonly DryRunWork[]): DryRunTotals {
	const t: DryRunTotals = { shots: 0, jobs: rows.length, ready: 0, resume: 0, skipped: 0, reported: 0, busy: 0, invalid: 0, seconds: 0, cost: null, unknownCost: 0 };
	for (const n of plan.notes) t.shots += n.shots;
	const byKey = new Map((jobs ?? []).map((w) => [w.job.key, w.job] as const));
	const planned = new Map(plan.jobs.map((j) => [j.key, j] as const));
	for (const r of rows) {
		switch (r.status) {
			case "ready": {
				t.ready++;
				const j = byKey.get(r.key) ?? planned.get(r.key);
				t.seconds += j?.duration ?? 0;
				if (r.costUsd === null) t.unknownCost++;
				else t.cost = Math.round(((t.cost ?? 0) + r.costUsd) * 1e6) / 1e6;
				break;
			}
			case "resume":
			case "reconcile":
				t.resume++;
				break;
			case "done":
			case "skipped":
				t.skipped++;
				break;
			case "invalid":
				t.invalid++;
				break;
			case "busy":
				t.busy++;
				break;
			default:
				t.reported++;
		}
	}
	if (t.ready === 0) t.cost = 0;
	return t;
}

/** The cost line of the totals: "$0.40", "$0.10 + 2 jobs of unknown price", "unknown (3 jobs of unknown price)". */
export function totalCostText(t: Pick<DryRunTotals, "cost" | "unknownCost">): string {
	let cost = t.cost === null ? "unknown" : formatUsd(t.cost);
	const jobs = `${t.unknownCost} job${t.unknownCost === 1 ? "" : "s"} of unknown price`;
	if (t.unknownCost > 0 && t.cost !== null) cost += ` + ${jobs}`;
	else if (t.unknownCost > 0) cost += ` (${jobs})`;
	return cost;
}

const MAX_NOTE = 40;

function clip(s: string, max: number): string {
	return s.length > max ? "…" + s.slice(s.length - max + 1) : s;
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
	const fmt = (cells: string[]) =>
		cells
			.map((c, i) => {
				if (i === cells.length - 1) return c;
				return rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!);
			})
			.join("  ")
			.trimEnd();
	return [fmt(header), fmt(widths.map((w) => "-".repeat(w))), ...rows.map(fmt)].join("\n");
}

/** A readable report of the whole plan (or of a run's work), for the CLI and the dry-run view. */
export function formatDryRun(plan: Plan, work?: readonly DryRunWork[]): string {
	const header = ["Note", "Line", "Shot", "Take", "Provider/model", "Duration", "Orientation/size", "Pro", "Status", "Est. cost", "Reason"];
	const list = dryRunRows(plan, work);
	const rows = list.map((r) => [
		clip(r.note, MAX_NOTE),
		String(r.line),
		r.shot,
		String(r.take),
		r.providerModel,
		r.duration,
		r.orientationSize,
		r.pro ? "yes" : "no",
		r.status,
		r.cost,
		r.reason ?? "",
	]);
	const t = dryRunTotals(plan, list, work);
	const lines: string[] = [];
	lines.push(rows.length ? table(header, rows, new Set([1, 3, 5, 9])) : "No shots found.");
	lines.push("", "Totals");
	lines.push(`  Shots:    ${t.shots}`);
	const parts = [`ready ${t.ready}`, ...(t.resume ? [`resume ${t.resume}`] : []), `skipped ${t.skipped}`, ...(t.reported ? [`not retried ${t.reported}`] : []), ...(t.busy ? [`busy ${t.busy}`] : []), `invalid ${t.invalid}`];
	lines.push(`  Jobs:     ${t.jobs} (${parts.join(", ")})`);
	lines.push(`  Seconds:  ${t.seconds} (ready jobs)`);
	lines.push(`  Estimated cost: ${totalCostText(t)}`);
	if (plan.priceSources.length) {
		lines.push("  Price sources:");
		for (const s of plan.priceSources) lines.push(`    ${s}`);
	}
	if (plan.chains.length) {
		lines.push("", "Chains (each shot waits for the chosen take of the shot it starts from; independent chains run in parallel)");
		for (const c of plan.chains) {
			const up = c.upstream.notePath === c.notePath ? `${c.upstream.shotId} (line ${c.upstream.line})` : `${c.upstream.notePath} ${c.upstream.shotId} (line ${c.upstream.line})`;
			const from = c.external ? ` (${externalText(c)})` : "";
			lines.push(`  ${c.notePath} ${c.shotId} (line ${c.line}) waits on ${up}${from}: first frame = its last frame [${c.asked}, depth ${c.depth}]`);
		}
	}
	if (plan.errors.length) {
		lines.push("", "Errors");
		for (const e of plan.errors) lines.push(`  ${e}`);
	}
	const sheets = sheetSummary(work ? work.map((w) => w.job) : plan.jobs);
	if (sheets.length) {
		lines.push("", "Character sheets");
		for (const s of sheets) lines.push(`  ${s}`);
	}
	if (plan.warnings.length) {
		lines.push("", "Warnings");
		for (const w of plan.warnings) lines.push(`  ${w}`);
	}
	return lines.join("\n") + "\n";
}
