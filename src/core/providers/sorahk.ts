/**
 * Sora.hk native API: `POST /create`, `GET /tasks/{id}`, `GET /tasks?page=&page_size=`.
 * Every answer is an envelope `{code, message, data}`; the body `code` can be an
 * error while the HTTP status is 200 (1001 parameter error, 1012 insufficient
 * balance, 401 bad key, 500 server error).
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, getJson, pathId, postJson } from "./base";
import { errorInfo, isPolicyText, makeFailure, type Op } from "./classify";
import { decodeJson, envelopeCode, envelopeData, guardCreate, guardLookup, httpFailure, isOk, parseOk, validateValue, type EnvelopeRead } from "./decode";
import { parseProgress, readMeta } from "./meta";
import { noOutputYet, succeeded, taskFailed, withProgress } from "./outcome";
import { isRecord } from "../values";
import type { CreateOutcome, Failure, LookupOutcome, PollOutcome, ProviderAdapter, ProviderContext, RemoteState, ResponseMeta, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

const ID = "sorahk";
const base = catalogBase(ID);

const Envelope = z.looseObject({
	code: z.nullish(z.union([z.number(), z.string()])),
	message: z.nullish(z.string()),
	data: z.optional(z.unknown()),
});

const CreateData = z.looseObject({
	task_id: z.string().check(z.minLength(1)),
	status: z.nullish(z.string()),
});

const TaskData = z.looseObject({
	task_id: z.nullish(z.string()),
	status: z.string(),
	progress: z.nullish(z.union([z.number(), z.string()])),
	video_url: z.nullish(z.string()),
	error_msg: z.nullish(z.string()),
	prompt: z.nullish(z.string()),
	created_at: z.nullish(z.string()),
});

const ListItem = z.looseObject({
	task_id: z.string(),
	prompt: z.nullish(z.string()),
	created_at: z.nullish(z.string()),
	status: z.nullish(z.string()),
});

/** Failure for a body `code` other than 200 (with whatever HTTP status came with it). */
function codeFailure(code: number, message: string | undefined, meta: ResponseMeta, op: Op, ctx: ProviderContext): Failure {
	const msg = message ?? "";
	const common = { provider: ID, ctx, meta, op, message: msg, code: String(code), label: tr("provider.label.code", { code }) };
	if (code === 401 || code === 403) return makeFailure({ ...common, cls: "auth" });
	if (code === 1012 || code === 402) return makeFailure({ ...common, cls: "quota" });
	if (code === 1001 || code === 400) return makeFailure({ ...common, cls: isPolicyText(msg) ? "policy" : "invalid" });
	if (code === 429) return makeFailure({ ...common, status: 429, label: "429" });
	if (code >= 500 && code < 600) return makeFailure({ ...common, cls: "outage" });
	return makeFailure(common);
}

/** A non-2xx answer: use the body code when the envelope has one, else the HTTP status. */
function errorResponse(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const decoded = decodeJson(res);
	const meta = readMeta(res, ctx, decoded.ok ? decoded.value : undefined);
	if (decoded.ok) {
		const code = envelopeCode(decoded.value);
		const info = errorInfo(decoded.value);
		// A body code that says more than the HTTP status (1001, 1012) wins.
		if (code !== undefined && code !== res.status && code >= 1000) {
			return { failure: codeFailure(code, info.message, meta, op, ctx), meta };
		}
	}
	return { failure: httpFailure(ID, res, ctx, meta, op), meta };
}

/** Reads the envelope of a 2xx answer; a body code other than 200 is a failure. */
function readEnvelope(res: HttpResponse, ctx: ProviderContext, op: Op): EnvelopeRead {
	if (!isOk(res)) return { ok: false, ...errorResponse(res, ctx, op) };
	const env = parseOk(ID, res, ctx, Envelope, op, { bodyRequestId: true });
	if (!env.ok) return env;
	const code = envelopeCode(env.value) ?? 200;
	if (code !== 200) {
		return { ok: false, failure: codeFailure(code, env.value.message ?? undefined, env.meta, op, ctx), meta: env.meta };
	}
	return { ok: true, data: env.value.data, text: JSON.stringify(env.value.data ?? null), meta: env.meta };
}

function mapTask(t: z.infer<typeof TaskData>, ctx: ProviderContext, meta: ResponseMeta, taskId: string): PollOutcome {
	const progress = parseProgress(t.progress);
	const s = t.status.toLowerCase();
	if (s === "pending" || s === "queued") return { ok: true, state: withProgress("queued", progress), meta };
	if (s === "processing" || s === "running" || s === "in_progress") {
		return { ok: true, state: withProgress("running", progress), meta };
	}
	if (s === "completed" || s === "succeeded" || s === "success") {
		return t.video_url ? succeeded(meta, t.video_url) : noOutputYet(ID, ctx, meta, taskId, "video_url");
	}
	if (s === "failed" || s === "failure" || s === "error" || s === "cancelled" || s === "canceled") {
		const message = t.error_msg ?? tr("provider.label.task", { state: s });
		return taskFailed({
			provider: ID,
			ctx,
			meta,
			op: "poll",
			label: tr("provider.task.failed"),
			message,
			cls: isPolicyText(t.error_msg ?? "") ? "policy" : "invalid",
		});
	}
	return { ok: true, state: withProgress("running", progress), meta };
}

