/**
 * fal.ai's queue API (`${origin}/fal`, auth `Authorization: Key …`), as fal's docs and
 * the fal-js client describe it (read 2026-12-03):
 *
 * - `POST /{endpoint id}` → `{status: "IN_QUEUE", request_id, response_url, status_url,
 *   cancel_url, queue_position}`. Bodies are validated per endpoint the way fal's
 *   pydantic schemas do: wrong enum values, wrong types (duration "5" vs 5 vs "5s"),
 *   missing image fields → 422 `{detail: [{loc, msg, type, input}]}`. An endpoint id
 *   that does not exist → 404 (fal's exact wording for it is not documented).
 * - `GET /{owner}/{app}/requests/{id}/status[?logs=1]` → 202 IN_QUEUE (queue_position)
 *   or IN_PROGRESS (logs when asked), 200 COMPLETED (metrics; `error` on failure).
 * - `GET /{owner}/{app}/requests/{id}` → 200 `{video: {url, content_type, file_name,
 *   file_size}}`; the policy marker's task answers fal's 422 content_policy_violation.
 *   Asked before completion it answers 400 "Request is still in progress" (not
 *   documented by fal; clients must read the status first, as the adapter does).
 * - `PUT …/requests/{id}/cancel` → 202 CANCELLATION_REQUESTED (the task is left to run:
 *   "an in-progress request may still complete"), 400 ALREADY_COMPLETED, 404 NOT_FOUND.
 *
 * fal's queue does not reject for concurrency (requests wait); the capacity fault's
 * 429 stands for a rate or concurrency refusal at the door.
 */
import { simImages } from "../images";
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";

type DurKind = "string" | "int" | "seconds" | "none";

interface Rule {
	dur: DurKind;
	durations: number[];
	res?: string[];
	aspects?: string[];
	first?: string;
	last?: string;
	refs?: [string, number];
}

const range = (a: number, b: number, step = 1) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);
const WIDE = ["16:9", "9:16", "1:1", "4:3", "3:4"];

/** t2v / i2v (/ flf / r2v) rules of one model, keyed by endpoint id. */
function family(
	t2v: string,
	i2v: string,
	base: Omit<Rule, "first" | "last" | "refs">,
	i2vRule: Partial<Rule>,
	more: Record<string, Rule> = {},
): Record<string, Rule> {
	return { [t2v]: base, [i2v]: { ...base, aspects: undefined, ...i2vRule }, ...more };
}

const KLING: Omit<Rule, "first"> = { dur: "string", durations: range(3, 15), aspects: ["16:9", "9:16", "1:1"] };
const SEEDANCE = { dur: "string" as const, durations: range(4, 15), res: ["480p", "720p"], aspects: ["auto", "21:9", ...WIDE] };
const VEO = { dur: "seconds" as const, durations: [4, 6, 8], res: ["720p", "1080p", "4k"], aspects: ["16:9", "9:16"] };
const VEO_I = { first: "image_url", aspects: ["auto", "16:9", "9:16"] };
const VEO_FLF: Rule = { ...VEO, first: "first_frame_url", last: "last_frame_url", aspects: ["auto", "16:9", "9:16"] };
const WAN27 = { dur: "int" as const, durations: range(2, 15), res: ["720p", "1080p"], aspects: WIDE };
const HH = { dur: "int" as const, durations: range(3, 15), res: ["720p", "1080p"], aspects: WIDE };
const LTX = { dur: "int" as const, durations: [6, 8, 10], res: ["1080p", "1440p", "2160p"], aspects: ["16:9"] };
const PIX = { dur: "int" as const, durations: range(1, 15), res: ["360p", "540p", "720p", "1080p"], aspects: WIDE };

