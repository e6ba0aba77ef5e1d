/**
 * A key the provider refuses (401/403, in the provider's own words, here Chinese)
 * gets a hint naming the setting to check, and a quota or retired stop an explanation,
 * composed where the notice is shown from the stop's typed reason and provider, in the
 * interface's language; the provider's words and the redaction of the key stay.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { setLanguage } from "../../src/core/i18n";
import { keySettingHint, stopHint } from "../../src/obsidian/key-hint";
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

	it("a Chinese relay's 余额不足 reaching an English user: the notice keeps it and explains it in English", async () => {
		l = await loadPlugin({ "Ep.md": noteWithShots(2) }, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
		sim.setScenario({ quotaAfterCreates: 0 });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
		l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
		routeRequestUrl(sim);
		l.app.workspace.setLayoutReady__();
		const report = await clock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
		expect(report?.stopped).toBe("quota");
		const needs = notices().filter((n) => n.startsWith("CineFlow needs you:"));
		expect(needs).toHaveLength(1);
		expect(needs[0]).toContain("余额不足，请充值后再试");
		expect(needs[0]).toContain("Sora.hk says the account has no balance or quota left: top it up, then run again");
	});

	it("the hint is for refused keys only", () => {
		expect(keySettingHint({ reason: "auth", provider: "kling" })).toBe("Check Settings → CineFlow → Kling AI key.");
		expect(keySettingHint({ reason: "auth", provider: "sorahk", cause: "missing-key" })).toBeNull();
		expect(keySettingHint({ reason: "quota", provider: "sorahk" })).toBeNull();
		expect(keySettingHint({ reason: "auth" })).toBeNull();
	});
});

describe("the stop hint in both languages", () => {
	afterEach(() => setLanguage("en"));

	it("a refused key names the setting; quota and retired stops are explained; others get none", () => {
		expect(stopHint({ reason: "auth", provider: "sorahk" })).toBe("Check Settings → CineFlow → Sora.hk key.");
		expect(stopHint({ reason: "retired", provider: "sorahk" })).toBe("Sora.hk no longer serves this model: choose another model for these shots.");
		expect(stopHint({ reason: "budget", provider: "sorahk" })).toBeNull();
		expect(stopHint({ reason: "auth", provider: "sorahk", cause: "missing-key" })).toBeNull();
		setLanguage("zh");
		expect(keySettingHint({ reason: "auth", provider: "kling" })).toBe("Kling AI 拒绝了该密钥：请检查 设置 → CineFlow → Kling AI 密钥。");
		expect(stopHint({ reason: "quota", provider: "sorahk" })).toBe("Sora.hk 表示账户余额或额度不足：请充值后重新运行（已付费的版本不会重复提交）。");
	});
});
