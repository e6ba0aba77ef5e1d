/**
 * OpenAI Videos API (`POST /videos`, `GET /videos/{id}`, `GET /videos/{id}/content`,
 * `GET /videos?limit=&order=`). The same wire shape is spoken by NewAPI's and
 * AIHubMix's `/v1/videos` routes, so this file exports a factory they reuse.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, bearer, catalogBase, getJson, pathId, postJson, type AdapterBase } from "./base";
import { classifyTaskFailure, makeFailure } from "./classify";
import { guardCreate, guardLookup, readAnswer } from "./decode";
import { parseProgress } from "./meta";
import { buildMultipart } from "./multipart";
import { downloadOf, withProgress } from "./outcome";
import type { CreateOutcome, LookupOutcome, PollOutcome, ProviderAdapter, ProviderContext, RemoteState, ResponseMeta, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

const ErrorObj = z.union([z.looseObject({ code: z.nullish(z.union([z.string(), z.number()])), message: z.nullish(z.string()) }), z.string()]);

export const OpenAiVideo = z.looseObject({
	id: z.string().check(z.minLength(1)),
	status: z.string(),
	progress: z.nullish(z.union([z.number(), z.string()])),
	created_at: z.nullish(z.number()),
	expires_at: z.nullish(z.number()),
	prompt: z.nullish(z.string()),
	error: z.nullish(ErrorObj),
});

const VideoList = z.looseObject({ data: z.array(z.unknown()) });

export type OpenAiVideoT = z.infer<typeof OpenAiVideo>;

const QUEUED = new Set(["queued", "pending", "submitted", "not_start", "preparing", "unknown", "notstarted", "created", "starting"]);
const RUNNING = new Set(["in_progress", "processing", "running", "generating"]);
const DONE = new Set(["completed", "complete", "success", "succeeded", "finished"]);
const FAILED = new Set(["failed", "failure", "fail", "error", "cancelled", "canceled", "expired"]);

export type StatusKind = "queued" | "running" | "succeeded" | "failed";

/** OpenAI spellings plus the synonyms NewAPI normalizes (case-insensitive). */
export function openAiStatusKind(status: string): StatusKind | undefined {
	const s = status.trim().toLowerCase();
	if (QUEUED.has(s)) return "queued";
	if (RUNNING.has(s)) return "running";
	if (DONE.has(s)) return "succeeded";
	if (FAILED.has(s)) return "failed";
	return undefined;
}

export interface OpenAiShapeOpts {
	base: AdapterBase;
	canLookup: boolean;
}

export function createOpenAiShapedAdapter(opts: OpenAiShapeOpts): ProviderAdapter {
	const ID = opts.base.id;

	function videoState(v: OpenAiVideoT, ctx: ProviderContext, meta: ResponseMeta): RemoteState {
		const kind = openAiStatusKind(v.status) ?? "running";
		const progress = parseProgress(v.progress);
		if (kind === "queued" || kind === "running") return withProgress(kind, progress);
		if (kind === "succeeded") {
			const expiresAt = typeof v.expires_at === "number" && v.expires_at > 0 ? v.expires_at * 1000 : undefined;
			return {
				kind: "succeeded",
				download: downloadOf(`${baseOf(ctx)}/videos/${pathId(v.id)}/content`, { ...bearer(ctx), Accept: "application/binary" }, expiresAt),
			};
		}
		const err = v.error;
		const code = typeof err === "object" && err && err.code != null ? String(err.code) : undefined;
		const message = typeof err === "string" ? err : (err?.message ?? tr("provider.label.video", { state: v.status }));
		const failure = makeFailure({
			provider: ID,
			ctx,
			meta,
			op: "poll",
			label: tr("provider.task.failed"),
			message,
			code,
			cls: classifyTaskFailure(`${code ?? ""} ${message}`),
		});
		return { kind: "failed", failure };
	}

	return {
		...adapterFields(opts.base),
		canLookup: opts.canLookup,

		buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
			const url = `${baseOf(ctx)}/videos`;
			const fields = { model: input.model, prompt: input.prompt, seconds: String(input.duration), size: input.size };
			const ref = input.reference;
			if (ref?.kind === "bytes") {
				const mp = buildMultipart([
					...Object.entries(fields).map(([name, value]) => ({ name, value })),
					{ name: "input_reference", filename: ref.name, contentType: ref.mime, data: ref.bytes },
				]);
				return { method: "POST", url, headers: { ...bearer(ctx), "Content-Type": mp.contentType, Accept: "application/json" }, body: mp.body };
			}
			return postJson(url, bearer(ctx), { ...fields, input_reference: ref?.kind === "url" ? { image_url: ref.url } : undefined });
		},

		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			const p = readAnswer(ID, res, ctx, OpenAiVideo, "create");
			if (!p.ok) return p;
			const state = videoState(p.value, ctx, p.meta);
			return guardCreate(ID, ctx, { ok: true, taskId: p.value.id, state, meta: p.meta });
		},

		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			return getJson(`${baseOf(ctx)}/videos/${pathId(taskId)}`, bearer(ctx));
		},

		parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
			const p = readAnswer(ID, res, ctx, OpenAiVideo, "poll");
			if (!p.ok) return p;
			return { ok: true, state: videoState(p.value, ctx, p.meta), meta: p.meta };
		},

		...(opts.canLookup
			? {
					buildLookup(_input: VideoJobInput, ctx: ProviderContext): HttpRequest {
						return getJson(`${baseOf(ctx)}/videos?limit=50&order=desc`, bearer(ctx));
					},
					parseLookup(res: HttpResponse, input: VideoJobInput, ctx: ProviderContext, sinceMs: number, exclude: ReadonlySet<string>): LookupOutcome {
						const p = readAnswer(ID, res, ctx, VideoList, "lookup");
						if (!p.ok) return { found: "error", failure: p.failure, meta: p.meta };
						const since = sinceMs / 1000 - 60;
						let best: { id: string; at: number } | undefined;
						for (const raw of p.value.data) {
							const r = OpenAiVideo.safeParse(raw);
							if (!r.success) continue;
							const v = r.data;
							if (v.prompt !== input.prompt || exclude.has(v.id)) continue;
							if (typeof v.created_at !== "number" || v.created_at < since) continue;
							if (!best || v.created_at < best.at) best = { id: v.id, at: v.created_at };
						}
						return guardLookup(ID, ctx, best ? { found: true, taskId: best.id, meta: p.meta } : { found: false, meta: p.meta });
					},
				}
			: {}),
	};
}

export const openaiAdapter: ProviderAdapter = createOpenAiShapedAdapter({ base: catalogBase("openai"), canLookup: true });
