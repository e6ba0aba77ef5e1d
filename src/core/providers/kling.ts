/**
 * Kling AI direct (api-singapore.klingai.com, the "legacy" /v1 design: model in the
 * body's `model_name`). Sources, read 2026-12-03: API reference commonInfo (auth,
 * error codes, concurrency), textToVideo, imageToVideo and the Omni-Video section
 * (https://app.klingai.com/global/dev/document-api/apiReference/...).
 *
 * - Auth: `Authorization: Bearer <JWT>`, HS256, `{iss: AccessKey, exp: now+1800,
 *   nbf: now-5}` signed with the SecretKey, made per request from `ctx.now`. Without
 *   a secret key the access-key variable is sent as a Kling API key (documented since
 *   2026-06-17 for every model, alongside AK/SK).
 * - Create: `POST /v1/videos/text2video` (no image), `/image2video` (`image` first
 *   frame, `image_tail` last frame; URL or raw Base64 without a data: prefix) or
 *   `/omni-video` (kling-v3-omni: `image_list` with references and typed frames).
 *   Durations are strings, `mode` std (720p) | pro (1080p), `sound` on | off.
 * - Poll: `GET /v1/videos/{endpoint}/{task_id}`; the task id we store is
 *   `<endpoint>:<task_id>`. task_status submitted | processing | succeed | failed.
 * - Lookup: `GET /v1/videos/{endpoint}?pageNum=1&pageSize=500`, matching the
 *   `external_task_id` we send: `cf<t|i|o>-<16 hex of the job>-<create ms, base 36>`.
 * - Every answer is `{code, message, request_id, data}`; `code` 0 is success and the
 *   documented table (1000–5002) decides the class.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { sha256Hex } from "../hash";
import { toBase64 } from "../values";
import { adapterFields, baseOf, catalogBase, jsonBody, pathId } from "./base";
import { classify, classifyTaskFailure, errorInfo, isPolicyText, isRetiredText, makeFailure, type Op } from "./classify";
import { decodeJson, envelopeCode, envelopeData, guardCreate, guardLookup, httpFailure, isOk, parseOk, validateValue, type EnvelopeRead } from "./decode";
import { signHs256 } from "./jwt";
import { readMeta } from "./meta";
import { noOutputYet, succeeded, taskFailed } from "./outcome";
import type {
	CreateOutcome,
	Failure,
	FailureClass,
	LookupOutcome,
	PollOutcome,
	ProviderAdapter,
	ProviderContext,
	ReferenceInput,
	RemoteState,
	ResponseMeta,
	VideoJobInput,
} from "./types";
import { t as tr, tIn, type MessageKey } from "../i18n";

const ID = "kling";
const base = catalogBase(ID);

export type KlingEndpoint = "text2video" | "image2video" | "omni-video";
const LETTER: Record<KlingEndpoint, string> = { text2video: "t", image2video: "i", "omni-video": "o" };
const BY_LETTER: Record<string, KlingEndpoint> = { t: "text2video", i: "image2video", o: "omni-video" };

/** Token lifetime as documented (30 min); `nbf` 5 s back for clock skew. */
export const TOKEN_TTL_S = 1800;

/** The API token for one request: HS256 over `{iss, exp, nbf}` with the secret key. */
export function klingToken(accessKey: string, secretKey: string, nowMs: number): string {
	const t = Math.floor(nowMs / 1000);
	return signHs256({ iss: accessKey, exp: t + TOKEN_TTL_S, nbf: t - 5 }, secretKey);
}

function headers(ctx: ProviderContext): Record<string, string> {
	const secret = ctx.secondKey?.trim();
	const token = secret ? klingToken(ctx.apiKey.trim(), secret, ctx.now) : ctx.apiKey.trim();
	return { Authorization: `Bearer ${token}`, Accept: "application/json" };
}

export function endpointFor(input: Pick<VideoJobInput, "model" | "reference" | "lastFrame">): KlingEndpoint {
	if (/omni/i.test(input.model)) return "omni-video";
	return input.reference || input.lastFrame ? "image2video" : "text2video";
}

/** std renders 720p, pro 1080p: a 1080p shot needs pro mode. */
function mode(input: VideoJobInput): "std" | "pro" {
	return input.pro || input.resolution === "1080p" ? "pro" : "std";
}

/** A URL as is; bytes as raw Base64 (Kling rejects a `data:` prefix). */
function image(ref: ReferenceInput): string {
	return ref.kind === "url" ? ref.url : toBase64(ref.bytes);
}

