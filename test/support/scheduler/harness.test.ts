/**
 * The scale bench (bench/scheduler/scale.ts, through this harness) splits CPU time between the engine and
 * the simulator by timing each call of the transport it wraps. That split is only
 * true when the wrapped call is where the simulator does its work: the wrapper must
 * sit under the network delay, so each call it times is one request the simulator
 * handles, API routes and file downloads alike, before the call returns.
 */
import { describe, expect, it } from "vitest";
import { runOurs } from "./harness";
import { SCENARIOS } from "./scenarios";
import type { Simulator } from "../../../src/sim";

describe("scale bench: the simulator's share", () => {
	it("each call the wrapper times is handled by the simulator within the call (downloads included)", async () => {
		const s = SCENARIOS.find((x) => x.id === "S1");
		if (!s) throw new Error("no S1");
		let sim: Simulator | undefined;
		let calls = 0;
		let handledWithin = 0;
		let downloads = 0;
		const { score } = await runOurs({ ...s, n: 20 }, 1, {
			onSim: (x) => (sim = x),
			wrapTransport: (inner) => ({
				request(req, signal) {
					const before = sim?.log.length ?? 0;
					calls++;
					if (req.url.includes("/files/")) downloads++;
					try {
						return inner.request(req, signal);
					} finally {
						if ((sim?.log.length ?? 0) > before) handledWithin++;
					}
				},
			}),
		});
		expect(score.completed).toBe(20);
		expect(calls).toBe(sim?.log.length);
		expect(handledWithin).toBe(calls);
		expect(downloads).toBe(20);
	});
});

describe("the scale runs' simulator", () => {
	it("serves the one fixed sample when asked (clips: sample), each task's own clip otherwise", async () => {
		const { createSimulator, driveJob, simBaseUrl } = await import("../../../src/sim/index");
		const { sampleMp4 } = await import("../../../src/sim/assets/sample-mp4");
		const { VirtualClock } = await import("../../../src/clocks/virtual");
		const { sampleInput } = await import("../../../src/sim/samples");
		const { getAdapter } = await import("../../../src/core/providers/index");
		const download = async (clips: "sample" | "distinct", prompt: string) => {
			const clock = new VirtualClock();
			const sim = createSimulator({ clock, apiKey: "sk-scale-0123456789", scenario: { jobDurationMs: 30_000, clips } });
			const r = await clock.run(
				driveJob({
					adapter: getAdapter("sorahk"),
					http: sim.transport(),
					clock,
					baseUrl: simBaseUrl("http://sim.test", "sorahk"),
					apiKey: "sk-scale-0123456789",
					input: sampleInput("sorahk", prompt),
					pollMs: 10_000,
				}),
			);
			if (!r.ok) throw new Error(r.failure.message);
			return r.bytes;
		};
		expect(await download("sample", "A")).toEqual(sampleMp4());
		expect(await download("sample", "B")).toEqual(sampleMp4());
		const a = await download("distinct", "A");
		expect(a).not.toEqual(sampleMp4());
		expect(a).not.toEqual(await download("distinct", "B"));
	});
});
