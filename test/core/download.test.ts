/** downloadVideo: only the server's answer decides whether a link is dead, and stalls are bounded. */
import { afterEach, describe, expect, it } from "vitest";
import { decodeDataVideo, downloadVideo } from "../../src/core/download";
import { setLanguage } from "../../src/core/i18n";
import { createRedactor } from "../../src/core/redact";
import type { HttpPort, HttpRequest, HttpResponse } from "../../src/ports/http";
import { sampleMp4 } from "../../src/sim/index";

function recording(answer: (req: HttpRequest) => HttpResponse): HttpPort & { seen: HttpRequest[] } {
	const seen: HttpRequest[] = [];
	return {
		seen,
		request: (req) => {
			seen.push(req);
			return Promise.resolve(answer(req));
		},
	};
}

const mp4 = (): HttpResponse => ({ status: 200, headers: { "content-type": "video/mp4" }, body: sampleMp4() });
const opts = { maxBytes: 1e8, timeoutMs: 60_000, redact: createRedactor(), now: Date.UTC(2026, 5, 1) };

describe("downloadVideo and advertised expiry", () => {
	it("a link whose advertised expiry is hours in the past is still fetched: the server said 200, so it is saved", async () => {
		const http = recording(mp4);
		const url = "https://files.example/v.mp4?se=2026-06-01T00%3A00%3A00Z&sp=r&sig=abc";
		const r = await downloadVideo(http, { url, headers: {}, expiresAt: opts.now - 5 * 3600_000 }, opts);
		expect(http.seen).toHaveLength(1);
		expect(r.ok).toBe(true);
	});

	it("a refusal by the server (401/403/404/410) asks for a fresh link; it is never fatal", async () => {
		for (const status of [401, 403, 404, 410]) {
			const http = recording(() => ({ status, headers: { "content-type": "application/xml" }, body: new TextEncoder().encode("<Error/>") }));
			const r = await downloadVideo(http, { url: "https://files.example/v.mp4", headers: {} }, opts);
			expect(r).toMatchObject({ ok: false, kind: "expired" });
		}
	});

	it("passes a no-progress timeout and the overall limit to the adapter", async () => {
		const http = recording(mp4);
		await downloadVideo(http, { url: "https://files.example/v.mp4", headers: {} }, { ...opts, idleTimeoutMs: 1234 });
		expect(http.seen[0]).toMatchObject({ timeoutMs: 60_000, idleTimeoutMs: 1234 });
	});
});

describe("download failures in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("an expired link and an error page are worded in Chinese; the kind that decides what happens is unchanged", async () => {
		setLanguage("zh");
		const gone = await downloadVideo(
			recording(() => ({ status: 403, headers: {}, body: new Uint8Array() })),
			{ url: "https://files.example/v.mp4", headers: {} },
			opts,
		);
		expect(gone).toEqual({ ok: false, kind: "expired", message: "下载被拒绝，状态码 403（链接可能已过期；正在向服务商请求新链接）" });
		const page = new TextEncoder().encode("<!DOCTYPE html><html><body>Access denied</body></html>");
		const html = await downloadVideo(
			recording(() => ({ status: 200, headers: { "content-type": "text/html" }, body: page })),
			{ url: "https://files.example/v.mp4", headers: {} },
			opts,
		);
		expect(html).toEqual({ ok: false, kind: "retry", message: "下载到的是错误页面，不是视频（text/html）" });
	});

	it("the size cap names both sizes in Chinese", () => {
		setLanguage("zh");
		expect(decodeDataVideo(`data:video/mp4;base64,${"A".repeat(4000)}`, 1000)).toEqual({
			ok: false,
			kind: "fatal",
			message: "视频大小为 3000 字节，超过了下载上限 1000 字节",
		});
		setLanguage("en");
		expect(decodeDataVideo(`data:video/mp4;base64,${"A".repeat(4000)}`, 1000)).toMatchObject({
			message: "the video is 3000 bytes, larger than the download cap of 1000 bytes",
		});
	});
});
