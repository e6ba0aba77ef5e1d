/**
 * The dry run: every job as a fixed-width text table, then the totals. Rows come
 * from the run's work (the plan after the journal and the output folder were
 * read), so the table prices exactly what a run would spend: only jobs that will
 * be submitted cost anything; done, resumed and reported jobs show $0 and their
 * real state.
 */
import { blockedByExternal, externalText } from "./chains";
import { formatUsd } from "./cost";
import { displayWidth, padDisplay, t, type MessageKey } from "./i18n";
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
			return { status: "resume", reason: t("cli.dry.reason.poll", { task: a.remoteId }) };
		case "ambiguous":
			return { status: "reconcile", reason: t("cli.dry.reason.ambiguous") };
		case "done":
			return { status: "done", reason: t("cli.dry.reason.exists", { path: w.job.outputPath }) };
		case "report":
			return { status: a.status, reason: t("cli.dry.reason.report", { message: a.message }) };
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
		duration: j.duration > 0 ? t("cli.dry.seconds", { seconds: j.duration }) : "—",
		orientationSize: j.size
			? t("cli.dry.orientationSize", { orientation: t(`cli.dry.orientation.${j.orientation}`), size: j.size })
			: t(`cli.dry.orientation.${j.orientation}`),
		pro: j.pro,
		status,
		costUsd: status === "invalid" ? null : billed ? j.cost : 0,
		cost: status === "invalid" ? "—" : !billed ? formatUsd(0) : j.cost === null ? t("common.unknown") : formatUsd(j.cost),
	};
	if (reason !== undefined) row.reason = reason;
	else if (j.lifecycle) row.reason = deprecatedText(j.lifecycle);
	return row;
}

function deprecatedText(l: NonNullable<PlannedJob["lifecycle"]>): string {
	const date = l.shutdown;
	const model = l.replacement;
	if (date && model) return t("cli.dry.reason.deprecatedShutdownMove", { date, model });
	if (date) return t("cli.dry.reason.deprecatedShutdown", { date });
	if (model) return t("cli.dry.reason.deprecatedMove", { model });
	return t("cli.dry.reason.deprecated");
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
	const t: DryRunTotals = {
		shots: 0,
		jobs: rows.length,
		ready: 0,
		resume: 0,
		skipped: 0,
		reported: 0,
		busy: 0,
		invalid: 0,
		seconds: 0,
		cost: null,
		unknownCost: 0,
	};
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
export function totalCostText(tot: Pick<DryRunTotals, "cost" | "unknownCost">): string {
	const cost = tot.cost === null ? t("common.unknown") : formatUsd(tot.cost);
	if (tot.unknownCost === 0) return cost;
	const jobs = t("cli.dry.unknownJobs", { count: tot.unknownCost });
	return t(tot.cost !== null ? "cli.dry.costPlusUnknown" : "cli.dry.costAllUnknown", { cost, jobs });
}

/** Display columns a note path may take in the table; longer ones keep their end. */
const MAX_NOTE = 40;

/** Keeps the end of `s` within `max` display columns, starting with "…" when cut. */
function clipStart(s: string, max: number): string {
	if (displayWidth(s) <= max) return s;
	const chars = [...s];
	let out = "";
	let w = 0;
	for (let i = chars.length - 1; i >= 0; i--) {
		const cw = displayWidth(chars[i]!);
		if (w + cw > max - 1) break;
		out = chars[i]! + out;
		w += cw;
	}
	return "…" + out;
}

/** A fixed-width text table; widths by display width (CJK = 2 columns), the last column unpadded. */
export function textTable(header: string[], rows: string[][], rightAligned: Set<number>): string {
	const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
	const fmt = (cells: string[]) =>
		cells
			.map((c, i) => (i === cells.length - 1 ? c : padDisplay(c, widths[i]!, rightAligned.has(i) ? "right" : "left")))
			.join("  ")
			.trimEnd();
	return [fmt(header), fmt(widths.map((w) => "-".repeat(w))), ...rows.map(fmt)].join("\n");
}

const COLUMNS = ["note", "line", "shot", "take", "model", "duration", "orientation", "pro", "status", "cost", "reason"] as const;

/** The totals block: shots, jobs by status, seconds and the estimated cost. */
function totalsLines(tot: DryRunTotals): string[] {
	const parts = [
		t("cli.dry.part.ready", { count: tot.ready }),
		...(tot.resume ? [t("cli.dry.part.resume", { count: tot.resume })] : []),
		t("cli.dry.part.skipped", { count: tot.skipped }),
		...(tot.reported ? [t("cli.dry.part.reported", { count: tot.reported })] : []),
		...(tot.busy ? [t("cli.dry.part.busy", { count: tot.busy })] : []),
		t("cli.dry.part.invalid", { count: tot.invalid }),
	];
	return [
		t("cli.dry.shots", { count: tot.shots }),
		// The parts are counts with their labels, listed as the language lists them.
		t("cli.dry.jobs", { count: tot.jobs, parts: parts.join(t("cli.dry.listSep")) }),
		t("cli.dry.secondsLine", { seconds: tot.seconds }),
		t("cli.dry.costLine", { cost: totalCostText(tot) }),
	];
}

function chainLine(c: Plan["chains"][number]): string {
	const upstream =
		c.upstream.notePath === c.notePath
			? t("cli.dry.upstream", { shot: c.upstream.shotId, line: c.upstream.line })
			: t("cli.dry.upstreamOther", { note: c.upstream.notePath, shot: c.upstream.shotId, line: c.upstream.line });
	const p = { note: c.notePath, shot: c.shotId, line: c.line, upstream, asked: c.asked, depth: c.depth };
	return "  " + (c.external ? t("cli.dry.chainExternal", { ...p, external: externalText(c) }) : t("cli.dry.chain", p));
}

/** A titled block of indented lines, or nothing when there are none. */
function section(title: MessageKey, items: readonly string[]): string[] {
	return items.length ? ["", t(title), ...items.map((i) => `  ${i}`)] : [];
}

/** A readable report of the whole plan (or of a run's work), for the CLI and the dry-run view. */
export function formatDryRun(plan: Plan, work?: readonly DryRunWork[]): string {
	const header = COLUMNS.map((c) => t(`cli.dry.col.${c}`));
	const list = dryRunRows(plan, work);
	const rows = list.map((r) => [
		clipStart(r.note, MAX_NOTE),
		String(r.line),
		r.shot,
		String(r.take),
		r.providerModel,
		r.duration,
		r.orientationSize,
		t(r.pro ? "common.yes" : "common.no"),
		t(`cli.dry.status.${r.status}`),
		r.cost,
		r.reason ?? "",
	]);
	const tot = dryRunTotals(plan, list, work);
	const lines: string[] = [];
	lines.push(rows.length ? textTable(header, rows, new Set([1, 3, 5, 9])) : t("cli.dry.noShots"));
	lines.push("", t("cli.dry.totals"), ...totalsLines(tot));
	if (plan.priceSources.length) lines.push(t("cli.dry.priceSources"), ...plan.priceSources.map((s) => `    ${s}`));
	if (plan.chains.length) lines.push("", t("cli.dry.chains"), ...plan.chains.map(chainLine));
	lines.push(...section("cli.dry.errors", plan.errors));
	lines.push(...section("cli.dry.sheets", sheetSummary(work ? work.map((w) => w.job) : plan.jobs)));
	lines.push(...section("cli.dry.warnings", plan.warnings));
	return lines.join("\n") + "\n";
}
