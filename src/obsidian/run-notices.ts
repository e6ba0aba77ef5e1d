/**
 * The text of the run's start and end notices, from the run state: whole catalog
 * messages (counts as a list, then sentences). Phones have no status bar, so on
 * a phone the figures it would show go in the notices.
 */
import { formatUsd, type MessageKey, t } from "../core";
import type { RunStartEvent } from "../ports/events";
import { formatDuration, spendText, type RunState } from "./run-state";
import { joinList, joinSentences } from "./text";

function count(key: MessageKey, n: number): string {
	return n ? t(key, { count: n }) : "";
}

/** "Estimated $0.30, budget $1.00." ("" when neither is known). */
function startFigures(estimate: number | null, budget: number | null): string {
	if (estimate !== null && budget !== null) return t("plugin.run.figures.both", { estimate: formatUsd(estimate), budget: formatUsd(budget) });
	if (estimate !== null) return t("plugin.run.figures.estimate", { estimate: formatUsd(estimate) });
	if (budget !== null) return t("plugin.run.figures.budget", { budget: formatUsd(budget) });
	return "";
}

/** "CineFlow: Generating 4 shots (1 already done). Progress is in the status bar and the queue." */
export function startNoticeText(e: RunStartEvent, state: RunState, mobile: boolean): string {
	const details = joinList([count("plugin.count.skipped", e.skipped), count("plugin.count.invalid", e.invalid)]);
	const resume = state.mode === "resume";
	const head = details
		? t(resume ? "plugin.run.start.resumeWith" : "plugin.run.start.generateWith", { count: e.ready, details })
		: t(resume ? "plugin.run.start.resume" : "plugin.run.start.generate", { count: e.ready });
	const where = mobile ? [startFigures(e.costEstimate, state.budgetUsd), t("plugin.run.whereMobile")] : [t("plugin.run.whereDesktop")];
	return joinSentences([head, ...where]);
}

/** "CineFlow finished: 3 done, 1 failed. Estimated cost $0.40. Details are in the queue." */
export function endNoticeText(state: RunState, mobile: boolean): string {
	const c = state.counts();
	// Shots left to another run holding their note's lock are reported as such, not as done.
	const busy = state.summary?.busy ?? 0;
	const skipped = Math.max(0, c.skipped - busy);
	const busyText = count("plugin.count.busy", busy);
	if (c.total === 0 && !state.start?.ready) {
		const details = joinList([count("plugin.count.skipped", skipped), count("plugin.count.invalid", c.invalid), busyText]);
		return details ? t("plugin.run.nothingWith", { details }) : t("plugin.run.nothing");
	}
	const details = joinList([
		t("plugin.count.done", { count: c.done }),
		count("plugin.count.failed", c.failed),
		count("plugin.count.cancelled", c.cancelled),
		count("plugin.count.skipped", skipped),
		count("plugin.count.invalid", c.invalid),
		busyText,
	]);
	const cost = state.summary?.cost_estimate;
	const w = state.warningEvents.length;
	const took = formatDuration(state.now() - (state.start?.at ?? state.now()));
	return joinSentences([
		t("plugin.run.finished", { details }),
		cost === null || cost === undefined ? "" : t("plugin.run.estimatedCost", { cost: formatUsd(cost) }),
		mobile ? t("plugin.run.mobileSpend", { spend: spendText(state.spend()), duration: took }) : "",
		w ? t("plugin.run.warnings", { count: w }) : "",
		(c.failed || c.cancelled) && !w ? t("plugin.run.details") : "",
	]);
}