const RULES: Record<string, Rule> = {
	...family("fal-ai/kling-video/v3/pro/text-to-video", "fal-ai/kling-video/v3/pro/image-to-video", KLING, {
		first: "start_image_url",
		last: "end_image_url",
	}),
	...family("fal-ai/kling-video/v3/standard/text-to-video", "fal-ai/kling-video/v3/standard/image-to-video", KLING, {
		first: "start_image_url",
		last: "end_image_url",
	}),
	...family(
		"bytedance/seedance-2.0/text-to-video",
		"bytedance/seedance-2.0/image-to-video",
		SEEDANCE,
		{ first: "image_url", last: "end_image_url", res: ["480p", "720p", "1080p"] },
		{
			"bytedance/seedance-2.0/reference-to-video": { ...SEEDANCE, refs: ["image_urls", 9] },
		},
	),
	...family(
		"bytedance/seedance-2.0/fast/text-to-video",
		"bytedance/seedance-2.0/fast/image-to-video",
		SEEDANCE,
		{ first: "image_url", last: "end_image_url" },
		{
			"bytedance/seedance-2.0/fast/reference-to-video": { ...SEEDANCE, refs: ["image_urls", 9] },
		},
	),
	...family("fal-ai/veo3.1", "fal-ai/veo3.1/image-to-video", VEO, VEO_I, {
		"fal-ai/veo3.1/first-last-frame-to-video": VEO_FLF,
		"fal-ai/veo3.1/reference-to-video": { ...VEO, refs: ["image_urls", 3] },
	}),
	...family("fal-ai/veo3.1/fast", "fal-ai/veo3.1/fast/image-to-video", VEO, VEO_I, { "fal-ai/veo3.1/fast/first-last-frame-to-video": VEO_FLF }),
	...family(
		"wan/v2.6/text-to-video",
		"wan/v2.6/image-to-video",
		{ dur: "string", durations: [5, 10, 15], res: ["720p", "1080p"], aspects: WIDE },
		{ first: "image_url" },
	),
	...family("fal-ai/wan/v2.7/text-to-video", "fal-ai/wan/v2.7/image-to-video", WAN27, { first: "image_url", last: "end_image_url" }),
	...family(
		"alibaba/happy-horse/text-to-video",
		"alibaba/happy-horse/image-to-video",
		HH,
		{ first: "image_url" },
		{
			"alibaba/happy-horse/reference-to-video": { ...HH, refs: ["image_urls", 9] },
		},
	),
	...family(
		"fal-ai/minimax/hailuo-2.3/standard/text-to-video",
		"fal-ai/minimax/hailuo-2.3/standard/image-to-video",
		{ dur: "string", durations: [6, 10] },
		{ first: "image_url" },
	),
	...family(
		"fal-ai/minimax/hailuo-2.3/pro/text-to-video",
		"fal-ai/minimax/hailuo-2.3/pro/image-to-video",
		{ dur: "none", durations: [6] },
		{ first: "image_url" },
	),
	...family("fal-ai/ltx-2/text-to-video", "fal-ai/ltx-2/image-to-video", LTX, { first: "image_url" }),
	...family("fal-ai/ltx-2/text-to-video/fast", "fal-ai/ltx-2/image-to-video/fast", { ...LTX, durations: range(6, 20, 2) }, { first: "image_url" }),
	...family("fal-ai/pixverse/v6/text-to-video", "fal-ai/pixverse/v6/image-to-video", PIX, { first: "image_url" }),
};

/** fal-js parseEndpointId: status, result and cancel use `[namespace/]owner/app` only. */
function appRoot(endpoint: string): string {
	const parts = endpoint.split("/");
	return parts.slice(0, parts[0] === "workflows" || parts[0] === "comfy" ? 3 : 2).join("/");
}

interface Issue {
	loc: string[];
	msg: string;
	type: string;
	input?: unknown;
}

function unprocessable(x: Ctx, issues: Issue[]): SimResponse {
	return jsonRes(422, { detail: issues.map((i) => ({ ...i, loc: ["body", ...i.loc], msg: x.msg(i.msg) })) });
}

function detail(x: Ctx, status: number, text: string, headers: Record<string, string> = {}): SimResponse {
	return jsonRes(status, { detail: x.msg(text) }, headers);
}

function durationValue(kind: DurKind, n: number): unknown {
	return kind === "string" ? String(n) : kind === "seconds" ? `${n}s` : n;
}

function isImage(v: unknown): v is string {
	return typeof v === "string" && /^(https?:\/\/|data:image\/[a-z+.-]+;base64,)/i.test(v);
}

