/**
 * The simulator's Gemini image model ("Nano Banana Pro"), synchronous:
 *   POST /gemini/v1beta/models/{model}:generateContent   (x-goog-api-key or ?key=)
 * Answers candidates[0].content.parts = [{text}, {inlineData:{mimeType:"image/png", data}}]
 * with a small PNG whose color depends on the prompt, at the requested aspect
 * (16:9 → 172×96, 9:16 → 96×172, 1:1 → 128×128; like Gemini's 1376×768, not exactly 16:9).
 *
 * Failure modes: a prompt containing `scenario.policyMarker` gets
 * promptFeedback.blockReason "SAFETY" (no candidates); one containing
 * "NO_IMAGE" gets a text-only candidate (finishReason STOP); `scenario.geminiStatus`
 * makes every call answer that HTTP status with Gemini's error JSON.
 */
import { toBase64 } from "../core/values";
import { createImage, fillRect } from "../core/image/raster";
import { encode as encodePng } from "fast-png";
import { fnv1a32 } from "../core/hash";
import type { SimModel } from "./model";
import { jsonOf, jsonRes, rec, type SimLogEntry, type SimRequest, type SimResponse } from "./types";

const SIZES: Record<string, [number, number]> = { "16:9": [172, 96], "9:16": [96, 172], "1:1": [128, 128] };

const STATUS: Record<number, string> = {
	400: "INVALID_ARGUMENT",
	401: "UNAUTHENTICATED",
	403: "PERMISSION_DENIED",
	404: "NOT_FOUND",
	429: "RESOURCE_EXHAUSTED",
	500: "INTERNAL",
	503: "UNAVAILABLE",
};

function geminiError(code: number, message: string): SimResponse {
	return jsonRes(code, { error: { code, message, status: STATUS[code] ?? "UNKNOWN" } });
}

/** The deterministic test image for a prompt: a flat color from the prompt's hash, with a white 2-pixel frame. */
export function simKeyframe(prompt: string, aspect: string): Uint8Array {
	const [w, h] = SIZES[aspect] ?? SIZES["16:9"]!;
	const n = parseInt(fnv1a32(prompt).slice(0, 6), 16);
	const img = createImage(w, h, [(n >> 16) & 255, (n >> 8) & 255, n & 255]);
	fillRect(img, 0, 0, w, 2, [255, 255, 255]);
	fillRect(img, 0, h - 2, w, 2, [255, 255, 255]);
	return encodePng({ width: w, height: h, data: img.data, channels: 4, depth: 8 });
}

export function handleGemini(req: SimRequest, model: SimModel, apiKey: string | undefined, entry: SimLogEntry): SimResponse {
	entry.provider = "gemini";
	const m = /^\/gemini\/v1beta\/models\/([^/:]+):generateContent$/.exec(req.u.pathname);
	if (req.method !== "POST" || !m) return geminiError(404, `Method not found: ${req.method} ${req.u.pathname}`);
	const key = req.h["x-goog-api-key"] ?? req.u.searchParams.get("key") ?? undefined;
	if (!key || (apiKey !== undefined && key !== apiKey)) return geminiError(400, "API key not valid. Please pass a valid API key.");
	const sc = model.scenario;
	if (sc.geminiStatus !== null)
		return geminiError(
			sc.geminiStatus,
			sc.geminiStatus === 429
				? "Resource has been exhausted (e.g. check quota)."
				: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
		);
	const body = rec(jsonOf(req));
	const contents = Array.isArray(body.contents) ? body.contents : [];
	const parts = contents.flatMap((c) => (Array.isArray(rec(c).parts) ? (rec(c).parts as unknown[]) : []));
	const text = parts
		.map((p) => rec(p).text)
		.filter((t): t is string => typeof t === "string")
		.join(" ");
	if (!text.trim()) return geminiError(400, "* GenerateContentRequest.contents: contents is not specified");
	for (const p of parts) {
		const inline = rec(rec(p).inlineData);
		if (rec(p).inlineData !== undefined && (typeof inline.data !== "string" || !/^image\/(png|jpeg|webp)$/.test(String(inline.mimeType)))) {
			return geminiError(400, "Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
		}
	}
	entry.prompt = text;
	const aspect = String(rec(rec(body.generationConfig).imageConfig).aspectRatio ?? "1:1");
	const usage = { promptTokenCount: 10, candidatesTokenCount: 1290, totalTokenCount: 1300 };
	if (text.includes(sc.policyMarker)) {
		return jsonRes(200, { promptFeedback: { blockReason: "SAFETY", safetyRatings: [] }, usageMetadata: usage, modelVersion: m[1] });
	}
	if (text.includes("NO_IMAGE")) {
		return jsonRes(200, {
			candidates: [{ content: { role: "model", parts: [{ text: "I can't draw that, but here is a description." }] }, finishReason: "STOP", index: 0 }],
			usageMetadata: usage,
			modelVersion: m[1],
		});
	}
	const png = simKeyframe(text, aspect);
	return jsonRes(200, {
		candidates: [
			{
				content: { role: "model", parts: [{ text: "Here is the keyframe." }, { inlineData: { mimeType: "image/png", data: toBase64(png) } }] },
				finishReason: "STOP",
				index: 0,
			},
		],
		usageMetadata: usage,
		modelVersion: m[1],
		responseId: model.hex(22),
	});
}
