/**
 * The evidence line of a failure (provider, which answer, the request id, the
 * provider's own words) in the user's language: the provider's words stay verbatim
 * and redacted; only CineFlow's frame around them is translated.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { failureMessage, transportFailure } from "../../../src/core/providers/classify";
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
