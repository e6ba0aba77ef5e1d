/**
 * MiniMax Hailuo v1 video API (`${origin}/minimax/v1`), as documented on
 * platform.minimax.io (read 2026-12-03):
 *  - `POST /v1/video_generation` → `{task_id, base_resp:{status_code:0, status_msg:"success"}}`;
 *  - `GET /v1/query/video_generation?task_id=` → `{task_id, status, file_id?, video_width?,
 *    video_height?, base_resp}` with status Queueing / Processing / Success / Fail;
 *  - `GET /v1/files/retrieve?file_id=` → `{file:{file_id, bytes, created_at, filename,
 *    purpose, download_url}, base_resp}`; the download URL is OSS-signed and expires.
 * Errors are HTTP 200 with a non-zero `base_resp.status_code` (1002 rate limit, 1004 auth,
 * 1008 insufficient balance, 1026 sensitive input, 1041 conn limit, 2013 invalid params);
 * server trouble is a 5xx with base_resp 1000. The policy marker is refused at create
 * (1026); a task whose output is refused fails with 1027.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import type { Resolution } from "../../core/providers/types";
import { simImages } from "../images";
import { jsonOf, jsonRes, rec, secs, textRes, type CreateSpec, type Ctx, type ProviderSim, type SimResponse, type TaskRec } from "../types";

const P = "/v1";

function baseResp(code: number, msg: string): { status_code: number; status_msg: string } {
	return { status_code: code, status_msg: msg };
}

/** An error as MiniMax sends most of them: HTTP 200 and a base_resp code. */
function mmError(x: Ctx, code: number, msg: string, status = 200): SimResponse {
	return jsonRes(status, { base_resp: baseResp(code, x.msg(msg)) });
}

/** The int64 file id of a task (60 bits of its file hash, so some exceed 2^53 as real ids may). */
function fileIdOf(task: TaskRec): string {
	return BigInt(`0x${task.fileId.slice(0, 15)}`).toString();
}

/** "768P" → 768 (the short side), per the docs' resolutions. */
const SHORT: Record<string, number> = { "512P": 512, "720P": 720, "768P": 768, "1080P": 1080 };

function sizeOf(resolution: string): string {
	const short = SHORT[resolution] ?? 720;
	return `${Math.round((short * 16) / 9 / 2) * 2}x${short}`;
}

