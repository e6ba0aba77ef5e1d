/** The plugin's HttpPort on requestUrl (through the honest obsidian stub). */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { requestUrl, setRequestUrlHandler, type RequestUrlParam } from "../stubs/obsidian";
import { createObsidianHttp } from "../../src/obsidian/http";
import { getAdapter } from "../../src/core/providers/index";
import { createRedactor } from "../../src/core/redact";
import { HttpTransportError } from "../../src/ports/http";
import { createSimulator, driveJob, simBaseUrl } from "../../src/sim/index";
import { sampleInput } from "../../src/sim/samples";
import { VirtualClock } from "../../src/clocks/virtual";

beforeEach(() => {
	vi.stubGlobal("window", globalThis);
});
afterEach(() => {
	setRequestUrlHandler(undefined);
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe("obsidian stub requestUrl", () => {
	it("rejects on status >= 400 by default, like the real one, and not with throw: false", async () => {
		setRequestUrlHandler(() => Promise.resolve({ status: 404, body: '{"a":1}' }));
		await expect(requestUrl({ url: "https://x.test" })).rejects.toMatchObject({ status: 404 });
		const res = await requestUrl({ url: "https://x.test", throw: false });
		expect(res.status).toBe(404);
		expect(res.json).toEqual({ a: 1 });
		expect(await requestUrl({ url: "https://x.test", throw: false }).text).toBe('{"a":1}');
		setRequestUrlHandler(undefined);
		await expect(requestUrl("https://x.test")).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
	});
});

describe("createObsidianHttp", () => {
	it("passes throw:false, splits Content-Type into contentType, never sends Content-Length, sends bytes as ArrayBuffer", async () => {
		const seen: RequestUrlParam[] = [];
		const http = createObsidianHttp((p) => {
			seen.push(p);
			return Promise.resolve({
				status: 500,
				headers: { "Content-Type": "text/plain", "X-Request-Id": "r1" },
				arrayBuffer: new TextEncoder().encode("boom").buffer,
				json: null,
				text: "boom",
			});
		});
		const res = await http.request({
			method: "POST",
			url: "https://x.test/v1/videos",
			headers: { Authorization: "Bearer k", "Content-Type": "multipart/form-data; boundary=b", "Content-Length": "4" },
			body: new Uint8Array([1, 2, 3, 4]).subarray(1, 3),
		});
		expect(res.status).toBe(500);
		expect(res.headers).toEqual({ "content-type": "text/plain", "x-request-id": "r1" });
		expect(new TextDecoder().decode(res.body)).toBe("boom");
		expect(res.redirected).toBeUndefined();
		const p = seen[0];
		expect(p?.throw).toBe(false);
		expect(p?.contentType).toBe("multipart/form-data; boundary=b");
		expect(Object.keys(p?.headers ?? {}).map((k) => k.toLowerCase())).toEqual(["authorization"]);
		expect(p?.body).toBeInstanceOf(ArrayBuffer);
		expect([...new Uint8Array(p?.body as ArrayBuffer)]).toEqual([2, 3]);
	});

	it("times out with a window timer while requestUrl keeps running", async () => {
		vi.useFakeTimers();
		const http = createObsidianHttp(() => new Promise(() => undefined));
		const p = http.request({ method: "GET", url: "https://slow.test", timeoutMs: 5000 }).catch((e: unknown) => e);
		await vi.advanceTimersByTimeAsync(5001);
		const err = await p;
		expect(err).toBeInstanceOf(HttpTransportError);
		expect(err).toMatchObject({ kind: "timeout" });
	});

	it("abort, network errors (redacted) and too-large", async () => {
		const ac = new AbortController();
		const hang = createObsidianHttp(() => new Promise(() => undefined));
		const p = hang.request({ method: "GET", url: "https://x.test" }, ac.signal).catch((e: unknown) => e);
		ac.abort();
		expect(await p).toMatchObject({ kind: "aborted" });
		const refused = createObsidianHttp(() => Promise.reject(new Error("net::ERR_CONNECTION_REFUSED https://x.test/?key=AIzaSyA-0123456789abcdefghij")));
		const e = await refused.request({ method: "GET", url: "https://x.test" }).catch((x: unknown) => x);
		expect(e).toMatchObject({ kind: "network" });
		expect((e as Error).message).toContain("ERR_CONNECTION_REFUSED");
		expect((e as Error).message).not.toContain("0123456789abcdefghij");
		const big = createObsidianHttp(() => Promise.resolve({ status: 200, headers: {}, arrayBuffer: new ArrayBuffer(100), json: null, text: "" }));
		await expect(big.request({ method: "GET", url: "https://x.test", maxBytes: 99 })).rejects.toMatchObject({ kind: "too-large" });
	});

	it("drives a whole job against the in-process simulator through the stub", async () => {
		const clock = new VirtualClock();
		const key = "sk-obsidian-000000000000";
		const sim = createSimulator({ clock, apiKey: key, scenario: { jobDurationMs: 60_000 } });
		const handle = sim.transport();
		setRequestUrlHandler(async (p) => {
			const headers = { ...(p.headers ?? {}), ...(p.contentType ? { "content-type": p.contentType } : {}) };
			const body = p.body === undefined ? undefined : typeof p.body === "string" ? p.body : new Uint8Array(p.body);
			const r = await handle.request({ method: (p.method ?? "GET") as "GET", url: p.url, headers, body });
			return { status: r.status, headers: r.headers, body: r.body };
		});
		const http = createObsidianHttp();
		for (const id of ["sorahk", "veo"]) {
			const r = await clock.run(
				driveJob({
					adapter: getAdapter(id),
					http,
					clock,
					baseUrl: simBaseUrl("http://sim.test", id),
					apiKey: key,
					input: sampleInput(id),
					pollMs: 20_000,
				}),
			);
			expect(r.ok).toBe(true);
			const task = sim.tasks().at(-1);
			if (r.ok) expect(r.bytes).toEqual(sim.clipOf(task?.id ?? ""));
		}
		expect(createRedactor([key])(JSON.stringify(sim.log))).toBe(JSON.stringify(sim.log));
	});
});
