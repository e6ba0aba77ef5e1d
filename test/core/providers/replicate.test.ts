/**
 * Replicate: request bodies per model family exactly as each model's API schema names its
 * inputs, and responses, errors and lookup from the documented shapes
 * (test/fixtures/providers/replicate.json). The simulator runs are in test/providers/replicate-sim.test.ts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getAdapter } from "../../../src/core/providers/index";
import { familyOf, outputUrl, parseModelRef, progressFromLogs, replicateAdapter } from "../../../src/core/providers/replicate";
import type { CreateOutcome, PollOutcome, ProviderContext, RemoteState, VideoJobInput } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import type { HttpRequest, HttpResponse } from "../../../src/ports/http";

interface Fixture {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

const F = JSON.parse(readFileSync(new URL("../../fixtures/providers/replicate.json", import.meta.url), "utf8")) as Record<string, Fixture>;
const KEY = "r8_test0123456789abcdefXYZ";
const BASE = "https://api.replicate.com/v1";
const NOW = Date.UTC(2026, 0, 1, 0, 5);
const ctx: ProviderContext = { baseUrl: BASE, apiKey: KEY, redact: createRedactor([KEY]), now: NOW };
const a = replicateAdapter;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function res(name: string): HttpResponse {
	const f = F[name];
	if (!f) throw new Error(`missing fixture ${name}`);
	return { status: f.status, headers: f.headers ?? { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(f.body)) };
}

function body(req: HttpRequest): unknown {
	return JSON.parse(String(req.body));
}

function job(model: string, extra: Partial<VideoJobInput> = {}): VideoJobInput {
	return {
		model,
		prompt: "A lighthouse at dusk",
		duration: 5,
		orientation: "horizontal",
		size: "1280x720",
		pro: false,
		resolution: "720p",
		aspect: "16:9",
		...extra,
	};
}

function state(p: PollOutcome | CreateOutcome): RemoteState {
	if (!p.ok) throw new Error(`expected ok, got ${p.failure.cls}: ${p.failure.message}`);
	return p.state;
}

function failedCls(p: PollOutcome): string {
	const s = state(p);
	if (s.kind !== "failed") throw new Error(`expected failed, got ${s.kind}`);
	return s.failure.cls;
}

function failure(p: PollOutcome | CreateOutcome) {
	if (p.ok) throw new Error("expected a failure");
	return p.failure;
}

describe("replicate request mapping", () => {
	it("is registered with the catalog facts", () => {
		expect(getAdapter("replicate")).toBe(replicateAdapter);
		expect(a).toMatchObject({ keyEnv: "REPLICATE_API_TOKEN", defaultBaseUrl: BASE, canLookup: true });
	});

	it("kling-v3: official model route, every control under Kling's field names, no Prefer header", () => {
		const req = a.buildCreate(
			job("kwaivgi/kling-v3-video", {
				duration: 10,
				resolution: "1080p",
				aspect: "9:16",
				reference: { kind: "url", url: "https://example.com/first.png" },
				lastFrame: { kind: "bytes", bytes: PNG, mime: "image/png", name: "last.png" },
				negativePrompt: "blur",
				audio: true,
			}),
			ctx,
		);
		expect(req.method).toBe("POST");
		expect(req.url).toBe(`${BASE}/models/kwaivgi/kling-v3-video/predictions`);
		expect(req.headers).toEqual({ Authorization: `Bearer ${KEY}`, Accept: "application/json", "Content-Type": "application/json" });
		expect(Object.keys(req.headers ?? {}).map((k) => k.toLowerCase())).not.toContain("prefer");
		expect(body(req)).toEqual({
			input: {
				prompt: "A lighthouse at dusk",
				duration: 10,
				aspect_ratio: "9:16",
				mode: "pro",
				start_image: "https://example.com/first.png",
				end_image: "data:image/png;base64,iVBORw==",
				negative_prompt: "blur",
				generate_audio: true,
			},
		});
		expect(body(a.buildCreate(job("kwaivgi/kling-v3-video"), ctx))).toEqual({
			input: { prompt: "A lighthouse at dusk", duration: 5, aspect_ratio: "16:9", mode: "standard" },
		});
	});

	it("veo-3.1: image, last_frame, reference_images, seed, resolution, generate_audio false", () => {
		const req = a.buildCreate(
			job("google/veo-3.1", {
				duration: 8,
				resolution: "1080p",
				references: [
					{ kind: "url", url: "https://example.com/a.png" },
					{ kind: "url", url: "https://example.com/b.png" },
				],
				negativePrompt: "text",
				seed: 42,
				audio: false,
			}),
			ctx,
		);
		expect(req.url).toBe(`${BASE}/models/google/veo-3.1/predictions`);
		expect(body(req)).toEqual({
			input: {
				prompt: "A lighthouse at dusk",
				duration: 8,
				aspect_ratio: "16:9",
				resolution: "1080p",
				reference_images: ["https://example.com/a.png", "https://example.com/b.png"],
				negative_prompt: "text",
				seed: 42,
				generate_audio: false,
			},
		});
		const framed = a.buildCreate(
			job("google/veo-3.1", { reference: { kind: "url", url: "https://x/1.png" }, lastFrame: { kind: "url", url: "https://x/2.png" } }),
			ctx,
		);
		expect(body(framed)).toMatchObject({ input: { image: "https://x/1.png", last_frame: "https://x/2.png" } });
	});

	it("seedance-2: image + last_frame_image, or reference_images; resolution, seed, generate_audio", () => {
		const frames = a.buildCreate(
			job("bytedance/seedance-2.0", {
				resolution: "480p",
				aspect: "21:9",
				reference: { kind: "url", url: "https://x/1.png" },
				lastFrame: { kind: "url", url: "https://x/2.png" },
				seed: 7,
				audio: false,
			}),
			ctx,
		);
		expect(frames.url).toBe(`${BASE}/models/bytedance/seedance-2.0/predictions`);
		expect(body(frames)).toEqual({
			input: {
				prompt: "A lighthouse at dusk",
				duration: 5,
				resolution: "480p",
				aspect_ratio: "21:9",
				image: "https://x/1.png",
				last_frame_image: "https://x/2.png",
				generate_audio: false,
				seed: 7,
			},
		});
		const refs = a.buildCreate(
			job("bytedance/seedance-2.0-fast", { references: [{ kind: "url", url: "https://x/r.png" }], negativePrompt: "ignored: no such input" }),
			ctx,
		);
		expect(body(refs)).toEqual({
			input: { prompt: "A lighthouse at dusk", duration: 5, resolution: "720p", aspect_ratio: "16:9", reference_images: ["https://x/r.png"] },
		});
	});

	it("hailuo: first_frame_image and resolution, no aspect_ratio field", () => {
		const req = a.buildCreate(
			job("minimax/hailuo-2.3", { duration: 6, resolution: "1080p", reference: { kind: "url", url: "https://x/1.png" }, negativePrompt: "n", seed: 1 }),
			ctx,
		);
		expect(body(req)).toEqual({ input: { prompt: "A lighthouse at dusk", duration: 6, resolution: "1080p", first_frame_image: "https://x/1.png" } });
	});

	it("any other owner/name uses the generic mapping", () => {
		const req = a.buildCreate(
			job("someone/new-video", {
				reference: { kind: "url", url: "https://x/1.png" },
				negativePrompt: "n",
				seed: 3,
				audio: true,
				lastFrame: { kind: "url", url: "https://x/2.png" },
			}),
			ctx,
		);
		expect(req.url).toBe(`${BASE}/models/someone/new-video/predictions`);
		expect(body(req)).toEqual({
			input: {
				prompt: "A lighthouse at dusk",
				duration: 5,
				aspect_ratio: "16:9",
				resolution: "720p",
				image: "https://x/1.png",
				negative_prompt: "n",
				seed: 3,
			},
		});
	});

	it("owner/name:version and a bare version id post to /predictions with {version, input}", () => {
		const v = "9dcd6d78e7c6560c340d916fe32e9f24aabfa331e5cce95fe31f77fb03121426";
		const pinned = a.buildCreate(job(`someone/new-video:${v}`), ctx);
		expect(pinned.url).toBe(`${BASE}/predictions`);
		expect(body(pinned)).toEqual({ version: v, input: { prompt: "A lighthouse at dusk", duration: 5, aspect_ratio: "16:9", resolution: "720p" } });
		expect(body(a.buildCreate(job(v), ctx))).toMatchObject({ version: v });
		// A pinned version of a catalog model keeps that model's input names.
		expect(body(a.buildCreate(job(`kwaivgi/kling-v3-video:${v}`), ctx))).toEqual({
			version: v,
			input: { prompt: "A lighthouse at dusk", duration: 5, aspect_ratio: "16:9", mode: "standard" },
		});
	});

	it("the job's family wins over the catalog; a base URL with a trailing slash is joined once", () => {
		expect(familyOf(job("someone/kling-clone", { family: "kling-v3" }))).toBe("kling-v3");
		expect(familyOf(job("google/veo-3.1"))).toBe("veo-3.1");
		expect(familyOf(job("x/y"))).toBe("generic");
		expect(a.buildCreate(job("x/y"), { ...ctx, baseUrl: `${BASE}/` }).url).toBe(`${BASE}/models/x/y/predictions`);
	});

	it("refuses an id that is neither owner/name nor a version", () => {
		expect(parseModelRef("kling")).toBeUndefined();
		expect(parseModelRef("a/b/c")).toBeUndefined();
		expect(() => a.buildCreate(job("kling"), ctx)).toThrow(/owner\/name/);
	});

	it("poll, cancel and lookup requests", () => {
		expect(a.buildPoll("gm3qorzdhgbfurvjtvhg6dckhu", ctx)).toEqual({
			method: "GET",
			url: `${BASE}/predictions/gm3qorzdhgbfurvjtvhg6dckhu`,
			headers: { Authorization: `Bearer ${KEY}`, Accept: "application/json" },
		});
		expect(a.buildCancel?.("gm3q", ctx)).toEqual({
			method: "POST",
			url: `${BASE}/predictions/gm3q/cancel`,
			headers: { Authorization: `Bearer ${KEY}`, Accept: "application/json" },
		});
		const since = Date.UTC(2026, 0, 1, 0, 1);
		expect(a.buildLookup?.(job("x/y"), ctx, since).url).toBe(
			`${BASE}/predictions?created_after=2026-01-01T00%3A00%3A00.000Z&created_before=2026-01-01T00%3A16%3A00.000Z`,
		);
	});
});

describe("replicate response mapping", () => {
	it("create answers 201 starting → queued with the prediction id", () => {
		expect(a.parseCreate(res("create_starting"), ctx)).toMatchObject({ ok: true, taskId: "gm3qorzdhgbfurvjtvhg6dckhu", state: { kind: "queued" } });
	});

	it("processing reads progress from the last tqdm line of the logs, if any", () => {
		expect(state(a.parsePoll(res("processing"), ctx, "t"))).toEqual({ kind: "running", progress: 76 });
		expect(state(a.parsePoll(res("processing_no_progress"), ctx, "t"))).toEqual({ kind: "running" });
		expect(progressFromLogs("  5%|▌         | 5/100 [00:01<00:19]\nsaving")).toBe(5);
		expect(progressFromLogs("50% done")).toBeUndefined();
	});

	it("succeeded: output URL string, no key header, expiry one hour after completion", () => {
		expect(state(a.parsePoll(res("succeeded_string"), ctx, "t"))).toEqual({
			kind: "succeeded",
			download: { url: "https://replicate.delivery/xezq/abc123/tmpvideo.mp4", headers: {}, expiresAt: Date.UTC(2026, 0, 1, 1, 4, 5) },
		});
	});

	it("succeeded: an array of URLs yields the video file", () => {
		const s = state(a.parsePoll(res("succeeded_array"), ctx, "t"));
		expect(s.kind === "succeeded" && s.download.url).toBe("https://replicate.delivery/xezq/def456/out.mp4");
		expect(outputUrl(["https://a.test/1.png"])).toBe("https://a.test/1.png");
		expect(outputUrl({ video: "https://a.test/v.mp4" })).toBe("https://a.test/v.mp4");
		expect(outputUrl("file:///etc/passwd")).toBeUndefined();
	});

	it("failed / canceled / aborted / deleted output map to classes", () => {
		expect(failedCls(a.parsePoll(res("failed_sensitive"), ctx, "t"))).toBe("policy");
		expect(failedCls(a.parsePoll(res("failed_timeout_starting"), ctx, "t"))).toBe("outage");
		expect(failedCls(a.parsePoll(res("failed_input"), ctx, "t"))).toBe("invalid");
		expect(failedCls(a.parsePoll(res("canceled"), ctx, "t"))).toBe("invalid");
		expect(failedCls(a.parsePoll(res("aborted"), ctx, "t"))).toBe("outage");
		expect(failedCls(a.parsePoll(res("succeeded_removed"), ctx, "t"))).toBe("invalid");
	});

	it("errors: 401 auth, 402 quota, 422 invalid naming the field, unknown model / version retired", () => {
		expect(failure(a.parseCreate(res("error_401"), ctx))).toMatchObject({ cls: "auth", status: 401 });
		const q = failure(a.parseCreate(res("error_402"), ctx));
		expect(q.cls).toBe("quota");
		expect(q.message).toMatch(/^replicate 402: Insufficient credit: You have insufficient credit/);
		const v = failure(a.parseCreate(res("error_422_validation"), ctx));
		expect(v).toMatchObject({ cls: "invalid", status: 422, code: "Input validation failed" });
		expect(v.message).toContain("input.duration: Must be less than or equal to 15");
		expect(failure(a.parseCreate(res("error_422_required"), ctx)).cls).toBe("invalid");
		expect(failure(a.parseCreate(res("error_404_model"), ctx))).toMatchObject({ cls: "retired", status: 404 });
		expect(failure(a.parseCreate(res("error_422_version"), ctx)).cls).toBe("retired");
		// A 404 on a poll is an unknown prediction id, not a retired model.
		expect(failure(a.parsePoll(res("error_404_model"), ctx, "t")).cls).not.toBe("retired");
	});

	it("429: body retry_after counts as Retry-After; the header wins; a poll 429 is rate", () => {
		const r = failure(a.parseCreate(res("error_429_body_retry_after"), ctx));
		expect(r).toMatchObject({ cls: "rate", status: 429, retryAfterMs: 10_000 });
		const created = a.parseCreate(res("error_429_body_retry_after"), ctx);
		expect(created.meta.retryAfterMs).toBe(10_000);
		expect(failure(a.parseCreate(res("error_429_low_credit"), ctx))).toMatchObject({ cls: "rate", retryAfterMs: 5_000 });
		expect(failure(a.parsePoll(res("error_429_body_retry_after"), ctx, "t")).cls).toBe("rate");
	});

	it("never leaks the key from an echoed error", () => {
		const leaky: HttpResponse = {
			status: 422,
			headers: {},
			body: new TextEncoder().encode(JSON.stringify({ detail: `bad token ${KEY} Authorization: Bearer ${KEY}`, status: 422 })),
		};
		expect(failure(a.parseCreate(leaky, ctx)).message).not.toContain(KEY);
	});
});

describe("replicate lookup", () => {
	const since = Date.UTC(2026, 0, 1, 0, 0, 20);
	const input = job("kwaivgi/kling-v3-video", { prompt: "A lighthouse" });

	it("finds the oldest unclaimed API prediction of the same model and prompt in the window", () => {
		expect(a.parseLookup?.(res("list"), input, ctx, since, new Set(["p-claimed"]))).toMatchObject({ found: true, taskId: "p-match" });
		expect(a.parseLookup?.(res("list"), input, ctx, since, new Set())).toMatchObject({ found: true, taskId: "p-claimed" });
		// Only the newest remains, and it is inside the window.
		expect(a.parseLookup?.(res("list"), input, ctx, since, new Set(["p-claimed", "p-match"]))).toMatchObject({ found: true, taskId: "p-newest" });
		expect(a.parseLookup?.(res("list"), input, ctx, since, new Set(["p-claimed", "p-match", "p-newest"]))).toMatchObject({ found: false });
	});

	it("a full page with more behind it is 'cannot tell', never 'absent'", () => {
		const o = a.parseLookup?.(res("list_more"), input, ctx, since, new Set());
		expect(o?.found).toBe("error");
	});

	it("a version id matches on the version", () => {
		const v = "9dcd6d78e7c6560c340d916fe32e9f24aabfa331e5cce95fe31f77fb03121426";
		const list: HttpResponse = {
			status: 200,
			headers: {},
			body: new TextEncoder().encode(
				JSON.stringify({
					next: null,
					results: [
						{
							id: "other-version",
							model: "someone/m",
							version: "0".repeat(64),
							input: { prompt: "A lighthouse" },
							created_at: "2026-01-01T00:00:30Z",
							status: "starting",
						},
						{
							id: "pinned",
							model: "someone/m",
							version: v,
							input: { prompt: "A lighthouse" },
							created_at: "2026-01-01T00:00:31Z",
							status: "starting",
						},
					],
				}),
			),
		};
		expect(a.parseLookup?.(list, { ...input, model: `someone/m:${v}` }, ctx, since, new Set())).toMatchObject({ found: true, taskId: "pinned" });
	});

	it("errors are reported as errors", () => {
		expect(a.parseLookup?.(res("error_401"), input, ctx, since, new Set())).toMatchObject({ found: "error", failure: { cls: "auth" } });
	});
});
