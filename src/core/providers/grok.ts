/**
 * xAI Grok Imagine video: `POST /videos/generations` → `{request_id}`, then
 * `GET /videos/{request_id}` → `202 {status:"pending"}` while running,
 * `200 {status:"done", video:{url, duration, respect_moderation}}` when done.
 * "expired" and "failed" are terminal failures. The body's `request_id` is the
 * task id here, not a request id for support.
 * The request carries the neutral controls the API takes (docs.x.ai video guide and
 * xAI's SDK, read 2026-12-03): `resolution` (480p default), `aspect_ratio`, `duration`,
 * `image: {url}` for the first frame, `reference_images: [{url}]` (not together with
 * `image`), `generate_audio`. There is no seed, negative prompt or last frame.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, getJson, pathId, postJson } from "./base";
import { classifyTaskFailure } from "./classify";
import { guardCreate, readAnswer } from "./decode";
import { parseProgress, readMeta } from "./meta";
import { succeeded, taskFailed, withProgress } from "./outcome";
import { dataUri } from "../values";
import type { CreateOutcome, PollOutcome, ProviderAdapter, ProviderContext, ReferenceInput, ResponseMeta, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

const ID = "grok";
const base = catalogBase(ID);

const Created = z.looseObject({ request_id: z.string().check(z.minLength(1)) });

const Status = z.looseObject({
	status: z.string(),
	progress: z.nullish(z.union([z.number(), z.string()])),
	video: z.nullish(
		z.looseObject({
			url: z.nullish(z.string()),
			duration: z.nullish(z.number()),
			respect_moderation: z.nullish(z.boolean()),
		}),
	),
	error: z.nullish(z.union([z.string(), z.looseObject({ code: z.nullish(z.string()), message: z.nullish(z.string()) })])),
});

function statusState(v: z.infer<typeof Status>, ctx: ProviderContext, meta: ResponseMeta, taskId: string): PollOutcome {
	const s = v.status.toLowerCase();
	const progress = parseProgress(v.progress);
	if (s === "pending" || s === "queued" || s === "processing" || s === "in_progress" || s === "running") {
		return { ok: true, state: withProgress("running", progress), meta };
	}
	if (s === "done" || s === "completed" || s === "succeeded") {
		const url = v.video?.url;
		if (!url) {
			const moderated = v.video?.respect_moderation === false;
			const message = moderated ? tr("provider.grok.moderated") : tr("provider.request.noVideo", { id: taskId });
			return taskFailed({ provider: ID, ctx, meta, op: "poll", label: tr("provider.task.failed"), cls: moderated ? "policy" : "invalid", message });
		}
		return succeeded(meta, url);
	}
	// "expired", "failed" and anything unknown that is not pending.
	const err = v.error;
	const code = typeof err === "object" && err ? (err.code ?? undefined) : undefined;
	const said = typeof err === "string" ? err : err?.message;
	const message = said ?? (s === "expired" ? tr("provider.request.expired") : tr("provider.label.request", { state: s }));
	return taskFailed({
		provider: ID,
		ctx,
		meta,
		op: "poll",
		label: tr("provider.label.task", { state: s }),
		message,
		code,
		cls: classifyTaskFailure(`${code ?? ""} ${said ?? ""}`),
	});
}

function imageUrl(ref: ReferenceInput): { url: string } {
	return { url: ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes) };
}

/** The documented request body; `generate_audio` only where the catalog says the model takes it. */
export function grokBody(input: VideoJobInput): Record<string, unknown> {
	const spec = base.models.find((m) => m.id === input.model);
	const body: Record<string, unknown> = {
		model: input.model,
		prompt: input.prompt,
		duration: input.duration,
		aspect_ratio: input.aspect,
		resolution: input.resolution,
	};
	if (input.reference) body.image = imageUrl(input.reference);
	else if (input.references?.length) body.reference_images = input.references.map(imageUrl);
	if (input.audio !== undefined && (spec ? spec.caps.audio : true)) body.generate_audio = input.audio;
	return body;
}

export const grokAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		return postJson(`${baseOf(ctx)}/videos/generations`, bearer(ctx), grokBody(input));
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		const p = readAnswer(ID, res, ctx, Created, "create");
		if (!p.ok) return p;
		return guardCreate(ID, ctx, { ok: true, taskId: p.value.request_id, state: { kind: "queued" }, meta: p.meta });
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		return getJson(`${baseOf(ctx)}/videos/${pathId(taskId)}`, bearer(ctx));
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
		// 202 {status:"pending"} while running; 200 when done. An empty 202 also means pending.
		if (res.status === 202 && res.body.length === 0) return { ok: true, state: { kind: "running" }, meta: readMeta(res, ctx) };
		const p = readAnswer(ID, res, ctx, Status, "poll");
		if (!p.ok) return p;
		return statusState(p.value, ctx, p.meta, taskId);
	},
};