/** `cf<endpoint letter>-<16 hex>-`: the same for every submit of one job's input. */
export function externalIdPrefix(input: VideoJobInput): string {
	const facts = [
		input.model,
		input.prompt,
		input.duration,
		mode(input),
		input.aspect,
		input.audio ?? null,
		input.negativePrompt ?? null,
		!!input.reference,
		!!input.lastFrame,
		input.references?.length ?? 0,
	];
	return `cf${LETTER[endpointFor(input)]}-${sha256Hex(JSON.stringify(facts)).slice(0, 16)}-`;
}

/** Unique per submit (Kling wants it unique per account), findable again by prefix and time. */
export function externalTaskId(input: VideoJobInput, nowMs: number): string {
	return externalIdPrefix(input) + Math.max(0, Math.floor(nowMs)).toString(36);
}

/** Omni references are addressed as <<<image_N>>> in the prompt; name them when the prompt does not. */
function omniPrompt(prompt: string, refs: number): string {
	if (refs === 0 || /<<<image_\d+>>>/.test(prompt)) return prompt;
	// i18n-ignore: part of the prompt sent to the model
	return `${prompt}\nReference images: ${Array.from({ length: refs }, (_, i) => `<<<image_${i + 1}>>>`).join(", ")}`;
}

function sound(input: VideoJobInput): string | undefined {
	return input.audio === undefined ? undefined : input.audio ? "on" : "off";
}

/** The documented create body for `input` (exported for the mapping tests). */
export function createBody(input: VideoJobInput, nowMs: number): Record<string, unknown> {
	const ep = endpointFor(input);
	const common = { mode: mode(input), sound: sound(input), duration: String(input.duration), external_task_id: externalTaskId(input, nowMs) };
	if (ep === "omni-video") {
		const refs = input.references ?? [];
		const list: Array<Record<string, string>> = refs.map((r) => ({ image_url: image(r) }));
		if (input.reference) list.push({ image_url: image(input.reference), type: "first_frame" });
		if (input.lastFrame) list.push({ image_url: image(input.lastFrame), type: "end_frame" });
		return {
			model_name: input.model,
			prompt: omniPrompt(input.prompt, refs.length),
			image_list: list.length ? list : undefined,
			...common,
			// Required without a first frame; not taken with one (the frame sets the shape).
			aspect_ratio: input.reference ? undefined : input.aspect,
		};
	}
	const frames =
		ep === "image2video"
			? { image: input.reference && image(input.reference), image_tail: input.lastFrame && image(input.lastFrame) }
			: { aspect_ratio: input.aspect };
	return { model_name: input.model, ...frames, prompt: input.prompt, negative_prompt: input.negativePrompt, ...common };
}

/** `<endpoint>:<task_id>` → its parts; an id without a known prefix is a text2video id. */
export function splitTaskId(taskId: string): { endpoint: KlingEndpoint; id: string } {
	const m = /^(text2video|image2video|omni-video):(.+)$/s.exec(taskId);
	return m ? { endpoint: m[1] as KlingEndpoint, id: m[2] as string } : { endpoint: "text2video", id: taskId };
}

// ------------------------------------------------------------------- responses

const Envelope = z.looseObject({
	code: z.nullish(z.union([z.number(), z.string()])),
	message: z.nullish(z.string()),
	request_id: z.nullish(z.string()),
	data: z.optional(z.unknown()),
});

const Id = z.union([z.string().check(z.minLength(1)), z.number()]);
const TaskInfo = z.nullish(z.looseObject({ external_task_id: z.nullish(z.string()) }));

const TaskData = z.looseObject({
	task_id: z.nullish(Id),
	task_status: z.string(),
	task_status_msg: z.nullish(z.string()),
	task_info: TaskInfo,
	task_result: z.nullish(z.looseObject({ videos: z.nullish(z.array(z.looseObject({ url: z.nullish(z.string()) }))) })),
	created_at: z.nullish(z.number()),
});

const CreateData = z.looseObject({ task_id: Id, task_status: z.nullish(z.string()), task_info: TaskInfo });
const ListItem = z.looseObject({ task_id: Id, task_info: TaskInfo });

/** Kling's documented body codes: CineFlow's reading of each, shown when Kling sends no message. */
const DEFAULT_TEXT: Record<number, MessageKey> = {
	1000: "provider.kling.code1000",
	1001: "provider.kling.code1001",
	1002: "provider.kling.code1002",
	1003: "provider.kling.code1003",
	1004: "provider.kling.code1004",
	1100: "provider.kling.code1100",
	1101: "provider.kling.code1101",
	1102: "provider.kling.code1102",
	1103: "provider.kling.code1103",
	1200: "provider.kling.code1200",
	1201: "provider.kling.code1201",
	1202: "provider.kling.code1202",
	1203: "provider.kling.code1203",
	1300: "provider.kling.code1300",
	1301: "provider.kling.code1301",
	1302: "provider.kling.code1302",
	1303: "provider.kling.code1303",
	1304: "provider.kling.code1304",
	5000: "provider.kling.code5000",
	5001: "provider.kling.code5001",
	5002: "provider.kling.code5002",
};

