import { describe, expect, it } from "vitest";
import { buildMultipart } from "../../src/core/providers/multipart";
import { classify, errorInfo, transportFailure } from "../../src/core/providers/classify";
import { parseProgress, readMeta, requestIdOf, retryAfterMs, signedUrlExpiry } from "../../src/core/providers/meta";
import { fromBase64, toBase64 } from "../../src/core/values";
import { getAdapter, listAdapters } from "../../src/core/providers/index";
import { CATALOG } from "../../src/core/providers/catalog";
import { createRedactor } from "../../src/core/redact";
import { HttpTransportError } from "../../src/ports/http";
import { parseMultipart } from "../../src/sim/multipart";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const h = (headers: Record<string, string>) => ({ headers });

describe("headers", () => {
	it("Retry-After in seconds, as an HTTP date, and retry-after-ms", () => {
		expect(retryAfterMs(h({ "retry-after": "7" }), NOW)).toBe(7000);
		expect(retryAfterMs(h({ "retry-after": "1.2" }), NOW)).toBe(1200);
		expect(retryAfterMs(h({ "retry-after": new Date(NOW + 90_000).toUTCString() }), NOW)).toBe(90_000);
		expect(retryAfterMs(h({ "retry-after": new Date(NOW - 90_000).toUTCString() }), NOW)).toBe(0);
		expect(retryAfterMs(h({ "retry-after-ms": "250", "retry-after": "9" }), NOW)).toBe(250);
		expect(retryAfterMs(h({ "Retry-After": "3" }), NOW)).toBe(3000);
		expect(retryAfterMs(h({ "retry-after": "soon" }), NOW)).toBeUndefined();
		expect(retryAfterMs(h({}), NOW)).toBeUndefined();
	});
	it("request ids from the usual headers or a body request_id", () => {
		expect(requestIdOf(h({ "x-request-id": "a" }))).toBe("a");
		expect(requestIdOf(h({ "request-id": "b" }))).toBe("b");
		expect(requestIdOf(h({ "x-goog-request-id": "c" }))).toBe("c");
		expect(requestIdOf(h({ "x-dashscope-request-id": "d" }))).toBe("d");
		expect(requestIdOf(h({}), { request_id: "e" })).toBe("e");
		expect(requestIdOf(h({}))).toBeUndefined();
	});
	it("readMeta collects status, request id, retry-after and openai-poll-after-ms", () => {
		const meta = readMeta({ status: 200, headers: { "x-request-id": "r", "retry-after": "2", "openai-poll-after-ms": "1500" }, body: new Uint8Array() }, NOW);
		expect(meta).toEqual({ status: 200, requestId: "r", retryAfterMs: 2000, pollAfterMs: 1500 });
	});
});

describe("progress", () => {
	it("reads ints, \"NN%\" strings and fractions; clamps", () => {
		expect(parseProgress(42)).toBe(42);
		expect(parseProgress("30%")).toBe(30);
		expect(parseProgress(" 7 % ")).toBe(7);
		expect(parseProgress("100")).toBe(100);
		expect(parseProgress(0.5)).toBe(50);
		expect(parseProgress(250)).toBe(100);
		expect(parseProgress("n/a")).toBeUndefined();
		expect(parseProgress(null)).toBeUndefined();
	});
});

describe("signed URL expiry", () => {
	it("Azure se=, AWS X-Amz-Date + X-Amz-Expires, GCS, Expires= epoch", () => {
		expect(signedUrlExpiry("https://a.blob/x.mp4?sv=1&se=2026-01-03T07%3A13%3A06Z&sp=r&sig=abc")).toBe(Date.UTC(2026, 0, 3, 7, 13, 6));
		expect(signedUrlExpiry("https://s3/x.mp4?X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-Signature=f")).toBe(Date.UTC(2026, 0, 1, 1));
		expect(signedUrlExpiry("https://gcs/x.mp4?X-Goog-Date=20260101T000000Z&X-Goog-Expires=60")).toBe(Date.UTC(2026, 0, 1, 0, 1));
		expect(signedUrlExpiry("https://oss/x.mp4?Expires=1759213419&Signature=x")).toBe(1759213419_000);
		expect(signedUrlExpiry("https://plain/x.mp4")).toBeUndefined();
		expect(signedUrlExpiry("not a url")).toBeUndefined();
	});
});

