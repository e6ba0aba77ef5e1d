/**
 * Replicate predictions API (`${origin}/replicate/v1`), as https://replicate.com/docs/reference/http
 * and the official clients describe it (read 2026-12-03):
 * - `POST /models/{owner}/{name}/predictions` `{input}` (official models) and
 *   `POST /predictions` `{version, input}` (a version id, alone or as `owner/name:id`) → 201 prediction;
 * - `GET /predictions/{id}`: status starting → processing (tqdm progress lines in `logs`) →
 *   succeeded (`output`: a URL string, or an array of URLs for the community model) or failed
 *   (the policy marker: "… flagged as sensitive … (E005)"); canceled after a cancel; an hour after
 *   completion (or the scenario's URL lifetime, when shorter) `data_removed` with input and output gone;
 * - `POST /predictions/{id}/cancel`; `GET /predictions?created_after=&created_before=&cursor=`
 *   newest first, 100 a page, `next`/`previous` as full URLs;
 * - errors are problem details `{title, detail, status}`: 404 "Model not found: owner/name",
 *   422 "Input validation failed" with `invalid_fields`, 422 "Invalid version or not permitted",
 *   429 "Request was throttled. Your rate limit resets in ~Ns." with `retry_after`, 402
 *   "Insufficient credit", 401 "Unauthenticated".
 * Inputs are checked per model family as each model's schema page says. Two liberties, both for
 * the shared tests: validation messages add the rejected value (Replicate's validator does not
 * echo it), and the hidden concurrency capacity answers a 429 without a reset hint (Replicate
 * documents no concurrency limit, only request rates).
 */
import { createHash } from "node:crypto";
import { getProviderInfo } from "../../core/providers/catalog";
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimRequest, type SimResponse, type TaskRec } from "../types";

/** A community model reachable only by version, with the generic inputs and an array output. */
export const SIM_COMMUNITY_MODEL = "cineflow-sim/generic-video";

/** The simulator's version id of a model (deterministic, 64 hex). */
export function simVersionOf(model: string): string {
	return createHash("sha256").update(`replicate-sim:${model}`).digest("hex");
}

const PAGE = 100;
const OUTPUT_TTL_MS = 3600_000;
const canceledAt = new WeakMap<TaskRec, number>();

function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): SimResponse {
	return jsonRes(status, { title, detail, status, ...extra }, headers);
}

interface Field {
	/** Allowed values (enum), or an integer range. */
	oneOf?: readonly (string | number)[];
	int?: [number, number];
	kind?: "string" | "boolean" | "array" | "integer";
	max?: number;
}

const RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"];
const FAMILY_FIELDS: Record<string, Record<string, Field>> = {
	"kling-v3": {
		duration: { int: [3, 15] },
		aspect_ratio: { oneOf: ["16:9", "9:16", "1:1"] },
		mode: { oneOf: ["standard", "pro"] },
		start_image: { kind: "string" },
		end_image: { kind: "string" },
		negative_prompt: { kind: "string" },
		generate_audio: { kind: "boolean" },
	},
	"veo-3.1": {
		duration: { oneOf: [4, 6, 8] },
		aspect_ratio: { oneOf: ["16:9", "9:16"] },
		resolution: { oneOf: ["720p", "1080p"] },
		image: { kind: "string" },
		last_frame: { kind: "string" },
		reference_images: { kind: "array", max: 3 },
		negative_prompt: { kind: "string" },
		seed: { kind: "integer" },
		generate_audio: { kind: "boolean" },
	},
	"seedance-2": {
		duration: { int: [-1, 15] },
		resolution: { oneOf: ["480p", "720p"] },
		aspect_ratio: { oneOf: [...RATIOS, "adaptive"] },
		image: { kind: "string" },
		last_frame_image: { kind: "string" },
		reference_images: { kind: "array", max: 9 },
		generate_audio: { kind: "boolean" },
		seed: { kind: "integer" },
	},
	hailuo: {
		duration: { oneOf: [6, 10] },
		resolution: { oneOf: ["768p", "1080p"] },
		first_frame_image: { kind: "string" },
		prompt_optimizer: { kind: "boolean" },
	},
	generic: {
		duration: { int: [1, 20] },
		aspect_ratio: { oneOf: RATIOS },
		resolution: { oneOf: ["480p", "720p", "1080p"] },
		image: { kind: "string" },
		negative_prompt: { kind: "string" },
		seed: { kind: "integer" },
	},
};

