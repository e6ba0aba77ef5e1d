/**
 * ByteDance Seedance 2.x on BytePlus ModelArk ("Ark"), per
 * https://docs.byteplus.com/en/docs/ModelArk/1520757 and the official SDK
 * byteplus-python-sdk-v2 (byteplussdkarkruntime, content_generation.tasks), read 2026-12-03:
 *
 * - `POST /contents/generations/tasks` with `model`, `content: [{type:"text", text},
 *   {type:"image_url", image_url:{url}, role:"first_frame"|"last_frame"|"reference_image"}]`
 *   and top-level `resolution`, `ratio`, `duration`, `seed`, `generate_audio`, `watermark`
 *   (the 2.x way; the `--rs 720p --dur 5` text flags are the 1.x style) → `{id}`.
 * - `GET /contents/generations/tasks/{id}` → `status` queued | running | succeeded |
 *   failed | cancelled | expired, `content.video_url` (valid 24 h), `error {code, message}`.
 * - `GET /contents/generations/tasks?page_num&page_size&filter.model` → `{total, items}`
 *   (last 7 days). Tasks carry no prompt, so a lookup matches by model, creation time and
 *   the output parameters, and reports an error rather than guess when several match.
 * - `DELETE /contents/generations/tasks/{id}` (cancel a queued task) exists; unused here.
 * - Errors are `{error:{code, message, param, type}}`; the codes decide the class (see
 *   `arkCodeClass`, from docs.byteplus.com/en/docs/ModelArk/1299023 and the Volcengine
 *   twin volcengine.com/docs/82379/1299023).
 *
 * A first (or last) frame cannot be mixed with reference images: "first frame", "first
 * and last frames" and "multimodal reference" are mutually exclusive modes.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, exclusiveFrameModes, getJson, pathId, postJson } from "./base";
import { classify, classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { decodeJson, guardLookup, httpFailure, queuedTask, readAnswer } from "./decode";
import { readMeta, signedUrlExpiry } from "./meta";
import { noOutputYet, succeeded, taskFailed } from "./outcome";
import { dataUri } from "../values";
import type {
	CreateOutcome,
	Failure,
	FailureClass,
	LookupOutcome,
	PollOutcome,
	ProviderAdapter,
	ProviderContext,
	ReferenceInput,
	ResponseMeta,
	VideoJobInput,
} from "./types";
import { t as tr } from "../i18n";

const ID = "seedance";
const base = catalogBase(ID);
const TASKS = "/contents/generations/tasks";

const Created = z.looseObject({ id: z.string().check(z.minLength(1)) });

const Task = z.looseObject({
	id: z.string().check(z.minLength(1)),
	model: z.nullish(z.string()),
	status: z.string(),
	error: z.nullish(z.looseObject({ code: z.nullish(z.string()), message: z.nullish(z.string()) })),
	content: z.nullish(z.looseObject({ video_url: z.nullish(z.string()) })),
	created_at: z.nullish(z.number()),
	duration: z.nullish(z.number()),
	ratio: z.nullish(z.string()),
	resolution: z.nullish(z.string()),
	seed: z.nullish(z.number()),
	generate_audio: z.nullish(z.boolean()),
});
type TaskT = z.infer<typeof Task>;

const TaskList = z.looseObject({ total: z.nullish(z.number()), items: z.array(z.unknown()) });

/**
 * Class of a documented Ark error code; undefined leaves it to `classify`.
 * - *SensitiveContentDetected* (input text/image, output video/audio, …) → policy
 * - AuthenticationError (401), AccessDenied (403), ModelNotOpen (404: the account has not
 *   activated the model — fixed in the console, so auth, not retired),
 *   InvalidEndpointOrModel.ModelIDAccessDisabled, OperationDenied.ServiceNotOpen → auth
 * - AccountOverdueError, OperationDenied.ServiceOverdue (arrears), QuotaExceeded (free
 *   quota used up), SetLimitExceeded (the account's "safe experience" cap reached) → quota
 * - ModelNotFound, InvalidEndpointOrModel.NotFound (model id gone) → retired
 * - RateLimitExceeded.* and Model*RateLimitExceeded (RPM/TPM) → rate
 * - ServerOverloaded, ModelLoadingError (429: no room now) → capacity on a create,
 *   rate on a poll or lookup
 * - MissingParameter*, InvalidParameter* → invalid (even when the text names the model)
 * - InvalidEndpoint.ClosedEndpoint ("temporarily unavailable"), InternalServiceError → outage
 */
