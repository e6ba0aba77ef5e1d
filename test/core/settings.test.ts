/** Settings defaults and migration: no dead defaults, declared models validated, retired keyframe model moved. */
import { afterEach, describe, expect, it } from "vitest";
import { render, setLanguage } from "../../src/core/i18n";
import { DEFAULT_SETTINGS, migrateSettings } from "../../src/core/settings";
import { findModel, liveProviders } from "../../src/core/providers/models";
import { getProviderInfo } from "../../src/core/providers/catalog";

describe("settings defaults", () => {
	it("a fresh install has no provider and keyframes on the live Gemini image model", () => {
		expect(DEFAULT_SETTINGS.provider).toBe("");
		expect(DEFAULT_SETTINGS.keyframes.model).toBe("gemini-3-pro-image");
		expect(DEFAULT_SETTINGS.models).toEqual([]);
	});

	it("nothing defaults to a dead service: every live provider's default model is alive", () => {
		const live = liveProviders();
		expect(live.length).toBeGreaterThanOrEqual(8);
		expect(live).not.toContain("openai");
		for (const id of live) {
			const info = getProviderInfo(id)!;
			const spec = findModel(id, info.defaultModel);
			expect(spec, `${id} default ${info.defaultModel}`).toBeDefined();
			expect(spec!.lifecycle.status, `${id}/${info.defaultModel}`).not.toBe("retired");
		}
	});
});

describe("migrateSettings", () => {
	it("moves the keyframe model Google shut down on 2026-06-25 to its replacement, and says so", () => {
		const m = migrateSettings({ version: 2, provider: "sorahk", keyframes: { model: "gemini-3-pro-image-preview" } });
		expect(m.settings.keyframes.model).toBe("gemini-3-pro-image");
		expect(m.changed).toBe(true);
		expect(m.notes.join(" ")).toMatch(/gemini-3-pro-image-preview was shut down by Google on 2026-06-25; keyframes now use gemini-3-pro-image/);
	});

	it("turns a saved give-up time into a warning and waits hours for a job the provider still runs (once)", () => {
		const m = migrateSettings({
			version: 2,
			provider: "sorahk",
			polling: { maxWaitMinutes: 35, maxWaitProMinutes: 60, minIntervalSeconds: 5, maxIntervalSeconds: 60 },
		});
		expect(m.settings.polling).toMatchObject({ warnAfterMinutes: 35, warnAfterProMinutes: 60, maxWaitMinutes: 360, maxWaitProMinutes: 480 });
		expect(m.changed).toBe(true);
		expect(m.notes.join(" ")).toMatch(/no longer given up: after 35 minutes you get a warning/);
		// A longer saved limit is kept.
		const long = migrateSettings({ version: 2, polling: { maxWaitMinutes: 600 } });
		expect(long.settings.polling).toMatchObject({ warnAfterMinutes: 600, maxWaitMinutes: 600, maxWaitProMinutes: 480 });
		// Settings saved after the change are left alone.
		const again = migrateSettings({ version: 2, provider: "sorahk", polling: m.settings.polling });
		expect(again.settings.polling).toEqual(m.settings.polling);
		expect(again.changed).toBe(false);
		expect(DEFAULT_SETTINGS.polling).toMatchObject({ maxWaitMinutes: 360, warnAfterMinutes: 35 });
	});

	it("keeps a chosen provider and valid declared models; an invalid declaration resets the list and says so", () => {
		const ok = migrateSettings({ version: 2, provider: "fal", models: [{ provider: "fal", id: "fal-ai/x", durations: [5, 10] }] });
		expect(ok.settings.provider).toBe("fal");
		expect(ok.settings.models).toEqual([{ provider: "fal", id: "fal-ai/x", durations: [5, 10] }]);
		const bad = migrateSettings({ version: 2, provider: "fal", models: [{ provider: "fal", id: "fal-ai/x" }] });
		expect(bad.settings.models).toEqual([]);
		expect(bad.notes.join(" ")).toMatch(/reset to defaults: models/);
	});
});

describe("migration notes as messages (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("each note has a stable code and renders in the current language", () => {
		const raw = { version: 2, provider: "sorahk", keyframes: { model: "gemini-3-pro-image-preview" } };
		const en = migrateSettings(raw);
		expect(en.messages.map((m) => m.code)).toEqual(["parse.settings.keyframeModel"]);
		expect(en.notes).toEqual([
			"The keyframe model gemini-3-pro-image-preview was shut down by Google on 2026-06-25; keyframes now use gemini-3-pro-image.",
		]);
		setLanguage("zh");
		const zh = migrateSettings(raw);
		expect(zh.notes).toEqual(["关键帧模型 gemini-3-pro-image-preview 已于 2026-06-25 被 Google 停用；关键帧现在使用 gemini-3-pro-image。"]);
		expect(zh.notes.map((_, i) => render(zh.messages[i]!, "en"))).toEqual(en.notes);
		expect(migrateSettings({ version: 1, apiKey: "x" }).messages.map((m) => m.code)).toContain("parse.settings.keyRemoved");
	});
});
