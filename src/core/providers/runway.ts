/**
 * Runway's developer API (https://docs.dev.runwayml.com/api/, @runwayml/sdk 4.12.0):
 * `POST /text_to_video` or `POST /image_to_video` → `{id}`; `GET /tasks/{id}` →
 * `{id, status, createdAt, progress?, output?, failure?, failureCode?}` with status
 * PENDING | THROTTLED | RUNNING | SUCCEEDED | FAILED | CANCELLED; `DELETE /tasks/{id}`
 * cancels a running task or deletes a finished one. Every request carries
 * `Authorization: Bearer` and `X-Runway-Version: 2024-11-06`.
 *
 * THROTTLED is Runway queueing a task behind the project's per-tier concurrency limit:
 * it is `queued`, not an error. Errors are `{error, issues?, docUrl?}`
 * (https://docs.dev.runwayml.com/api-details/errors); a body-validation 400 whose issue
 * sits on `model` means the id is not (or no longer) served → `retired`. A 429 naming the
 * daily task limit is the tier's rolling 24 h cap → `quota`. Failure codes
 * (https://docs.dev.runwayml.com/errors/task-failures/): SAFETY.* and
 * INPUT_PREPROCESSING.SAFETY.* → policy, INTERNAL* → outage, ASSET.* → invalid.
 * There is no task list endpoint, so an ambiguous create cannot be looked up.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, jsonBody, pathId } from "./base";
import { classify, classifyTaskFailure, makeFailure, type Op } from "./classify";
import { decodeJson, httpFailure, queuedTask, readAnswer } from "./decode";
import { readMeta, signedUrlExpiry } from "./meta";
import { noOutputYet, succeeded, taskFailed, withProgress } from "./outcome";
import { dataUri, fromBase64, isRecord } from "../values";
import type {
	CreateOutcome,
	Failure,
	FailureClass,
	ModelCaps,
	PollOutcome,
	ProviderAdapter,
	ProviderContext,
	ReferenceInput,
	ResponseMeta,
	VideoJobInput,
} from "./types";
import { t as tr } from "../i18n";

const ID = "runway";
const base = catalogBase(ID);

/** The API version every request names (SDK default `runwayVersion`). */
export const RUNWAY_VERSION = "2024-11-06";

const Created = z.looseObject({ id: z.string().check(z.minLength(1)) });

const Task = z.looseObject({
	id: z.nullish(z.string()),
	status: z.string(),
	progress: z.nullish(z.number()),
	output: z.nullish(z.array(z.unknown())),
	failure: z.nullish(z.string()),
	failureCode: z.nullish(z.string()),
});

/** Resolution + aspect → Runway's pixel ratio string. */
const RATIOS: Record<string, string> = {
	"720p 16:9": "1280:720",
	"720p 9:16": "720:1280",
	"720p 4:3": "1104:832",
	"720p 1:1": "960:960",
	"720p 3:4": "832:1104",
	"720p 21:9": "1584:672",
	"1080p 16:9": "1920:1080",
	"1080p 9:16": "1080:1920",
	"768p 16:9": "1280:768",
	"768p 9:16": "768:1280",
};

/** "1280:720" for 720p 16:9; an unknown pair falls back to the job's pixel size. */
export function runwayRatio(input: Pick<VideoJobInput, "resolution" | "aspect" | "size">): string {
	return RATIOS[`${input.resolution} ${input.aspect}`] ?? input.size.replace(/\s*[x*×]\s*/i, ":");
}

function headers(ctx: ProviderContext, json: boolean): Record<string, string> {
	const h: Record<string, string> = { ...bearer(ctx), "X-Runway-Version": RUNWAY_VERSION, Accept: "application/json" };
	if (json) h["Content-Type"] = "application/json";
	return h;
}

/** An HTTPS URL or a data URI (Runway takes both for `promptImage`). */
function imageUri(ref: ReferenceInput): string {
	return ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes);
}

/** Runway's `promptImage`: a plain URI for a first frame, the positioned array with a last frame. */
function promptImage(first: ReferenceInput | undefined, last: ReferenceInput | undefined): unknown {
	if (!last) return first ? imageUri(first) : undefined;
	const out: Array<{ uri: string; position: "first" | "last" }> = [];
	if (first) out.push({ uri: imageUri(first), position: "first" });
	out.push({ uri: imageUri(last), position: "last" });
	return out;
}

/** Progress 0–1 as a percentage. */
function percent(p: number | null | undefined): number | undefined {
	if (typeof p !== "number" || !Number.isFinite(p)) return undefined;
	return Math.round(Math.max(0, Math.min(1, p > 1 ? p / 100 : p)) * 100);
}

/** `exp` of the `_jwt` query parameter Runway's CloudFront output URLs carry, in epoch ms. */
export function jwtExpiry(url: string): number | undefined {
	try {
		const token = new URL(url).searchParams.get("_jwt");
		const payload = token?.split(".")[1];
		if (!payload) return undefined;
		const b64 = payload
			.replace(/-/g, "+")
			.replace(/_/g, "/")
			.padEnd(Math.ceil(payload.length / 4) * 4, "=");
		const claims: unknown = JSON.parse(new TextDecoder().decode(fromBase64(b64)));
		const exp = isRecord(claims) ? claims.exp : undefined;
		return typeof exp === "number" && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
	} catch {
		return undefined;
	}
}

