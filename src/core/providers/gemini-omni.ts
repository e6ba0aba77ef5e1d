/**
 * Gemini Omni Flash through the Gemini API's Interactions API:
 * `POST /interactions` with `background: true` → `{id, status}`, then
 * `GET /interactions/{id}` until the status is terminal.
 *
 * Sources (read 2026-12-03):
 * - https://ai.google.dev/gemini-api/docs/omni: model ids (gemini-omni-1.1-flash),
 *   `POST /v1beta/interactions {model, input}`, the video in `output_video.data` (base64).
 * - googleapis/js-genai src/gaos/models/interactions/*.ts (@6e9b35c, 2026-08-21), the
 *   official types: CreateModelInteraction {model, input, background,
 *   response_modalities, response_format, generation_config.video_config.task},
 *   VideoResponseFormat {type:"video", aspect_ratio "16:9"|"9:16", resolution
 *   "360p"|"720p"|"1080p"|"4k", duration (string), delivery "inline"|"uri"},
 *   Interaction.status in_progress|requires_action|completed|failed|cancelled|
 *   incomplete|budget_exceeded|queued, steps[] with model_output content blocks
 *   {type:"video", data|uri, mime_type}, `errors[{code, message}]`.
 * Not in the stored Google pages, so read conservatively: `duration` is sent as
 * "<seconds>s" (a protobuf Duration; a client verified against the live API
 * reports exactly that), `delivery:"uri"` is asked for at 1080p/4K (inline media
 * is reported capped at 4 MB), and a `uri` that is a Files API name
 * ("files/abc") is fetched from `{base}/files/abc:download?alt=media` with the key.
 * Inline video becomes a `data:video/mp4;base64,…` download URL.
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, getJson, pathId, postJson, sameOrigin, type AdapterBase } from "./base";
import { classifyTaskFailure } from "./classify";
import { decodeJson, guardCreate, readAnswer } from "./decode";
import { aspectRatio } from "./geometry";
import { googKey, googleErrors, googleServerSide } from "./google-errors";
import { downloadOf, taskFailed } from "./outcome";
import { isRecord, toBase64 } from "../values";
import type {
	CreateOutcome,
	DownloadRequest,
	FailureClass,
	PollOutcome,
	ProviderAdapter,
	ProviderContext,
	ReferenceInput,
	RemoteState,
	ResponseMeta,
	VideoJobInput,
} from "./types";
import { t as tr } from "../i18n";

const Interaction = z.looseObject({
	id: z.string().check(z.minLength(1)),
	status: z.string(),
	output_video: z.optional(z.unknown()),
	steps: z.optional(z.unknown()),
	errors: z.optional(z.unknown()),
});
type InteractionBody = z.infer<typeof Interaction>;

/** True when an Interactions answer, not a Veo operation, came back (for the `gemini` dispatcher). */
export function looksLikeInteraction(res: HttpResponse): boolean {
	const d = decodeJson(res);
	return d.ok && isRecord(d.value) && typeof d.value.id === "string" && typeof d.value.name !== "string";
}

function omniImage(ref: ReferenceInput, what: "first" | "reference"): Record<string, string> {
	if (ref.kind === "url") throw new Error(tr(what === "first" ? "provider.build.omniBytesOnly.first" : "provider.build.omniBytesOnly.reference"));
	return { type: "image", data: toBase64(ref.bytes), mime_type: ref.mime };
}

/** Resolutions whose files are asked for by URI rather than inline. */
const BY_URI = new Set(["1080p", "4k"]);

/** The Interactions create body for one shot. */
export function omniCreateBody(input: VideoJobInput): Record<string, unknown> {
	const images: Record<string, string>[] = [];
	let task: string | undefined;
	if (input.reference) {
		images.push(omniImage(input.reference, "first"));
		task = "image_to_video";
	} else if (input.references?.length) {
		for (const r of input.references) images.push(omniImage(r, "reference"));
		task = "reference_to_video";
	}
	const format: Record<string, unknown> = {
		type: "video",
		aspect_ratio: input.aspect === "9:16" || input.aspect === "16:9" ? input.aspect : aspectRatio(input.orientation),
		resolution: input.resolution,
		duration: `${input.duration}s`,
	};
	if (BY_URI.has(input.resolution)) format.delivery = "uri";
	const body: Record<string, unknown> = {
		model: input.model,
		input: images.length ? [...images, { type: "text", text: input.prompt }] : input.prompt,
		response_modalities: ["video"],
		background: true,
		response_format: format,
	};
	if (task) body.generation_config = { video_config: { task } };
	return body;
}

function str(v: unknown): string | undefined {
	return typeof v === "string" && v.trim() ? v : undefined;
}

interface VideoBlock {
	data?: string;
	uri?: string;
	mime?: string;
}

function videoBlock(v: unknown): VideoBlock | undefined {
	if (!isRecord(v) || (v.type !== undefined && v.type !== "video")) return undefined;
	const data = str(v.data);
	const uri = str(v.uri);
	if (!data && !uri) return undefined;
	return { data, uri, mime: str(v.mime_type) };
}

function steps(body: InteractionBody): Record<string, unknown>[] {
	return Array.isArray(body.steps) ? (body.steps as unknown[]).filter(isRecord) : [];
}