/** Class of a documented body code; undefined for a code the table does not have. */
export function klingCodeClass(code: number, op: Op, message: string): FailureClass | undefined {
	if (code >= 1000 && code <= 1004) return "auth";
	// 1100 account exception, 1101 arrears, 1102 pack depleted: nothing to retry.
	if (code >= 1100 && code <= 1102) return "quota";
	// 1103: the account may not use this API or model (403), 1304: IP whitelist.
	if (code === 1103 || code === 1304) return "auth";
	if (code === 1200 || code === 1201) return isRetiredText(message) ? "retired" : isPolicyText(message) ? "policy" : "invalid";
	if (code === 1202) return "invalid";
	// "The requested resource does not exist, such as the model": on a create that is
	// the model; on a poll or lookup, the task.
	if (code === 1203) return op === "create" && /model/i.test(message) ? "retired" : "invalid";
	if (code === 1300 || code === 1301) return "policy";
	if (code === 1302) return "rate";
	// Concurrency on a create; on a poll or lookup only the QPS half can apply.
	if (code === 1303) return op === "create" ? "capacity" : "rate";
	if (code >= 5000 && code <= 5999) return "outage";
	return undefined;
}

/** The message with its code, and for an auth code what CineFlow suspects. */
function withCode(code: number, ctx: ProviderContext): MessageKey {
	if (code < 1000 || code > 1004) return "provider.kling.withCode";
	if (!ctx.secondKey?.trim()) return "provider.kling.withCodeNoSecret";
	return code === 1003 || code === 1004 ? "provider.kling.withCodeClock" : "provider.kling.withCode";
}

function codeFailure(code: number, message: string | undefined, meta: ResponseMeta, op: Op, ctx: ProviderContext, status: number): Failure {
	const own = message?.trim();
	const key = DEFAULT_TEXT[code] ?? "provider.kling.error";
	// Classified on Kling's words, or on the English reading of its code (never on a translation).
	const wording = own || tIn("en", key);
	const cls = klingCodeClass(code, op, wording) ?? classify({ status, op, text: wording, retryAfterMs: meta.retryAfterMs });
	const label = status >= 200 && status < 300 ? tr("provider.label.code", { code }) : String(status);
	return makeFailure({
		provider: ID,
		ctx,
		meta,
		op,
		cls,
		label,
		status,
		code: String(code),
		message: tr(withCode(code, ctx), { text: own || tr(key), code }),
	});
}

/** Any answer: an error status or a non-zero body code is a failure; else the envelope's data. */
function readEnvelope(res: HttpResponse, ctx: ProviderContext, op: Op): EnvelopeRead {
	if (!isOk(res)) {
		const decoded = decodeJson(res);
		const meta = readMeta(res, ctx, decoded.ok ? decoded.value : undefined);
		const code = decoded.ok ? envelopeCode(decoded.value) : undefined;
		if (code !== undefined && code >= 1000)
			return { ok: false, failure: codeFailure(code, errorInfo(decoded.ok ? decoded.value : undefined).message, meta, op, ctx, res.status), meta };
		return { ok: false, failure: httpFailure(ID, res, ctx, meta, op), meta };
	}
	const env = parseOk(ID, res, ctx, Envelope, op, { bodyRequestId: true });
	if (!env.ok) return env;
	const code = envelopeCode(env.value) ?? 0;
	if (code !== 0) return { ok: false, failure: codeFailure(code, env.value.message ?? undefined, env.meta, op, ctx, res.status), meta: env.meta };
	return { ok: true, data: env.value.data, text: JSON.stringify(env.value.data ?? null), meta: env.meta };
}

/** Failed-task wording: Kling reports its content checks as "risk control". */
export function klingTaskClass(text: string): FailureClass {
	return /risk[ _-]?control|content security|风控|内容安全/i.test(text) ? "policy" : classifyTaskFailure(text);
}

