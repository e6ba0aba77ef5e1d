/**
 * Replicate predictions API (https://replicate.com/docs/reference/http and the official
 * clients replicate-javascript / replicate-python, read 2026-12-03):
 * - official model `owner/name`: `POST /models/{owner}/{name}/predictions` with `{input}`;
 *   a version (`owner/name:version` or a bare 64-hex id): `POST /predictions` with
 *   `{version, input}` (the version id alone, as the JS client sends it);
 * - `GET /predictions/{id}` → `{id, status, output, error, logs, data_removed, …}` with status
 *   starting | processing | succeeded | failed | canceled (+ "aborted" in the newer clients);
 *   `output` is a URL string or an array of URLs; progress comes from tqdm lines in `logs`
 *   (the JS client's `parseProgressFromLogs`); output URLs expire 1 h after completion;
 * - `POST /predictions/{id}/cancel`; `GET /predictions?created_after=&created_before=` lists
 *   this token's predictions newest first, 100 a page, with a `next` cursor URL.
 * No `Prefer: wait` header is sent: it holds the create open up to 60 s, and a create that
 * blocks is exactly what the scheduler must avoid (a lost answer would then be ambiguous).
 * Errors are problem details `{title, detail, status}` (+ `invalid_fields` on a 422, and
 * `retry_after` seconds on a 429 — "Request was throttled. Your rate limit resets in ~30s.").
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, jsonBody, pathId } from "./base";
import { classify, classifyTaskFailure, errorInfo, makeFailure, type Op } from "./classify";
import { decodeJson, guardCreate, guardLookup, httpFailure, readAnswer } from "./decode";
import { readMeta, signedUrlExpiry } from "./meta";
import { answerFailed, succeeded, taskFailed, withProgress } from "./outcome";
import { dataUri, isRecord } from "../values";
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
import { t as tr } from "../i18n";

const ID = "replicate";
const base = catalogBase(ID);

/** Output files live 1 h after the prediction completes ("Output file URLs expire after 1 hour"). */
const OUTPUT_TTL_MS = 3600_000;
/** Lookup window around the ambiguous create: 60 s of clock skew before, 15 min after. */
const LOOKUP_BEFORE_MS = 60_000;
const LOOKUP_AFTER_MS = 15 * 60_000;

/** Content-safety failures: "The input or output was flagged as sensitive … (E005)", NSFW checks. */
const SENSITIVE_RE = /flagged as sensitive|\bE005\b|\bnsfw\b|content[ _-]?(policy|moderation)|safety (filter|check|system)/i;

export type ModelRef = { kind: "official"; owner: string; name: string } | { kind: "version"; model?: string; version: string };

/** `owner/name`, `owner/name:version` or a bare 64-hex version id; undefined for anything else. */
export function parseModelRef(id: string): ModelRef | undefined {
	const s = id.trim();
	if (/^[0-9a-f]{64}$/i.test(s)) return { kind: "version", version: s };
	const m = /^([A-Za-z0-9][A-Za-z0-9_.-]*)\/([A-Za-z0-9][A-Za-z0-9_.-]*)(?::([A-Za-z0-9]+))?$/.exec(s);
	if (!m?.[1] || !m[2]) return undefined;
	return m[3] ? { kind: "version", model: `${m[1]}/${m[2]}`, version: m[3] } : { kind: "official", owner: m[1], name: m[2] };
}

/** The input mapping: the job's family, else the catalog entry's (also for a pinned version of it), else generic. */
export function familyOf(input: VideoJobInput): string {
	if (input.family) return input.family;
	const ref = parseModelRef(input.model);
	const name = ref?.kind === "version" ? ref.model : undefined;
	const spec = base.models.find((m) => m.id === input.model) ?? (name ? base.models.find((m) => m.id === name) : undefined);
	return spec?.family ?? "generic";
}

function fileValue(ref: ReferenceInput): string {
	return ref.kind === "url" ? ref.url : dataUri(ref.mime, ref.bytes);
}

