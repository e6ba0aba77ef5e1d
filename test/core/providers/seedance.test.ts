/**
 * Seedance 2.x on BytePlus ModelArk: request mapping (every neutral control), the
 * first-frame/reference rule, response mapping from the documented shapes
 * (test/fixtures/providers/seedance.json), every documented error code, lookup, and
 * the simulator end to end.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getProviderInfo } from "../../../src/core/providers/catalog";
import { getAdapter } from "../../../src/core/providers/index";
import { arkCodeClass, tosExpiry } from "../../../src/core/providers/seedance";
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

const F = JSON.parse(readFileSync(new URL("../../fixtures/providers/seedance.json", import.meta.url), "utf8")) as Record<string, Fixture>;
const KEY = "ark-test-0123456789abcdef";
const BASE = "https://ark.ap-southeast.bytepluses.com/api/v3";
const NOW = Date.UTC(2026, 0, 1, 0, 1, 0);
const a = getAdapter("seedance");

function ctx(baseUrl = BASE): ProviderContext {
	return { baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: NOW };
}

function res(name: string): HttpResponse {
	const f = F[name];
	if (!f) throw new Error(`missing fixture ${name}`);
	return { status: f.status, headers: f.headers ?? { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(f.body)) };
}

function body(input: VideoJobInput): Record<string, unknown> {
	return JSON.parse(a.buildCreate(input, ctx()).body as string) as Record<string, unknown>;
}

function state(p: PollOutcome): RemoteState {
	if (!p.ok) throw new Error(`expected ok, got ${p.failure.cls}: ${p.failure.message}`);
	return p.state;
}

function failedCls(name: string): string {
	const s = state(a.parsePoll(res(name), ctx(), "cgt-x"));
	if (s.kind !== "failed") throw new Error(`expected failed, got ${s.kind}`);
	return s.failure.cls;
}

function failure(o: PollOutcome | CreateOutcome) {
	if (o.ok) throw new Error("expected a failure");
	return o.failure;
}

const input = sampleInput("seedance", "A lighthouse at dusk");
const png = { kind: "bytes" as const, bytes: new Uint8Array([137, 80, 78, 71]), mime: "image/png", name: "a.png" };

describe("seedance request mapping", () => {
	it("text to video: the documented body, Bearer auth, nothing in the URL", () => {
		const req = a.buildCreate({ ...input, seed: 42, audio: false }, ctx());
		expect(req.method).toBe("POST");
		expect(req.url).toBe(`${BASE}/contents/generations/tasks`);
		expect(req.headers).toMatchObject({ Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" });
		expect(JSON.parse(req.body as string)).toEqual({
			model: "dreamina-seedance-2-0-fast-260128",
			content: [{ type: "text", text: "A lighthouse at dusk" }],
			resolution: "720p",
			ratio: "16:9",
			duration: 5,
			generate_audio: false,
			seed: 42,
			watermark: false,
		});
	});

	it("leaves audio and seed to the provider when the shot does not set them", () => {
		const b = body(input);
		expect(b).not.toHaveProperty("generate_audio");
		expect(b).not.toHaveProperty("seed");
	});

	it("maps resolution, aspect and duration as given", () => {
		expect(body({ ...input, model: "dreamina-seedance-2-0-260128", resolution: "1080p", aspect: "21:9", duration: 12 })).toMatchObject({
			model: "dreamina-seedance-2-0-260128",
			resolution: "1080p",
			ratio: "21:9",
			duration: 12,
		});
	});

	it("first frame (URL), last frame (bytes as a data URI) with their roles", () => {
		const b = body({ ...input, reference: { kind: "url", url: "https://x.test/first.png" }, lastFrame: png });
		expect(b.content).toEqual([
			{ type: "text", text: "A lighthouse at dusk" },
			{ type: "image_url", image_url: { url: "https://x.test/first.png" }, role: "first_frame" },
			{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw==" }, role: "last_frame" },
		]);
	});

	it("reference images as reference_image items", () => {
		const b = body({ ...input, references: [{ kind: "url", url: "https://x.test/a.png" }, png] });
		expect(b.content).toEqual([
			{ type: "text", text: "A lighthouse at dusk" },
			{ type: "image_url", image_url: { url: "https://x.test/a.png" }, role: "reference_image" },
			{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw==" }, role: "reference_image" },
		]);
	});

	it("refuses a first frame (or last frame) together with reference images, naming the rule", () => {
		const refs = [{ kind: "url" as const, url: "https://x.test/a.png" }];
		expect(() => a.buildCreate({ ...input, reference: png, references: refs }, ctx())).toThrow(
			/cannot combine a first or last frame with reference images/,
		);
		expect(() => a.buildCreate({ ...input, reference: png, lastFrame: png, references: refs }, ctx())).toThrow(/separate modes/);
		expect(() => a.buildCreate({ ...input, lastFrame: png }, ctx())).toThrow(/last frame only together with a first frame/);
	});

	it("the catalog says so too, so the planner catches it first", () => {
		const info = getProviderInfo("seedance");
		expect(info?.keyEnv).toBe("ARK_API_KEY");
		for (const m of info?.models ?? []) {
			if (m.lifecycle.status === "retired") continue;
			expect(m.caps).toMatchObject({
				firstFrame: true,
				lastFrame: true,
				firstFrameWithReferences: false,
				audio: true,
				seed: true,
				negativePrompt: false,
			});
			expect(m.lifecycle.source).toMatch(/docs\.byteplus\.com/);
			expect(m.lifecycle.verified).toBe("2026-12-03");
		}
		const old = info?.models.find((m) => m.id === "seedance-1-5-pro-251215");
		expect(old?.lifecycle).toMatchObject({ status: "retired", shutdown: "2026-11-11", replacement: "dreamina-seedance-2-0-mini-260615" });
		expect(info?.models.find((m) => m.id === "dreamina-seedance-2-0-260128")?.price.byResolution).toMatchObject({ "720p": 0.152 });
	});
});

describe("seedance response mapping", () => {
	it("create answers {id}", () => {
		const r = a.parseCreate(res("create_ok"), ctx());
		expect(r).toMatchObject({ ok: true, taskId: "cgt-20261203101500-x8k2n", state: { kind: "queued" } });
		expect(r.meta.requestId).toBe("021765163426813dc4a53fe90c8b0d0dbae7674229aa8223a977c");
	});

	it("queued / running / succeeded with the TOS URL expiry", () => {
		expect(state(a.parsePoll(res("queued"), ctx(), "x"))).toEqual({ kind: "queued" });
		expect(state(a.parsePoll(res("running"), ctx(), "x"))).toEqual({ kind: "running" });
		const s = state(a.parsePoll(res("succeeded"), ctx(), "x"));
		expect(s.kind).toBe("succeeded");
		if (s.kind !== "succeeded") return;
		expect(s.download.url).toMatch(/^https:\/\/ark-content-generation/);
		expect(s.download.headers).toEqual({});
		expect(s.download.expiresAt).toBe(Date.UTC(2026, 11, 3, 10, 17, 0) + 86_400_000);
	});

	it("terminal states: sensitive output → policy, internal → outage, cancelled → invalid, expired → outage", () => {
		expect(failedCls("failed_policy")).toBe("policy");
		expect(failedCls("failed_copyright")).toBe("policy");
		expect(failedCls("failed_internal")).toBe("outage");
		expect(failedCls("cancelled")).toBe("invalid");
		expect(failedCls("expired")).toBe("outage");
		const s = state(a.parsePoll(res("failed_policy"), ctx(), "x"));
		if (s.kind === "failed")
			expect(s.failure).toMatchObject({
				code: "OutputVideoSensitiveContentDetected",
				message: expect.stringMatching(/^seedance task failed: OutputVideoSensitiveContentDetected: The request failed/),
			});
	});

	it("every documented error code has its class", () => {
		const create = (n: string) => failure(a.parseCreate(res(n), ctx()));
		expect(create("invalid_parameter")).toMatchObject({ cls: "invalid", code: "InvalidParameter", status: 400 });
		expect(create("invalid_parameter").message).toMatch(/99/);
		expect(create("invalid_mix").cls).toBe("invalid");
		expect(create("invalid_model_wording").cls).toBe("invalid");
		expect(create("missing_parameter").cls).toBe("invalid");
		expect(create("input_text_sensitive").cls).toBe("policy");
		expect(create("input_image_privacy").cls).toBe("policy");
		expect(create("closed_endpoint").cls).toBe("outage");
		expect(create("auth").cls).toBe("auth");
		expect(create("overdue").cls).toBe("quota");
		expect(create("access_denied").cls).toBe("auth");
		expect(create("model_not_open").cls).toBe("auth");
		expect(create("model_not_found").cls).toBe("retired");
		expect(create("rate_endpoint_rpm")).toMatchObject({ cls: "rate", retryAfterMs: 20_000 });
		expect(create("rate_account_rpm").cls).toBe("rate");
		expect(create("quota_exceeded").cls).toBe("quota");
		expect(create("set_limit").cls).toBe("quota");
		expect(create("server_overloaded").cls).toBe("capacity");
		expect(create("internal")).toMatchObject({ cls: "outage", status: 500 });
		// On a poll a 429 is about the request rate.
		expect(failure(a.parsePoll(res("server_overloaded"), ctx(), "x")).cls).toBe("rate");
		expect(failure(a.parsePoll(res("task_not_found"), ctx(), "x")).cls).toBe("invalid");
	});

	it("arkCodeClass covers the suffixed and unknown codes", () => {
		expect(arkCodeClass("InputVideoSensitiveContentDetected.Violence", "create")).toBe("policy");
		expect(arkCodeClass("RateLimitExceeded.EndpointTPMExceeded", "create")).toBe("rate");
		expect(arkCodeClass("ModelAccountTpmRateLimitExceeded", "poll")).toBe("rate");
		expect(arkCodeClass("ModelLoadingError", "create")).toBe("capacity");
		expect(arkCodeClass("OperationDenied.ServiceOverdue", "create")).toBe("quota");
		expect(arkCodeClass("InvalidEndpointOrModel.ModelIDAccessDisabled", "create")).toBe("auth");
		expect(arkCodeClass("SomethingNew", "create")).toBeUndefined();
		expect(arkCodeClass(undefined, "create")).toBeUndefined();
	});

	it("tosExpiry reads X-Tos-Date + X-Tos-Expires and falls back to the generic signed-URL forms", () => {
		expect(tosExpiry("https://b.tos.test/v.mp4?X-Tos-Date=20260101T000000Z&X-Tos-Expires=60")).toBe(Date.UTC(2026, 0, 1) + 60_000);
		expect(tosExpiry("https://b.test/v.mp4?Expires=1767225600")).toBe(1767225600_000);
		expect(tosExpiry("https://b.test/v.mp4")).toBeUndefined();
		expect(tosExpiry("not a url")).toBeUndefined();
	});
});

describe("seedance lookup", () => {
	const since = Date.UTC(2026, 0, 1, 0, 0, 20);
	const look = (name: string, i: VideoJobInput, exclude: string[] = []) => a.parseLookup?.(res(name), i, ctx(), since, new Set(exclude));

	it("lists the model's tasks", () => {
		expect(a.canLookup).toBe(true);
		expect(a.buildLookup?.(input, ctx(), since).url).toBe(
			`${BASE}/contents/generations/tasks?page_num=1&page_size=500&filter.model=dreamina-seedance-2-0-fast-260128`,
		);
	});

	it("adopts the one unclaimed task with the same model, settings and time window", () => {
		expect(look("list", input, ["cgt-claimed"])).toMatchObject({ found: true, taskId: "cgt-new" });
		expect(look("list", { ...input, aspect: "9:16" })).toMatchObject({ found: true, taskId: "cgt-other-ratio" });
		expect(look("list", input, ["cgt-claimed", "cgt-new"])).toMatchObject({ found: false });
		expect(look("list", { ...input, duration: 10 })).toMatchObject({ found: false });
		expect(look("list", { ...input, seed: 11 }, [])).toMatchObject({ found: true, taskId: "cgt-new" });
		expect(look("list", { ...input, model: "dreamina-seedance-2-0-260128" }, [])).toMatchObject({ found: false });
		// An endpoint id is filtered server-side; its tasks report the model's name.
		expect(look("list", { ...input, model: "ep-20261203-abcde" }, ["cgt-claimed"])).toMatchObject({ found: true, taskId: "cgt-new" });
	});

	it("never guesses: two candidates or a truncated list are errors, not a pick", () => {
		const two = look("list", input);
		expect(two?.found).toBe("error");
		if (two?.found === "error") expect(two.failure.message).toMatch(/cannot tell which task.*2 tasks/);
		const cut = look("list_truncated", input);
		expect(cut?.found).toBe("error");
		if (cut?.found === "error") expect(cut.failure.message).toMatch(/900 tasks/);
		expect(look("auth", input)).toMatchObject({ found: "error", failure: { cls: "auth" } });
	});
});

describe("seedance against the simulator", () => {
	function setup(scenario = {}) {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 90_000, ...scenario } });
		const baseUrl = simBaseUrl("http://sim.test", "seedance");
		const c = (): ProviderContext => ({ baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: clock.now() });
		const http = sim.transport();
		const drive = (i: VideoJobInput) => clock.run(driveJob({ adapter: a, http, clock, baseUrl, apiKey: KEY, input: i, pollMs: 10_000 }));
		return { clock, sim, c, http, drive };
	}

	it("first + last frame and reference images each run end to end", async () => {
		const t = setup();
		const frames = await t.drive({ ...input, reference: { kind: "url", url: "https://x.test/a.png" }, lastFrame: png, audio: true, seed: 7 });
		expect(frames.ok).toBe(true);
		const refs = await t.drive({ ...input, prompt: "refs", references: [png, png] });
		expect(refs.ok).toBe(true);
		expect(t.sim.tasks().map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
	});

	it("the simulator rejects the mix the adapter refuses, with the documented InvalidParameter", async () => {
		const t = setup();
		const raw = {
			model: input.model,
			content: [
				{ type: "text", text: "x" },
				{ type: "image_url", image_url: { url: "https://x.test/a.png" }, role: "first_frame" },
				{ type: "image_url", image_url: { url: "https://x.test/b.png" }, role: "reference_image" },
			],
		};
		const req = { ...a.buildCreate(input, t.c()), body: JSON.stringify(raw) };
		const r = failure(a.parseCreate(await t.http.request(req), t.c()));
		expect(r).toMatchObject({ cls: "invalid", code: "InvalidParameter" });
		expect(r.message).toMatch(/cannot be mixed with reference media/);
		expect(t.sim.tasks()).toHaveLength(0);
	});

	it("a shut-down model id answers 404 InvalidEndpointOrModel.NotFound → retired", async () => {
		const t = setup();
		const req = a.buildCreate({ ...input, model: "seedance-1-5-pro-251215" }, t.c());
		const r = failure(a.parseCreate(await t.http.request(req), t.c()));
		expect(r).toMatchObject({ cls: "retired", status: 404, code: "InvalidEndpointOrModel.NotFound" });
	});

	it("a create whose answer was lost (502) is found again by lookup, and only once", async () => {
		const t = setup({ post502AfterCreate: { nth: [1] } });
		const since = t.clock.now();
		const r = a.parseCreate(await t.http.request(a.buildCreate(input, t.c())), t.c());
		expect(failure(r)).toMatchObject({ cls: "outage", status: 502 });
		await t.clock.advance(20_000);
		const list = await t.http.request(a.buildLookup?.(input, t.c(), since) as never);
		const id = t.sim.tasks()[0]?.id ?? "";
		expect(a.parseLookup?.(list, input, t.c(), since, new Set())).toMatchObject({ found: true, taskId: id });
		expect(a.parseLookup?.(list, input, t.c(), since, new Set([id]))).toMatchObject({ found: false });
		expect(t.sim.log.at(-1)?.route).toBe("list");
	});
});
