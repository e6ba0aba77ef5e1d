/**
 * DashScope's asynchronous task protocol as the simulated `wan` (legacy body) and
 * `dashscope` (current body) routes both answer it: the create path and its
 * `X-DashScope-Async: enable` requirement, `GET /api/v1/tasks/{id}` with the
 * `{request_id, output:{task_id, task_status, …}}` answer (an unknown id answers 200
 * UNKNOWN, as DashScope does), and the `{code, message, request_id}` errors with the
 * codes of Alibaba's error-code page. Only the request checks and the usage block
 * differ between the two.
 */
import { jsonRes, type Ctx, type ProviderSim, type SimRequest, type SimResponse, type TaskRec } from "../types";

export const DASHSCOPE_CREATE = "/api/v1/services/aigc/video-generation/video-synthesis";

export function dsError(x: Ctx, status: number, code: string, message: string): SimResponse {
	return jsonRes(status, { code, message: x.msg(message), request_id: x.requestId });
}

/** A 400 InvalidParameter refusal of a create. */
export function invalidParameter(x: Ctx, message: string): { ok: false; res: SimResponse } {
	return { ok: false, res: dsError(x, 400, "InvalidParameter", message) };
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

/** DashScope refuses a synchronous call to its video models: the answer when the async header is missing. */
export function syncRefused(req: SimRequest, x: Ctx): { ok: false; res: SimResponse } | undefined {
	if ((req.h["x-dashscope-async"] ?? "").toLowerCase() === "enable") return undefined;
	return { ok: false, res: dsError(x, 403, "AccessDenied", "current user api does not support synchronous calls") };
}

/** Everything of a DashScope route but its id and request checks; `usage` is what a succeeded poll reports besides the duration. */
export function dashscopeTaskRoutes(usage: Record<string, unknown>): Omit<ProviderSim, "id" | "parseCreate"> {
	return {
		auth: "bearer",

		match(method, path) {
			if (path === DASHSCOPE_CREATE && method === "POST") return { route: "create" };
			const m = /^\/api\/v1\/tasks\/([^/]+)$/.exec(path);
			if (m?.[1] && method === "GET") return { route: "poll", taskId: decodeURIComponent(m[1]) };
			return null;
		},

		unknownRoute: (x, path) => dsError(x, 404, "NotFound", `Not found: ${path}`),

		newId: (_s, x) => x.uuid(),

		created(task, x) {
			return jsonRes(200, { output: { task_id: task.id, task_status: "PENDING" }, request_id: x.requestId });
		},

		poll(task, x) {
			const body: Record<string, unknown> = { request_id: x.requestId, output: taskOutput(task, x) };
			if (x.view(task).status === "succeeded") body.usage = { duration: task.seconds, video_count: 1, ...usage };
			return jsonRes(200, body);
		},

		errors: {
			unauthorized: (x) => dsError(x, 401, "InvalidApiKey", "Invalid API-key provided."),
			// DashScope documents a tasks-in-progress limit but no code of its own for it: the sim names it.
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
}
