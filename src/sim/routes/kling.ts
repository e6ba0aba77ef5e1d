/**
 * Kling AI (`${origin}/kling`), the legacy /v1 API as documented at
 * app.klingai.com/global/dev/document-api (read 2026-12-03):
 *
 * - Auth: `Authorization: Bearer <JWT>` (HS256, `iss` = access key, signed with the
 *   secret key, `nbf`/`exp` checked against the simulator's clock) or, since
 *   2026-06-17, a plain API key. Refusals: 401 with code 1001 (empty), 1002
 *   (invalid), 1003 (not yet valid), 1004 (expired).
 * - `POST /v1/videos/{text2video|image2video|omni-video}` →
 *   `{code:0, message:"SUCCEED", request_id, data:{task_id, task_status:"submitted", task_info:{external_task_id}, created_at, updated_at}}`.
 * - `GET /v1/videos/{endpoint}/{task_id}` → the task (`submitted|processing|succeed|failed`,
 *   `task_status_msg`, `task_result.videos[].url`); `GET /v1/videos/{endpoint}?pageNum&pageSize`
 *   → `data: [task…]`, newest first, the caller's tasks only.
 * - Errors are `{code, message, request_id}` with the documented HTTP status: 1201 bad
 *   parameter (400), 1203 unknown model or task (404), 1102 resource pack used up (429),
 *   1302 rate (429), 1303 concurrency (429), 5000/5001/5002 (500/503/504).
 *
 * A task's `flavor` holds `<endpoint> <external_task_id>`.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { sizeOf } from "../../core/providers/geometry";
import { decodeJwt, verifyHs256 } from "../../core/providers/jwt";
import type { Aspect, ModelSpec } from "../../core/providers/types";
import { simImages } from "../images";
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimRequest, type SimResponse, type TaskRec } from "../types";

const PATH = /^\/v1\/videos\/(text2video|image2video|omni-video)(?:\/([^/]+))?\/?$/;
const RATIOS = ["16:9", "9:16", "1:1"];

function kError(x: Ctx, status: number, code: number, message: string): SimResponse {
	return jsonRes(status, { code, message: x.msg(message), request_id: x.requestId });
}

function bearer(req: SimRequest): string | undefined {
	return /^Bearer\s+(.+)$/i.exec(req.h.authorization ?? "")?.[1]?.trim();
}

function endpointOf(req: SimRequest): string {
	return PATH.exec(req.u.pathname.replace(/^\/kling/, ""))?.[1] ?? "";
}

function flavorOf(task: TaskRec): { endpoint: string; external: string } {
	const [endpoint = "", external = ""] = (task.flavor ?? "").split(" ");
	return { endpoint, external };
}

const STATUS = { queued: "submitted", running: "processing", succeeded: "succeed", failed: "failed" } as const;

function taskData(task: TaskRec, x: Ctx): Record<string, unknown> {
	const v = x.view(task);
	const { external } = flavorOf(task);
	const done = v.status === "succeeded" || v.status === "failed";
	return {
		task_id: task.id,
		task_status: STATUS[v.status],
		task_status_msg: v.status === "failed" ? "Task failed: the content triggered the platform's risk control" : "",
		task_info: external ? { external_task_id: external } : {},
		task_result:
			v.status === "succeeded"
				? { videos: [{ id: `v${task.fileId.slice(0, 12)}`, url: x.signedUrl(task), watermark_url: "", duration: String(task.seconds) }] }
				: undefined,
		watermark_info: { enabled: false },
		final_unit_deduction: done ? String(task.seconds * (task.pro ? 0.8 : 0.6)) : undefined,
		created_at: task.createdAt,
		updated_at: done ? (task.doneAt ?? x.now) : task.createdAt,
	};
}

/** A URL, or raw Base64 (a `data:` prefix is refused, as the docs say). */
function imageOk(v: unknown): boolean {
	return typeof v === "string" && (/^https?:\/\/\S+$/i.test(v) || /^[A-Za-z0-9+/]+={0,2}$/.test(v));
}

type Check = { ok: true; spec: CreateSpec } | { ok: false; res: SimResponse };

