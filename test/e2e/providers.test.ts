/**
 * Every live provider end to end through the CLI over loopback HTTP: the vault's
 * plugin settings choose the provider, the key comes from its environment
 * variable (two for Kling), and the simulator speaking that wire format must see
 * exactly one create per shot, with every video and embed written.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getProviderInfo } from "../../src/core/providers/catalog";
import { liveProviders } from "../../src/core/providers/models";
import { createSimulator, simBaseUrl } from "../../src/sim/index";
import { SIM_SECOND_KEY } from "../../src/sim/samples";
import { ScaledClock } from "../../src/clocks/scaled";
import { generate, KEY, shot, tempVault, type Harness } from "./helpers";

const PROVIDERS = liveProviders().filter((id) => !["newapi", "t8star", "aihubmix"].includes(id));

let h: Harness | undefined;
afterEach(async () => {
	await h?.close();
	h = undefined;
});

describe("each live provider through the CLI", () => {
	it.each(PROVIDERS)("%s: two shots → two videos and embeds, one create each", async (provider) => {
		const info = getProviderInfo(provider)!;
		const clock = new ScaledClock(2000);
		const sim = createSimulator({
			clock,
			seed: 3,
			apiKey: KEY,
			...(info.secondKey ? { secondKey: SIM_SECOND_KEY } : {}),
			scenario: { jobDurationMs: { min: 60_000, max: 120_000 } },
		});
		const srv = await sim.listen(0);
		h = { sim, origin: srv.origin, clock, close: () => srv.close() };
		const vault = await tempVault({
			"Sea.md": shot("a1", "A lighthouse at dusk, slow dolly in") + "\n" + shot("a2", "Waves against the rocks at night, wide"),
			".obsidian/plugins/cineflow/data.json": JSON.stringify({ version: 2, provider }),
		});
		const env: NodeJS.ProcessEnv = { [info.keyEnv]: KEY, ...(info.secondKey ? { [info.secondKey.env]: SIM_SECOND_KEY } : {}) };
		const r = await generate(h, vault, "Sea.md", ["--json"], { env, baseUrlFor: (id) => simBaseUrl(h!.origin, id) });
		expect(r.code, r.err + r.out.slice(-2000)).toBe(0);
		const summary = JSON.parse(r.out.trim().split("\n").at(-1)!) as { submitted: number; succeeded: number; duplicates: number };
		expect(summary).toMatchObject({ submitted: 2, succeeded: 2, duplicates: 0 });
		const creates = sim.log.filter((e) => e.route === "create" && e.status >= 200 && e.status < 300);
		expect(creates).toHaveLength(2);
		const note = await fs.readFile(path.join(vault, "Sea.md"), "utf8");
		expect(note).toContain("![[_assets/Sea/a1.mp4]]");
		expect(note).toContain("![[_assets/Sea/a2.mp4]]");
	});
});
