/**
 * Kling's documented body codes are CineFlow's reading of the provider's codes: shown
 * in the user's language with the code number, while the class is read from Kling's
 * own words or the English reading (never from a translation).
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { klingAdapter } from "../../../src/core/providers/kling";
import type { ProviderContext } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import type { HttpResponse } from "../../../src/ports/http";

const AK = "ak-kling-0123456789abcdef";
const SK = "sk-kling-0123456789abcdef";

function ctx(secondKey: string | undefined = SK): ProviderContext {
	return { baseUrl: "https://api-singapore.klingai.com", apiKey: AK, secondKey, redact: createRedactor([AK, SK]), now: Date.UTC(2026, 0, 1) };
}

function res(status: number, body: unknown): HttpResponse {
	return { status, headers: { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(body)) };
}

function createFailure(status: number, body: unknown, secondKey?: string) {
	const o = klingAdapter.parseCreate(res(status, body), ctx(secondKey));
	if (o.ok) throw new Error("expected a failure");
	return o.failure;
}

afterEach(() => setLanguage("en"));

describe("Kling's code table in the user's language", () => {
	it("English: the documented reading and the code, as before", () => {
		const f = createFailure(200, { code: 1101, request_id: "r1" });
		expect(f.cls).toBe("quota");
		expect(f.message).toBe("kling code 1101 (request r1): Account in arrears (code 1101)");
	});

	it("Chinese: the same code read in Chinese, the number kept, the class unchanged", () => {
		setLanguage("zh");
		const f = createFailure(200, { code: 1101, request_id: "r1" });
		expect(f.cls).toBe("quota");
		expect(f.code).toBe("1101");
		expect(f.message).toBe("kling 代码 1101（请求 r1）：账户欠费（代码 1101）");
	});

	it("Chinese: a 1203 on create without Kling's words stays invalid (the translation is never classified)", () => {
		setLanguage("zh");
		const f = createFailure(400, { code: 1203 });
		expect(f.cls).toBe("invalid");
		expect(f.message).toContain("请求的资源不存在（代码 1203）");
	});

	it("Chinese: Kling's own message is kept verbatim; the clock hint is in Chinese", () => {
		setLanguage("zh");
		const f = createFailure(401, { code: 1004, message: "token expired" });
		expect(f.cls).toBe("auth");
		expect(f.message).toBe("kling 401：token expired（代码 1004）（令牌由本机时钟生成：请检查系统时间是否正确）");
	});

	it("Chinese: without a secret key, the hint says the access key was sent alone", () => {
		setLanguage("zh");
		const f = createFailure(401, { code: 1000 }, "");
		expect(f.message).toContain("身份验证失败（代码 1000）（未设置 secret key");
	});

	it("a failed task without Kling's words reads as a failed task, in Chinese", () => {
		setLanguage("zh");
		const o = klingAdapter.parsePoll(res(200, { code: 0, data: { task_id: "t1", task_status: "failed" } }), ctx(), "t1");
		const failure = o.ok && o.state.kind === "failed" ? o.state.failure : undefined;
		expect(failure?.cls).toBe("invalid");
		expect(failure?.message).toBe("kling 任务失败：任务失败");
	});
});
