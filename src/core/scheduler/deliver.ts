/**
 * Deliver phase: the sink downloads, verifies, writes and patches under the
 * delivery limit. `refresh` asks the provider again for a finished task (through
 * the same request channel) when a download link expired.
 */
import type { DownloadRequest, PollOutcome } from "../providers/types";
import type { RequestChannel } from "./channel";
import type { EngineState } from "./state";
import type { DeliverResult, EngineJob, JobOutcome } from "./types";
import { answer } from "./watch";

/** A fresh link goes before polls and creates while the rate binds: a download waits on it. */
const REFRESH_PRIORITY = 20;

export function deliver(
	s: EngineState,
	ch: RequestChannel,
	job: EngineJob,
	remoteId: string,
	download: DownloadRequest,
	resumed: boolean,
): Promise<JobOutcome> {
	return s.deliveries(async (): Promise<JobOutcome> => {
		if (s.abandoned) return { kind: "abandoned", remoteId };
		s.emitJob(job, "downloading", { remoteId, resumed });
		// The download is a request the provider (or its file host) sees too.
		s.requests++;
		const sc = s.scope();
		let res: DeliverResult;
		try {
			res = await s.sink.deliver(job, remoteId, download, { signal: sc.signal, refresh: () => refresh(s, ch, job, remoteId) });
		} finally {
			sc.done();
		}
		if (res.ok) {
			s.emitJob(job, "done", { remoteId, outputPath: res.outputPath, resumed });
			return { kind: "done", outputPath: res.outputPath };
		}
		s.emitJob(job, res.kind === "expired" ? "expired" : "failed", { remoteId, message: res.message });
		return res.kind === "expired" ? { kind: "expired", message: res.message } : { kind: "failed", message: res.message };
	});
}

/** Polls a finished task once more for a fresh download URL; null when it is gone. */
async function refresh(s: EngineState, ch: RequestChannel, job: EngineJob, remoteId: string): Promise<DownloadRequest | null> {
	let ref: string | undefined;
	for (let attempt = 0; attempt < 5; attempt++) {
		const asked = ref;
		const r = await ch.call<PollOutcome & { ok: true }>(
			"poll",
			(ctx) => {
				const a = s.opts.adapter;
				return asked !== undefined && a.buildResult ? a.buildResult(remoteId, asked, ctx) : a.buildPoll(remoteId, ctx);
			},
			(res, ctx) => answer(s, res, ctx, remoteId, asked),
			{ job, attempt, priority: () => REFRESH_PRIORITY },
		);
		if (r.kind === "ok") {
			const state = r.value.state;
			// Two-step result: the finished poll names the file; ask for it next.
			if (state.kind === "fetch" && ref === undefined && s.opts.adapter.buildResult) {
				ref = state.ref;
				continue;
			}
			return state.kind === "succeeded" ? state.download : null;
		}
		if (r.kind !== "failed") continue;
		const f = r.failure;
		if (f.cls === "invalid" || f.cls === "policy" || f.cls === "auth" || f.cls === "quota" || f.cls === "retired") return null;
		await s.sleep(Math.max(r.wait, 1000));
	}
	return null;
}