function checkCreate(req: SimRequest, x: Ctx): Check {
	const bad = (m: string): Check => ({ ok: false, res: kError(x, 400, 1201, `Invalid parameters: ${m}`) });
	const endpoint = endpointOf(req);
	const body = jsonOf(req);
	if (body === undefined) return { ok: false, res: kError(x, 400, 1200, "Invalid request parameters: the body is not valid JSON") };
	const b = rec(body);
	const modelId = typeof b.model_name === "string" ? b.model_name : "kling-v1";
	const spec: ModelSpec | undefined = getProviderInfo("kling")?.models.find((m) => m.id === modelId);
	if (!spec) return { ok: false, res: kError(x, 404, 1203, `The requested model does not exist: ${modelId}`) };
	if ((endpoint === "omni-video") !== /omni/.test(spec.id)) return bad(`model_name ${spec.id} cannot be used with ${endpoint}`);
	const mode = b.mode ?? (endpoint === "omni-video" ? "pro" : "std");
	if (mode !== "std" && mode !== "pro") return bad(`mode must be std or pro, got ${String(mode)}`);
	const dur = b.duration ?? "5";
	const allowed = (mode === "pro" ? spec.proDurations : spec.durations) ?? [];
	if (typeof dur !== "string" || !/^\d+$/.test(dur) || !allowed.includes(Number(dur))) {
		return bad(`duration ${String(dur)} is not supported by ${spec.id} in ${mode} mode (allowed: ${allowed.join(", ")})`);
	}
	if (typeof b.prompt !== "string" || !b.prompt.trim()) return bad("prompt must not be empty");
	if (b.prompt.length > 2500 || (typeof b.negative_prompt === "string" && b.negative_prompt.length > 2500))
		return bad("prompt cannot exceed 2500 characters");
	const sound = b.sound ?? "off";
	if (sound !== "on" && sound !== "off") return bad(`sound must be on or off, got ${String(sound)}`);
	if (sound === "on" && !spec.caps.audio) return bad(`sound is not supported by ${spec.id}`);
	if (sound === "on" && spec.id === "kling-v2-6" && mode !== "pro") return bad("sound on needs mode pro for kling-v2-6");
	const external = b.external_task_id;
	if (external !== undefined && (typeof external !== "string" || /\s/.test(external))) return bad("external_task_id must be a string");
	if (external && x.tasksOf("kling").some((t) => t.key === (x.credential ?? "") && flavorOf(t).external === external)) {
		return bad(`external_task_id ${external} already exists`);
	}
	let aspect: string | undefined;
	let first: unknown;
	if (endpoint === "text2video") {
		aspect = typeof b.aspect_ratio === "string" ? b.aspect_ratio : "16:9";
	} else if (endpoint === "image2video") {
		if (b.image === undefined && b.image_tail === undefined) return bad("at least one of image and image_tail is required");
		for (const k of ["image", "image_tail"] as const)
			if (b[k] !== undefined && !imageOk(b[k])) return bad(`${k} must be a URL or raw Base64 (no data: prefix)`);
		if (b.image_tail !== undefined && spec.id.startsWith("kling-v2") && mode !== "pro") return bad(`image_tail needs mode pro for ${spec.id}`);
		if (b.image_tail !== undefined && spec.id === "kling-v2-6" && sound === "on") return bad("image_tail cannot be combined with sound on for kling-v2-6");
		first = b.image ?? b.image_tail;
	} else {
		const list = b.image_list ?? [];
		if (!Array.isArray(list) || list.length > 7) return bad("image_list takes at most 7 images");
		const types = list.map((i) => rec(i).type);
		for (const i of list) if (!imageOk(rec(i).image_url)) return bad("image_list[].image_url must be a URL or raw Base64 (no data: prefix)");
		if (types.some((t) => t !== undefined && t !== "first_frame" && t !== "end_frame")) return bad("image_list[].type must be first_frame or end_frame");
		if (types.includes("end_frame") && !types.includes("first_frame")) return bad("an end_frame needs a first_frame");
		const firstFrame = list.find((i) => rec(i).type === "first_frame");
		if (firstFrame === undefined) {
			if (typeof b.aspect_ratio !== "string") return bad("aspect_ratio is required without a first frame");
			aspect = b.aspect_ratio;
		}
		first = firstFrame === undefined ? rec(list[0]).image_url : rec(firstFrame).image_url;
	}
	if (aspect !== undefined && !RATIOS.includes(aspect)) return bad(`aspect_ratio must be one of ${RATIOS.join(", ")}, got ${aspect}`);
	const size = sizeOf(mode === "pro" ? "1080p" : "720p", (aspect ?? "16:9") as Aspect);
	const imageUrl = typeof first === "string" ? first.slice(0, 200) : undefined;
	const listed = (Array.isArray(b.image_list) ? (b.image_list as unknown[]) : []).map((i) => {
		const t = rec(i).type;
		return [t === "first_frame" ? "first" : t === "end_frame" ? "last" : "reference", rec(i).image_url] as const;
	});
	const images = simImages(
		endpoint === "image2video"
			? [
					["first", b.image],
					["last", b.image_tail],
				]
			: listed,
	);
	return {
		ok: true,
		spec: {
			model: spec.id,
			prompt: b.prompt,
			seconds: Number(dur),
			size,
			pro: mode === "pro",
			flavor: `${endpoint} ${external ?? ""}`,
			imageUrl,
			...(images ? { images } : {}),
		},
	};
}