function isImage(v: unknown): boolean {
	return typeof v === "string" && (/^https?:\/\//.test(v) || /^data:image\/(jpeg|jpg|png);base64,/.test(v));
}

/** `GET /v1/files/retrieve?file_id=`: the file of a finished task, by its numeric id. */
function retrieve(x: Ctx, fileId: string): SimResponse {
	const task = /^\d+$/.test(fileId) ? x.tasksOf("minimax").find((t) => fileIdOf(t) === fileId) : undefined;
	if (!task || x.view(task).status !== "succeeded") return mmError(x, 2013, `invalid params, file_id ${fileId} not found`);
	// The id goes out as a bare int64 number, as the retrieve API types it (digits kept exactly).
	const file = `{"file_id":${fileId},"bytes":${task.seconds * 1_000_000},"created_at":${secs(task.doneAt ?? x.now)},"filename":"output_aigc.mp4","purpose":"video_generation","download_url":${JSON.stringify(x.signedUrl(task, "oss"))}}`;
	return textRes(200, `{"file":${file},"base_resp":{"status_code":0,"status_msg":"success"}}`, "application/json; charset=utf-8");
}

export const minimaxSim: ProviderSim = {
	id: "minimax",
	auth: "bearer",

	match(method, path, req) {
		if (path === `${P}/video_generation` && method === "POST") return { route: "create" };
		if (path === `${P}/query/video_generation` && method === "GET") return { route: "poll", taskId: req.u.searchParams.get("task_id") ?? "" };
		if (path === `${P}/files/retrieve` && method === "GET") {
			const fileId = req.u.searchParams.get("file_id") ?? "";
			return { route: "other", answer: (x) => retrieve(x, fileId) };
		}
		return null;
	},

	parseCreate(req, x) {
		const body = jsonOf(req);
		const bad = (m: string) => ({ ok: false as const, res: mmError(x, 2013, `invalid params, ${m}`) });
		if (body === undefined) return bad("request body is not valid JSON");
		const b = rec(body);
		const modelId = typeof b.model === "string" ? b.model : "";
		const spec = getProviderInfo("minimax")?.models.find((m) => m.id === modelId);
		if (!spec) return bad(`model ${modelId || "(missing)"} is not supported`);
		const prompt = typeof b.prompt === "string" ? b.prompt : "";
		if (prompt.length > 2000) return bad("prompt exceeds 2000 characters");
		if (prompt.includes(x.scenario.policyMarker)) return { ok: false, res: mmError(x, 1026, "input new_sensitive") };
		if (b.prompt_optimizer !== undefined && typeof b.prompt_optimizer !== "boolean") return bad("prompt_optimizer must be a boolean");
		const first = b.first_frame_image;
		const last = b.last_frame_image;
		const subject = b.subject_reference;
		if (first !== undefined && !isImage(first)) return bad("first_frame_image must be a URL or a base64 data URL");
		if (last !== undefined && !isImage(last)) return bad("last_frame_image must be a URL or a base64 data URL");
		if (spec.caps.imageRequired && first === undefined) return bad(`${spec.id} requires first_frame_image`);
		if (last !== undefined && !spec.caps.lastFrame) return bad(`last_frame_image is not supported by ${spec.id}`);
		if (first !== undefined && !spec.caps.firstFrame) return bad(`first_frame_image is not supported by ${spec.id}`);
		if (spec.caps.maxReferences > 0) {
			const refs = Array.isArray(subject) ? (subject as unknown[]) : [];
			const one = rec(refs[0]);
			const images = Array.isArray(one.image) ? (one.image as unknown[]) : [];
			if (refs.length !== 1 || one.type !== "character" || images.length !== 1 || !isImage(images[0])) {
				return bad("subject_reference must hold one character image");
			}
		} else if (subject !== undefined) return bad(`subject_reference is not supported by ${spec.id}`);
		if (!prompt && first === undefined) return bad("prompt is required");
		let seconds = spec.defaultDuration;
		let resolution = "720P";
		if (!/^S2V-01$/.test(spec.id)) {
			const dur = b.duration ?? spec.defaultDuration;
			resolution = typeof b.resolution === "string" ? b.resolution : "768P";
			const allowed = spec.caps.resolutions.map((r) => r.toUpperCase());
			if (!allowed.includes(resolution)) return bad(`resolution ${resolution} is not supported by ${spec.id} (${allowed.join(", ")})`);
			const byRes = spec.caps.durationsByResolution?.[resolution.toLowerCase() as Resolution] ?? spec.durations;
			if (typeof dur !== "number" || !byRes.includes(dur))
				return bad(`duration ${String(dur)} is not supported by ${spec.id} at ${resolution} (${byRes.join(", ")})`);
			seconds = dur;
		}
		const image = typeof first === "string" ? first.slice(0, 200) : undefined;
		const out: CreateSpec = { model: spec.id, prompt, seconds, size: sizeOf(resolution), pro: false, imageUrl: image };
		const subjects = (Array.isArray(subject) ? (subject as unknown[]) : []).flatMap((s) =>
			Array.isArray(rec(s).image) ? (rec(s).image as unknown[]) : [],
		);
		const images = simImages([["first", first], ["last", last], ...subjects.map((i) => ["reference", i] as const)]);
		if (images) out.images = images;
		return { ok: true, spec: out };
	},

	unknownRoute: () => textRes(404, "404 page not found", "text/plain; charset=utf-8"),

	// Task ids are digit strings (e.g. "106916112212032").
	newId: (_s, x) => String(100_000_000_000_000 + Math.floor(x.rand() * 900_000_000_000_000)),

	created(task) {
		return jsonRes(200, { task_id: task.id, base_resp: baseResp(0, "success") });
	},

	poll(task, x) {
		const v = x.view(task);
		if (v.status === "queued") return jsonRes(200, { task_id: task.id, status: "Queueing", base_resp: baseResp(0, "success") });
		if (v.status === "running") return jsonRes(200, { task_id: task.id, status: "Processing", base_resp: baseResp(0, "success") });
		if (v.status === "failed") return jsonRes(200, { task_id: task.id, status: "Fail", base_resp: baseResp(1027, "output new_sensitive") });
		const [w, h] = task.size.split("x").map(Number);
		return jsonRes(200, {
			task_id: task.id,
			status: "Success",
			file_id: fileIdOf(task),
			video_width: w,
			video_height: h,
			base_resp: baseResp(0, "success"),
		});
	},

	errors: {
		unauthorized: (x) => mmError(x, 1004, "login fail: Please carefully check the Authorization header"),
		capacity: (x) => mmError(x, 1041, "conn limit"),
		rate: (x) => mmError(x, 1002, "rate limit"),
		quota: (x) => mmError(x, 1008, "insufficient balance"),
		server: (x, status) => mmError(x, 1000, "unknown error", status),
		notFound: (x, id) => mmError(x, 2013, `invalid params, task ${id} not found`),
	},
};
