/**
 * The Luma Agents API for Ray 3.2 (`${origin}/luma/v1`), as the luma-agents SDK 0.3.0 and
 * docs.agents.lumalabs.ai describe it: `POST /v1/generations` → 201 Generation
 * `{id, created_at, model, state:"queued", type}`; `GET /v1/generations/{id}` → state
 * queued | processing | completed (`output:[{type:"video", url}]`) | failed
 * (`failure_code`, `failure_reason`; content_moderated for the policy marker). There is
 * no list, no cancel and no progress. Every answer carries X-Request-Id and
 * X-API-Version: 2026-04-01.
 *
 * Validation follows the documented rules: model ray-3.2 with type "video"; aspect
 * 9:16, 3:4, 1:1, 4:3, 16:9, 21:9; video.resolution 540p / 720p / 1080p; video.duration
 * "5s" / "10s"; start_frame / end_frame are ImageRefs (exactly one of url, data +
 * media_type, generation_id) and, like loop, only work with 5 s clips. Field errors are
 * 400 with a `detail` list (FastAPI style), combination errors 422 with a `detail`
 * string; the exact wording of either is not documented.
 */
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";

const API_VERSION = "2026-04-01";
const ASPECTS = ["9:16", "3:4", "1:1", "4:3", "16:9", "21:9"];
const RESOLUTIONS = ["540p", "720p", "1080p"];
const DURATIONS = ["5s", "10s"];

function withHeaders(res: SimResponse, x: Ctx): SimResponse {
	res.headers["x-api-version"] = API_VERSION;
	if (res.headers["x-request-id"] === undefined) res.headers["x-request-id"] = x.requestId;
	return res;
}

function lumaError(x: Ctx, status: number, detail: string, headers: Record<string, string> = {}): SimResponse {
	return withHeaders(jsonRes(status, { detail: x.msg(detail) }, headers), x);
}

function fieldError(x: Ctx, loc: string[], msg: string, input: unknown): SimResponse {
	const item: Record<string, unknown> = { type: "value_error", loc: ["body", ...loc], msg: x.msg(msg) };
	if (input !== undefined) item.input = input;
	return withHeaders(jsonRes(400, { detail: [item] }), x);
}