/** Class of a FAILED task from its documented failure code. */
export function runwayFailureClass(code: string | undefined, text: string): FailureClass {
	const c = (code ?? "").toUpperCase();
	if (c.startsWith("SAFETY") || c.startsWith("INPUT_PREPROCESSING.SAFETY")) return "policy";
	if (c.startsWith("INTERNAL") || c === "INPUT_PREPROCESSING.INTERNAL") return "outage";
	if (c.startsWith("ASSET") || c.startsWith("INPUT_PREPROCESSING")) return "invalid";
	return classifyTaskFailure(`${code ?? ""} ${text}`);
}

interface Issue {
	path: string;
	message: string;
}

function issuesOf(v: unknown): Issue[] {
	if (!Array.isArray(v)) return [];
	const out: Issue[] = [];
	for (const i of v as unknown[]) {
		if (!isRecord(i)) continue;
		const path = Array.isArray(i.path) ? (i.path as unknown[]).map((p) => String(p)).join(".") : "";
		const message = typeof i.message === "string" ? i.message : typeof i.code === "string" ? i.code : "invalid";
		out.push({ path, message });
	}
	return out;
}

const DAILY_LIMIT_RE = /daily (task |generation )?limit|per[- ]day|gens?\/day/i;
const NO_CREDITS_RE = /(not have|without) enough credits|insufficient credits|out of credits/i;

/** A non-2xx answer: `{error, issues?}` read into one failure. */
function errorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const meta = readMeta(res, ctx);
	const decoded = decodeJson(res);
	if (!decoded.ok || !isRecord(decoded.value) || typeof decoded.value.error !== "string") {
		return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	}
	const issues = issuesOf(decoded.value.issues).slice(0, 5);
	const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
	const message = detail ? `${decoded.value.error}: ${detail}` : decoded.value.error;
	let cls: FailureClass;
	if (res.status === 400 && issues.some((i) => i.path === "model")) cls = "retired";
	else if (NO_CREDITS_RE.test(message)) cls = "quota";
	else if (res.status === 429 && DAILY_LIMIT_RE.test(message)) cls = "quota";
	else cls = classify({ status: res.status, op, text: message, retryAfterMs: meta.retryAfterMs });
	return { failure: makeFailure({ provider: ID, ctx, meta, op, message, cls }), meta };
}

function taskState(t: z.infer<typeof Task>, ctx: ProviderContext, meta: ResponseMeta, taskId: string): PollOutcome {
	const status = t.status.toUpperCase();
	const fail = (cls: FailureClass, message: string, code?: string): PollOutcome =>
		taskFailed({ provider: ID, ctx, meta, op: "poll", label: tr("provider.label.task", { state: status }), message, code, cls });
	switch (status) {
		case "PENDING":
		case "THROTTLED":
			return { ok: true, state: { kind: "queued" }, meta };
		case "RUNNING":
			return { ok: true, state: withProgress("running", percent(t.progress)), meta };
		case "SUCCEEDED": {
			const url = (t.output ?? []).find((u): u is string => typeof u === "string" && u.length > 0);
			return url ? succeeded(meta, url, {}, signedUrlExpiry(url) ?? jwtExpiry(url)) : noOutputYet(ID, ctx, meta, taskId, "output");
		}
		case "FAILED": {
			const code = t.failureCode ?? undefined;
			return fail(runwayFailureClass(code, t.failure ?? ""), t.failure ?? tr("provider.task.failed"), code);
		}
		case "CANCELLED":
			return fail("invalid", tr("provider.task.cancelledOrDeleted", { id: taskId }));
		default:
			return { ok: true, state: { kind: "running" }, meta };
	}
}

/** `DELETE /tasks/{id}`: cancels a running or throttled task, deletes a finished one (204). */
export function buildRunwayCancel(taskId: string, ctx: ProviderContext): HttpRequest {
	return { method: "DELETE", url: `${baseOf(ctx)}/tasks/${pathId(taskId)}`, headers: { ...headers(ctx, false), Accept: "*/*" } };
}

export const runwayAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: false,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		const caps: ModelCaps | undefined = base.models.find((m) => m.id === input.model)?.caps;
		// A model outside the catalog was declared by the user with its own caps, which
		// the planner already checked: pass its controls through.
		const has = (k: "seed" | "negativePrompt" | "audio") => (caps ? caps[k] : true);
		const first = input.reference;
		const last = input.lastFrame;
		const i2v = first !== undefined || last !== undefined || caps?.imageRequired === true;
		const body: Record<string, unknown> = {
			model: input.model,
			promptText: input.prompt,
			ratio: runwayRatio(input),
			duration: input.duration,
		};
		if (i2v) body.promptImage = promptImage(first, last);
		if (input.seed !== undefined && has("seed")) body.seed = input.seed;
		if (input.negativePrompt && has("negativePrompt")) body.negativePrompt = input.negativePrompt;
		if (input.audio !== undefined && has("audio")) body.audio = input.audio;
		return {
			method: "POST",
			url: `${baseOf(ctx)}/${i2v ? "image_to_video" : "text_to_video"}`,
			headers: headers(ctx, true),
			body: jsonBody(body),
		};
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		return queuedTask(ID, ctx, readAnswer(ID, res, ctx, Created, "create", errorFailure));
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		return { method: "GET", url: `${baseOf(ctx)}/tasks/${pathId(taskId)}`, headers: headers(ctx, false) };
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
		const p = readAnswer(ID, res, ctx, Task, "poll", errorFailure);
		return p.ok ? taskState(p.value, ctx, p.meta, taskId) : p;
	},
};
