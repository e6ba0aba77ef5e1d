/**
 * Google Veo 3.1 through the Gemini API's long-running operations:
 * `POST /models/{model}:predictLongRunning` → `{name}`, then `GET /{name}` until
 * `done`. The video URI needs the `x-goog-api-key` header and redirects once.
 * RAI-filtered results (raiMediaFilteredCount / raiMediaFilteredReasons) are `policy`.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, catalogBase, jsonBody, sameOrigin } from "./base";
import { classify, classifyTaskFailure, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, httpFailure, isOk, parseOk } from "./decode";
import { aspectRatio, resolutionLabel } from "./geometry";
import { readMeta, signedUrlExpiry } from "./meta";
import { isRecord, toBase64 } from "../values";
import type { CreateOutcome, Failure, PollOutcome, ProviderAdapter, ProviderContext, ResponseMeta, VideoJobInput } from "./types";

const ID = "veo";
const base = catalogBase(ID);

const Operation = z.looseObject({
	name: z.string().check(z.minLength(1)),
	done: z.nullish(z.boolean()),
	error: z.nullish(z.looseObject({ code: z.nullish(z.union([z.number(), z.string()])), message: z.nullish(z.string()), status: z.nullish(z.string()) })),
	response: z.optional(z.unknown()),
});

function keyHeader(ctx: ProviderContext): Record<string, string> {
	return { "x-goog-api-key": ctx.apiKey };
}

/** "37s" / "1.5s" → ms. */
function durationMs(v: unknown): number | undefined {
	if (typeof v !== "string") return undefined;
	const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
	return m ? Math.ceil(Number(m[1]) * 1000) : undefined;
}

/** Google error bodies: reads RetryInfo, QuotaFailure and ErrorInfo details. */
function veoErrorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const meta = readMeta(res, ctx);
	const decoded = decodeJson(res);
	if (!decoded.ok || !isRecord(decoded.value) || !isRecord(decoded.value.error)) {
		return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	}
	const err = decoded.value.error;
	const details = Array.isArray(err.details) ? (err.details as unknown[]) : [];
	const hints: string[] = [];
	let perDay = false;
	for (const d of details) {
		if (!isRecord(d)) continue;
		const ra = durationMs(d.retryDelay);
		if (ra !== undefined && meta.retryAfterMs === undefined) meta.retryAfterMs = ra;
		if (typeof d.reason === "string") hints.push(d.reason);
		if (Array.isArray(d.violations)) {
			for (const v of d.violations as unknown[]) {
				if (!isRecord(v)) continue;
				const q = `${typeof v.quotaId === "string" ? v.quotaId : ""} ${typeof v.quotaMetric === "string" ? v.quotaMetric : ""}`;
				if (/per[_ -]?day|perday/i.test(q)) perDay = true;
			}
		}
	}
	const message = typeof err.message === "string" ? err.message : `HTTP ${res.status}`;
	const code = typeof err.status === "string" ? err.status : undefined;
	const hint = hints.join(" ");
	let cls = classify({ status: res.status, op, text: `${code ?? ""} ${hint} ${message}`, retryAfterMs: meta.retryAfterMs });
	// A daily quota is spent until tomorrow: stop the run rather than wait.
	if (res.status === 429 && perDay) cls = "quota";
	else if (res.status === 429 && cls === "quota" && meta.retryAfterMs !== undefined) cls = "rate";
	return { failure: makeFailure({ provider: ID, ctx, meta, op, message, code, hint, cls }), meta };
}

function str(v: unknown): string | undefined {
	return typeof v === "string" && v ? v : undefined;
}

