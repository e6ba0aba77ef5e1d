/**
 * Contract tests: every adapter against the simulator, in-process and in virtual
 * time: create → poll → succeed → download (bytes are the fixture MP4), and every
 * failure class.
 */
import { describe, expect, it } from "vitest";
import { createRedactor } from "../../src/core/redact";
import type { ProviderContext, VideoJobInput } from "../../src/core/providers/types";
import { createSimulator, driveJob, simBaseUrl, type Scenario } from "../../src/sim/index";
import { simCases, type SimCase } from "../../src/sim/samples";
import { VirtualClock } from "../../src/clocks/virtual";

const KEY = "sk-contract-0123456789abcdef";
const ORIGIN = "http://sim.test";

function setup(c: SimCase, scenario: Partial<Scenario> = {}, apiKey = KEY) {
	const clock = new VirtualClock();
	const sim = createSimulator({ clock, apiKey: KEY, secondKey: c.secondKey, scenario: { jobDurationMs: 10 * 60_000, ...scenario } });
	const baseUrl = simBaseUrl(ORIGIN, c.provider);
	const ctx = (): ProviderContext => ({ baseUrl, apiKey, secondKey: c.secondKey, redact: createRedactor([apiKey, c.secondKey]), now: clock.now() });
	const http = sim.transport();
	const drive = (input: VideoJobInput = c.input, pollMs = 15_000) =>
		clock.run(driveJob({ adapter: c.adapter, http, clock, baseUrl, apiKey, secondKey: c.secondKey, input, pollMs }));
	const create = async (input: VideoJobInput = c.input) => c.adapter.parseCreate(await http.request(c.adapter.buildCreate(input, ctx())), ctx());
	return { clock, sim, ctx, http, drive, create };
}

/** A parameter the provider rejects (the adapter passes it through unchanged). */
function badInput(c: SimCase): VideoJobInput {
	return { ...c.input, duration: 99 };
}