/** Problem with one ImageRef, if any. */
function refProblem(v: unknown): string | undefined {
	const r = rec(v);
	const given = ["url", "data", "generation_id"].filter((k) => typeof r[k] === "string" && r[k] !== "");
	if (given.length !== 1) return "Provide exactly one of url, data or generation_id";
	if (typeof r.data === "string") {
		if (typeof r.media_type !== "string" || !/^image\//.test(r.media_type)) return "media_type (an image/* MIME type) is required with data";
		if (!/^[A-Za-z0-9+/=\s]+$/.test(r.data)) return "data is not valid base64";
	}
	if (typeof r.url === "string" && !/^https?:\/\//i.test(r.url)) return "url must be a publicly accessible http(s) URL";
	return undefined;
}

function sizeOf(resolution: string, aspect: string): string {
	const short = Number(resolution.replace("p", ""));
	const [a = 16, b = 9] = aspect.split(":").map(Number);
	const even = (n: number) => Math.round(n / 2) * 2;
	return a >= b ? `${even((short * a) / b)}x${short}` : `${short}x${even((short * b) / a)}`;
}

function generation(task: TaskRec, x: Ctx): Record<string, unknown> {
	const v = x.view(task);
	const state = v.status === "queued" ? "queued" : v.status === "running" ? "processing" : v.status === "succeeded" ? "completed" : "failed";
	const g: Record<string, unknown> = {
		id: task.id,
		created_at: new Date(task.createdAt).toISOString(),
		model: task.model,
		state,
		type: "video",
		failure_code: null,
		failure_reason: null,
		output: [],
	};
	if (state === "completed") g.output = [{ type: "video", url: x.signedUrl(task) }];
	if (state === "failed") {
		g.failure_code = "content_moderated";
		g.failure_reason = "Prompt or input image violated content guidelines";
	}
	return g;
}

export const lumaSim: ProviderSim = {
	id: "luma",
	auth: "bearer",

	match(method, path) {
		if (path === "/v1/generations") {
			if (method === "POST") return { route: "create" };
			return { route: "other", answer: (x) => lumaError(x, 405, "Method Not Allowed") };
		}
		const m = /^\/v1\/generations\/([^/]+)$/.exec(path);
		if (m?.[1] && method === "GET") return { route: "poll", taskId: decodeURIComponent(m[1]) };
		if (m?.[1]) return { route: "other", answer: (x) => lumaError(x, 405, "Method Not Allowed") };
		return null;
	},

	parseCreate(req, x) {
		const body = jsonOf(req);
		const fail = (res: SimResponse) => ({ ok: false as const, res });
		if (body === undefined || typeof body !== "object" || body === null || Array.isArray(body)) {
			return fail(fieldError(x, [], "Input should be a valid JSON object", undefined));
		}
		const b = rec(body);
		if (b.model !== "ray-3.2") {
			return fail(fieldError(x, ["model"], "Input should be 'uni-1', 'uni-1-max' or 'ray-3.2'; model not supported for video", b.model));
		}
		if (b.type !== "video") return fail(fieldError(x, ["type"], "ray-3.2 generates video: type must be 'video'", b.type));
		if (typeof b.prompt !== "string" || !b.prompt.trim()) return fail(fieldError(x, ["prompt"], "Field required", undefined));
		if (b.prompt.length > 6000) return fail(fieldError(x, ["prompt"], "String should have at most 6000 characters", undefined));
		const aspect = b.aspect_ratio ?? "16:9";
		if (typeof aspect !== "string" || !ASPECTS.includes(aspect)) {
			return fail(fieldError(x, ["aspect_ratio"], `ray-3.2 video supports aspect ratios ${ASPECTS.join(", ")}`, aspect));
		}
		const v = rec(b.video);
		const resolution = v.resolution ?? "720p";
		if (typeof resolution !== "string" || !RESOLUTIONS.includes(resolution)) {
			return fail(fieldError(x, ["video", "resolution"], "Input should be '540p', '720p' or '1080p'", resolution));
		}
		const duration = v.duration ?? "5s";
		if (typeof duration !== "string" || !DURATIONS.includes(duration)) {
			return fail(fieldError(x, ["video", "duration"], "Input should be '5s' or '10s'", duration));
		}
		for (const k of ["start_frame", "end_frame"] as const) {
			if (v[k] === undefined || v[k] === null) continue;
			const p = refProblem(v[k]);
			if (p) return fail(fieldError(x, ["video", k], p, undefined));
		}
		const framed = (v.start_frame ?? v.end_frame) != null;
		if (duration === "10s" && framed) return fail(lumaError(x, 422, "start_frame and end_frame are only supported with duration 5s"));
		if (duration === "10s" && v.loop === true) return fail(lumaError(x, 422, "loop is not supported with duration 10s"));
		const start = rec(v.start_frame);
		const spec: CreateSpec = {
			model: "ray-3.2",
			prompt: b.prompt,
			seconds: duration === "10s" ? 10 : 5,
			size: sizeOf(resolution, aspect),
			pro: false,
			imageUrl: typeof start.url === "string" ? start.url.slice(0, 200) : undefined,
		};
		return { ok: true, spec };
	},

	newId: (_s, x) => x.uuid(),

	created(task, x) {
		return withHeaders(jsonRes(201, { ...generation(task, x), state: "queued", output: [] }), x);
	},

	poll(task, x) {
		return withHeaders(jsonRes(200, generation(task, x)), x);
	},

	unknownRoute: (x) => lumaError(x, 404, "Not Found"),

	errors: {
		unauthorized: (x) => lumaError(x, 401, "Invalid or missing API key"),
		capacity: (x) => lumaError(x, 429, "Concurrent job limit reached: too many active generations for this client"),
		rate: (x) => lumaError(x, 429, "Rate limit exceeded: too many generation requests per minute"),
		quota: (x) => lumaError(x, 402, "Insufficient credits"),
		server: (x, status) => lumaError(x, status, status === 503 ? "Image ingestion unavailable" : "Upstream service unavailable"),
		notFound: (x) => lumaError(x, 404, "Generation not found"),
	},
};
