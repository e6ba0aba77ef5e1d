/**
 * What the simulated relays (T8Star, AIHubMix) check in a create body, per model
 * dialect, and the answer a relay gives once an upstream model is gone: NewAPI's
 * TaskError `fail_to_fetch_task` carrying the upstream's 404 as a JSON string.
 */
import type { ModelSpec } from "../../core/providers/types";
import { jsonRes, rec, type SimResponse } from "../types";

/** The relay's answer for a retired upstream model (HTTP status = the upstream's). */
export function upstreamGone(modelId: string): SimResponse {
	const inner = { error: { code: 404, message: `models/${modelId} is no longer available to new users. Please use a current model.`, status: "NOT_FOUND" } };
	return jsonRes(404, { code: "fail_to_fetch_task", message: JSON.stringify(inner), data: null });
}

export function isGone(spec: ModelSpec): boolean {
	return spec.lifecycle.status === "retired";
}

/** Width x height of a resolution token and ratio, for the task record. */
export function sizeOfToken(resolution: string, ratio: string): string {
	const short = Number.parseInt(resolution, 10) || 720;
	const [a, b] = ratio.split(":").map(Number) as [number, number];
	const long = Math.round((short * Math.max(a, b)) / Math.min(a, b) / 2) * 2;
	return a >= b ? `${long}x${short}` : `${short}x${long}`;
}

type Check = { ok: true; seconds: number; size: string; imageUrl?: string } | { ok: false; message: string };

/** AIHubMix's Seedance body: `duration` number, `content[]` with roled images, resolution token, ratio, seed, generate_audio. */
export function checkSeedance(b: Record<string, unknown>, spec: ModelSpec): Check {
	const dur = b.duration ?? spec.defaultDuration;
	if (typeof dur !== "number" || !spec.durations.includes(dur))
		return { ok: false, message: `invalid duration ${String(dur)}: ${spec.id} supports ${spec.durations[0]}-${spec.durations.at(-1)}` };
	if (!Array.isArray(b.content) || !b.content.some((c) => rec(c).type === "text")) return { ok: false, message: "content must be an array with a text item" };
	const items = (b.content as unknown[]).map(rec).filter((c) => c.type === "image_url");
	const roles = items.map((c) => c.role);
	if (!items.every((c) => typeof rec(c.image_url).url === "string")) return { ok: false, message: "content[].image_url.url is required" };
	if (roles.some((r) => r !== "first_frame" && r !== "last_frame" && r !== "reference_image"))
		return { ok: false, message: "content[].role must be first_frame, last_frame or reference_image" };
	const refs = roles.filter((r) => r === "reference_image").length;
	if (refs > spec.caps.maxReferences) return { ok: false, message: `at most ${spec.caps.maxReferences} reference images` };
	if (refs > 0 && roles.some((r) => r !== "reference_image"))
		return { ok: false, message: "reference images cannot be combined with first_frame / last_frame" };
	if (roles.includes("last_frame") && !roles.includes("first_frame")) return { ok: false, message: "last_frame needs a first_frame" };
	const res = b.resolution ?? spec.caps.resolutions[0];
	if (typeof res !== "string" || !(spec.caps.resolutions as string[]).includes(res))
		return { ok: false, message: `invalid resolution ${String(res)} for ${spec.id}` };
	const ratio = b.ratio ?? "16:9";
	if (typeof ratio !== "string" || !(spec.caps.aspects as string[]).includes(ratio)) return { ok: false, message: `invalid ratio ${String(ratio)}` };
	if (b.seed !== undefined && (typeof b.seed !== "number" || !Number.isInteger(b.seed))) return { ok: false, message: "seed must be an integer" };
	if (b.generate_audio !== undefined && typeof b.generate_audio !== "boolean") return { ok: false, message: "generate_audio must be a boolean" };
	const first = items.find((c) => c.role === "first_frame");
	const url = first ? rec(first.image_url).url : undefined;
	return { ok: true, seconds: dur, size: sizeOfToken(res, ratio), imageUrl: typeof url === "string" ? url.slice(0, 200) : undefined };
}

/** AIHubMix's flat Wan body: `seconds` a string, `size` from the model's list, `input_reference` a string. */
export function checkWan(f: Record<string, unknown>, spec: ModelSpec): Check {
	const seconds = f.seconds ?? String(spec.defaultDuration);
	if (typeof seconds !== "string" || !spec.durations.map(String).includes(seconds)) {
		return { ok: false, message: `invalid seconds ${String(seconds)}: ${spec.id} supports ${spec.durations[0]}-${spec.durations.at(-1)} (as a string)` };
	}
	const sizes = [...spec.sizes.horizontal, ...spec.sizes.vertical];
	const size = f.size ?? sizes[0];
	if (typeof size !== "string" || !sizes.includes(size))
		return { ok: false, message: `invalid size ${String(size)}: ${spec.id} supports ${sizes.join(", ")}` };
	if (f.input_reference !== undefined && typeof f.input_reference !== "string")
		return { ok: false, message: "input_reference must be a URL or data URI string" };
	if (spec.caps.imageRequired && typeof f.input_reference !== "string") return { ok: false, message: `${spec.id} needs input_reference` };
	return { ok: true, seconds: Number(seconds), size, imageUrl: typeof f.input_reference === "string" ? f.input_reference.slice(0, 200) : undefined };
}