export function arkCodeClass(code: string | undefined, op: Op): FailureClass | undefined {
	if (!code) return undefined;
	if (/SensitiveContentDetected/i.test(code)) return "policy";
	if (code === "AuthenticationError" || code === "AccessDenied" || code === "ModelNotOpen" || code === "OperationDenied.ServiceNotOpen") return "auth";
	if (code.startsWith("InvalidEndpointOrModel.ModelIDAccessDisabled")) return "auth";
	if (code === "AccountOverdueError" || code === "OperationDenied.ServiceOverdue" || code === "QuotaExceeded" || code === "SetLimitExceeded") return "quota";
	if (code === "ModelNotFound" || code === "InvalidEndpointOrModel.NotFound") return "retired";
	if (code.startsWith("RateLimitExceeded") || /RateLimitExceeded$/.test(code)) return "rate";
	if (code === "ServerOverloaded" || code === "ModelLoadingError") return op === "create" ? "capacity" : "rate";
	if (code.startsWith("MissingParameter") || code.startsWith("InvalidParameter")) return "invalid";
	if (code === "InvalidEndpoint.ClosedEndpoint" || code.startsWith("InternalServiceError") || code === "ServiceUnavailable") return "outage";
	return undefined;
}

function errorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const meta = readMeta(res, ctx);
	const decoded = decodeJson(res);
	if (!decoded.ok) return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	const info = errorInfo(decoded.value);
	const text = `${info.code ?? ""} ${info.type ?? ""} ${info.message ?? ""}`;
	const cls = arkCodeClass(info.code, op) ?? classify({ status: res.status, op, text, retryAfterMs: meta.retryAfterMs });
	const failure = makeFailure({ provider: ID, ctx, meta, op, message: info.message ?? `HTTP ${res.status}`, code: info.code, hint: info.type, cls });
	return { failure, meta };
}

function image(ref: ReferenceInput, role: "first_frame" | "last_frame" | "reference_image"): Record<string, unknown> {
	// image_url.url takes a public URL or a Base64 data URI.
	return { type: "image_url", image_url: { url: ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes) }, role };
}

/** Expiry of a TOS presigned URL (`X-Tos-Date=20260101T000000Z&X-Tos-Expires=86400`), read with the other clouds' signatures. */
export function tosExpiry(url: string): number | undefined {
	return signedUrlExpiry(url);
}

function taskState(t: TaskT, ctx: ProviderContext, meta: ResponseMeta): PollOutcome {
	const s = t.status.toLowerCase();
	if (s === "queued") return { ok: true, state: { kind: "queued" }, meta };
	if (s === "running") return { ok: true, state: { kind: "running" }, meta };
	if (s === "succeeded") {
		const url = t.content?.video_url;
		return url ? succeeded(meta, url) : noOutputYet(ID, ctx, meta, t.id, "content.video_url");
	}
	if (s === "failed" || s === "cancelled" || s === "canceled" || s === "expired") {
		const code = t.error?.code ?? undefined;
		const message =
			t.error?.message ?? tr(s === "expired" ? "provider.task.expiredUnrun" : s === "failed" ? "provider.task.failed" : "provider.task.cancelled");
		const cls: FailureClass =
			arkCodeClass(code, "poll") ??
			(s === "expired" ? "outage" : s === "failed" ? classifyTaskFailure(`${code ?? ""} ${t.error?.message ?? ""}`) : "invalid");
		return taskFailed({ provider: ID, ctx, meta, op: "poll", label: tr("provider.label.task", { state: s }), message, code, cls });
	}
	return { ok: true, state: { kind: "running" }, meta };
}

