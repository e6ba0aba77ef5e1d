/**
 * Kling AI direct: the JWT (claims, signature against fixed vectors), request
 * mapping of every neutral control to the documented bodies, and response mapping
 * from the documented examples (each status, each error code of the table, retired,
 * lookup by external_task_id). Fixtures: test/fixtures/providers/kling.json.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getAdapter } from "../../../src/core/providers/index";
import { base64Url, decodeJwt, fromBase64Url, signHs256, verifyHs256 } from "../../../src/core/providers/jwt";
import { externalIdPrefix, externalTaskId, klingCodeClass, klingToken, splitTaskId, TOKEN_TTL_S } from "../../../src/core/providers/kling";
import type { FailureClass, ProviderContext, VideoJobInput } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import { hmacSha256 } from "../../../src/core/run/sigv4";
import type { HttpRequest, HttpResponse } from "../../../src/ports/http";
import { sampleInput } from "../../../src/sim/samples";

const AK = "AKtest0123456789";
const SK = "SKtest-secret-abcdef";
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const BASE = "https://api-singapore.klingai.com";
const a = getAdapter("kling");

interface Fixture {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}
const FX = JSON.parse(readFileSync(new URL("../../fixtures/providers/kling.json", import.meta.url), "utf8")) as Record<string, Fixture>;

function res(name: string): HttpResponse {
	const f = FX[name];
	if (!f) throw new Error(`missing fixture ${name}`);
	return { status: f.status, headers: f.headers ?? { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(f.body)) };
}

function ctx(over: Partial<ProviderContext> = {}): ProviderContext {
	return { baseUrl: BASE, apiKey: AK, secondKey: SK, redact: createRedactor([AK, SK]), now: NOW, ...over };
}

const input = (over: Partial<VideoJobInput> = {}): VideoJobInput => ({ ...sampleInput("kling", "A lighthouse at dusk"), ...over });
const body = (r: HttpRequest): Record<string, unknown> => JSON.parse(String(r.body)) as Record<string, unknown>;
const token = (r: HttpRequest): string => (r.headers?.Authorization ?? "").replace(/^Bearer /, "");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("kling JWT", () => {
	it("HMAC-SHA256 matches RFC 4231 (short key, and a key longer than a block)", () => {
		const enc = new TextEncoder();
		expect(hex(hmacSha256(enc.encode("Jefe"), enc.encode("what do ya want for nothing?")))).toBe(
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		);
		const long = new Uint8Array(131).fill(0xaa);
		expect(hex(hmacSha256(long, enc.encode("Test Using Larger Than Block-Size Key - Hash Key First")))).toBe(
			"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
		);
	});

	it("signs the documented claims into a fixed, known token (PyJWT's header, node:crypto's signature)", () => {
		const t = Math.floor(NOW / 1000);
		const jwt = klingToken(AK, SK, NOW);
		expect(jwt).toBe(
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBS3Rlc3QwMTIzNDU2Nzg5IiwiZXhwIjoxNzk2MzAxMDAwLCJuYmYiOjE3OTYyOTkxOTV9.P5rZUt3f3mBdLWA8GHV4n3rSa-J9IeqeXLayS8vkhbQ",
		);
		const d = decodeJwt(jwt);
		expect(d?.header).toEqual({ alg: "HS256", typ: "JWT" });
		expect(d?.payload).toEqual({ iss: AK, exp: t + 1800, nbf: t - 5 });
		expect(Object.keys(d?.payload ?? {})).toEqual(["iss", "exp", "nbf"]);
		expect(TOKEN_TTL_S).toBe(1800);
		const [h, p, s] = jwt.split(".");
		expect(s).toBe(createHmac("sha256", SK).update(`${h}.${p}`).digest("base64url"));
	});

	it("verifies with the secret only, and refuses other algorithms", () => {
		const d = decodeJwt(klingToken(AK, SK, NOW));
		if (!d) throw new Error("not a JWT");
		expect(verifyHs256(d, SK)).toBe(true);
		expect(verifyHs256(d, "SKother")).toBe(false);
		expect(verifyHs256({ ...d, header: { alg: "none" } }, SK)).toBe(false);
		expect(decodeJwt("a.b")).toBeUndefined();
		expect(decodeJwt("eyJ.eyJ.x")).toBeUndefined();
		expect(fromBase64Url("a")).toBeUndefined();
		expect(base64Url(new Uint8Array([251, 255]))).toBe("-_8");
		expect(signHs256({}, "k").split(".")).toHaveLength(3);
	});

	it("a fresh token per request from ctx.now: create and poll, 30 min apart, carry different windows", () => {
		const t1 = token(a.buildCreate(input(), ctx()));
		const t2 = token(a.buildPoll("text2video:1", ctx({ now: NOW + 31 * 60_000 })));
		const p1 = decodeJwt(t1)?.payload;
		const p2 = decodeJwt(t2)?.payload;
		expect(p1?.exp).toBe(Math.floor(NOW / 1000) + 1800);
		expect(p2?.nbf).toBe(Math.floor(NOW / 1000) + 31 * 60 - 5);
		expect(Number(p2?.nbf)).toBeGreaterThan(Number(p1?.exp) - 1800);
		expect(token(a.buildLookup?.(input(), ctx(), NOW) ?? { method: "GET", url: "" })).toBe(t1);
	});

	it("without a secret key the access-key variable is sent as a Kling API key", () => {
		const r = a.buildCreate(input(), ctx({ secondKey: undefined }));
		expect(r.headers?.Authorization).toBe(`Bearer ${AK}`);
	});
});

describe("kling request mapping", () => {
	it("text2video: the documented body, exactly", () => {
		const r = a.buildCreate(input(), ctx());
		expect(r.method).toBe("POST");
		expect(r.url).toBe(`${BASE}/v1/videos/text2video`);
		expect(r.headers?.["Content-Type"]).toBe("application/json");
		expect(body(r)).toEqual({
			model_name: "kling-v3",
			aspect_ratio: "16:9",
			prompt: "A lighthouse at dusk",
			mode: "std",
			duration: "5",
			external_task_id: externalTaskId(input(), NOW),
		});
		expect(String(body(r).external_task_id)).toMatch(/^cft-[0-9a-f]{16}-[0-9a-z]+$/);
	});

	it("maps pro, 1080p, sound, negative prompt, aspect and duration; never sends a seed or cfg_scale", () => {
		const b = body(a.buildCreate(input({ pro: true, audio: true, negativePrompt: "blur", aspect: "9:16", duration: 12, seed: 7 }), ctx()));
		expect(b).toMatchObject({ mode: "pro", sound: "on", negative_prompt: "blur", aspect_ratio: "9:16", duration: "12" });
		expect(b).not.toHaveProperty("seed");
		expect(b).not.toHaveProperty("cfg_scale");
		expect(body(a.buildCreate(input({ resolution: "1080p" }), ctx())).mode).toBe("pro");
		expect(body(a.buildCreate(input({ audio: false, aspect: "1:1" }), ctx()))).toMatchObject({ sound: "off", aspect_ratio: "1:1", mode: "std" });
		expect(body(a.buildCreate(input(), ctx()))).not.toHaveProperty("sound");
	});

	it("image2video: first frame → image, last frame → image_tail; bytes as raw Base64; no aspect_ratio", () => {
		const png = new Uint8Array([137, 80, 78, 71]);
		const r = a.buildCreate(
			input({ reference: { kind: "bytes", bytes: png, mime: "image/png", name: "a.png" }, lastFrame: { kind: "url", url: "https://x.test/end.png" } }),
			ctx(),
		);
		expect(r.url).toBe(`${BASE}/v1/videos/image2video`);
		const b = body(r);
		expect(b).toMatchObject({
			model_name: "kling-v3",
			image: "iVBORw==",
			image_tail: "https://x.test/end.png",
			prompt: "A lighthouse at dusk",
			mode: "std",
			duration: "5",
		});
		expect(b).not.toHaveProperty("aspect_ratio");
		expect(String(b.external_task_id)).toMatch(/^cfi-/);
		const tailOnly = body(a.buildCreate(input({ lastFrame: { kind: "url", url: "https://x.test/end.png" } }), ctx()));
		expect(tailOnly).not.toHaveProperty("image");
		expect(tailOnly.image_tail).toBe("https://x.test/end.png");
	});

	it("omni-video: references then typed frames in image_list, named in the prompt; aspect only without a first frame", () => {
		const refs = [
			{ kind: "url" as const, url: "https://x.test/r1.png" },
			{ kind: "url" as const, url: "https://x.test/r2.png" },
		];
		const r = a.buildCreate(input({ model: "kling-v3-omni", references: refs, negativePrompt: "blur" }), ctx());
		expect(r.url).toBe(`${BASE}/v1/videos/omni-video`);
		expect(body(r)).toEqual({
			model_name: "kling-v3-omni",
			prompt: "A lighthouse at dusk\nReference images: <<<image_1>>>, <<<image_2>>>",
			image_list: [{ image_url: "https://x.test/r1.png" }, { image_url: "https://x.test/r2.png" }],
			mode: "std",
			duration: "5",
			external_task_id: externalTaskId(input({ model: "kling-v3-omni", references: refs, negativePrompt: "blur" }), NOW),
			aspect_ratio: "16:9",
		});
		const framed = body(
			a.buildCreate(
				input({
					model: "kling-v3-omni",
					reference: { kind: "url", url: "https://x.test/f.png" },
					lastFrame: { kind: "url", url: "https://x.test/l.png" },
				}),
				ctx(),
			),
		);
		expect(framed.image_list).toEqual([
			{ image_url: "https://x.test/f.png", type: "first_frame" },
			{ image_url: "https://x.test/l.png", type: "end_frame" },
		]);
		expect(framed).not.toHaveProperty("aspect_ratio");
		const named = body(a.buildCreate(input({ model: "kling-v3-omni", prompt: "<<<image_1>>> waves", references: refs.slice(0, 1) }), ctx()));
		expect(named.prompt).toBe("<<<image_1>>> waves");
	});

	it("external_task_id: one prefix per job input, unique per submit", () => {
		expect(externalTaskId(input(), NOW)).not.toBe(externalTaskId(input(), NOW + 1));
		expect(externalTaskId(input(), NOW).startsWith(externalIdPrefix(input()))).toBe(true);
		expect(externalIdPrefix(input({ prompt: "other" }))).not.toBe(externalIdPrefix(input()));
		expect(externalIdPrefix(input({ pro: true }))).not.toBe(externalIdPrefix(input()));
	});

	it("polls and lists on the task's own endpoint", () => {
		expect(a.buildPoll("image2video:8312", ctx()).url).toBe(`${BASE}/v1/videos/image2video/8312`);
		expect(a.buildPoll("omni-video:77", ctx()).url).toBe(`${BASE}/v1/videos/omni-video/77`);
		expect(a.buildPoll("8312", ctx()).url).toBe(`${BASE}/v1/videos/text2video/8312`);
		expect(splitTaskId("a/b")).toEqual({ endpoint: "text2video", id: "a/b" });
		expect(a.buildPoll("text2video:a/b", ctx()).url).toBe(`${BASE}/v1/videos/text2video/a%2Fb`);
		expect(a.buildLookup?.(input({ reference: { kind: "url", url: "https://x.test/a.png" } }), ctx(), NOW).url).toBe(
			`${BASE}/v1/videos/image2video?pageNum=1&pageSize=500`,
		);
	});
});

describe("kling response mapping (documented examples)", () => {
	it("create: the endpoint comes back through the external_task_id echo", () => {
		const c = a.parseCreate(res("create"), ctx());
		expect(c).toMatchObject({ ok: true, taskId: "text2video:867283741759111202", state: { kind: "queued" } });
		expect(c.meta.requestId).toBe("c0656403-1e6e-4b7e-b8f8-2cdd2595f2b9");
		expect(a.parseCreate(res("create_i2v"), ctx())).toMatchObject({ ok: true, taskId: "image2video:831922345719271433" });
		// No echo (not documented, but seen without an external id): text2video, the default.
		expect(a.parseCreate(res("create_no_echo"), ctx())).toMatchObject({ ok: true, taskId: "text2video:831922345719271433" });
	});

	it("poll: submitted → queued, processing → running, succeed → the video URL, failed risk control → policy", () => {
		expect(a.parsePoll(res("submitted"), ctx(), "text2video:1")).toMatchObject({ ok: true, state: { kind: "queued" } });
		expect(a.parsePoll(res("processing"), ctx(), "text2video:1")).toMatchObject({ ok: true, state: { kind: "running" } });
		const ok = a.parsePoll(res("succeed"), ctx(), "text2video:1");
		expect(ok.ok && ok.state.kind === "succeeded" && ok.state.download.url).toMatch(/^https:\/\/v15-kling\.klingai\.com\/.+\.mp4/);
		if (ok.ok && ok.state.kind === "succeeded") expect(ok.state.download.headers).toEqual({});
		const failed = a.parsePoll(res("failed"), ctx(), "text2video:1");
		expect(failed.ok && failed.state.kind === "failed" && failed.state.failure.cls).toBe("policy");
		const noUrl = a.parsePoll(
			{
				...res("succeed"),
				body: new TextEncoder().encode(JSON.stringify({ code: 0, data: { task_id: "1", task_status: "succeed", task_result: { videos: [] } } })),
			},
			ctx(),
			"text2video:1",
		);
		expect(noUrl).toMatchObject({ ok: false, failure: { cls: "outage" } });
	});

	const ERRORS: Array<[string, FailureClass, FailureClass]> = [
		["auth_1000", "auth", "auth"],
		["auth_1002", "auth", "auth"],
		["auth_1004", "auth", "auth"],
		["quota_1102", "quota", "quota"],
		["forbidden_1103", "auth", "auth"],
		["invalid_1201", "invalid", "invalid"],
		["model_1203", "retired", "invalid"],
		["policy_1301", "policy", "policy"],
		["rate_1302", "rate", "rate"],
		["capacity_1303", "capacity", "rate"],
		["server_5000", "outage", "outage"],
		["maintenance_5001", "outage", "outage"],
	];
	it.each(ERRORS)("%s → %s on create, %s on poll", (name, onCreate, onPoll) => {
		const c = a.parseCreate(res(name), ctx());
		const p = a.parsePoll(res(name), ctx(), "text2video:1");
		expect(c.ok || c.failure.cls).toBe(onCreate);
		expect(p.ok || p.failure.cls).toBe(onPoll);
		const code = (FX[name]?.body as { code: number }).code;
		if (!c.ok) {
			expect(c.failure.code).toBe(String(code));
			expect(c.failure.message).toContain(`kling ${FX[name]?.status}`);
			expect(c.failure.message).toContain(`(code ${code})`);
		}
	});

	it("Retry-After on a 1302 becomes retryAfterMs; the clock hint comes with 1004", () => {
		const r = a.parseCreate(res("rate_1302"), ctx());
		expect(!r.ok && r.failure.retryAfterMs).toBe(20_000);
		const e = a.parseCreate(res("auth_1004"), ctx());
		expect(!e.ok && e.failure.message).toMatch(/clock/);
		const noSecret = a.parseCreate(res("auth_1002"), ctx({ secondKey: undefined }));
		expect(!noSecret.ok && noSecret.failure.message).toMatch(/no secret key is set/);
	});

	it("every documented code has its class", () => {
		const table: Array<[number, FailureClass]> = [
			[1000, "auth"],
			[1001, "auth"],
			[1002, "auth"],
			[1003, "auth"],
			[1004, "auth"],
			[1100, "quota"],
			[1101, "quota"],
			[1102, "quota"],
			[1103, "auth"],
			[1200, "invalid"],
			[1201, "invalid"],
			[1202, "invalid"],
			[1203, "invalid"],
			[1300, "policy"],
			[1301, "policy"],
			[1302, "rate"],
			[1303, "capacity"],
			[1304, "auth"],
			[5000, "outage"],
			[5001, "outage"],
			[5002, "outage"],
		];
		for (const [code, cls] of table) expect(klingCodeClass(code, "create", "x"), String(code)).toBe(cls);
		expect(klingCodeClass(1203, "create", "The requested model does not exist: kling-v9")).toBe("retired");
		expect(klingCodeClass(1201, "create", "model kling-v1-9 is not supported")).toBe("retired");
		expect(klingCodeClass(1303, "poll", "x")).toBe("rate");
		expect(klingCodeClass(4242, "create", "x")).toBeUndefined();
	});

	it("a non-zero code inside a 200, HTML gateways and a bad shape are failures, never throws", () => {
		const in200 = a.parseCreate({ status: 200, headers: {}, body: new TextEncoder().encode('{"code":1201,"message":"bad duration"}') }, ctx());
		expect(in200).toMatchObject({ ok: false, failure: { cls: "invalid" } });
		expect(!in200.ok && in200.failure.message).toMatch(/^kling code 1201/);
		const html = a.parsePoll({ status: 502, headers: { "content-type": "text/html" }, body: new TextEncoder().encode("<html>502</html>") }, ctx(), "1");
		expect(html).toMatchObject({ ok: false, failure: { cls: "outage" } });
		const shape = a.parseCreate({ status: 200, headers: {}, body: new TextEncoder().encode('{"code":0,"data":{}}') }, ctx());
		expect(shape).toMatchObject({ ok: false, failure: { cls: "invalid" } });
	});

	it("lookup: finds the earliest unclaimed task whose external_task_id is this job's, at or after the create", () => {
		const mk = (id: string, ext: string) => ({ task_id: id, task_status: "processing", task_info: { external_task_id: ext } });
		const since = NOW;
		const list = (items: unknown[]): HttpResponse => ({
			status: 200,
			headers: {},
			body: new TextEncoder().encode(JSON.stringify({ code: 0, message: "SUCCEED", data: items })),
		});
		const lookup = (r: HttpResponse, exclude = new Set<string>()) => a.parseLookup?.(r, input(), ctx(), since, exclude);
		const items = [
			mk("3", externalTaskId(input(), since + 900)),
			mk("2", externalTaskId(input(), since + 100)),
			mk("1", externalTaskId(input(), since - 120_000)),
			mk("9", externalTaskId(input({ prompt: "x" }), since)),
		];
		expect(lookup(list(items))).toMatchObject({ found: true, taskId: "text2video:2" });
		expect(lookup(list(items), new Set(["text2video:2"]))).toMatchObject({ found: true, taskId: "text2video:3" });
		expect(lookup(list(items.slice(2)))).toMatchObject({ found: false });
		expect(lookup(res("list"))).toMatchObject({ found: false });
		expect(lookup(res("capacity_1303"))).toMatchObject({ found: "error", failure: { cls: "rate" } });
		expect(lookup(res("create"))).toMatchObject({ found: "error", failure: { cls: "invalid" } });
	});

	it("a task id carrying either key is refused", () => {
		const echo = (id: string) => ({
			status: 200,
			headers: {},
			body: new TextEncoder().encode(JSON.stringify({ code: 0, data: { task_id: id, task_status: "submitted" } })),
		});
		expect(a.parseCreate(echo(`x${SK}`), ctx())).toMatchObject({ ok: false, failure: { cls: "invalid" } });
		expect(a.parseCreate(echo(`x${AK}`), ctx())).toMatchObject({ ok: false, failure: { cls: "invalid" } });
		const bad = a.parseCreate(echo(`x${SK}`), ctx());
		expect(bad.ok || bad.failure.message).not.toContain(SK);
	});
});