/** `- input.duration: Must be less than or equal to 15` (gojsonschema wording, as Replicate answers). */
function check(name: string, f: Field, v: unknown): string | undefined {
	const got = ` (got ${JSON.stringify(v)?.slice(0, 40)})`;
	if (f.oneOf && !f.oneOf.includes(v as string | number))
		return `${name} must be one of the following: ${f.oneOf.map((o) => JSON.stringify(o)).join(", ")}${got}`;
	if (f.int) {
		if (typeof v !== "number" || !Number.isInteger(v)) return `Invalid type. Expected: integer, given: ${typeof v}${got}`;
		if (v < f.int[0]) return `Must be greater than or equal to ${f.int[0]}${got}`;
		if (v > f.int[1]) return `Must be less than or equal to ${f.int[1]}${got}`;
	}
	if (f.kind === "string" && typeof v !== "string") return `Invalid type. Expected: string, given: ${typeof v}`;
	if (f.kind === "boolean" && typeof v !== "boolean") return `Invalid type. Expected: boolean, given: ${typeof v}`;
	if (f.kind === "integer" && (typeof v !== "number" || !Number.isInteger(v))) return `Invalid type. Expected: integer, given: ${typeof v}`;
	if (f.kind === "array" && (!Array.isArray(v) || (f.max !== undefined && v.length > f.max))) return `Array must have at most ${f.max ?? 0} items`;
	return undefined;
}

function invalid(x: Ctx, errors: Array<{ field: string; description: string; type: string }>): SimResponse {
	const detail = errors.map((e) => `- ${e.field}: ${e.description}\n`).join("");
	return problem(422, "Input validation failed", x.msg(detail), { invalid_fields: errors });
}

/** The family of a model the simulator serves; undefined when it is none of them. */
function familyOf(model: string): string | undefined {
	if (model === SIM_COMMUNITY_MODEL) return "generic";
	return getProviderInfo("replicate")?.models.find((m) => m.id === model)?.family;
}

function modelOfVersion(version: string): string | undefined {
	const models = [SIM_COMMUNITY_MODEL, ...(getProviderInfo("replicate")?.models.map((m) => m.id) ?? [])];
	return models.find((m) => simVersionOf(m) === version);
}

function isoMicro(ms: number): string {
	return new Date(ms).toISOString().replace("Z", "000Z");
}

function tqdm(progress: number): string {
	const bar = "█".repeat(Math.floor(progress / 10)).padEnd(10, " ");
	return `${String(progress).padStart(3)}%|${bar}| ${progress}/100 [00:30<00:30,  1.65it/s]`;
}

function apiBase(x: Ctx): string {
	return `${x.origin}/replicate/v1`;
}

/** The prediction object of a task, as `GET /predictions/{id}` answers it. */
export function prediction(task: TaskRec, x: Ctx): Record<string, unknown> {
	const v = x.view(task);
	const canceled = canceledAt.get(task);
	const removed = v.status === "succeeded" && x.now > (task.doneAt ?? x.now) + Math.min(OUTPUT_TTL_MS, x.scenario.urlTtlMs);
	const status = canceled !== undefined ? "canceled" : v.status === "queued" ? "starting" : v.status === "running" ? "processing" : v.status;
	const done = canceled ?? (status === "succeeded" || status === "failed" ? task.doneAt : null);
	const url = `${apiBase(x)}/predictions/${task.id}`;
	const file = x.signedUrl(task);
	let output: unknown = null;
	if (status === "succeeded" && !removed) output = task.model === SIM_COMMUNITY_MODEL ? [file] : file;
	const logs =
		status === "starting"
			? ""
			: status === "processing"
				? `Generating video...\n${tqdm(v.progress)}\n`
				: "Generating video...\n100%|██████████| 100/100 [01:00<00:00,  1.65it/s]\n";
	return {
		id: task.id,
		model: task.model,
		version: task.flavor ?? "hidden",
		input: removed ? {} : { prompt: task.prompt, duration: task.seconds },
		logs: removed ? "" : logs,
		output,
		data_removed: removed,
		error: status === "failed" ? "The input or output was flagged as sensitive. Please try again with different inputs. (E005)" : null,
		status,
		source: "api",
		created_at: isoMicro(task.createdAt),
		started_at: task.startedAt === null ? null : isoMicro(task.startedAt),
		completed_at: done === null || done === undefined ? null : isoMicro(done),
		urls: { get: url, cancel: `${url}/cancel`, web: `https://replicate.com/p/${task.id}` },
		metrics: status === "succeeded" ? { predict_time: task.durationMs / 1000, total_time: ((task.doneAt ?? x.now) - task.createdAt) / 1000 } : {},
	};
}