/** Does a listed task have the parameters this job asked for (fields it omits do not count against it)? */
function sameJob(t: TaskT, input: VideoJobInput): boolean {
	// filter.model already selects the model or endpoint; a task started through an
	// endpoint id ("ep-…") reports the model's own name, so only plain ids are compared.
	if (t.model && !input.model.startsWith("ep-") && t.model !== input.model) return false;
	if (typeof t.duration === "number" && t.duration !== input.duration) return false;
	if (t.ratio && t.ratio !== input.aspect) return false;
	if (t.resolution && t.resolution.toLowerCase() !== input.resolution) return false;
	if (input.seed !== undefined && typeof t.seed === "number" && t.seed !== input.seed) return false;
	if (input.audio !== undefined && typeof t.generate_audio === "boolean" && t.generate_audio !== input.audio) return false;
	return true;
}

export const seedanceAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: true,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		exclusiveFrameModes(input, "Seedance", tr("provider.build.seedanceFramesWithReferences"));
		const refs = input.references ?? [];
		const content: Record<string, unknown>[] = [{ type: "text", text: input.prompt }];
		if (input.reference) content.push(image(input.reference, "first_frame"));
		if (input.lastFrame) content.push(image(input.lastFrame, "last_frame"));
		for (const r of refs) content.push(image(r, "reference_image"));
		const body = {
			model: input.model,
			content,
			resolution: input.resolution,
			ratio: input.aspect,
			duration: input.duration,
			generate_audio: input.audio,
			seed: input.seed,
			watermark: false,
		};
		return postJson(`${baseOf(ctx)}${TASKS}`, bearer(ctx), body);
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		return queuedTask(ID, ctx, readAnswer(ID, res, ctx, Created, "create", errorFailure));
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		return getJson(`${baseOf(ctx)}${TASKS}/${pathId(taskId)}`, bearer(ctx));
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
		const p = readAnswer(ID, res, ctx, Task, "poll", errorFailure);
		return p.ok ? taskState(p.value, ctx, p.meta) : p;
	},

	buildLookup(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		return getJson(`${baseOf(ctx)}${TASKS}?page_num=1&page_size=500&filter.model=${encodeURIComponent(input.model)}`, bearer(ctx));
	},

	parseLookup(res, input, ctx, sinceMs, exclude): LookupOutcome {
		const p = readAnswer(ID, res, ctx, TaskList, "lookup", errorFailure);
		if (!p.ok) return { found: "error", failure: p.failure, meta: p.meta };
		const from = sinceMs - 60_000;
		const to = ctx.now + 60_000;
		const matches: string[] = [];
		for (const raw of p.value.items) {
			const r = Task.safeParse(raw);
			if (!r.success) continue;
			const t = r.data;
			if (exclude.has(t.id) || typeof t.created_at !== "number") continue;
			const at = t.created_at * 1000;
			if (at < from || at > to || !sameJob(t, input)) continue;
			matches.push(t.id);
		}
		const meta = p.meta;
		const total = p.value.total ?? p.value.items.length;
		const cannotTell = (message: string): LookupOutcome => ({
			found: "error",
			meta,
			failure: makeFailure({ provider: ID, ctx, meta, op: "lookup", cls: "invalid", message }),
		});
		// One page is read and the docs promise no order: when it holds fewer tasks than
		// there are, neither a match nor its absence proves anything.
		if (total > p.value.items.length) return cannotTell(tr("provider.seedance.lookupPartial", { total, read: p.value.items.length }));
		if (matches.length > 1) return cannotTell(tr("provider.seedance.lookupAmbiguous", { count: matches.length, model: input.model }));
		if (matches.length === 1) return guardLookup(ID, ctx, { found: true, taskId: matches[0] as string, meta });
		return { found: false, meta };
	},
};
