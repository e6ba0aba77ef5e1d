/**
 * Gemini API video for the `gemini` provider, under the same prefix as the keyframe
 * image endpoint (`${origin}/gemini/v1beta`; `…:generateContent` stays with sim/gemini.ts).
 *
 * Gemini Omni (Interactions API, https://ai.google.dev/gemini-api/docs/omni and the
 * official js-genai interaction types, read 2026-12-03):
 *   POST /v1beta/interactions {model, input, response_modalities:["video"], background,
 *        response_format:{type:"video", aspect_ratio, resolution, duration:"8s", delivery}}
 *     → {id, object:"interaction", model, status:"in_progress"}
 *   GET  /v1beta/interactions/{id} → status "in_progress" | "queued", then "completed" with
 *        steps [user_input, model_output {content:[{type:"video", mime_type, data | uri}]}].
 *   The video comes inline (base64) unless the request asked `delivery:"uri"`; then it is a
 *   Files API URL that needs the key and redirects once to a signed URL, as Veo's did.
 *   Checked as documented or reported: model live in the catalog, aspect 16:9/9:16,
 *   resolution 360p/720p/1080p/4k, duration "<n>s" within 3–10 s ("minimum allowed 3s" /
 *   "maximum allowed 10s"), images inline with an image MIME type.
 *   The policy marker ends the interaction "failed" with a model_output `error` (the shape
 *   of a blocked generation is not documented; this one follows the SDK's Step type).
 *
 * Veo (predictLongRunning): every Veo 3.1 id of the catalog is retired on the Gemini API,
 * so it and any unknown model get Google's 404 NOT_FOUND "models/x is not found for API
 * version v1beta, or is not supported for predictLongRunning." `veoParamError` keeps the
 * documented Veo rules (1080p and 4K need 8 s; reference images need 8 s and no first or
 * last frame) for a Veo id that is live again.
 *
 * Errors: the Interactions API answers `{error:{code:"invalid_request" | "not_found" | …,
 * message}}` (https://ai.google.dev/gemini-api/docs/troubleshooting, Interactions API
 * shape); key, quota and server errors keep Google's `{error:{code, message, status,
 * details}}` as in routes/veo.ts, and so does everything on the Veo routes.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { sizeOf } from "../../core/providers/geometry";
import type { Aspect, Resolution } from "../../core/providers/types";
import { toBase64 } from "../../core/values";
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";
import { gError, googleErrors, googleVideoRoute, matchOperationOrFile, v1betaPath } from "./google-errors";

/** The Interactions API error body (string code). */
function iError(status: number, code: string, message: string): SimResponse {
	return jsonRes(status, { error: { code, message } });
}

function liveModel(id: string): boolean {
	const m = getProviderInfo("gemini")?.models.find((s) => s.id === id);
	return m !== undefined && m.lifecycle.status !== "retired";
}

