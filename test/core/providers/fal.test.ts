/**
 * fal.ai: the request body of every model family (as each endpoint's llms.txt spells
 * it), endpoint choice by inputs, declared models, the queue path rule, status /
 * result / cancel mapping from the documented examples (test/fixtures/providers/fal.json),
 * every error class, and each catalog model end to end against the simulator.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fal } from "../../../src/core/providers/catalog/fal";
import { createFalAdapter, falAdapter, falAppRoot, parseFalCancel } from "../../../src/core/providers/fal";
import { FAL_ENDPOINTS, FAL_FAMILIES, falFamilyOf, falRequest } from "../../../src/core/providers/fal-models";
import { getAdapter } from "../../../src/core/providers/index";
import type { PollOutcome, ProviderContext, RemoteState, VideoJobInput } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import type { HttpResponse } from "../../../src/ports/http";
import { createSimulator, driveJob, simBaseUrl } from "../../../src/sim/index";
import { VirtualClock } from "../../../src/clocks/virtual";

const KEY = "fal-key-0123456789abcdef:secret";
const NOW = Date.UTC(2026, 11, 3);
const BASE = "https://queue.fal.run";
const RID = "80e732af-660e-45cd-bd63-580e4f2a94cc";
const TASK = `fal-ai/kling-video/requests/${RID}`;

interface Fixture {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}
const FX = JSON.parse(readFileSync(new URL("../../fixtures/providers/fal.json", import.meta.url), "utf8")) as Record<string, Fixture>;

function res(name: string, headers?: Record<string, string>): HttpResponse {
	const f = FX[name];
	if (!f) throw new Error(`missing fixture ${name}`);
	return {
		status: f.status,
		headers: { "content-type": "application/json", ...f.headers, ...headers },
		body: new TextEncoder().encode(JSON.stringify(f.body)),
	};
}

function ctx(baseUrl = BASE): ProviderContext {
	return { baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: NOW };
}

function input(over: Partial<VideoJobInput> = {}): VideoJobInput {
	return {
		model: "fal-ai/kling-video/v3/pro",
		prompt: "A lighthouse at dusk",
		duration: 5,
		orientation: "horizontal",
		size: "1920x1080",
		pro: false,
		resolution: "1080p",
		aspect: "16:9",
		...over,
	};
}

const IMG = { kind: "url" as const, url: "https://cdn.example/first.png" };
const END = { kind: "url" as const, url: "https://cdn.example/last.png" };
const PNG = { kind: "bytes" as const, bytes: new Uint8Array([137, 80, 78, 71]), mime: "image/png", name: "a.png" };

function body(i: VideoJobInput): { url: string; body: unknown; headers: Record<string, string> } {
	const r = falAdapter.buildCreate(i, ctx());
	return { url: r.url, body: JSON.parse(r.body as string) as unknown, headers: r.headers ?? {} };
}

function state(p: PollOutcome): RemoteState {
	if (!p.ok) throw new Error(`expected ok, got ${p.failure.cls}: ${p.failure.message}`);
	return p.state;
}

function failedOf(p: PollOutcome) {
	const s = state(p);
	if (s.kind !== "failed") throw new Error(`expected failed, got ${s.kind}`);
	return s.failure;
}

describe("fal request mapping (one documented body per family and mode)", () => {
	it("Kling 3.0 Pro: text-to-video with string duration; image-to-video with start/end image fields", () => {
		const t = body(input({ negativePrompt: "blur", audio: false, seed: 7 }));
		expect(t.url).toBe(`${BASE}/fal-ai/kling-video/v3/pro/text-to-video`);
		expect(t.headers.Authorization).toBe(`Key ${KEY}`);
		expect(t.headers["Content-Type"]).toBe("application/json");
		// No seed field on Kling v3: the seed is not sent.
		expect(t.body).toEqual({ prompt: "A lighthouse at dusk", duration: "5", aspect_ratio: "16:9", negative_prompt: "blur", generate_audio: false });
		const i = body(input({ reference: IMG, lastFrame: END, duration: 10 }));
		expect(i.url).toBe(`${BASE}/fal-ai/kling-video/v3/pro/image-to-video`);
		expect(i.body).toEqual({ prompt: "A lighthouse at dusk", start_image_url: IMG.url, end_image_url: END.url, duration: "10" });
	});

	it("Seedance 2.0: t2v, i2v with end frame, r2v for references; vault bytes go as data URIs", () => {
		const base = input({ model: "bytedance/seedance-2.0", resolution: "720p", aspect: "21:9", seed: 42, audio: true });
		expect(body(base)).toMatchObject({
			url: `${BASE}/bytedance/seedance-2.0/text-to-video`,
			body: { prompt: "A lighthouse at dusk", duration: "5", resolution: "720p", aspect_ratio: "21:9", seed: 42, generate_audio: true },
		});
		expect(body({ ...base, reference: PNG, lastFrame: END }).body).toEqual({
			prompt: "A lighthouse at dusk",
			image_url: "data:image/png;base64,iVBORw==",
			end_image_url: END.url,
			duration: "5",
			resolution: "720p",
			seed: 42,
			generate_audio: true,
		});
		const r = body({ ...base, model: "bytedance/seedance-2.0/fast", references: [IMG, END] });
		expect(r.url).toBe(`${BASE}/bytedance/seedance-2.0/fast/reference-to-video`);
		expect(r.body).toEqual({
			prompt: "A lighthouse at dusk",
			image_urls: [IMG.url, END.url],
			duration: "5",
			resolution: "720p",
			aspect_ratio: "21:9",
			seed: 42,
			generate_audio: true,
		});
	});

	it('Veo 3.1: "8s" durations, 4k, first-last-frame and reference endpoints', () => {
		const base = input({ model: "fal-ai/veo3.1", duration: 8, resolution: "4k", aspect: "9:16", negativePrompt: "text", seed: 3, audio: true });
		expect(body(base)).toMatchObject({
			url: `${BASE}/fal-ai/veo3.1`,
			body: {
				prompt: "A lighthouse at dusk",
				duration: "8s",
				resolution: "4k",
				aspect_ratio: "9:16",
				negative_prompt: "text",
				seed: 3,
				generate_audio: true,
			},
		});
		expect(body({ ...base, reference: IMG }).url).toBe(`${BASE}/fal-ai/veo3.1/image-to-video`);
		const flf = body({ ...base, reference: IMG, lastFrame: END });
		expect(flf.url).toBe(`${BASE}/fal-ai/veo3.1/first-last-frame-to-video`);
		expect(flf.body).toMatchObject({ first_frame_url: IMG.url, last_frame_url: END.url });
		const r2v = body({ ...base, references: [IMG] });
		expect(r2v.url).toBe(`${BASE}/fal-ai/veo3.1/reference-to-video`);
		// No seed or negative prompt on reference-to-video.
		expect(r2v.body).toEqual({
			prompt: "A lighthouse at dusk",
			image_urls: [IMG.url],
			duration: "8s",
			resolution: "4k",
			aspect_ratio: "9:16",
			generate_audio: true,
		});
		expect(body({ ...base, model: "fal-ai/veo3.1/fast", reference: IMG, lastFrame: END }).url).toBe(`${BASE}/fal-ai/veo3.1/fast/first-last-frame-to-video`);
	});

	it("Wan 2.7 sends an integer duration, Wan 2.6 a string, under its own un-prefixed id", () => {
		const w7 = body(input({ model: "fal-ai/wan/v2.7", duration: 12, resolution: "720p", aspect: "4:3", negativePrompt: "blur", seed: 1 }));
		expect(w7).toMatchObject({
			url: `${BASE}/fal-ai/wan/v2.7/text-to-video`,
			body: { prompt: "A lighthouse at dusk", duration: 12, resolution: "720p", aspect_ratio: "4:3", negative_prompt: "blur" },
		});
		expect((w7.body as Record<string, unknown>).seed).toBeUndefined();
		expect(body(input({ model: "fal-ai/wan/v2.7", reference: IMG, lastFrame: END, resolution: "1080p" })).body).toEqual({
			prompt: "A lighthouse at dusk",
			image_url: IMG.url,
			end_image_url: END.url,
			duration: 5,
			resolution: "1080p",
		});
		const w6 = body(input({ model: "wan/v2.6", duration: 15, resolution: "1080p", seed: 9, reference: IMG }));
		expect(w6).toEqual({
			url: `${BASE}/wan/v2.6/image-to-video`,
			headers: expect.anything() as unknown,
			body: { prompt: "A lighthouse at dusk", image_url: IMG.url, duration: "15", resolution: "1080p", seed: 9 },
		});
	});

	it("HappyHorse, Hailuo 2.3, LTX-2 and PixVerse V6", () => {
		expect(body(input({ model: "alibaba/happy-horse", duration: 8, resolution: "720p", aspect: "1:1", seed: 5 }))).toMatchObject({
			url: `${BASE}/alibaba/happy-horse/text-to-video`,
			body: { prompt: "A lighthouse at dusk", duration: 8, resolution: "720p", aspect_ratio: "1:1", seed: 5 },
		});
		expect(body(input({ model: "alibaba/happy-horse", references: [IMG, END] })).body).toEqual({
			prompt: "A lighthouse at dusk",
			image_urls: [IMG.url, END.url],
			duration: 5,
			resolution: "1080p",
			aspect_ratio: "16:9",
		});
		expect(body(input({ model: "fal-ai/minimax/hailuo-2.3/standard", duration: 10, resolution: "768p" }))).toMatchObject({
			url: `${BASE}/fal-ai/minimax/hailuo-2.3/standard/text-to-video`,
			body: { prompt: "A lighthouse at dusk", duration: "10" },
		});
		expect(body(input({ model: "fal-ai/minimax/hailuo-2.3/pro", duration: 6, reference: IMG })).body).toEqual({
			prompt: "A lighthouse at dusk",
			image_url: IMG.url,
		});
		expect(body(input({ model: "fal-ai/ltx-2", duration: 8, resolution: "4k", audio: false }))).toMatchObject({
			url: `${BASE}/fal-ai/ltx-2/text-to-video`,
			body: { prompt: "A lighthouse at dusk", duration: 8, resolution: "2160p", aspect_ratio: "16:9", generate_audio: false },
		});
		expect(body(input({ model: "fal-ai/ltx-2/fast", duration: 20, reference: IMG })).url).toBe(`${BASE}/fal-ai/ltx-2/image-to-video/fast`);
		expect(
			body(input({ model: "fal-ai/pixverse/v6", duration: 7, resolution: "540p", aspect: "3:4", negativePrompt: "blur", seed: 2, audio: true })).body,
		).toEqual({
			prompt: "A lighthouse at dusk",
			duration: 7,
			resolution: "540p",
			aspect_ratio: "3:4",
			negative_prompt: "blur",
			seed: 2,
			generate_audio_switch: true,
		});
	});

	it("refuses before sending what a model cannot carry", () => {
		expect(() => falAdapter.buildCreate(input({ references: [IMG] }), ctx())).toThrow(/no reference-to-video endpoint/);
		expect(() => falAdapter.buildCreate(input({ model: "fal-ai/ltx-2", reference: IMG, lastFrame: END }), ctx())).toThrow(/last frame/);
		expect(() => falAdapter.buildCreate(input({ model: "fal-ai/ltx-2", resolution: "720p" }), ctx())).toThrow(/720p/);
	});
});

describe("fal declared models and families", () => {
	it("a declared id is its own endpoint; the family comes from the job, the id's shape, or generic", () => {
		const declared = input({ model: "fal-ai/kling-video/v3/standard/image-to-video", reference: IMG, duration: 4 });
		expect(falFamilyOf(declared.model)).toBe("kling-v3");
		expect(body(declared)).toMatchObject({
			url: `${BASE}/fal-ai/kling-video/v3/standard/image-to-video`,
			body: { start_image_url: IMG.url, duration: "4" },
		});
		const generic = body(
			input({ model: "someone/new-video-model", reference: IMG, lastFrame: END, negativePrompt: "x", seed: 1, audio: true, resolution: "720p" }),
		);
		expect(generic).toMatchObject({
			url: `${BASE}/someone/new-video-model`,
			body: {
				prompt: "A lighthouse at dusk",
				image_url: IMG.url,
				end_image_url: END.url,
				duration: "5",
				aspect_ratio: "16:9",
				resolution: "720p",
				negative_prompt: "x",
				seed: 1,
				generate_audio: true,
			},
		});
		const hinted = body(input({ model: "someone/veo-clone", family: "veo-3.1", resolution: "720p", duration: 6 }));
		expect(hinted.body).toMatchObject({ duration: "6s" });
		expect(falRequest(input({ model: "x/y/first-last-frame-to-video", family: "veo-3.1", reference: IMG, lastFrame: END, resolution: "720p" })).mode).toBe(
			"flf",
		);
	});

	it("a catalog entry's family (ModelSpec.family) is used by the adapter factory", () => {
		const info = {
			...fal,
			models: [...fal.models, { ...(fal.models[0] as (typeof fal.models)[number]), id: "acme/wan-fork/text-to-video", family: "wan-2.7" }],
		};
		const r = createFalAdapter(info).buildCreate(input({ model: "acme/wan-fork/text-to-video", resolution: "720p" }), ctx());
		expect(JSON.parse(r.body as string)).toMatchObject({ duration: 5 });
	});

	it("every catalog model has endpoints and the family the catalog names; families are exported", () => {
		for (const m of fal.models) {
			expect(FAL_ENDPOINTS[m.id]?.family, m.id).toBe(m.family);
			expect(FAL_FAMILIES).toContain(m.family);
			expect(m.lifecycle).toMatchObject({ status: "active", verified: "2026-12-03" });
			expect(m.price.source).toMatch(/fal\.ai/);
		}
		expect(getAdapter("fal").keyEnv).toBe("FAL_KEY");
	});

	it("status, result and cancel use [namespace/]owner/app (fal-js parseEndpointId)", () => {
		expect(falAppRoot("fal-ai/kling-video/v3/pro/text-to-video")).toBe("fal-ai/kling-video");
		expect(falAppRoot("fal-ai/veo3.1")).toBe("fal-ai/veo3.1");
		expect(falAppRoot("workflows/acme/flow/run")).toBe("workflows/acme/flow");
		expect(falAppRoot("12345-my-app")).toBe("12345/my-app");
	});
});

describe("fal create / status / result / cancel mapping", () => {
	const a = falAdapter;

	it("submit → the queue path as task id (owner/app only), queued; never the key", () => {
		const r = a.parseCreate(res("create_ok"), ctx());
		expect(r).toMatchObject({ ok: true, taskId: TASK, state: { kind: "queued" }, meta: { requestId: RID } });
		// A proxy base keeps fal's path; a base with a path prefix on the same origin strips it.
		expect(a.parseCreate(res("create_ok"), ctx("https://proxy.example/fal"))).toMatchObject({ taskId: TASK });
		const own = { ...FX.create_ok, body: { request_id: RID, response_url: `https://sim.test/fal/${TASK}` } } as Fixture;
		const ownRes: HttpResponse = { status: 200, headers: {}, body: new TextEncoder().encode(JSON.stringify(own.body)) };
		expect(a.parseCreate(ownRes, ctx("https://sim.test/fal"))).toMatchObject({ taskId: TASK });
	});

	it("a submit answer without a usable queue path, or one carrying the key, is refused", () => {
		const bad = (b: unknown): HttpResponse => ({ status: 200, headers: {}, body: new TextEncoder().encode(JSON.stringify(b)) });
		const none = a.parseCreate(bad({ request_id: RID }), ctx());
		expect(none.ok).toBe(false);
		if (!none.ok) expect(none.failure).toMatchObject({ cls: "invalid" });
		if (!none.ok) expect(none.failure.message).toContain(RID);
		expect(a.parseCreate(bad({ request_id: "../../x", response_url: `${BASE}/a/b/requests/../../x` }), ctx()).ok).toBe(false);
		const leaky = a.parseCreate(bad({ request_id: "k", response_url: `${BASE}/a/${encodeURIComponent(KEY)}/requests/k` }), ctx());
		expect(leaky.ok).toBe(false);
	});

	it("status: IN_QUEUE → queued, IN_PROGRESS → running, COMPLETED → fetch the result", () => {
		expect(state(a.parsePoll(res("status_in_queue"), ctx(), TASK))).toEqual({ kind: "queued" });
		expect(state(a.parsePoll(res("status_in_progress"), ctx(), TASK))).toEqual({ kind: "running" });
		expect(state(a.parsePoll(res("status_completed"), ctx(), TASK))).toEqual({ kind: "fetch", ref: TASK });
		// A model error is read from the result (its 422 detail says policy or invalid).
		expect(state(a.parsePoll(res("status_failed_model"), ctx(), TASK))).toEqual({ kind: "fetch", ref: TASK });
		const timeout = failedOf(a.parsePoll(res("status_failed_timeout"), ctx(), TASK));
		expect(timeout).toMatchObject({ cls: "outage", code: "request_timeout" });
		expect(timeout.message).toContain("Request timed out");
	});

	it("URLs: status and result under owner/app, cancel with PUT, the key only as `Key`", () => {
		expect(a.buildPoll(TASK, ctx())).toEqual({
			method: "GET",
			url: `${BASE}/${TASK}/status`,
			headers: { Authorization: `Key ${KEY}`, Accept: "application/json" },
		});
		expect(a.buildResult?.(TASK, TASK, ctx()).url).toBe(`${BASE}/${TASK}`);
		expect(a.buildResult?.(TASK, "../../evil", ctx()).url).toBe(`${BASE}/${TASK}`);
		expect(a.buildCancel?.(TASK, ctx())).toMatchObject({ method: "PUT", url: `${BASE}/${TASK}/cancel` });
		expect(a.buildPoll("odd id/with?chars", ctx()).url).toBe(`${BASE}/odd%20id/with%3Fchars/status`);
	});

	it("result: the video URL (no key header), policy, request errors, and errors that do not end the task", () => {
		const parse = (name: string, h?: Record<string, string>) => a.parseResult?.(res(name, h), ctx(), TASK) as PollOutcome;
		const ok = state(parse("result_ok"));
		expect(ok).toEqual({ kind: "succeeded", download: { url: "https://v3b.fal.media/files/b/0a8d04e2/idOb9V-Q9ujlggPSKqsfS_output.mp4", headers: {} } });
		const policy = failedOf(parse("result_policy"));
		expect(policy.cls).toBe("policy");
		expect(policy.message).toContain("prompt: The content was flagged by a content checker.");
		expect(policy.message).not.toContain("the flagged input");
		expect(failedOf(parse("result_request_timeout"))).toMatchObject({ cls: "outage", status: 504, code: "request_timeout" });
		const auth = parse("create_401");
		expect(auth.ok ? "ok" : auth.failure.cls).toBe("auth");
		const gone = parse("cancel_missing");
		expect(gone.ok ? "ok" : gone.failure.cls).toBe("invalid");
		const blip: HttpResponse = { status: 502, headers: { "content-type": "text/html" }, body: new TextEncoder().encode("<html>502</html>") };
		const b = a.parseResult?.(blip, ctx(), TASK) as PollOutcome;
		expect(b.ok ? "ok" : b.failure.cls).toBe("outage");
		const empty: HttpResponse = { status: 200, headers: {}, body: new TextEncoder().encode(JSON.stringify({ images: [] })) };
		expect(failedOf(a.parseResult?.(empty, ctx(), TASK) as PollOutcome).cls).toBe("invalid");
	});

	it("submit errors: 422 → invalid quoting the value, 401 → auth, locked balance → quota, 404 → retired, 429, 5xx", () => {
		const fail = (name: string, h?: Record<string, string>) => {
			const r = a.parseCreate(res(name, h), ctx());
			if (r.ok) throw new Error("expected a failure");
			return r.failure;
		};
		const v = fail("create_422_validation");
		expect(v.cls).toBe("invalid");
		expect(v.message).toMatch(/^fal 422: literal_error: duration: Input should be .* \(got "99"\)$/);
		expect(fail("create_401").cls).toBe("auth");
		expect(fail("create_403_locked").cls).toBe("quota");
		expect(fail("create_404_endpoint").cls).toBe("retired");
		expect(fail("create_429").cls).toBe("rate");
		expect(fail("create_429", { "retry-after": "12" })).toMatchObject({ cls: "rate", retryAfterMs: 12_000 });
		expect(fail("create_503")).toMatchObject({ cls: "outage", code: "runner_scheduling_failure" });
		// On a status poll a 404 is an unknown request, never a retired model.
		const p = a.parsePoll(res("create_404_endpoint"), ctx(), TASK);
		expect(p.ok ? "ok" : p.failure.cls).toBe("invalid");
	});

	it("cancel answers", () => {
		expect(parseFalCancel(res("cancel_requested"), ctx())).toEqual({ ok: true, outcome: "requested" });
		expect(parseFalCancel(res("cancel_done"), ctx())).toEqual({ ok: true, outcome: "already-completed" });
		expect(parseFalCancel(res("cancel_missing"), ctx())).toEqual({ ok: true, outcome: "not-found" });
		const denied = parseFalCancel(res("create_401"), ctx());
		expect(denied.ok ? "ok" : denied.failure.cls).toBe("auth");
	});

	it("result and cancel parsers never throw and never leak the key (property)", () => {
		const CLASSES = ["capacity", "rate", "quota", "outage", "auth", "invalid", "policy", "retired"];
		fc.assert(
			fc.property(
				fc.integer({ min: 100, max: 599 }),
				fc.oneof(
					fc.json(),
					fc.string(),
					fc.constant(JSON.stringify({ detail: [{ loc: ["body", KEY], msg: KEY, type: "x", input: KEY }], error_type: KEY })),
				),
				(status, text) => {
					const r: HttpResponse = {
						status,
						headers: { "content-type": "application/json", "x-fal-error-type": KEY },
						body: new TextEncoder().encode(text),
					};
					const out = a.parseResult?.(r, ctx(), TASK) as PollOutcome;
					const f = out.ok ? (out.state.kind === "failed" ? out.state.failure : undefined) : out.failure;
					if (f) {
						expect(CLASSES).toContain(f.cls);
						expect(f.message).not.toContain(KEY);
						expect(f.code ?? "").not.toContain(KEY);
					}
					if (out.ok && out.state.kind === "succeeded") expect(out.state.download.headers).toEqual({});
					const c = parseFalCancel(r, ctx());
					if (!c.ok) expect(c.failure.message).not.toContain(KEY);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe("every fal catalog model end to end against the simulator", () => {
	const cases = fal.models.flatMap((m) => {
		const base: VideoJobInput = {
			model: m.id,
			prompt: "A lighthouse at dusk",
			duration: m.defaultDuration,
			orientation: "horizontal",
			size: m.sizes.horizontal[0] ?? "1280x720",
			pro: false,
			resolution: m.caps.resolutions[0] ?? "720p",
			aspect: m.caps.aspects[0] ?? "16:9",
			audio: m.caps.audio ? true : undefined,
			seed: m.caps.seed ? 11 : undefined,
			negativePrompt: m.caps.negativePrompt ? "blur" : undefined,
		};
		const out: Array<[string, VideoJobInput]> = [[`${m.id} text`, base]];
		if (m.caps.firstFrame) out.push([`${m.id} first frame (data URI)`, { ...base, reference: PNG, ...(m.caps.lastFrame ? { lastFrame: END } : {}) }]);
		if (m.caps.maxReferences > 0) out.push([`${m.id} references`, { ...base, references: [IMG, END] }]);
		return out;
	});

	it.each(cases)("%s", async (_name, job) => {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 3 * 60_000 } });
		const r = await clock.run(
			driveJob({
				adapter: falAdapter,
				http: sim.transport(),
				clock,
				baseUrl: simBaseUrl("http://sim.test", "fal"),
				apiKey: KEY,
				input: job,
				pollMs: 20_000,
			}),
		);
		expect(r.ok, JSON.stringify(r)).toBe(true);
		if (!r.ok) return;
		expect(sim.tasks()).toHaveLength(1);
		expect(r.bytes).toEqual(sim.clipOf(sim.tasks()[0]?.id ?? ""));
		expect(r.states.map((s) => s.kind)).toContain("fetch");
		expect(r.taskId).toMatch(/^[a-z0-9.-]+\/[a-z0-9.-]+\/requests\/[0-9a-f-]+$/);
		// Status and result were asked under owner/app, never under the endpoint's sub-path.
		const polls = sim.log.filter((e) => e.route === "poll").map((e) => e.path);
		expect(polls.some((p) => p.endsWith("/status"))).toBe(true);
		expect(polls.every((p) => p.startsWith(`/fal/${r.taskId}`))).toBe(true);
	});

	it("the simulator rejects a wrong duration type the way fal's schema does", async () => {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY });
		const req = falAdapter.buildCreate(input({ model: "fal-ai/wan/v2.7", resolution: "720p" }), ctx(simBaseUrl("http://sim.test", "fal")));
		const wrong = { ...req, body: (req.body as string).replace('"duration":5', '"duration":"5"') };
		const r = falAdapter.parseCreate(await sim.handle(wrong), ctx());
		expect(r.ok ? "ok" : r.failure.cls).toBe("invalid");
		const gone = falAdapter.parseCreate(
			await sim.handle({ ...req, url: `${simBaseUrl("http://sim.test", "fal")}/fal-ai/kling-video/v9/text-to-video` }),
			ctx(),
		);
		expect(gone.ok ? "ok" : gone.failure.cls).toBe("retired");
		expect(sim.tasks()).toHaveLength(0);
	});

	it("cancel against the simulator: requested while running, already completed after", async () => {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 60_000 } });
		const c = ctx(simBaseUrl("http://sim.test", "fal"));
		const created = falAdapter.parseCreate(await sim.handle(falAdapter.buildCreate(input(), c)), c);
		if (!created.ok) throw new Error(created.failure.message);
		const cancel = falAdapter.buildCancel?.(created.taskId, c);
		if (!cancel) throw new Error("no cancel");
		expect(parseFalCancel(await sim.handle(cancel), c)).toEqual({ ok: true, outcome: "requested" });
		await clock.advance(120_000);
		expect(parseFalCancel(await sim.handle(cancel), c)).toEqual({ ok: true, outcome: "already-completed" });
		expect(parseFalCancel(await sim.handle({ ...cancel, url: cancel.url.replace(/requests\/[^/]+/, "requests/nope") }), c)).toEqual({
			ok: true,
			outcome: "not-found",
		});
	});
});
