/**
 * Model Studio (DashScope) current protocol: request mapping per model family (every
 * neutral control), response mapping from the documented shapes
 * (test/fixtures/providers/dashscope.json), every error code's class, and the simulator
 * end to end for Wan 2.7 i2v/r2v, Wan 3.0 and HappyHorse.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getProviderInfo } from "../../../src/core/providers/catalog";
import { dashscopeClass } from "../../../src/core/providers/dashscope";
import { getAdapter } from "../../../src/core/providers/index";
import type { CreateOutcome, PollOutcome, ProviderContext, RemoteState, VideoJobInput } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import type { HttpResponse } from "../../../src/ports/http";
import { createSimulator, driveJob, simBaseUrl } from "../../../src/sim/index";
import { sampleInput } from "../../../src/sim/samples";
import { VirtualClock } from "../../../src/clocks/virtual";

interface Fixture {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

const F = JSON.parse(readFileSync(new URL("../../fixtures/providers/dashscope.json", import.meta.url), "utf8")) as Record<string, Fixture>;
const KEY = "sk-dashscope-0123456789abcdef";
const BASE = "https://dashscope-intl.aliyuncs.com";
const a = getAdapter("dashscope");

function ctx(baseUrl = BASE): ProviderContext {
	return { baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: Date.UTC(2026, 11, 3) };
}

function res(name: string): HttpResponse {
	const f = F[name];
	if (!f) throw new Error(`missing fixture ${name}`);
	return { status: f.status, headers: f.headers ?? { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(f.body)) };
}

function body(i: VideoJobInput): Record<string, unknown> {
	return JSON.parse(a.buildCreate(i, ctx()).body as string) as Record<string, unknown>;
}

function state(p: PollOutcome): RemoteState {
	if (!p.ok) throw new Error(`expected ok, got ${p.failure.cls}: ${p.failure.message}`);
	return p.state;
}

function failedCls(name: string): string {
	const s = state(a.parsePoll(res(name), ctx(), "t1"));
	if (s.kind !== "failed") throw new Error(`expected failed, got ${s.kind}`);
	return s.failure.cls;
}

function failure(o: PollOutcome | CreateOutcome) {
	if (o.ok) throw new Error("expected a failure");
	return o.failure;
}

const t2v = sampleInput("dashscope", "A lighthouse at dusk");
const url = (u: string) => ({ kind: "url" as const, url: u });

describe("dashscope request mapping", () => {
	it("wan2.7-t2v: async header, Bearer, the documented body with prompt_extend off", () => {
		const req = a.buildCreate({ ...t2v, seed: 7, negativePrompt: "blur", aspect: "9:16", resolution: "1080p", duration: 12 }, ctx());
		expect(req.url).toBe(`${BASE}/api/v1/services/aigc/video-generation/video-synthesis`);
		expect(req.headers).toMatchObject({ Authorization: `Bearer ${KEY}`, "X-DashScope-Async": "enable", "Content-Type": "application/json" });
		expect(JSON.parse(req.body as string)).toEqual({
			model: "wan2.7-t2v",
			input: { prompt: "A lighthouse at dusk", negative_prompt: "blur" },
			parameters: { resolution: "1080P", ratio: "9:16", duration: 12, seed: 7, prompt_extend: false, watermark: false },
		});
	});

	it("sends no audio switch (none is documented) and no seed or negative prompt unless set", () => {
		const b = body({ ...t2v, audio: false });
		expect(b.parameters).toEqual({ resolution: "720P", ratio: "16:9", duration: 5, prompt_extend: false, watermark: false });
		expect(b.input).toEqual({ prompt: "A lighthouse at dusk" });
	});

	it("wan2.7-i2v: first and last frame as media, no ratio (it follows the image)", () => {
		const b = body({ ...t2v, model: "wan2.7-i2v", reference: url("https://x.test/f.png"), lastFrame: url("https://x.test/l.png") });
		expect(b.input).toEqual({
			prompt: "A lighthouse at dusk",
			media: [
				{ type: "first_frame", url: "https://x.test/f.png" },
				{ type: "last_frame", url: "https://x.test/l.png" },
			],
		});
		expect(b.parameters).not.toHaveProperty("ratio");
	});

	it("r2v: reference images, with the ratio; HappyHorse gets no prompt_extend but watermark off", () => {
		const b = body({ ...t2v, model: "happyhorse-1.0-r2v", references: [url("https://x.test/a.png"), url("https://x.test/b.png")] });
		expect(b.input).toMatchObject({
			media: [
				{ type: "reference_image", url: "https://x.test/a.png" },
				{ type: "reference_image", url: "https://x.test/b.png" },
			],
		});
		expect(b.parameters).toEqual({ resolution: "720P", ratio: "16:9", duration: 5, watermark: false });
	});

	it("takes images only as URLs, never frames with references, no last frame alone", () => {
		const png = { kind: "bytes" as const, bytes: new Uint8Array([1]), mime: "image/png", name: "a.png" };
		expect(() => a.buildCreate({ ...t2v, model: "wan2.7-i2v", reference: png }, ctx())).toThrow(/only as URLs/);
		expect(() =>
			a.buildCreate({ ...t2v, model: "wan3.0-video", reference: url("https://x.test/f.png"), references: [url("https://x.test/a.png")] }, ctx()),
		).toThrow(/not both/);
		expect(() => a.buildCreate({ ...t2v, model: "wan3.0-video", lastFrame: url("https://x.test/l.png") }, ctx())).toThrow(/last frame only together/);
	});

	it("the catalog: current models, their sources, no lookup", () => {
		const info = getProviderInfo("dashscope");
		expect(info).toMatchObject({ keyEnv: "DASHSCOPE_API_KEY", defaultModel: "wan2.7-t2v", defaultBaseUrl: BASE });
		expect(info?.models.map((m) => m.id)).toEqual([
			"wan2.7-t2v",
			"wan2.7-i2v",
			"wan2.7-r2v",
			"wan3.0-video",
			"wan3.0-video-prime",
			"happyhorse-1.0-t2v",
			"happyhorse-1.0-i2v",
			"happyhorse-1.0-r2v",
		]);
		for (const m of info?.models ?? []) {
			expect(m.lifecycle.verified).toBe("2026-12-03");
			expect(m.caps.firstFrameWithReferences).toBe(false);
			expect(m.caps.audio).toBe(false);
			expect(m.price.byResolution?.["720p"]).toBeGreaterThan(0);
		}
		expect(a.canLookup).toBe(false);
	});
});

describe("dashscope response mapping", () => {
	it("create, pending, running, succeeded with the OSS expiry", () => {
		expect(a.parseCreate(res("create_ok"), ctx())).toMatchObject({
			ok: true,
			taskId: "0385dc79-5ff8-4d82-bcb6-xxxxxx",
			state: { kind: "queued" },
			meta: { requestId: "4909100c-7b5a-9f92-bfe5-xxxxxx" },
		});
		expect(state(a.parsePoll(res("pending"), ctx(), "t"))).toEqual({ kind: "queued" });
		expect(state(a.parsePoll(res("running"), ctx(), "t"))).toEqual({ kind: "running" });
		const s = state(a.parsePoll(res("succeeded"), ctx(), "t"));
		expect(s).toMatchObject({ kind: "succeeded", download: { headers: {}, expiresAt: 1764829419_000 } });
	});

	it("terminal states: DataInspectionFailed → policy, InternalError → outage, CANCELED/UNKNOWN → invalid", () => {
		expect(failedCls("failed_policy")).toBe("policy");
		expect(failedCls("failed_internal")).toBe("outage");
		expect(failedCls("canceled")).toBe("invalid");
		expect(failedCls("unknown")).toBe("invalid");
	});

	it("every error code has its class; AllocationQuota is a rate window, not capacity", () => {
		const create = (n: string) => failure(a.parseCreate(res(n), ctx()));
		expect(create("invalid_parameter")).toMatchObject({ cls: "invalid", code: "InvalidParameter", requestId: "r2" });
		expect(create("invalid_parameter").message).toMatch(/99/);
		expect(create("url_error").cls).toBe("invalid");
		expect(create("model_not_exist").cls).toBe("retired");
		expect(create("model_not_found").cls).toBe("retired");
		expect(create("data_inspection").cls).toBe("policy");
		expect(create("invalid_api_key").cls).toBe("auth");
		expect(create("unpurchased").cls).toBe("auth");
		expect(create("model_access_denied").cls).toBe("auth");
		expect(create("sync_refused").cls).toBe("auth");
		expect(create("arrearage")).toMatchObject({ cls: "quota", status: 400 });
		expect(create("free_tier_only").cls).toBe("quota");
		expect(create("rate_quota")).toMatchObject({ cls: "rate", retryAfterMs: 3000 });
		expect(create("allocation_quota").cls).toBe("rate");
		expect(create("throttling").cls).toBe("rate");
		expect(create("throttling_concurrency").cls).toBe("capacity");
		expect(failure(a.parsePoll(res("throttling_concurrency"), ctx(), "t")).cls).toBe("rate");
		expect(create("internal").cls).toBe("outage");
		expect(create("service_unavailable")).toMatchObject({ cls: "outage", status: 503 });
	});

	it("dashscopeClass leaves unknown codes to the generic classifier", () => {
		expect(dashscopeClass("IPInfringementSuspect", "", "create")).toBe("policy");
		expect(dashscopeClass("Throttling.BurstRate", "", "create")).toBe("rate");
		expect(dashscopeClass("BadRequest.EmptyInput", "Required input parameter missing", "create")).toBe("invalid");
		expect(dashscopeClass("Whatever", "", "create")).toBeUndefined();
		expect(dashscopeClass(undefined, "", "create")).toBeUndefined();
	});
});

describe("dashscope against the simulator", () => {
	function setup() {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 120_000 } });
		const baseUrl = simBaseUrl("http://sim.test", "dashscope");
		const c = (): ProviderContext => ({ baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: clock.now() });
		const http = sim.transport();
		const drive = (i: VideoJobInput) => clock.run(driveJob({ adapter: a, http, clock, baseUrl, apiKey: KEY, input: i, pollMs: 10_000 }));
		return { sim, c, http, drive };
	}

	it("every model family runs end to end with its media", async () => {
		const t = setup();
		const runs: VideoJobInput[] = [
			{ ...t2v, model: "wan2.7-i2v", reference: url("https://x.test/f.png"), lastFrame: url("https://x.test/l.png") },
			{ ...t2v, model: "wan2.7-r2v", references: [url("https://x.test/a.png")] },
			{ ...t2v, model: "wan3.0-video", resolution: "480p", duration: 25, reference: url("https://x.test/f.png") },
			{ ...t2v, model: "wan3.0-video-prime", references: [url("https://x.test/a.png")] },
			{ ...t2v, model: "happyhorse-1.0-t2v", resolution: "1080p", duration: 3 },
			{ ...t2v, model: "happyhorse-1.0-i2v", reference: url("https://x.test/f.png") },
		];
		for (const i of runs) {
			const r = await t.drive({ ...i, prompt: `${i.model} shot` });
			expect(r.ok, `${i.model}: ${JSON.stringify(r)}`).toBe(true);
		}
		expect(t.sim.tasks()).toHaveLength(runs.length);
	});

	it("the simulator rejects what the docs reject, with the provider's error", async () => {
		const t = setup();
		const send = async (i: VideoJobInput) => failure(a.parseCreate(await t.http.request(a.buildCreate(i, t.c())), t.c()));
		expect(
			await send({ ...t2v, model: "happyhorse-1.0-i2v", reference: url("https://x.test/f.png"), lastFrame: url("https://x.test/l.png") }),
		).toMatchObject({ cls: "invalid" });
		expect(await send({ ...t2v, model: "wan2.7-i2v" })).toMatchObject({ cls: "invalid" });
		expect(await send({ ...t2v, resolution: "480p" })).toMatchObject({ cls: "invalid" });
		expect(await send({ ...t2v, model: "wan2.6-t2v" })).toMatchObject({ cls: "retired", message: expect.stringMatching(/Model not exist/) });
		expect(t.sim.tasks()).toHaveLength(0);
	});
});