describe("classification", () => {
	const c = (status: number, op: "create" | "poll", text = "", ra?: number) => classify({ status, op, text, retryAfterMs: ra });
	it("429: concurrency wording → capacity; Retry-After or rate wording → rate; bare create → capacity; any poll → rate", () => {
		expect(c(429, "create", "并发任务数已达上限")).toBe("capacity");
		expect(c(429, "create", "too many concurrent tasks", 5000)).toBe("capacity");
		expect(c(429, "create", "当前分组上游负载已饱和，请稍后再试")).toBe("capacity");
		expect(c(429, "create", "slow down", undefined)).toBe("rate");
		expect(c(429, "create", "", 1000)).toBe("rate");
		expect(c(429, "create", "Rate limit reached for requests per minute")).toBe("rate");
		expect(c(429, "create", "")).toBe("capacity");
		expect(c(429, "poll", "concurrent")).toBe("rate");
		expect(c(429, "create", "insufficient_quota")).toBe("quota");
	});
	it("quota, auth, outage, invalid, policy", () => {
		expect(c(402, "create")).toBe("quota");
		expect(c(400, "create", "余额不足")).toBe("quota");
		expect(c(401, "create")).toBe("auth");
		expect(c(403, "create")).toBe("auth");
		expect(c(403, "create", "insufficient_user_quota")).toBe("quota");
		expect(c(400, "create", "API key not valid")).toBe("auth");
		expect(c(500, "create")).toBe("outage");
		expect(c(503, "poll")).toBe("outage");
		expect(c(400, "create", "bad duration")).toBe("invalid");
		expect(c(404, "poll")).toBe("invalid");
		expect(c(422, "create")).toBe("invalid");
		expect(c(400, "create", "content_policy_violation")).toBe("policy");
		expect(c(400, "create", "DataInspectionFailed")).toBe("policy");
	});
	it("reads the usual error body shapes", () => {
		expect(errorInfo({ error: { message: "m", type: "t", code: "c" } })).toEqual({ message: "m", type: "t", code: "c" });
		expect(errorInfo({ error: { code: 429, message: "m", status: "RESOURCE_EXHAUSTED" } })).toMatchObject({ message: "m", code: "RESOURCE_EXHAUSTED" });
		expect(errorInfo({ code: "Arrearage", message: "m", request_id: "r" })).toMatchObject({ code: "Arrearage", message: "m" });
		expect(errorInfo({ code: "x", error: "xai says" })).toMatchObject({ code: "x", message: "xai says" });
		expect(errorInfo(null)).toEqual({});
	});
	it("transport errors are outages with redacted messages", () => {
		const f = transportFailure("openai", new HttpTransportError("timeout", "no response from https://x?sig=abc"), createRedactor([]));
		expect(f.cls).toBe("outage");
		expect(f.message).toBe("openai timeout: no response from https://x?sig=***");
	});
});

describe("multipart", () => {
	it("builds a body the simulator's reader parses back, bytes intact", () => {
		const data = new Uint8Array([0, 13, 10, 45, 45, 255, 1]);
		const mp = buildMultipart([
			{ name: "prompt", value: 'a "quoted"\r\nprompt' },
			{ name: "input_reference", filename: "r.png", contentType: "image/png", data },
		]);
		const parts = parseMultipart(mp.contentType, mp.body);
		expect(parts?.map((p) => p.name)).toEqual(["prompt", "input_reference"]);
		expect(new TextDecoder().decode(parts?.[0]?.data)).toBe('a "quoted"\r\nprompt');
		expect(parts?.[1]).toMatchObject({ filename: "r.png", contentType: "image/png" });
		expect(parts?.[1]?.data).toEqual(data);
	});
	it("base64 round-trips large buffers", () => {
		const big = new Uint8Array(100_000).map((_, i) => i % 256);
		expect(fromBase64(toBase64(big))).toEqual(big);
	});
});

describe("registry", () => {
	it("has an adapter for every catalog id, with the catalog's facts", () => {
		expect(listAdapters().map((a) => a.id)).toEqual(Object.keys(CATALOG));
		for (const [id, info] of Object.entries(CATALOG)) {
			const a = getAdapter(id);
			expect(a).toMatchObject({ id, label: info.label, defaultBaseUrl: info.defaultBaseUrl, keyEnv: info.keyEnv, defaultModel: info.defaultModel });
			expect(a.models).toBe(info.models);
		}
		expect(getAdapter("sorahk").canLookup).toBe(true);
		expect(getAdapter("openai").canLookup).toBe(true);
		for (const id of ["newapi", "t8star", "aihubmix", "veo", "wan", "grok"]) expect(getAdapter(id).canLookup).toBe(false);
		expect(() => getAdapter("nope")).toThrow(/Unknown provider "nope"/);
	});
	it("unsupported reference kinds are refused at build time, not sent", () => {
		const ctx = { baseUrl: "https://x.test", apiKey: "k", redact: createRedactor(["k"]), now: NOW };
		const input = { model: "sora-2", prompt: "p", duration: 10, orientation: "horizontal" as const, size: "1280x720", pro: false, resolution: "720p" as const, aspect: "16:9" as const };
		expect(() => getAdapter("sorahk").buildCreate({ ...input, reference: { kind: "bytes", bytes: new Uint8Array(1), mime: "image/png", name: "a.png" } }, ctx)).toThrow(/URL/);
		expect(() => getAdapter("veo").buildCreate({ ...input, reference: { kind: "url", url: "https://x" } }, ctx)).toThrow(/bytes/);
		const body = JSON.parse(getAdapter("sorahk").buildCreate({ ...input, reference: { kind: "url", url: "https://i.test/a.png" } }, ctx).body as string);
		expect(body).toEqual({ prompt: "p", duration: 10, resolution: "horizontal", is_pro: false, remove_watermark: true, image_url: "https://i.test/a.png" });
	});
});
