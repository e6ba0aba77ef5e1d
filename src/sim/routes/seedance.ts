/**
 * BytePlus ModelArk (Ark) content generation for Seedance (`${origin}/seedance/api/v3`),
 * as docs.byteplus.com/en/docs/ModelArk/1520757 and the official SDK describe it:
 * `POST /contents/generations/tasks` → `{id: "cgt-…"}`; `GET /contents/generations/tasks/{id}`
 * → the task (`status` queued/running/succeeded/failed, `content.video_url`, `error`);
 * `GET /contents/generations/tasks?page_num&page_size&filter.model&filter.status` →
 * `{total, items}` newest first. Errors are `{error:{code, message, param, type}}`
 * with "Request id: …" at the end of the message, as the common error code page shows.
 *
 * Validation follows the docs: model id (a shut-down id answers 404
 * InvalidEndpointOrModel.NotFound), content roles, the first/last frame vs reference
 * image rule, resolution, ratio, duration (4–15 or −1 for the 2.0 family), seed range.
 * The policy marker fails the task with OutputVideoSensitiveContentDetected.
 * The code for an unknown task id is not documented; the sim answers 404 ResourceNotFound.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { aspectOf, resolutionOf, sizeOf } from "../../core/providers/geometry";
import type { Aspect, Resolution } from "../../core/providers/types";
import { jsonOf, jsonRes, rec, secs, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";

const TASKS = "/api/v3/contents/generations/tasks";
const RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "adaptive"];
const ROLES = ["first_frame", "last_frame", "reference_image"];

function arkError(x: Ctx, status: number, code: string, type: string, message: string, param = ""): SimResponse {
	return jsonRes(status, { error: { code, message: x.msg(`${message} Request id: ${x.requestId}`), param, type } });
}

function invalid(x: Ctx, param: string, why: string): { ok: false; res: SimResponse } {
	return {
		ok: false,
		res: arkError(x, 400, "InvalidParameter", "BadRequest", `The parameter \`${param}\` specified in the request is not valid: ${why}.`, param),
	};
}

/** "20260101123456" (UTC), the middle part of Ark task ids. */
function stamp(ms: number): string {
	return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function taskBody(task: TaskRec, x: Ctx): Record<string, unknown> {
	const v = x.view(task);
	const resolution = resolutionOf(task.size) ?? "720p";
	const body: Record<string, unknown> = {
		id: task.id,
		model: task.model,
		status: v.status,
		error: null,
		created_at: secs(task.createdAt),
		updated_at: secs(v.status === "succeeded" || v.status === "failed" ? (task.doneAt ?? x.now) : (task.startedAt ?? task.createdAt)),
		seed: 12345,
		resolution,
		ratio: aspectOf(task.size) ?? "16:9",
		duration: task.seconds,
		framespersecond: 24,
		generate_audio: true,
		draft: false,
		service_tier: "default",
		execution_expires_after: 172800,
	};
	if (v.status === "succeeded") {
		const [w, h] = task.size.split("x").map(Number);
		const tokens = Math.round(((w ?? 1280) * (h ?? 720) * 24 * task.seconds) / 1024);
		body.content = { video_url: x.signedUrl(task) };
		body.usage = { completion_tokens: tokens, total_tokens: tokens };
	}
	if (v.status === "failed") {
		body.error = { code: "OutputVideoSensitiveContentDetected", message: "The request failed because the output video may contain sensitive information." };
	}
	return body;
}

export const seedanceSim: ProviderSim = {
	id: "seedance",
	auth: "bearer",

	match(method, path) {
		if (path === TASKS && method === "POST") return { route: "create" };
		if (path === TASKS && method === "GET") return { route: "list" };
		const m = /^\/api\/v3\/contents\/generations\/tasks\/([^/]+)$/.exec(path);
		if (m?.[1] && method === "GET") return { route: "poll", taskId: decodeURIComponent(m[1]) };
		return null;
	},

	parseCreate(req, x) {
		const body = jsonOf(req);
		if (body === undefined) return invalid(x, "body", "the request body is not valid JSON");
		const b = rec(body);
		const modelId = typeof b.model === "string" ? b.model : "";
		if (!modelId)
			return {
				ok: false,
				res: arkError(
					x,
					400,
					"MissingParameter",
					"BadRequest",
					"The request failed because it is missing one or multiple required parameters: model.",
					"model",
				),
			};
		const spec = getProviderInfo("seedance")?.models.find((m) => m.id === modelId && m.lifecycle.status !== "retired");
		if (!spec) {
			return {
				ok: false,
				res: arkError(
					x,
					404,
					"InvalidEndpointOrModel.NotFound",
					"NotFound",
					`The model or endpoint ${modelId} does not exist or you do not have access to it.`,
				),
			};
		}
		if (!Array.isArray(b.content) || b.content.length === 0) return invalid(x, "content", "content must be a non-empty list");
		let prompt = "";
		const roles: string[] = [];
		let imageUrl: string | undefined;
		for (const raw of b.content as unknown[]) {
			const item = rec(raw);
			if (item.type === "text") {
				if (typeof item.text !== "string") return invalid(x, "content.text", "text must be a string");
				prompt += item.text;
			} else if (item.type === "image_url") {
				const url = rec(item.image_url).url;
				if (typeof url !== "string" || !/^(https?:\/\/|data:image\/[a-z]+;base64,)/i.test(url))
					return invalid(x, "content.image_url.url", "an image must be a URL or a Base64 data URI");
				const role = item.role ?? "first_frame";
				if (typeof role !== "string" || !ROLES.includes(role)) return invalid(x, "content.role", `unsupported role ${String(role)}`);
				roles.push(role);
				imageUrl ??= url.slice(0, 200);
			} else {
				return invalid(x, "content.type", `unsupported type ${String(item.type)}`);
			}
		}
		const frames = roles.filter((r) => r !== "reference_image").length;
		const refs = roles.length - frames;
		if (frames > 0 && refs > 0) return invalid(x, "content", "first/last frame content cannot be mixed with reference media content");
		if (roles.includes("last_frame") && !roles.includes("first_frame")) return invalid(x, "content", "a last_frame needs a first_frame");
		if (roles.filter((r) => r === "first_frame").length > 1 || roles.filter((r) => r === "last_frame").length > 1)
			return invalid(x, "content", "at most one first_frame and one last_frame");
		if (refs > spec.caps.maxReferences) return invalid(x, "content", `at most ${spec.caps.maxReferences} reference images, got ${refs}`);
		if (!prompt && roles.length === 0) return invalid(x, "content", "a text prompt or an image is required");
		const res = b.resolution ?? spec.caps.resolutions[0];
		if (typeof res !== "string" || !spec.caps.resolutions.includes(res as Resolution))
			return invalid(x, "resolution", `${String(res)} is not supported by ${spec.id} (${spec.caps.resolutions.join(", ")})`);
		const ratio = b.ratio ?? "16:9";
		if (typeof ratio !== "string" || !RATIOS.includes(ratio)) return invalid(x, "ratio", `${String(ratio)} is not one of ${RATIOS.join(", ")}`);
		const dur = b.duration ?? spec.defaultDuration;
		if (typeof dur !== "number" || !Number.isInteger(dur) || (dur !== -1 && !spec.durations.includes(dur))) {
			return invalid(x, "duration", `${String(dur)} is out of range [${spec.durations[0]}, ${spec.durations.at(-1)}] (or -1)`);
		}
		const seed = b.seed;
		if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed) || seed < -1 || seed > 4294967295))
			return invalid(x, "seed", `${String(seed)} is out of range [-1, 4294967295]`);
		for (const k of ["generate_audio", "watermark"]) if (b[k] !== undefined && typeof b[k] !== "boolean") return invalid(x, k, "must be a boolean");
		const aspect: Aspect = ratio === "adaptive" ? "16:9" : (ratio as Aspect);
		const out: CreateSpec = {
			model: spec.id,
			prompt,
			seconds: dur === -1 ? spec.defaultDuration : dur,
			size: sizeOf(res as Resolution, aspect),
			pro: false,
			imageUrl,
		};
		return { ok: true, spec: out };
	},

	unknownRoute: (x, path) => arkError(x, 404, "NotFound", "NotFound", `The requested path ${path} was not found.`),

	newId: (_s, x) => `cgt-${stamp(x.now)}-${x.hex(5)}`,

	created(task) {
		return jsonRes(200, { id: task.id });
	},

	poll(task, x) {
		return jsonRes(200, taskBody(task, x));
	},

	list(tasks, x, req) {
		const q = req.u.searchParams;
		const num = Number(q.get("page_num") ?? 1);
		const size = Number(q.get("page_size") ?? 10);
		if (!Number.isInteger(num) || num < 1 || num > 500) return invalid(x, "page_num", `${String(q.get("page_num"))} is out of range [1, 500]`).res;
		if (!Number.isInteger(size) || size < 1 || size > 500) return invalid(x, "page_size", `${String(q.get("page_size"))} is out of range [1, 500]`).res;
		const model = q.get("filter.model");
		const status = q.get("filter.status");
		const ids = q.getAll("filter.task_ids");
		const bodies = tasks
			.filter((t) => !model || t.model === model)
			.filter((t) => ids.length === 0 || ids.includes(t.id))
			.map((t) => taskBody(t, x))
			.filter((t) => !status || t.status === status);
		return jsonRes(200, { total: bodies.length, items: bodies.slice((num - 1) * size, num * size) });
	},

	errors: {
		unauthorized: (x) => arkError(x, 401, "AuthenticationError", "Unauthorized", "The API key or AK/SK in the request is missing or invalid."),
		capacity: (x) =>
			arkError(x, 429, "ServerOverloaded", "TooManyRequests", "The service is currently unable to handle additional requests due to server overload."),
		rate: (x) =>
			arkError(
				x,
				429,
				"RateLimitExceeded.EndpointRPMExceeded",
				"TooManyRequests",
				"The Requests Per Minute (RPM) limit of the associated endpoint for your account has been exceeded.",
			),
		quota: (x) => arkError(x, 403, "AccountOverdueError", "Forbidden", "The request failed because your account has an overdue balance."),
		server: (x, status) => arkError(x, status, "InternalServiceError", "InternalServerError", "The service encountered an unexpected internal error."),
		notFound: (x, id) => arkError(x, 404, "ResourceNotFound", "NotFound", `The specified task ${id} is not found.`),
	},
};
