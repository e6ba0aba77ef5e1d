/**
 * Decoding and validating response bodies without ever throwing, and the guards
 * that keep a task id carrying the key out of the journal.
 */
import type * as z from "zod/mini";
import type { HttpResponse } from "../../ports/http";
import { snippet } from "../redact";
import { isRecord } from "../values";
import { errorInfo, makeFailure, type Op } from "./classify";
import { header, readMeta } from "./meta";
import type { CreateOutcome, Failure, LookupOutcome, ProviderContext, ResponseMeta } from "./types";
import { t } from "../i18n";

const decoder = new TextDecoder();

export type Decoded = { ok: true; value: unknown; text: string } | { ok: false; text: string; reason: "empty" | "html" | "not-json" };

/** JSON.parse that never throws; HTML error pages and empty bodies are recognized. */
export function decodeJson(res: HttpResponse): Decoded {
	const text = decoder.decode(res.body);
	const trimmed = text.trim();
	if (!trimmed) return { ok: false, text, reason: "empty" };
	const ctype = header(res, "content-type") ?? "";
	if (/^</.test(trimmed) || /text\/html/i.test(ctype)) return { ok: false, text, reason: "html" };
	try {
		const value: unknown = JSON.parse(trimmed);
		return { ok: true, value, text };
	} catch {
		return { ok: false, text, reason: "not-json" };
	}
}

function issuePath(path: ReadonlyArray<PropertyKey>): string {
	return path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".") || "body";
}

/** "unexpected response (path: issue): snippet", for a body of the wrong shape. */
function unexpected(first: { path: ReadonlyArray<PropertyKey>; message: string } | undefined, text: string, ctx: ProviderContext): string {
	const quoted = snippet(text, ctx.redact);
	if (!first) return t("provider.unexpected.shape", { snippet: quoted });
	return t("provider.unexpected.at", { path: issuePath(first.path), issue: first.message, snippet: quoted });
}

export type Parsed<T> = { ok: true; value: T; meta: ResponseMeta } | { ok: false; failure: Failure; meta: ResponseMeta };

export interface ParseOpts {
	/** Read `request_id` from the body (DashScope); not for Grok, whose request_id is the task id. */
	bodyRequestId?: boolean;
}

/**
 * Decodes and validates a 2xx body. An empty, HTML or non-JSON body is an `outage`
 * (a proxy's error page or a cut connection); JSON of the wrong shape is `invalid`.
 * Both quote a short redacted snippet. Never throws.
 */
export function parseOk<S extends z.ZodMiniType>(
	provider: string,
	res: HttpResponse,
	ctx: ProviderContext,
	schema: S,
	op: Op,
	opts: ParseOpts = {},
): Parsed<z.infer<S>> {
	const decoded = decodeJson(res);
	const meta = readMeta(res, ctx, decoded.ok && opts.bodyRequestId ? decoded.value : undefined);
	if (!decoded.ok) {
		const key =
			decoded.reason === "empty" ? "provider.body.emptyQuoted" : decoded.reason === "html" ? "provider.body.htmlNotJson" : "provider.body.unreadable";
		return {
			ok: false,
			meta,
			failure: makeFailure({ provider, ctx, meta, op, cls: "outage", message: t(key, { snippet: snippet(decoded.text, ctx.redact) }) }),
		};
	}
	const r = schema.safeParse(decoded.value);
	if (!r.success) {
		return {
			ok: false,
			meta,
			failure: makeFailure({ provider, ctx, meta, op, cls: "invalid", message: unexpected(r.error.issues[0], decoded.text, ctx) }),
		};
	}
	return { ok: true, value: r.data, meta };
}

export function isOk(res: HttpResponse): boolean {
	return res.status >= 200 && res.status < 300;
}

/** A failure for an error status, reading whatever error body the provider sent. */
export function httpFailure(provider: string, res: HttpResponse, ctx: ProviderContext, meta: ResponseMeta, op: Op): Failure {
	const decoded = decodeJson(res);
	if (decoded.ok) {
		const info = errorInfo(decoded.value);
		return makeFailure({
			provider,
			ctx,
			meta,
			op,
			message: info.message ?? snippet(decoded.text, ctx.redact),
			code: info.code,
			hint: info.type,
		});
	}
	const key = decoded.reason === "empty" ? "provider.body.emptyQuoted" : decoded.reason === "html" ? "provider.body.html" : "provider.body.unreadable";
	return makeFailure({ provider, ctx, meta, op, message: t(key, { snippet: snippet(decoded.text, ctx.redact) }) });
}

