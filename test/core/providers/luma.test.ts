/**
 * Luma (Agents API, Ray 3.2): request mapping (every neutral control, the guide's bodies
 * built exactly), response mapping from the documented shapes (each state, each failure
 * code, each error status, retired), and the simulator's keyframe rules.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getProviderInfo } from "../../../src/core/providers/catalog";
import { jobCost } from "../../../src/core/cost";
import { getAdapter } from "../../../src/core/providers/index";
import type { Failure, PollOutcome, ProviderContext, RemoteState, VideoJobInput } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import type { HttpRequest, HttpResponse } from "../../../src/ports/http";
import { createSimulator, driveJob, simBaseUrl } from "../../../src/sim/index";
import { sampleInput } from "../../../src/sim/samples";
import { VirtualClock } from "../../../src/clocks/virtual";

interface Fixture {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}
interface RequestFixture {
	path: string;
	json: Record<string, unknown>;
}

const FX = JSON.parse(readFileSync(new URL("../../fixtures/providers/luma.json", import.meta.url), "utf8")) as Record<string, unknown>;
const fx = (name: string) => FX[name] as Fixture;
const reqFx = (name: string) => FX[name] as RequestFixture;

const KEY = "luma-api-test-0123456789abcdef";
const NOW = Date.UTC(2026, 11, 3);
const a = getAdapter("luma");
const ctx: ProviderContext = { baseUrl: "https://agents.lumalabs.ai/v1", apiKey: KEY, redact: createRedactor([KEY]), now: NOW };
const enc = new TextEncoder();
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function res(f: Fixture): HttpResponse {
	return { status: f.status, headers: f.headers ?? { "content-type": "application/json" }, body: enc.encode(JSON.stringify(f.body)) };
}
function input(over: Partial<VideoJobInput> = {}): VideoJobInput {
	return { ...sampleInput("luma", "A lighthouse at dusk"), ...over };
}
function body(r: HttpRequest): Record<string, unknown> {
	return JSON.parse(String(r.body)) as Record<string, unknown>;
}
function state(p: PollOutcome): RemoteState {
	if (!p.ok) throw new Error(`expected ok, got ${p.failure.cls}: ${p.failure.message}`);
	return p.state;
}
function failed(p: PollOutcome): Failure {
	const s = state(p);
	if (s.kind !== "failed") throw new Error(`expected failed, got ${s.kind}`);
	return s.failure;
}
function createFailure(f: Fixture): Failure {
	const o = a.parseCreate(res(f), ctx);
	if (o.ok) throw new Error("expected a failure");
	return o.failure;
}

describe("luma catalog", () => {
	it("Ray 3.2 on the Agents API; the Dream Machine ids are retired here with ray-3.2 as replacement", () => {
		const info = getProviderInfo("luma");
		expect(info).toMatchObject({
			label: "Luma AI (Ray 3)",
			defaultBaseUrl: "https://agents.lumalabs.ai/v1",
			keyEnv: "LUMA_AGENTS_API_KEY",
			defaultModel: "ray-3.2",
		});
		const ray = info?.models.find((m) => m.id === "ray-3.2");
		expect(ray).toMatchObject({ durations: [5, 10], image: "url-or-bytes", lifecycle: { status: "active", verified: "2026-12-03" } });
		expect(ray?.caps).toMatchObject({
			resolutions: ["720p", "540p", "1080p"],
			firstFrame: true,
			lastFrame: true,
			maxReferences: 0,
			seed: false,
			audio: false,
		});
		for (const id of ["ray-2", "ray-flash-2"])
			expect(info?.models.find((m) => m.id === id)?.lifecycle).toMatchObject({ status: "retired", replacement: "ray-3.2" });
	});

	it("prices 720p from the pricing page; 540p and 1080p stay unknown", () => {
		const ray = getProviderInfo("luma")?.models.find((m) => m.id === "ray-3.2");
		if (!ray) throw new Error("no ray-3.2");
		expect(ray.price.source).toMatch(/docs\.agents\.lumalabs\.ai\/guides\/pricing/);
		expect(jobCost(ray.price, 10, false, "720p")).toBeCloseTo(0.9);
		expect(jobCost(ray.price, 5, false, "1080p")).toBeNull();
	});
});

describe("luma request mapping", () => {
	it("text-to-video: the guide's body exactly, with Bearer auth", () => {
		const doc = reqFx("request_text_to_video");
		const r = a.buildCreate(input({ prompt: String(doc.json.prompt) }), ctx);
		expect(r.method).toBe("POST");
		expect(r.url).toBe(`https://agents.lumalabs.ai/v1${doc.path}`);
		expect(r.headers).toMatchObject({ Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" });
		expect(body(r)).toEqual(doc.json);
	});

	it("image-to-video: start_frame and end_frame as URL ImageRefs, exactly as the guide", () => {
		const doc = reqFx("request_image_to_video");
		const video = doc.json.video as Record<string, { url: string }>;
		const r = a.buildCreate(
			input({
				prompt: String(doc.json.prompt),
				reference: { kind: "url", url: video.start_frame?.url ?? "" },
				lastFrame: { kind: "url", url: video.end_frame?.url ?? "" },
			}),
			ctx,
		);
		expect(body(r)).toEqual(doc.json);
	});

	it("bytes become inline base64 data with media_type; resolution, aspect and duration map through", () => {
		const r = body(
			a.buildCreate(
				input({ resolution: "1080p", aspect: "21:9", duration: 10, lastFrame: { kind: "bytes", bytes: PNG, mime: "image/png", name: "l.png" } }),
				ctx,
			),
		);
		expect(r.aspect_ratio).toBe("21:9");
		expect(r.video).toEqual({ resolution: "1080p", duration: "10s", end_frame: { data: "iVBORw0KGgo=", media_type: "image/png" } });
	});

	it("controls Ray 3.2 does not take are not sent (seed, negative prompt, audio, references, pro)", () => {
		const r = body(
			a.buildCreate(
				input({ seed: 7, negativePrompt: "blur", audio: true, pro: true, references: [{ kind: "url", url: "https://img.test/r.jpg" }] }),
				ctx,
			),
		);
		expect(Object.keys(r).sort()).toEqual(["aspect_ratio", "model", "prompt", "type", "video"]);
		expect(Object.keys(r.video as object)).toEqual(["resolution", "duration"]);
	});

	it("poll URL; no lookup", () => {
		expect(a.buildPoll("g/1", ctx)).toMatchObject({
			method: "GET",
			url: "https://agents.lumalabs.ai/v1/generations/g%2F1",
			headers: { Authorization: `Bearer ${KEY}` },
		});
		expect(a.canLookup).toBe(false);
	});
});

describe("luma response mapping", () => {
	it("201 create → generation id, queued", () => {
		expect(a.parseCreate(res(fx("create_201")), ctx)).toMatchObject({
			ok: true,
			taskId: "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
			state: { kind: "queued" },
		});
	});

	it("queued → queued, processing → running (no progress is documented)", () => {
		expect(state(a.parsePoll(res(fx("queued")), ctx, "g"))).toEqual({ kind: "queued" });
		expect(state(a.parsePoll(res(fx("processing")), ctx, "g"))).toEqual({ kind: "running" });
	});

	it("completed → the video output, no headers, the presigned URL's one-hour expiry", () => {
		const s = state(a.parsePoll(res(fx("completed")), ctx, "g"));
		expect(s.kind).toBe("succeeded");
		if (s.kind !== "succeeded") return;
		expect(s.download.url).toMatch(/video\.mp4\?/);
		expect(s.download.headers).toEqual({});
		expect(s.download.expiresAt).toBe(Date.UTC(2026, 11, 3, 11, 2, 0));
	});

	it("completed without a video output is an outage to poll again", () => {
		const p = a.parsePoll(res({ status: 200, body: { id: "g", state: "completed", output: [{ type: "image" }] } }), ctx, "g");
		expect(p).toMatchObject({ ok: false, failure: { cls: "outage" } });
	});

	it("failure codes: moderated → policy, generation_failed → outage, budget → quota, input → invalid", () => {
		const m = failed(a.parsePoll(res(fx("failed_moderated")), ctx, "g"));
		expect(m).toMatchObject({ cls: "policy", code: "content_moderated" });
		expect(m.message).toContain("violated content guidelines");
		expect(failed(a.parsePoll(res(fx("failed_generation")), ctx, "g")).cls).toBe("outage");
		expect(failed(a.parsePoll(res(fx("failed_budget")), ctx, "g")).cls).toBe("quota");
		expect(failed(a.parsePoll(res(fx("failed_input")), ctx, "g")).cls).toBe("invalid");
		const rl = { status: 200, body: { id: "g", state: "failed", failure_code: "rate_limited", failure_reason: "rate limited" } };
		expect(failed(a.parsePoll(res(rl), ctx, "g")).cls).toBe("rate");
	});

	it("400 on model → retired; 400 on another field → invalid quoting field and value", () => {
		expect(createFailure(fx("error_400_model"))).toMatchObject({ cls: "retired", status: 400 });
		const d = createFailure(fx("error_400_duration"));
		expect(d.cls).toBe("invalid");
		expect(d.message).toBe("luma 400: video.duration: Input should be '5s' or '10s' (got 9s)");
	});

	it("401/403 → auth, 402 → quota, 413/422 → invalid, 502 → outage", () => {
		expect(createFailure(fx("error_401")).cls).toBe("auth");
		expect(createFailure(fx("error_403")).cls).toBe("auth");
		expect(createFailure(fx("error_402")).cls).toBe("quota");
		expect(createFailure(fx("error_413")).cls).toBe("invalid");
		expect(createFailure(fx("error_422_combination")).cls).toBe("invalid");
		expect(createFailure(fx("error_502"))).toMatchObject({ cls: "outage", status: 502 });
	});

	it("429: RPM with Retry-After → rate; concurrent jobs → capacity (keeping the delay)", () => {
		expect(createFailure(fx("error_429_rpm"))).toMatchObject({ cls: "rate", retryAfterMs: 12_000 });
		expect(createFailure(fx("error_429_concurrent"))).toMatchObject({ cls: "capacity", retryAfterMs: 30_000 });
		const p = a.parsePoll(res(fx("error_429_concurrent")), ctx, "g");
		expect(p).toMatchObject({ ok: false, failure: { cls: "rate" } });
	});

	it("404 on a poll → invalid", () => {
		expect(a.parsePoll(res(fx("error_404")), ctx, "g")).toMatchObject({ ok: false, failure: { cls: "invalid", status: 404 } });
	});
});

describe("luma simulator", () => {
	function setup() {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 90_000 } });
		const baseUrl = simBaseUrl("http://sim.test", "luma");
		const c = (): ProviderContext => ({ baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: clock.now() });
		return { clock, sim, c, baseUrl };
	}
	const first = { kind: "url" as const, url: "https://img.test/first.jpg" };
	const last = { kind: "bytes" as const, bytes: PNG, mime: "image/png", name: "last.png" };

	it("first and last frame on a 5 s clip run end to end", async () => {
		const t = setup();
		const r = await t.clock.run(
			driveJob({
				adapter: a,
				http: t.sim.transport(),
				clock: t.clock,
				baseUrl: t.baseUrl,
				apiKey: KEY,
				input: input({ reference: first, lastFrame: last }),
				pollMs: 10_000,
			}),
		);
		expect(r.ok, JSON.stringify(r)).toBe(true);
		expect(t.sim.tasks()[0]).toMatchObject({ model: "ray-3.2", status: "succeeded" });
	});

	it("keyframes with a 10 s clip are rejected (422) before anything is created", async () => {
		const t = setup();
		const out = a.parseCreate(await t.sim.handle(a.buildCreate(input({ duration: 10, reference: first }), t.c())), t.c());
		expect(out).toMatchObject({ ok: false, failure: { cls: "invalid", status: 422 } });
		if (!out.ok) expect(out.failure.message).toMatch(/duration 5s/);
		expect(t.sim.tasks()).toHaveLength(0);
	});

	it("an ImageRef must carry exactly one source and data needs media_type", async () => {
		const t = setup();
		const r = a.buildCreate(input(), t.c());
		const b = body(r);
		b.video = { resolution: "720p", duration: "5s", start_frame: { data: "iVBORw0KGgo=" } };
		const out = a.parseCreate(await t.sim.handle({ ...r, body: JSON.stringify(b) }), t.c());
		expect(out).toMatchObject({ ok: false, failure: { cls: "invalid", status: 400 } });
		if (!out.ok) expect(out.failure.message).toMatch(/video\.start_frame: media_type/);
	});

	it("a legacy Dream Machine id → retired; every answer names the API version", async () => {
		const t = setup();
		const raw = await t.sim.handle(a.buildCreate(input({ model: "ray-2" }), t.c()));
		expect(raw.headers["x-api-version"]).toBe("2026-04-01");
		expect(a.parseCreate(raw, t.c())).toMatchObject({ ok: false, failure: { cls: "retired" } });
	});
});
