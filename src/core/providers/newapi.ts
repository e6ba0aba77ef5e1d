/**
 * NewAPI-compatible relays (QuantumNous/new-api and gateways derived from it).
 * Three route families ("flavors"):
 * - "videos": the OpenAI-shaped `/v1/videos` routes (AIHubMix too); no list route.
 * - "generations": `POST /v1/video/generations`, `GET /v1/video/generations/{id}`
 *   answering the TaskDto envelope `{code:"success", data:{status, progress:"NN%", …}}`.
 * - "t8star": `POST /v2/videos/generations`, `GET /v2/videos/generations/{task_id}`
 *   answering `{status, progress:"NN%", fail_reason, data:{output}}`.
 * Error bodies: `{"code":"…","message":"…","data":null}` or `{"error":{message,type,param,code}}`.
 * A relay passes an upstream error on as `fail_to_fetch_task` with the upstream's own body
 * as a JSON string in `message` (e.g. an inner 404 "… is no longer available" once the
 * upstream model is gone); the inner status and text decide the class.
 * Request bodies differ per model (`relay-bodies.ts`): the catalog names each model's dialect.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { snippet } from "../redact";
import type { ProviderInfo } from "./catalog";
import { adapterFields, baseOf, bearer, catalogBase, getJson, pathId, postJson, sameOrigin } from "./base";
import { classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { guardCreate, jsonText, readAnswer } from "./decode";
import { parseProgress } from "./meta";
import { answerFailed, noOutputYet, succeeded, taskFailed, withProgress } from "./outcome";
import { isRecord } from "../values";
import { dialectOf, relayBody } from "./relay-bodies";
import { createOpenAiShapedAdapter, openAiStatusKind } from "./openai";
import type { CreateOutcome, Failure, PollOutcome, ProviderAdapter, ProviderContext, RemoteState, ResponseMeta, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

export type NewApiFlavor = "videos" | "generations" | "t8star";

const AnyObject = z.looseObject({});

interface TaskView {
	status: string;
	progress?: unknown;
	failReason?: string;
	url?: string;
}

function s(v: unknown): string | undefined {
	return typeof v === "string" && v.trim() ? v : undefined;
}

/** A `code` that is present and is not a success marker means the body is an error. */
function envelopeError(body: Record<string, unknown>): { code: string; message?: string } | undefined {
	const code = body.code;
	if (typeof code !== "string" && typeof code !== "number") return undefined;
	const c = String(code);
	if (c === "success" || c === "200" || c === "0" || c === "") return undefined;
	return { code: c, message: s(body.message) ?? s(body.msg) };
}

/** The task, whichever of the shapes the gateway answered with. */
function taskView(body: Record<string, unknown>): TaskView | undefined {
	const data = body.data;
	if (isRecord(data) && typeof data.status === "string") {
		// TaskDto envelope.
		const inner = isRecord(data.data) ? data.data : {};
		return {
			status: data.status,
			progress: data.progress,
			failReason: s(data.fail_reason),
			url: s(data.result_url) ?? s(data.url) ?? s(data.output) ?? s(inner.url) ?? s(inner.output) ?? s(inner.video_url),
		};
	}
	if (typeof body.status === "string") {
		const d = isRecord(data) ? data : {};
		const err = body.error;
		const errMsg = isRecord(err) ? s(err.message) : s(err);
		return {
			status: body.status,
			progress: body.progress,
			failReason: s(body.fail_reason) ?? errMsg,
			url: s(d.output) ?? s(d.url) ?? s(d.video_url) ?? s(body.url) ?? s(body.result_url) ?? s(body.video_url) ?? s(body.output),
		};
	}
	return undefined;
}

/**
 * The upstream error a relay wrapped as a JSON string in `message`
 * (`{"error":{"code":404,"message":"…","status":"NOT_FOUND"}}`): its HTTP-like status and text.
 */
export function innerError(message: string | undefined): { status?: number; message?: string } | undefined {
	if (!message || !/^\s*\{/.test(message)) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(message);
	} catch {
		return undefined;
	}
	const info = errorInfo(value);
	const err = isRecord(value) && isRecord(value.error) ? value.error : isRecord(value) ? value : {};
	const code = typeof err.code === "number" ? err.code : typeof err.code === "string" && /^\d{3}$/.test(err.code) ? Number(err.code) : undefined;
	const status = code !== undefined && code >= 400 && code < 600 ? code : undefined;
	const text = [info.code && !/^\d+$/.test(info.code) ? info.code : undefined, info.message].filter(Boolean).join(": ");
	return { status, message: text || undefined };
}

