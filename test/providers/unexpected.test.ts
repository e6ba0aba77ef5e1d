/**
 * Unexpected bodies never throw: every adapter turns an HTML 502 page, an empty
 * body, `null`, wrong types or a 1 MB string into a clean Failure quoting a short
 * redacted snippet.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { CreateOutcome, Failure, PollOutcome, ProviderContext } from "../../src/core/providers/types";
import { createRedactor } from "../../src/core/redact";
import type { HttpResponse } from "../../src/ports/http";
import { simCases } from "../../src/sim/samples";

const KEY = "sk-PLANTED-abcdef0123456789";
const ctx: ProviderContext = { baseUrl: "https://p.test/v1", apiKey: KEY, redact: createRedactor([KEY]), now: Date.UTC(2026, 0, 1) };

const enc = new TextEncoder();
function r(status: number, body: string, ctype = "application/json"): HttpResponse {
	return { status, headers: { "content-type": ctype }, body: enc.encode(body) };
}

const HTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
const BIG = JSON.stringify("x".repeat(1024 * 1024) + KEY);

const BODIES: Array<[string, HttpResponse, Failure["cls"][]]> = [
	["HTML 502 page", r(502, HTML, "text/html"), ["outage"]],
	["HTML page with status 200", r(200, HTML, "text/html"), ["outage"]],
	["empty body 200", r(200, ""), ["outage"]],
	["empty body 500", r(500, ""), ["outage"]],
	["null", r(200, "null"), ["invalid"]],
	[
		"wrong types",
		r(200, JSON.stringify({ id: 42, status: 7, task_id: 9, name: false, output: "x", request_id: 3, code: 200, data: { task_id: 5, status: 1 } })),
		["invalid"],
	],
	["an array", r(200, "[1,2,3]"), ["invalid"]],
	["a 1 MB string", r(200, BIG), ["invalid"]],
	["truncated JSON", r(200, '{"id":"video_1","status":"in_pro'), ["outage"]],
	["a 1 MB non-JSON body", r(200, "y".repeat(1024 * 1024) + KEY, "text/plain"), ["outage"]],
];

function failureOf(o: CreateOutcome | PollOutcome): Failure | undefined {
	if (!o.ok) return o.failure;
	if (o.state.kind === "failed") return o.state.failure;
	return undefined;
}

function check(f: Failure | undefined, classes: Failure["cls"][]): void {
	expect(f).toBeDefined();
	if (!f) return;
	expect(classes).toContain(f.cls);
	expect(f.message).not.toContain(KEY);
	// "<provider> <label>: <what>: <snippet ≤ 200 chars + …>"
	expect(f.message.length).toBeLessThan(420);
}

describe.each(simCases())("$name: unexpected bodies", (c) => {
	it.each(BODIES)("create: %s", (_n, res, classes) => {
		check(failureOf(c.adapter.parseCreate(res, ctx)), classes);
	});
	it.each(BODIES)("poll: %s", (_n, res, classes) => {
		const f = failureOf(c.adapter.parsePoll(res, ctx, "task_1"));
		// A body that happens to parse as a status object (e.g. Grok's {status}) is fine
		// as long as nothing throws; the listed cases all fail cleanly.
		check(f, classes);
	});
	it("never throws on arbitrary bytes or JSON (property)", () => {
		fc.assert(
			fc.property(fc.integer({ min: 100, max: 599 }), fc.oneof(fc.json(), fc.string()), (status, body) => {
				const res = r(status, body);
				const a = c.adapter.parseCreate(res, ctx);
				const b = c.adapter.parsePoll(res, ctx, "t");
				for (const o of [a, b]) {
					const f = failureOf(o);
					if (f) expect(f.message).not.toContain(KEY);
				}
				if (c.adapter.parseLookup) c.adapter.parseLookup(res, c.input, ctx, ctx.now, new Set());
			}),
			{ numRuns: 200 },
		);
	});
});
