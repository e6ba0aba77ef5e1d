/**
 * Runway's developer API (`${origin}/runway/v1`), as @runwayml/sdk 4.12.0 types it:
 * `POST /v1/text_to_video` and `POST /v1/image_to_video` → `{id}`; `GET /v1/tasks/{id}` →
 * THROTTLED while queued behind the concurrency limit (scenario queueInsteadOfReject),
 * PENDING before the first progress, RUNNING with `progress` 0–1, SUCCEEDED with
 * `output[]`, FAILED with `failure` + `failureCode` (SAFETY.INPUT.TEXT for the policy
 * marker), CANCELLED after `DELETE /v1/tasks/{id}` (which answers 204; a finished task
 * is deleted and then answers 404 "Could not find Task").
 *
 * Every route requires `X-Runway-Version: 2024-11-06`; without it the answer is a 400
 * with the documented `{error}` member (the exact wording is not documented). Bodies
 * are validated per model as the SDK's discriminated union does: unknown or retired
 * model ids fail on `model`, then ratio, duration, promptImage positions and fields the
 * model does not take, as `{error: "Validation of body failed", issues: [...]}`.
 * Runway answers concurrency with THROTTLED; the 429 of the capacity fault stands for
 * "an integration's limits have been reached" (docs.dev.runwayml.com/api-details/errors).
 */
import { getProviderInfo } from "../../core/providers/catalog";
import type { ModelSpec } from "../../core/providers/types";
import { simImages } from "../images";
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";

const VERSION = "2024-11-06";
const DOC_URL = "https://docs.dev.runwayml.com/api";
/** Base64 data URIs may be at most 5 MB. */
const MAX_DATA_URI = 5_000_000;

/** Tasks cancelled (still answering CANCELLED) or deleted (answering 404) by DELETE. */
const cancelled = new WeakSet<TaskRec>();
const deleted = new WeakSet<TaskRec>();

function rwError(x: Ctx, status: number, error: string): SimResponse {
	return jsonRes(status, { error: x.msg(error) });
}

interface Issue {
	code: string;
	path: string[];
	message: string;
}

function invalid(x: Ctx, issues: Issue[]): SimResponse {
	return jsonRes(400, { error: "Validation of body failed", issues: issues.map((i) => ({ ...i, message: x.msg(i.message) })), docUrl: DOC_URL });
}

const T2V = new Set(["gen4.5", "veo3.1", "veo3.1_fast", "veo3"]);
const I2V = new Set(["gen4.5", "gen4_turbo", "veo3.1", "veo3.1_fast", "veo3"]);
const LAST_FRAME = new Set(["veo3.1", "veo3.1_fast"]);

function ratiosOf(spec: ModelSpec, t2v: boolean): string[] {
	if (t2v && spec.id === "gen4.5") return ["1280:720", "720:1280"];
	return [...spec.sizes.horizontal, ...spec.sizes.vertical].map((s) => s.replace("x", ":"));
}

/** Keys a model's request body may carry (the schema has additionalProperties: false). */
function keysOf(spec: ModelSpec): Set<string> {
	const keys = ["model", "promptText", "ratio", "duration", "promptImage", "contentModeration"];
	if (spec.caps.seed) keys.push("seed");
	if (spec.caps.audio) keys.push("audio");
	if (spec.caps.negativePrompt) keys.push("negativePrompt");
	return new Set(keys);
}

