/**
 * The chat-completions exchange: the endpoint URL, the messages, the request body
 * with strict structured output, and reading the answer (or the HTTP failure).
 */
import type { Redactor } from "../redact";
import { snippet } from "../redact";
import { bodyText, HttpTransportError, type HttpPort } from "../../ports/http";
import { DraftError } from "./errors";
import { draftJsonSchema, SCHEMA_NAME } from "./schema";
import { t } from "../i18n";

export interface ChatMessage {
	role: "system" | "user" | "assistant";
	content: string;
}

export interface ChatEndpoint {
	baseUrl: string;
	model: string;
	apiKey: string;
	/** Per request; default 180 s (a long chunk takes a while). */
	timeoutMs?: number;
}

/** Largest answer read. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** `POST {base}/v1/chat/completions`; a base that already ends in /v1 is not doubled. */
export function chatUrl(baseUrl: string): string {
	const base = baseUrl.trim().replace(/\/+$/, "");
	if (!/^https?:\/\/[^/]/i.test(base)) throw new DraftError("input", t("assistant.badBaseUrl", { url: snippet(baseUrl, (s) => s, 80) }));
	return /\/v1$/i.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

export function requestBody(model: string, messages: readonly ChatMessage[]): Record<string, unknown> {
	return {
		model,
		messages,
		response_format: {
			type: "json_schema",
			json_schema: { name: SCHEMA_NAME, strict: true, schema: draftJsonSchema() },
		},
	};
}

export interface ChatAnswer {
	content: string;
	finishReason?: string;
}

function isObj(v: unknown): v is Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

function apiMessage(text: string): string {
	try {
		const j: unknown = JSON.parse(text);
		if (isObj(j) && isObj(j.error) && typeof j.error.message === "string") return j.error.message;
		if (isObj(j) && typeof j.message === "string") return j.message;
	} catch {
		// not JSON; fall back to the raw text
	}
	return text;
}

/** One POST to the chat endpoint. Every failure is a DraftError with a redacted message. */
export async function callChat(
	http: HttpPort,
	ep: ChatEndpoint,
	messages: readonly ChatMessage[],
	redact: Redactor,
	signal?: AbortSignal,
): Promise<ChatAnswer> {
	const url = chatUrl(ep.baseUrl);
	const host = new URL(url).host;
	let res;
	try {
		res = await http.request(
			{
				method: "POST",
				url,
				headers: { authorization: `Bearer ${ep.apiKey}`, "content-type": "application/json", accept: "application/json" },
				body: JSON.stringify(requestBody(ep.model, messages)),
				timeoutMs: ep.timeoutMs ?? 180_000,
				maxBytes: MAX_ANSWER_BYTES,
			},
			signal,
		);
	} catch (e) {
		const kind = e instanceof HttpTransportError ? e.kind : "network";
		const why = redact(e instanceof Error ? e.message : String(e));
		throw new DraftError("network", t("assistant.unreachable", { host, kind, why }));
	}
	const text = bodyText(res);
	if (res.status < 200 || res.status > 299) {
		const msg = snippet(apiMessage(text), redact, 300);
		if (res.status === 401 || res.status === 403) {
			throw new DraftError("auth", t("assistant.keyRefused", { host, status: res.status, message: msg }));
		}
		if (res.status === 429) {
			const ra = res.headers["retry-after"];
			throw new DraftError(
				"rate",
				ra ? t("assistant.rateLimitedRetry", { host, seconds: ra, message: msg }) : t("assistant.rateLimited", { host, message: msg }),
			);
		}
		throw new DraftError("http", t("assistant.httpError", { host, status: res.status, message: msg }));
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw new DraftError("protocol", t("assistant.notJson", { host, text: snippet(text, redact) }));
	}
	const choice = isObj(data) && Array.isArray(data.choices) ? (data.choices[0] as unknown) : undefined;
	const message = isObj(choice) ? choice.message : undefined;
	if (!isObj(choice) || !isObj(message)) {
		throw new DraftError("protocol", t("assistant.noChoice", { host, text: snippet(text, redact) }));
	}
	if (typeof message.refusal === "string" && message.refusal.trim() !== "") {
		throw new DraftError("refused", t("assistant.refused", { text: snippet(message.refusal, redact, 300) }));
	}
	const content = typeof message.content === "string" ? message.content : "";
	const finishReason = typeof choice.finish_reason === "string" ? choice.finish_reason : undefined;
	return { content, finishReason };
}
