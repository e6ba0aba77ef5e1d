/**
 * Gemini API long-running operations for Veo (`${origin}/veo/v1beta`):
 * `POST /models/{model}:predictLongRunning` → `{name}`; `GET /{name}` → `{name}` while
 * running, `{name, done:true, response:{generateVideoResponse:{generatedSamples:[{video:{uri}}]}}}`
 * when done; RAI-filtered results carry raiMediaFilteredCount/Reasons. The video URI
 * needs `x-goog-api-key` and redirects once to a signed URL. Errors follow Google's
 * `{error:{code, message, status, details}}`; a bad key is 400 API_KEY_INVALID, a missing
 * one 403 PERMISSION_DENIED, as the real API answers.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { jsonOf, jsonRes, rec, type CreateSpec, type ProviderSim } from "../types";
import { gError, googleErrors, googleVideoRoute, matchOperationOrFile, v1betaPath } from "./google-errors";

const RAI_REASON = "Unable to generate videos because the prompt violates Google's Responsible AI practices. You will not be charged for blocked videos.";

export const veoSim: ProviderSim = {
	id: "veo",
	...googleVideoRoute,

	match(method, path) {
		const p = v1betaPath(path);
		if (p === null) return null;
		if (/^\/models\/([^/:]+):predictLongRunning$/.test(p) && method === "POST") return { route: "create" };
		return matchOperationOrFile(method, p);
	},

	parseCreate(req, x) {
		const modelId = decodeURIComponent(/\/models\/([^/:]+):predictLongRunning$/.exec(req.u.pathname)?.[1] ?? "");
		const spec = getProviderInfo("veo")?.models.find((m) => m.id === modelId);
		const bad = (m: string) => ({ ok: false as const, res: gError(400, x.msg(m), "INVALID_ARGUMENT") });
		if (!spec)
			return {
				ok: false,
				res: gError(404, x.msg(`models/${modelId} is not found for API version v1beta, or is not supported for predictLongRunning.`), "NOT_FOUND"),
			};
		const body = jsonOf(req);
		if (body === undefined) return bad("Invalid JSON payload received.");
		const b = rec(body);
		const inst = Array.isArray(b.instances) ? rec(b.instances[0]) : {};
		if (typeof inst.prompt !== "string" || !inst.prompt) return bad("* PredictLongRunningRequest.instances[0].prompt: prompt is required");
		const params = rec(b.parameters);
		const dur = params.durationSeconds ?? 8;
		if (typeof dur !== "number" || !spec.durations.includes(dur)) {
			return bad(
				`The number value for \`durationSeconds\` is out of bound. Please provide a value between 4 and 8, inclusive (allowed: ${spec.durations.join(", ")}; got ${String(dur)}).`,
			);
		}
		const ar = params.aspectRatio ?? "16:9";
		if (ar !== "16:9" && ar !== "9:16") return bad(`Unsupported aspect ratio: ${String(ar)}. Supported: 16:9, 9:16.`);
		const res = params.resolution ?? "720p";
		if (res !== "720p" && res !== "1080p") return bad(`Unsupported resolution: ${String(res)}.`);
		if (res === "1080p" && dur !== 8) return bad("1080p resolution requires durationSeconds 8.");
		const image = rec(inst.image);
		if (inst.image !== undefined && typeof image.bytesBase64Encoded !== "string") return bad("instances[0].image.bytesBase64Encoded is required");
		const size = res === "1080p" ? (ar === "16:9" ? "1920x1080" : "1080x1920") : ar === "16:9" ? "1280x720" : "720x1280";
		const out: CreateSpec = { model: spec.id, prompt: inst.prompt, seconds: dur, size, pro: false };
		return { ok: true, spec: out };
	},

	newId(spec, x) {
		return `models/${spec.model}/operations/${x.hex(12)}`;
	},

	created(task) {
		return jsonRes(200, { name: task.id });
	},

	poll(task, x) {
		const v = x.view(task);
		if (v.status === "queued" || v.status === "running") return jsonRes(200, { name: task.id });
		const type = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse";
		if (v.status === "failed") {
			return jsonRes(200, {
				name: task.id,
				done: true,
				response: { "@type": type, generateVideoResponse: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: [RAI_REASON] } },
			});
		}
		return jsonRes(200, {
			name: task.id,
			done: true,
			response: {
				"@type": type,
				generateVideoResponse: { generatedSamples: [{ video: { uri: `${x.origin}/veo/v1beta/files/${task.fileId}:download?alt=media` } }] },
			},
		});
	},

	errors: {
		...googleErrors({
			capacity: "Too many concurrent video generation operations for this project. Wait for running operations to finish.",
			rateMetric: "generativelanguage.googleapis.com/predict_long_running_requests",
			rateQuotaId: "PredictLongRunningRequestsPerMinutePerProject",
			rateMessage:
				"Quota exceeded for quota metric 'Predict long running requests' and limit 'requests per minute' of service 'generativelanguage.googleapis.com'.",
			dayMetric: "generativelanguage.googleapis.com/predict_long_running_requests",
			dayQuotaId: "PredictLongRunningRequestsPerDayPerProject",
		}),
		notFound: (x, id) => gError(404, x.msg(`Requested entity was not found: ${id}`), "NOT_FOUND"),
	},
};