describe.each(simCases())("$name adapter ↔ simulator (in-process)", (c) => {
	it("creates, polls a 10-minute job in virtual time, and downloads the task's own clip", async () => {
		const t = setup(c);
		const r = await t.drive();
		expect(r.ok, JSON.stringify(r)).toBe(true);
		if (!r.ok) return;
		expect(t.sim.tasks()).toHaveLength(1);
		expect(r.bytes).toEqual(t.sim.clipOf(t.sim.tasks()[0]?.id ?? ""));
		expect(r.states.some((s) => s.kind === "running" || s.kind === "queued")).toBe(true);
		expect(r.states.at(-1)?.kind).toBe("succeeded");
		expect(t.clock.now() - t.sim.startedAt).toBeGreaterThanOrEqual(10 * 60_000);
		const routes = new Set(t.sim.log.map((e) => e.route));
		expect(routes).toContain("create");
		expect(routes).toContain("poll");
		// An inline video (Gemini Omni's base64 delivery) arrives with the poll: no download request.
		const last = r.states.at(-1);
		if (!(last?.kind === "succeeded" && last.download.url.startsWith("data:"))) expect(routes).toContain("download");
		expect(t.sim.tasks()).toHaveLength(1);
		expect(t.sim.tasks()[0]?.status).toBe("succeeded");
		expect(t.sim.createsByPrompt().get(c.input.prompt)).toBe(1);
	});

	it("reports progress while running", async () => {
		const t = setup(c);
		const created = await t.create();
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		await t.clock.advance(5 * 60_000);
		const res = await t.http.request(c.adapter.buildPoll(created.taskId, t.ctx()));
		const p = c.adapter.parsePoll(res, t.ctx(), created.taskId);
		expect(p.ok).toBe(true);
		if (!p.ok) return;
		expect(p.state.kind).toBe("running");
		const hasProgress = !["veo", "gemini", "grok", "wan", "luma", "seedance", "dashscope", "minimax", "kling", "fal"].includes(c.provider);
		if (hasProgress && p.state.kind === "running") expect(p.state.progress).toBe(50);
	});

	it("429 for concurrency (no Retry-After) on create → capacity", async () => {
		const t = setup(c, { capacity: 1 });
		expect((await t.create()).ok).toBe(true);
		const r = await t.create({ ...c.input, prompt: "second" });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.cls).toBe("capacity");
		expect(r.failure.status).toBe(429);
		expect(r.failure.retryAfterMs).toBeUndefined();
		expect(r.failure.message).toContain(`${c.adapter.id} 429`);
	});

	it("429 with Retry-After on create → rate, with retryAfterMs", async () => {
		const t = setup(c, { rpm: { limit: 2, burst: 1, retryAfter: true } });
		expect((await t.create()).ok).toBe(true);
		const r = await t.create({ ...c.input, prompt: "second" });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.cls).toBe("rate");
		expect(r.failure.retryAfterMs).toBe(30_000);
		expect(r.meta.retryAfterMs).toBe(30_000);
	});

	it("429 from the request bucket without Retry-After on a poll → rate", async () => {
		const t = setup(c, { rpm: { limit: 1, burst: 1, retryAfter: false } });
		const created = await t.create();
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		const p = c.adapter.parsePoll(await t.http.request(c.adapter.buildPoll(created.taskId, t.ctx())), t.ctx(), created.taskId);
		expect(p.ok).toBe(false);
		if (p.ok) return;
		expect(p.failure.cls).toBe("rate");
		expect(p.failure.status).toBe(429);
	});

	it("insufficient balance → quota", async () => {
		const t = setup(c, { quotaAfterCreates: 0 });
		const r = await t.create();
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.cls).toBe("quota");
	});

	it("5xx during an outage → outage", async () => {
		const t = setup(c, { outages: [{ from: 0, to: 3600_000 }] });
		const r = await t.create();
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.cls).toBe("outage");
		expect(r.failure.status).toBe(503);
		expect(t.sim.tasks()).toHaveLength(0);
	});

	it("a wrong key → auth", async () => {
		const t = setup(c, {}, "sk-wrong-key-000000000000");
		const r = await t.create();
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.cls).toBe("auth");
		expect(r.failure.message).not.toContain("sk-wrong-key-000000000000");
	});

	it("a parameter the provider rejects → invalid with the provider's message", async () => {
		const t = setup(c);
		const r = await t.create(badInput(c));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.cls).toBe("invalid");
		expect(r.failure.message).toMatch(/99/);
		expect(t.sim.tasks()).toHaveLength(0);
	});

	it("the policy marker → policy (at create or as a failed task), never a download", async () => {
		const t = setup(c);
		const r = await t.drive({ ...c.input, prompt: "a FORBIDDEN scene" });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.cls).toBe("policy");
		expect(r.stage).not.toBe("download");
		expect(t.sim.log.some((e) => e.route === "download")).toBe(false);
	});

	it("an unknown task id on poll is a clean failure or failed state, never a throw", async () => {
		const t = setup(c);
		const id = c.provider === "veo" ? "models/veo-3.1-generate-preview/operations/nope" : "nope-123";
		const p = c.adapter.parsePoll(await t.http.request(c.adapter.buildPoll(id, t.ctx())), t.ctx(), id);
		if (p.ok) expect(p.state.kind).toBe("failed");
		else expect(["invalid", "outage"]).toContain(p.failure.cls);
	});
});

describe("openai-poll-after-ms and request ids", () => {
	it("OpenAI-shaped routes emit openai-poll-after-ms and x-request-id when asked", async () => {
		const c = simCases().find((x) => x.name === "openai") as SimCase;
		const t = setup(c, { pollAfterMs: 2500, requestIds: true });
		const r = await t.create();
		expect(r.ok).toBe(true);
		expect(r.meta.pollAfterMs).toBe(2500);
		expect(r.meta.requestId).toMatch(/^req_/);
	});

	it("a capacity failure carries the request id in its message", async () => {
		const c = simCases().find((x) => x.name === "sorahk") as SimCase;
		const t = setup(c, { capacity: 0, requestIds: true });
		const r = await t.create();
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.message).toMatch(/^sorahk 429 \(request req_[0-9a-f]+\): 并发任务数已达上限/);
		expect(r.failure.requestId).toMatch(/^req_/);
	});
});
