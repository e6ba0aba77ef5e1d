/**
 * Runway: request mapping (every neutral control, the documented bodies built exactly),
 * response mapping from the documented shapes (each status, each failure code family,
 * each error class, retired), and the simulator's Runway-only behaviour (version header,
 * THROTTLED queueing, DELETE, retired model).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getProviderInfo } from "../../../src/core/providers/catalog";
import { getAdapter } from "../../../src/core/providers/index";
import { buildRunwayCancel, jwtExpiry, runwayFailureClass, runwayRatio } from "../../../src/core/providers/runway";
import type { Aspect, Failure, PollOutcome, ProviderContext, RemoteState, VideoJobInput } from "../../../src/core/providers/types";
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

const FX = JSON.parse(readFileSync(new URL("../../fixtures/providers/runway.json", import.meta.url), "utf8")) as Record<string, unknown>;
const fx = (name: string) => FX[name] as Fixture;
const reqFx = (name: string) => FX[name] as RequestFixture;

const KEY = "key_runway-test-0123456789abcdef";
const NOW = Date.UTC(2026, 11, 3);
const a = getAdapter("runway");
const ctx: ProviderContext = { baseUrl: "https://api.dev.runwayml.com/v1", apiKey: KEY, redact: createRedactor([KEY]), now: NOW };
const enc = new TextEncoder();

function res(f: Fixture): HttpResponse {
	return { status: f.status, headers: f.headers ?? { "content-type": "application/json" }, body: enc.encode(JSON.stringify(f.body)) };
}
function input(over: Partial<VideoJobInput> = {}): VideoJobInput {
	return { ...sampleInput("runway", "A lighthouse at dusk"), ...over };
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
function pollFailure(f: Fixture): Failure {
	const o = a.parsePoll(res(f), ctx, "t");
	if (o.ok) throw new Error("expected a failure");
	return o.failure;
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("runway catalog", () => {
	it("lists the SDK's video models with sources, dates and prices converted from credits", () => {
		const info = getProviderInfo("runway");
		expect(info).toMatchObject({ defaultBaseUrl: "https://api.dev.runwayml.com/v1", keyEnv: "RUNWAYML_API_SECRET", defaultModel: "gen4.5" });
		const byId = new Map(info?.models.map((m) => [m.id, m]));
		expect([...byId.keys()]).toEqual(["gen4.5", "gen4_turbo", "veo3.1", "veo3.1_fast", "veo3", "gen3a_turbo"]);
		expect(byId.get("gen4.5")?.price.perSecond).toBeCloseTo(0.12);
		expect(byId.get("gen4_turbo")?.price.perSecond).toBeCloseTo(0.05);
		expect(byId.get("veo3.1")?.price.perSecond).toBeCloseTo(0.4);
		expect(byId.get("veo3.1_fast")?.price.perSecond).toBeCloseTo(0.15);
		expect(byId.get("gen3a_turbo")?.lifecycle).toMatchObject({ status: "retired", shutdown: "2026-07-30", replacement: "gen4_turbo" });
		for (const m of info?.models ?? []) {
			expect(m.lifecycle.verified).toBe("2026-12-03");
			expect(m.lifecycle.source).toMatch(/^https:\/\//);
			expect(m.price.source).toMatch(/credit/);
		}
	});
});

describe("runway request mapping", () => {
	it("text-to-video: the documented body, Bearer and X-Runway-Version", () => {
		const doc = reqFx("request_text_to_video");
		const r = a.buildCreate(input({ prompt: String(doc.json.promptText) }), ctx);
		expect(r.method).toBe("POST");
		expect(r.url).toBe(`https://api.dev.runwayml.com/v1${doc.path}`);
		expect(r.headers).toMatchObject({ Authorization: `Bearer ${KEY}`, "X-Runway-Version": "2024-11-06", "Content-Type": "application/json" });
		expect(body(r)).toEqual(doc.json);
	});

	it("image-to-video: the quickstart body exactly (URL promptImage)", () => {
		const doc = reqFx("request_image_to_video_quickstart");
		const url = String(doc.json.promptImage);
		const r = a.buildCreate(input({ prompt: String(doc.json.promptText), reference: { kind: "url", url } }), ctx);
		expect(r.url).toBe(`https://api.dev.runwayml.com/v1${doc.path}`);
		expect(body(r)).toEqual(doc.json);
	});

	it("resolution + aspect become Runway's pixel ratios", () => {
		const gen4: Array<[Aspect, string]> = [
			["16:9", "1280:720"],
			["9:16", "720:1280"],
			["4:3", "1104:832"],
			["1:1", "960:960"],
			["3:4", "832:1104"],
			["21:9", "1584:672"],
		];
		for (const [aspect, ratio] of gen4) expect(body(a.buildCreate(input({ aspect }), ctx)).ratio).toBe(ratio);
		const veo = { model: "veo3.1", duration: 8, resolution: "1080p" as const };
		expect(body(a.buildCreate(input({ ...veo, aspect: "16:9" }), ctx)).ratio).toBe("1920:1080");
		expect(body(a.buildCreate(input({ ...veo, aspect: "9:16" }), ctx)).ratio).toBe("1080:1920");
		expect(runwayRatio({ resolution: "480p", aspect: "16:9", size: "854x480" })).toBe("854:480");
	});

	it("first frame as bytes is a data URI; with a last frame the positioned array", () => {
		const bytes = { kind: "bytes" as const, bytes: PNG, mime: "image/png", name: "a.png" };
		const one = body(a.buildCreate(input({ reference: bytes }), ctx));
		expect(one.promptImage).toBe("data:image/png;base64,iVBORw0KGgo=");
		const url = { kind: "url" as const, url: "https://img.test/last.jpg" };
		const r = a.buildCreate(input({ model: "veo3.1", duration: 8, reference: bytes, lastFrame: url }), ctx);
		expect(r.url).toMatch(/\/image_to_video$/);
		expect(body(r).promptImage).toEqual([
			{ uri: "data:image/png;base64,iVBORw0KGgo=", position: "first" },
			{ uri: "https://img.test/last.jpg", position: "last" },
		]);
		expect(body(a.buildCreate(input({ model: "veo3.1", duration: 8, lastFrame: url }), ctx)).promptImage).toEqual([
			{ uri: "https://img.test/last.jpg", position: "last" },
		]);
	});

	it("seed, negative prompt and audio only where the model takes them", () => {
		const all = { seed: 42, negativePrompt: "blur", audio: false };
		expect(body(a.buildCreate(input(all), ctx))).toMatchObject({ seed: 42 });
		expect(body(a.buildCreate(input(all), ctx))).not.toHaveProperty("negativePrompt");
		expect(body(a.buildCreate(input(all), ctx))).not.toHaveProperty("audio");
		const veo = body(a.buildCreate(input({ ...all, model: "veo3.1", duration: 8 }), ctx));
		expect(veo).toMatchObject({ negativePrompt: "blur", audio: false });
		expect(veo).not.toHaveProperty("seed");
		expect(body(a.buildCreate(input({ ...all, model: "veo3", duration: 8 }), ctx))).not.toHaveProperty("audio");
		// A model the user declared outside the catalog gets what the planner allowed.
		expect(body(a.buildCreate(input({ ...all, model: "gen5_preview" }), ctx))).toMatchObject({ seed: 42, negativePrompt: "blur", audio: false });
	});

	it("an image-only model always goes to image_to_video; pro, orientation and references are not sent", () => {
		const r = a.buildCreate(input({ model: "gen4_turbo", pro: true, references: [{ kind: "url", url: "https://img.test/r.jpg" }] }), ctx);
		expect(r.url).toMatch(/\/image_to_video$/);
		expect(Object.keys(body(r)).sort()).toEqual(["duration", "model", "promptText", "ratio"]);
	});

	it("poll and cancel", () => {
		expect(a.buildPoll("a/b", ctx)).toMatchObject({
			method: "GET",
			url: "https://api.dev.runwayml.com/v1/tasks/a%2Fb",
			headers: { "X-Runway-Version": "2024-11-06" },
		});
		expect(buildRunwayCancel("t1", ctx)).toMatchObject({
			method: "DELETE",
			url: "https://api.dev.runwayml.com/v1/tasks/t1",
			headers: { Authorization: `Bearer ${KEY}` },
		});
		expect(a.canLookup).toBe(false);
	});
});

describe("runway response mapping", () => {
	it("create → task id, queued", () => {
		expect(a.parseCreate(res(fx("create_ok")), ctx)).toMatchObject({ ok: true, taskId: "17f20503-6c24-4c16-946b-35dbbce2af2f", state: { kind: "queued" } });
	});

	it("PENDING and THROTTLED are queued, RUNNING carries progress 0–1 as a percentage", () => {
		expect(state(a.parsePoll(res(fx("task_pending")), ctx, "t"))).toEqual({ kind: "queued" });
		expect(state(a.parsePoll(res(fx("task_throttled")), ctx, "t"))).toEqual({ kind: "queued" });
		expect(state(a.parsePoll(res(fx("task_running")), ctx, "t"))).toEqual({ kind: "running", progress: 42 });
		const one = { status: 200, body: { id: "t", status: "RUNNING", progress: 1 } };
		expect(state(a.parsePoll(res(one), ctx, "t"))).toEqual({ kind: "running", progress: 100 });
	});

	it("SUCCEEDED → the first output URL, no headers, expiry from its _jwt", () => {
		const s = state(a.parsePoll(res(fx("task_succeeded")), ctx, "t"));
		expect(s.kind).toBe("succeeded");
		if (s.kind !== "succeeded") return;
		expect(s.download.url).toMatch(/^https:\/\/dnznrvs05pmza\.cloudfront\.net\//);
		expect(s.download.headers).toEqual({});
		expect(s.download.expiresAt).toBe(Date.UTC(2026, 0, 3));
		expect(jwtExpiry("https://x.test/v.mp4?_jwt=not.a-jwt.x")).toBeUndefined();
		expect(jwtExpiry("https://x.test/v.mp4")).toBeUndefined();
	});

	it("SUCCEEDED without an output URL is an outage to poll again, not a download", () => {
		const p = a.parsePoll(res({ status: 200, body: { id: "t", status: "SUCCEEDED", output: [] } }), ctx, "t");
		expect(p).toMatchObject({ ok: false, failure: { cls: "outage" } });
	});

	it("failure codes: SAFETY and INPUT_PREPROCESSING.SAFETY → policy, INTERNAL → outage, ASSET → invalid", () => {
		const safety = failed(a.parsePoll(res(fx("task_failed_safety")), ctx, "t"));
		expect(safety).toMatchObject({ cls: "policy", code: "SAFETY.INPUT.TEXT" });
		expect(safety.message).toContain("did not pass content moderation");
		expect(failed(a.parsePoll(res(fx("task_failed_preprocessing_safety")), ctx, "t")).cls).toBe("policy");
		expect(failed(a.parsePoll(res(fx("task_failed_bad_output")), ctx, "t")).cls).toBe("outage");
		expect(failed(a.parsePoll(res(fx("task_failed_asset")), ctx, "t")).cls).toBe("invalid");
		expect(runwayFailureClass("INPUT_PREPROCESSING.INTERNAL", "")).toBe("outage");
		expect(runwayFailureClass("INTERNAL", "")).toBe("outage");
		expect(runwayFailureClass(undefined, "model is no longer available")).toBe("retired");
	});

	it("CANCELLED is a failed task", () => {
		expect(failed(a.parsePoll(res(fx("task_cancelled")), ctx, "t17")).message).toContain("t17 was cancelled or deleted");
	});

	it("400 validation → invalid, quoting the field; 400 on model → retired", () => {
		const v = createFailure(fx("error_400_validation"));
		expect(v).toMatchObject({ cls: "invalid", status: 400 });
		expect(v.message).toMatch(/^runway 400: Validation of body failed: ratio: Invalid option/);
		expect(createFailure(fx("error_400_model"))).toMatchObject({ cls: "retired", status: 400 });
	});

	it("not enough credits and the daily task limit → quota", () => {
		expect(createFailure(fx("error_400_credits")).cls).toBe("quota");
		expect(createFailure(fx("error_429_daily"))).toMatchObject({ cls: "quota", status: 429 });
	});

	it("429: Retry-After → rate with the delay; none on create → capacity; on a poll → rate", () => {
		expect(createFailure(fx("error_429_retry_after"))).toMatchObject({ cls: "rate", retryAfterMs: 30_000 });
		expect(createFailure(fx("error_429_plain")).cls).toBe("capacity");
		expect(pollFailure(fx("error_429_plain")).cls).toBe("rate");
	});

	it("401 → auth, 404 → invalid, 503 → outage", () => {
		expect(createFailure(fx("error_401")).cls).toBe("auth");
		expect(pollFailure(fx("error_404_task"))).toMatchObject({ cls: "invalid", status: 404 });
		expect(createFailure(fx("error_503"))).toMatchObject({ cls: "outage", status: 503 });
	});
});

describe("runway simulator", () => {
	const ORIGIN = "http://sim.test";
	function setup(scenario = {}) {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 120_000, ...scenario } });
		const baseUrl = simBaseUrl(ORIGIN, "runway");
		const c = (): ProviderContext => ({ baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: clock.now() });
		return { clock, sim, c, baseUrl };
	}

	it("refuses a request without X-Runway-Version with the documented {error} 400", async () => {
		const t = setup();
		const r = a.buildCreate(input(), t.c());
		const headers = { ...r.headers };
		delete headers["X-Runway-Version"];
		const out = await t.sim.handle({ ...r, headers });
		expect(out.status).toBe(400);
		const f = a.parseCreate(out, t.c());
		expect(f).toMatchObject({ ok: false, failure: { cls: "invalid" } });
		if (!f.ok) expect(f.failure.message).toMatch(/X-Runway-Version/);
		expect(t.sim.tasks()).toHaveLength(0);
	});

	it("over the concurrency limit a task is THROTTLED (queued), then runs and succeeds", async () => {
		const t = setup({ capacity: 1, queueInsteadOfReject: true });
		const first = a.parseCreate(await t.sim.handle(a.buildCreate(input(), t.c())), t.c());
		const second = a.parseCreate(await t.sim.handle(a.buildCreate(input({ prompt: "second" }), t.c())), t.c());
		if (!first.ok || !second.ok) throw new Error("creates failed");
		const raw = await t.sim.handle(a.buildPoll(second.taskId, t.c()));
		expect(JSON.parse(new TextDecoder().decode(raw.body))).toMatchObject({ status: "THROTTLED" });
		expect(state(a.parsePoll(raw, t.c(), second.taskId))).toEqual({ kind: "queued" });
		const r = await t.clock.run(
			driveJob({
				adapter: a,
				http: t.sim.transport(),
				clock: t.clock,
				baseUrl: t.baseUrl,
				apiKey: KEY,
				input: input({ prompt: "third" }),
				pollMs: 10_000,
			}),
		);
		expect(r.ok).toBe(true);
		// Polled states after the create: THROTTLED (queued) first, then running, then done.
		if (r.ok) expect(r.states.slice(1).some((s) => s.kind === "queued")).toBe(true);
	});

	it("DELETE cancels a running task (CANCELLED), then deletes it (404)", async () => {
		const t = setup();
		const created = a.parseCreate(await t.sim.handle(a.buildCreate(input(), t.c())), t.c());
		if (!created.ok) throw new Error("create failed");
		expect((await t.sim.handle(buildRunwayCancel(created.taskId, t.c()))).status).toBe(204);
		expect(failed(a.parsePoll(await t.sim.handle(a.buildPoll(created.taskId, t.c())), t.c(), created.taskId)).cls).toBe("invalid");
		expect((await t.sim.handle(buildRunwayCancel(created.taskId, t.c()))).status).toBe(204);
		const gone = a.parsePoll(await t.sim.handle(a.buildPoll(created.taskId, t.c())), t.c(), created.taskId);
		expect(gone).toMatchObject({ ok: false, failure: { status: 404, cls: "invalid" } });
	});

	it("a retired model id fails on `model` → retired, and nothing is created", async () => {
		const t = setup();
		const ref = { kind: "url" as const, url: "https://img.test/a.jpg" };
		const out = a.parseCreate(await t.sim.handle(a.buildCreate(input({ model: "gen3a_turbo", reference: ref }), t.c())), t.c());
		expect(out).toMatchObject({ ok: false, failure: { cls: "retired", status: 400 } });
		expect(t.sim.tasks()).toHaveLength(0);
	});

	it("gen4.5 text-to-video takes only 16:9 and 9:16; with a first frame 4:3 works", async () => {
		const t = setup();
		const bad = a.parseCreate(await t.sim.handle(a.buildCreate(input({ aspect: "4:3" }), t.c())), t.c());
		expect(bad).toMatchObject({ ok: false, failure: { cls: "invalid" } });
		if (!bad.ok) expect(bad.failure.message).toMatch(/ratio/);
		const bytes = { kind: "bytes" as const, bytes: PNG, mime: "image/png", name: "a.png" };
		const ok = a.parseCreate(await t.sim.handle(a.buildCreate(input({ aspect: "4:3", reference: bytes }), t.c())), t.c());
		expect(ok.ok).toBe(true);
	});

	it("veo3.1 with first and last frame, audio and negative prompt runs end to end", async () => {
		const t = setup();
		const job = input({
			model: "veo3.1",
			duration: 8,
			resolution: "1080p",
			reference: { kind: "url", url: "https://img.test/first.jpg" },
			lastFrame: { kind: "bytes", bytes: PNG, mime: "image/png", name: "last.png" },
			audio: true,
			negativePrompt: "text overlays",
		});
		const r = await t.clock.run(
			driveJob({ adapter: a, http: t.sim.transport(), clock: t.clock, baseUrl: t.baseUrl, apiKey: KEY, input: job, pollMs: 10_000 }),
		);
		expect(r.ok, JSON.stringify(r)).toBe(true);
		expect(t.sim.tasks()[0]).toMatchObject({ model: "veo3.1", status: "succeeded" });
	});
});
