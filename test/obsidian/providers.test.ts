/**
 * Every live provider end to end through the plugin: the run service, the
 * requestUrl adapter, SecretStorage keys (two secrets for Kling) and the vault
 * port, against the simulator speaking that provider's wire format, in virtual
 * time. Each run must write its videos and embeds, and the simulator must have
 * seen exactly one create per shot.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getProviderInfo } from "../../src/core/providers/catalog";
import { liveProviders } from "../../src/core/providers/models";
import { secondSecretName } from "../../src/obsidian/settings-store";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { SIM_SECOND_KEY } from "../../src/sim/samples";
import { VirtualClock } from "../../src/clocks/virtual";
import { Notice, setRequestUrlHandler } from "../stubs/obsidian";
import { shotBlock, storyboard } from "../support/shots";
import { loadPlugin, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-plugin-providers-0123456789abcdef";
// The relays have no live default that every relay serves; sorahk is covered by run.test.ts.
const PROVIDERS = liveProviders().filter((id) => !["newapi", "t8star", "aihubmix", "sorahk"].includes(id));

function note(provider: string): string {
	return storyboard(
		{ cineflow: { provider } },
		"# Scene\n",
		shotBlock({ id: "a1", prompt: "A lighthouse at dusk, slow dolly in" }),
		shotBlock({ id: "a2", prompt: "Waves against the rocks at night, wide" }),
	);
}

describe("each live provider through the plugin", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
	});

	it("covers the providers added this month", () => {
		expect(PROVIDERS).toEqual(expect.arrayContaining(["gemini", "fal", "replicate", "kling", "seedance", "runway", "minimax", "luma", "dashscope"]));
	});

	it.each(PROVIDERS)("%s: two shots → two videos, two embeds, one create each", async (provider) => {
		const two = getProviderInfo(provider)?.secondKey !== undefined;
		sim = createSimulator({
			clock,
			apiKey: KEY,
			...(two ? { secondKey: SIM_SECOND_KEY } : {}),
			scenario: { jobDurationMs: { min: 60_000, max: 120_000 } },
		});
		l = await loadPlugin({ "Film/Sea.md": note(provider) }, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.provider = provider;
		l.plugin.settings.providers[provider] = { baseUrl: simBaseUrl("http://sim.test", provider) };
		l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
		l.app.secretStorage.setSecret(`cineflow-${provider}`, KEY);
		if (two) l.app.secretStorage.setSecret(secondSecretName(provider), SIM_SECOND_KEY);
		routeRequestUrl(sim);
		l.app.workspace.setLayoutReady__();
		const report = await clock.run(l.plugin.runs().run({ target: "Film/Sea.md", mode: "generate" }));
		expect(report?.summary, JSON.stringify(report?.summary)).toMatchObject({ submitted: 2, succeeded: 2, failed: 0 });
		const videos = l.app.vault
			.getFiles()
			.map((f) => f.path)
			.filter((p) => p.endsWith(".mp4"))
			.sort();
		expect(videos).toEqual(["Film/_assets/Sea/a1.mp4", "Film/_assets/Sea/a2.mp4"]);
		const text = await l.app.vault.adapter.read("Film/Sea.md");
		expect(text).toContain("![[_assets/Sea/a1.mp4]]");
		expect(text).toContain("![[_assets/Sea/a2.mp4]]");
		const creates = sim.log.filter((e) => e.route === "create" && e.status >= 200 && e.status < 300);
		expect(creates).toHaveLength(2);
		expect(sim.tasks()).toHaveLength(2);
	});
});
