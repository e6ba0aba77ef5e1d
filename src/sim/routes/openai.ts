/**
 * OpenAI-shaped video routes: OpenAI itself (`${origin}/openai/v1`), NewAPI's
 * `/v1/videos` (`${origin}/newapi/v1`) and AIHubMix (`${origin}/aihubmix/v1`).
 * `POST /videos` (JSON or multipart), `GET /videos/{id}`, `GET /videos/{id}/content`,
 * and for OpenAI `GET /videos?limit=&order=`. Error bodies differ per gateway.
 * AIHubMix checks each model's own body (`relay-checks.ts`: flat Wan, Seedance `content[]`)
 * and answers a retired upstream model with NewAPI's `fail_to_fetch_task` + inner 404;
 * NewAPI takes `input_reference` as the string of its TaskSubmitReq too.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { RELAY_DIALECTS } from "../../core/providers/catalog/relay-models";
import { checkSeedance, checkWan, isGone, upstreamGone } from "./relay-checks";
import { parseMultipart } from "../multipart";
import { jsonOf, jsonRes, rec, secs, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";

type Variant = "openai" | "newapi" | "aihubmix";

function b64(s: string): string {
	return Buffer.from(s, "utf8").toString("base64");
}

export function openAiError(status: number, message: string, type: string, code: string | null, param: string | null = null): SimResponse {
	return jsonRes(status, { error: { message, type, param, code } });
}

export function newApiTaskError(status: number, code: string, message: string): SimResponse {
	return jsonRes(status, { code, message, data: null });
}

function aihubmixError(status: number, message: string): SimResponse {
	return jsonRes(status, { error: { message, type: "Aihubmix_api_error" }, type: "error" });
}

function pollHeader(x: Ctx): Record<string, string> {
	return x.scenario.pollAfterMs ? { "openai-poll-after-ms": String(x.scenario.pollAfterMs) } : {};
}

function mask(key: string | undefined): string {
	if (!key) return "";
	return key.length > 12 ? `${key.slice(0, 3)}${"*".repeat(8)}${key.slice(-4)}` : "****";
}

function statusOf(task: TaskRec, x: Ctx): { status: string; progress: number } {
	const v = x.view(task);
	const status = v.status === "queued" ? "queued" : v.status === "running" ? "in_progress" : v.status === "succeeded" ? "completed" : "failed";
	return { status, progress: v.status === "failed" ? 0 : v.progress };
}

export function openAiShapedSim(variant: Variant): ProviderSim {
	const models = getProviderInfo(variant)?.models ?? [];

	function invalid(x: Ctx, message: string, param: string | null, code: string): SimResponse {
		if (variant === "aihubmix") return aihubmixError(400, x.msg(message));
		return openAiError(400, x.msg(message), "invalid_request_error", code, param);
	}

	function videoObject(task: TaskRec, x: Ctx): Record<string, unknown> {
		const { status, progress } = statusOf(task, x);
		if (variant === "aihubmix" && !task.model.startsWith("sora")) {
			const [w, h] = task.size.split("x").map(Number);
			const o: Record<string, unknown> = {
				id: task.id,
				object: "video",
				status,
				progress,
				model: task.model,
				duration: task.seconds,
				width: w,
				height: h,
				created_at: secs(task.createdAt),
			};
			// The gateway passes the upstream's failure on in the OpenAI error slot.
			if (status === "failed") o.error = { code: "DataInspectionFailed", message: "Output data may contain inappropriate content." };
			return o;
		}
		const done = status === "completed" || status === "failed";
		const o: Record<string, unknown> = {
			id: task.id,
			object: "video",
			model: task.model,
			status,
			progress,
			created_at: secs(task.createdAt),
			completed_at: done ? secs(task.doneAt ?? x.now) : null,
			expires_at: status === "completed" ? secs((task.doneAt ?? x.now) + x.scenario.urlTtlMs) : null,
			prompt: task.prompt,
			seconds: String(task.seconds),
			size: task.size,
			remixed_from_video_id: null,
			error: status === "failed" ? { code: "moderation_blocked", message: "Your request was blocked by our moderation system." } : null,
		};
		if (variant === "newapi") {
			o.task_id = task.id;
			if (status === "failed") o.error = { code: "", message: "moderation_blocked: Your request was blocked by our moderation system." };
		}
		return o;
	}

	const sim: ProviderSim = {
		id: variant,
		auth: "bearer",

		match(method, path) {
			if (!path.startsWith("/v1/")) return null;
			const p = path.slice(3);
			if (p === "/videos" && method === "POST") return { route: "create" };
			if (p === "/videos" && method === "GET" && variant === "openai") return { route: "list" };
			const m = /^\/videos\/([^/]+)(\/content)?$/.exec(p);
			if (m?.[1] && method === "GET") {
				const taskId = decodeURIComponent(m[1]);
				return m[2] ? { route: "download", taskId } : { route: "poll", taskId };
			}
			return null;
		},

		parseCreate(req, x) {
			const ctype = req.h["content-type"] ?? "";
			let f: Record<string, unknown>;
			let imageUrl: string | undefined;
			if (/^multipart\/form-data/i.test(ctype)) {
				const raw = typeof req.body === "string" ? new TextEncoder().encode(req.body) : (req.body ?? new Uint8Array(0));
				const parts = parseMultipart(ctype, raw);
				if (!parts) return { ok: false, res: invalid(x, "Could not parse multipart form", null, "invalid_multipart") };
				f = {};
				for (const part of parts) {
					if (part.filename !== undefined) {
						if (!/^image\/(jpeg|png|webp)$/.test(part.contentType ?? "")) {
							return {
								ok: false,
								res: invalid(
									x,
									`Invalid file format for 'input_reference'. Supported formats: image/jpeg, image/png, image/webp.`,
									"input_reference",
									"invalid_value",
								),
							};
						}
						imageUrl = `upload:${part.filename}:${part.data.length}`;
					} else f[part.name] = new TextDecoder().decode(part.data);
				}
			} else {
				const body = jsonOf(req);
				if (body === undefined) return { ok: false, res: invalid(x, "We could not parse the JSON body of your request.", null, "invalid_json") };
				f = rec(body);
				const ref = rec(f.input_reference);
				if (typeof ref.image_url === "string") imageUrl = ref.image_url;
				else if (variant === "newapi" && typeof f.input_reference === "string") imageUrl = f.input_reference.slice(0, 200);
			}
			if (typeof f.prompt !== "string" || !f.prompt)
				return { ok: false, res: invalid(x, "Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter") };
			const modelId = f.model === undefined ? "sora-2" : f.model;
			const spec = models.find((m) => m.id === modelId);
			if (!spec) {
				return {
					ok: false,
					res: invalid(
						x,
						`Invalid value: '${String(modelId)}'. Supported values are: ${models.map((m) => `'${m.id}'`).join(", ")}.`,
						"model",
						"invalid_value",
					),
				};
			}
			if (variant === "aihubmix") {
				if (isGone(spec)) return { ok: false, res: upstreamGone(spec.id) };
				const dialect = RELAY_DIALECTS.aihubmix?.[spec.id];
				const c = dialect === "seedance" ? checkSeedance(f, spec) : dialect === "wan" ? checkWan(f, spec) : undefined;
				if (c && !c.ok) return { ok: false, res: invalid(x, c.message, null, "invalid_value") };
				if (c?.ok)
					return {
						ok: true,
						spec: { model: spec.id, prompt: f.prompt, seconds: c.seconds, size: c.size, pro: false, flavor: "videos", imageUrl: c.imageUrl },
					};
			}
			const allowed = [...spec.durations, ...(x.scenario.longSora && spec.id.startsWith("sora") ? [16, 20] : [])].map(String);
			const seconds = f.seconds === undefined ? String(spec.defaultDuration) : f.seconds;
			if (typeof seconds !== "string") {
				return {
					ok: false,
					res: invalid(
						x,
						`Invalid type for 'seconds': expected one of ${allowed.map((s) => `'${s}'`).join(", ")}, but got ${typeof seconds === "number" ? "an integer" : typeof seconds} instead.`,
						"seconds",
						"invalid_type",
					),
				};
			}
			if (!allowed.includes(seconds)) {
				return {
					ok: false,
					res: invalid(
						x,
						`Invalid value: '${seconds}'. Supported values are: ${allowed.map((s) => `'${s}'`).join(", ")}.`,
						"seconds",
						"invalid_value",
					),
				};
			}
			const sizes = [...spec.sizes.horizontal, ...spec.sizes.vertical];
			const size = f.size === undefined ? (spec.sizes.vertical[0] ?? "720x1280") : f.size;
			if (typeof size !== "string" || !sizes.includes(size)) {
				return {
					ok: false,
					res: invalid(
						x,
						`Invalid value: '${String(size)}'. Supported values are: ${sizes.map((s) => `'${s}'`).join(", ")}.`,
						"size",
						"invalid_value",
					),
				};
			}
			const out: CreateSpec = { model: spec.id, prompt: f.prompt, seconds: Number(seconds), size, pro: false, flavor: "videos", imageUrl };
			return { ok: true, spec: out };
		},

		newId(spec, x) {
			if (variant === "newapi") {
				const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
				let s = "";
				for (let i = 0; i < 32; i++) s += alnum[Math.floor(x.rand() * alnum.length)];
				return `task_${s}`;
			}
			const openaiId = `video_${x.hex(32)}`;
			if (variant === "aihubmix") {
				return `${b64(JSON.stringify({ model: spec.model, id: openaiId }))}channel${1000 + Math.floor(x.rand() * 9000)}`;
			}
			return openaiId;
		},

		created(task, x) {
			return jsonRes(200, videoObject(task, x), pollHeader(x));
		},

		poll(task, x) {
			return jsonRes(200, videoObject(task, x), pollHeader(x));
		},

		list(tasks, x, req) {
			const limit = Math.min(100, Math.max(1, Number(req.u.searchParams.get("limit") ?? "20") || 20));
			const order = req.u.searchParams.get("order") === "asc" ? "asc" : "desc";
			const sorted = order === "asc" ? [...tasks].reverse() : tasks;
			const data = sorted.slice(0, limit).map((t) => videoObject(t, x));
			const first = data[0]?.id ?? null;
			const last = data[data.length - 1]?.id ?? null;
			return jsonRes(200, { object: "list", data, first_id: first, last_id: last, has_more: sorted.length > limit });
		},

		content(task, x) {
			const { status } = statusOf(task, x);
			if (status !== "completed") {
				if (variant === "newapi") return newApiTaskError(400, "task_not_completed", x.msg(`task ${task.id} is ${status}`));
				return invalid(x, `Video is not ready yet (status: ${status}).`, null, "video_not_ready");
			}
			return x.download(task, 0);
		},

		errors: {
			unauthorized(x) {
				if (variant === "newapi") return openAiError(401, x.msg(`无效的令牌 (request id: ${x.requestId})`), "new_api_error", "");
				if (variant === "aihubmix") return aihubmixError(401, x.msg(`Invalid token (tid: ${x.requestId})`));
				if (!x.credential)
					return openAiError(
						401,
						x.msg(
							"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
						),
						"invalid_request_error",
						null,
					);
				return openAiError(
					401,
					x.msg(`Incorrect API key provided: ${mask(x.credential)}. You can find your API key at https://platform.openai.com/account/api-keys.`),
					"invalid_request_error",
					"invalid_api_key",
				);
			},
			capacity(x) {
				if (variant === "newapi") return newApiTaskError(429, "upstream_error", x.msg("当前分组上游负载已饱和，请稍后再试"));
				if (variant === "aihubmix") return aihubmixError(429, x.msg(`Too many concurrent video tasks for this key (tid: ${x.requestId})`));
				return openAiError(
					429,
					x.msg("Too many concurrent video generation jobs in progress. Wait for a job to finish before creating another."),
					"invalid_request_error",
					"concurrency_limit_exceeded",
				);
			},
			rate(x, ra) {
				const wait = ra !== undefined ? ` Please try again in ${ra}s.` : "";
				if (variant === "newapi") return openAiError(429, x.msg("您已达到请求数限制：1分钟内最多请求60次"), "new_api_error", "");
				if (variant === "aihubmix") return aihubmixError(429, x.msg(`Rate limit exceeded, too many requests per minute (tid: ${x.requestId})`));
				return openAiError(
					429,
					x.msg(`Rate limit reached for requests per minute (RPM) in organization org-sim.${wait}`),
					"requests",
					"rate_limit_exceeded",
				);
			},
			quota(x) {
				if (variant === "newapi") return openAiError(403, x.msg("用户额度不足, 剩余额度: ＄0.000000"), "new_api_error", "insufficient_user_quota");
				if (variant === "aihubmix") return aihubmixError(403, x.msg("Insufficient balance, please recharge your account"));
				return openAiError(
					429,
					x.msg("You exceeded your current quota, please check your plan and billing details."),
					"insufficient_quota",
					"insufficient_quota",
				);
			},
			server(x, status) {
				if (variant === "newapi") {
					return status === 503
						? openAiError(503, x.msg("当前分组 default 下对于模型 sora-2 无可用渠道"), "new_api_error", "model_not_found")
						: openAiError(status, x.msg("upstream error: do request failed"), "new_api_error", "do_request_failed");
				}
				if (variant === "aihubmix") return aihubmixError(status, x.msg(`no_valid_channel_error (tid: ${x.requestId})`));
				return status === 503
					? openAiError(503, x.msg("The engine is currently overloaded, please try again later."), "server_error", null)
					: openAiError(status, x.msg("The server had an error while processing your request. Sorry about that!"), "server_error", null);
			},
			notFound(x, id) {
				if (variant === "newapi") return newApiTaskError(400, "task_not_exist", x.msg("task_not_exist"));
				if (variant === "aihubmix") return aihubmixError(404, x.msg(`task not found: ${id}`));
				return openAiError(404, x.msg(`Video with id '${id}' not found.`), "invalid_request_error", "not_found");
			},
		},
	};
	return sim;
}
