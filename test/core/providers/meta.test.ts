/** Reading a provider's answer headers and bodies (src/core/providers/meta.ts): request ids, Retry-After, progress and signed-URL expiry. */
import { describe, expect, it } from "vitest";
import { parseProgress, readMeta, requestIdOf, retryAfterMs, signedUrlExpiry } from "../../../src/core/providers/meta";

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
		const meta = readMeta(
			{ status: 200, headers: { "x-request-id": "r", "retry-after": "2", "openai-poll-after-ms": "1500" }, body: new Uint8Array() },
			NOW,
		);
		expect(meta).toEqual({ status: 200, requestId: "r", retryAfterMs: 2000, pollAfterMs: 1500 });
	});
});

describe("progress", () => {
	it('reads ints, "NN%" strings and fractions; clamps', () => {
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
