/**
 * Kling against the simulator in virtual time: the JWT is refreshed across runs
 * longer than its 30-minute life (driveJob and the real engine), the simulator's
 * documented auth refusals (1001–1004), a lost create reconciled by external_task_id,
 * image2video and omni-video end to end, and the simulator's parameter checks.
 */
import { describe, expect, it } from "vitest";
import { getAdapter } from "../../src/core/providers/index";
import type { ProviderContext, VideoJobInput } from "../../src/core/providers/types";
import { createRedactor } from "../../src/core/redact";
import { runEngine, type EngineJob, type EngineSink } from "../../src/core/scheduler/engine";
import { seededRandom } from "../../src/core/scheduler/random";
import { DEFAULT_SETTINGS } from "../../src/core/settings";
import type { HttpRequest } from "../../src/ports/http";
import { createSimulator, driveJob, simBaseUrl, type Scenario } from "../../src/sim/index";
import { download } from "../../src/sim/drive";
import { sampleInput } from "../../src/sim/samples";
import { VirtualClock } from "../../src/clocks/virtual";

const AK = "ak-kling-sim-0123456789";
const SK = "sk-kling-sim-secret-abcdef";
const MIN = 60_000;
const a = getAdapter("kling");

function setup(scenario: Partial<Scenario> = {}, keys: { apiKey?: string; secondKey?: string } = { apiKey: AK, secondKey: SK }) {
	const clock = new VirtualClock();
	const sim = createSimulator({ clock, apiKey: AK, secondKey: SK, scenario: { jobDurationMs: 10 * MIN, ...scenario } });
	const baseUrl = simBaseUrl("http://sim.test", "kling");
	const http = sim.transport();
	const ctx = (now = clock.now()): ProviderContext => ({
		baseUrl,
		apiKey: keys.apiKey ?? AK,
		secondKey: keys.secondKey,
		redact: createRedactor([AK, SK]),
		now,
	});
	const send = (r: HttpRequest) => http.request(r);
	const drive = (input: VideoJobInput, pollMs = 5 * MIN) =>
		clock.run(driveJob({ adapter: a, http, clock, baseUrl, apiKey: keys.apiKey ?? AK, secondKey: keys.secondKey, input, pollMs }));
	return { clock, sim, http, ctx, send, drive };
}

const input = (over: Partial<VideoJobInput> = {}): VideoJobInput => ({ ...sampleInput("kling", "A lighthouse at dusk"), ...over });

describe("kling JWT over a long run (virtual time)", () => {
	it("a 2-hour job polled every 5 minutes: a fresh token each time, never a 401", async () => {
		const t = setup({ jobDurationMs: 2 * 60 * MIN });
		const r = await t.drive(input());
		expect(r.ok, JSON.stringify(r)).toBe(true);
		const polls = t.sim.log.filter((e) => e.route === "poll");
		expect(polls.length).toBeGreaterThanOrEqual(24);
		expect((polls.at(-1)?.at ?? 0) - t.sim.startedAt).toBeGreaterThanOrEqual(2 * 60 * MIN);
		expect(t.sim.log.some((e) => e.status === 401)).toBe(false);
	});

	it("a token replayed after 31 minutes is refused with 1004; one from the future with 1003", async () => {
		const t = setup();
		const created = a.parseCreate(await t.send(a.buildCreate(input(), t.ctx())), t.ctx());
		if (!created.ok) throw new Error(created.failure.message);
		const stale = a.buildPoll(created.taskId, t.ctx());
		await t.clock.advance(31 * MIN);
		const old = a.parsePoll(await t.send(stale), t.ctx(), created.taskId);
		expect(old).toMatchObject({ ok: false, failure: { cls: "auth", code: "1004", status: 401 } });
		const future = a.parsePoll(await t.send(a.buildPoll(created.taskId, t.ctx(t.clock.now() + 60_000))), t.ctx(), created.taskId);
		expect(future).toMatchObject({ ok: false, failure: { cls: "auth", code: "1003" } });
		expect(a.parsePoll(await t.send(a.buildPoll(created.taskId, t.ctx())), t.ctx(), created.taskId).ok).toBe(true);
	});

	it("a wrong secret → 1002, no Authorization → 1001; a plain API key equal to the access key is accepted", async () => {
		const wrong = setup({}, { apiKey: AK, secondKey: "sk-not-the-secret" });
		expect(a.parseCreate(await wrong.send(a.buildCreate(input(), wrong.ctx())), wrong.ctx())).toMatchObject({
			ok: false,
			failure: { cls: "auth", code: "1002" },
		});
		const bare = await wrong.send({ method: "GET", url: `${simBaseUrl("http://sim.test", "kling")}/v1/videos/text2video/1` });
		expect(a.parsePoll(bare, wrong.ctx(), "1")).toMatchObject({ ok: false, failure: { cls: "auth", code: "1001" } });
		const apiKeyMode = setup({}, { apiKey: AK });
		const r = await apiKeyMode.drive(input());
		expect(r.ok, JSON.stringify(r)).toBe(true);
	});
});

