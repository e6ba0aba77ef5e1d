/**
 * A planted key must never surface: not in any Failure.message of any adapter on
 * any error path (with the simulator echoing the key, a Bearer header and a signed
 * URL into every error body), not in the HTTP adapters' thrown errors, and not in
 * the simulator's own request log.
 */
import { createServer } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setRequestUrlHandler } from "../stubs/obsidian";
import { createNodeHttp } from "../../src/cli/http";
import { createObsidianHttp } from "../../src/obsidian/http";
import { createRedactor } from "../../src/core/redact";
import type { Failure, ProviderContext, VideoJobInput } from "../../src/core/providers/types";
import { createSimulator, driveJob, simBaseUrl, type Scenario } from "../../src/sim/index";
import { simCases, type SimCase } from "../../src/sim/samples";
import { VirtualClock } from "../../src/clocks/virtual";

const KEY = "sk-PLANTED-abcdef0123456789";
const ORIGIN = "http://sim.test";

function assertClean(text: string): void {
	expect(text).not.toContain(KEY);
	expect(text).not.toContain("PLANTED-abcdef");
	expect(text).not.toMatch(/Bearer\s+(?!\*\*\*)\S/);
	expect(text).not.toMatch(/[?&]sig=(?!\*\*\*)[^&\s"']/i);
	expect(text).not.toMatch(/[?&]Signature=(?!\*\*\*)[^&\s"']/);
}

const PATHS: Array<[string, Partial<Scenario>, (c: SimCase) => VideoJobInput, string]> = [
	["capacity", { capacity: 0 }, (c) => c.input, ""],
	["rate with Retry-After", { rpm: { limit: 1, burst: 1, retryAfter: true } }, (c) => c.input, ""],
	["rate without Retry-After", { random429: 1 }, (c) => c.input, ""],
	["quota", { quotaAfterCreates: 0 }, (c) => c.input, ""],
	["outage", { outages: [{ from: 0, to: 1e12 }] }, (c) => c.input, ""],
	["random 5xx", { random5xx: 1 }, (c) => c.input, ""],
	["invalid", {}, (c) => ({ ...c.input, duration: 99 }), ""],
	["policy", {}, (c) => ({ ...c.input, prompt: `FORBIDDEN ${KEY}` }), ""],
	["expired download URL", { urlTtlMs: 1 }, (c) => c.input, ""],
	["HTML download", { htmlErrorOnDownload: 1 }, (c) => c.input, ""],
	["truncated download", { truncateDownloads: 1 }, (c) => c.input, ""],
	["hostile redirect", { redirectTo: `file:///etc/passwd?sig=deadbeefcafe&key=${KEY}` }, (c) => c.input, ""],
	["post-create 502", { post502AfterCreate: 1 }, (c) => c.input, ""],
	["dropped connection", { dropConnections: 1 }, (c) => c.input, ""],
];

describe.each(simCases())("$name never leaks the key", (c) => {
	it.each(PATHS)("%s", async (_name, scenario, input, expectedKey) => {
		const clock = new VirtualClock();
		// The auth path: the simulator expects another key and echoes the one it got.
		const sim = createSimulator({ clock, apiKey: expectedKey || KEY, scenario: { leakyErrors: true, jobDurationMs: 60_000, ...scenario } });
		const baseUrl = simBaseUrl(ORIGIN, c.provider);
		const r = await clock.run(driveJob({ adapter: c.adapter, http: sim.transport(), clock, baseUrl, apiKey: KEY, input: input(c), pollMs: 10_000 }));
		if (!r.ok) assertClean(r.failure.message);
		// The simulator really echoed the key on these paths, and it was masked.
		if (["capacity", "quota", "invalid", "rate with Retry-After"].includes(_name)) {
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.failure.message).toContain("***");
		}
		for (const e of sim.log) assertClean(e.path);
	});

	it("a wrong key (401 echoing the key)", async () => {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: "sk-some-other-key-000000", scenario: { leakyErrors: true } });
		const redact = createRedactor([KEY]);
		const ctx: ProviderContext = { baseUrl: simBaseUrl(ORIGIN, c.provider), apiKey: KEY, redact, now: clock.now() };
		const create = c.adapter.parseCreate(await sim.handle(c.adapter.buildCreate(c.input, ctx)), ctx);
		const poll = c.adapter.parsePoll(await sim.handle(c.adapter.buildPoll("x", ctx)), ctx, "x");
		const failures: Failure[] = [];
		if (!create.ok) failures.push(create.failure);
		if (!poll.ok) failures.push(poll.failure);
		expect(failures.length).toBeGreaterThan(0);
		expect(failures[0]?.cls).toBe("auth");
		for (const f of failures) {
			assertClean(f.message);
			if (f.requestId) assertClean(f.requestId);
		}
	});
});

describe("HTTP adapters never leak the key in errors", () => {
	afterEach(() => {
		setRequestUrlHandler(undefined);
		vi.unstubAllGlobals();
	});

	it("undici: connection refused on a URL carrying the key and a signature", async () => {
		const srv = createServer();
		await new Promise<void>((res) => srv.listen(0, "127.0.0.1", () => res()));
		const addr = srv.address();
		const port = typeof addr === "object" && addr ? addr.port : 0;
		await new Promise<void>((res) => srv.close(() => res()));
		const http = createNodeHttp({ direct: true });
		const err = await http
			.request({ method: "GET", url: `http://127.0.0.1:${port}/files/a.mp4?sig=deadbeef0011&key=${KEY}`, headers: { Authorization: `Bearer ${KEY}` } })
			.catch((e: unknown) => e);
		await http.close();
		expect(err).toMatchObject({ name: "HttpTransportError", kind: "network" });
		assertClean(String((err as Error).message));
	});

	it("requestUrl: a rejection message carrying the key is redacted", async () => {
		vi.stubGlobal("window", globalThis);
		setRequestUrlHandler(() =>
			Promise.reject(new Error(`net::ERR_CONNECTION_REFUSED https://x.test/v?sig=abcdef123456&key=${KEY} Authorization: Bearer ${KEY}`)),
		);
		const err = await createObsidianHttp()
			.request({ method: "GET", url: `https://x.test/v?sig=abcdef123456`, headers: { Authorization: `Bearer ${KEY}` } })
			.catch((e: unknown) => e);
		expect(err).toMatchObject({ kind: "network" });
		assertClean(String((err as Error).message));
	});
});
