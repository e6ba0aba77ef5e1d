/**
 * CineFlow's own words about an answer it cannot read, in the user's language; the
 * quoted body stays as the provider sent it, and the class does not depend on the language.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { setLanguage } from "../../../src/core/i18n";
import { guardCreate, httpFailure, parseOk } from "../../../src/core/providers/decode";
import { readMeta } from "../../../src/core/providers/meta";
import type { ProviderContext } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import type { HttpResponse } from "../../../src/ports/http";

const KEY = "sk-decode-0123456789abcdef";
const ctx: ProviderContext = { baseUrl: "https://p.test", apiKey: KEY, redact: createRedactor([KEY]), now: 0 };

function res(status: number, text: string, type = "application/json"): HttpResponse {
	return { status, headers: { "content-type": type }, body: new TextEncoder().encode(text) };
}

const Shape = z.object({ id: z.string() });

afterEach(() => setLanguage("en"));

describe("unreadable answers", () => {
	it("an HTML page in Chinese: outage, the page quoted", () => {
		setLanguage("zh");
		const p = parseOk("sorahk", res(200, "<html>502 Bad Gateway</html>", "text/html"), ctx, Shape, "create");
		expect(p.ok).toBe(false);
		if (p.ok) return;
		expect(p.failure.cls).toBe("outage");
		expect(p.failure.message).toBe("sorahk 200：返回的是 HTML 页面而不是 JSON：<html>502 Bad Gateway</html>");
	});

	it("a body of the wrong shape in English and Chinese: invalid, the path named", () => {
		const en = parseOk("sorahk", res(200, '{"id":7}'), ctx, Shape, "create");
		expect(!en.ok && en.failure.message).toMatch(/^sorahk 200: unexpected response \(id: .+\): \{"id":7\}$/);
		setLanguage("zh");
		const zh = parseOk("sorahk", res(200, '{"id":7}'), ctx, Shape, "create");
		expect(!zh.ok && zh.failure.cls).toBe("invalid");
		expect(!zh.ok && zh.failure.message).toMatch(/^sorahk 200：响应格式不符合预期（id：.+）：\{"id":7\}$/);
	});

	it("an empty error body in Chinese keeps its class", () => {
		setLanguage("zh");
		const r = res(503, "");
		const f = httpFailure("wan", r, ctx, readMeta(r, ctx), "poll");
		expect(f.cls).toBe("outage");
		expect(f.message).toBe("wan 503：响应为空：");
	});

	it("a task id carrying the key is refused, in Chinese", () => {
		setLanguage("zh");
		const o = guardCreate("sorahk", ctx, { ok: true, taskId: `t-${KEY}`, state: { kind: "queued" }, meta: { status: 200 } });
		expect(!o.ok && o.failure.message).toBe("sorahk 200：服务商返回的任务 ID 中含有密钥，因此不予保存");
		expect(!o.ok && o.failure.message).not.toContain(KEY);
	});
});
