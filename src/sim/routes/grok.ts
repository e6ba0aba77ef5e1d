/**
 * xAI Grok Imagine video (`${origin}/grok/v1`): `POST /videos/generations` →
 * `{request_id}`; `GET /videos/{request_id}` → `202 {status:"pending"}` while running,
 * `200 {status:"done", model, video:{url, duration, respect_moderation}, usage}` when done,
 * `200 {status:"failed", error}` for the policy marker, and `{status:"expired"}` once the
 * result's URL lifetime has passed. Errors are `{code, error}`.
 * Requests are checked as xAI documents them (read 2026-12-03): duration 1–15, the seven
 * ratios, resolution 480p (default) / 720p, 1080p only on grok-imagine-video-1.5,
 * `image` and `reference_images` (≤ 7) not together, the 1.5 preview only with `image`,
 * `generate_audio` a boolean.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { jsonOf, jsonRes, rec, type CreateSpec, type Ctx, type ProviderSim, type SimResponse } from "../types";

function xError(x: Ctx, status: number, code: string, error: string): SimResponse {
	return jsonRes(status, { code, error: x.msg(error) });
}

const RATIOS = ["16:9", "1:1", "9:16", "4:3", "3:4", "3:2", "2:3"];

export const grokSim: ProviderSim = {
	id: "grok",
	auth: "bearer",

	match(method, path) {
		if (!path.startsWith("/v1/")) return null;
		const p = path.slice(3);
		if (p === "/videos/generations" && method === "POST") return { route: "create" };
		const m = /^\/videos\/([^/]+)$/.exec(p);
		if (m?.[1] && method === "GET" && m[1] !== "generations") return { route: "poll", taskId: decodeURIComponent(m[1]) };
		return null;
	},

	parseCreate(req, x) {
		const body = jsonOf(req);
		const bad = (m: string) => ({ ok: false as const, res: xError(x, 400, "Client specified an invalid argument", m) });
		if (body === undefined) return bad("Failed to deserialize the JSON body into the target type");
		const b = rec(body);
		const modelId = typeof b.model === "string" ? b.model : "grok-imagine-video";
		const spec = getProviderInfo("grok")?.models.find((m) => m.id === modelId);
		if (!spec)
			return {
				ok: false,
				res: xError(x, 404, "Some requested entity was not found", `The model ${modelId} does not exist or your team does not have access to it.`),
			};
		if (typeof b.prompt !== "string" || !b.prompt) return bad("prompt: field is required");
		if (b.prompt.length > 4096) return bad("prompt: must be at most 4096 characters");
		const dur = b.duration ?? spec.defaultDuration;
		if (typeof dur !== "number" || !Number.isInteger(dur) || dur < 1 || dur > 15)
			return bad(`duration: must be an integer between 1 and 15, got ${String(dur)}`);
		const ar = b.aspect_ratio ?? "16:9";
		if (typeof ar !== "string" || !RATIOS.includes(ar)) return bad(`aspect_ratio: unsupported value ${String(ar)}`);
		const res = b.resolution ?? "480p";
		const resolutions = spec.id === "grok-imagine-video-1.5" ? ["480p", "720p", "1080p"] : ["480p", "720p"];
		if (typeof res !== "string" || !resolutions.includes(res)) return bad(`resolution: unsupported value ${String(res)} for ${spec.id}`);
		if (b.generate_audio !== undefined && typeof b.generate_audio !== "boolean") return bad("generate_audio: expected a boolean");
		const refs = b.reference_images;
		if (refs !== undefined) {
			if (!Array.isArray(refs) || refs.length < 1 || refs.length > 7 || !refs.every((r) => typeof rec(r).url === "string")) {
				return bad("reference_images: expected 1 to 7 objects with a url");
			}
			if (b.image !== undefined) return bad("image and reference_images cannot be used together");
		}
		const img = rec(b.image).url;
		if (b.image !== undefined && typeof img !== "string") return bad("image.url: field is required");
		if (spec.id === "grok-imagine-video-1.5-preview" && typeof img !== "string") return bad(`${spec.id} only supports image-to-video: image is required`);
		const portrait = ar === "9:16" || ar === "3:4" || ar === "2:3";
		const short = res === "1080p" ? 1080 : res === "720p" ? 720 : 480;
		const long = Math.round((short * 16) / 9 / 2) * 2;
		const size = portrait ? `${short}x${long}` : `${long}x${short}`;
		const out: CreateSpec = {
			model: spec.id,
			prompt: b.prompt,
			seconds: dur,
			size,
			pro: false,
			imageUrl: typeof img === "string" ? img.slice(0, 200) : undefined,
		};
		return { ok: true, spec: out };
	},

	newId: (_s, x) => x.uuid(),

	created(task) {
		return jsonRes(200, { request_id: task.id });
	},

	poll(task, x) {
		const v = x.view(task);
		if (v.status === "queued" || v.status === "running") return jsonRes(202, { status: "pending" });
		if (v.status === "failed") {
			return jsonRes(200, { status: "failed", error: { code: "content_moderated", message: "The generated video was rejected by content moderation." } });
		}
		if (x.now > (task.doneAt ?? x.now) + x.scenario.urlTtlMs) return jsonRes(200, { status: "expired" });
		return jsonRes(200, {
			status: "done",
			model: task.model,
			video: { url: x.signedUrl(task), duration: task.seconds, respect_moderation: true },
			usage: { cost_in_usd_ticks: task.seconds * 500_000_000 },
		});
	},

	errors: {
		unauthorized: (x) =>
			xError(
				x,
				401,
				"Client specified an invalid argument",
				`Incorrect API key provided: ${x.credential ? `${x.credential.slice(0, 2)}***${x.credential.slice(-2)}` : "(none)"}. You can obtain an API key from https://console.x.ai.`,
			),
		capacity: (x) => xError(x, 429, "Too many requests", "Too many concurrent video generation requests for this team. Wait for one to complete."),
		rate: (x) => xError(x, 429, "Too many requests", "Rate limit exceeded: too many requests per minute for this team."),
		quota: (x) =>
			xError(
				x,
				403,
				"The caller does not have permission to execute the specified operation",
				"Your team has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit.",
			),
		server: (x, status) =>
			xError(x, status, status === 503 ? "Service unavailable" : "Internal error", "The service encountered an internal error. Please retry."),
		notFound: (x, id) => xError(x, 404, "Some requested entity was not found", `Video request ${id} not found`),
	},
};
