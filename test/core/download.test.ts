/** downloadVideo: only the server's answer decides whether a link is dead, and stalls are bounded. */
import { describe, expect, it } from "vitest";
import { downloadVideo } from "../../src/core/download";
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
