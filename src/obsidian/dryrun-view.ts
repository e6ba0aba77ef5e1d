/**
 * The dry-run table of the run dialog and the estimate modal. Rows and totals are
 * the core's (`dryRunRows` over the run's work), the same the CLI prints: only
 * jobs that will be submitted are priced; done, resumed and reported jobs show
 * $0 and their real state.
 */
import { dryRunRows, dryRunTotals, totalCostText, type DryRunStatus, type DryRunTotals } from "../core/dryrun";
import type { RunReport } from "../core/run/runner";

export interface WorkSummary extends DryRunTotals {
	/** Jobs the run would work on: submitted now, or resumed. */
	toRun: number;
}

export function summarize(report: RunReport): WorkSummary {
	const rows = dryRunRows(report.plan, report.work);
	const t = dryRunTotals(report.plan, rows, report.work);
	const shots = new Set(report.work.map((w) => `${w.job.notePath}::${w.job.shotId}`));
	return { ...t, shots: shots.size, toRun: t.ready + t.resume };
}

export function costText(s: Pick<DryRunTotals, "cost" | "unknownCost">): string {
	return totalCostText(s);
}

const LABELS: Record<DryRunStatus, string> = {
	ready: "to generate",
	resume: "to resume",
	reconcile: "to resume",
	done: "already done",
	skipped: "already done",
	failed: "failed earlier",
	unknown: "unknown outcome",
	expired: "link expired",
	busy: "another run has it",
	invalid: "invalid",
};

/** Renders the totals and the per-job table of a dry run. */
export function renderDryRun(el: HTMLElement, report: RunReport, maxRows = 200): void {
	el.empty();
	const s = summarize(report);
	const parts = [`${s.shots} shot${s.shots === 1 ? "" : "s"}`, `${s.ready} to run`];
	if (s.resume) parts.push(`${s.resume} to resume`);
	parts.push(`${s.skipped} already done`);
	if (s.reported) parts.push(`${s.reported} not retried`);
	if (s.busy) parts.push(`${s.busy} busy in another run`);
	parts.push(`${s.invalid} invalid`, `estimated cost ${costText(s)}`);
	el.createDiv({ cls: "cineflow-dryrun-totals" }).createSpan({ text: parts.join(" · ") });
	const table = el.createEl("table", { cls: "cineflow-dryrun-table" });
	const head = table.createEl("thead").createEl("tr");
	for (const h of ["Note", "Shot", "Take", "Model", "Duration", "Orientation", "Status", "Cost"]) head.createEl("th", { text: h });
	const body = table.createEl("tbody");
	const rows = dryRunRows(report.plan, report.work);
	for (const [i, w] of report.work.slice(0, maxRows).entries()) {
		const r = rows[i];
		if (!r) continue;
		const tr = body.createEl("tr", { cls: `cineflow-action-${w.action.kind}`, attr: { "data-status": r.status } });
		tr.createEl("td", { text: r.note });
		tr.createEl("td", { text: r.shot });
		tr.createEl("td", { text: String(r.take) });
		tr.createEl("td", { text: r.providerModel });
		tr.createEl("td", { text: r.duration });
		tr.createEl("td", { text: r.orientationSize });
		tr.createEl("td", { text: LABELS[r.status] });
		tr.createEl("td", { text: r.cost });
		const lifecycle = w.action.kind !== "invalid" && w.job.lifecycle;
		if (w.action.kind === "invalid" || w.action.kind === "report" || w.action.kind === "busy") {
			const why = body.createEl("tr", { cls: "cineflow-dryrun-reason" });
			why.createEl("td", { text: r.reason ?? "", attr: { colspan: 8 } });
		} else if (lifecycle) {
			const why = body.createEl("tr", { cls: "cineflow-dryrun-reason cineflow-deprecated" });
			why.createEl("td", { text: `Model deprecated${lifecycle.shutdown ? `, shuts down on ${lifecycle.shutdown}` : ""}${lifecycle.replacement ? `; move to ${lifecycle.replacement}` : ""}.`, attr: { colspan: 8 } });
		}
	}
	if (report.work.length > maxRows) el.createDiv({ cls: "cineflow-muted", text: `… and ${report.work.length - maxRows} more jobs.` });
	if (report.plan.errors.length) {
		const errs = el.createDiv({ cls: "cineflow-dryrun-errors" });
		for (const e of report.plan.errors) errs.createDiv({ text: e });
	}
}
