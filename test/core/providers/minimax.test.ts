/**
 * MiniMax Hailuo adapter: the documented request bodies built exactly from the neutral
 * controls, and the documented answers (fixtures in test/fixtures/providers/minimax.json,
 * sourced from platform.minimax.io) mapped to states and failure classes — including
 * errors that arrive as HTTP 200 with a base_resp code, and the two-step result
 * (query → file_id → files/retrieve → signed download_url).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getProviderInfo } from "../../../src/core/providers/catalog";
import { getAdapter } from "../../../src/core/providers/index";
import type { CreateOutcome, Failure, PollOutcome, ProviderContext, ReferenceInput, RemoteState, VideoJobInput } from "../../../src/core/providers/types";
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

const F = JSON.parse(readFileSync(new URL("../../fixtures/providers/minimax.json", import.meta.url), "utf8")) as Record<string, Fixture>;
const KEY = "sk-minimax-test-0123456789abcdef";
const NOW = Date.UTC(2026, 11, 3);
const a = getAdapter("minimax");
const BASE = "https://api.minimax.io/v1";

function ctx(baseUrl = BASE): ProviderContext {
	return { baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: NOW };
}

function res(f: Fixture | undefined, headers: Record<string, string> = {}): HttpResponse {
	if (!f) throw new Error("missing fixture");
	return {
		status: f.status,
		headers: { "content-type": "application/json", ...(f.headers ?? {}), ...headers },
		body: new TextEncoder().encode(JSON.stringify(f.body)),
	};
}

function raw(status: number, text: string, headers: Record<string, string> = { "content-type": "application/json" }): HttpResponse {
	return { status, headers, body: new TextEncoder().encode(text) };
}

function bodyOf(req: HttpRequest): unknown {
	return JSON.parse(String(req.body));
}

function state(p: PollOutcome): RemoteState {
	if (!p.ok) throw new Error(`expected a state, got ${p.failure.cls}: ${p.failure.message}`);
	return p.state;
}

function failure(p: PollOutcome | CreateOutcome): Failure {
	if (p.ok) throw new Error("expected a failure");
	return p.failure;
}

function failed(p: PollOutcome): Failure {
	const s = state(p);
	if (s.kind !== "failed") throw new Error(`expected failed, got ${s.kind}`);
	return s.failure;
}

const T2V: VideoJobInput = { ...sampleInput("minimax", "A lighthouse at dusk [Push in]") };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe("minimax catalog", () => {
	it("lists the live v1 models with their documented shapes", () => {
		const info = getProviderInfo("minimax");
		expect(info).toMatchObject({ label: "MiniMax Hailuo", keyEnv: "MINIMAX_API_KEY", defaultBaseUrl: BASE, defaultModel: "MiniMax-Hailuo-2.3" });
		const ids = info?.models.map((m) => m.id);
		expect(ids).toEqual(["MiniMax-Hailuo-2.3", "MiniMax-Hailuo-2.3-Fast", "MiniMax-Hailuo-02", "S2V-01"]);
		const h23 = info?.models[0];
		expect(h23?.caps.durationsByResolution).toEqual({ "1080p": [6], "768p": [6, 10] });
		expect(h23?.sizes.horizontal).toEqual(["1366x768", "1920x1080"]);
		expect(info?.models[1]?.caps.imageRequired).toBe(true);
		expect(info?.models.filter((m) => m.caps.lastFrame).map((m) => m.id)).toEqual(["MiniMax-Hailuo-02"]);
		for (const m of info?.models ?? []) {
			expect(m.lifecycle.verified).toBe("2026-12-03");
			expect(m.lifecycle.source).toMatch(/^https:\/\/platform\.minimax\.io\//);
		}
	});
});

describe("minimax request mapping", () => {
	it("text to video: the documented body, prompt sent as written, Bearer auth", () => {
		const req = a.buildCreate(T2V, ctx());
		expect(req.method).toBe("POST");
		expect(req.url).toBe(`${BASE}/video_generation`);
		expect(req.headers).toMatchObject({ Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" });
		expect(req.body).toBe(
			JSON.stringify({ model: "MiniMax-Hailuo-2.3", prompt: "A lighthouse at dusk [Push in]", prompt_optimizer: false, duration: 6, resolution: "768P" }),
		);
	});

	it("1080P at 6 s, 768P at 10 s; controls MiniMax has no field for are not sent", () => {
		const hd = bodyOf(a.buildCreate({ ...T2V, resolution: "1080p", size: "1920x1080", seed: 7, negativePrompt: "blur", audio: true }, ctx()));
		expect(hd).toEqual({ model: "MiniMax-Hailuo-2.3", prompt: T2V.prompt, prompt_optimizer: false, duration: 6, resolution: "1080P" });
		expect(bodyOf(a.buildCreate({ ...T2V, duration: 10 }, ctx()))).toMatchObject({ duration: 10, resolution: "768P" });
	});

	it("first frame as a URL or as a base64 data URL; last frame (Hailuo-02)", () => {
		const url = bodyOf(a.buildCreate({ ...T2V, model: "MiniMax-Hailuo-2.3-Fast", reference: { kind: "url", url: "https://cdn.example/f.jpg" } }, ctx()));
		expect(url).toMatchObject({ model: "MiniMax-Hailuo-2.3-Fast", first_frame_image: "https://cdn.example/f.jpg" });
		const fl = bodyOf(
			a.buildCreate(
				{
					...T2V,
					model: "MiniMax-Hailuo-02",
					reference: { kind: "bytes", bytes: PNG, mime: "image/png", name: "a.png" },
					lastFrame: { kind: "url", url: "https://cdn.example/l.png" },
				},
				ctx(),
			),
		);
		expect(fl).toEqual({
			model: "MiniMax-Hailuo-02",
			prompt: T2V.prompt,
			prompt_optimizer: false,
			duration: 6,
			resolution: "768P",
			first_frame_image: "data:image/png;base64,iVBORw==",
			last_frame_image: "https://cdn.example/l.png",
		});
	});

	it("S2V-01: one subject reference; the 01 series takes no duration or resolution", () => {
		const body = bodyOf(
			a.buildCreate({ ...T2V, model: "S2V-01", resolution: "720p", references: [{ kind: "url", url: "https://cdn.example/face.jpg" }] }, ctx()),
		);
		expect(body).toEqual({
			model: "S2V-01",
			prompt: T2V.prompt,
			prompt_optimizer: false,
			subject_reference: [{ type: "character", image: ["https://cdn.example/face.jpg"] }],
		});
		const two = {
			...T2V,
			model: "S2V-01",
			references: [
				{ kind: "url" as const, url: "https://x/1.jpg" },
				{ kind: "url" as const, url: "https://x/2.jpg" },
			],
		};
		expect(() => a.buildCreate(two, ctx())).toThrow(/one subject reference/);
	});

	it("a host without /v1 (as the docs write it, and the China host) gets /v1 once", () => {
		expect(a.buildCreate(T2V, ctx("https://api.minimaxi.com")).url).toBe("https://api.minimaxi.com/v1/video_generation");
		expect(a.buildCreate(T2V, ctx("https://api.minimaxi.com/v1/")).url).toBe("https://api.minimaxi.com/v1/video_generation");
	});

	it("query by task_id, then the file by file_id — both keyed GETs on the API host", () => {
		const poll = a.buildPoll("106916112212032", ctx());
		expect(poll).toMatchObject({
			method: "GET",
			url: `${BASE}/query/video_generation?task_id=106916112212032`,
			headers: { Authorization: `Bearer ${KEY}` },
		});
		expect(a.buildPoll("a&b", ctx()).url).toBe(`${BASE}/query/video_generation?task_id=a%26b`);
		const get = a.buildResult?.("106916112212032", "176844028768320", ctx());
		expect(get).toMatchObject({ method: "GET", url: `${BASE}/files/retrieve?file_id=176844028768320`, headers: { Authorization: `Bearer ${KEY}` } });
		expect(a.canLookup).toBe(false);
	});
});

describe("minimax response mapping", () => {
	it("create → task id, queued", () => {
		expect(a.parseCreate(res(F.create_ok), ctx())).toMatchObject({ ok: true, taskId: "106916112212032", state: { kind: "queued" } });
	});

	it("a file_id given as a number beyond 2^53 keeps every digit; a task_id must be the documented string", () => {
		expect(failure(a.parseCreate(raw(200, '{"task_id":106916112212032,"base_resp":{"status_code":0}}'), ctx())).cls).toBe("invalid");
		const p = a.parsePoll(raw(200, '{"task_id":"1","status":"Success","file_id":987654321987654321,"base_resp":{"status_code":0}}'), ctx(), "1");
		expect(state(p)).toEqual({ kind: "fetch", ref: "987654321987654321" });
	});

	it("Preparing / Queueing → queued, Processing → running, Success → fetch its file", () => {
		expect(state(a.parsePoll(res(F.query_preparing), ctx(), "t"))).toEqual({ kind: "queued" });
		expect(state(a.parsePoll(res(F.query_queueing), ctx(), "t"))).toEqual({ kind: "queued" });
		expect(state(a.parsePoll(res(F.query_processing), ctx(), "t"))).toEqual({ kind: "running" });
		expect(state(a.parsePoll(res(F.query_success), ctx(), "t"))).toEqual({ kind: "fetch", ref: "176844028768320" });
		// A status the docs do not list yet keeps the task polling.
		expect(state(a.parsePoll(raw(200, '{"task_id":"t","status":"Rendering","base_resp":{"status_code":0}}'), ctx(), "t"))).toEqual({ kind: "running" });
	});

	it("Success without a file_id yet is a retryable outage, not a download", () => {
		const f = failure(a.parsePoll(raw(200, '{"task_id":"t","status":"Success","base_resp":{"status_code":0}}'), ctx(), "t"));
		expect(f.cls).toBe("outage");
		expect(f.message).toMatch(/no file_id/);
	});

	it("Fail: 1027 (generated video sensitive) → policy; no reason → invalid; Unknown → failed", () => {
		const p = failed(a.parsePoll(res(F.query_fail_output_sensitive), ctx(), "t"));
		expect(p).toMatchObject({ cls: "policy", code: "1027" });
		expect(p.message).toContain("output new_sensitive");
		expect(failed(a.parsePoll(res(F.query_fail), ctx(), "t"))).toMatchObject({ cls: "invalid" });
		expect(failed(a.parsePoll(raw(200, '{"task_id":"t","status":"Unknown","base_resp":{"status_code":0}}'), ctx(), "t")).message).toMatch(/task unknown/);
		// 1026 reported on the task itself (no status) is the task's failure too.
		expect(failed(a.parsePoll(res(F.code_1026_input_sensitive), ctx(), "t")).cls).toBe("policy");
	});

	it("files/retrieve → the signed download_url, no key attached, expiry from the URL", () => {
		const s = state(a.parseResult?.(res(F.retrieve_ok), ctx(), "t") ?? failedResult());
		expect(s.kind).toBe("succeeded");
		if (s.kind !== "succeeded") return;
		expect(s.download.url).toMatch(/^https:\/\/public-cdn-video-data-algeng\.oss-cn-wulanchabu\.aliyuncs\.com\//);
		expect(s.download.headers).toEqual({});
		expect(s.download.expiresAt).toBe(1764792000 * 1000);
	});

	it("a download_url without its own expiry is treated as valid for one hour; none or a non-URL is a failure", () => {
		const plain = a.parseResult?.(raw(200, '{"file":{"file_id":1,"download_url":"https://cdn.example/v.mp4"},"base_resp":{"status_code":0}}'), ctx(), "t");
		const s = state(plain ?? failedResult());
		expect(s.kind === "succeeded" && s.download.expiresAt).toBe(NOW + 3600_000);
		expect(failure(a.parseResult?.(raw(200, '{"file":{"file_id":1},"base_resp":{"status_code":0}}'), ctx(), "t") ?? failedResult()).cls).toBe("outage");
		// The docs' own example: a placeholder that is no URL.
		const f = failure(
			a.parseResult?.(raw(200, '{"file":{"file_id":1,"download_url":"www.downloadurl.com"},"base_resp":{"status_code":0}}'), ctx(), "t") ??
				failedResult(),
		);
		expect(f.cls).toBe("invalid");
		expect(failure(a.parseResult?.(res(F.code_1004_auth), ctx(), "t") ?? failedResult()).cls).toBe("auth");
	});
});

/** A stand-in when the adapter has no parseResult (the assertions then fail). */
function failedResult(): PollOutcome {
	return { ok: false, failure: { cls: "invalid", message: "no parseResult" }, meta: { status: 0 } };
}