/** The model's `input` object; fields left undefined are omitted (JSON.stringify drops them). */
export function replicateInput(input: VideoJobInput, family = familyOf(input)): Record<string, unknown> {
	const image = input.reference ? fileValue(input.reference) : undefined;
	const last = input.lastFrame ? fileValue(input.lastFrame) : undefined;
	const refs = input.references?.length ? input.references.map(fileValue) : undefined;
	const { prompt, duration, aspect, resolution } = input;
	switch (family) {
		case "kling-v3":
			return {
				prompt,
				duration,
				aspect_ratio: aspect,
				mode: resolution === "1080p" ? "pro" : "standard",
				start_image: image,
				end_image: last,
				negative_prompt: input.negativePrompt,
				generate_audio: input.audio,
			};
		case "veo-3.1":
			return {
				prompt,
				duration,
				aspect_ratio: aspect,
				resolution,
				image,
				last_frame: last,
				reference_images: refs,
				negative_prompt: input.negativePrompt,
				seed: input.seed,
				generate_audio: input.audio,
			};
		case "seedance-2":
			return {
				prompt,
				duration,
				resolution,
				aspect_ratio: aspect,
				image,
				last_frame_image: last,
				reference_images: refs,
				generate_audio: input.audio,
				seed: input.seed,
			};
		case "hailuo":
			return { prompt, duration, resolution, first_frame_image: image };
		default:
			return { prompt, duration, aspect_ratio: aspect, resolution, image, negative_prompt: input.negativePrompt, seed: input.seed };
	}
}

const Problem = z.looseObject({
	title: z.nullish(z.string()),
	detail: z.nullish(z.string()),
	retry_after: z.nullish(z.number()),
	invalid_fields: z.nullish(z.array(z.looseObject({ field: z.nullish(z.string()), description: z.nullish(z.string()) }))),
});

const Prediction = z.looseObject({
	id: z.string().check(z.minLength(1)),
	status: z.string(),
	model: z.nullish(z.string()),
	version: z.nullish(z.string()),
	input: z.nullish(z.unknown()),
	output: z.optional(z.unknown()),
	error: z.nullish(z.unknown()),
	logs: z.nullish(z.string()),
	data_removed: z.nullish(z.boolean()),
	source: z.nullish(z.string()),
	created_at: z.nullish(z.string()),
	completed_at: z.nullish(z.string()),
});
type PredictionBody = z.infer<typeof Prediction>;

const Page = z.looseObject({ results: z.array(z.unknown()), next: z.nullish(z.string()) });

/** An error answer: problem details, `retry_after` as Retry-After, the model's path 404 as `retired`. */
function errorFailure(res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const decoded = decodeJson(res);
	const meta = readMeta(res, ctx);
	if (!decoded.ok) return { failure: httpFailure(ID, res, ctx, meta, op), meta };
	const parsed = Problem.safeParse(decoded.value);
	const p = parsed.success ? parsed.data : {};
	const ra = p.retry_after;
	if (meta.retryAfterMs === undefined && typeof ra === "number" && Number.isFinite(ra) && ra >= 0)
		meta.retryAfterMs = Math.min(Math.ceil(ra * 1000), 86_400_000);
	const fields = (p.invalid_fields ?? []).map((f) => [f.field, f.description].filter(Boolean).join(": ")).filter(Boolean);
	const detail = p.detail?.trim() || errorInfo(decoded.value).message || `HTTP ${res.status}`;
	const message = fields.length && !fields.every((f) => detail.includes(f)) ? `${detail} (${fields.join("; ")})` : detail;
	const title = p.title?.trim() || undefined;
	const text = `${title ?? ""} ${message}`;
	let cls = classify({ status: res.status, op, text, retryAfterMs: meta.retryAfterMs });
	// The create path names nothing but the model: its 404 is "model not found".
	if (res.status === 404 && op === "create") cls = "retired";
	// "Invalid version or not permitted": the pinned version does not exist (or is not ours to run).
	else if (res.status === 422 && /invalid version/i.test(text)) cls = "retired";
	// A poll or list names a prediction, not a model: nothing there says the model is gone.
	else if (op !== "create" && cls === "retired") cls = "invalid";
	else if (cls === "invalid" && SENSITIVE_RE.test(text)) cls = "policy";
	return { failure: makeFailure({ provider: ID, ctx, meta, op, message, code: title, cls }), meta };
}

