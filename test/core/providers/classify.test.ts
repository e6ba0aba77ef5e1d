/**
 * The evidence line of a failure (provider, which answer, the request id, the
 * provider's own words) in the user's language: the provider's words stay verbatim
 * and redacted; only CineFlow's frame around them is translated.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { classify, errorInfo, failureMessage, transportFailure } from "../../../src/core/providers/classify";
import { createRedactor } from "../../../src/core/redact";
import { HttpTransportError } from "../../../src/ports/http";

const KEY = "sk-classify-0123456789abcdef";
const redact = createRedactor([KEY]);

afterEach(() => setLanguage("en"));

describe("the failure line", () => {
	it("English keeps its shape; Chinese frames the same evidence with full-width punctuation", () => {
		expect(failureMessage("sorahk", "429", "req_1", "并发任务数已达上限", redact)).toBe("sorahk 429 (request req_1): 并发任务数已达上限");
		setLanguage("zh");
		expect(failureMessage("sorahk", "429", "req_1", "Too many concurrent tasks", redact)).toBe("sorahk 429（请求 req_1）：Too many concurrent tasks");
		expect(failureMessage("wan", "400", undefined, `bad key ${KEY}`, redact)).toBe("wan 400：bad key ***");
	});

	it("transport errors: outage, the kind said in the user's language, the key redacted", () => {
		const en = transportFailure("openai", new HttpTransportError("timeout", "no response from https://x?sig=abc"), redact);
		expect(en).toEqual({ cls: "outage", message: "openai timeout: no response from https://x?sig=***" });
		setLanguage("zh");
		const zh = transportFailure("veo", new HttpTransportError("network", `connect ECONNREFUSED ${KEY}`), redact);
		expect(zh.cls).toBe("outage");
		expect(zh.message).toBe("veo 网络错误：connect ECONNREFUSED ***");
		expect(transportFailure("veo", new HttpTransportError("too-large", "body over 1 GB"), redact).message).toBe("veo 响应过大：body over 1 GB");
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