function notFoundModel(x: Ctx, model: string, method: string): SimResponse {
	return gError(
		404,
		x.msg(
			`models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
		),
		"NOT_FOUND",
	);
}

const RESOLUTIONS = ["360p", "720p", "1080p", "4k"];

/** The documented Veo 3.1 request rules; a message for the first broken one. */
export function veoParamError(instance: Record<string, unknown>, params: Record<string, unknown>): string | undefined {
	const dur = params.durationSeconds ?? 8;
	if (dur !== 4 && dur !== 6 && dur !== 8)
		return `The number value for \`durationSeconds\` is out of bound. Please provide a value between 4 and 8, inclusive (got ${String(dur)}).`;
	const ar = params.aspectRatio ?? "16:9";
	if (ar !== "16:9" && ar !== "9:16") return `Unsupported aspect ratio: ${String(ar)}. Supported: 16:9, 9:16.`;
	const res = params.resolution ?? "720p";
	if (res !== "720p" && res !== "1080p" && res !== "4k") return `Unsupported resolution: ${String(res)}.`;
	if ((res === "1080p" || res === "4k") && dur !== 8) return `${res} resolution requires durationSeconds 8 (got ${String(dur)}).`;
	const refs = Array.isArray(instance.referenceImages) ? instance.referenceImages : [];
	if (refs.length > 3) return "At most 3 reference images are supported.";
	if (refs.length && (instance.image !== undefined || instance.lastFrame !== undefined)) return "referenceImages cannot be combined with image or lastFrame.";
	if (refs.length && dur !== 8) return `Reference images require durationSeconds 8 (got ${String(dur)}).`;
	if (instance.lastFrame !== undefined && instance.image === undefined) return "lastFrame is only supported together with image.";
	return undefined;
}

/** Checks an Interactions input: a prompt string, or content blocks with text and inline images. */
function inputError(input: unknown): { prompt: string } | { error: string } {
	if (typeof input === "string") return input.trim() ? { prompt: input } : { error: "* CreateInteractionRequest.input: input is required" };
	if (!Array.isArray(input) || input.length === 0) return { error: "* CreateInteractionRequest.input: input is required" };
	const texts: string[] = [];
	for (const c of input) {
		const b = rec(c);
		if (b.type === "text" && typeof b.text === "string") texts.push(b.text);
		else if (b.type === "image") {
			if (typeof b.data !== "string" || !/^image\/(png|jpeg|webp|heic|heif)$/.test(String(b.mime_type)))
				return { error: "Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting" };
		} else return { error: `* CreateInteractionRequest.input: unsupported content type ${String(b.type)}` };
	}
	return texts.length ? { prompt: texts.join(" ") } : { error: "* CreateInteractionRequest.input: a text part is required" };
}

function parseOmni(b: Record<string, unknown>, x: Ctx): { ok: true; spec: CreateSpec } | { ok: false; res: SimResponse } {
	const bad = (m: string) => ({ ok: false as const, res: iError(400, "invalid_request", x.msg(m)) });
	const model = typeof b.model === "string" ? b.model : "";
	if (!liveModel(model) || /^veo-/i.test(model)) {
		return {
			ok: false,
			res: iError(404, "not_found", x.msg(`models/${model} is not found for API version v1beta, or is not supported for interactions.`)),
		};
	}
	const inp = inputError(b.input);
	if ("error" in inp) return bad(inp.error);
	const modalities = Array.isArray(b.response_modalities) ? b.response_modalities : [];
	if (!modalities.includes("video")) return bad("response_modalities must include VIDEO for this model.");
	const f = rec(b.response_format);
	if (b.response_format !== undefined && f.type !== "video") return bad(`response_format.type must be "video" for this model (got ${String(f.type)}).`);
	const ar = f.aspect_ratio ?? "16:9";
	if (ar !== "16:9" && ar !== "9:16") return bad(`response_format.aspect_ratio: unsupported value ${String(ar)}; supported: 16:9, 9:16.`);
	const res = f.resolution ?? "720p";
	if (typeof res !== "string" || !RESOLUTIONS.includes(res))
		return bad(`response_format.resolution: unsupported value ${String(res)}; supported: ${RESOLUTIONS.join(", ")}.`);
	const dm = /^(\d+(?:\.\d+)?)s$/.exec(typeof f.duration === "string" ? f.duration : f.duration === undefined ? "10s" : "");
	if (!dm) return bad(`response_format.duration: invalid duration ${JSON.stringify(f.duration)}; use seconds such as "8s".`);
	const seconds = Number(dm[1]);
	if (seconds < 3) return bad(`response_format.duration ${String(f.duration)}: minimum allowed 3s.`);
	if (seconds > 10) return bad(`response_format.duration ${String(f.duration)}: maximum allowed 10s.`);
	const delivery = f.delivery ?? "inline";
	if (delivery !== "inline" && delivery !== "uri") return bad(`response_format.delivery: unsupported value ${String(delivery)}.`);
	const size = sizeOf((res === "360p" ? "480p" : res) as Resolution, ar as Aspect);
	return { ok: true, spec: { model, prompt: inp.prompt, seconds, size, pro: false, flavor: delivery } };
}

function interactionView(task: TaskRec, x: Ctx): Record<string, unknown> {
	return { id: task.id, object: "interaction", model: task.model, created: new Date(task.createdAt).toISOString(), updated: new Date(x.now).toISOString() };
}

export const geminiVideoSim: ProviderSim = {
	id: "gemini",
	...googleVideoRoute,

	match(method, path) {
		const p = v1betaPath(path);
		if (p === null) return null;
		if (p === "/interactions" && method === "POST") return { route: "create" };
		if (/^\/models\/[^/:]+:predictLongRunning$/.test(p) && method === "POST") return { route: "create" };
		const it = /^\/interactions\/([^/]+)$/.exec(p);
		if (it?.[1] && method === "GET") return { route: "poll", taskId: decodeURIComponent(it[1]) };
		return matchOperationOrFile(method, p);
	},

	parseCreate(req, x) {
		const body = jsonOf(req);
		const veo = /\/models\/([^/:]+):predictLongRunning$/.exec(req.u.pathname);
		if (veo) {
			// No Veo id is live on the Gemini API (see the header): the model check answers first.
			const model = decodeURIComponent(veo[1] ?? "");
			if (!liveModel(model)) return { ok: false, res: notFoundModel(x, model, "predictLongRunning") };
			const b = rec(body);
			const inst = Array.isArray(b.instances) ? rec(b.instances[0]) : {};
			const err = veoParamError(inst, rec(b.parameters));
			if (err) return { ok: false, res: gError(400, x.msg(err), "INVALID_ARGUMENT") };
			return { ok: false, res: gError(501, x.msg("The simulator serves no live Veo model."), "UNIMPLEMENTED") };
		}
		if (body === undefined) return { ok: false, res: iError(400, "invalid_request", x.msg("Invalid JSON payload received.")) };
		return parseOmni(rec(body), x);
	},

	newId(_spec, x) {
		return `v1_${x.hex(24)}`;
	},

	created(task, x) {
		return jsonRes(200, { ...interactionView(task, x), status: "in_progress" });
	},

	poll(task, x) {
		const v = x.view(task);
		if (v.status === "queued" || v.status === "running")
			return jsonRes(200, { ...interactionView(task, x), status: v.status === "queued" ? "queued" : "in_progress" });
		const input = { type: "user_input", content: [{ type: "text", text: task.prompt }] };
		if (v.status === "failed") {
			const error = {
				code: 400,
				message: x.msg("The request was blocked because the prompt violates Google's safety policies (prohibited content). You were not charged."),
			};
			return jsonRes(200, { ...interactionView(task, x), status: "failed", steps: [input, { type: "model_output", error }] });
		}
		const video: Record<string, unknown> = { type: "video", mime_type: "video/mp4" };
		if (task.flavor === "uri") video.uri = `${x.origin}/gemini/v1beta/files/${task.fileId}:download?alt=media`;
		else video.data = toBase64(x.clip(task));
		return jsonRes(200, {
			...interactionView(task, x),
			status: "completed",
			steps: [input, { type: "model_output", content: [video] }],
			usage: {
				total_output_tokens: Math.round(task.seconds * 5792),
				output_tokens_by_modality: [{ modality: "video", tokens: Math.round(task.seconds * 5792) }],
			},
		});
	},

	unknownRoute(x, path) {
		return iError(404, "not_found", x.msg(`Method not found: ${path}`));
	},

	errors: {
		...googleErrors({
			capacity: "Too many concurrent video generations for this project. Wait for running interactions to finish.",
			rateMetric: "generativelanguage.googleapis.com/generate_requests_per_model",
			rateQuotaId: "GenerateRequestsPerMinutePerProjectPerModel",
			rateMessage: "Resource has been exhausted (e.g. check quota). Quota exceeded for requests per minute per model.",
			dayMetric: "generativelanguage.googleapis.com/generate_requests_per_model_per_day",
			dayQuotaId: "GenerateRequestsPerDayPerProjectPerModel",
		}),
		notFound: (x, id) =>
			id.startsWith("models/")
				? gError(404, x.msg(`Requested entity was not found: ${id}`), "NOT_FOUND")
				: iError(404, "not_found", x.msg(`Interaction not found: ${id}`)),
	},
};
