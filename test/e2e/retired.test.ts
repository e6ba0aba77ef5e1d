/**
 * A model the provider no longer serves: planning refuses a catalog model marked
 * retired (naming the replacement), and a "model not found" answer from the
 * provider stops that provider's part of the run once, with one message, instead
 * of failing every shot. The simulator's request log is the witness.
 */
import { afterEach, describe, expect, it } from "vitest";
import { generate, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | undefined;
afterEach(async () => {
	await h?.close();
	h = undefined;
});

function note(provider: string, model: string, n: number, duration: number): string {
	const shots = Array.from({ length: n }, (_, i) => shot(`s${i + 1}`, `Shot ${i + 1} of the storm`)).join("\n");
	return `---\ncineflow:\n  provider: ${provider}\n  model: ${model}\n  duration: ${duration}\n---\n${shots}`;
}

describe("retired models", () => {
	it("a model the provider answers 'does not exist' for stops the run once: one create, one message, exit 3", async () => {
		h = await startSim();
		// Declared by the user (relays add ids weekly), but the provider has dropped it.
		const vault = await tempVault({
			"Ep.md": note("grok", "grok-imagine-video-0.9", 6, 5),
			".obsidian/plugins/cineflow/data.json": JSON.stringify({
				version: 2,
				provider: "grok",
				models: [{ provider: "grok", id: "grok-imagine-video-0.9", durations: [5] }],
			}),
		});
		const r = await generate(h, vault, "Ep.md", ["--concurrency", "1", "--json"]);
		const creates = h.sim.log.filter((e) => e.route === "create");
		expect(creates).toHaveLength(1);
		expect(creates[0]?.status).toBe(404);
		expect(r.code).toBe(3);
		const events = r.out
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; reason?: string; message?: string; state?: string });
		const stops = events.filter((e) => e.type === "stop");
		expect(stops).toHaveLength(1);
		expect(stops[0]?.reason).toBe("retired");
		expect(stops[0]?.message).toMatch(/model grok-imagine-video-0\.9 is no longer available/);
		// One shot failed with the provider's words; the other five were never sent.
		expect(events.filter((e) => e.type === "job" && e.state === "failed")).toHaveLength(1);
		expect(h.sim.tasks()).toHaveLength(0);
	});

	it("planning a catalog model marked retired is an error naming the replacement; nothing is sent", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": note("openai", "sora-2", 2, 4) });
		const r = await generate(h, vault, "Ep.md", ["--dry-run"]);
		expect(r.code).toBe(2);
		expect(r.out).toMatch(
			/Ep\.md:\d+ shot s1: model openai\/sora-2 \(from the note's front matter\) was retired on 2026-09-24 and can no longer be used; use gemini\/gemini-omni/,
		);
		expect(h.sim.log).toHaveLength(0);
	});

	it("with no provider configured, --provider is required and the error lists the live providers", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s1", "x"), ".obsidian/plugins/cineflow/data.json": JSON.stringify({ version: 2 }) });
		await expect(generate(h, vault, "Ep.md")).rejects.toThrow(/no provider is configured for this vault: pass --provider ID.*live providers: .*sorahk/);
		expect(h.sim.log).toHaveLength(0);
	});
});

describe("deprecated models", () => {
	it("plan with a warning that carries the model's status in the dry-run table and the warnings", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md":
				"---\ncineflow:\n  provider: grok\n  model: grok-imagine-video-1.5-preview\n---\n" +
				shot("s1", "x", "duration: 8\nfirst_frame: https://img.test/a.png\n"),
		});
		const r = await generate(h, vault, "Ep.md", ["--dry-run"]);
		expect(r.code, r.out).toBe(0);
		expect(r.out).toMatch(/s1 .* ready .* model deprecated; move to grok-imagine-video-1\.5/);
		expect(r.out).toMatch(/Warnings\n {2}Ep\.md:\d+ shot s1: model grok\/grok-imagine-video-1\.5-preview is deprecated; move to grok-imagine-video-1\.5/);
		expect(h.sim.log).toHaveLength(0);
	});
});
