/**
 * A key the provider refuses (401/403, in the provider's own words, here Chinese)
 * gets a hint naming the setting to check, composed where the notice is shown from
 * the stop's typed reason and provider; the key stays redacted.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/sim/virtual-clock";
import { keySettingHint } from "../../src/obsidian/key-hint";
import { Notice, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, notices, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-sim-0123456789abcdefABCDEF";
const WRONG = "sk-wrong-0000000000000000";

describe("a refused key in the plugin", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
		sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 60_000, max: 240_000 } } });
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
	});

	it("one notice with the provider's words and where to fix the key, without the key", async () => {
		l = await loadPlugin({ "Ep.md": noteWithShots(3) }, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
		l.app.secretStorage.setSecret("cineflow-sorahk", WRONG);
		routeRequestUrl(sim);
		l.app.workspace.setLayoutReady__();
		const report = await clock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
		expect(report?.stopped).toBe("auth");
		expect(sim.log.filter((e) => e.route === "create").map((e) => e.status)).toEqual([401]);
		const needs = notices().filter((n) => n.startsWith("CineFlow needs you:"));
		expect(needs).toHaveLength(1);
		expect(needs[0]).toContain("API密钥无效或已被禁用");
		expect(needs[0]).toContain("Check Settings → CineFlow → Sora.hk key.");
		expect(notices().join("\n")).not.toContain(WRONG);
	});

	it("the hint is for refused keys only", () => {
		expect(keySettingHint({ reason: "auth", provider: "kling" })).toBe("Check Settings → CineFlow → Kling AI key.");
		expect(keySettingHint({ reason: "auth", provider: "sorahk", cause: "missing-key" })).toBeNull();
		expect(keySettingHint({ reason: "quota", provider: "sorahk" })).toBeNull();
		expect(keySettingHint({ reason: "auth" })).toBeNull();
	});
});
