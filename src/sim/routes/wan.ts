/**
 * DashScope asynchronous video synthesis for Wan 2.6 (`${origin}/wan`):
 * `POST /api/v1/services/aigc/video-generation/video-synthesis` (requires
 * `X-DashScope-Async: enable`) → `{output:{task_id, task_status:"PENDING"}, request_id}`;
 * `GET /api/v1/tasks/{id}` → `output.task_status` PENDING/RUNNING/SUCCEEDED/FAILED/
 * CANCELED/UNKNOWN (an unknown id answers 200 UNKNOWN, as DashScope does).
 * Errors are `{code, message, request_id}` with the codes of Alibaba's error-code page;
 * the policy marker is rejected at create with DataInspectionFailed. Requests are checked
 * as the legacy t2v/i2v references describe them: t2v `size` from the 720P/1080P tables,
 * i2v `resolution` 720P/1080P and `img_url`, integer durations per model, `seed` in
 * [0, 2147483647], booleans for `audio` / `prompt_extend`.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { WAN_SIZES } from "../../core/providers/catalog/wan";
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";

const CREATE = "/api/v1/services/aigc/video-generation/video-synthesis";

function dsError(x: Ctx, status: number, code: string, message: string): SimResponse {
	return jsonRes(status, { code, message: x.msg(message), request_id: x.requestId });
}

/** "2026-01-01 12:00:00.000" in UTC+8, DashScope's format. */
function dsTime(ms: number): string {
	return new Date(ms + 8 * 3600_000).toISOString().replace("T", " ").replace("Z", "");
}

function taskOutput(task: TaskRec, x: Ctx): Record<string, unknown> {
	const v = x.view(task);
	const status = v.status === "queued" ? "PENDING" : v.status === "running" ? "RUNNING" : v.status === "succeeded" ? "SUCCEEDED" : "FAILED";
	const out: Record<string, unknown> = { task_id: task.id, task_status: status, submit_time: dsTime(task.createdAt) };
	if (task.startedAt !== null) out.scheduled_time = dsTime(task.startedAt);
	if (status === "SUCCEEDED" || status === "FAILED") out.end_time = dsTime(task.doneAt ?? x.now);
	if (status === "SUCCEEDED") {
		out.orig_prompt = task.prompt;
		out.video_url = x.signedUrl(task, "oss");
	}
	if (status === "FAILED") {
		out.code = "DataInspectionFailed";
		out.message = "Output data may contain inappropriate content.";
	}
	return out;
}

export const wanSim: ProviderSim = {
	id: "wan",
	auth: "bearer",

	match(method, path) {
		if (path === CREATE && method === "POST") return { route: "create" };
		const m = /^\/api\/v1\/tasks\/([^/]+)$/.exec(path);
		if (m?.[1] && method === "GET") return { route: "poll", taskId: decodeURIComponent(m[1]) };
		return null;
	},

	parseCreate(req, x) {
		if ((req.h["x-dashscope-async"] ?? "").toLowerCase() !== "enable") {
			return { ok: false, res: dsError(x, 403, "AccessDenied", "current user api does not support synchronous calls") };
		}
		const body = jsonOf(req);
		const bad = (m: string) => ({ ok: false as const, res: dsError(x, 400, "InvalidParameter", m) });
		if (body === undefined) return bad("The request body is not valid JSON.");
		const b = rec(body);
		const modelId = typeof b.model === "string" ? b.model : "";
		const spec = getProviderInfo("wan")?.models.find((m) => m.id === modelId);
		if (!spec) return { ok: false, res: dsError(x, 404, "ModelNotFound", "Model can not be found.") };
		const input = rec(b.input);
		if (typeof input.prompt !== "string" || !input.prompt) return bad("Field required: input.prompt");
		if (input.prompt.includes(x.scenario.policyMarker)) {
			return { ok: false, res: dsError(x, 400, "DataInspectionFailed", "Input data may contain inappropriate content.") };
		}
		if (input.negative_prompt !== undefined && typeof input.negative_prompt !== "string") return bad("Parameter input.negative_prompt must be a string.");
		const p = rec(b.parameters);
		const dur = p.duration ?? spec.defaultDuration;
		if (typeof dur !== "number" || !spec.durations.includes(dur)) return bad(`Parameter duration must be one of ${spec.durations.join(", ")}, got ${String(dur)}.`);
		if (p.seed !== undefined && (typeof p.seed !== "number" || !Number.isInteger(p.seed) || p.seed < 0 || p.seed > 2147483647)) {
			return bad(`Parameter seed must be an integer in [0, 2147483647], got ${String(p.seed)}.`);
		}
		for (const k of ["audio", "prompt_extend", "watermark"]) {
			if (p[k] !== undefined && typeof p[k] !== "boolean") return bad(`Parameter ${k} must be a boolean, got ${String(p[k])}.`);
		}
		let size: string;
		const i2v = /i2v/.test(spec.id);
		if (i2v) {
			if (typeof input.img_url !== "string" || !input.img_url) return bad("Field required: input.img_url");
			const r = p.resolution ?? "1080P";
			if (r !== "720P" && r !== "1080P") return bad(`Parameter resolution must be 720P or 1080P, got ${String(r)}.`);
			size = r === "1080P" ? "1920x1080" : "1280x720";
		} else {
			const allowed = Object.values(WAN_SIZES).flatMap((byAspect) => Object.values(byAspect ?? {})).map((s) => s.replace("x", "*"));
			const s = p.size ?? "1920*1080";
			if (typeof s !== "string" || !allowed.includes(s)) return bad(`Parameter size must be one of ${allowed.join(", ")}, got ${String(s)}.`);
			size = s.replace("*", "x");
		}
		const out: CreateSpec = { model: spec.id, prompt: input.prompt, seconds: dur, size, pro: false, imageUrl: typeof input.img_url === "string" ? input.img_url.slice(0, 200) : undefined };
		return { ok: true, spec: out };
	},

	unknownRoute: (x, path) => dsError(x, 404, "NotFound", `Not found: ${path}`),

	newId: (_s, x) => x.uuid(),

	created(task, x) {
		return jsonRes(200, { output: { task_id: task.id, task_status: "PENDING" }, request_id: x.requestId });
	},

	poll(task, x) {
		const body: Record<string, unknown> = { request_id: x.requestId, output: taskOutput(task, x) };
		if (x.view(task).status === "succeeded") body.usage = { duration: task.seconds, video_count: 1, SR: 720 };
		return jsonRes(200, body);
	},

	errors: {
		unauthorized: (x) => dsError(x, 401, "InvalidApiKey", "Invalid API-key provided."),
		// DashScope documents a tasks-in-progress limit but no code of its own for it.
		// DashScope documents no code for its tasks-in-progress limit; the sim names it, as the dashscope route does.
		capacity: (x) => dsError(x, 429, "Throttling", "Requests throttling triggered: too many concurrent tasks."),
		rate: (x) => dsError(x, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later."),
		quota: (x) => dsError(x, 400, "Arrearage", "Access denied, please make sure your account is in good standing."),
		server: (x, status) =>
			status === 503
				? dsError(x, 503, "ServiceUnavailable", "The service is temporarily unavailable, please try again later.")
				: dsError(x, status, "InternalError", "An internal error has occured, please try again later or contact service support."),
		// DashScope answers an unknown task id with 200 and task_status UNKNOWN.
		notFound: (x, id) => jsonRes(200, { request_id: x.requestId, output: { task_id: id, task_status: "UNKNOWN" } }),
	},
};
