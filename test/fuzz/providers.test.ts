/**
 * Fuzzing every provider response parser (create, poll, lookup of each adapter):
 * mutations of the real-shaped fixtures (wrong types, nulls, arrays, huge strings,
 * deep nesting, planted keys and signed URLs), random JSON, damaged text, random
 * statuses and hostile headers. Properties: nothing throws; every state is one of
 * the normalized ones; every failure has a valid class; no message, code or request
 * id carries the key, a Bearer header or a URL signature; the key header is only
 * ever attached to a download on the provider's own origin.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { CreateOutcome, Failure, LookupOutcome, PollOutcome, ProviderContext, RemoteState, ResponseMeta } from "../../src/core/providers/types";
import { createRedactor } from "../../src/core/redact";
import type { HttpResponse } from "../../src/ports/http";
import { simCases } from "../../src/sim/samples";
import { damageText, jsonOpArb, mutateJson } from "./json-mutate";
import { count, runs, seedFor, writeReport } from "./support";

afterAll(() => writeReport());

const KEY = "sk-CANARY-providers-0123456789abcdef";
const NOW = Date.UTC(2026, 0, 1);
const CLASSES = new Set<Failure["cls"]>(["capacity", "rate", "quota", "outage", "auth", "invalid", "policy", "retired"]);
const KINDS = new Set<RemoteState["kind"]>(["queued", "running", "succeeded", "fetch", "failed"]);
const SECRETS = [KEY, encodeURIComponent(KEY), btoa(KEY), "SIGSECRET", "AMZSECRET"];

interface Fixture {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

function fixtures(name: string): Fixture[] {
	const data = JSON.parse(readFileSync(`test/fixtures/providers/${name}.json`, "utf8")) as Record<string, unknown>;
	return Object.entries(data)
		.filter(([k, v]) => !k.startsWith("_") && typeof v === "object" && v !== null && "body" in v)
		.map(([, v]) => v as Fixture);
}

function ensure(cond: boolean, what: string, detail = ""): void {
	if (!cond) throw new Error(`${what}: ${detail.slice(0, 400)}`);
}

function clean(text: string | undefined, what: string): void {
	if (text === undefined) return;
	for (const s of SECRETS) ensure(!text.includes(s), `${what} leaks ${s.slice(0, 12)}…`, text);
	ensure(!/Bearer\s+(?!\*\*\*)[A-Za-z0-9]/.test(text), `${what} carries a Bearer token`, text);
}

function checkFailure(f: Failure, where: string): void {
	ensure(CLASSES.has(f.cls), `${where}: class ${String(f.cls)}`);
	ensure(typeof f.message === "string" && f.message.length > 0 && f.message.length < 4000, `${where}: message`, f.message);
	clean(f.message, `${where} message`);
	clean(f.code, `${where} code`);
	clean(f.requestId, `${where} requestId`);
	if (f.retryAfterMs !== undefined) ensure(Number.isFinite(f.retryAfterMs) && f.retryAfterMs >= 0, `${where}: retryAfterMs ${f.retryAfterMs}`);
}

function checkMeta(m: ResponseMeta, where: string): void {
	ensure(Number.isInteger(m.status), `${where}: meta.status`);
	clean(m.requestId, `${where} meta.requestId`);
	for (const v of [m.retryAfterMs, m.pollAfterMs]) if (v !== undefined) ensure(Number.isFinite(v) && v >= 0, `${where}: meta timing ${v}`);
}

function checkState(s: RemoteState, ctx: ProviderContext, where: string): void {
	ensure(KINDS.has(s.kind), `${where}: state ${String(s.kind)}`);
	if ((s.kind === "queued" || s.kind === "running") && s.progress !== undefined) {
		ensure(Number.isFinite(s.progress) && s.progress >= 0 && s.progress <= 100, `${where}: progress ${s.progress}`);
	}
	if (s.kind === "failed") checkFailure(s.failure, where);
	if (s.kind === "succeeded") {
		ensure(typeof s.download.url === "string" && s.download.url.length > 0, `${where}: download url`);
		const carriesKey = Object.values(s.download.headers).some((v) => v.includes(KEY));
		if (carriesKey) {
			let same = false;
			try {
				same = new URL(s.download.url).origin === new URL(ctx.baseUrl).origin;
			} catch {
				same = false;
			}
			ensure(same, `${where}: key header attached to a download on another origin`, s.download.url);
		}
		if (s.download.expiresAt !== undefined) ensure(Number.isFinite(s.download.expiresAt), `${where}: expiresAt`);
	}
}

function checkCreate(o: CreateOutcome, ctx: ProviderContext, where: string): void {
	checkMeta(o.meta, where);
	if (o.ok) {
		ensure(typeof o.taskId === "string" && o.taskId.length > 0, `${where}: task id`, String(o.taskId));
		// A task id may legitimately look like anything (even a URL); it must not hold the key.
		ensure(!o.taskId.includes(KEY), `${where}: task id carries the key`, o.taskId);
		checkState(o.state, ctx, where);
	} else checkFailure(o.failure, where);
}

function checkPoll(o: PollOutcome, ctx: ProviderContext, where: string): void {
	checkMeta(o.meta, where);
	if (o.ok) checkState(o.state, ctx, where);
	else checkFailure(o.failure, where);
}

function checkLookup(o: LookupOutcome, where: string): void {
	checkMeta(o.meta, where);
	ensure(o.found === true || o.found === false || o.found === "error", `${where}: found ${String(o.found)}`);
	if (o.found === true) ensure(typeof o.taskId === "string" && o.taskId.length > 0, `${where}: lookup task id`);
	if (o.found === "error") checkFailure(o.failure, where);
}

const STATUSES = [200, 200, 200, 201, 202, 204, 206, 100, 301, 302, 304, 400, 401, 402, 403, 404, 408, 409, 410, 413, 422, 429, 429, 500, 502, 503, 504, 599];

const headersArb = fc.record(
	{
		"content-type": fc.constantFrom("application/json", "text/html; charset=utf-8", "text/plain", "application/json; charset=utf-8", ""),
		"retry-after": fc.oneof(
			fc.constantFrom("0", "5", "1.5", "-3", "1e309", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 01 Jan 2100 00:00:00 GMT", "soon", ""),
			fc.string({ maxLength: 12 }),
		),
		"retry-after-ms": fc.constantFrom("250", "99999999999999999999", "x", "NaN"),
		"openai-poll-after-ms": fc.constantFrom("1000", "-1", "1e400", "abc"),
		"x-request-id": fc.constantFrom("req_1", KEY, `Bearer ${KEY}`, "x".repeat(5000)),
		location: fc.constantFrom("https://evil.test/", "file:///etc/passwd", "javascript:alert(1)"),
	},
	{ requiredKeys: [] },
);

function response(status: number, headers: Record<string, string>, text: string): HttpResponse {
	return { status, headers, body: new TextEncoder().encode(text) };
}

function exercise(c: ReturnType<typeof simCases>[number], res: HttpResponse, target: string): void {
	const ctx: ProviderContext = { baseUrl: c.adapter.defaultBaseUrl.replace(/\/+$/, ""), apiKey: KEY, redact: createRedactor([KEY]), now: NOW };
	count(target);
	checkCreate(c.adapter.parseCreate(res, ctx), ctx, `${c.name} create`);
	checkPoll(c.adapter.parsePoll(res, ctx, "task_fuzz"), ctx, `${c.name} poll`);
	if (c.adapter.parseResult) checkPoll(c.adapter.parseResult(res, ctx, "task_fuzz"), ctx, `${c.name} result`);
	if (c.adapter.parseLookup) checkLookup(c.adapter.parseLookup(res, c.input, ctx, NOW - 60_000, new Set(["task_fuzz"])), `${c.name} lookup`);
}

const CASES = simCases();

describe.each(CASES.map((c) => [c.name, c] as const))("fuzz: %s response parsers", (name, c) => {
	// AIHubMix and T8Star speak NewAPI's task format too: their own samples plus NewAPI's.
	const fx = [...fixtures(c.provider), ...(c.provider === "aihubmix" || c.provider === "t8star" ? fixtures("newapi") : [])];
	const target = `providers.${name}`;

	it("has real-shaped fixtures to mutate", () => {
		expect(fx.length).toBeGreaterThanOrEqual(3);
	});

	it(`${runs(500)} structural mutations of the fixtures (any status, hostile headers)`, () => {
		fc.assert(
			fc.property(
				fc.nat(fx.length - 1),
				fc.array(jsonOpArb, { maxLength: 4 }),
				fc.oneof(fc.constant(-1), fc.constantFrom(...STATUSES)),
				headersArb,
				(i, ops, st, hdrs) => {
					const f = fx[i] as Fixture;
					let body: unknown = f.body;
					for (const op of ops) body = mutateJson(body, op, KEY);
					const headers = { ...(f.headers ?? { "content-type": "application/json" }), ...hdrs };
					exercise(c, response(st < 0 ? f.status : st, headers, JSON.stringify(body) ?? "null"), target);
				},
			),
			{ seed: seedFor(target + ".structural"), numRuns: runs(500) },
		);
	});

	it(`${runs(250)} damaged fixture texts and random JSON or bytes`, () => {
		fc.assert(
			fc.property(
				fc.nat(fx.length - 1),
				fc.array(jsonOpArb, { minLength: 1, maxLength: 3 }),
				fc.oneof(fc.constant(null), fc.jsonValue(), fc.uint8Array({ maxLength: 300 })),
				fc.constantFrom(...STATUSES),
				(i, ops, random, st) => {
					const f = fx[i] as Fixture;
					let text = JSON.stringify(f.body);
					for (const op of ops) text = damageText(text, op);
					exercise(c, response(st, { "content-type": "application/json" }, text), target);
					if (random instanceof Uint8Array) exercise(c, { status: st, headers: {}, body: random }, target);
					else if (random !== null) exercise(c, response(st, { "content-type": "application/json" }, JSON.stringify(random)), target);
				},
			),
			{ seed: seedFor(target + ".text"), numRuns: runs(250) },
		);
	});
});
