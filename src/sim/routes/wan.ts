/**
 * DashScope asynchronous video synthesis for Wan 2.6 (`${origin}/wan`):
 * `POST /api/v1/services/aigc/video-generation/video-synthesis` (requires
 * `X-DashScope-Async: enable`) → `{output:{task_id, task_status:"PENDING"}, request_id}`;
 * `GET /api/v1/tasks/{id}` → `output.task_status` PENDING/RUNNING/SUCCEEDED/FAILED/
 * CANCELED/UNKNOWN (an unknown id answers 200 UNKNOWN, as DashScope does).
 * Errors are `{code, message, request_id}` with the codes of Alibaba's error-code page;
 * the policy marker is rejected at create with DataInspectionFailed. Requests are checked
 * as the legacy t2v/i2v references describe them: t2v `size` from the 720P/1080P tables,
 * i2v `resolution` 720P/1080P and `img_url`, integer durations per model, `seed` in
 * [0, 2147483647], booleans for `audio` / `prompt_extend`.
 */
import { getProviderInfo } from "../../core/providers/catalog";
import { WAN_SIZES } from "../../core/providers/catalog/wan";
import { jsonOf, rec, type CreateSpec, type ProviderSim } from "../types";
import { dashscopeTaskRoutes, dsError, invalidParameter, syncRefused } from "./dashscope-task";

export const wanSim: ProviderSim = {
	id: "wan",
	...dashscopeTaskRoutes({ SR: 720 }),

	parseCreate(req, x) {
		const refused = syncRefused(req, x);
		if (refused) return refused;
		const body = jsonOf(req);
		const bad = (m: string) => invalidParameter(x, m);
		if (body === undefined) return bad("The request body is not valid JSON.");
		const b = rec(body);
		const modelId = typeof b.model === "string" ? b.model : "";
		const spec = getProviderInfo("wan")?.models.find((m) => m.id === modelId);
		if (!spec) return { ok: false, res: dsError(x, 404, "ModelNotFound", "Model can not be found.") };
		const input = rec(b.input);
		if (typeof input.prompt !== "string" || !input.prompt) return bad("Field required: input.prompt");
		if (input.prompt.includes(x.scenario.policyMarker)) {
			return { ok: false, res: dsError(x, 400, "DataInspectionFailed", "Input data may contain inappropriate content.") };
		}
		if (input.negative_prompt !== undefined && typeof input.negative_prompt !== "string") return bad("Parameter input.negative_prompt must be a string.");
		const p = rec(b.parameters);
		const dur = p.duration ?? spec.defaultDuration;
		if (typeof dur !== "number" || !spec.durations.includes(dur))
			return bad(`Parameter duration must be one of ${spec.durations.join(", ")}, got ${String(dur)}.`);
		if (p.seed !== undefined && (typeof p.seed !== "number" || !Number.isInteger(p.seed) || p.seed < 0 || p.seed > 2147483647)) {
			return bad(`Parameter seed must be an integer in [0, 2147483647], got ${String(p.seed)}.`);
		}
		for (const k of ["audio", "prompt_extend", "watermark"]) {
			if (p[k] !== undefined && typeof p[k] !== "boolean") return bad(`Parameter ${k} must be a boolean, got ${String(p[k])}.`);
		}
		let size: string;
		const i2v = /i2v/.test(spec.id);
		if (i2v) {
			if (typeof input.img_url !== "string" || !input.img_url) return bad("Field required: input.img_url");
			const r = p.resolution ?? "1080P";
			if (r !== "720P" && r !== "1080P") return bad(`Parameter resolution must be 720P or 1080P, got ${String(r)}.`);
			size = r === "1080P" ? "1920x1080" : "1280x720";
		} else {
			const allowed = Object.values(WAN_SIZES)
				.flatMap((byAspect) => Object.values(byAspect ?? {}))
				.map((s) => s.replace("x", "*"));
			const s = p.size ?? "1920*1080";
			if (typeof s !== "string" || !allowed.includes(s)) return bad(`Parameter size must be one of ${allowed.join(", ")}, got ${String(s)}.`);
			size = s.replace("*", "x");
		}
		const out: CreateSpec = {
			model: spec.id,
			prompt: input.prompt,
			seconds: dur,
			size,
			pro: false,
			imageUrl: typeof input.img_url === "string" ? input.img_url.slice(0, 200) : undefined,
		};
		return { ok: true, spec: out };
	},
};