function createGenerationsLike(info: ProviderInfo, flavor: "generations" | "t8star"): ProviderAdapter {
	const ID = info.id;
	const createPath = flavor === "t8star" ? "/v2/videos/generations" : "/video/generations";

	function stateOf(v: TaskView, ctx: ProviderContext, meta: ResponseMeta, taskId: string): PollOutcome {
		const kind = openAiStatusKind(v.status) ?? "running";
		const progress = parseProgress(v.progress);
		if (kind === "queued" || kind === "running") return { ok: true, state: withProgress(kind, progress), meta };
		if (kind === "succeeded") {
			if (!v.url) return noOutputYet(ID, ctx, meta, taskId, "url");
			// The gateway's own content route needs the token; a third-party URL never gets it.
			return succeeded(meta, v.url, sameOrigin(v.url, ctx) ? bearer(ctx) : {});
		}
		const msg = v.failReason ?? tr("provider.label.task", { state: v.status });
		return taskFailed({
			provider: ID,
			ctx,
			meta,
			op: "poll",
			label: tr("provider.task.failed"),
			message: msg,
			cls: classifyTaskFailure(v.failReason ?? v.status),
		});
	}

	function envelopeFailure(e: { code: string; message?: string }, ctx: ProviderContext, meta: ResponseMeta, op: Op): Failure {
		const inner = innerError(e.message);
		return makeFailure({
			provider: ID,
			ctx,
			meta,
			op,
			code: e.code,
			message: inner?.message ?? e.message ?? e.code,
			label: tr("provider.label.code", { code: e.code }),
			...(inner?.status !== undefined ? { status: inner.status } : {}),
		});
	}

	return {
		...adapterFields(info),
		canLookup: false,

		buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
			const body = relayBody(dialectOf(info, flavor, input.model), flavor, input) ?? {};
			return postJson(`${baseOf(ctx)}${createPath}`, bearer(ctx), body);
		},

		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			const p = readAnswer(ID, res, ctx, AnyObject, "create");
			if (!p.ok) return p;
			const body = p.value;
			const err = envelopeError(body);
			if (err) return { ok: false, failure: envelopeFailure(err, ctx, p.meta, "create"), meta: p.meta };
			const data = isRecord(body.data) ? body.data : {};
			const id = s(body.task_id) ?? s(body.id) ?? s(data.task_id) ?? s(data.id);
			if (!id)
				return answerFailed({
					provider: ID,
					ctx,
					meta: p.meta,
					op: "create",
					cls: "invalid",
					message: tr("provider.noTaskId", { snippet: snippet(jsonText(body), ctx.redact) }),
				});
			const view = taskView(body);
			let state: RemoteState = { kind: "queued" };
			if (view) {
				const r = stateOf(view, ctx, p.meta, id);
				if (r.ok) state = r.state;
			}
			return guardCreate(ID, ctx, { ok: true, taskId: id, state, meta: p.meta });
		},

		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			return getJson(`${baseOf(ctx)}${createPath}/${pathId(taskId)}`, bearer(ctx));
		},

		parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
			const p = readAnswer(ID, res, ctx, AnyObject, "poll");
			if (!p.ok) return p;
			const err = envelopeError(p.value);
			if (err) return { ok: false, failure: envelopeFailure(err, ctx, p.meta, "poll"), meta: p.meta };
			const view = taskView(p.value);
			if (!view) {
				const info = errorInfo(p.value);
				const quoted = snippet(jsonText(p.value), ctx.redact);
				const message = info.message
					? tr("provider.unexpected.noStatusSaid", { message: info.message, snippet: quoted })
					: tr("provider.unexpected.noStatus", { snippet: quoted });
				return answerFailed({ provider: ID, ctx, meta: p.meta, op: "poll", cls: "invalid", message });
			}
			return stateOf(view, ctx, p.meta, taskId);
		},
	};
}

/** The adapter for a NewAPI-style catalog entry (newapi, t8star, aihubmix, or a custom one). */
export function createNewApiAdapter(info: ProviderInfo, flavor: NewApiFlavor = info.flavor ?? "videos"): ProviderAdapter {
	if (flavor === "videos") {
		const inner = createOpenAiShapedAdapter({ base: adapterFields(info), canLookup: false });
		return {
			...inner,
			buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
				const body = relayBody(dialectOf(info, "videos", input.model), "videos", input);
				return body ? postJson(`${baseOf(ctx)}/videos`, bearer(ctx), body) : inner.buildCreate(input, ctx);
			},
		};
	}
	return createGenerationsLike(info, flavor);
}

export const newapiAdapter: ProviderAdapter = createNewApiAdapter(catalogBase("newapi").info);
export const t8starAdapter: ProviderAdapter = createNewApiAdapter(catalogBase("t8star").info);
export const aihubmixAdapter: ProviderAdapter = createNewApiAdapter(catalogBase("aihubmix").info);