function cancel(id: string, x: Ctx): SimResponse {
	const task = x.tasksOf("replicate").find((t) => t.id === id);
	if (!task) return problem(404, "Not Found", x.msg("Not found."));
	const v = x.view(task);
	if (!canceledAt.has(task) && (v.status === "queued" || v.status === "running")) canceledAt.set(task, x.now);
	return jsonRes(200, prediction(task, x));
}

function list(tasks: TaskRec[], x: Ctx, req: SimRequest): SimResponse {
	const q = req.u.searchParams;
	const after = q.get("created_after");
	const before = q.get("created_before");
	const from = after ? Date.parse(after) : -Infinity;
	const to = before ? Date.parse(before) : Infinity;
	if (Number.isNaN(from) || Number.isNaN(to)) return problem(400, "Bad Request", x.msg("created_after / created_before must be ISO 8601 date-times"));
	const all = tasks.filter((t) => t.createdAt >= from && t.createdAt < to).sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
	const cursor = q.get("cursor");
	const offset = cursor ? Number(/^o=(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"))?.[1] ?? "0") : 0;
	const link = (o: number) => {
		const u = new URL(`${apiBase(x)}/predictions`);
		if (after) u.searchParams.set("created_after", after);
		if (before) u.searchParams.set("created_before", before);
		u.searchParams.set("cursor", Buffer.from(`o=${o}`).toString("base64"));
		return u.href;
	};
	const results = all.slice(offset, offset + PAGE).map((t) => prediction(t, x));
	return jsonRes(200, {
		next: offset + PAGE < all.length ? link(offset + PAGE) : null,
		previous: offset > 0 ? link(Math.max(0, offset - PAGE)) : null,
		results,
	});
}

export const replicateSim: ProviderSim = {
	id: "replicate",
	auth: "bearer",

	match(method, path) {
		if (!path.startsWith("/v1/")) return null;
		const p = path.slice(3);
		if (method === "POST" && (p === "/predictions" || /^\/models\/[^/]+\/[^/]+\/predictions$/.test(p))) return { route: "create" };
		if (method === "GET" && p === "/predictions") return { route: "list" };
		const get = /^\/predictions\/([^/]+)$/.exec(p);
		if (method === "GET" && get?.[1]) return { route: "poll", taskId: decodeURIComponent(get[1]) };
		const c = /^\/predictions\/([^/]+)\/cancel$/.exec(p);
		const id = c?.[1] ? decodeURIComponent(c[1]) : undefined;
		if (method === "POST" && id !== undefined) return { route: "other", answer: (x) => cancel(id, x) };
		return null;
	},

	parseCreate(req, x) {
		const fail = (res: SimResponse) => ({ ok: false as const, res });
		const body = jsonOf(req);
		if (body === undefined || typeof body !== "object" || body === null || Array.isArray(body))
			return fail(problem(400, "Bad Request", x.msg("The request body is not a JSON object")));
		const b = rec(body);
		const official = /\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(req.u.pathname);
		let model: string;
		let version = "hidden";
		if (official?.[1] && official[2]) {
			model = `${decodeURIComponent(official[1])}/${decodeURIComponent(official[2])}`;
			if (model === SIM_COMMUNITY_MODEL || !familyOf(model)) return fail(problem(404, "Not Found", x.msg(`Model not found: ${model}`)));
		} else {
			const raw = typeof b.version === "string" ? b.version : "";
			const m = /^(?:([^/:]+\/[^/:]+):)?([0-9a-f]{64})$/.exec(raw);
			const named = m?.[2] ? modelOfVersion(m[2]) : undefined;
			if (!m?.[2] || !named || (m[1] !== undefined && m[1] !== named)) {
				return fail(
					problem(
						422,
						"Invalid version or not permitted",
						x.msg("The specified version does not exist (or perhaps you don't have permission to use it?)"),
					),
				);
			}
			model = named;
			version = m[2];
		}
		if (!("input" in b)) return fail(invalid(x, [{ type: "required", field: "(root)", description: "input is required" }]));
		const input = rec(b.input);
		const errors: Array<{ field: string; description: string; type: string }> = [];
		if (typeof input.prompt !== "string" || !input.prompt) errors.push({ type: "required", field: "input", description: "prompt is required" });
		const fields = FAMILY_FIELDS[familyOf(model) ?? "generic"] ?? {};
		for (const [name, f] of Object.entries(fields)) {
			if (input[name] === undefined) continue;
			const why = check(name, f, input[name]);
			if (why) errors.push({ type: f.oneOf ? "enum" : "invalid_type", field: `input.${name}`, description: why });
		}
		if (errors.length) return fail(invalid(x, errors));
		// Cross-field rules each model's schema page states.
		const rule = crossCheck(model, input);
		if (rule) return fail(problem(422, "Input validation failed", x.msg(`- input: ${rule}\n`)));
		const seconds =
			typeof input.duration === "number" ? input.duration : (getProviderInfo("replicate")?.models.find((s) => s.id === model)?.defaultDuration ?? 5);
		const image = [input.image, input.start_image, input.first_frame_image].find((v) => typeof v === "string") as string | undefined;
		const spec: CreateSpec = {
			model,
			prompt: String(input.prompt),
			seconds,
			size: String(input.resolution ?? input.mode ?? "default"),
			pro: false,
			flavor: version,
			imageUrl: image?.slice(0, 200),
		};
		return { ok: true, spec };
	},

	newId(_spec, x) {
		// Prediction ids are 26 characters of lowercase base32 ("gm3qorzdhgbfurvjtvhg6dckhu").
		const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
		let id = "";
		for (let i = 0; i < 26; i++) id += alphabet[Math.floor(x.rand() * 32)] ?? "a";
		return id;
	},

	created(task, x) {
		// A new prediction is always "starting" (booting or waiting for a worker) in the create answer.
		const p = { ...prediction(task, x), status: "starting", logs: "", started_at: null };
		return jsonRes(201, p, { location: `${apiBase(x)}/predictions/${task.id}` });
	},

	poll(task, x) {
		return jsonRes(200, prediction(task, x));
	},

	list,

	errors: {
		unauthorized: (x) => problem(401, "Unauthenticated", x.msg("You did not pass a valid authentication token")),
		// Simulated only: Replicate documents request-rate limits, not a concurrency cap.
		capacity: (x) => jsonRes(429, { detail: x.msg("Request was throttled: too many concurrent predictions for this account."), status: 429 }),
		// As observed: {"detail":"Request was throttled. Your rate limit resets in ~10s.","status":429,"retry_after":10}.
		rate: (x, retryAfterSec) =>
			retryAfterSec === undefined
				? jsonRes(429, { detail: x.msg("Request was throttled."), status: 429 })
				: jsonRes(429, {
						detail: x.msg(`Request was throttled. Your rate limit resets in ~${retryAfterSec}s.`),
						status: 429,
						retry_after: retryAfterSec,
					}),
		quota: (x) =>
			problem(
				402,
				"Insufficient credit",
				x.msg(
					"You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit. Once you purchase credit, please wait a few minutes before retrying.",
				),
			),
		server: (x, status) =>
			problem(status, status === 503 ? "Service Unavailable" : "Internal Server Error", x.msg("Something went wrong on our end. Please try again.")),
		notFound: (x) => problem(404, "Not Found", x.msg("Not found.")),
	},
};

function crossCheck(model: string, input: Record<string, unknown>): string | undefined {
	const family = familyOf(model);
	if (family === "kling-v3" && input.end_image !== undefined && input.start_image === undefined) return "end_image requires start_image";
	if (family === "seedance-2") {
		const frames = input.image !== undefined || input.last_frame_image !== undefined;
		if (frames && Array.isArray(input.reference_images) && input.reference_images.length > 0)
			return "reference_images cannot be combined with image or last_frame_image";
		if (input.last_frame_image !== undefined && input.image === undefined) return "last_frame_image only works with a first frame image";
	}
	if (family === "veo-3.1" && Array.isArray(input.reference_images) && input.reference_images.length > 0) {
		if ((input.aspect_ratio ?? "16:9") !== "16:9" || (input.duration ?? 8) !== 8)
			return "reference images only work with 16:9 aspect ratio and 8-second duration";
	}
	if (family === "hailuo" && input.resolution === "1080p" && input.duration === 10) return "10 seconds is only available for 768p resolution";
	return undefined;
}
