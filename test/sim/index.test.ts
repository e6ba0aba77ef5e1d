/** The simulator's server model and scenario knobs, in virtual time. */
import { describe, expect, it } from "vitest";
import { getAdapter } from "../../src/core/providers/index";
import type { ProviderContext } from "../../src/core/providers/types";
import { createRedactor } from "../../src/core/redact";
import { HttpTransportError, bodyText, type HttpRequest } from "../../src/ports/http";
import { createSimulator, driveJob, loadScenario, simBaseUrl, type Scenario } from "../../src/sim/index";
import { download } from "../../src/sim/drive";
import { sampleInput } from "../../src/sim/samples";
import { VirtualClock } from "../../src/clocks/virtual";

const KEY = "sk-sim-0123456789abcdef";
const ORIGIN = "http://sim.test";
const MIN = 60_000;

function make(scenario: Partial<Scenario> = {}, seed = 1) {
	const clock = new VirtualClock();
	const sim = createSimulator({ clock, apiKey: KEY, seed, scenario });
	return { clock, sim, http: sim.transport() };
}

function ctxFor(provider: string, clock: VirtualClock): ProviderContext {
	return { baseUrl: simBaseUrl(ORIGIN, provider), apiKey: KEY, redact: createRedactor([KEY]), now: clock.now() };
}

async function createOn(t: ReturnType<typeof make>, provider: string, prompt: string) {
	const a = getAdapter(provider);
	const ctx = ctxFor(provider, t.clock);
	return a.parseCreate(await t.http.request(a.buildCreate(sampleInput(provider, prompt), ctx)), ctx);
}

async function pollOn(t: ReturnType<typeof make>, provider: string, id: string) {
	const a = getAdapter(provider);
	const ctx = ctxFor(provider, t.clock);
	return a.parsePoll(await t.http.request(a.buildPoll(id, ctx)), ctx, id);
}

describe("scenario loading", () => {
	it("fills defaults and validates with clear errors", () => {
		const s = loadScenario({ capacity: 12, rpm: { limit: 60 } });
		expect(s.capacity).toBe(12);
		expect(s.policyMarker).toBe("FORBIDDEN");
		expect(s.urlTtlMs).toBe(2 * 24 * 3600_000);
		expect(() => loadScenario({ capacty: 3 })).toThrow(/Invalid scenario: .*capacty/);
		expect(() => loadScenario({ capacity: "many" })).toThrow(/Invalid scenario: capacity/);
		expect(() => loadScenario({ random429: 2 })).toThrow(/random429/);
		expect(() => loadScenario({ jobDurationMs: { min: 5, max: 1 } })).toThrow(/max must be/);
		expect(loadScenario({ jobDurationMs: { byModel: { "sora-2": { min: 1, max: 2 } }, default: 5 } }).jobDurationMs).toBeTruthy();
	});
	it("setScenario validates too", () => {
		const { sim } = make();
		expect(() => sim.setScenario({ capacity: -1 })).toThrow(/capacity/);
		sim.setScenario({ capacity: 3 });
		expect(sim.scenario().capacity).toBe(3);
	});
});