export const klingSim: ProviderSim = {
	id: "kling",
	auth: "bearer",

	match(method, path) {
		const m = PATH.exec(path);
		if (!m) return null;
		if (m[2] === undefined) return method === "POST" ? { route: "create" } : method === "GET" ? { route: "list" } : null;
		return method === "GET" ? { route: "poll", taskId: decodeURIComponent(m[2]) } : null;
	},

	// Capacity is per account: a JWT stands for its issuer, a plain API key for itself.
	credential(req) {
		const token = bearer(req);
		if (!token) return undefined;
		const iss = decodeJwt(token)?.payload.iss;
		return typeof iss === "string" ? iss : token;
	},

	verify(req, x, keys) {
		const skew = (keys.clockSkewMs ?? 0) / 1000;
		const token = bearer(req);
		if (!token) return kError(x, 401, 1001, "Authorization is empty");
		const invalid = () => kError(x, 401, 1002, "Authorization is invalid");
		const jwt = decodeJwt(token);
		if (!jwt) return keys.apiKey === undefined || token === keys.apiKey ? undefined : invalid();
		const { iss, exp, nbf } = jwt.payload;
		if (jwt.header.alg !== "HS256" || typeof iss !== "string" || typeof exp !== "number") return invalid();
		if (keys.apiKey !== undefined && iss !== keys.apiKey) return invalid();
		const secret = keys.secondKey ?? keys.apiKey;
		if (secret !== undefined && !verifyHs256(jwt, secret)) return invalid();
		const t = x.now / 1000;
		if (typeof nbf === "number" && nbf > t + skew) return kError(x, 401, 1003, "Authorization is not yet valid");
		if (exp <= t - skew) return kError(x, 401, 1004, "Authorization has expired");
		return undefined;
	},

	parseCreate: (req, x) => checkCreate(req, x),

	newId: (_s, x) => `8${Array.from({ length: 17 }, () => Math.floor(x.rand() * 10)).join("")}`,

	created(task, x) {
		const { external } = flavorOf(task);
		return jsonRes(200, {
			code: 0,
			message: "SUCCEED",
			request_id: x.requestId,
			data: {
				task_id: task.id,
				task_status: "submitted",
				task_info: external ? { external_task_id: external } : {},
				created_at: task.createdAt,
				updated_at: task.createdAt,
			},
		});
	},

	poll(task, x, req) {
		if (flavorOf(task).endpoint !== endpointOf(req)) return klingSim.errors.notFound(x, task.id);
		return jsonRes(200, { code: 0, message: "SUCCEED", request_id: x.requestId, data: taskData(task, x) });
	},

	list(tasks, x, req) {
		const q = req.u.searchParams;
		const pageNum = Number(q.get("pageNum") ?? "1");
		const pageSize = Number(q.get("pageSize") ?? "30");
		if (!Number.isInteger(pageNum) || pageNum < 1 || pageNum > 1000) return kError(x, 400, 1201, "Invalid parameters: pageNum must be in [1, 1000]");
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return kError(x, 400, 1201, "Invalid parameters: pageSize must be in [1, 500]");
		const endpoint = endpointOf(req);
		const mine = tasks
			.filter((t) => t.key === (x.credential ?? "") && flavorOf(t).endpoint === endpoint)
			.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
		const page = mine.slice((pageNum - 1) * pageSize, pageNum * pageSize).map((t) => taskData(t, x));
		return jsonRes(200, { code: 0, message: "SUCCEED", request_id: x.requestId, data: page });
	},

	unknownRoute: (x, path) => kError(x, 404, 1202, `The requested method is invalid: ${path}`),

	errors: {
		unauthorized: (x) => kError(x, 401, 1000, "Authentication failed"),
		capacity: (x) => kError(x, 429, 1303, "parallel task over resource pack limit"),
		rate: (x) => kError(x, 429, 1302, "Too many requests; rate limit exceeded"),
		quota: (x) => kError(x, 429, 1102, "Resource pack exhausted or expired"),
		server: (x, status) =>
			status === 503
				? kError(x, 503, 5001, "Server temporarily unavailable, usually due to maintenance")
				: status === 504
					? kError(x, 504, 5002, "Server internal timeout, usually due to a backlog")
					: kError(x, status, 5000, "Server internal error"),
		notFound: (x, id) => kError(x, 404, 1203, `The requested resource does not exist: task ${id}`),
	},
};
