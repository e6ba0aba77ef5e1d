/**
 * Reconcile phase: after a create whose fate is unknown (502/504/timeout, or a
 * journal entry "submitting" with no answer), look for the task. Found → adopt it;
 * certainly absent (looked up twice, 5 s apart: a list can lag behind a create) →
 * resubmit; cannot tell → the job is "unknown", never blindly re-sent.
 */
import { t } from "../i18n";
import type { LookupOutcome, ProviderContext, VideoJobInput } from "../providers/types";
import type { RequestChannel } from "./channel";
import type { EngineState } from "./state";
import type { EngineJob, JobOutcome } from "./types";

export type ReconcileResult = { kind: "watch"; remoteId: string; since: number } | { kind: "resubmit" } | { kind: "end"; outcome: JobOutcome };

/** Lookups that must say "not there" before a resubmit, and the wait between them. */
export const LOOKUPS_BEFORE_RESUBMIT = 2;
export const LOOKUP_GAP_MS = 5_000;
const MAX_LOOKUPS = 12;
/** Pages of a task list read in one lookup (50 tasks a page: the last 1,000 tasks). */
export const MAX_LOOKUP_PAGES = 20;

/** A lookup goes before polls and creates while the rate binds: a job is stuck until it is answered. */
const LOOKUP_PRIORITY = 20;

export async function reconcile(s: EngineState, ch: RequestChannel, job: EngineJob, input: VideoJobInput, since: number): Promise<ReconcileResult> {
	const adapter = s.opts.adapter;
	const unknownMsg = (why: string) => t("run.unknown.message", { why });
	const unknown = async (why: string): Promise<ReconcileResult> => {
		const message = unknownMsg(why);
		await s.sink.unknown(job, message);
		s.emitJob(job, "unknown", { message });
		return { kind: "end", outcome: { kind: "unknown", message } };
	};
	if (!adapter.canLookup || !adapter.buildLookup || !adapter.parseLookup) return unknown(t("run.unknown.noLookup", { provider: adapter.label }));
	const buildLookup = (input: VideoJobInput, ctx: ProviderContext, sinceMs: number, page?: number) =>
		(adapter.buildLookup as NonNullable<typeof adapter.buildLookup>).call(adapter, input, ctx, sinceMs, page);
	const parseLookup = (...a: Parameters<NonNullable<typeof adapter.parseLookup>>) =>
		(adapter.parseLookup as NonNullable<typeof adapter.parseLookup>).call(adapter, ...a);
	let notFound = 0;
	// A list that goes on is read page by page before the task counts as absent (the order is not always documented).
	let page: number | undefined;
	let pages = 0;
	for (let attempt = 0; attempt < MAX_LOOKUPS; attempt++) {
		const r = await ch.call<LookupOutcome & { found: boolean }>(
			"lookup",
			(ctx) => buildLookup(input, ctx, since, page),
			(res, ctx) => {
				const out = parseLookup(res, input, ctx, since, s.claimed);
				return out.found === "error" ? { ok: false, failure: out.failure, meta: out.meta } : { ok: true, value: out, meta: out.meta };
			},
			{ job, attempt, priority: () => LOOKUP_PRIORITY },
		);
		if (r.kind === "ok") {
			const out = r.value;
			if (out.found === true) {
				s.adopt(job, out.taskId);
				await s.sink.submitted(job, out.taskId, out.meta.requestId);
				s.emitJob(job, "queued", { remoteId: out.taskId, message: t("run.unknown.found") });
				return { kind: "watch", remoteId: out.taskId, since };
			}
			if (out.nextPage !== undefined && pages < MAX_LOOKUP_PAGES) {
				page = out.nextPage;
				pages++;
				attempt--;
				continue;
			}
			page = undefined;
			pages = 0;
			notFound++;
			if (notFound >= LOOKUPS_BEFORE_RESUBMIT) return { kind: "resubmit" };
			await s.sleep(LOOKUP_GAP_MS);
			continue;
		}
		if (r.kind !== "failed") continue;
		if (r.failure.cls === "auth") {
			s.abandon("auth", t("run.stop.provider", { message: r.failure.message }));
			return { kind: "end", outcome: { kind: "cancelled" } };
		}
		await s.sleep(Math.max(r.wait, 1000));
	}
	return unknown(t("run.unknown.lookupFailed"));
}
