/**
 * Google Veo 3.1 through the Gemini API's long-running operations:
 * `POST /models/{model}:predictLongRunning` → `{name}`, then `GET /{name}` until
 * `done`. The video URI needs the `x-goog-api-key` header and redirects once.
 * RAI-filtered results (raiMediaFilteredCount / raiMediaFilteredReasons) are `policy`.
 *
 * Request mapping as the official python-genai SDK builds it for the Gemini
 * Developer API (`_GenerateVideosConfig_to_mldev`, googleapis/python-genai read
 * 2026-12-03): `instances[0].{prompt, image, lastFrame, referenceImages[{image,
 * referenceType}]}` and `parameters.{aspectRatio, durationSeconds, resolution,
 * negativePrompt}`. `seed` and `generateAudio` are refused by that SDK for the
 * Gemini API ("only supported in Gemini Enterprise Agent Platform mode"), so they
 * are never sent. Used by the legacy `veo` provider and by the Veo family of the
 * `gemini` provider (createVeoAdapter).
 */
import * as z from "zod/mini";
import "../zod-locale";
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields, baseOf, catalogBase, getJson, postJson, sameOrigin, type AdapterBase } from "./base";
import { classifyTaskFailure } from "./classify";
import { guardCreate, readAnswer } from "./decode";
import { aspectRatio } from "./geometry";
import { googKey, googleErrors, googleServerSide } from "./google-errors";
import { succeeded, taskFailed } from "./outcome";
import { isRecord, toBase64 } from "../values";
import type { CreateOutcome, PollOutcome, ProviderAdapter, ProviderContext, ReferenceInput, ResponseMeta, VideoJobInput } from "./types";
import { t as tr } from "../i18n";

const Operation = z.looseObject({
	name: z.string().check(z.minLength(1)),
	done: z.nullish(z.boolean()),
	error: z.nullish(z.looseObject({ code: z.nullish(z.union([z.number(), z.string()])), message: z.nullish(z.string()), status: z.nullish(z.string()) })),
	response: z.optional(z.unknown()),
});

function str(v: unknown): string | undefined {
	return typeof v === "string" && v ? v : undefined;
}

function opState(id: string, op: z.infer<typeof Operation>, ctx: ProviderContext, meta: ResponseMeta): PollOutcome {
	if (op.error) {
		const code = op.error.status ?? (op.error.code != null ? String(op.error.code) : undefined);
		const message = op.error.message ?? tr("provider.operation.failed");
		const cls = googleServerSide(op.error.code, code ?? "") ? "outage" : classifyTaskFailure(`${code ?? ""} ${op.error.message ?? ""}`);
		return taskFailed({ provider: id, ctx, meta, op: "poll", label: tr("provider.operation.failed"), message, code, cls });
	}
	if (!op.done) return { ok: true, state: { kind: "running" }, meta };
	const response = isRecord(op.response) ? op.response : {};
	const gvr = isRecord(response.generateVideoResponse) ? response.generateVideoResponse : response;
	const filtered = typeof gvr.raiMediaFilteredCount === "number" ? gvr.raiMediaFilteredCount : 0;
	const reasons = Array.isArray(gvr.raiMediaFilteredReasons)
		? (gvr.raiMediaFilteredReasons as unknown[]).filter((r): r is string => typeof r === "string")
		: [];
	const samples = Array.isArray(gvr.generatedSamples) ? gvr.generatedSamples : Array.isArray(gvr.generatedVideos) ? gvr.generatedVideos : [];
	const first: unknown = samples[0];
	const video = isRecord(first) && isRecord(first.video) ? first.video : undefined;
	const uri = str(video?.uri);
	if (!uri || filtered > 0) {
		const policy = filtered > 0 || reasons.length > 0;
		const message = policy
			? reasons.length
				? tr("provider.veo.filteredWhy", { count: filtered, reasons: reasons.join("; ") })
				: tr("provider.veo.filtered", { count: filtered })
			: tr("provider.operation.noVideo");
		return taskFailed({ provider: id, ctx, meta, op: "poll", label: tr("provider.operation.failed"), message, cls: policy ? "policy" : "invalid" });
	}
	return succeeded(meta, uri, sameOrigin(uri, ctx) ? googKey(ctx) : {});
}

/** `{bytesBase64Encoded, mimeType}`; Veo on the Gemini API takes no image URLs (no gcsUri either). */
const BYTES_ONLY = {
	first: "provider.build.veoBytesOnly.first",
	last: "provider.build.veoBytesOnly.last",
	reference: "provider.build.veoBytesOnly.reference",
} as const;

function veoImage(ref: ReferenceInput, what: keyof typeof BYTES_ONLY): Record<string, string> {
	if (ref.kind === "url") throw new Error(tr(BYTES_ONLY[what]));
	return { bytesBase64Encoded: toBase64(ref.bytes), mimeType: ref.mime };
}

/** Veo takes 16:9 and 9:16 only; anything else falls back to the shot's orientation. */
function veoAspect(input: VideoJobInput): string {
	return input.aspect === "9:16" || input.aspect === "16:9" ? input.aspect : aspectRatio(input.orientation);
}

/** The predictLongRunning body: instances[0] carries the images, parameters the output shape. */
export function veoCreateBody(input: VideoJobInput): Record<string, unknown> {
	const instance: Record<string, unknown> = { prompt: input.prompt };
	if (input.reference) instance.image = veoImage(input.reference, "first");
	if (input.lastFrame) instance.lastFrame = veoImage(input.lastFrame, "last");
	if (input.references?.length) {
		// The SDK serializes VideoGenerationReferenceType.ASSET as "ASSET"; Veo 3.1 takes asset images only.
		instance.referenceImages = input.references.map((r) => ({ image: veoImage(r, "reference"), referenceType: "ASSET" }));
	}
	const parameters: Record<string, unknown> = {
		aspectRatio: veoAspect(input),
		durationSeconds: input.duration,
		resolution: input.resolution,
	};
	if (input.negativePrompt) parameters.negativePrompt = input.negativePrompt;
	return { instances: [instance], parameters };
}

/** True for a Veo operation name ("models/veo-…/operations/…"). */
export function isVeoOperation(taskId: string): boolean {
	return /^models\/[^/]+\/operations\/./.test(taskId);
}

/** A Veo adapter speaking for a catalog entry (the legacy `veo` provider or `gemini`). */
export function createVeoAdapter(from: AdapterBase): ProviderAdapter {
	const id = from.id;
	return {
		...adapterFields(from),
		canLookup: false,

		buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
			return postJson(`${baseOf(ctx)}/models/${encodeURIComponent(input.model)}:predictLongRunning`, googKey(ctx), veoCreateBody(input));
		},

		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			const p = readAnswer(id, res, ctx, Operation, "create", googleErrors(id));
			if (!p.ok) return p;
			const r = opState(id, p.value, ctx, p.meta);
			return guardCreate(id, ctx, { ok: true, taskId: p.value.name, state: r.ok && p.value.done ? r.state : { kind: "queued" }, meta: p.meta });
		},

		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			// The operation name is a path ("models/…/operations/…"): keep its slashes.
			const path = taskId.split("/").map(encodeURIComponent).join("/");
			return getJson(`${baseOf(ctx)}/${path}`, googKey(ctx));
		},

		parsePoll(res: HttpResponse, ctx: ProviderContext): PollOutcome {
			const p = readAnswer(id, res, ctx, Operation, "poll", googleErrors(id));
			return p.ok ? opState(id, p.value, ctx, p.meta) : p;
		},
	};
}

export const veoAdapter: ProviderAdapter = createVeoAdapter(catalogBase("veo"));