function engineJobs(n: number, inp: VideoJobInput): EngineJob[] {
	return Array.from({ length: n }, (_, i) => ({
		key: `k${i}`,
		notePath: "Film/Kling.md",
		shotId: `S${i + 1}`,
		take: 1,
		input: { ...inp, prompt: `${inp.prompt} #${i}` },
		durationKey: "kling/kling-v3/5/std",
		expectedMs: 240_000,
		maxWaitMs: 6 * 60 * MIN,
	}));
}

async function runKling(t: ReturnType<typeof setup>, jobs: EngineJob[]) {
	const redact = createRedactor([AK, SK]);
	const http = t.http;
	const sink: EngineSink = {
		submitting: () => Promise.resolve(),
		submitted: () => Promise.resolve(),
		unknown: () => Promise.resolve(),
		failed: () => Promise.resolve(),
		timedOut: () => Promise.resolve(),
		async deliver(job, remoteId, dl) {
			const r = await download(http, dl.url, dl.headers, redact, "kling");
			return r.ok ? { ok: true, outputPath: `Film/${job.shotId}.mp4` } : { ok: false, kind: "failed", message: `${remoteId}: ${r.failure.message}` };
		},
	};
	const s = DEFAULT_SETTINGS;
	// The run's context is made once, at the start, as the runner does: the engine must refresh `now`.
	const ctx = t.ctx();
	return t.clock.run(
		runEngine(jobs, sink, {
			provider: "kling",
			adapter: a,
			ctx,
			http,
			clock: t.clock,
			random: seededRandom(7),
			concurrency: {
				initial: s.concurrency.initial,
				max: s.concurrency.max,
				safeMode: false,
				requestsPerMinute: s.concurrency.requestsPerMinute,
				downloads: s.concurrency.downloads,
			},
			polling: { minIntervalSeconds: s.polling.minIntervalSeconds, maxIntervalSeconds: s.polling.maxIntervalSeconds },
			jitter: s.jitter,
		}),
	);
}

describe("kling through the engine (virtual time)", () => {
	it("jobs of two hours finish with tokens signed at each request's time, not the run's start", async () => {
		const t = setup({ jobDurationMs: 2 * 60 * MIN });
		const r = await runKling(t, engineJobs(3, input()));
		expect([...r.outcomes.values()].map((o) => o.kind)).toEqual(["done", "done", "done"]);
		expect(t.sim.log.some((e) => e.status === 401)).toBe(false);
		expect(Math.max(...t.sim.log.map((e) => e.at)) - t.sim.startedAt).toBeGreaterThan(2 * 60 * MIN);
	});

	it("a create answered 502 after the task was made is found by its external_task_id, not sent again", async () => {
		const t = setup({ post502AfterCreate: { nth: [1] } });
		const r = await runKling(t, engineJobs(1, input()));
		expect([...r.outcomes.values()].map((o) => o.kind)).toEqual(["done"]);
		expect(r.stats.lookups).toBeGreaterThanOrEqual(1);
		expect(t.sim.tasks()).toHaveLength(1);
		expect(t.sim.log.some((e) => e.route === "list" && e.status === 200)).toBe(true);
	});
});

describe("kling endpoints end to end", () => {
	it("image2video (first and last frame) and omni-video (references) keep their endpoint through the polls", async () => {
		const t = setup();
		const i2v = await t.drive(
			input({
				reference: { kind: "url", url: "https://x.test/a.png" },
				lastFrame: { kind: "bytes", bytes: new Uint8Array([1, 2, 3]), mime: "image/png", name: "b.png" },
				pro: true,
			}),
		);
		expect(i2v.ok, JSON.stringify(i2v)).toBe(true);
		if (i2v.ok) expect(i2v.taskId).toMatch(/^image2video:8\d{17}$/);
		const refs = [
			{ kind: "url" as const, url: "https://x.test/r1.png" },
			{ kind: "url" as const, url: "https://x.test/r2.png" },
		];
		const omni = await t.drive(input({ model: "kling-v3-omni", references: refs, audio: true, duration: 8 }));
		expect(omni.ok, JSON.stringify(omni)).toBe(true);
		if (omni.ok) expect(omni.taskId).toMatch(/^omni-video:/);
		expect(t.sim.log.filter((e) => e.route === "poll").every((e) => e.status === 200)).toBe(true);
	});

	it("a task id polled on another endpoint is not found (1203 → invalid)", async () => {
		const t = setup();
		const c = a.parseCreate(await t.send(a.buildCreate(input(), t.ctx())), t.ctx());
		if (!c.ok) throw new Error(c.failure.message);
		const other = c.taskId.replace("text2video:", "image2video:");
		expect(a.parsePoll(await t.send(a.buildPoll(other, t.ctx())), t.ctx(), other)).toMatchObject({ ok: false, failure: { cls: "invalid", code: "1203" } });
	});
});