describe("minimax base_resp codes (HTTP 200) and HTTP errors", () => {
	const create = (f: Fixture | undefined, headers: Record<string, string> = {}) => failure(a.parseCreate(res(f, headers), ctx()));
	const poll = (f: Fixture | undefined) => failure(a.parsePoll(res(f), ctx(), "t"));

	it("1002 rate limit → rate, reported as a 429 with the code and Retry-After", () => {
		const f = create(F.code_1002_rate_limit, { "retry-after": "20" });
		expect(f).toMatchObject({ cls: "rate", status: 429, code: "1002", retryAfterMs: 20_000 });
		expect(f.message).toMatch(/^minimax 429 \(code 1002\): rate limit/);
		expect(poll(F.code_1002_rate_limit).cls).toBe("rate");
		expect(create(F.code_1039_token_limit)).toMatchObject({ cls: "rate", status: 429 });
	});

	it("1041 conn limit → capacity on a create, rate on a poll", () => {
		expect(create(F.code_1041_conn_limit)).toMatchObject({ cls: "capacity", status: 429 });
		expect(poll(F.code_1041_conn_limit)).toMatchObject({ cls: "rate", status: 429 });
	});

	it("1004 / 2049 → auth; 1008 / 2056 → quota; 1026 → policy; 2013 → invalid", () => {
		expect(create(F.code_1004_auth)).toMatchObject({ cls: "auth", status: 200, code: "1004" });
		expect(poll(F.code_2049_invalid_key).cls).toBe("auth");
		expect(create(F.code_1008_balance)).toMatchObject({ cls: "quota", code: "1008" });
		expect(create(F.code_2056_usage_limit).cls).toBe("quota");
		expect(create(F.code_1026_input_sensitive)).toMatchObject({ cls: "policy", code: "1026" });
		const inv = create(F.code_2013_invalid_params);
		expect(inv).toMatchObject({ cls: "invalid", code: "2013" });
		expect(inv.message).toBe("minimax code 2013: invalid params, duration 10 is not supported at 1080P");
	});

	it("a model the API no longer serves → retired", () => {
		const body = '{"task_id":"","base_resp":{"status_code":2013,"status_msg":"invalid params, model MiniMax-Hailuo-01 is not supported"}}';
		expect(failure(a.parseCreate(raw(200, body), ctx())).cls).toBe("retired");
		expect(failure(a.parseCreate(raw(404, '{"base_resp":{"status_code":2013,"status_msg":"model not found"}}'), ctx())).cls).toBe("retired");
	});

	it("server codes: 1000 is a definite rejection (503), 1001 timeout stays ambiguous; a 5xx keeps its status", () => {
		expect(create(F.code_1000_unknown)).toMatchObject({ cls: "outage", status: 503 });
		expect(create(F.code_1001_timeout)).toMatchObject({ cls: "outage", status: 200 });
		expect(create(F.http_503)).toMatchObject({ cls: "outage", status: 503, code: "1000" });
		const html = failure(a.parseCreate(raw(502, "<html><body>502 Bad Gateway</body></html>", { "content-type": "text/html" }), ctx()));
		expect(html).toMatchObject({ cls: "outage", status: 502 });
	});

	it("an unlisted code is classified by its wording", () => {
		expect(failure(a.parseCreate(raw(200, '{"base_resp":{"status_code":1099,"status_msg":"insufficient balance for this model"}}'), ctx())).cls).toBe(
			"quota",
		);
		expect(failure(a.parseCreate(raw(200, '{"base_resp":{"status_code":1099,"status_msg":"something odd"}}'), ctx())).cls).toBe("invalid");
	});

	it("messages are redacted; MiniMax's Trace-Id header becomes the request id", () => {
		const leaky = `{"base_resp":{"status_code":1004,"status_msg":"login fail for Bearer ${KEY}"}}`;
		const f = failure(a.parseCreate(raw(200, leaky, { "content-type": "application/json", "trace-id": "0611a8c2b3d4" }), ctx()));
		expect(f.message).not.toContain(KEY);
		expect(f.requestId).toBe("0611a8c2b3d4");
		expect(f.message).toContain("(request 0611a8c2b3d4)");
	});

	it("a 200 without task_id or with the wrong types is invalid; a task id carrying the key is refused", () => {
		expect(failure(a.parseCreate(raw(200, '{"base_resp":{"status_code":0,"status_msg":"success"}}'), ctx())).cls).toBe("invalid");
		expect(failure(a.parsePoll(raw(200, '{"status":7,"base_resp":{"status_code":0}}'), ctx(), "t")).cls).toBe("invalid");
		expect(failure(a.parseCreate(raw(200, `{"task_id":"x${KEY}","base_resp":{"status_code":0}}`), ctx())).cls).toBe("invalid");
	});
});

