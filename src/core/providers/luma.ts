/**
 * Luma Ray 3.2 through the Luma Agents API (https://docs.agents.lumalabs.ai/, official
 * luma-agents SDK 0.3.0): `POST /generations` with
 * `{model:"ray-3.2", type:"video", prompt, aspect_ratio, video:{resolution, duration,
 * start_frame?, end_frame?}}` → 201 Generation; `GET /generations/{id}` →
 * `{id, state: queued|processing|completed|failed, failure_code?, failure_reason?,
 * output:[{type, url}]}`. Output URLs are presigned for one hour. Frames are an
 * ImageRef: a public `url`, or inline base64 `data` with `media_type`.
 *
 * Synchronous errors are `{detail}` (a string, or a validation list) with the status
 * deciding the class (https://docs.agents.lumalabs.ai/guides/error-handling/): 402 →
 * quota, 401/403 → auth, 429 (RPM or concurrent jobs, with Retry-After) → rate or
 * capacity, 502/503 → outage; a validation error on `model` → retired. Asynchronous
 * `failure_code`s: content_moderated → policy, generation_failed / output_not_found →
 * outage, budget_exhausted → quota, rate_limited → rate, the input codes → invalid.
 * The API documents no generation list and no progress, so lookup is off.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, getJson, pathId, postJson } from "./base";
import { classify, classifyTaskFailure, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, httpFailure, readAnswer } from "./decode";
import { readMeta } from "./meta";
import { answerFailed, createdState, succeeded, taskFailed } from "./outcome";
import { isRecord, toBase64 } from "../values";
import type { CreateOutcome, Failure, FailureClass, PollOutcome, ProviderAdapter, ProviderContext, ReferenceInput, ResponseMeta, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

const ID = "luma";
const base = catalogBase(ID);

const Generation = z.looseObject({
	id: z.string().check(z.minLength(1)),
	state: z.string(),
	failure_code: z.nullish(z.string()),
	failure_reason: z.nullish(z.string()),
	output: z.nullish(z.array(z.unknown())),
});

/** Documented asynchronous failure codes and their class. */
const FAILURE_CODES: Record<string, FailureClass> = {
	content_moderated: "policy",
	generation_failed: "outage",
	output_not_found: "outage",
	budget_exhausted: "quota",
	rate_limited: "rate",
	image_too_large: "invalid",
	unsupported_format: "invalid",
	corrupt_input: "invalid",
	invalid_request: "invalid",
};

/** An ImageRef: `{url}` or `{data, media_type}`. */
function imageRef(ref: ReferenceInput): Record<string, string> {
	return ref.kind === "url" ? { url: ref.url } : { data: toBase64(ref.bytes), media_type: ref.mime };
}

interface Detail {
	message: string;
	/** True when a validation error sits on the `model` field. */
	onModel: boolean;
}

/** `detail` as text: a string as is, a validation list as `loc: msg (got input)`. */
function detailOf(body: unknown): Detail | undefined {
	if (!isRecord(body)) return undefined;
	const d = body.detail;
	if (typeof d === "string" && d.trim()) return { message: d, onModel: false };
	if (!Array.isArray(d)) return undefined;
	let onModel = false;
	const parts: string[] = [];
	for (const item of (d as unknown[]).slice(0, 5)) {
		if (!isRecord(item)) continue;
		const loc = Array.isArray(item.loc) ? (item.loc as unknown[]).map((p) => String(p)).filter((p) => p !== "body") : [];
		if (loc.length === 1 && loc[0] === "model") onModel = true;
		const msg = typeof item.msg === "string" ? item.msg : "invalid";
		const got = typeof item.input === "string" || typeof item.input === "number" ? ` (got ${String(item.input)})` : "";
		parts.push(`${loc.length ? `${loc.join(".")}: ` : ""}${msg}${got}`);
	}
	return parts.length ? { message: parts.join("; "), onModel } : undefined;
}

function errorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const meta = readMeta(res, ctx);
	const decoded = decodeJson(res);
	const detail = decoded.ok ? detailOf(decoded.value) : undefined;
	if (!detail) return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	const validation = res.status === 400 || res.status === 422;
	const cls = validation && detail.onModel ? "retired" : classify({ status: res.status, op, text: detail.message, retryAfterMs: meta.retryAfterMs });
	return { failure: makeFailure({ provider: ID, ctx, meta, op, message: detail.message, cls }), meta };
}

/** The video URL of a completed generation: the `video` output, else the first URL. */
function videoUrl(output: readonly unknown[] | null | undefined): string | undefined {
	const items = (output ?? []).filter(isRecord);
	const pick = items.find((o) => o.type === "video" && typeof o.url === "string" && o.url) ?? items.find((o) => typeof o.url === "string" && o.url);
	return pick && typeof pick.url === "string" ? pick.url : undefined;
}

function generationState(g: z.infer<typeof Generation>, ctx: ProviderContext, meta: ResponseMeta): PollOutcome {
	const state = g.state.toLowerCase();
	if (state === "queued") return { ok: true, state: { kind: "queued" }, meta };
	if (state === "processing" || state === "dreaming") return { ok: true, state: { kind: "running" }, meta };
	if (state === "completed") {
		const url = videoUrl(g.output);
		return url
			? succeeded(meta, url)
			: answerFailed({ provider: ID, ctx, meta, op: "poll", cls: "outage", message: tr("provider.generation.noOutputYet", { id: g.id }) });
	}
	if (state === "failed") {
		const code = g.failure_code ?? undefined;
		const message = g.failure_reason ?? tr("provider.generation.failed");
		const known = code !== undefined ? FAILURE_CODES[code] : undefined;
		const cls = known ?? classifyTaskFailure(`${code ?? ""} ${g.failure_reason ?? ""}`);
		return taskFailed({ provider: ID, ctx, meta, op: "poll", label: tr("provider.generation.failed"), message, code, cls });
	}
	return { ok: true, state: { kind: "running" }, meta };
}

export const lumaAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		const video: Record<string, unknown> = { resolution: input.resolution, duration: `${input.duration}s` };
		if (input.reference) video.start_frame = imageRef(input.reference);
		if (input.lastFrame) video.end_frame = imageRef(input.lastFrame);
		return postJson(`${baseOf(ctx)}/generations`, bearer(ctx), {
			model: input.model,
			type: "video",
			prompt: input.prompt,
			aspect_ratio: input.aspect,
			video,
		});
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		const p = readAnswer(ID, res, ctx, Generation, "create", errorFailure);
		if (!p.ok) return p;
		return guardCreate(ID, ctx, { ok: true, taskId: p.value.id, state: createdState(generationState(p.value, ctx, p.meta)), meta: p.meta });
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		return getJson(`${baseOf(ctx)}/generations/${pathId(taskId)}`, bearer(ctx));
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
		const p = readAnswer(ID, res, ctx, Generation, "poll", errorFailure);
		return p.ok ? generationState(p.value, ctx, p.meta) : p;
	},
};