/** An error answer read the usual way: its headers' facts and whatever error body the provider sent. */
export function errorAnswer(provider: string, res: HttpResponse, ctx: ProviderContext, op: Op): { failure: Failure; meta: ResponseMeta } {
	const meta = readMeta(res, ctx);
	return { failure: httpFailure(provider, res, ctx, meta, op), meta };
}

/** How an adapter reads its error answers (`errorAnswer` unless it knows the provider's error body). */
export type ErrorReader = (res: HttpResponse, ctx: ProviderContext, op: Op) => { failure: Failure; meta: ResponseMeta };

/**
 * Any answer: an error status read by `errorOf` (by default `errorAnswer`), else the
 * 2xx body decoded and validated against `schema` (see `parseOk`). Never throws.
 */
export function readAnswer<S extends z.ZodMiniType>(
	provider: string,
	res: HttpResponse,
	ctx: ProviderContext,
	schema: S,
	op: Op,
	errorOf?: ErrorReader,
	opts?: ParseOpts,
): Parsed<z.infer<S>> {
	if (!isOk(res)) return { ok: false, ...(errorOf ? errorOf(res, ctx, op) : errorAnswer(provider, res, ctx, op)) };
	return parseOk(provider, res, ctx, schema, op, opts);
}

/** A create answered with the task's id (`{id}`): the task is queued under it. */
export function queuedTask(provider: string, ctx: ProviderContext, p: Parsed<{ id: string }>): CreateOutcome {
	return p.ok ? guardCreate(provider, ctx, { ok: true, taskId: p.value.id, state: { kind: "queued" }, meta: p.meta }) : p;
}

/**
 * Validates a value already decoded (e.g. the `data` of an envelope whose `code`
 * was checked first). A mismatch is an `invalid` failure quoting `text`.
 */
export function validateValue<S extends z.ZodMiniType>(
	provider: string,
	value: unknown,
	text: string,
	schema: S,
	ctx: ProviderContext,
	meta: ResponseMeta,
	op: Op,
): { ok: true; value: z.infer<S> } | { ok: false; failure: Failure } {
	const r = schema.safeParse(value);
	if (r.success) return { ok: true, value: r.data };
	return { ok: false, failure: makeFailure({ provider, ctx, meta, op, cls: "invalid", message: unexpected(r.error.issues[0], text, ctx) }) };
}

/** What an adapter read out of an envelope answer (`{code, message, data}`): its `data`, with the text and meta. */
export type EnvelopeRead = { ok: true; data: unknown; text: string; meta: ResponseMeta } | { ok: false; failure: Failure; meta: ResponseMeta };

/** An envelope's `data` validated against `schema` (see `validateValue`); a failed read passes through. */
export function envelopeData<S extends z.ZodMiniType>(provider: string, env: EnvelopeRead, schema: S, ctx: ProviderContext, op: Op): Parsed<z.infer<S>> {
	if (!env.ok) return env;
	const d = validateValue(provider, env.data, env.text, schema, ctx, env.meta, op);
	return d.ok ? { ok: true, value: d.value, meta: env.meta } : { ok: false, failure: d.failure, meta: env.meta };
}

/** An envelope's numeric `code` (a number, or a string of digits); undefined when there is none. */
export function envelopeCode(v: unknown): number | undefined {
	if (!isRecord(v)) return undefined;
	if (typeof v.code === "number" && Number.isFinite(v.code)) return v.code;
	if (typeof v.code === "string" && /^\d+$/.test(v.code)) return Number(v.code);
	return undefined;
}

/** Text of a decoded JSON value for snippets. */
export function jsonText(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

function carriesKey(id: string, ctx: ProviderContext): boolean {
	const key = ctx.apiKey.trim();
	return key !== "" && (id.includes(key) || id.includes(encodeURIComponent(key)));
}

/**
 * A task id is stored in the journal (which syncs with the vault) and written to
 * the run log. One that contains the API key (a broken or hostile server echoing
 * it) is refused instead of being stored.
 */
export function guardCreate(provider: string, ctx: ProviderContext, o: CreateOutcome): CreateOutcome {
	if (!o.ok || !carriesKey(o.taskId, ctx)) return o;
	const failure = makeFailure({ provider, ctx, meta: o.meta, op: "create", cls: "invalid", message: t("provider.keyInTaskId") });
	return { ok: false, failure, meta: o.meta };
}

/** `guardCreate` for lookups: a matching task whose id carries the key is an error. */
export function guardLookup(provider: string, ctx: ProviderContext, o: LookupOutcome): LookupOutcome {
	if (o.found !== true || !carriesKey(o.taskId, ctx)) return o;
	const failure = makeFailure({ provider, ctx, meta: o.meta, op: "lookup", cls: "invalid", message: t("provider.keyInListedId") });
	return { found: "error", failure, meta: o.meta };
}
