/**
 * Status and error mapping from real-shaped fixtures (copied from video-apis.md),
 * including the odd ones: NewAPI "NN%" progress, Grok's 202 pending, Veo's nested
 * uri, Sora.hk HTTP 200 with body code 1012.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getProviderInfo } from "../../src/core/providers/catalog";
import { getAdapter } from "../../src/core/providers/index";
import { createNewApiAdapter } from "../../src/core/providers/newapi";
import type { CreateOutcome, PollOutcome, ProviderAdapter, ProviderContext, RemoteState } from "../../src/core/providers/types";
import { createRedactor } from "../../src/core/redact";
import type { HttpResponse } from "../../src/ports/http";
import { sampleInput } from "../../src/sim/samples";

interface Fixture {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

function fixtures(name: string): Record<string, Fixture> {
	return JSON.parse(readFileSync(new URL(`../fixtures/providers/${name}.json`, import.meta.url), "utf8")) as Record<string, Fixture>;
}

function res(f: Fixture | undefined): HttpResponse {
	if (!f) throw new Error("missing fixture");
	return { status: f.status, headers: f.headers ?? { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(f.body)) };
}

const KEY = "sk-mapping-0123456789abcdef";
const NOW = Date.UTC(2026, 0, 1);

function ctx(baseUrl: string): ProviderContext {
	return { baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: NOW };
}

function poll(a: ProviderAdapter, f: Fixture | undefined, base = a.defaultBaseUrl, id = "task_x"): PollOutcome {
	return a.parsePoll(res(f), ctx(base), id);
}

function state(p: PollOutcome): RemoteState {
	if (!p.ok) throw new Error(`expected ok, got ${p.failure.cls}: ${p.failure.message}`);
	return p.state;
}

function failure(p: PollOutcome | CreateOutcome) {
	if (p.ok) throw new Error("expected a failure");
	return p.failure;
}

function failedState(p: PollOutcome) {
	const s = state(p);
	if (s.kind !== "failed") throw new Error(`expected failed, got ${s.kind}`);
	return s.failure;
}

describe("sorahk mapping", () => {
	const a = getAdapter("sorahk");
	const f = fixtures("sorahk");
	it("create", () => {
		const r = a.parseCreate(res(f.create_ok), ctx(a.defaultBaseUrl));
		expect(r).toMatchObject({ ok: true, taskId: "550e8400-e29b-41d4-a716-446655440000", state: { kind: "queued" } });
	});
	it("pending / processing / completed with the SAS expiry", () => {
		expect(state(poll(a, f.task_pending))).toEqual({ kind: "queued", progress: 0 });
		expect(state(poll(a, f.task_processing))).toEqual({ kind: "running", progress: 42 });
		const s = state(poll(a, f.task_completed));
		expect(s.kind).toBe("succeeded");
		if (s.kind === "succeeded") {
			expect(s.download.headers).toEqual({});
			expect(s.download.expiresAt).toBe(Date.UTC(2026, 0, 13, 7, 13, 6));
		}
	});
	it("failed at 97 with 违反 → policy; other task failure → invalid", () => {
		expect(failedState(poll(a, f.task_failed_policy)).cls).toBe("policy");
		expect(failedState(poll(a, f.task_failed_other)).cls).toBe("invalid");
	});
	it("HTTP 200 with body codes 1012 / 1001 / 401 / 500", () => {
		const q = failure(a.parseCreate(res(f.code_1012_http_200), ctx(a.defaultBaseUrl)));
		expect(q).toMatchObject({ cls: "quota", code: "1012", status: 200 });
		expect(q.message).toContain("余额不足");
		expect(failure(a.parseCreate(res(f.code_1001_http_200), ctx(a.defaultBaseUrl))).cls).toBe("invalid");
		expect(failure(a.parseCreate(res(f.code_401_http_200), ctx(a.defaultBaseUrl))).cls).toBe("auth");
		expect(failure(a.parseCreate(res(f.code_500_http_200), ctx(a.defaultBaseUrl))).cls).toBe("outage");
	});
	it("429 with concurrency wording → capacity, message names the request id", () => {
		const fl = failure(a.parseCreate(res(f.http_429_concurrency), ctx(a.defaultBaseUrl)));
		expect(fl.cls).toBe("capacity");
		expect(fl.message).toBe("sorahk 429 (request req_123): 并发任务数已达上限");
	});
	it("lookup matches the oldest unclaimed task with the same prompt since sinceMs − 60 s, else the newest unclaimed one", () => {
		const input = sampleInput("sorahk", "A lighthouse");
		const since = Date.parse("2026-01-01T00:00:20Z");
		const l = a.parseLookup?.(res(f.list), input, ctx(a.defaultBaseUrl), since, new Set(["t-claimed"]));
		expect(l).toMatchObject({ found: true, taskId: "t-new" });
		// Nothing since the create: the newest unclaimed task of the prompt is taken anyway (the client's
		// clock may be hours ahead; test/core/providers/sorahk.test.ts). Only when every one is claimed is it absent.
		const older = a.parseLookup?.(res(f.list), input, ctx(a.defaultBaseUrl), since, new Set(["t-claimed", "t-new"]));
		expect(older).toMatchObject({ found: true, taskId: "t-old" });
		const none = a.parseLookup?.(res(f.list), input, ctx(a.defaultBaseUrl), since, new Set(["t-claimed", "t-new", "t-old"]));
		expect(none).toMatchObject({ found: false });
		expect(a.buildLookup?.(input, ctx("https://api.sora.hk/v1"), since).url).toBe("https://api.sora.hk/v1/tasks?page=1&page_size=50");
	});
});

describe("openai mapping", () => {
	const a = getAdapter("openai");
	const f = fixtures("openai");
	const base = "https://api.openai.com/v1";
	it("queued / in_progress with poll-after / completed with an authenticated content URL", () => {
		expect(state(poll(a, f.video_queued, base))).toEqual({ kind: "queued", progress: 0 });
		const p = poll(a, f.video_in_progress, base);
		expect(state(p)).toEqual({ kind: "running", progress: 33 });
		expect(p.meta).toMatchObject({ pollAfterMs: 5000, requestId: "req_abc" });
		const s = state(poll(a, f.video_completed, base));
		expect(s).toEqual({
			kind: "succeeded",
			download: {
				url: `${base}/videos/video_69626117f05481909ae043b9ec70ac7b/content`,
				headers: { Authorization: `Bearer ${KEY}`, Accept: "application/binary" },
				expiresAt: 1773306930_000,
			},
		});
	});
	it("failed moderation_blocked → policy", () => {
		const fl = failedState(poll(a, f.video_failed_moderation, base));
		expect(fl.cls).toBe("policy");
		expect(fl.code).toBe("moderation_blocked");
	});
	it("429 rate (Retry-After) / insufficient_quota / 400 seconds", () => {
		expect(failure(a.parseCreate(res(f.error_429_rate), ctx(base)))).toMatchObject({ cls: "rate", retryAfterMs: 20_000 });
		expect(failure(a.parseCreate(res(f.error_429_quota), ctx(base))).cls).toBe("quota");
		const inv = failure(a.parseCreate(res(f.error_400_seconds), ctx(base)));
		expect(inv.cls).toBe("invalid");
		expect(inv.message).toContain("Supported values are");
	});
	it("lookup by prompt and created_at ≥ since/1000 − 60", () => {
		const input = sampleInput("openai", "A lighthouse");
		const since = 1767225600_000 + 20_000;
		expect(a.parseLookup?.(res(f.list), input, ctx(base), since, new Set(["video_claimed"]))).toMatchObject({ found: true, taskId: "video_new" });
		expect(a.buildLookup?.(input, ctx(base), since).url).toBe(`${base}/videos?limit=50&order=desc`);
	});
	it("a string seconds field, and multipart when a reference is bytes", () => {
		const input = sampleInput("openai");
		const json = a.buildCreate(input, ctx(base));
		expect(JSON.parse(json.body as string)).toEqual({ model: "sora-2", prompt: input.prompt, seconds: "4", size: "1280x720" });
		const withUrl = a.buildCreate({ ...input, reference: { kind: "url", url: "https://x.test/a.png" } }, ctx(base));
		expect(JSON.parse(withUrl.body as string).input_reference).toEqual({ image_url: "https://x.test/a.png" });
		const mp = a.buildCreate({ ...input, reference: { kind: "bytes", bytes: new Uint8Array([1, 2, 3]), mime: "image/png", name: "ref.png" } }, ctx(base));
		expect(mp.headers?.["Content-Type"]).toMatch(/^multipart\/form-data; boundary=/);
		const text = new TextDecoder().decode(mp.body as Uint8Array);
		expect(text).toContain('name="seconds"\r\n\r\n4\r\n');
		expect(text).toContain('name="input_reference"; filename="ref.png"\r\nContent-Type: image/png');
	});
});

describe("newapi mapping", () => {
	const info = getProviderInfo("newapi");
	if (!info) throw new Error("no newapi");
	const gen = createNewApiAdapter(info, "generations");
	const videos = getAdapter("newapi");
	const f = fixtures("newapi");
	const base = "http://relay.test/v1";
	it("submit in the docs shape", () => {
		expect(gen.parseCreate(res(f.submit_docs), ctx(base))).toMatchObject({
			ok: true,
			taskId: "task_aBcD1234eFgH5678iJkL9012mNoP3456",
			state: { kind: "queued" },
		});
	});
	it('NOT_START / SUBMITTED / UNKNOWN → queued; IN_PROGRESS with "30%"', () => {
		expect(state(poll(gen, f.taskdto_not_start, base)).kind).toBe("queued");
		expect(state(poll(gen, f.taskdto_submitted, base)).kind).toBe("queued");
		expect(state(poll(gen, f.taskdto_unknown, base)).kind).toBe("queued");
		expect(state(poll(gen, f.taskdto_in_progress, base))).toEqual({ kind: "running", progress: 30 });
	});
	it("SUCCESS: a third-party URL gets no key; the gateway's own content route gets the Bearer", () => {
		const s = state(poll(gen, f.taskdto_success, base));
		expect(s).toMatchObject({ kind: "succeeded", download: { headers: {}, expiresAt: 1767312000_000 } });
		const p = state(poll(gen, f.taskdto_success_proxy, base));
		expect(p).toMatchObject({ kind: "succeeded", download: { headers: { Authorization: `Bearer ${KEY}` } } });
	});
	it("FAILURE with policy wording → policy; docs shape completed → succeeded", () => {
		expect(failedState(poll(gen, f.taskdto_failure, base)).cls).toBe("policy");
		expect(state(poll(gen, f.docs_shape_completed, base))).toMatchObject({ kind: "succeeded", download: { url: "https://cdn.example.com/v/task_x.mp4" } });
	});
	it("TaskError bodies and the 429 rewrite", () => {
		expect(failure(poll(gen, f.error_task_not_exist, base))).toMatchObject({ cls: "invalid", code: "task_not_exist", status: 400 });
		expect(failure(gen.parseCreate(res(f.error_429_saturated), ctx(base))).cls).toBe("capacity");
		expect(failure(poll(gen, f.error_429_saturated, base)).cls).toBe("rate");
		expect(failure(gen.parseCreate(res(f.error_relay_quota), ctx(base))).cls).toBe("quota");
	});
	it('videos flavor reads "NN%" progress too, and has no lookup', () => {
		expect(state(poll(videos, f.openai_shape_in_progress, base))).toEqual({ kind: "running", progress: 45 });
		expect(videos.canLookup).toBe(false);
		expect(videos.buildLookup).toBeUndefined();
	});
});

describe("t8star mapping", () => {
	const a = getAdapter("t8star");
	const f = fixtures("t8star");
	it("v2 routes, string duration, data.output", () => {
		// The default model is veo3.1 since 2026-12-03; the (retired) Sora body is unchanged.
		const req = a.buildCreate({ ...sampleInput("t8star"), model: "sora-2", duration: 10, pro: true }, ctx("https://ai.t8star.cn"));
		expect(req.url).toBe("https://ai.t8star.cn/v2/videos/generations");
		expect(JSON.parse(req.body as string)).toEqual({
			prompt: sampleInput("t8star").prompt,
			model: "sora-2",
			aspect_ratio: "16:9",
			duration: "10",
			hd: true,
		});
		expect(a.buildPoll("video_5f0c9a2e", ctx("https://ai.t8star.cn")).url).toBe("https://ai.t8star.cn/v2/videos/generations/video_5f0c9a2e");
		expect(a.parseCreate(res(f.submit), ctx(a.defaultBaseUrl))).toMatchObject({ ok: true, taskId: "video_5f0c9a2e" });
		expect(state(poll(a, f.in_progress))).toEqual({ kind: "running", progress: 50 });
		expect(state(poll(a, f.success))).toMatchObject({
			kind: "succeeded",
			download: { url: "https://cdn.t8star.test/out/video_5f0c9a2e.mp4", headers: {} },
		});
		expect(failedState(poll(a, f.failure)).cls).toBe("invalid");
	});
});

describe("aihubmix mapping", () => {
	const a = getAdapter("aihubmix");
	const f = fixtures("aihubmix");
	it("base64-ish ids are URL-encoded in paths", () => {
		const r = a.parseCreate(res(f.create_wan), ctx(a.defaultBaseUrl));
		expect(r).toMatchObject({ ok: true, state: { kind: "running" } });
		const id = "eyJ+/x==channel1";
		expect(a.buildPoll(id, ctx("https://aihubmix.com/v1")).url).toBe("https://aihubmix.com/v1/videos/eyJ%2B%2Fx%3D%3Dchannel1");
	});
	it("500 no_valid_channel_error → outage", () => {
		expect(failure(a.parseCreate(res(f.error_500_no_channel), ctx(a.defaultBaseUrl))).cls).toBe("outage");
	});
});

describe("veo mapping", () => {
	const a = getAdapter("veo");
	const f = fixtures("veo");
	const base = "https://generativelanguage.googleapis.com/v1beta";
	it("create → operation name; poll keeps the slashes", () => {
		const r = a.parseCreate(res(f.create), ctx(base));
		expect(r).toMatchObject({ ok: true, taskId: "models/veo-3.1-generate-preview/operations/abc123xyz" });
		const p = a.buildPoll("models/veo-3.1-generate-preview/operations/abc123xyz", ctx(base));
		expect(p.url).toBe(`${base}/models/veo-3.1-generate-preview/operations/abc123xyz`);
		expect(p.headers).toEqual({ "x-goog-api-key": KEY, Accept: "application/json" });
		const c = a.buildCreate(sampleInput("veo"), ctx(base));
		expect(c.url).toBe(`${base}/models/veo-3.1-generate-preview:predictLongRunning`);
		expect(JSON.parse(c.body as string).parameters).toEqual({ aspectRatio: "16:9", durationSeconds: 8, resolution: "720p" });
	});
	it("running, done with the nested uri and the key header, RAI filtered, op error", () => {
		expect(state(poll(a, f.running, base)).kind).toBe("running");
		expect(state(poll(a, f.running_done_false, base)).kind).toBe("running");
		expect(state(poll(a, f.done, base))).toEqual({
			kind: "succeeded",
			download: { url: "https://generativelanguage.googleapis.com/v1beta/files/q1w2e3r4:download?alt=media", headers: { "x-goog-api-key": KEY } },
		});
		const rai = failedState(poll(a, f.rai_filtered, base));
		expect(rai.cls).toBe("policy");
		expect(rai.message).toContain("Responsible AI");
		expect(failedState(poll(a, f.op_error, base)).cls).toBe("invalid");
	});
	it("a key header is never sent to another origin", () => {
		const s = state(poll(a, f.done, "https://proxy.example/v1beta"));
		expect(s.kind === "succeeded" && s.download.headers).toEqual({});
	});
	it("429 with RetryInfo → rate with retryAfterMs; API_KEY_INVALID (400) → auth", () => {
		expect(failure(a.parseCreate(res(f.error_429_retryinfo), ctx(base)))).toMatchObject({ cls: "rate", retryAfterMs: 37_000 });
		expect(failure(a.parseCreate(res(f.error_400_key), ctx(base))).cls).toBe("auth");
	});
});

describe("wan mapping", () => {
	const a = getAdapter("wan");
	const f = fixtures("wan");
	const base = "https://dashscope-intl.aliyuncs.com";
	it("create with the async header and W*H size; i2v with resolution and img_url", () => {
		const c = a.buildCreate(sampleInput("wan"), ctx(base));
		expect(c.url).toBe(`${base}/api/v1/services/aigc/video-generation/video-synthesis`);
		expect(c.headers?.["X-DashScope-Async"]).toBe("enable");
		// Since 2026-12-03: the prompt goes as written (prompt_extend: false); was { duration, size }.
		expect(JSON.parse(c.body as string).parameters).toEqual({ size: "1280*720", duration: 5, prompt_extend: false });
		const i = a.buildCreate({ ...sampleInput("wan"), model: "wan2.6-i2v", reference: { kind: "url", url: "https://x.test/a.png" } }, ctx(base));
		const body = JSON.parse(i.body as string);
		expect(body.parameters).toEqual({ resolution: "720P", duration: 5, prompt_extend: false });
		expect(body.input.img_url).toBe("https://x.test/a.png");
		const r = a.parseCreate(res(f.create), ctx(base));
		expect(r).toMatchObject({ ok: true, taskId: "0385dc79-5ff8-4d82-bcb6-caa9b3dbb7ec", meta: { requestId: "4909100c-7b5a-9f92-bfe5-xxxxxx" } });
	});
	it("RUNNING / SUCCEEDED with the OSS Expires / FAILED / CANCELED / UNKNOWN", () => {
		expect(state(poll(a, f.running, base)).kind).toBe("running");
		expect(state(poll(a, f.succeeded, base))).toMatchObject({ kind: "succeeded", download: { headers: {}, expiresAt: 1759213419_000 } });
		expect(failedState(poll(a, f.failed, base)).cls).toBe("outage");
		expect(failedState(poll(a, f.failed_policy, base)).cls).toBe("policy");
		expect(failedState(poll(a, f.canceled, base)).cls).toBe("invalid");
		expect(failedState(poll(a, f.unknown, base)).cls).toBe("invalid");
	});
	it("error codes decide the class", () => {
		const cls = (k: string) => failure(a.parseCreate(res(f[k]), ctx(base))).cls;
		expect(cls("error_data_inspection")).toBe("policy");
		expect(cls("error_arrearage")).toBe("quota");
		expect(cls("error_rate")).toBe("rate");
		// Allocated quota = a per-minute token window, not concurrency (was "capacity" before 2026-12-03).
		expect(cls("error_allocation")).toBe("rate");
		expect(cls("error_key")).toBe("auth");
		expect(failure(poll(a, f.error_allocation, base)).cls).toBe("rate");
	});
});

describe("grok mapping", () => {
	const a = getAdapter("grok");
	const f = fixtures("grok");
	it("request_id is the task id; 202 pending → running; done → video.url", () => {
		const r = a.parseCreate(res(f.create), ctx(a.defaultBaseUrl));
		expect(r).toMatchObject({ ok: true, taskId: "d97415a1-5796-b7ec-379f-4e6819e08fdf" });
		expect(r.meta.requestId).toBeUndefined();
		expect(state(poll(a, f.pending))).toEqual({ kind: "running" });
		expect(state(a.parsePoll({ status: 202, headers: {}, body: new Uint8Array(0) }, ctx(a.defaultBaseUrl), "x"))).toEqual({ kind: "running" });
		expect(state(poll(a, f.done))).toEqual({
			kind: "succeeded",
			download: { url: "https://vidgen.x.ai/xai-vidgen-bucket/xai-video-d97415a1.mp4", headers: {} },
		});
	});
	it("expired / failed / withheld by moderation", () => {
		expect(failedState(poll(a, f.expired)).cls).toBe("invalid");
		expect(failedState(poll(a, f.failed)).cls).toBe("outage");
		expect(failedState(poll(a, f.moderated)).cls).toBe("policy");
	});
});