/** The generated video: `output_video`, else the last model_output step's video block. */
function findVideo(body: InteractionBody): VideoBlock | undefined {
	const direct = videoBlock(body.output_video);
	if (direct) return direct;
	const all = steps(body);
	for (let i = all.length - 1; i >= 0; i--) {
		const s = all[i] as Record<string, unknown>;
		if (s.type !== "model_output" || !Array.isArray(s.content)) continue;
		for (const c of s.content as unknown[]) {
			const v = videoBlock(c);
			if (v) return v;
		}
	}
	return undefined;
}

/** Messages from `errors[]`, model_output `error`s and model text (a refusal explains itself). */
function problems(body: InteractionBody): { text: string; code?: string; serverSide: boolean } {
	const parts: string[] = [];
	let code: string | undefined;
	let serverSide = false;
	const take = (e: unknown) => {
		if (!isRecord(e)) return;
		const m = str(e.message);
		if (m) parts.push(m);
		const c = typeof e.code === "number" ? String(e.code) : (str(e.code) ?? str(e.status));
		code ??= c;
		if (googleServerSide(e.code, `${str(e.status) ?? ""} ${c ?? ""}`)) serverSide = true;
	};
	if (Array.isArray(body.errors)) for (const e of body.errors as unknown[]) take(e);
	for (const s of steps(body)) {
		if (s.type !== "model_output") continue;
		take(s.error);
		if (Array.isArray(s.content)) for (const c of s.content as unknown[]) if (isRecord(c) && c.type === "text" && str(c.text)) parts.push(c.text as string);
	}
	return { text: parts.join("; "), code, serverSide };
}

const SAFE_MIME = /^video\/[a-z0-9.+-]+$/i;

function videoDownload(v: VideoBlock, ctx: ProviderContext): DownloadRequest | string {
	if (v.data) {
		const mime = v.mime && SAFE_MIME.test(v.mime) ? v.mime : "video/mp4";
		return { url: `data:${mime};base64,${v.data.replace(/\s+/g, "")}`, headers: {} };
	}
	const uri = v.uri ?? "";
	if (/^https?:\/\//i.test(uri)) return downloadOf(uri, sameOrigin(uri, ctx) ? googKey(ctx) : {});
	const file = /^files\/([A-Za-z0-9_-]+)$/.exec(uri);
	if (file?.[1]) return { url: `${baseOf(ctx)}/files/${file[1]}:download?alt=media`, headers: googKey(ctx) };
	return tr("provider.interaction.badUri", { uri: uri.slice(0, 80) });
}

function failed(id: string, ctx: ProviderContext, meta: ResponseMeta, label: string, message: string, cls: FailureClass, code?: string): PollOutcome {
	return taskFailed({ provider: id, ctx, meta, op: "poll", label, message, code, cls });
}

function interactionState(id: string, body: InteractionBody, ctx: ProviderContext, meta: ResponseMeta): PollOutcome {
	const status = body.status.toLowerCase();
	if (status === "queued") return { ok: true, state: { kind: "queued" }, meta };
	if (status === "completed") {
		const v = findVideo(body);
		const p = problems(body);
		if (!v) {
			const message = p.text ? tr("provider.interaction.noVideoSaid", { text: p.text }) : tr("provider.interaction.noVideo");
			return failed(id, ctx, meta, tr("provider.interaction.completed"), message, p.text ? classifyTaskFailure(p.text) : "invalid", p.code);
		}
		const d = videoDownload(v, ctx);
		if (typeof d === "string") return failed(id, ctx, meta, tr("provider.interaction.completed"), d, "invalid");
		return { ok: true, state: { kind: "succeeded", download: d }, meta };
	}
	if (status === "failed" || status === "cancelled" || status === "incomplete" || status === "budget_exceeded" || status === "requires_action") {
		const p = problems(body);
		const message = p.text || `interaction ${status}`;
		const cls: FailureClass = p.serverSide
			? "outage"
			: status === "failed" || status === "incomplete"
				? classifyTaskFailure(`${p.code ?? ""} ${message}`)
				: "invalid";
		return failed(id, ctx, meta, `interaction ${status}`, message, cls, p.code);
	}
	// in_progress, and any status this client does not know yet: keep polling.
	return { ok: true, state: { kind: "running" }, meta };
}

/** The Omni family as one adapter speaking for a catalog entry. */
export function createOmniAdapter(from: AdapterBase): ProviderAdapter {
	const id = from.id;
	return {
		...adapterFields(from),
		canLookup: false,

		buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
			return postJson(`${baseOf(ctx)}/interactions`, googKey(ctx), omniCreateBody(input));
		},

		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			const p = readAnswer(id, res, ctx, Interaction, "create", googleErrors(id));
			if (!p.ok) return p;
			const r = interactionState(id, p.value, ctx, p.meta);
			const state: RemoteState = r.ok && r.state.kind !== "running" ? r.state : { kind: "queued" };
			return guardCreate(id, ctx, { ok: true, taskId: p.value.id, state, meta: p.meta });
		},

		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			return getJson(`${baseOf(ctx)}/interactions/${pathId(taskId)}`, googKey(ctx));
		},

		parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
			const p = readAnswer(id, res, ctx, Interaction, "poll", googleErrors(id));
			return p.ok ? interactionState(id, p.value, ctx, p.meta) : p;
		},
	};
}