export const sorahkAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: true,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		if (input.reference?.kind === "bytes") {
			throw new Error(tr("provider.build.sorahkUrlOnly"));
		}
		return postJson(`${baseOf(ctx)}/create`, bearer(ctx), {
			prompt: input.prompt,
			duration: input.duration,
			resolution: input.orientation,
			is_pro: input.pro,
			remove_watermark: true,
			image_url: input.reference?.kind === "url" ? input.reference.url : undefined,
		});
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		const d = envelopeData(ID, readEnvelope(res, ctx, "create"), CreateData, ctx, "create");
		if (!d.ok) return d;
		const s = (d.value.status ?? "pending").toLowerCase();
		const state: RemoteState = s === "processing" ? { kind: "running" } : { kind: "queued" };
		return guardCreate(ID, ctx, { ok: true, taskId: d.value.task_id, state, meta: d.meta });
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		return getJson(`${baseOf(ctx)}/tasks/${pathId(taskId)}`, bearer(ctx));
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
		const d = envelopeData(ID, readEnvelope(res, ctx, "poll"), TaskData, ctx, "poll");
		if (!d.ok) return d;
		return mapTask(d.value, ctx, d.meta, taskId);
	},

	// The docs do not say in which order the list comes (newest or oldest first), so a
	// lookup that does not find the task pages on while the list says there is more.
	buildLookup(_input: VideoJobInput, ctx: ProviderContext, _sinceMs: number, page = 1): HttpRequest {
		return getJson(`${baseOf(ctx)}/tasks?page=${page}&page_size=${LOOKUP_PAGE_SIZE}`, bearer(ctx));
	},

	parseLookup(res, input, ctx, sinceMs, exclude): LookupOutcome {
		const env = readEnvelope(res, ctx, "lookup");
		if (!env.ok) return { found: "error", failure: env.failure, meta: env.meta };
		const list = listOf(env.data);
		if (!list) {
			const v = validateValue(ID, env.data, env.text, z.array(ListItem), ctx, env.meta, "lookup");
			return {
				found: "error",
				failure: v.ok
					? makeFailure({ provider: ID, ctx, meta: env.meta, op: "lookup", cls: "invalid", message: tr("provider.noTaskList") })
					: v.failure,
				meta: env.meta,
			};
		}
		// The first task of this prompt created since the create was sent (a minute of slack). The
		// client's clock can be hours off the provider's (a wrong clock, a laptop waking up), so
		// when nothing is that recent, the newest task of this prompt that no take claims is taken:
		// it is a paid video of this very prompt, and adopting it can only save a payment.
		const since = sinceMs - 60_000;
		let best: { id: string; at: number } | undefined;
		let newest: { id: string; at: number } | undefined;
		for (const raw of list) {
			const item = ListItem.safeParse(raw);
			if (!item.success) continue;
			const t = item.data;
			if (t.prompt !== input.prompt || exclude.has(t.task_id)) continue;
			const at = t.created_at ? Date.parse(t.created_at) : NaN;
			if (Number.isNaN(at)) continue;
			if (!newest || at > newest.at) newest = { id: t.task_id, at };
			if (at < since) continue;
			if (!best || at < best.at) best = { id: t.task_id, at };
		}
		best ??= newest;
		if (best) return guardLookup(ID, ctx, { found: true, taskId: best.id, meta: env.meta });
		return guardLookup(ID, ctx, { found: false, meta: env.meta, ...nextPageOf(env.data, list.length) });
	},
};

/** The task list: `data` itself, or `data.tasks|items|list|records|data`. */
const LOOKUP_PAGE_SIZE = 50;

/** The next page of a task list when the answer says there is one (`total` beyond this page, or a full page). */
function nextPageOf(data: unknown, count: number): { nextPage?: number } {
	if (!isRecord(data) || typeof data.page !== "number" || !Number.isInteger(data.page) || data.page < 1) return {};
	const size = typeof data.page_size === "number" && data.page_size > 0 ? data.page_size : LOOKUP_PAGE_SIZE;
	const more = typeof data.total === "number" ? data.page * size < data.total : count >= size;
	return more && count > 0 ? { nextPage: data.page + 1 } : {};
}

function listOf(data: unknown): unknown[] | undefined {
	if (Array.isArray(data)) return data as unknown[];
	if (!isRecord(data)) return undefined;
	for (const k of ["tasks", "items", "list", "records", "data"]) {
		const v = data[k];
		if (Array.isArray(v)) return v as unknown[];
	}
	return undefined;
}
