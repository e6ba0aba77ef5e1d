/**
 * NewAPI's task routes and T8Star's v2 routes.
 * - NewAPI (`${origin}/newapi/v1`): `POST /video/generations` → `{task_id, status:"queued"}`,
 *   `GET /video/generations/{id}` → `{code:"success", message:"", data: TaskDto}` with
 *   `status` NOT_START/SUBMITTED/QUEUED/IN_PROGRESS/SUCCESS/FAILURE and `progress:"NN%"`;
 *   `result_url` is the gateway's own `/v1/videos/{id}/content` (token required).
 * - T8Star (`${origin}/t8star`): `POST /v2/videos/generations` → `{task_id}`,
 *   `GET /v2/videos/generations/{id}` → `{status, progress:"NN%", fail_reason, data:{output}}`.
 *   Veo 3.1 ids take `aspect_ratio` 16:9|9:16, `images` (≤ 3), `enhance_prompt`, an integer
 *   `duration`; a retired upstream model (the Sora ids) gets `fail_to_fetch_task` + inner 404.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { jsonOf, jsonRes, rec, secs, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";
import { newApiTaskError, openAiError } from "./openai";
import { isGone, upstreamGone } from "./relay-checks";

type Variant = "newapi" | "t8star";

function upper(task: TaskRec, x: Ctx): { status: string; progress: string } {
	const v = x.view(task);
	const status = v.status === "queued" ? "QUEUED" : v.status === "running" ? "IN_PROGRESS" : v.status === "succeeded" ? "SUCCESS" : "FAILURE";
	return { status, progress: `${v.status === "failed" ? 100 : v.progress}%` };
}

const FAIL_REASON = "moderation_blocked: Your request was blocked by our content policy moderation system.";

export function generationsSim(variant: Variant): ProviderSim {
	const models = getProviderInfo(variant)?.models ?? [];
	const prefix = variant === "t8star" ? "/v2/videos/generations" : "/v1/video/generations";

	function invalid(x: Ctx, message: string): SimResponse {
		return newApiTaskError(400, "invalid_request", x.msg(message));
	}

	return {
		id: variant,
		auth: "bearer",

		match(method, path) {
			if (path === prefix && method === "POST") return { route: "create" };
			if (path.startsWith(prefix + "/") && method === "GET") {
				const id = path.slice(prefix.length + 1);
				if (id && !id.includes("/")) return { route: "poll", taskId: decodeURIComponent(id) };
			}
			return null;
		},

		parseCreate(req, x) {
			const body = jsonOf(req);
			if (body === undefined) return { ok: false, res: invalid(x, "invalid request body: not JSON") };
			const b = rec(body);
			if (typeof b.prompt !== "string" || !b.prompt) return { ok: false, res: invalid(x, "prompt is required") };
			const modelId = typeof b.model === "string" ? b.model : "sora-2";
			const spec = models.find((m) => m.id === modelId);
			if (!spec) return { ok: false, res: invalid(x, `model ${modelId} is not supported`) };
			if (variant === "t8star" && isGone(spec)) return { ok: false, res: upstreamGone(spec.id) };
			const veo = variant === "t8star" && spec.id.startsWith("veo");
			if (veo) {
				const images: unknown[] = Array.isArray(b.images) ? b.images : [];
				if (b.images !== undefined && (!Array.isArray(b.images) || images.length > 3 || !images.every((i) => typeof i === "string"))) {
					return { ok: false, res: invalid(x, "images must be an array of at most 3 URLs or base64 strings") };
				}
				if (b.enhance_prompt !== undefined && typeof b.enhance_prompt !== "boolean")
					return { ok: false, res: invalid(x, "enhance_prompt must be a boolean") };
				if (b.duration !== undefined && (typeof b.duration !== "number" || !spec.durations.includes(b.duration))) {
					return { ok: false, res: invalid(x, `invalid duration ${String(b.duration)}: ${modelId} supports ${spec.durations.join(", ")}`) };
				}
			}
			const rawDur = b.duration ?? b.seconds ?? spec.defaultDuration;
			const seconds = typeof rawDur === "string" && /^\d+$/.test(rawDur) ? Number(rawDur) : rawDur;
			const pro = b.hd === true;
			const allowed = pro && spec.proDurations ? spec.proDurations : spec.durations;
			if (typeof seconds !== "number" || !allowed.includes(seconds)) {
				return { ok: false, res: invalid(x, `invalid duration ${String(rawDur)}: ${modelId} supports ${allowed.join(", ")}`) };
			}
			let size: string;
			if (variant === "t8star") {
				const ar = b.aspect_ratio ?? "16:9";
				if (ar !== "16:9" && ar !== "9:16") return { ok: false, res: invalid(x, `invalid aspect_ratio ${String(ar)}`) };
				size = ar === "16:9" ? "1280x720" : "720x1280";
			} else {
				const sizes = [...spec.sizes.horizontal, ...spec.sizes.vertical];
				size = typeof b.size === "string" ? b.size : (sizes[0] ?? "1280x720");
				if (!sizes.includes(size)) return { ok: false, res: invalid(x, `invalid size ${size}: ${modelId} supports ${sizes.join(", ")}`) };
			}
			const images = Array.isArray(b.images) ? b.images : typeof b.image === "string" ? [b.image] : [];
			const img: unknown = images[0];
			const out: CreateSpec = {
				model: spec.id,
				prompt: b.prompt,
				seconds,
				size,
				pro,
				flavor: "generations",
				imageUrl: typeof img === "string" ? img.slice(0, 200) : undefined,
			};
			return { ok: true, spec: out };
		},

		newId(_spec, x) {
			return variant === "t8star" ? `video_${x.hex(32)}` : `task_${x.hex(32)}`;
		},

		created(task) {
			return variant === "t8star" ? jsonRes(200, { task_id: task.id }) : jsonRes(200, { task_id: task.id, status: "queued" });
		},

		poll(task, x) {
			const { status, progress } = upper(task, x);
			const done = status === "SUCCESS" || status === "FAILURE";
			if (variant === "t8star") {
				const o: Record<string, unknown> = { task_id: task.id, status, progress, submit_time: secs(task.createdAt) };
				if (status === "SUCCESS") o.data = { output: x.signedUrl(task) };
				if (status === "FAILURE") o.fail_reason = "content policy violation: the prompt was rejected by the safety system";
				return jsonRes(200, o);
			}
			const data = {
				id: task.seq,
				created_at: secs(task.createdAt),
				updated_at: secs(x.now),
				task_id: task.id,
				platform: "sora",
				user_id: 1,
				group: "default",
				channel_id: 1,
				quota: task.seconds * 1000,
				action: "generate",
				status,
				fail_reason: status === "FAILURE" ? FAIL_REASON : "",
				result_url: status === "SUCCESS" ? `${x.origin}/newapi/v1/videos/${encodeURIComponent(task.id)}/content` : "",
				submit_time: secs(task.createdAt),
				start_time: task.startedAt !== null ? secs(task.startedAt) : 0,
				finish_time: done ? secs(task.doneAt ?? x.now) : 0,
				progress,
				properties: {},
				data: {},
			};
			return jsonRes(200, { code: "success", message: "", data });
		},

		errors: {
			unauthorized: (x) => openAiError(401, x.msg(`无效的令牌 (request id: ${x.requestId})`), "new_api_error", ""),
			capacity: (x) => newApiTaskError(429, "upstream_error", x.msg("当前分组上游负载已饱和，请稍后再试")),
			rate: (x) => openAiError(429, x.msg("您已达到请求数限制：1分钟内最多请求60次"), "new_api_error", ""),
			quota: (x) => newApiTaskError(403, "insufficient_user_quota", x.msg("用户额度不足, 剩余额度: ＄0.000000")),
			server: (x, status) =>
				newApiTaskError(
					status,
					"fail_to_fetch_task",
					x.msg(status === 503 ? "当前分组 default 下对于模型 sora-2 无可用渠道" : "upstream error: do request failed"),
				),
			notFound: (x) => newApiTaskError(400, "task_not_exist", x.msg("task_not_exist")),
		},
	};
}
