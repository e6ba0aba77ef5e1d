/**
 * Stage 5, summary: the run's totals from its outcomes and counters. Duplicates
 * are creates the provider accepted more than once for one take.
 */
import type { StopReason, SummaryEvent } from "../../ports/events";
import type { RunContext } from "./context";

export function summaryOf(ctx: RunContext, stopped: StopReason | null): SummaryEvent {
	let succeeded = 0;
	let failed = 0;
	let unknown = 0;
	let skipped = 0;
	let invalid = 0;
	let busy = 0;
	for (const o of ctx.outcomes.values()) {
		if (o.kind === "done") succeeded++;
		else if (o.kind === "failed" || o.kind === "expired" || o.kind === "timed-out") failed++;
		else if (o.kind === "unknown") unknown++;
		else if (o.kind === "skipped") skipped++;
		else if (o.kind === "invalid") invalid++;
		else if (o.kind === "busy") busy++;
		else if (o.kind === "reported") {
			if (o.status === "unknown") unknown++;
			else failed++;
		}
	}
	const c = ctx.counters;
	let duplicates = 0;
	for (const n of c.accepted.values()) if (n > 1) duplicates += n - 1;
	return {
		type: "summary",
		at: ctx.opts.clock.now(),
		submitted: c.submitted,
		succeeded,
		failed,
		skipped,
		resumed: c.resumed,
		invalid,
		unknown,
		duplicates,
		cost_estimate: c.submitted === 0 ? 0 : c.costSubmitted === 0 && c.costUnknown > 0 ? null : Math.round(c.costSubmitted * 1e4) / 1e4,
		...(stopped ? { stopped } : {}),
		...(busy ? { busy } : {}),
	};
}
