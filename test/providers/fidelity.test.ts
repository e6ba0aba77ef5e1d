/**
 * Fidelity to the providers' current docs (read 2026-12-03): Wan 2.6 on DashScope's
 * legacy protocol, Grok Imagine, and the T8Star / AIHubMix relays. Request bodies are
 * compared whole against the documented shapes; responses come from the fixtures,
 * whose `_source` names the pages.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getModelSpec, getProviderInfo } from "../../src/core/providers/catalog";
import { isCapacityText } from "../../src/core/providers/classify";
import { getAdapter } from "../../src/core/providers/index";
import { createNewApiAdapter, innerError } from "../../src/core/providers/newapi";
import type { CreateOutcome, PollOutcome, ProviderAdapter, ProviderContext, ReferenceInput, VideoJobInput } from "../../src/core/providers/types";
import { createRedactor } from "../../src/core/redact";
import type { HttpRequest, HttpResponse } from "../../src/ports/http";
import { createSimulator, simBaseUrl } from "../../src/sim/index";
import { sampleInput } from "../../src/sim/samples";
import { VirtualClock } from "../../src/clocks/virtual";

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

const KEY = "sk-fidelity-0123456789abcdef";
const ctx = (baseUrl: string): ProviderContext => ({ baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: Date.UTC(2026, 11, 3) });
const bodyOf = (r: HttpRequest) => JSON.parse(r.body as string) as Record<string, unknown>;
const failure = (o: CreateOutcome | PollOutcome) => {
	if (o.ok) throw new Error("expected a failure");
	return o.failure;
};
const failedState = (o: PollOutcome) => {
	if (!o.ok || o.state.kind !== "failed") throw new Error(`expected a failed state, got ${JSON.stringify(o)}`);
	return o.state.failure;
};
const URL_REF: ReferenceInput = { kind: "url", url: "https://x.test/first.png" };
const BYTES_REF: ReferenceInput = { kind: "bytes", bytes: new Uint8Array([1, 2, 3]), mime: "image/png", name: "f.png" };

function input(provider: string, over: Partial<VideoJobInput> = {}): VideoJobInput {
	return { ...sampleInput(provider, "A lighthouse at dusk"), ...over };
}

describe("Wan 2.6 (DashScope legacy protocol)", () => {
	const a = getAdapter("wan");
	const f = fixtures("wan");
	const base = "https://dashscope-intl.aliyuncs.com";
	const create = (k: string) => failure(a.parseCreate(res(f[k]), ctx(base)));
	const poll = (k: string) => a.parsePoll(res(f[k]), ctx(base), "t1");

	it("t2v: the documented body, every neutral control mapped, prompt sent as written", () => {
		const req = a.buildCreate(
			input("wan", { duration: 7, resolution: "1080p", aspect: "1:1", size: "1080x1080", seed: 42, negativePrompt: "blur", audio: false }),
			ctx(base),
		);
		expect(req.headers?.["X-DashScope-Async"]).toBe("enable");
		expect(bodyOf(req)).toEqual({
			model: "wan2.6-t2v",
			input: { prompt: "A lighthouse at dusk", negative_prompt: "blur" },
			parameters: { size: "1440*1440", duration: 7, prompt_extend: false, seed: 42, audio: false },
		});
		// A size from DashScope's own table is sent as given; others come from resolution × aspect.
		expect(bodyOf(a.buildCreate(input("wan", { size: "1088x832", resolution: "720p", aspect: "4:3" }), ctx(base))).parameters).toMatchObject({
			size: "1088*832",
		});
		expect(bodyOf(a.buildCreate(input("wan", { size: "960x720", resolution: "720p", aspect: "4:3" }), ctx(base))).parameters).toMatchObject({
			size: "1088*832",
		});
		expect(bodyOf(a.buildCreate(input("wan", { resolution: "1080p", aspect: "9:16", size: "1080x1920" }), ctx(base))).parameters).toMatchObject({
			size: "1080*1920",
		});
	});

	it("i2v: resolution tier and img_url (data URI for bytes); audio only where the model documents it", () => {
		const i2v = bodyOf(a.buildCreate(input("wan", { model: "wan2.6-i2v", resolution: "1080p", reference: BYTES_REF, audio: false, seed: 7 }), ctx(base)));
		expect(i2v).toEqual({
			model: "wan2.6-i2v",
			input: { prompt: "A lighthouse at dusk", img_url: "data:image/png;base64,AQID" },
			parameters: { resolution: "1080P", duration: 5, prompt_extend: false, seed: 7 },
		});
		const flash = bodyOf(a.buildCreate(input("wan", { model: "wan2.6-i2v-flash", duration: 3, reference: URL_REF, audio: false }), ctx(base)));
		expect(flash).toEqual({
			model: "wan2.6-i2v-flash",
			input: { prompt: "A lighthouse at dusk", img_url: URL_REF.url },
			parameters: { resolution: "720P", duration: 3, prompt_extend: false, audio: false },
		});
	});

	it("catalog: integer durations 2–15 for t2v and i2v-flash, 5/10/15 for i2v; prices by resolution with a source", () => {
		expect(getModelSpec("wan", "wan2.6-t2v")?.durations).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
		expect(getModelSpec("wan", "wan2.6-i2v")?.durations).toEqual([5, 10, 15]);
		expect(getModelSpec("wan", "wan2.6-i2v-flash")?.caps).toMatchObject({ audio: true, imageRequired: true, firstFrame: true });
		expect(getModelSpec("wan", "wan2.6-i2v")?.caps.audio).toBe(false);
		const price = getModelSpec("wan", "wan2.6-t2v")?.price;
		expect(price?.byResolution).toEqual({ "720p": 0.1, "1080p": 0.15 });
		expect(price?.source).toMatch(/model-pricing.*2026-12-03/);
		expect(getModelSpec("wan", "wan2.6-t2v")?.lifecycle).toMatchObject({ status: "active", verified: "2026-12-03" });
	});

	it("Throttling.AllocationQuota is a rate window, or quota once the free allocation is spent — never capacity", () => {
		expect(isCapacityText("Throttling.AllocationQuota Allocated quota exceeded")).toBe(false);
		expect(create("error_allocation")).toMatchObject({ cls: "rate", code: "Throttling.AllocationQuota", status: 429 });
		expect(failure(poll("error_allocation")).cls).toBe("rate");
		expect(create("error_allocation_free").cls).toBe("quota");
		expect(failure(poll("error_allocation_free")).cls).toBe("quota");
		expect(create("error_free_tier_only")).toMatchObject({ cls: "quota", status: 403 });
	});

	it("every documented error class", () => {
		expect(create("error_rate").cls).toBe("rate");
		expect(create("error_burst").cls).toBe("rate");
		expect(create("error_prepaid_overdue").cls).toBe("quota");
		expect(create("error_arrearage").cls).toBe("quota");
		expect(create("error_data_inspection").cls).toBe("policy");
		expect(create("error_no_key").cls).toBe("auth");
		expect(create("error_internal").cls).toBe("outage");
		// A bare Throttling names no cause: the engine's concurrency back-off on a create, rate on a poll.
		// One reading for both DashScope adapters: "Requests throttling triggered." is request frequency.
		expect(create("error_throttling").cls).toBe("rate");
		expect(failure(poll("error_throttling")).cls).toBe("rate");
		// A model the service no longer knows is retired, not a per-shot failure.
		expect(create("error_model_not_found")).toMatchObject({ cls: "retired", status: 404 });
		expect(create("error_model_not_exist").cls).toBe("retired");
		expect(failedState(poll("failed_invalid_size"))).toMatchObject({ cls: "invalid", code: "InvalidParameter" });
		expect(failedState(poll("unknown")).cls).toBe("invalid");
	});
});

describe("Grok Imagine", () => {
	const a = getAdapter("grok");
	const f = fixtures("grok");
	const base = "https://api.x.ai/v1";

	it("480p is the default; resolution and aspect come from the neutral fields", () => {
		expect(getModelSpec("grok", "grok-imagine-video")?.caps.resolutions[0]).toBe("480p");
		expect(bodyOf(a.buildCreate(input("grok"), ctx(base)))).toEqual({
			model: "grok-imagine-video",
			prompt: "A lighthouse at dusk",
			duration: 8,
			aspect_ratio: "16:9",
			resolution: "480p",
		});
		const full = bodyOf(a.buildCreate(input("grok", { resolution: "720p", aspect: "3:4", duration: 12, reference: BYTES_REF, audio: false }), ctx(base)));
		expect(full).toEqual({
			model: "grok-imagine-video",
			prompt: "A lighthouse at dusk",
			duration: 12,
			aspect_ratio: "3:4",
			resolution: "720p",
			image: { url: "data:image/png;base64,AQID" },
			generate_audio: false,
		});
	});

	it("reference images go as reference_images, never together with a first frame", () => {
		const refs = [URL_REF, { kind: "url" as const, url: "https://x.test/b.png" }];
		expect(bodyOf(a.buildCreate(input("grok", { references: refs }), ctx(base))).reference_images).toEqual([
			{ url: URL_REF.url },
			{ url: "https://x.test/b.png" },
		]);
		const both = bodyOf(a.buildCreate(input("grok", { reference: URL_REF, references: refs }), ctx(base)));
		expect(both.image).toEqual({ url: URL_REF.url });
		expect(both.reference_images).toBeUndefined();
		expect(getModelSpec("grok", "grok-imagine-video")?.caps).toMatchObject({
			maxReferences: 7,
			firstFrameWithReferences: false,
			seed: false,
			negativePrompt: false,
			lastFrame: false,
		});
	});

	it("grok-imagine-video-1.5-preview: image-to-video only, deprecated for 1.5, no audio switch", () => {
		const spec = getModelSpec("grok", "grok-imagine-video-1.5-preview");
		expect(spec?.caps).toMatchObject({ imageRequired: true, firstFrame: true, audio: false, resolutions: ["480p", "720p"] });
		expect(spec?.lifecycle).toMatchObject({ status: "deprecated", replacement: "grok-imagine-video-1.5", verified: "2026-12-03" });
		const body = bodyOf(a.buildCreate(input("grok", { model: "grok-imagine-video-1.5-preview", reference: URL_REF, audio: true }), ctx(base)));
		expect(body.generate_audio).toBeUndefined();
		expect(getModelSpec("grok", "grok-imagine-video-1.5")?.caps.resolutions).toEqual(["480p", "720p", "1080p"]);
	});

	it("prices per second by resolution, with their source", () => {
		const p = getModelSpec("grok", "grok-imagine-video")?.price;
		expect(p).toMatchObject({ perSecond: 0.05, byResolution: { "480p": 0.05, "720p": 0.07 } });
		expect(p?.source).toMatch(/2026-12-03/);
		expect(getModelSpec("grok", "grok-imagine-video-1.5-preview")?.price.byResolution).toEqual({ "480p": 0.08, "720p": 0.14 });
	});

	it("responses: progress while pending, retired model, credits, rate with Retry-After, bad argument", () => {
		expect(a.parsePoll(res(f.pending_progress), ctx(base), "r")).toMatchObject({ ok: true, state: { kind: "running", progress: 40 } });
		expect(failure(a.parseCreate(res(f.error_model_not_found), ctx(base)))).toMatchObject({ cls: "retired", status: 404 });
		expect(failure(a.parseCreate(res(f.error_credits), ctx(base))).cls).toBe("quota");
		expect(failure(a.parseCreate(res(f.error_rate), ctx(base)))).toMatchObject({ cls: "rate", retryAfterMs: 12_000 });
		expect(failure(a.parseCreate(res(f.error_bad_resolution), ctx(base))).cls).toBe("invalid");
	});
});

describe("relays: T8Star", () => {
	const a = getAdapter("t8star");
	const f = fixtures("t8star");
	const base = "https://ai.t8star.cn";

	it("defaults to a live model; the dead Sora ids stay, retired", () => {
		const info = getProviderInfo("t8star");
		expect(getModelSpec("t8star", info?.defaultModel ?? "")?.lifecycle.status).toBe("active");
		expect(getModelSpec("t8star", "sora-2")?.lifecycle.status).toBe("retired");
		expect(getModelSpec("t8star", "sora-2-pro")?.lifecycle.status).toBe("retired");
		for (const m of info?.models ?? []) expect(m.lifecycle.verified).toBe("2026-12-03");
	});

	it("Veo 3.1 body on the v2 route: integer duration, aspect, images, the prompt as written", () => {
		const req = a.buildCreate(input("t8star", { aspect: "9:16", reference: URL_REF }), ctx(base));
		expect(req.url).toBe(`${base}/v2/videos/generations`);
		expect(bodyOf(req)).toEqual({
			model: "veo3.1",
			prompt: "A lighthouse at dusk",
			duration: 8,
			aspect_ratio: "9:16",
			enhance_prompt: false,
			images: [URL_REF.url],
		});
		const comp = bodyOf(a.buildCreate(input("t8star", { model: "veo3.1-components", references: [URL_REF, BYTES_REF] }), ctx(base)));
		expect(comp.images).toEqual([URL_REF.url, "data:image/png;base64,AQID"]);
		expect(getModelSpec("t8star", "veo3.1-components")?.caps).toMatchObject({ maxReferences: 3, firstFrame: false });
	});

	it("fail_to_fetch_task with an inner 404 'no longer available' is retired, at create, in a 200 envelope and as a task failure", () => {
		expect(failure(a.parseCreate(res(f.gone_404), ctx(base)))).toMatchObject({ cls: "retired", code: "fail_to_fetch_task", status: 404 });
		expect(failure(a.parsePoll(res(f.gone_404), ctx(base), "t"))).toMatchObject({ cls: "retired" });
		const env = failure(a.parseCreate(res(f.gone_200), ctx(base)));
		expect(env).toMatchObject({ cls: "retired", status: 404 });
		expect(env.message).toContain("is no longer available");
		expect(env.message).not.toContain('{"error"');
		expect(failedState(a.parsePoll(res(f.failure_gone), ctx(base), "t")).cls).toBe("retired");
		expect(a.parsePoll(res(f.not_start), ctx(base), "t")).toMatchObject({ ok: true, state: { kind: "queued", progress: 0 } });
	});

	it("innerError reads the wrapped upstream status and text, and leaves plain text alone", () => {
		expect(innerError('{"error":{"code":404,"message":"models/x is no longer available","status":"NOT_FOUND"}}')).toEqual({
			status: 404,
			message: "NOT_FOUND: models/x is no longer available",
		});
		expect(innerError('{"error":{"code":"InputImageSensitiveContentDetected","message":"may contain real person"}}')).toEqual({
			status: undefined,
			message: "InputImageSensitiveContentDetected: may contain real person",
		});
		expect(innerError("upstream error: do request failed")).toBeUndefined();
		expect(innerError("{not json")).toBeUndefined();
	});
});

describe("relays: AIHubMix", () => {
	const a = getAdapter("aihubmix");
	const f = fixtures("aihubmix");
	const base = "https://aihubmix.com/v1";

	it("defaults to a live model; dead Sora / Veo preview ids stay, retired; every entry checked 2026-12-03", () => {
		const info = getProviderInfo("aihubmix");
		expect(info?.defaultModel).toBe("wan2.6-t2v");
		for (const id of ["sora-2", "sora-2-pro", "veo-3.1-generate-preview"]) expect(getModelSpec("aihubmix", id)?.lifecycle.status).toBe("retired");
		for (const id of ["wan2.6-t2v", "wan2.6-i2v", "wan2.7-t2v", "doubao-seedance-2-0-260128", "doubao-seedance-2-0-fast-260128"]) {
			expect(getModelSpec("aihubmix", id)?.lifecycle).toMatchObject({ status: "active", verified: "2026-12-03" });
		}
	});

	it("Wan: the flat body (seconds a string, size from resolution × aspect, input_reference a string)", () => {
		expect(bodyOf(a.buildCreate(input("aihubmix", { duration: 12, resolution: "1080p", aspect: "9:16" }), ctx(base)))).toEqual({
			model: "wan2.6-t2v",
			prompt: "A lighthouse at dusk",
			seconds: "12",
			size: "1080x1920",
		});
		const i2v = a.buildCreate(input("aihubmix", { model: "wan2.6-i2v", reference: BYTES_REF }), ctx(base));
		expect(i2v.url).toBe(`${base}/videos`);
		expect(bodyOf(i2v).input_reference).toBe("data:image/png;base64,AQID");
		expect(bodyOf(a.buildCreate(input("aihubmix", { model: "wan2.7-t2v", aspect: "4:3" }), ctx(base))).size).toBe("960x720");
	});

	it("Seedance 2.0: content[] with roled images, number duration, resolution token, ratio, seed, generate_audio", () => {
		const req = a.buildCreate(
			input("aihubmix", {
				model: "doubao-seedance-2-0-260128",
				duration: 9,
				resolution: "1080p",
				aspect: "21:9",
				reference: URL_REF,
				lastFrame: BYTES_REF,
				seed: 3,
				audio: true,
			}),
			ctx(base),
		);
		expect(bodyOf(req)).toEqual({
			model: "doubao-seedance-2-0-260128",
			prompt: "A lighthouse at dusk",
			duration: 9,
			content: [
				{ type: "text", text: "A lighthouse at dusk" },
				{ type: "image_url", image_url: { url: URL_REF.url }, role: "first_frame" },
				{ type: "image_url", image_url: { url: "data:image/png;base64,AQID" }, role: "last_frame" },
			],
			resolution: "1080p",
			ratio: "21:9",
			seed: 3,
			generate_audio: true,
		});
		const refs = bodyOf(a.buildCreate(input("aihubmix", { model: "doubao-seedance-2-0-fast-260128", references: [URL_REF] }), ctx(base)));
		expect(refs.content).toEqual([
			{ type: "text", text: "A lighthouse at dusk" },
			{ type: "image_url", image_url: { url: URL_REF.url }, role: "reference_image" },
		]);
		expect(getModelSpec("aihubmix", "doubao-seedance-2-0-260128")?.caps).toMatchObject({
			maxReferences: 9,
			firstFrameWithReferences: false,
			lastFrame: true,
			seed: true,
			audio: true,
		});
		expect(getModelSpec("aihubmix", "doubao-seedance-2-0-fast-260128")?.caps.resolutions).toEqual(["720p", "480p"]);
	});

	it("responses: queued Seedance, completed with the authenticated content route, policy failure, retired upstream", () => {
		expect(a.parseCreate(res(f.create_seedance), ctx(base))).toMatchObject({ ok: true, state: { kind: "queued", progress: 0 } });
		const done = a.parsePoll(res(f.completed), ctx(base), "x");
		expect(done.ok && done.state.kind === "succeeded" && done.state.download.headers.Authorization).toBe(`Bearer ${KEY}`);
		expect(failedState(a.parsePoll(res(f.failed_inspection), ctx(base), "x")).cls).toBe("policy");
		expect(failure(a.parseCreate(res(f.gone_404), ctx(base)))).toMatchObject({ cls: "retired", status: 404 });
	});
});

describe("relays: NewAPI (generic, unknown upstream)", () => {
	const info = getProviderInfo("newapi");
	if (!info) throw new Error("no newapi");
	const base = "http://relay.test/v1";
	const gen: ProviderAdapter = createNewApiAdapter(info, "generations");
	const videos: ProviderAdapter = createNewApiAdapter(info, "videos");
	const declared = (over: Partial<VideoJobInput> = {}) =>
		input("newapi", { model: "some-declared-model", duration: 6, size: "1280x720", seed: 1, negativePrompt: "x", audio: true, ...over });

	it("generations: NewAPI's TaskSubmitReq (image string, duration + seconds, size); no vendor extras", () => {
		expect(bodyOf(gen.buildCreate(declared({ reference: URL_REF }), ctx(base)))).toEqual({
			model: "some-declared-model",
			prompt: "A lighthouse at dusk",
			duration: 6,
			seconds: "6",
			size: "1280x720",
			image: URL_REF.url,
		});
		// A catalog model whose videos-route body is OpenAI's gets the DTO on the generations route.
		expect(bodyOf(gen.buildCreate(input("newapi"), ctx(base))).prompt).toBe("A lighthouse at dusk");
	});

	it("videos: a declared model gets the TaskSubmitReq shape (input_reference a string)", () => {
		const req = videos.buildCreate(declared({ reference: URL_REF }), ctx(base));
		expect(req.url).toBe(`${base}/videos`);
		expect(bodyOf(req)).toEqual({
			model: "some-declared-model",
			prompt: "A lighthouse at dusk",
			seconds: "6",
			size: "1280x720",
			input_reference: URL_REF.url,
		});
	});
});

describe("the simulator checks requests the way the docs say", () => {
	const clock = new VirtualClock();
	const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 60_000 } });
	const http = sim.transport();
	async function create(provider: string, over: Partial<VideoJobInput>): Promise<CreateOutcome> {
		const a = getAdapter(provider);
		const c = { ...ctx(simBaseUrl("http://sim.test", provider)), now: clock.now() };
		return a.parseCreate(await http.request(a.buildCreate(input(provider, over), c)), c);
	}

	it("AIHubMix Seedance: frames accepted, references with a first frame refused, a retired upstream answered as gone", async () => {
		const seed = "doubao-seedance-2-0-260128";
		expect((await create("aihubmix", { model: seed, reference: URL_REF, lastFrame: URL_REF, seed: 1, audio: false })).ok).toBe(true);
		expect((await create("aihubmix", { model: seed, references: [URL_REF] })).ok).toBe(true);
		expect(failure(await create("aihubmix", { model: seed, reference: URL_REF, references: [URL_REF] })).cls).toBe("invalid");
		expect((await create("aihubmix", { model: seed, resolution: "1080p" })).ok).toBe(true);
		expect(failure(await create("aihubmix", { model: "doubao-seedance-2-0-fast-260128", resolution: "1080p" })).message).toMatch(/resolution 1080p/);
		expect(failure(await create("aihubmix", { model: "sora-2", duration: 4, size: "1280x720" }))).toMatchObject({ cls: "retired", status: 404 });
	});

	it("T8Star: Veo accepted with images, the Sora ids gone", async () => {
		expect((await create("t8star", { reference: URL_REF })).ok).toBe(true);
		expect(failure(await create("t8star", { model: "sora-2", duration: 10 })).cls).toBe("retired");
	});

	it("Grok: 1080p only on 1.5, the preview needs an image", async () => {
		expect(failure(await create("grok", { resolution: "1080p" })).cls).toBe("invalid");
		expect((await create("grok", { model: "grok-imagine-video-1.5", resolution: "1080p" })).ok).toBe(true);
		expect(failure(await create("grok", { model: "grok-imagine-video-1.5-preview" })).message).toMatch(/image is required/);
		expect((await create("grok", { model: "grok-imagine-video-1.5-preview", reference: URL_REF })).ok).toBe(true);
	});

	it("Wan: i2v needs img_url; an unknown model is retired", async () => {
		expect(failure(await create("wan", { model: "wan2.6-i2v" })).message).toMatch(/img_url/);
		expect((await create("wan", { model: "wan2.6-i2v-flash", reference: URL_REF, duration: 2, audio: false })).ok).toBe(true);
		expect(failure(await create("wan", { model: "wan2.5-t2v-gone" })).cls).toBe("retired");
	});
});
