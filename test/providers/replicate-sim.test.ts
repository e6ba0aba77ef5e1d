/**
 * Replicate against the simulator: every catalog model's family mapping passes that model's
 * schema (as the simulator checks it) and runs end to end; version creates, references,
 * unknown models and versions, cancel, lookup after a lost create, list paging, and the
 * output deleted an hour after completion.
 */
import { describe, expect, it } from "vitest";
import { replicateAdapter as a } from "../../src/core/providers/replicate";
import type { CreateOutcome, PollOutcome, ProviderContext, RemoteState, VideoJobInput } from "../../src/core/providers/types";
import { createRedactor } from "../../src/core/redact";
import type { HttpRequest } from "../../src/ports/http";
import { createSimulator, driveJob, simBaseUrl, type Scenario } from "../../src/sim/index";
import { SIM_COMMUNITY_MODEL, simVersionOf } from "../../src/sim/routes/replicate";
import { sampleInput } from "../../src/sim/samples";
import { VirtualClock } from "../../src/clocks/virtual";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

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

describe("replicate against the simulator", () => {
	const ORIGIN = "http://sim.test";
	const SIM_KEY = "r8_sim0123456789abcdef";

	function setup(scenario: Partial<Scenario> = {}) {
		const clock = new VirtualClock();
		const sim = createSimulator({ clock, apiKey: SIM_KEY, scenario: { jobDurationMs: 120_000, ...scenario } });
		const baseUrl = simBaseUrl(ORIGIN, "replicate");
		const c = (): ProviderContext => ({ baseUrl, apiKey: SIM_KEY, redact: createRedactor([SIM_KEY]), now: clock.now() });
		const http = sim.transport();
		const drive = (input: VideoJobInput) => clock.run(driveJob({ adapter: a, http, clock, baseUrl, apiKey: SIM_KEY, input, pollMs: 15_000 }));
		const create = async (input: VideoJobInput) => a.parseCreate(await http.request(a.buildCreate(input, c())), c());
		return { clock, sim, c, http, drive, create };
	}

	function sample(model: string): VideoJobInput {
		const info = a.models.find((m) => m.id === model);
		if (!info) throw new Error(model);
		return {
			...sampleInput("replicate"),
			model,
			duration: info.defaultDuration,
			resolution: info.caps.resolutions[0] ?? "720p",
			aspect: info.caps.aspects[0] ?? "16:9",
		};
	}

	it.each(a.models.map((m) => [m.id] as const))("%s: its family's request passes the model's schema, runs and downloads", async (model) => {
		const t = setup();
		const r = await t.drive(sample(model));
		expect(r.ok, JSON.stringify(r)).toBe(true);
		if (r.ok) expect(r.states.map((s) => s.kind)).toEqual(expect.arrayContaining(["queued", "running", "succeeded"]));
	});

	it("a community model by version (POST /predictions) whose output is an array", async () => {
		const t = setup();
		const r = await t.drive({ ...sampleInput("replicate"), model: `${SIM_COMMUNITY_MODEL}:${simVersionOf(SIM_COMMUNITY_MODEL)}` });
		expect(r.ok, JSON.stringify(r)).toBe(true);
		expect(t.sim.log.find((e) => e.route === "create")?.path).toBe("/replicate/v1/predictions");
	});

	it("first frame, last frame and references reach the model under its field names", async () => {
		const t = setup();
		const img = { kind: "bytes" as const, bytes: PNG, mime: "image/png", name: "f.png" };
		expect((await t.create({ ...sample("kwaivgi/kling-v3-video"), reference: img, lastFrame: img, negativePrompt: "n", audio: true })).ok).toBe(true);
		expect((await t.create({ ...sample("bytedance/seedance-2.0"), references: [img, img] })).ok).toBe(true);
		// Seedance refuses frames together with references, as its schema says.
		const both = failure(await t.create({ ...sample("bytedance/seedance-2.0"), reference: img, references: [img] }));
		expect(both).toMatchObject({ cls: "invalid", status: 422 });
	});

	it("an unknown model → 404 → retired; an unknown version → retired", async () => {
		const t = setup();
		const r = await t.drive({ ...sampleInput("replicate"), model: "nobody/gone-model" });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.failure).toMatchObject({ cls: "retired", status: 404 });
		const v = failure(await t.create({ ...sampleInput("replicate"), model: `nobody/gone-model:${"ab".repeat(32)}` }));
		expect(v.cls).toBe("retired");
	});

	it("a bad ratio → 422 invalid with the model's enum", async () => {
		const t = setup();
		const f = failure(await t.create({ ...sample("google/veo-3.1"), aspect: "1:1" }));
		expect(f.cls).toBe("invalid");
		expect(f.message).toContain("aspect_ratio must be one of the following");
	});

	it("cancel stops a running prediction and the next poll reports it canceled", async () => {
		const t = setup();
		const created = await t.create(sample("google/veo-3.1"));
		if (!created.ok) throw new Error(created.failure.message);
		await t.clock.advance(30_000);
		const cancel = await t.http.request(a.buildCancel?.(created.taskId, t.c()) as HttpRequest);
		expect(cancel.status).toBe(200);
		await t.clock.advance(300_000);
		const p = a.parsePoll(await t.http.request(a.buildPoll(created.taskId, t.c())), t.c(), created.taskId);
		expect(failedCls(p)).toBe("invalid");
		const s = state(p);
		expect(s.kind === "failed" && s.failure.message).toMatch(/canceled/);
	});

	it("a create whose answer was lost (502) is found again by lookup", async () => {
		const t = setup({ post502AfterCreate: { nth: [2] } });
		const input = sample("kwaivgi/kling-v3-video");
		const since = t.clock.now();
		expect((await t.create({ ...input, prompt: "first" })).ok).toBe(true);
		expect((await t.create(input)).ok).toBe(false);
		const res = await t.http.request(a.buildLookup?.(input, t.c(), since) as HttpRequest);
		const o = a.parseLookup?.(res, input, t.c(), since, new Set());
		const lost = t.sim.tasks().find((x) => x.prompt === input.prompt);
		expect(o).toMatchObject({ found: true, taskId: lost?.id });
		expect(a.parseLookup?.(res, input, t.c(), since, new Set([lost?.id ?? ""]))).toMatchObject({ found: false });
	});

	it("the list pages 100 at a time through `next`; a match on a later page is not reported absent", async () => {
		const t = setup();
		const input = sample("bytedance/seedance-2.0-fast");
		const since = t.clock.now();
		expect((await t.create(input)).ok).toBe(true);
		for (let i = 0; i < 100; i++) {
			await t.clock.advance(1000);
			expect((await t.create({ ...input, prompt: `filler ${i}` })).ok).toBe(true);
		}
		const first = await t.http.request(a.buildLookup?.(input, t.c(), since) as HttpRequest);
		const page1 = JSON.parse(new TextDecoder().decode(first.body)) as { next: string | null; results: Array<{ id: string; input: { prompt: string } }> };
		expect(page1.results).toHaveLength(100);
		expect(page1.results[0]?.input.prompt).toBe("filler 99");
		expect(page1.next).toMatch(/cursor=/);
		expect(a.parseLookup?.(first, input, t.c(), since, new Set())?.found).toBe("error");
		const second = await t.http.request({ method: "GET", url: page1.next ?? "", headers: { Authorization: `Bearer ${SIM_KEY}` } });
		const o = a.parseLookup?.(second, input, t.c(), since, new Set());
		expect(o).toMatchObject({ found: true });
		expect(JSON.parse(new TextDecoder().decode(second.body))).toMatchObject({ next: null });
	});

	it("the output is deleted an hour after completion (data_removed)", async () => {
		const t = setup();
		const created = await t.create(sample("minimax/hailuo-2.3"));
		if (!created.ok) throw new Error(created.failure.message);
		await t.clock.advance(120_000 + 3600_000 + 1000);
		const p = a.parsePoll(await t.http.request(a.buildPoll(created.taskId, t.c())), t.c(), created.taskId);
		expect(failedCls(p)).toBe("invalid");
	});
});
