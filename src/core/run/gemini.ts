/**
 * Keyframes from a Gemini image model ("Nano Banana Pro", gemini-3-pro-image)
 * through the synchronous `generateContent` call:
 *   POST {base}/models/{model}:generateContent   (header x-goog-api-key)
 *   {contents:[{parts:[{text},{inlineData:{mimeType,data}}…]}],
 *    generationConfig:{responseModalities:["IMAGE"], imageConfig:{aspectRatio, imageSize}}}
 * → candidates[0].content.parts[].inlineData {mimeType, data (base64)}.
 * A blocked prompt comes back as promptFeedback.blockReason, or a candidate with a
 * safety finishReason and no image; both are reported as such, never retried.
 */
import { t } from "../i18n";
import type { HttpPort, HttpResponse } from "../../ports/http";
import { bodyText, HttpTransportError } from "../../ports/http";
import { fromBase64, toBase64 } from "../values";
import type { Redactor } from "../redact";
import { imageMime } from "./references";

export class KeyframeError extends Error {
	constructor(
		message: string,
		/** True when trying again later may work (5xx, 429, network). */
		readonly retryable = false,
	) {
		super(message);
		this.name = "KeyframeError";
	}
}

export interface GeminiImageRequest {
	http: HttpPort;
	baseUrl: string;
	model: string;
	apiKey: string;
	prompt: string;
	aspectRatio: "16:9" | "9:16";
	imageSize: "1K" | "2K" | "4K";
	/** Reference images (characters, scene), at most 14. */
	images: Array<{ bytes: Uint8Array; mime: string }>;
	redact: Redactor;
	timeoutMs?: number;
	signal?: AbortSignal;
}

function rec(v: unknown): Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export const MAX_GEMINI_IMAGES = 14;

/** Builds the request body (exported for tests). */
export function geminiBody(r: Pick<GeminiImageRequest, "prompt" | "aspectRatio" | "imageSize" | "images">): string {
	const parts: unknown[] = [{ text: r.prompt }];
	for (const img of r.images.slice(0, MAX_GEMINI_IMAGES)) parts.push({ inlineData: { mimeType: img.mime, data: toBase64(img.bytes) } });
	return JSON.stringify({
		contents: [{ role: "user", parts }],
		generationConfig: { responseModalities: ["IMAGE"], imageConfig: { aspectRatio: r.aspectRatio, imageSize: r.imageSize } },
	});
}

/** Reads the image out of a generateContent answer, or says why there is none. */
export function parseGeminiImage(res: HttpResponse, redact: Redactor): { bytes: Uint8Array; mime: string } {
	const text = bodyText(res);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	if (res.status < 200 || res.status > 299) {
		const err = rec(rec(json).error);
		const msg = typeof err.message === "string" ? err.message : text.replace(/\s+/g, " ").trim().slice(0, 200);
		const status = typeof err.status === "string" ? `${res.status} ${err.status}` : String(res.status);
		const retryable = res.status === 429 || res.status >= 500;
		throw new KeyframeError(redact(msg ? t("run.gemini.answeredSaid", { status, said: msg }) : t("run.gemini.answered", { status })), retryable);
	}
	if (json === undefined) throw new KeyframeError(redact(t("run.gemini.notJson", { status: res.status })), true);
	const body = rec(json);
	const feedback = rec(body.promptFeedback);
	if (typeof feedback.blockReason === "string") {
		throw new KeyframeError(redact(t("run.gemini.promptBlocked", { reason: feedback.blockReason })));
	}
	const candidates = Array.isArray(body.candidates) ? body.candidates : [];
	const words: string[] = [];
	for (const c of candidates) {
		for (const p of Array.isArray(rec(rec(c).content).parts) ? (rec(rec(c).content).parts as unknown[]) : []) {
			const inline = rec(rec(p).inlineData ?? rec(p).inline_data);
			if (typeof inline.data === "string" && inline.data.length > 0) {
				let bytes: Uint8Array;
				try {
					bytes = fromBase64(inline.data);
				} catch {
					throw new KeyframeError(t("run.gemini.badBase64"));
				}
				const mime = imageMime(bytes);
				if (!mime) throw new KeyframeError(t("run.gemini.notImage", { type: typeof inline.mimeType === "string" ? inline.mimeType : "data" }));
				return { bytes, mime };
			}
			if (typeof rec(p).text === "string") words.push(String(rec(p).text));
		}
	}
	const finish = candidates.length ? rec(candidates[0]).finishReason : undefined;
	const said = words.join(" ").replace(/\s+/g, " ").trim().slice(0, 200);
	if (typeof finish === "string" && /SAFETY|PROHIBITED|BLOCKLIST|SPII|RECITATION/i.test(finish)) {
		throw new KeyframeError(redact(said ? t("run.gemini.blockedSaid", { reason: finish, said }) : t("run.gemini.blocked", { reason: finish })));
	}
	const why =
		typeof finish === "string"
			? said
				? "run.gemini.noImageFinishSaid"
				: "run.gemini.noImageFinish"
			: said
				? "run.gemini.noImageSaid"
				: "run.gemini.noImage";
	throw new KeyframeError(redact(t(why, { finish: String(finish), said })));
}

/** Generates one image. Throws KeyframeError with a redacted, human message. */
export async function generateGeminiImage(r: GeminiImageRequest): Promise<{ bytes: Uint8Array; mime: string }> {
	const url = `${r.baseUrl.replace(/\/+$/, "")}/models/${encodeURIComponent(r.model)}:generateContent`;
	let res: HttpResponse;
	try {
		res = await r.http.request(
			{
				method: "POST",
				url,
				headers: { "Content-Type": "application/json", "x-goog-api-key": r.apiKey },
				body: geminiBody(r),
				timeoutMs: r.timeoutMs ?? 300_000,
				maxBytes: 64 * 1024 * 1024,
			},
			r.signal,
		);
	} catch (err) {
		const m = err instanceof HttpTransportError ? `${err.kind}: ${err.message}` : err instanceof Error ? err.message : String(err);
		throw new KeyframeError(r.redact(t("run.gemini.unreachable", { detail: m })), true);
	}
	return parseGeminiImage(res, r.redact);
}