/** Validates a body against an endpoint's rule; the issues fal's schema would report. */
function check(rule: Rule, b: Record<string, unknown>): { issues: Issue[]; seconds: number } {
	const issues: Issue[] = [];
	const enumIssue = (field: string, allowed: unknown[], input: unknown) =>
		issues.push({ loc: [field], msg: `Input should be ${allowed.map((v) => JSON.stringify(v)).join(", ")}`, type: "literal_error", input });
	if (typeof b.prompt !== "string" || !b.prompt.trim()) issues.push({ loc: ["prompt"], msg: "Field required", type: "missing" });
	let seconds = rule.durations[0] ?? 5;
	if (rule.dur !== "none" && b.duration !== undefined) {
		const allowed = rule.durations.map((n) => durationValue(rule.dur, n));
		const i = allowed.indexOf(b.duration);
		if (i < 0) enumIssue("duration", allowed, b.duration);
		else seconds = rule.durations[i] ?? seconds;
	}
	if (rule.res && b.resolution !== undefined && !rule.res.includes(b.resolution as string)) enumIssue("resolution", rule.res, b.resolution);
	if (rule.aspects && b.aspect_ratio !== undefined && !rule.aspects.includes(b.aspect_ratio as string))
		enumIssue("aspect_ratio", rule.aspects, b.aspect_ratio);
	if (rule.first && !isImage(b[rule.first])) issues.push({ loc: [rule.first], msg: "Field required: an image URL or data URI", type: "missing" });
	if (rule.last && b[rule.last] !== undefined && !isImage(b[rule.last]))
		issues.push({ loc: [rule.last], msg: "Input should be an image URL or data URI", type: "string_type" });
	if (rule.refs) {
		const [field, max] = rule.refs;
		const list = b[field];
		if (!Array.isArray(list) || list.length === 0 || list.length > max || !list.every(isImage)) {
			issues.push({ loc: [field], msg: `List should have 1 to ${max} image URLs or data URIs`, type: "too_long" });
		}
	}
	for (const f of ["seed"])
		if (b[f] !== undefined && !Number.isInteger(b[f])) issues.push({ loc: [f], msg: "Input should be a valid integer", type: "int_type", input: b[f] });
	return { issues, seconds };
}

/** Task → the endpoint it was submitted to (kept in `flavor`). */
function endpointOf(task: TaskRec): string {
	return task.flavor ?? "";
}

function urls(x: Ctx, task: TaskRec): Record<string, string> {
	const root = `${x.origin}/fal/${appRoot(endpointOf(task))}/requests/${task.id}`;
	return { response_url: root, status_url: `${root}/status`, cancel_url: `${root}/cancel` };
}

function queuePosition(task: TaskRec, x: Ctx): number {
	return x.tasksOf("fal").filter((t) => t.status === "queued" && t.createdAt < task.createdAt).length;
}

function statusOf(task: TaskRec, x: Ctx, logs: boolean): SimResponse {
	const v = x.view(task);
	const base = { request_id: task.id, ...urls(x, task) };
	if (v.status === "queued") return jsonRes(202, { status: "IN_QUEUE", queue_position: queuePosition(task, x), ...base });
	const log = logs ? [{ message: `Generating… ${v.progress}%`, level: "INFO", source: "USER", timestamp: new Date(x.now).toISOString() }] : null;
	if (v.status === "running") return jsonRes(202, { status: "IN_PROGRESS", logs: log, ...base });
	const metrics = { inference_time: Math.round(task.durationMs / 1000) };
	if (v.status === "failed") return jsonRes(200, { status: "COMPLETED", logs: log, metrics, error: "Invalid status code: 422", ...base });
	return jsonRes(200, { status: "COMPLETED", logs: log, metrics, ...base });
}

function resultOf(task: TaskRec, x: Ctx): SimResponse {
	const v = x.view(task);
	if (v.status === "queued" || v.status === "running") return detail(x, 400, "Request is still in progress");
	if (v.status === "failed") {
		return jsonRes(422, {
			detail: [
				{
					loc: ["body", "prompt"],
					msg: x.msg("The content was flagged by a content checker."),
					type: "content_policy_violation",
					url: "https://docs.fal.ai/errors#content_policy_violation",
					input: task.prompt,
				},
			],
		});
	}
	const file = { url: x.signedUrl(task), content_type: "video/mp4", file_name: "output.mp4", file_size: x.clip(task).length };
	return jsonRes(200, { video: file, seed: 42 });
}

