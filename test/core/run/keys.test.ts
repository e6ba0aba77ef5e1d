/** A run stops before its first request when a provider it would use has no key (src/core/run/keys.ts). */
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../../src/ports/events";
import type { RunContext } from "../../../src/core/run/context";
import type { WorkItem } from "../../../src/core/run/options";
import { stopForMissingKeys } from "../../../src/core/run/keys";
import { plannedJob } from "../../support/jobs";

function ctx() {
	const events: RunEvent[] = [];
	const c = {
		emit: (e: RunEvent) => events.push(e),
		opts: { clock: { now: () => 7_000 }, missingKey: (id: string, label: string) => `no key for ${label} (${id})` },
	} as unknown as RunContext;
	return { c, events };
}

const work = (...providers: string[]): WorkItem[] =>
	providers.map((provider, i) => ({ job: plannedJob({ shotId: `s0${i + 1}`, provider }), action: { kind: "submit" } }));

describe("stopForMissingKeys", () => {
	it("is null and says nothing when every provider the run would use has a key", () => {
		const { c, events } = ctx();
		expect(stopForMissingKeys(c, work("sorahk", "fal"), () => "k")).toBeNull();
		expect(events).toEqual([]);
	});

	it("stops once per provider without a key, however many shots use it, in the caller's words", () => {
		const { c, events } = ctx();
		const keys: Record<string, string> = { fal: "k" };
		const text = stopForMissingKeys(c, work("sorahk", "fal", "sorahk", "kling"), (p) => keys[p] ?? null);
		expect(text).toBe("no key for Sora.hk (sorahk)\nno key for Kling AI (kling)");
		expect(events).toEqual([
			{ type: "stop", at: 7_000, reason: "auth", message: "no key for Sora.hk (sorahk)", provider: "sorahk", cause: "missing-key" },
			{ type: "stop", at: 7_000, reason: "auth", message: "no key for Kling AI (kling)", provider: "kling", cause: "missing-key" },
		]);
	});

	it("leaves providers it does not know to the adapter lookup (no stop), and asks nothing for an empty run", () => {
		const { c, events } = ctx();
		expect(stopForMissingKeys(c, work("no-such-provider"), () => null)).toBeNull();
		expect(stopForMissingKeys(c, [], () => null)).toBeNull();
		expect(events).toEqual([]);
	});
});
