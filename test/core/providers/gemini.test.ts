/**
 * The `gemini` provider: request mapping of both families (Gemini Omni on the
 * Interactions API, Veo on predictLongRunning), response mapping from the documented
 * shapes in test/fixtures/providers/gemini.json, the catalog facts, inline `data:`
 * downloads, and the simulator's gemini routes next to the keyframe image endpoint.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeDataVideo, downloadVideo } from "../../../src/core/download";
import { Journal } from "../../../src/core/journal";
import { CATALOG, getProviderInfo } from "../../../src/core/providers/catalog";
import { getAdapter } from "../../../src/core/providers/index";
import type { CreateOutcome, PollOutcome, ProviderContext, RemoteState, VideoJobInput } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import { dataUri } from "../../../src/core/values";
import type { HttpPort, HttpResponse } from "../../../src/ports/http";
import type { VaultPort } from "../../../src/ports/vault";
import { createSimulator, sampleMp4, simBaseUrl } from "../../../src/sim/index";
import { veoParamError } from "../../../src/sim/routes/gemini-video";
import { sampleInput } from "../../../src/sim/samples";
import { VirtualClock } from "../../../src/clocks/virtual";

interface Fixture {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

const F = JSON.parse(readFileSync(new URL("../../fixtures/providers/gemini.json", import.meta.url), "utf8")) as Record<string, Fixture>;
const KEY = "AIzaSy-gemini-test-0123456789abcdef";
const BASE = "https://generativelanguage.googleapis.com/v1beta";
const a = getAdapter("gemini");

function ctx(baseUrl = BASE): ProviderContext {
	return { baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: Date.UTC(2026, 11, 3) };
}

function res(name: string): HttpResponse {
	const f = F[name];
	if (!f) throw new Error(`missing fixture ${name}`);
	return { status: f.status, headers: f.headers ?? { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(f.body)) };
}

function bodyOf(input: VideoJobInput): Record<string, unknown> {
	return JSON.parse(a.buildCreate(input, ctx()).body as string) as Record<string, unknown>;
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

const OMNI_ID = "v1_ChdVbm8yYVozVEFMdmE0OXhOb2JuM2t3RRIXVW5vMmFaM1RBTHZhNDl4Tm9ibjNrd0U";
const OP = "models/veo-3.1-generate-preview/operations/abc123xyz";
const omniPoll = (name: string, base = BASE) => a.parsePoll(res(name), ctx(base), OMNI_ID);
const png = (n: number) => ({ kind: "bytes" as const, bytes: new Uint8Array([137, 80, 78, 71, n]), mime: "image/png", name: `f${n}.png` });
const b64 = (n: number) => Buffer.from([137, 80, 78, 71, n]).toString("base64");

describe("gemini catalog", () => {
	const info = getProviderInfo("gemini");
	it("one key, the v1beta base, Omni 1.1 Flash as the live default", () => {
		expect(info).toMatchObject({
			label: "Google Gemini API (Veo 3.1, Gemini Omni)",
			keyEnv: "GEMINI_API_KEY",
			defaultBaseUrl: BASE,
			defaultModel: "gemini-omni-1.1-flash",
			adapter: "gemini",
		});
		const omni = info?.models.find((m) => m.id === "gemini-omni-1.1-flash");
		expect(omni?.lifecycle).toMatchObject({ status: "active", verified: "2026-12-03" });
		expect(omni?.lifecycle.source).toContain("https://ai.google.dev/gemini-api/docs/omni");
		expect(omni?.caps).toMatchObject({
			resolutions: ["720p", "1080p", "4k"],
			aspects: ["16:9", "9:16"],
			firstFrame: true,
			lastFrame: false,
			maxReferences: 3,
			firstFrameWithReferences: false,
			audio: false,
			negativePrompt: false,
			seed: false,
		});
		expect(omni?.durations).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
		expect(omni?.price.perSecond).toBeNull();
		expect(omni?.price.source).toContain("https://ai.google.dev/gemini-api/docs/pricing");
	});
	it("every Veo 3.1 id on the Gemini API is retired (2026-10-22) and names Omni as the replacement", () => {
		const veo = info?.models.filter((m) => m.id.startsWith("veo-")) ?? [];
		expect(veo.map((m) => m.id)).toEqual(["veo-3.1-generate-preview", "veo-3.1-fast-generate-preview", "veo-3.1-lite-generate-preview"]);
		for (const m of veo)
			expect(m.lifecycle).toMatchObject({ status: "retired", shutdown: "2026-10-22", replacement: "gemini-omni-1.1-flash", verified: "2026-12-03" });
		const std = veo[0];
		expect(std?.caps).toMatchObject({
			resolutions: ["720p", "1080p", "4k"],
			durationsByResolution: { "1080p": [8], "4k": [8] },
			firstFrame: true,
			lastFrame: true,
			maxReferences: 3,
			firstFrameWithReferences: false,
			negativePrompt: true,
			seed: false,
			audio: false,
		});
	});
	it("every `gemini/…` replacement in the catalog names a model that is alive", () => {
		const gemini = getProviderInfo("gemini");
		const refs = Object.values(CATALOG).flatMap((p) =>
			p.models.map((m) => m.lifecycle.replacement).filter((r): r is string => typeof r === "string" && r.startsWith("gemini/")),
		);
		expect(refs.length).toBeGreaterThan(3);
		for (const r of refs) expect(gemini?.models.find((m) => `gemini/${m.id}` === r)?.lifecycle.status).toBe("active");
		expect(getProviderInfo("veo")?.models.every((m) => m.lifecycle.replacement === "gemini/gemini-omni-1.1-flash")).toBe(true);
	});
});

describe("gemini request mapping: Gemini Omni (Interactions API)", () => {
	it("text to video: the documented body, the key in a header, never in the URL", () => {
		const r = a.buildCreate(sampleInput("gemini"), ctx());
		expect(r.method).toBe("POST");
		expect(r.url).toBe(`${BASE}/interactions`);
		expect(r.headers).toEqual({ "x-goog-api-key": KEY, "Content-Type": "application/json", Accept: "application/json" });
		expect(JSON.parse(r.body as string)).toEqual({
			model: "gemini-omni-1.1-flash",
			input: "A lighthouse at dusk, slow dolly in",
			response_modalities: ["video"],
			background: true,
			response_format: { type: "video", aspect_ratio: "16:9", resolution: "720p", duration: "8s" },
		});
	});
	it("aspect, resolution and duration map; 1080p and 4K ask for URI delivery", () => {
		const v = bodyOf({ ...sampleInput("gemini"), orientation: "vertical", aspect: "9:16", resolution: "1080p", size: "1080x1920", duration: 5 });
		expect(v.response_format).toEqual({ type: "video", aspect_ratio: "9:16", resolution: "1080p", duration: "5s", delivery: "uri" });
		expect(bodyOf({ ...sampleInput("gemini"), resolution: "4k", size: "3840x2160" }).response_format).toMatchObject({ resolution: "4k", delivery: "uri" });
		// A ratio Omni does not take falls back to the shot's orientation.
		expect(bodyOf({ ...sampleInput("gemini"), aspect: "1:1" }).response_format).toMatchObject({ aspect_ratio: "16:9" });
	});
	it("first frame → image_to_video with an inline image block before the text", () => {
		const body = bodyOf({ ...sampleInput("gemini"), reference: png(1) });
		expect(body.input).toEqual([
			{ type: "image", data: b64(1), mime_type: "image/png" },
			{ type: "text", text: "A lighthouse at dusk, slow dolly in" },
		]);
		expect(body.generation_config).toEqual({ video_config: { task: "image_to_video" } });
	});
	it("reference images → reference_to_video; a first frame wins over references", () => {
		const body = bodyOf({ ...sampleInput("gemini"), references: [png(2), png(3)] });
		expect(body.input).toEqual([
			{ type: "image", data: b64(2), mime_type: "image/png" },
			{ type: "image", data: b64(3), mime_type: "image/png" },
			{ type: "text", text: "A lighthouse at dusk, slow dolly in" },
		]);
		expect(body.generation_config).toEqual({ video_config: { task: "reference_to_video" } });
		const both = bodyOf({ ...sampleInput("gemini"), reference: png(1), references: [png(2)] });
		expect((both.input as unknown[]).length).toBe(2);
		expect(both.generation_config).toEqual({ video_config: { task: "image_to_video" } });
	});
	it("controls Omni does not document are never sent (negative prompt, seed, audio, last frame)", () => {
		const body = bodyOf({ ...sampleInput("gemini"), negativePrompt: "blur", seed: 7, audio: false, lastFrame: png(9) });
		expect(JSON.stringify(body)).not.toMatch(/negative|seed|audio|last/i);
	});
	it("an image URL is refused (the catalog says bytes)", () => {
		expect(() => a.buildCreate({ ...sampleInput("gemini"), reference: { kind: "url", url: "https://x.test/a.png" } }, ctx())).toThrow(/inline bytes/);
	});
	it("polls GET /interactions/{id} with the key header", () => {
		expect(a.buildPoll(OMNI_ID, ctx())).toEqual({
			method: "GET",
			url: `${BASE}/interactions/${OMNI_ID}`,
			headers: { "x-goog-api-key": KEY, Accept: "application/json" },
		});
	});
});

describe("gemini request mapping: Veo (predictLongRunning, Gemini Developer API fields)", () => {
	const veo = (over: Partial<VideoJobInput> = {}): VideoJobInput => ({ ...sampleInput("gemini"), model: "veo-3.1-generate-preview", ...over });
	it("every neutral control in the body the official SDK builds; no seed or generateAudio", () => {
		const r = a.buildCreate(
			veo({
				reference: png(1),
				lastFrame: png(2),
				negativePrompt: "text overlays",
				seed: 42,
				audio: false,
				resolution: "4k",
				aspect: "9:16",
				orientation: "vertical",
				size: "2160x3840",
			}),
			ctx(),
		);
		expect(r.url).toBe(`${BASE}/models/veo-3.1-generate-preview:predictLongRunning`);
		expect(r.headers?.["x-goog-api-key"]).toBe(KEY);
		expect(JSON.parse(r.body as string)).toEqual({
			instances: [
				{
					prompt: "A lighthouse at dusk, slow dolly in",
					image: { bytesBase64Encoded: b64(1), mimeType: "image/png" },
					lastFrame: { bytesBase64Encoded: b64(2), mimeType: "image/png" },
				},
			],
			parameters: { aspectRatio: "9:16", durationSeconds: 8, resolution: "4k", negativePrompt: "text overlays" },
		});
	});
	it("reference images go into instances[0].referenceImages as ASSET images", () => {
		const body = JSON.parse(a.buildCreate(veo({ references: [png(3), png(4)] }), ctx()).body as string) as { instances: Array<Record<string, unknown>> };
		expect(body.instances[0]?.referenceImages).toEqual([
			{ image: { bytesBase64Encoded: b64(3), mimeType: "image/png" }, referenceType: "ASSET" },
			{ image: { bytesBase64Encoded: b64(4), mimeType: "image/png" }, referenceType: "ASSET" },
		]);
	});
	it("an operation name is polled with its slashes kept", () => {
		expect(a.buildPoll(OP, ctx()).url).toBe(`${BASE}/${OP}`);
	});
});

describe("gemini response mapping: Gemini Omni", () => {
	it("create → the interaction id, queued", () => {
		expect(a.parseCreate(res("omni_create"), ctx())).toMatchObject({ ok: true, taskId: OMNI_ID, state: { kind: "queued" } });
	});
	it("queued / in_progress", () => {
		expect(state(omniPoll("omni_queued"))).toEqual({ kind: "queued" });
		expect(state(omniPoll("omni_in_progress"))).toEqual({ kind: "running" });
	});
	it("completed with inline base64 (steps or output_video) → a data: URL with no headers", () => {
		for (const name of ["omni_completed_inline", "omni_completed_output_video"]) {
			expect(state(omniPoll(name))).toEqual({
				kind: "succeeded",
				download: { url: "data:video/mp4;base64,AAAAGGZ0eXBtcDQyAAAAAG1wNDJpc29t", headers: {} },
			});
		}
	});
	it("completed with a URI: the key only on the provider's own origin; a Files API name is resolved", () => {
		const uri = "https://generativelanguage.googleapis.com/v1beta/files/8zq1x2w3e4r5:download?alt=media";
		expect(state(omniPoll("omni_completed_uri"))).toEqual({ kind: "succeeded", download: { url: uri, headers: { "x-goog-api-key": KEY } } });
		expect(state(omniPoll("omni_completed_uri", "https://proxy.example/v1beta"))).toEqual({ kind: "succeeded", download: { url: uri, headers: {} } });
		expect(state(omniPoll("omni_completed_file_name"))).toEqual({
			kind: "succeeded",
			download: { url: `${BASE}/files/8zq1x2w3e4r5:download?alt=media`, headers: { "x-goog-api-key": KEY } },
		});
		expect(failedState(omniPoll("omni_completed_gcs")).cls).toBe("invalid");
	});
	it("completed without a video: invalid, or policy when the model says why", () => {
		expect(failedState(omniPoll("omni_completed_no_video"))).toMatchObject({ cls: "invalid" });
		const refusal = failedState(omniPoll("omni_completed_refusal"));
		expect(refusal.cls).toBe("policy");
		expect(refusal.message).toContain("safety policies");
	});
	it("failed / cancelled / incomplete", () => {
		const p = failedState(omniPoll("omni_failed_policy"));
		expect(p.cls).toBe("policy");
		expect(p.message).toMatch(/^gemini interaction failed: The request was blocked/);
		expect(failedState(omniPoll("omni_failed_internal"))).toMatchObject({ cls: "outage", code: "INTERNAL" });
		expect(failedState(omniPoll("omni_cancelled"))).toMatchObject({ cls: "invalid" });
		expect(failedState(omniPoll("omni_incomplete"))).toMatchObject({ cls: "invalid" });
	});
});

describe("gemini response mapping: Veo operations through the same provider", () => {
	it("create → the operation name; done → the nested uri with the key; RAI → policy", () => {
		expect(a.parseCreate(res("veo_create"), ctx())).toMatchObject({ ok: true, taskId: OP, state: { kind: "queued" } });
		expect(state(a.parsePoll(res("veo_done"), ctx(), OP))).toEqual({
			kind: "succeeded",
			download: { url: "https://generativelanguage.googleapis.com/v1beta/files/q1w2e3r4:download?alt=media", headers: { "x-goog-api-key": KEY } },
		});
		expect(failedState(a.parsePoll(res("veo_rai_filtered"), ctx(), OP)).cls).toBe("policy");
	});
});

describe("gemini error mapping (Google's bodies, both API styles)", () => {
	const create = (name: string) => failure(a.parseCreate(res(name), ctx()));
	const poll = (name: string) => failure(a.parsePoll(res(name), ctx(), OMNI_ID));
	it("404 'models/x is not found … or is not supported' → retired (Veo and Omni)", () => {
		expect(create("error_404_retired_veo")).toMatchObject({ cls: "retired", status: 404, code: "NOT_FOUND" });
		expect(create("error_404_retired_omni")).toMatchObject({ cls: "retired", status: 404, code: "not_found" });
		expect(poll("error_404_interaction").cls).toBe("invalid");
	});
	it("400 INVALID_ARGUMENT / invalid_request → invalid with the provider's message", () => {
		const f = create("error_400_invalid_request");
		expect(f.cls).toBe("invalid");
		expect(f.message).toBe("gemini 400: invalid_request: response_format.duration 99s: maximum allowed 10s.");
		expect(create("error_400_invalid_argument").cls).toBe("invalid");
	});
	it("a bad key (400 API_KEY_INVALID) and 403 PERMISSION_DENIED → auth; FAILED_PRECONDITION billing → quota", () => {
		expect(create("error_400_key").cls).toBe("auth");
		expect(create("error_403").cls).toBe("auth");
		expect(create("error_400_billing").cls).toBe("quota");
	});
	it("429 RESOURCE_EXHAUSTED: RetryInfo → rate with retryAfterMs; a per-day quota → quota", () => {
		expect(create("error_429_retryinfo")).toMatchObject({ cls: "rate", retryAfterMs: 37_000 });
		expect(poll("error_429_retryinfo")).toMatchObject({ cls: "rate", retryAfterMs: 37_000 });
		expect(create("error_429_per_day").cls).toBe("quota");
	});
	it("500 INTERNAL / 503 UNAVAILABLE → outage", () => {
		expect(create("error_500").cls).toBe("outage");
		expect(poll("error_503").cls).toBe("outage");
	});
	it("the key never shows in a message", () => {
		for (const name of Object.keys(F).filter((k) => k.startsWith("error_"))) expect(create(name).message).not.toContain(KEY);
	});
});

const noNetwork: HttpPort = {
	request: () => Promise.reject(new Error("no request may be made for a data: URL")),
};

describe("inline (data:) downloads", () => {
	const opts = { maxBytes: 1024 * 1024, timeoutMs: 1000, redact: createRedactor([KEY]), now: 0 };
	it("decodes the MP4 without any request", async () => {
		const mp4 = sampleMp4();
		expect(await downloadVideo(noNetwork, { url: dataUri("video/mp4", mp4), headers: {} }, opts)).toEqual({ ok: true, bytes: mp4 });
	});
	it("over the cap, not a video, not base64: final failures", async () => {
		const big = await downloadVideo(noNetwork, { url: dataUri("video/mp4", new Uint8Array(2048)), headers: {} }, { ...opts, maxBytes: 1000 });
		expect(big).toMatchObject({ ok: false, kind: "fatal" });
		expect(await downloadVideo(noNetwork, { url: dataUri("video/mp4", new TextEncoder().encode("<html>error</html>")), headers: {} }, opts)).toMatchObject({
			ok: false,
			kind: "fatal",
			message: "the inline data is an error page",
		});
		expect(decodeDataVideo("data:video/mp4;base64,@@@@", 100)).toMatchObject({ ok: false, kind: "fatal", message: "the inline video is not valid base64" });
		expect(decodeDataVideo("data:video/mp4,AAAA", 100)).toMatchObject({ ok: false, kind: "fatal", message: "the inline video is not base64 data" });
		expect(decodeDataVideo("data:video/mp4;base64,", 100)).toMatchObject({ ok: false, kind: "fatal", message: "the inline video is empty" });
	});
	it("the journal keeps no inline video", async () => {
		const files = new Map<string, string>();
		const vault = {
			read: (p: string) => Promise.resolve(files.get(p) ?? null),
			ensureFolder: () => Promise.resolve(),
			writeText: (p: string, t: string) => Promise.resolve(void files.set(p, t)),
			rename: (x: string, y: string) => Promise.resolve(void files.set(y, files.get(x) ?? "")),
		} as unknown as VaultPort;
		const j = await Journal.open(vault, "_assets/Ep", "Ep.md");
		const base = { shotId: "s1", take: 1, provider: "gemini", model: "gemini-omni-1.1-flash", promptHash: "h", outputPath: "_assets/Ep/s1.mp4" };
		await j.update("s1", 1, { status: "succeeded", videoUrl: dataUri("video/mp4", sampleMp4()), updatedAt: 1 }, base);
		expect(j.get("s1", 1)?.videoUrl).toBe("data: (inline video, not kept)");
	});
});

describe("simulator: /gemini/v1beta serves video beside the keyframe image model", () => {
	const ORIGIN = "http://sim.test";
	const setup = () => {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 60_000 } });
		return { clock, sim, c: { ...ctx(simBaseUrl(ORIGIN, "gemini")), now: clock.now() } };
	};
	it("generateContent still answers with a keyframe image", async () => {
		const { sim } = setup();
		const r = await sim.handle({
			method: "POST",
			url: `${ORIGIN}/gemini/v1beta/models/gemini-3-pro-image:generateContent`,
			headers: { "x-goog-api-key": KEY, "Content-Type": "application/json" },
			body: JSON.stringify({ contents: [{ parts: [{ text: "a keyframe" }] }] }),
		});
		expect(r.status).toBe(200);
		expect(new TextDecoder().decode(r.body)).toContain('"inlineData"');
	});
	it("a retired Veo id answers Google's 404, which the adapter reads as retired", async () => {
		const { sim, c } = setup();
		const out = a.parseCreate(await sim.handle(a.buildCreate({ ...sampleInput("gemini"), model: "veo-3.1-fast-generate-preview" }, c)), c);
		expect(failure(out)).toMatchObject({ cls: "retired", status: 404 });
		expect(failure(out).message).toContain("models/veo-3.1-fast-generate-preview is not found for API version v1beta");
	});
	it("delivers inline at 720p and by keyed URI at 1080p, as requested", async () => {
		const { sim, clock, c } = setup();
		const inline = a.parseCreate(await sim.handle(a.buildCreate(sampleInput("gemini"), c)), c);
		const byUri = a.parseCreate(await sim.handle(a.buildCreate({ ...sampleInput("gemini"), resolution: "1080p", size: "1920x1080" }, c)), c);
		if (!inline.ok || !byUri.ok) throw new Error("create failed");
		await clock.advance(61_000);
		const s1 = state(a.parsePoll(await sim.handle(a.buildPoll(inline.taskId, c)), c, inline.taskId));
		const s2 = state(a.parsePoll(await sim.handle(a.buildPoll(byUri.taskId, c)), c, byUri.taskId));
		expect(s1.kind === "succeeded" && s1.download.url.startsWith("data:video/mp4;base64,")).toBe(true);
		expect(s2).toMatchObject({ kind: "succeeded", download: { headers: { "x-goog-api-key": KEY } } });
		expect(s2.kind === "succeeded" && s2.download.url).toMatch(/\/gemini\/v1beta\/files\/[0-9a-f]+:download\?alt=media$/);
	});
	it("rejects what the docs reject: duration out of 3–10 s, a ratio other than 16:9/9:16", async () => {
		const { sim, c } = setup();
		const short = failure(a.parseCreate(await sim.handle(a.buildCreate({ ...sampleInput("gemini"), duration: 2 }, c)), c));
		expect(short).toMatchObject({ cls: "invalid", status: 400 });
		expect(short.message).toContain("minimum allowed 3s");
		const r = await sim.handle({
			method: "POST",
			url: `${ORIGIN}/gemini/v1beta/interactions`,
			headers: { "x-goog-api-key": KEY },
			body: JSON.stringify({ ...bodyOf(sampleInput("gemini")), response_format: { type: "video", aspect_ratio: "1:1" } }),
		});
		expect(r.status).toBe(400);
		expect(JSON.parse(new TextDecoder().decode(r.body))).toMatchObject({ error: { code: "invalid_request" } });
	});
	it("keeps the documented Veo rules for a Veo id that is live again", () => {
		expect(veoParamError({}, { durationSeconds: 8, resolution: "4k" })).toBeUndefined();
		expect(veoParamError({}, { durationSeconds: 6, resolution: "1080p" })).toContain("1080p resolution requires durationSeconds 8");
		expect(veoParamError({}, { durationSeconds: 4, resolution: "4k" })).toContain("4k resolution requires durationSeconds 8");
		expect(veoParamError({ image: {}, referenceImages: [{}] }, { durationSeconds: 8 })).toContain("cannot be combined");
		expect(veoParamError({ referenceImages: [{}] }, { durationSeconds: 6 })).toContain("require durationSeconds 8");
		expect(veoParamError({ lastFrame: {} }, {})).toContain("only supported together with image");
		expect(veoParamError({}, { durationSeconds: 5 })).toContain("out of bound");
	});
});
