/**
 * The dry-run table of the run dialog and the estimate modal. Rows and totals are
 * the core's (`dryRunRows` over the run's work), the same the CLI prints: only
 * jobs that will be submitted are priced; done, resumed and reported jobs show
 * $0 and their real state.
 */
import { dryRunRows, type DryRunStatus, dryRunTotals, type DryRunTotals, type MessageKey, type RunReport, t, totalCostText } from "../core";

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

const LABELS: Record<DryRunStatus, MessageKey> = {
	ready: "plugin.dry.status.ready",
	resume: "plugin.dry.status.resume",
	reconcile: "plugin.dry.status.resume",
	done: "plugin.dry.status.done",
	skipped: "plugin.dry.status.done",
	failed: "plugin.dry.status.failed",
	unknown: "plugin.dry.status.unknown",
	expired: "plugin.dry.status.expired",
	busy: "plugin.dry.status.busy",
	invalid: "plugin.dry.status.invalid",
};

const COLUMNS: MessageKey[] = [
	"plugin.dry.col.note",
	"plugin.dry.col.shot",
	"plugin.dry.col.take",
	"plugin.dry.col.model",
	"plugin.dry.col.duration",
	"plugin.dry.col.orientation",
	"plugin.dry.col.status",
	"plugin.dry.col.cost",
];

/** "Model deprecated, shuts down on 2026-09-24; move to veo-3.1." */
function deprecation(shutdown: string | undefined, replacement: string | undefined): string {
	if (shutdown && replacement) return t("plugin.dry.deprecatedBoth", { date: shutdown, model: replacement });
	if (shutdown) return t("plugin.dry.deprecatedShutdown", { date: shutdown });
	if (replacement) return t("plugin.dry.deprecatedMove", { model: replacement });
	return t("plugin.dry.deprecated");
}

/** Renders the totals and the per-job table of a dry run. */
export function renderDryRun(el: HTMLElement, report: RunReport, maxRows = 200): void {
	el.empty();
	const s = summarize(report);
	const parts = [t("plugin.dry.shots", { count: s.shots }), t("plugin.dry.toRun", { count: s.ready })];
	if (s.resume) parts.push(t("plugin.dry.toResume", { count: s.resume }));
	parts.push(t("plugin.count.skipped", { count: s.skipped }));
	if (s.reported) parts.push(t("plugin.dry.notRetried", { count: s.reported }));
	if (s.busy) parts.push(t("plugin.dry.busy", { count: s.busy }));
	parts.push(t("plugin.count.invalid", { count: s.invalid }), t("plugin.dry.cost", { cost: costText(s) }));
	el.createDiv({ cls: "cineflow-dryrun-totals" }).createSpan({ text: parts.join(" · ") });
	const table = el.createEl("table", { cls: "cineflow-dryrun-table" });
	const head = table.createEl("thead").createEl("tr");
	for (const h of COLUMNS) head.createEl("th", { text: t(h) });
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
		tr.createEl("td", { text: t(LABELS[r.status]) });
		tr.createEl("td", { text: r.cost });
		const lifecycle = w.action.kind !== "invalid" && w.job.lifecycle;
		if (w.action.kind === "invalid" || w.action.kind === "report" || w.action.kind === "busy") {
			const why = body.createEl("tr", { cls: "cineflow-dryrun-reason" });
			why.createEl("td", { text: r.reason ?? "", attr: { colspan: 8 } });
		} else if (lifecycle) {
			const why = body.createEl("tr", { cls: ["cineflow-dryrun-reason", "cineflow-deprecated"] });
			why.createEl("td", { text: deprecation(lifecycle.shutdown, lifecycle.replacement), attr: { colspan: 8 } });
		}
	}
	if (report.work.length > maxRows) el.createDiv({ cls: "cineflow-muted", text: t("plugin.dry.moreJobs", { count: report.work.length - maxRows }) });
	if (report.plan.errors.length) {
		const errs = el.createDiv({ cls: "cineflow-dryrun-errors" });
		for (const e of report.plan.errors) errs.createDiv({ text: e });
	}
}
