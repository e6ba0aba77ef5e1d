/**
 * What the scheduler is given for each work item: the neutral controls, the
 * expected duration and wait limit, the resume point from the journal; and, just
 * before the create, the reference images read (or stitched) from the vault.
 */
import type { ModelSpec, ReferenceInput, VideoJobInput } from "../providers/types";
import type { EngineJob } from "../scheduler/engine";
import type { Settings } from "../settings";
import type { PlannedJob, Shot } from "../types";
import type { RunContext } from "./context";
import type { WorkItem } from "./options";
import { resolveReference, type ReferenceContext } from "./references";
import { sheetReferences } from "./sheets";

/** The neutral controls of a planned job; references are resolved just before the create. */
export function jobInput(j: PlannedJob): VideoJobInput {
	const input: VideoJobInput = {
		model: j.model,
		prompt: j.prompt,
		duration: j.duration,
		orientation: j.orientation,
		size: j.size,
		pro: j.pro,
		resolution: j.resolution,
		aspect: j.aspect,
	};
	if (j.negativePrompt !== undefined) input.negativePrompt = j.negativePrompt;
	if (j.seed !== undefined) input.seed = j.seed;
	if (j.audio !== undefined) input.audio = j.audio;
	return input;
}

export function toEngineJob(w: WorkItem, provider: string, spec: ModelSpec | undefined, settings: Settings): EngineJob {
	const scale = spec ? Math.max(1, w.job.duration / spec.defaultDuration) : 1;
	const expectedMs = (spec?.typicalSeconds ?? 300) * 1000 * scale * (w.job.pro ? 2 : 1);
	const longJob = w.job.pro || w.job.duration >= 25;
	const job: EngineJob = {
		key: w.job.key,
		notePath: w.job.notePath,
		shotId: w.job.shotId,
		take: w.job.take,
		input: spec?.family ? { ...jobInput(w.job), family: spec.family } : jobInput(w.job),
		durationKey: `${provider}/${w.job.model}/${w.job.duration}/${w.job.pro ? "pro" : "std"}`,
		expectedMs,
		maxWaitMs: (longJob ? settings.polling.maxWaitProMinutes : settings.polling.maxWaitMinutes) * 60_000,
		warnAfterMs: (longJob ? settings.polling.warnAfterProMinutes : settings.polling.warnAfterMinutes) * 60_000,
	};
	if (w.action.kind === "poll") job.resume = { kind: "poll", remoteId: w.action.remoteId };
	if (w.action.kind === "ambiguous") job.resume = { kind: "ambiguous", since: w.action.since };
	return job;
}

/** The final input of a create: the job's controls plus its references, read from the vault now. */
export async function prepareInput(
	ctx: RunContext,
	w: WorkItem,
	base: VideoJobInput,
	spec: ModelSpec | undefined,
	full: Shot | undefined,
	refCtx: ReferenceContext,
): Promise<VideoJobInput> {
	if (!spec) return base;
	const input: VideoJobInput = { ...base };
	if (ctx.opts.prepareReference) {
		// References the model takes natively are sent as they are, not stitched into the matrix;
		// where the cast's sheets go is the job's sheet plan (run/sheets.ts).
		const shot = full && w.job.nativeReferences ? { ...full, references: [] } : full;
		const reference = await ctx.opts.prepareReference({ job: w.job, shot, spec, refCtx, redact: ctx.redact, signal: ctx.opts.abandonSignal });
		if (reference) input.reference = reference;
	}
	if (!input.reference && w.job.reference) input.reference = await resolveReference(refCtx, w.job.reference, w.job.notePath, spec);
	if (w.job.lastFrame) input.lastFrame = await resolveReference(refCtx, w.job.lastFrame, w.job.notePath, spec);
	if (w.job.nativeReferences) {
		const refs: ReferenceInput[] = [];
		for (const r of w.job.nativeReferences) refs.push(await resolveReference(refCtx, r, w.job.notePath, spec));
		input.references = refs;
	}
	const sheets = await sheetReferences({
		job: w.job,
		shot: full,
		spec,
		refCtx,
		prepare: ctx.opts.prepareReference,
		redact: ctx.redact,
		signal: ctx.opts.abandonSignal,
		warn: (m) => ctx.warn(m, w.job.notePath),
	});
	if (sheets) input.references = sheets.replace ? sheets.refs : [...(input.references ?? []), ...sheets.refs];
	return input;
}