describe("capacity", () => {
	it("rejects creates at C(t) and follows a step function (S2: running jobs are not killed)", async () => {
		const t = make({
			capacity: [
				{ at: 0, value: 2 },
				{ at: 30 * MIN, value: 1 },
			],
			jobDurationMs: 40 * MIN,
		});
		expect((await createOn(t, "sorahk", "a")).ok).toBe(true);
		expect((await createOn(t, "sorahk", "b")).ok).toBe(true);
		const c = await createOn(t, "sorahk", "c");
		expect(!c.ok && c.failure.cls).toBe("capacity");
		await t.clock.advance(35 * MIN);
		expect(t.sim.tasks().filter((x) => x.status === "running")).toHaveLength(2);
		await t.clock.advance(10 * MIN);
		expect(t.sim.tasks().every((x) => x.status === "succeeded")).toBe(true);
		expect((await createOn(t, "sorahk", "d")).ok).toBe(true);
		expect(!(await createOn(t, "sorahk", "e")).ok).toBe(true);
		const log429 = t.sim.log.filter((e) => e.status === 429);
		expect(log429.map((e) => e.fault)).toEqual(["capacity", "capacity"]);
		expect(log429.every((e) => e.retryAfterMs === undefined)).toBe(true);
	});

	it("an oracle client reaches ceil(N/C)·T exactly (S1 shape, N=30, C=12, T=10 min)", async () => {
		const t = make({ capacity: 12, jobDurationMs: 10 * MIN });
		const a = getAdapter("openai");
		const job = async (i: number) => {
			for (;;) {
				const ctx = ctxFor("openai", t.clock);
				const r = a.parseCreate(await t.http.request(a.buildCreate(sampleInput("openai", `shot ${i}`), ctx)), ctx);
				if (r.ok) {
					await t.clock.sleep(10 * MIN);
					return;
				}
				await t.clock.sleep(1000);
			}
		};
		const start = t.clock.now();
		await t.clock.run(Promise.all(Array.from({ length: 30 }, (_, i) => job(i))));
		expect(t.clock.now() - start).toBeLessThanOrEqual(30 * MIN + 3000);
		expect(t.clock.now() - start).toBeGreaterThanOrEqual(30 * MIN);
		expect(t.sim.tasks()).toHaveLength(30);
		expect(Math.max(...[...t.sim.createsByPrompt().values()])).toBe(1);
	});

	it("queueInsteadOfReject (S9): accepts, stays queued, duration counts from the start", async () => {
		const t = make({ capacity: 1, queueInsteadOfReject: true, jobDurationMs: 10 * MIN });
		const a = await createOn(t, "openai", "a");
		const b = await createOn(t, "openai", "b");
		expect(a.ok && b.ok).toBe(true);
		if (!a.ok || !b.ok) return;
		await t.clock.advance(5 * MIN);
		expect((await pollOn(t, "openai", b.taskId)).ok && (await pollOn(t, "openai", b.taskId))).toMatchObject({ state: { kind: "queued", progress: 0 } });
		await t.clock.advance(10 * MIN);
		const pb = await pollOn(t, "openai", b.taskId);
		expect(pb).toMatchObject({ ok: true, state: { kind: "running", progress: 50 } });
		const tb = t.sim.tasks().find((x) => x.id === b.taskId);
		expect(tb?.startedAt).toBe(t.sim.startedAt + 10 * MIN);
		expect(tb?.doneAt).toBe(t.sim.startedAt + 20 * MIN);
	});
});

