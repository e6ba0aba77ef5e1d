/**
 * Alibaba Model Studio (DashScope) on the current video protocol (`${origin}/dashscope`):
 * `POST /api/v1/services/aigc/video-generation/video-synthesis` (needs
 * `X-DashScope-Async: enable`) with `input.media[]` and `parameters.resolution` →
 * `{output:{task_id, task_status:"PENDING"}, request_id}`; `GET /api/v1/tasks/{id}` →
 * PENDING/RUNNING/SUCCEEDED/FAILED (an unknown id answers 200 UNKNOWN, as DashScope does).
 * Errors are `{code, message, request_id}`.
 *
 * Validation follows the catalog and the docs: model id ("Model not exist."), media
 * types per model family (t2v takes none, i2v one first_frame (+ last_frame on Wan),
 * r2v 1–n reference_image, Wan 3.0 frames or references), resolution tier, ratio,
 * duration, seed. The policy marker is rejected at create with DataInspectionFailed.
 * DashScope documents no concurrency rejection for video tasks (extra tasks wait as
 * PENDING); the sim's capacity answer is a 429 `Throttling` naming concurrency.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { sizeOf } from "../../core/providers/geometry";
import type { Aspect, Resolution } from "../../core/providers/types";
import { jsonOf, rec, type CreateSpec, type ProviderSim } from "../types";
import { dashscopeTaskRoutes, dsError, invalidParameter as bad, syncRefused } from "./dashscope-task";

const RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4"];

/** Which media a model takes: a message when `types` do not fit, else undefined. */
function mediaProblem(model: string, types: string[], maxRefs: number, lastFrame: boolean): string | undefined {
	const n = (t: string) => types.filter((x) => x === t).length;
	const frames = n("first_frame") + n("last_frame");
	const refs = n("reference_image");
	if (types.some((t) => !["first_frame", "last_frame", "reference_image"].includes(t))) return `Unsupported media type for ${model}.`;
	if (n("first_frame") > 1 || n("last_frame") > 1) return "At most one first_frame and one last_frame.";
	if (n("last_frame") > 0 && !lastFrame) return `${model} does not accept a last_frame.`;
	if (n("last_frame") > 0 && n("first_frame") === 0) return "A last_frame needs a first_frame.";
	if (/t2v$/.test(model) && types.length > 0) return `${model} takes no media.`;
	if (/i2v$/.test(model) && n("first_frame") !== 1) return `${model} needs exactly one first_frame.`;
	if (/i2v$/.test(model) && refs > 0) return `${model} takes no reference_image.`;
	if (/r2v$/.test(model) && (refs < 1 || frames > 0)) return `${model} needs 1 to ${maxRefs} reference_image and no frames.`;
	if (frames > 0 && refs > 0) return "first_frame/last_frame cannot be combined with reference_image.";
	if (refs > maxRefs) return `At most ${maxRefs} reference_image, got ${refs}.`;
	return undefined;
}

export const dashscopeSim: ProviderSim = {
	id: "dashscope",
	...dashscopeTaskRoutes({}),

	parseCreate(req, x) {
		const refused = syncRefused(req, x);
		if (refused) return refused;
		const body = jsonOf(req);
		if (body === undefined) return bad(x, "The request body is not valid JSON.");
		const b = rec(body);
		const modelId = typeof b.model === "string" ? b.model : "";
		const spec = getProviderInfo("dashscope")?.models.find((m) => m.id === modelId);
		if (!spec) return bad(x, "Model not exist.");
		const input = rec(b.input);
		const prompt = typeof input.prompt === "string" ? input.prompt : "";
		if (!prompt && !/i2v$/.test(spec.id)) return bad(x, "Field required: input.prompt");
		if (prompt.includes(x.scenario.policyMarker))
			return { ok: false, res: dsError(x, 400, "DataInspectionFailed", "Input data may contain inappropriate content.") };
		const media = Array.isArray(input.media) ? (input.media as unknown[]).map(rec) : [];
		if (input.media !== undefined && !Array.isArray(input.media)) return bad(x, "input.media must be a list.");
		for (const m of media) if (typeof m.url !== "string" || !/^(https?|oss):\/\//.test(m.url)) return bad(x, "url error, please check url!");
		const problem = mediaProblem(
			spec.id,
			media.map((m) => String(m.type)),
			spec.caps.maxReferences,
			spec.caps.lastFrame,
		);
		if (problem) return bad(x, problem);
		const p = rec(b.parameters);
		const res = p.resolution ?? "1080P";
		const tier = typeof res === "string" ? (res.toLowerCase() as Resolution) : undefined;
		if (!tier || !spec.caps.resolutions.includes(tier))
			return bad(x, `Parameter resolution must be one of ${spec.caps.resolutions.map((r) => r.toUpperCase()).join(", ")}, got ${String(res)}.`);
		const ratio = p.ratio ?? "16:9";
		if (typeof ratio !== "string" || !RATIOS.includes(ratio)) return bad(x, `Parameter ratio must be one of ${RATIOS.join(", ")}, got ${String(ratio)}.`);
		const dur = p.duration ?? spec.defaultDuration;
		if (typeof dur !== "number" || !spec.durations.includes(dur)) {
			return bad(x, `Parameter duration must be an integer from ${spec.durations[0]} to ${spec.durations.at(-1)}, got ${String(dur)}.`);
		}
		const seed = p.seed;
		if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 2147483647))
			return bad(x, `Parameter seed must be in [0, 2147483647], got ${String(seed)}.`);
		for (const k of ["prompt_extend", "watermark"]) if (p[k] !== undefined && typeof p[k] !== "boolean") return bad(x, `Parameter ${k} must be a boolean.`);
		const first = media.find((m) => m.type === "first_frame" || m.type === "reference_image");
		const out: CreateSpec = {
			model: spec.id,
			prompt,
			seconds: dur,
			size: sizeOf(tier, ratio as Aspect),
			pro: false,
			imageUrl: typeof first?.url === "string" ? first.url.slice(0, 200) : undefined,
		};
		return { ok: true, spec: out };
	},
};
