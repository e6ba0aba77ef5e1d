/**
 * Sora.hk's task list as the lookup of a lost create (src/core/providers/sorahk.ts).
 * The list's wire shape is the envelope of `GET /tasks?page=&page_size=` in
 * shared/reference/video-apis.md (Sora.hk native API, read 2026-11-22); its order
 * (newest or oldest first) is not documented, so a lookup pages on.
 */
import { describe, expect, it } from "vitest";
import { getAdapter } from "../../../src/core/providers/index";
import type { ProviderContext } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import type { HttpResponse } from "../../../src/ports/http";
import { sampleInput } from "../../../src/sim/samples";

const KEY = "sora-lookup-0123456789abcdef";
const base = "https://api.sora.hk/v1";
const ctx: ProviderContext = { baseUrl: base, apiKey: KEY, redact: createRedactor([KEY]), now: Date.UTC(2026, 11, 3) };
const a = getAdapter("sorahk");
const input = sampleInput("sorahk", "A lighthouse at dusk");

function list(tasks: Array<{ id: string; prompt: string; at: string }>, page: number, total: number, size = 50): HttpResponse {
	const body = {
		code: 200,
		message: "操作成功",
		data: {
			tasks: tasks.map((t) => ({ task_id: t.id, status: "completed", progress: 100, prompt: t.prompt, created_at: t.at })),
			total,
			page,
			page_size: size,
		},
	};
	return { status: 200, headers: { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(body)) };
}

describe("sorahk lookup", () => {
	const since = Date.parse("2026-12-03T10:00:00Z");

	it("asks page by page, 50 at a time", () => {
		expect(a.buildLookup?.(input, ctx, since).url).toBe(`${base}/tasks?page=1&page_size=50`);
		expect(a.buildLookup?.(input, ctx, since, 3).url).toBe(`${base}/tasks?page=3&page_size=50`);
	});

	it("not on this page and the list goes on: says which page is next; on the last page: absent", () => {
		const others = Array.from({ length: 50 }, (_, i) => ({ id: `t${i}`, prompt: `other ${i}`, at: "2026-12-03T10:05:00Z" }));
		expect(a.parseLookup?.(list(others, 1, 66), input, ctx, since, new Set())).toMatchObject({ found: false, nextPage: 2 });
		const last = a.parseLookup?.(list(others.slice(0, 16), 2, 66), input, ctx, since, new Set());
		expect(last).toMatchObject({ found: false });
		expect(last && "nextPage" in last ? last.nextPage : undefined).toBeUndefined();
	});

	it("the first task of the prompt since the create (a minute of slack), not a claimed one", () => {
		const tasks = [
			{ id: "old", prompt: input.prompt, at: "2026-12-03T09:00:00Z" },
			{ id: "claimed", prompt: input.prompt, at: "2026-12-03T10:00:30Z" },
			{ id: "mine", prompt: input.prompt, at: "2026-12-03T10:01:00Z" },
			{ id: "later", prompt: input.prompt, at: "2026-12-03T10:02:00Z" },
		];
		expect(a.parseLookup?.(list(tasks, 1, 4), input, ctx, since, new Set(["claimed"]))).toMatchObject({ found: true, taskId: "mine" });
	});

	it("a client clock hours ahead of the provider's: the newest unclaimed task of the prompt is still found (a wrong clock never pays twice)", () => {
		const tasks = [
			{ id: "older", prompt: input.prompt, at: "2026-12-03T02:00:00Z" },
			{ id: "paid", prompt: input.prompt, at: "2026-12-03T04:00:00Z" },
			{ id: "other", prompt: "another prompt", at: "2026-12-03T04:30:00Z" },
		];
		expect(a.parseLookup?.(list(tasks, 1, 3), input, ctx, since, new Set())).toMatchObject({ found: true, taskId: "paid" });
		expect(a.parseLookup?.(list(tasks, 1, 3), input, ctx, since, new Set(["paid", "older"]))).toMatchObject({ found: false });
	});
});
