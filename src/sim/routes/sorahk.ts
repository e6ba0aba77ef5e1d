/**
 * Sora.hk native API (base `${origin}/sorahk/v1`): `POST /create`,
 * `GET /tasks/{id}`, `GET /tasks?page=&page_size=`, `GET /balance`, `GET /pricing`.
 * Envelope `{code, message, data}`; parameter errors (1001) and insufficient
 * balance (1012) come back as HTTP 200 with the body code, as the doc lists them.
 */
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";

/** "2026-01-11T15:08:35.407+08:00", as observed. */
export function iso8(ms: number): string {
	return new Date(ms + 8 * 3600_000).toISOString().replace("Z", "+08:00");
}

function env(code: number, message: string, data: unknown, status = 200): SimResponse {
	return jsonRes(status, { code, message, data });
}

const POLICY_MSG = "此内容可能违反我们关于第三方相似性的限制条款。";

function taskData(task: TaskRec, x: Ctx): Record<string, unknown> {
	const v = x.view(task);
	const status = v.status === "queued" ? "pending" : v.status === "running" ? "processing" : v.status === "succeeded" ? "completed" : "failed";
	const d: Record<string, unknown> = {
		task_id: task.id,
		status,
		progress: v.progress,
		prompt: task.prompt,
		is_pro: task.pro,
		duration: task.seconds,
		resolution: task.size,
		quality: task.pro ? "high" : "normal",
		remove_watermark: true,
		image_url: task.imageUrl ?? null,
		created_at: iso8(task.createdAt),
	};
	if (v.status === "succeeded") {
		d.video_url = x.signedUrl(task);
		d.completed_at = iso8(task.doneAt ?? x.now);
	}
	if (v.status === "failed") {
		d.error_msg = POLICY_MSG;
		d.completed_at = iso8(task.doneAt ?? x.now);
	}
	return d;
}

export const sorahkSim: ProviderSim = {
	id: "sorahk",
	auth: "bearer",

	match(method, path) {
		if (!path.startsWith("/v1/")) return null;
		const p = path.slice(3);
		if (method === "POST" && p === "/create") return { route: "create" };
		if (method === "GET" && p === "/tasks") return { route: "list" };
		const m = /^\/tasks\/([^/]+)$/.exec(p);
		if (method === "GET" && m?.[1]) return { route: "poll", taskId: decodeURIComponent(m[1]) };
		if (method === "GET" && p === "/balance")
			return { route: "other", answer: () => env(200, "操作成功", { balance: 100000, currency: "USD", unit: "cents" }) };
		if (method === "GET" && p === "/pricing")
			return { route: "other", answer: () => env(200, "操作成功", { normal_price: 3, pro_price: 30, currency: "USD", unit: "cents" }) };
		return null;
	},

	parseCreate(req, x) {
		const body = jsonOf(req);
		const b = rec(body);
		const bad = (m: string) => ({ ok: false as const, res: env(1001, x.msg(`参数错误: ${m}`), null) });
		if (body === undefined) return bad("请求体不是有效的JSON");
		if (typeof b.prompt !== "string" || !b.prompt.trim()) return bad("prompt 不能为空");
		const pro = b.is_pro === true;
		const duration = b.duration === undefined ? 10 : b.duration;
		const allowed = pro ? [10, 15, 25] : [10, 15];
		if (typeof duration !== "number" || !allowed.includes(duration)) {
			return bad(`duration ${String(duration)} 无效，仅支持 ${allowed.join("/")}${pro ? "" : "（25 秒仅限 Pro 模式）"}`);
		}
		const resolution = b.resolution ?? "horizontal";
		if (resolution !== "horizontal" && resolution !== "vertical") return bad("resolution 仅支持 horizontal / vertical");
		if (b.image_url !== undefined && typeof b.image_url !== "string") return bad("image_url 必须是字符串");
		const spec: CreateSpec = {
			model: "sora-2",
			prompt: b.prompt,
			seconds: duration,
			size: resolution,
			pro,
			imageUrl: typeof b.image_url === "string" ? b.image_url : undefined,
		};
		return { ok: true, spec };
	},

	newId: (_s, x) => x.uuid(),

	created(task) {
		return env(200, "操作成功", { task_id: task.id, status: "pending", cost: task.pro ? 30 : 10 });
	},

	poll(task, x) {
		return env(200, "操作成功", taskData(task, x));
	},

	list(tasks, x, req) {
		const page = Math.max(1, Number(req.u.searchParams.get("page") ?? "1") || 1);
		const size = Math.min(100, Math.max(1, Number(req.u.searchParams.get("page_size") ?? "20") || 20));
		const status = req.u.searchParams.get("status");
		const all = tasks.map((t) => taskData(t, x)).filter((d) => !status || d.status === status);
		return env(200, "操作成功", { tasks: all.slice((page - 1) * size, page * size), total: all.length, page, page_size: size });
	},

	errors: {
		unauthorized: (x) => env(401, x.msg("API密钥无效或已被禁用"), null, 401),
		capacity: (x) => env(429, x.msg("并发任务数已达上限，请稍后再试"), null, 429),
		rate: (x) => env(429, x.msg("请求过于频繁，请稍后再试"), null, 429),
		quota: (x) => env(1012, x.msg("余额不足，请充值后再试"), null),
		server: (x, status) => env(500, x.msg(status === 503 ? "服务暂时不可用，请稍后再试" : "服务器内部错误"), null, status),
		notFound: (x, id) => env(404, x.msg(`任务不存在: ${id}`), null, 404),
	},
};