/** `/{owner}/{app}[/{ns app}]/requests/{id}[/status|/cancel]` → its parts. */
function queueRoute(path: string): { root: string; id: string; op: "status" | "result" | "cancel" } | null {
	const m = /^\/(.+)\/requests\/([^/]+)(\/status|\/cancel)?$/.exec(path);
	if (!m?.[1] || !m[2]) return null;
	return { root: m[1], id: decodeURIComponent(m[2]), op: m[3] === "/status" ? "status" : m[3] === "/cancel" ? "cancel" : "result" };
}

function cancel(x: Ctx, id: string, root: string): SimResponse {
	const task = x.tasksOf("fal").find((t) => t.id === id && appRoot(endpointOf(t)) === root);
	if (!task) return jsonRes(404, { status: "NOT_FOUND" });
	const v = x.view(task);
	if (v.status === "succeeded" || v.status === "failed") return jsonRes(400, { status: "ALREADY_COMPLETED" });
	return jsonRes(202, { status: "CANCELLATION_REQUESTED" });
}

export const falSim: ProviderSim = {
	id: "fal",
	auth: "bearer",
	// fal's scheme is `Authorization: Key <key>`, not Bearer.
	credential: (req) => /^Key\s+(.+)$/i.exec(req.h.authorization ?? "")?.[1]?.trim(),

	match(method, path) {
		const q = queueRoute(path);
		if (q) {
			if (q.op === "cancel" && method === "PUT") return { route: "other", answer: (x) => cancel(x, q.id, q.root) };
			if (q.op !== "cancel" && method === "GET") return { route: "poll", taskId: q.id };
			return null;
		}
		if (method === "POST" && path.length > 1) return { route: "create" };
		return null;
	},

	parseCreate(req, x) {
		const endpoint = decodeURIComponent(req.u.pathname.replace(/^\/fal\//, ""));
		const rule = RULES[endpoint];
		if (!rule) return { ok: false, res: detail(x, 404, `Application '${endpoint}' not found`) };
		const body = jsonOf(req);
		if (body === undefined || typeof body !== "object" || body === null || Array.isArray(body)) {
			return { ok: false, res: unprocessable(x, [{ loc: [], msg: "Input should be a valid dictionary", type: "dict_type" }]) };
		}
		const b = rec(body);
		const { issues, seconds } = check(rule, b);
		if (issues.length) return { ok: false, res: unprocessable(x, issues) };
		const res = typeof b.resolution === "string" ? b.resolution : "720p";
		const short = Number.parseInt(res, 10) || 720;
		const img = rule.first ? b[rule.first] : undefined;
		const spec: CreateSpec = {
			model: endpoint,
			prompt: b.prompt as string,
			seconds,
			size: `${Math.round((short * 16) / 9)}x${short}`,
			pro: false,
			flavor: endpoint,
			imageUrl: typeof img === "string" ? img.slice(0, 200) : undefined,
		};
		const refs = rule.refs && Array.isArray(b[rule.refs[0]]) ? (b[rule.refs[0]] as unknown[]) : [];
		const images = simImages([["first", img], ["last", rule.last ? b[rule.last] : undefined], ...refs.map((r) => ["reference", r] as const)]);
		if (images) spec.images = images;
		return { ok: true, spec };
	},

	unknownRoute: (x) => detail(x, 404, "Not Found"),

	newId: (_s, x) => x.uuid(),

	created(task, x) {
		return jsonRes(200, { status: "IN_QUEUE", request_id: task.id, ...urls(x, task), queue_position: queuePosition(task, x) });
	},

	poll(task, x, req) {
		const q = queueRoute(req.u.pathname.replace(/^\/fal/, ""));
		if (!q || q.root !== appRoot(endpointOf(task))) return detail(x, 404, `Request ${q?.id ?? task.id} not found`);
		if (q.op === "status") return statusOf(task, x, req.u.searchParams.get("logs") === "1");
		return resultOf(task, x);
	},

	errors: {
		unauthorized: (x) => detail(x, 401, "No user found for Key ID and Secret"),
		capacity: (x) => detail(x, 429, "Too many concurrent requests for this account"),
		rate: (x) => detail(x, 429, "Rate limit exceeded, slow down"),
		quota: (x) => detail(x, 403, "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing"),
		server: (x, status) => detail(x, status, status === 503 ? "Service Unavailable" : status === 504 ? "Gateway Timeout" : "Internal Server Error"),
		notFound: (x, id) => detail(x, 404, `Request ${id} not found`),
	},
};