/** Checks one image URI; returns the issue message, if any. */
function uriProblem(uri: unknown): string | undefined {
	if (typeof uri !== "string" || !uri) return "Invalid input: expected string";
	if (uri.startsWith("data:")) {
		if (!/^data:image\/(png|jpeg|jpg|webp);base64,/i.test(uri)) return "Invalid data URI. Unsupported asset type.";
		if (uri.length > MAX_DATA_URI) return "Data URI must be at most 5MB";
		return undefined;
	}
	if (uri.startsWith("runway://")) return undefined;
	if (!/^https:\/\//i.test(uri)) return "Only HTTPS URLs are allowed.";
	return undefined;
}

function checkImage(value: unknown, spec: ModelSpec): Issue[] {
	const at = (message: string, path: string[] = ["promptImage"]): Issue[] => [{ code: "custom", path, message }];
	if (typeof value === "string") {
		const p = uriProblem(value);
		return p ? at(p) : [];
	}
	if (!Array.isArray(value) || value.length === 0) return at("Invalid input: expected string or array of images");
	const positions: string[] = [];
	for (const [i, raw] of (value as unknown[]).entries()) {
		const item = rec(raw);
		const p = uriProblem(item.uri);
		if (p) return at(p, ["promptImage", String(i), "uri"]);
		const pos = item.position;
		const allowed = LAST_FRAME.has(spec.id) ? ["first", "last"] : ["first"];
		if (typeof pos !== "string" || !allowed.includes(pos)) {
			return at(`Invalid option: expected one of ${allowed.map((a) => `"${a}"`).join("|")}`, ["promptImage", String(i), "position"]);
		}
		positions.push(pos);
	}
	if (new Set(positions).size !== positions.length) return at("Each position may be given once");
	if (!positions.includes("first")) return at("This model does not support generating with only a last frame");
	return [];
}

function validate(b: Record<string, unknown>, t2v: boolean): { issues: Issue[]; spec?: ModelSpec } {
	const id = typeof b.model === "string" ? b.model : "";
	const spec = getProviderInfo("runway")?.models.find((m) => m.id === id && m.lifecycle.status !== "retired");
	if (!spec || !(t2v ? T2V : I2V).has(spec.id)) {
		return { issues: [{ code: "invalid_union", path: ["model"], message: "Invalid input: No matching discriminator" }] };
	}
	const issues: Issue[] = [];
	const keys = keysOf(spec);
	const extra = Object.keys(b).filter((k) => !keys.has(k) || (t2v && k === "promptImage"));
	if (extra.length) issues.push({ code: "unrecognized_keys", path: [], message: `Unrecognized key(s) in object: ${extra.map((k) => `"${k}"`).join(", ")}` });
	const prompt = b.promptText;
	if (prompt !== undefined || t2v || spec.id === "gen4.5") {
		if (typeof prompt !== "string" || !prompt.trim())
			issues.push({ code: "invalid_type", path: ["promptText"], message: "Invalid input: expected a non-empty string" });
		else if (prompt.length > 1000) issues.push({ code: "too_big", path: ["promptText"], message: "Too big: expected string to have <=1000 characters" });
	}
	const ratios = ratiosOf(spec, t2v);
	if (typeof b.ratio !== "string" || !ratios.includes(b.ratio)) {
		issues.push({
			code: "invalid_value",
			path: ["ratio"],
			message: `Invalid option: expected one of ${ratios.map((r) => `'${r}'`).join("|")}, received ${JSON.stringify(b.ratio)}`,
		});
	}
	const dur = b.duration ?? (spec.id.startsWith("veo") ? spec.defaultDuration : undefined);
	if (typeof dur !== "number" || !Number.isInteger(dur) || !spec.durations.includes(dur)) {
		issues.push({
			code: "invalid_value",
			path: ["duration"],
			message: `Invalid input: expected one of ${spec.durations.join(", ")} seconds, received ${String(dur)}`,
		});
	}
	if (!t2v) issues.push(...checkImage(b.promptImage, spec));
	if (b.seed !== undefined && (typeof b.seed !== "number" || !Number.isInteger(b.seed) || b.seed < 0 || b.seed > 4294967295)) {
		issues.push({ code: "too_big", path: ["seed"], message: "Invalid input: expected an integer from 0 to 4294967295" });
	}
	if (b.audio !== undefined && typeof b.audio !== "boolean")
		issues.push({ code: "invalid_type", path: ["audio"], message: "Invalid input: expected boolean" });
	return { issues, spec };
}

function firstUri(v: unknown): string | undefined {
	const s = typeof v === "string" ? v : Array.isArray(v) ? rec(v[0]).uri : undefined;
	return typeof s === "string" ? s.slice(0, 200) : undefined;
}

function taskBody(task: TaskRec, x: Ctx): Record<string, unknown> {
	const base = { id: task.id, createdAt: new Date(task.createdAt).toISOString() };
	if (cancelled.has(task)) return { ...base, status: "CANCELLED" };
	const v = x.view(task);
	if (v.status === "queued") return { ...base, status: "THROTTLED" };
	if (v.status === "running") return v.progress === 0 ? { ...base, status: "PENDING" } : { ...base, status: "RUNNING", progress: v.progress / 100 };
	if (v.status === "failed") {
		return { ...base, status: "FAILED", failure: "The prompt text did not pass content moderation.", failureCode: "SAFETY.INPUT.TEXT" };
	}
	return { ...base, status: "SUCCEEDED", output: [x.signedUrl(task)] };
}

/** DELETE /v1/tasks/{id}: cancel a live task, delete a finished one. */
function remove(x: Ctx, id: string): SimResponse {
	const task = x.tasksOf("runway").find((t) => t.id === id);
	if (!task || deleted.has(task)) return rwError(x, 404, "Could not find Task");
	const live = x.view(task).status === "queued" || x.view(task).status === "running";
	if (live && !cancelled.has(task)) cancelled.add(task);
	else deleted.add(task);
	return { status: 204, headers: {}, body: new Uint8Array(0) };
}

export const runwaySim: ProviderSim = {
	id: "runway",
	auth: "bearer",

	match(method, path, req) {
		if (!path.startsWith("/v1/")) return null;
		if (req.h["x-runway-version"] !== VERSION) {
			const got = req.h["x-runway-version"];
			const message = got ? `Unsupported X-Runway-Version "${got}"; use ${VERSION}` : `Missing required header X-Runway-Version (for example ${VERSION})`;
			return { route: "other", answer: (x) => rwError(x, 400, message) };
		}
		const p = path.slice(3);
		if (method === "POST" && (p === "/text_to_video" || p === "/image_to_video")) return { route: "create" };
		const m = /^\/tasks\/([^/]+)$/.exec(p);
		if (m?.[1] && method === "GET") return { route: "poll", taskId: decodeURIComponent(m[1]) };
		if (m?.[1] && method === "DELETE") {
			const id = decodeURIComponent(m[1]);
			return { route: "other", answer: (x) => remove(x, id) };
		}
		if (m || p === "/text_to_video" || p === "/image_to_video") return { route: "other", answer: (x) => rwError(x, 405, `Method ${method} not allowed`) };
		return null;
	},

	parseCreate(req, x) {
		const body = jsonOf(req);
		if (body === undefined || typeof body !== "object" || body === null || Array.isArray(body)) {
			return { ok: false, res: invalid(x, [{ code: "invalid_type", path: [], message: "Invalid input: expected object" }]) };
		}
		const t2v = req.u.pathname.endsWith("/text_to_video");
		const b = rec(body);
		const { issues, spec } = validate(b, t2v);
		if (issues.length || !spec) return { ok: false, res: invalid(x, issues) };
		const ratio = String(b.ratio).split(":");
		const out: CreateSpec = {
			model: spec.id,
			prompt: typeof b.promptText === "string" ? b.promptText : "",
			seconds: typeof b.duration === "number" ? b.duration : spec.defaultDuration,
			size: `${ratio[0] ?? ""}x${ratio[1] ?? ""}`,
			pro: false,
			imageUrl: t2v ? undefined : firstUri(b.promptImage),
		};
		const images = t2v
			? undefined
			: simImages(
					typeof b.promptImage === "string"
						? [["first", b.promptImage]]
						: (Array.isArray(b.promptImage) ? (b.promptImage as unknown[]) : []).map(
								(i) => [rec(i).position === "last" ? "last" : "first", rec(i).uri] as const,
							),
				);
		if (images) out.images = images;
		return { ok: true, spec: out };
	},

	newId: (_s, x) => x.uuid(),

	created(task) {
		return jsonRes(200, { id: task.id });
	},

	poll(task, x) {
		if (deleted.has(task)) return rwError(x, 404, "Could not find Task");
		return jsonRes(200, taskBody(task, x));
	},

	unknownRoute: (x) => rwError(x, 404, "Not found"),

	errors: {
		unauthorized: (x) => rwError(x, 401, "Authentication failed: the API key is invalid or disabled."),
		capacity: (x) => rwError(x, 429, "You have reached your limit of concurrent tasks for this model."),
		rate: (x) => rwError(x, 429, "Too many requests. Please slow down."),
		quota: (x) => rwError(x, 400, "You do not have enough credits to run this task."),
		server: (x, status) =>
			rwError(x, status, status === 504 ? "Runway is overloaded and could not satisfy the request." : "Runway is shedding load. Please retry."),
		notFound: (x) => rwError(x, 404, "Could not find Task"),
	},
};