function mapTask(t: z.infer<typeof TaskData>, ctx: ProviderContext, meta: ResponseMeta, taskId: string): PollOutcome {
	const s = t.task_status.toLowerCase();
	if (s === "submitted") return { ok: true, state: { kind: "queued" }, meta };
	if (s === "succeed" || s === "succeeded") {
		const url = t.task_result?.videos?.find((v) => v.url)?.url;
		return url ? succeeded(meta, url) : noOutputYet(ID, ctx, meta, taskId, "task_result.videos[].url");
	}
	if (s === "failed") {
		const own = t.task_status_msg?.trim();
		return taskFailed({
			provider: ID,
			ctx,
			meta,
			op: "poll",
			label: tr("provider.task.failed"),
			message: own || tr("provider.task.failed"),
			cls: own ? klingTaskClass(own) : "invalid",
		});
	}
	// "processing", and anything new, is running.
	return { ok: true, state: { kind: "running" }, meta };
}

/** A task id carrying the secret key is refused like one carrying the access key. */
function carriesSecret(id: string, ctx: ProviderContext): boolean {
	const s = ctx.secondKey?.trim();
	return !!s && (id.includes(s) || id.includes(encodeURIComponent(s)));
}

function secretIdFailure(ctx: ProviderContext, meta: ResponseMeta, op: Op): Failure {
	return makeFailure({ provider: ID, ctx, meta, op, cls: "invalid", message: tr("provider.secretInTaskId") });
}

export const klingAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: true,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		return {
			method: "POST",
			url: `${baseOf(ctx)}/v1/videos/${endpointFor(input)}`,
			headers: { ...headers(ctx), "Content-Type": "application/json" },
			body: jsonBody(createBody(input, ctx.now)),
		};
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		const d = envelopeData(ID, readEnvelope(res, ctx, "create"), CreateData, ctx, "create");
		if (!d.ok) return d;
		// The endpoint is not in the answer: it is the letter of the external_task_id we sent.
		const letter = /^cf([tio])-/.exec(d.value.task_info?.external_task_id ?? "")?.[1] ?? "t";
		const taskId = `${BY_LETTER[letter] ?? "text2video"}:${String(d.value.task_id)}`;
		if (carriesSecret(taskId, ctx)) return { ok: false, failure: secretIdFailure(ctx, d.meta, "create"), meta: d.meta };
		const s = (d.value.task_status ?? "submitted").toLowerCase();
		const state: RemoteState = s === "processing" ? { kind: "running" } : { kind: "queued" };
		return guardCreate(ID, ctx, { ok: true, taskId, state, meta: d.meta });
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		const { endpoint, id } = splitTaskId(taskId);
		return { method: "GET", url: `${baseOf(ctx)}/v1/videos/${endpoint}/${pathId(id)}`, headers: headers(ctx) };
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
		const d = envelopeData(ID, readEnvelope(res, ctx, "poll"), TaskData, ctx, "poll");
		if (!d.ok) return d;
		return mapTask(d.value, ctx, d.meta, taskId);
	},

	buildLookup(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		return { method: "GET", url: `${baseOf(ctx)}/v1/videos/${endpointFor(input)}?pageNum=1&pageSize=500`, headers: headers(ctx) };
	},

	parseLookup(res, input, ctx, sinceMs, exclude): LookupOutcome {
		const env = readEnvelope(res, ctx, "lookup");
		if (!env.ok) return { found: "error", failure: env.failure, meta: env.meta };
		if (!Array.isArray(env.data)) {
			const v = validateValue(ID, env.data, env.text, z.array(ListItem), ctx, env.meta, "lookup");
			const failure = v.ok
				? makeFailure({ provider: ID, ctx, meta: env.meta, op: "lookup", cls: "invalid", message: tr("provider.noTaskList") })
				: v.failure;
			return { found: "error", failure, meta: env.meta };
		}
		const ep = endpointFor(input);
		const prefix = externalIdPrefix(input);
		let best: { id: string; at: number } | undefined;
		for (const raw of env.data as unknown[]) {
			const item = ListItem.safeParse(raw);
			if (!item.success) continue;
			const ext = item.data.task_info?.external_task_id ?? "";
			const stamp = ext.startsWith(prefix) ? ext.slice(prefix.length) : "";
			const at = /^[0-9a-z]{1,12}$/.test(stamp) ? parseInt(stamp, 36) : NaN;
			const id = `${ep}:${String(item.data.task_id)}`;
			if (Number.isNaN(at) || at < sinceMs - 60_000 || exclude.has(id)) continue;
			if (!best || at < best.at) best = { id, at };
		}
		if (best && carriesSecret(best.id, ctx)) return { found: "error", failure: secretIdFailure(ctx, env.meta, "lookup"), meta: env.meta };
		return guardLookup(ID, ctx, best ? { found: true, taskId: best.id, meta: env.meta } : { found: false, meta: env.meta });
	},
};