describe("kling simulator checks what the docs say", () => {
	const create = async (t: ReturnType<typeof setup>, r: HttpRequest) => a.parseCreate(await t.send(r), t.ctx());
	const raw = (t: ReturnType<typeof setup>, path: string, body: Record<string, unknown>): HttpRequest => {
		const r = a.buildCreate(input(), t.ctx());
		return { ...r, url: `${simBaseUrl("http://sim.test", "kling")}/v1/videos/${path}`, body: JSON.stringify(body) };
	};

	it("refuses what Kling refuses, with its codes", async () => {
		const t = setup();
		const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
			["image2video", { model_name: "kling-v3", prompt: "p", image: "data:image/png;base64,iVBOR" }, "invalid", /no data: prefix/],
			["text2video", { model_name: "kling-v2-6", prompt: "p", sound: "on", mode: "std" }, "invalid", /needs mode pro/],
			["text2video", { model_name: "kling-v2-5-turbo", prompt: "p", sound: "on", mode: "pro" }, "invalid", /sound is not supported/],
			[
				"image2video",
				{ model_name: "kling-v2-5-turbo", prompt: "p", image: "https://x.test/a.png", image_tail: "https://x.test/b.png" },
				"invalid",
				/needs mode pro/,
			],
			[
				"omni-video",
				{ model_name: "kling-v3-omni", prompt: "p", image_list: [{ image_url: "https://x.test/a.png", type: "end_frame" }] },
				"invalid",
				/needs a first_frame/,
			],
			["omni-video", { model_name: "kling-v3-omni", prompt: "p" }, "invalid", /aspect_ratio is required/],
			["text2video", { model_name: "kling-v3", prompt: "p", aspect_ratio: "4:3" }, "invalid", /aspect_ratio/],
			["text2video", { model_name: "kling-v3", prompt: "p", duration: 5 }, "invalid", /duration 5 is not supported/],
			["text2video", { model_name: "kling-v9", prompt: "p" }, "retired", /model does not exist/],
		];
		for (const [path, body, cls, msg] of cases) {
			const r = await create(t, raw(t, path, body));
			expect(r.ok, path + JSON.stringify(body)).toBe(false);
			if (!r.ok) {
				expect(r.failure.cls, JSON.stringify(body)).toBe(cls);
				expect(r.failure.message).toMatch(msg);
			}
		}
		expect(t.sim.tasks()).toHaveLength(0);
	});

	it("an external_task_id is unique per account", async () => {
		const t = setup();
		const body = { model_name: "kling-v3", prompt: "p", external_task_id: "cft-dup-1" };
		expect((await create(t, raw(t, "text2video", body))).ok).toBe(true);
		const again = await create(t, raw(t, "text2video", body));
		expect(again).toMatchObject({ ok: false, failure: { cls: "invalid" } });
		expect(!again.ok && again.failure.message).toMatch(/already exists/);
	});

	it("lists only the caller's tasks of that endpoint, newest first, and checks the paging bounds", async () => {
		const t = setup();
		for (const p of ["one", "two"]) expect((await create(t, a.buildCreate(input({ prompt: p }), t.ctx()))).ok).toBe(true);
		await t.clock.advance(1000);
		const list = a.buildLookup?.(input(), t.ctx(), t.clock.now());
		if (!list) throw new Error("no lookup");
		const body = JSON.parse(new TextDecoder().decode((await t.send(list)).body)) as { data: Array<{ task_info: { external_task_id: string } }> };
		expect(body.data).toHaveLength(2);
		expect(body.data[0]?.task_info.external_task_id.startsWith("cft-")).toBe(true);
		const bad = await t.send({ ...list, url: list.url.replace("pageSize=500", "pageSize=501") });
		expect(bad.status).toBe(400);
	});
});