describe("request faults", () => {
	it("outage windows answer 5xx, then recover", async () => {
		const t = make({ outages: [{ from: 10 * MIN, to: 20 * MIN, status: 502 }] });
		expect((await createOn(t, "wan", "a")).ok).toBe(true);
		await t.clock.advance(15 * MIN);
		const r = await createOn(t, "wan", "b");
		expect(!r.ok && r.failure).toMatchObject({ cls: "outage", status: 502 });
		await t.clock.advance(5 * MIN);
		expect((await createOn(t, "wan", "c")).ok).toBe(true);
		expect(t.sim.log.map((e) => e.fault)).toEqual([undefined, "outage", undefined]);
	});

	it("the rpm bucket bursts, then answers 429 with Retry-After (seconds, rounded up)", async () => {
		const t = make({ rpm: { limit: 6, burst: 2, retryAfter: true } });
		expect((await createOn(t, "openai", "a")).ok).toBe(true);
		expect((await createOn(t, "openai", "b")).ok).toBe(true);
		const r = await createOn(t, "openai", "c");
		expect(!r.ok && r.failure).toMatchObject({ cls: "rate", retryAfterMs: 10_000 });
		expect(t.sim.log.at(-1)).toMatchObject({ status: 429, fault: "rpm", retryAfterMs: 10_000 });
		await t.clock.advance(10_000);
		expect((await createOn(t, "openai", "d")).ok).toBe(true);
	});

	it("random 429/5xx are seeded and reproducible", async () => {
		const run = async (seed: number) => {
			const t = make({ random429: 0.3, random5xx: 0.2 }, seed);
			for (let i = 0; i < 40; i++) await createOn(t, "grok", `p${i}`);
			return t.sim.log.map((e) => e.status).join(",");
		};
		const a = await run(7);
		expect(await run(7)).toBe(a);
		expect(await run(8)).not.toBe(a);
		expect(a).toContain("429");
		expect(a).toContain("500");
	});

	it("random 5xx limited to some providers spares the others (the demo: Sora.hk can look a task up, MiniMax cannot)", async () => {
		const t = make({ random5xx: 1, random5xxOnly: ["sorahk"] });
		for (let i = 0; i < 5; i++) expect((await createOn(t, "minimax", `m${i}`)).ok).toBe(true);
		expect((await createOn(t, "sorahk", "s")).ok).toBe(false);
		expect(t.sim.log.map((e) => e.fault ?? "-")).toEqual(["-", "-", "-", "-", "-", "random5xx"]);
	});

	it("a dropped connection in-process is HttpTransportError(network)", async () => {
		const t = make({ dropConnections: 1 });
		const err = await t.http.request({ method: "GET", url: `${simBaseUrl(ORIGIN, "grok")}/videos/x` }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(HttpTransportError);
		expect(err).toMatchObject({ kind: "network" });
		expect(t.sim.log[0]).toMatchObject({ status: 0, fault: "drop" });
	});

	it("missing or wrong keys get each provider's auth answer; Wan needs the async header", async () => {
		const t = make();
		const res = await t.sim.handle({ method: "POST", url: `${simBaseUrl(ORIGIN, "veo")}/models/veo-3.1-generate-preview:predictLongRunning`, body: "{}" });
		expect(res.status).toBe(403);
		expect(bodyText(res)).toContain("PERMISSION_DENIED");
		const wan = await t.sim.handle({
			method: "POST",
			url: `${simBaseUrl(ORIGIN, "wan")}/api/v1/services/aigc/video-generation/video-synthesis`,
			headers: { Authorization: `Bearer ${KEY}` },
			body: JSON.stringify({ model: "wan2.6-t2v", input: { prompt: "p" } }),
		});
		expect(wan.status).toBe(403);
		expect(bodyText(wan)).toContain("does not support synchronous calls");
	});
});

describe("tasks and durations", () => {
	it("uniform and per-model durations, seconds scaling, pow1.5 progress", async () => {
		const t = make({
			jobDurationMs: { byModel: { "veo-3.1-generate-preview": { min: 60_000, max: 120_000 } }, default: 1000 },
			durationPerVideoSecond: 1000,
			progressCurve: "pow1.5",
		});
		const r = await createOn(t, "veo", "a");
		expect(r.ok).toBe(true);
		const task = t.sim.tasks()[0];
		expect(task?.durationMs).toBeGreaterThanOrEqual(60_000 + 8000);
		expect(task?.durationMs).toBeLessThanOrEqual(120_000 + 8000);
		const w = await createOn(t, "wan", "b");
		expect(w.ok).toBe(true);
		const wt = t.sim.tasks()[1];
		expect(wt?.durationMs).toBe(1000 + 5 * 1000);
		await t.clock.advance(wt ? wt.durationMs / 4 : 0);
		const pr = await t.sim.handle({ method: "GET", url: `${simBaseUrl(ORIGIN, "sorahk")}/tasks/none`, headers: { Authorization: `Bearer ${KEY}` } });
		expect(pr.status).toBe(404);
	});

	it("progress follows x^1.5 on Sora.hk", async () => {
		const t = make({ jobDurationMs: 100 * MIN, progressCurve: "pow1.5" });
		const r = await createOn(t, "sorahk", "a");
		if (!r.ok) throw new Error("create failed");
		await t.clock.advance(25 * MIN);
		expect(await pollOn(t, "sorahk", r.taskId)).toMatchObject({ state: { kind: "running", progress: 12 } });
	});

	it("quotaAfterCreates lets n creates through, then answers the insufficient-balance error", async () => {
		const t = make({ quotaAfterCreates: 2 });
		expect((await createOn(t, "sorahk", "a")).ok).toBe(true);
		expect((await createOn(t, "sorahk", "b")).ok).toBe(true);
		const r = await createOn(t, "sorahk", "c");
		expect(!r.ok && r.failure).toMatchObject({ cls: "quota", code: "1012", status: 200 });
	});

	it("post502AfterCreate creates the task, answers 502, and lookup reconciles it (S11)", async () => {
		for (const provider of ["sorahk", "openai"]) {
			const t = make({ post502AfterCreate: { nth: [1] } });
			const a = getAdapter(provider);
			const input = sampleInput(provider, "reconcile me");
			const since = t.clock.now();
			const r = await createOn(t, provider, "reconcile me");
			expect(!r.ok && r.failure).toMatchObject({ cls: "outage", status: 502 });
			expect(t.sim.tasks()).toHaveLength(1);
			expect(t.sim.log[0]).toMatchObject({ route: "create", status: 502, fault: "post502", prompt: "reconcile me" });
			await t.clock.advance(30_000);
			const ctx = ctxFor(provider, t.clock);
			const lookupReq = a.buildLookup?.(input, ctx, since) as HttpRequest;
			const l = a.parseLookup?.(await t.http.request(lookupReq), input, ctx, since, new Set());
			expect(l).toMatchObject({ found: true, taskId: t.sim.tasks()[0]?.id });
			expect(t.sim.log.at(-1)?.route).toBe("list");
			const again = a.parseLookup?.(await t.http.request(lookupReq), input, ctx, since, new Set([t.sim.tasks()[0]?.id ?? ""]));
			expect(again).toMatchObject({ found: false });
		}
	});
});

describe("downloads", () => {
	async function finished(provider: string, scenario: Partial<Scenario> = {}) {
		const t = make({ jobDurationMs: MIN, ...scenario });
		const r = await createOn(t, provider, "dl");
		if (!r.ok) throw new Error(r.failure.message);
		await t.clock.advance(2 * MIN);
		const p = await pollOn(t, provider, r.taskId);
		if (!p.ok || p.state.kind !== "succeeded") throw new Error("not done");
		return { t, dl: p.state.download };
	}

	it("signed URLs carry Content-Length and video/mp4, and expire with an Azure XML 403", async () => {
		const { t, dl } = await finished("sorahk", { urlTtlMs: 10 * MIN });
		expect(dl.url).toMatch(/^http:\/\/sim\.test\/files\/[0-9a-f]+\.mp4\?se=.+&sp=r&.*sig=[0-9a-f]+$/);
		expect(dl.expiresAt).toBe(t.sim.tasks()[0]?.doneAt ? (t.sim.tasks()[0]?.doneAt ?? 0) + 10 * MIN : -1);
		const ok = await t.http.request({ method: "GET", url: dl.url });
		expect(ok.status).toBe(200);
		expect(ok.headers["content-type"]).toBe("video/mp4");
		const clip = t.sim.clipOf(t.sim.tasks()[0]?.id ?? "");
		expect(ok.headers["content-length"]).toBe(String(clip?.length));
		expect(ok.body).toEqual(clip);
		await t.clock.advance(20 * MIN);
		const expired = await t.http.request({ method: "GET", url: dl.url });
		expect(expired.status).toBe(403);
		expect(bodyText(expired)).toContain("<Code>AuthenticationFailed</Code>");
		const forged = await t.http.request({ method: "GET", url: dl.url.replace(/sig=[0-9a-f]+/, "sig=00") });
		expect(forged.status).toBe(403);
		expect(t.sim.log.filter((e) => e.route === "download").every((e) => e.path.includes("sig=***"))).toBe(true);
	});

	it("Wan's OSS-style URL (Expires=) expires with an OSS AccessDenied", async () => {
		const { t, dl } = await finished("wan", { urlTtlMs: 5 * MIN });
		expect(dl.url).toContain("Expires=");
		expect((await t.http.request({ method: "GET", url: dl.url })).status).toBe(200);
		await t.clock.advance(10 * MIN);
		const r = await t.http.request({ method: "GET", url: dl.url });
		expect(r.status).toBe(403);
		expect(bodyText(r)).toContain("Request has expired");
	});

	it("Veo's download needs the key and redirects once; the hop drops nothing it needs", async () => {
		const { t, dl } = await finished("veo");
		const noKey = await t.http.request({ method: "GET", url: dl.url });
		expect(noKey.status).toBe(403);
		const first = await t.http.request({ method: "GET", url: dl.url, headers: dl.headers });
		expect(first.status).toBe(302);
		expect(first.headers.location).toMatch(/\/files\/.+sig=/);
		const got = await download(t.http, dl.url, dl.headers, createRedactor([KEY]), "veo");
		expect(got).toMatchObject({ ok: true });
	});

	it("redirectDownloads adds hops; redirectTo sends a hostile target the client refuses", async () => {
		const a = await finished("openai", { redirectDownloads: 3 });
		let hops = 0;
		let url = a.dl.url;
		for (;;) {
			const r = await a.t.http.request({ method: "GET", url, headers: a.dl.headers });
			if (r.status !== 302) {
				expect(r.body).toEqual(a.t.sim.clipOf(a.t.sim.tasks()[0]?.id ?? ""));
				break;
			}
			hops++;
			url = r.headers.location ?? "";
		}
		expect(hops).toBe(3);
		const b = await finished("openai", { redirectTo: "file:///etc/passwd" });
		const r = await download(b.t.http, b.dl.url, b.dl.headers, createRedactor([KEY]), "openai");
		expect(r).toMatchObject({ ok: false, failure: { cls: "invalid" } });
	});

	it("truncated (in-process: short body, full Content-Length) and HTML error pages are refused", async () => {
		const a = await finished("grok", { truncateDownloads: { count: 1 } });
		const short = await a.t.http.request({ method: "GET", url: a.dl.url });
		expect(Number(short.headers["content-length"])).toBeGreaterThan(short.body.length);
		expect((await a.t.http.request({ method: "GET", url: a.dl.url })).body).toEqual(a.t.sim.clipOf(a.t.sim.tasks()[0]?.id ?? ""));
		const b = await finished("grok", { htmlErrorOnDownload: 1 });
		const html = await b.t.http.request({ method: "GET", url: b.dl.url });
		expect(html.status).toBe(200);
		expect(html.headers["content-type"]).toMatch(/text\/html/);
		expect(await download(b.t.http, b.dl.url, {}, createRedactor([]), "grok")).toMatchObject({ ok: false, failure: { cls: "outage" } });
	});

	it("OpenAI content before completion is an error, not bytes", async () => {
		const t = make({ jobDurationMs: 10 * MIN });
		const r = await createOn(t, "openai", "early");
		if (!r.ok) throw new Error("create failed");
		const res = await t.http.request({
			method: "GET",
			url: `${simBaseUrl(ORIGIN, "openai")}/videos/${r.taskId}/content`,
			headers: { Authorization: `Bearer ${KEY}` },
		});
		expect(res.status).toBe(400);
		expect(bodyText(res)).toContain("video_not_ready");
	});
});

describe("log, chat, drive", () => {
	it("records every request with time, route, status, task id and the create prompt", async () => {
		const t = make({ jobDurationMs: 30_000 });
		const a = getAdapter("t8star");
		const r = await t.clock.run(
			driveJob({
				adapter: a,
				http: t.http,
				clock: t.clock,
				baseUrl: simBaseUrl(ORIGIN, "t8star"),
				apiKey: KEY,
				input: sampleInput("t8star", "logged"),
				pollMs: 10_000,
			}),
		);
		expect(r.ok).toBe(true);
		const log = t.sim.log;
		expect(log[0]).toMatchObject({ at: t.sim.startedAt, provider: "t8star", route: "create", method: "POST", status: 200, prompt: "logged" });
		expect(log.filter((e) => e.route === "poll")).toHaveLength(3);
		expect(log.at(-1)).toMatchObject({ provider: "t8star", route: "download", status: 200 });
		expect(log.every((e) => e.taskId === t.sim.tasks()[0]?.id)).toBe(true);
	});

	it("serves a chat script in the OpenAI chat shape", async () => {
		const t = make({ chatScript: ["one", "two"] });
		const ask = () =>
			t.sim.handle({ method: "POST", url: `${simBaseUrl(ORIGIN, "chat")}/chat/completions`, headers: { Authorization: `Bearer ${KEY}` }, body: "{}" });
		expect(JSON.parse(bodyText(await ask())).choices[0].message.content).toBe("one");
		expect(JSON.parse(bodyText(await ask())).choices[0].message).toEqual({ role: "assistant", content: "two" });
		expect((await ask()).status).toBe(503);
		expect(t.sim.log.map((e) => e.route)).toEqual(["chat", "chat", "chat"]);
	});

	it("simBaseUrl knows every provider", () => {
		expect(simBaseUrl("http://h:1/", "t8star")).toBe("http://h:1/t8star");
		expect(simBaseUrl("http://h:1", "veo")).toBe("http://h:1/veo/v1beta");
		expect(() => simBaseUrl("http://h", "nope")).toThrow(/no provider/);
	});
});
