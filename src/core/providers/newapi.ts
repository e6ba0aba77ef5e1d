/**
 * NewAPI-compatible relays (QuantumNous/new-api and gateways derived from it).
 * Three route families ("flavors"):
 * - "videos": the OpenAI-shaped `/v1/videos` routes (AIHubMix too); no list route.
 * - "generations": `POST /v1/video/generations`, `GET /v1/video/generations/{id}`
 *   answering the TaskDto envelope `{code:"success", data:{status, progress:"NN%", …}}`.
 * - "t8star": `POST /v2/videos/generations`, `GET /v2/videos/generations/{task_id}`
 *   answering `{status, progress:"NN%", fail_reason, data:{output}}`.
 * Error bodies: `{"code":"…","message":"…","data":null}` or `{"error":{message,type,param,code}}`.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { snippet } from "../redact";
import type { ProviderInfo } from "./catalog";
import { adapterFields, baseOf, bearer, catalogBase, jsonBody, pathId, sameOrigin } from "./base";
import { classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { guardCreate, httpFailure, isOk, jsonText, parseOk } from "./decode";
import { aspectRatio } from "./geometry";
import { parseProgress, readMeta, signedUrlExpiry } from "./meta";
import { dataUri, isRecord } from "../values";
import { createOpenAiShapedAdapter, openAiStatusKind } from "./openai";
import type {
	CreateOutcome,
	Failure,
	PollOutcome,
	ProviderAdapter,
	ProviderContext,
	RemoteState,
	ResponseMeta,
	VideoJobInput,
} from "./types";

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

function createGenerationsLike(info: ProviderInfo, flavor: "generations" | "t8star"): ProviderAdapter {
	const ID = info.id;
	const createPath = flavor === "t8star" ? "/v2/videos/generations" : "/video/generations";

	function stateOf(v: TaskView, ctx: ProviderContext, meta: ResponseMeta, taskId: string): PollOutcome {
		const kind = openAiStatusKind(v.status) ?? "running";
		const progress = parseProgress(v.progress);
		if (kind === "queued" || kind === "running") {
			const state: RemoteState = progress === undefined ? { kind } : { kind, progress };
			return { ok: true, state, meta };
		}
		if (kind === "succeeded") {
			if (!v.url) {
				return {
					ok: false,
					meta,
					failure: makeFailure({ provider: ID, ctx, meta, op: "poll", cls: "outage", message: `task ${taskId} succeeded but has no result URL yet` }),
				};
			}
			const download: { url: string; headers: Record<string, string>; expiresAt?: number } = {
				url: v.url,
				// The gateway's own content route needs the token; a third-party URL never gets it.
				headers: sameOrigin(v.url, ctx) ? bearer(ctx) : {},
			};
			const exp = signedUrlExpiry(v.url);
			if (exp !== undefined) download.expiresAt = exp;
			return { ok: true, state: { kind: "succeeded", download }, meta };
		}
		const msg = v.failReason ?? `task ${v.status}`;
		return {
			ok: true,
			meta,
			state: {
				kind: "failed",
				failure: makeFailure({ provider: ID, ctx, meta, op: "poll", label: "task failed", message: msg, cls: classifyTaskFailure(msg) }),
			},
		};
	}

	function errorOf(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
		const meta = readMeta(res, ctx);
		return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	}

	function envelopeFailure(e: { code: string; message?: string }, ctx: ProviderContext, meta: ResponseMeta, op: Op): Failure {
		return makeFailure({ provider: ID, ctx, meta, op, code: e.code, message: e.message ?? e.code, label: `code ${e.code}` });
	}

	return {
		...adapterFields(info),
		canLookup: false,

		buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
			const ref = input.reference;
			const image = ref ? (ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes)) : undefined;
			const body =
				flavor === "t8star"
					? {
							prompt: input.prompt,
							model: input.model,
							aspect_ratio: aspectRatio(input.orientation),
							duration: String(input.duration),
							hd: input.pro,
							images: image ? [image] : undefined,
						}
					: {
							model: input.model,
							prompt: input.prompt,
							duration: input.duration,
							seconds: String(input.duration),
							size: input.size,
							image,
						};
			return {
				method: "POST",
				url: `${baseOf(ctx)}${createPath}`,
				headers: { ...bearer(ctx), "Content-Type": "application/json", Accept: "application/json" },
				body: jsonBody(body),
			};
		},

		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			if (!isOk(res)) return { ok: false, ...errorOf(res, ctx, "create") };
			const p = parseOk(ID, res, ctx, AnyObject, "create");
			if (!p.ok) return p;
			const body = p.value;
			const err = envelopeError(body);
			if (err) return { ok: false, failure: envelopeFailure(err, ctx, p.meta, "create"), meta: p.meta };
			const data = isRecord(body.data) ? body.data : {};
			const id = s(body.task_id) ?? s(body.id) ?? s(data.task_id) ?? s(data.id);
			if (!id) {
				return {
					ok: false,
					meta: p.meta,
					failure: makeFailure({ provider: ID, ctx, meta: p.meta, op: "create", cls: "invalid", message: `no task_id in the answer: ${snippet(jsonText(body), ctx.redact)}` }),
				};
			}
			const view = taskView(body);
			let state: RemoteState = { kind: "queued" };
			if (view) {
				const r = stateOf(view, ctx, p.meta, id);
				if (r.ok) state = r.state;
			}
			return guardCreate(ID, ctx, { ok: true, taskId: id, state, meta: p.meta });
		},

		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			return {
				method: "GET",
				url: `${baseOf(ctx)}${createPath}/${pathId(taskId)}`,
				headers: { ...bearer(ctx), Accept: "application/json" },
			};
		},

		parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
			if (!isOk(res)) return { ok: false, ...errorOf(res, ctx, "poll") };
			const p = parseOk(ID, res, ctx, AnyObject, "poll");
			if (!p.ok) return p;
			const err = envelopeError(p.value);
			if (err) return { ok: false, failure: envelopeFailure(err, ctx, p.meta, "poll"), meta: p.meta };
			const view = taskView(p.value);
			if (!view) {
				const info = errorInfo(p.value);
				return {
					ok: false,
					meta: p.meta,
					failure: makeFailure({
						provider: ID,
						ctx,
						meta: p.meta,
						op: "poll",
						cls: "invalid",
						message: `unexpected response (no status)${info.message ? `: ${info.message}` : ""}: ${snippet(jsonText(p.value), ctx.redact)}`,
					}),
				};
			}
			return stateOf(view, ctx, p.meta, taskId);
		},
	};
}

/** The adapter for a NewAPI-style catalog entry (newapi, t8star, aihubmix, or a custom one). */
export function createNewApiAdapter(info: ProviderInfo, flavor: NewApiFlavor = info.flavor ?? "videos"): ProviderAdapter {
	if (flavor === "videos") {
		return createOpenAiShapedAdapter({
			base: adapterFields(info),
			canLookup: false,
		});
	}
	return createGenerationsLike(info, flavor);
}

export const newapiAdapter: ProviderAdapter = createNewApiAdapter(catalogBase("newapi").info);
export const t8starAdapter: ProviderAdapter = createNewApiAdapter(catalogBase("t8star").info);
export const aihubmixAdapter: ProviderAdapter = createNewApiAdapter(catalogBase("aihubmix").info);