function opState(op: z.infer<typeof Operation>, ctx: ProviderContext, meta: ResponseMeta): PollOutcome {
	if (op.error) {
		const code = op.error.status ?? (op.error.code != null ? String(op.error.code) : undefined);
		const message = op.error.message ?? "operation failed";
		const numeric = typeof op.error.code === "number" ? op.error.code : undefined;
		const transient = (numeric !== undefined && numeric >= 500) || /INTERNAL|UNAVAILABLE|DEADLINE_EXCEEDED/.test(code ?? "");
		const cls = transient ? "outage" : classifyTaskFailure(`${code ?? ""} ${message}`);
		return {
			ok: true,
			meta,
			state: { kind: "failed", failure: makeFailure({ provider: ID, ctx, meta, op: "poll", label: "operation failed", message, code, cls }) },
		};
	}
	if (!op.done) return { ok: true, state: { kind: "running" }, meta };
	const response = isRecord(op.response) ? op.response : {};
	const gvr = isRecord(response.generateVideoResponse) ? response.generateVideoResponse : response;
	const filtered = typeof gvr.raiMediaFilteredCount === "number" ? gvr.raiMediaFilteredCount : 0;
	const reasons = Array.isArray(gvr.raiMediaFilteredReasons) ? (gvr.raiMediaFilteredReasons as unknown[]).filter((r): r is string => typeof r === "string") : [];
	const samples = Array.isArray(gvr.generatedSamples) ? gvr.generatedSamples : Array.isArray(gvr.generatedVideos) ? gvr.generatedVideos : [];
	const first: unknown = samples[0];
	const video = isRecord(first) && isRecord(first.video) ? first.video : undefined;
	const uri = str(video?.uri);
	if (!uri || filtered > 0) {
		const policy = filtered > 0 || reasons.length > 0;
		const message = policy
			? `video filtered by Responsible AI (raiMediaFilteredCount ${filtered})${reasons.length ? `: ${reasons.join("; ")}` : ""}`
			: "operation done but no video in the response";
		return {
			ok: true,
			meta,
			state: {
				kind: "failed",
				failure: makeFailure({ provider: ID, ctx, meta, op: "poll", label: "operation failed", message, cls: policy ? "policy" : "invalid" }),
			},
		};
	}
	const download: { url: string; headers: Record<string, string>; expiresAt?: number } = {
		url: uri,
		headers: sameOrigin(uri, ctx) ? keyHeader(ctx) : {},
	};
	const exp = signedUrlExpiry(uri);
	if (exp !== undefined) download.expiresAt = exp;
	return { ok: true, state: { kind: "succeeded", download }, meta };
}

export const veoAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		const ref = input.reference;
		if (ref?.kind === "url") throw new Error("Veo takes a reference image only as bytes (bytesBase64Encoded); fetch it first");
		const instance: Record<string, unknown> = { prompt: input.prompt };
		if (ref?.kind === "bytes") instance.image = { bytesBase64Encoded: toBase64(ref.bytes), mimeType: ref.mime };
		return {
			method: "POST",
			url: `${baseOf(ctx)}/models/${encodeURIComponent(input.model)}:predictLongRunning`,
			headers: { ...keyHeader(ctx), "Content-Type": "application/json", Accept: "application/json" },
			body: jsonBody({
				instances: [instance],
				parameters: {
					aspectRatio: aspectRatio(input.orientation),
					durationSeconds: input.duration,
					resolution: resolutionLabel(input.size),
				},
			}),
		};
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		if (!isOk(res)) return { ok: false, ...veoErrorFailure(res, ctx, "create") };
		const p = parseOk(ID, res, ctx, Operation, "create");
		if (!p.ok) return p;
		const r = opState(p.value, ctx, p.meta);
		return guardCreate(ID, ctx, { ok: true, taskId: p.value.name, state: r.ok && p.value.done ? r.state : { kind: "queued" }, meta: p.meta });
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		// The operation name is a path ("models/…/operations/…"): keep its slashes.
		const path = taskId.split("/").map(encodeURIComponent).join("/");
		return { method: "GET", url: `${baseOf(ctx)}/${path}`, headers: { ...keyHeader(ctx), Accept: "application/json" } };
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
		if (!isOk(res)) return { ok: false, ...veoErrorFailure(res, ctx, "poll") };
		const p = parseOk(ID, res, ctx, Operation, "poll");
		if (!p.ok) return p;
		return opState(p.value, ctx, p.meta);
	},
};