/** The percentage of the last tqdm line in the logs (`76%|███   | 7568/10000 […]`). */
export function progressFromLogs(logs: string | null | undefined): number | undefined {
	if (!logs) return undefined;
	const lines = logs.slice(-65_536).split("\n");
	for (let i = lines.length - 1; i >= 0; i--) {
		const m = /^\s*(\d+)%\s*\|.+?\|\s*(\d+)\/(\d+)/.exec(lines[i] ?? "");
		if (m?.[1]) return Math.max(0, Math.min(100, Number(m[1])));
	}
	return undefined;
}

function httpUrl(v: unknown): string | undefined {
	if (typeof v !== "string" || !/^https?:\/\//i.test(v)) return undefined;
	try {
		return new URL(v).protocol.startsWith("http") ? v : undefined;
	} catch {
		return undefined;
	}
}

const VIDEO_EXT = /\.(mp4|webm|mov|m4v)(\?|#|$)/i;

/** The video URL of an output: a URL string, an array of them (a video file first), or an object holding them. */
export function outputUrl(output: unknown, depth = 0): string | undefined {
	const direct = httpUrl(output);
	if (direct || depth > 2) return direct;
	const values = Array.isArray(output)
		? (output as unknown[])
		: isRecord(output)
			? ["video", "url", "output"].map((k) => output[k]).concat(Object.values(output))
			: [];
	const urls = values.map((v) => outputUrl(v, depth + 1)).filter((u): u is string => u !== undefined);
	return urls.find((u) => VIDEO_EXT.test(new URL(u).pathname)) ?? urls[0];
}

function textOf(v: unknown): string | undefined {
	if (v === null || v === undefined) return undefined;
	if (typeof v === "string") return v.trim() || undefined;
	try {
		return JSON.stringify(v);
	} catch {
		return undefined;
	}
}

function failed(ctx: ProviderContext, meta: ResponseMeta, op: Op, label: string, message: string, cls: FailureClass): PollOutcome {
	return taskFailed({ provider: ID, ctx, meta, op, label, message, cls });
}

function predictionState(p: PredictionBody, ctx: ProviderContext, meta: ResponseMeta, op: Op): PollOutcome {
	const s = p.status.toLowerCase();
	if (s === "starting") return { ok: true, state: { kind: "queued" }, meta };
	if (s === "processing") {
		return { ok: true, state: withProgress("running", progressFromLogs(p.logs)), meta };
	}
	if (s === "succeeded") {
		const url = outputUrl(p.output);
		if (!url) {
			if (p.data_removed)
				return failed(ctx, meta, op, tr("provider.prediction.outputRemoved"), tr("provider.prediction.outputRemovedId", { id: p.id }), "invalid");
			return answerFailed({ provider: ID, ctx, meta, op, cls: "outage", message: tr("provider.prediction.noOutputYet", { id: p.id }) });
		}
		const done = p.completed_at ? Date.parse(p.completed_at) : NaN;
		const expiries = [Number.isNaN(done) ? undefined : done + OUTPUT_TTL_MS, signedUrlExpiry(url)].filter(
			(t): t is number => t !== undefined && Number.isFinite(t),
		);
		return succeeded(meta, url, {}, expiries.length ? Math.min(...expiries) : undefined);
	}
	if (s === "failed") {
		const said = textOf(p.error) ?? "";
		const cls = SENSITIVE_RE.test(said) ? "policy" : classifyTaskFailure(said);
		return failed(ctx, meta, op, tr("provider.prediction.failed"), said || tr("provider.prediction.failed"), cls);
	}
	if (s === "canceled" || s === "cancelled")
		return failed(ctx, meta, op, tr("provider.prediction.canceled"), textOf(p.error) ?? tr("provider.prediction.canceledId", { id: p.id }), "invalid");
	if (s === "aborted")
		return failed(ctx, meta, op, tr("provider.prediction.aborted"), textOf(p.error) ?? tr("provider.prediction.abortedId", { id: p.id }), "outage");
	return { ok: true, state: { kind: "running" }, meta };
}

function headers(ctx: ProviderContext): Record<string, string> {
	return { ...bearer(ctx), Accept: "application/json" };
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

export const replicateAdapter: ProviderAdapter = {
	...adapterFields(base),
	canLookup: true,

	buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
		const ref = parseModelRef(input.model);
		if (!ref) throw new Error(tr("provider.build.replicateModel", { model: input.model }));
		const body = { input: replicateInput(input) };
		const url = ref.kind === "official" ? `${baseOf(ctx)}/models/${pathId(ref.owner)}/${pathId(ref.name)}/predictions` : `${baseOf(ctx)}/predictions`;
		return {
			method: "POST",
			url,
			headers: { ...headers(ctx), "Content-Type": "application/json" },
			body: jsonBody(ref.kind === "official" ? body : { version: ref.version, ...body }),
		};
	},

	parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
		const p = readAnswer(ID, res, ctx, Prediction, "create", errorFailure);
		if (!p.ok) return p;
		const st = predictionState(p.value, ctx, p.meta, "create");
		const state: RemoteState = st.ok ? st.state : { kind: "queued" };
		return guardCreate(ID, ctx, { ok: true, taskId: p.value.id, state, meta: p.meta });
	},

	buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
		return { method: "GET", url: `${baseOf(ctx)}/predictions/${pathId(taskId)}`, headers: headers(ctx) };
	},

	parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
		const p = readAnswer(ID, res, ctx, Prediction, "poll", errorFailure);
		if (!p.ok) return p;
		return predictionState(p.value, ctx, p.meta, "poll");
	},

	buildCancel(taskId: string, ctx: ProviderContext): HttpRequest {
		return { method: "POST", url: `${baseOf(ctx)}/predictions/${pathId(taskId)}/cancel`, headers: headers(ctx) };
	},

	buildLookup(_input: VideoJobInput, ctx: ProviderContext, sinceMs: number): HttpRequest {
		const q = `created_after=${encodeURIComponent(iso(sinceMs - LOOKUP_BEFORE_MS))}&created_before=${encodeURIComponent(iso(sinceMs + LOOKUP_AFTER_MS))}`;
		return { method: "GET", url: `${baseOf(ctx)}/predictions?${q}`, headers: headers(ctx) };
	},

	parseLookup(res, input, ctx, sinceMs, exclude): LookupOutcome {
		const page = readAnswer(ID, res, ctx, Page, "lookup", errorFailure);
		if (!page.ok) return { found: "error", failure: page.failure, meta: page.meta };
		const ref = parseModelRef(input.model);
		const from = sinceMs - LOOKUP_BEFORE_MS;
		const to = sinceMs + LOOKUP_AFTER_MS;
		let best: { id: string; at: number } | undefined;
		for (const raw of page.value.results) {
			const item = Prediction.safeParse(raw);
			if (!item.success) continue;
			const t = item.data;
			if (!ref || exclude.has(t.id) || t.data_removed || t.source === "web") continue;
			if (!isRecord(t.input) || t.input.prompt !== input.prompt) continue;
			const model = ref.kind === "official" ? `${ref.owner}/${ref.name}` : ref.model;
			if (model !== undefined && t.model !== model) continue;
			if (ref.kind === "version" && t.version !== ref.version) continue;
			const at = t.created_at ? Date.parse(t.created_at) : NaN;
			if (Number.isNaN(at) || at < from || at > to) continue;
			if (!best || at < best.at) best = { id: t.id, at };
		}
		if (best) return guardLookup(ID, ctx, { found: true, taskId: best.id, meta: page.meta });
		if (page.value.next) {
			// Newest first, 100 a page: the one we look for may be on a later page. Not "absent".
			const failure = makeFailure({ provider: ID, ctx, meta: page.meta, op: "lookup", cls: "invalid", message: tr("provider.replicate.lookupFull") });
			return { found: "error", failure, meta: page.meta };
		}
		return { found: false, meta: page.meta };
	},
};
