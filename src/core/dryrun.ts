/** The dry run: every planned job as a fixed-width text table, then the totals. */
import { formatUsd } from "./cost";
import type { Plan } from "./plan";
import type { PlanStatus } from "./types";

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
	status: PlanStatus;
	/** Estimated cost in USD; null when unknown or not applicable. */
	costUsd: number | null;
	/** "$0.050", "unknown", or "—" for invalid jobs. */
	cost: string;
	reason?: string;
}

export function dryRunRows(plan: Plan): DryRunRow[] {
	return plan.jobs.map((j) => {
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
			status: j.status,
			costUsd: j.status === "invalid" ? null : j.cost,
			cost: j.status === "invalid" ? "—" : j.cost === null ? "unknown" : formatUsd(j.cost),
		};
		if (j.reason !== undefined) row.reason = j.reason;
		else if (j.lifecycle) row.reason = `model deprecated${j.lifecycle.shutdown ? `, shuts down on ${j.lifecycle.shutdown}` : ""}${j.lifecycle.replacement ? `; move to ${j.lifecycle.replacement}` : ""}`;
		return row;
	});
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

/** A readable report of the whole plan, for the CLI and the dry-run view. */
export function formatDryRun(plan: Plan): string {
	const header = ["Note", "Line", "Shot", "Take", "Provider/model", "Duration", "Orientation/size", "Pro", "Status", "Est. cost", "Reason"];
	const rows = dryRunRows(plan).map((r) => [
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
	const t = plan.totals;
	const lines: string[] = [];
	lines.push(rows.length ? table(header, rows, new Set([1, 3, 5, 9])) : "No shots found.");
	lines.push("", "Totals");
	lines.push(`  Shots:    ${t.shots}`);
	lines.push(`  Jobs:     ${t.jobs} (ready ${t.ready}, skipped ${t.skipped}, invalid ${t.invalid})`);
	lines.push(`  Seconds:  ${t.seconds} (ready jobs)`);
	let cost = t.cost === null ? "unknown" : formatUsd(t.cost);
	if (t.unknownCost > 0 && t.cost !== null) cost += ` + ${t.unknownCost} job${t.unknownCost === 1 ? "" : "s"} of unknown price`;
	else if (t.unknownCost > 0) cost += ` (${t.unknownCost} job${t.unknownCost === 1 ? "" : "s"} of unknown price)`;
	lines.push(`  Estimated cost: ${cost}`);
	if (plan.priceSources.length) {
		lines.push("  Price sources:");
		for (const s of plan.priceSources) lines.push(`    ${s}`);
	}
	if (plan.errors.length) {
		lines.push("", "Errors");
		for (const e of plan.errors) lines.push(`  ${e}`);
	}
	if (plan.warnings.length) {
		lines.push("", "Warnings");
		for (const w of plan.warnings) lines.push(`  ${w}`);
	}
	return lines.join("\n") + "\n";
}