describe("minimax result parser on unexpected bodies", () => {
	const cases: Array<[string, HttpResponse, Failure["cls"]]> = [
		["HTML 502", raw(502, "<html><body>502 Bad Gateway</body></html>", { "content-type": "text/html" }), "outage"],
		["empty 200", raw(200, ""), "outage"],
		["null", raw(200, "null"), "invalid"],
		["no file object", raw(200, '{"base_resp":{"status_code":0,"status_msg":"success"}}'), "invalid"],
		["wrong types", raw(200, '{"file":{"download_url":42},"base_resp":{"status_code":0}}'), "invalid"],
		["a 1 MB string", raw(200, JSON.stringify("x".repeat(1 << 20) + KEY)), "invalid"],
	];
	it.each(cases)("%s → a clean %s failure", (_n, r, cls) => {
		const f = failure(a.parseResult?.(r, ctx(), "t") ?? failedResult());
		expect(f.cls).toBe(cls);
		expect(f.message).not.toContain(KEY);
		expect(f.message.length).toBeLessThan(420);
	});
});

describe("minimax simulator ↔ adapter (documented validation, all input kinds)", () => {
	const KEY2 = "sk-minimax-sim-0123456789abcdef";
	function setup() {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY2, scenario: { jobDurationMs: 2 * 60_000 } });
		const baseUrl = simBaseUrl("http://sim.test", "minimax");
		const c = (): ProviderContext => ({ baseUrl, apiKey: KEY2, redact: createRedactor([KEY2]), now: clock.now() });
		const http = sim.transport();
		const create = async (input: VideoJobInput) => a.parseCreate(await http.request(a.buildCreate(input, c())), c());
		const drive = (input: VideoJobInput) => clock.run(driveJob({ adapter: a, http, clock, baseUrl, apiKey: KEY2, input, pollMs: 15_000 }));
		return { sim, create, drive };
	}

	it("image to video with bytes, first + last frame, and a subject reference all finish and download", async () => {
		const t = setup();
		const jpg: ReferenceInput = { kind: "bytes", bytes: new Uint8Array([0xff, 0xd8, 0xff]), mime: "image/jpeg", name: "f.jpg" };
		for (const input of [
			{ ...T2V, model: "MiniMax-Hailuo-2.3-Fast", reference: jpg },
			{
				...T2V,
				model: "MiniMax-Hailuo-02",
				reference: jpg,
				lastFrame: { kind: "url" as const, url: "https://cdn.example/l.png" },
				resolution: "1080p" as const,
			},
			{ ...T2V, model: "S2V-01", resolution: "720p" as const, references: [{ kind: "url" as const, url: "https://cdn.example/face.jpg" }] },
		]) {
			const r = await t.drive({ ...input, prompt: `${input.model} run` });
			expect(r.ok, JSON.stringify(r)).toBe(true);
			if (r.ok) expect(r.states.map((s) => s.kind)).toEqual(expect.arrayContaining(["running", "fetch", "succeeded"]));
		}
		// The retrieve answered file_id as a bare int64; the adapter asked with the digits the query gave.
		expect(t.sim.log.filter((e) => e.path.includes("/files/retrieve?file_id=")).length).toBe(3);
	});

	it("refuses what the docs refuse, with code 2013 in an HTTP 200", async () => {
		const t = setup();
		const refused: Array<[VideoJobInput, RegExp]> = [
			[{ ...T2V, resolution: "1080p", duration: 10 }, /duration 10 is not supported by MiniMax-Hailuo-2.3 at 1080P/],
			[{ ...T2V, model: "MiniMax-Hailuo-2.3-Fast" }, /requires first_frame_image/],
			[{ ...T2V, lastFrame: { kind: "url", url: "https://cdn.example/l.png" } }, /last_frame_image is not supported/],
			[{ ...T2V, model: "S2V-01" }, /subject_reference must hold one character image/],
			[{ ...T2V, resolution: "720p" }, /resolution 720P is not supported/],
		];
		for (const [input, msg] of refused) {
			const f = failure(await t.create(input));
			expect(f).toMatchObject({ cls: "invalid", code: "2013", status: 200 });
			expect(f.message).toMatch(msg);
		}
		expect(failure(await t.create({ ...T2V, model: "MiniMax-Hailuo-01" })).cls).toBe("retired");
		expect(t.sim.tasks()).toHaveLength(0);
	});
});
