/**
 * Redaction regressions found by the fuzzers and the audit: keys that do not look
 * like keys (only the literal redactor knows them), cut messages, request ids,
 * task ids and transport errors.
 */
import { describe, expect, it } from "vitest";
import { downloadVideo } from "../../src/core/download";
import { failureMessage, transportFailure } from "../../src/core/providers/classify";
import { readMeta } from "../../src/core/providers/meta";
import { getAdapter } from "../../src/core/providers/index";
import type { ProviderContext } from "../../src/core/providers/types";
import { createRedactor } from "../../src/core/redact";
import { HttpTransportError, type HttpResponse } from "../../src/ports/http";

// A key with no recognizable shape (no sk- prefix): only the literal redactor catches it.
const KEY = "Zq8r7Tw2Lk9Pm4Xc5Vb1Nj6H+/=";
const redact = createRedactor([KEY]);
const ctx: ProviderContext = { baseUrl: "https://api.test/v1", apiKey: KEY, redact, now: Date.UTC(2026, 0, 1) };
const enc = new TextEncoder();

function noKey(text: string | undefined): void {
	expect(text ?? "").not.toContain(KEY.slice(0, 8));
	expect(text ?? "").not.toContain(encodeURIComponent(KEY).slice(0, 12));
}

describe("redaction regressions", () => {
	it("a key straddling the 2000-character cut of a provider message does not leave a prefix", () => {
		for (const at of [1990, 1995, 1999, 2000, 2001]) {
			const msg = "x".repeat(at) + KEY + " tail";
			noKey(failureMessage("sorahk", "400", undefined, msg, redact));
			noKey(failureMessage("sorahk", "y".repeat(at) + KEY, "req", "m", redact));
		}
	});

	it("request ids from headers are redacted", () => {
		const res: HttpResponse = { status: 500, headers: { "x-request-id": `req-${KEY}` }, body: new Uint8Array() };
		noKey(readMeta(res, ctx).requestId);
		expect(readMeta({ ...res, headers: { "x-request-id": "sk-abcdefghijklmnop" } }, ctx.now).requestId).toBe("sk-***");
	});

	it("a task id that carries the key is refused, not stored", () => {
		for (const id of ["sorahk", "openai", "wan", "grok"]) {
			const a = getAdapter(id);
			const bodies: Record<string, unknown> = {
				sorahk: { code: 200, message: "ok", data: { task_id: `t-${KEY}`, status: "pending" } },
				openai: { id: `video_${KEY}`, object: "video", status: "queued", progress: 0, model: "sora-2", seconds: "4", size: "1280x720", created_at: 1 },
				wan: { request_id: "r", output: { task_id: `t-${KEY}`, task_status: "PENDING" } },
				grok: { request_id: `t-${KEY}` },
			};
			const out = a.parseCreate({ status: 200, headers: { "content-type": "application/json" }, body: enc.encode(JSON.stringify(bodies[id])) }, ctx);
			expect(out.ok, id).toBe(false);
			if (!out.ok) {
				expect(out.failure.cls).toBe("invalid");
				noKey(out.failure.message);
			}
		}
	});

	it("transport errors quoting a URL with the key are redacted", async () => {
		const f = transportFailure("veo", new HttpTransportError("network", `connect ECONNREFUSED https://api.test/v1?key=${encodeURIComponent(KEY)}`), redact);
		noKey(f.message);
		const r = await downloadVideo(
			{ request: () => Promise.reject(new HttpTransportError("timeout", `timed out fetching https://cdn.test/v.mp4?x=${KEY}`)) },
			{ url: "https://cdn.test/v.mp4", headers: {} },
			{ maxBytes: 1024, timeoutMs: 1000, redact, now: ctx.now },
		);
		expect(r.ok).toBe(false);
		noKey(r.ok ? "" : r.message);
	});
});
