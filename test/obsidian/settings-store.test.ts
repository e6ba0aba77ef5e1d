/**
 * The settings' own messages in both languages (issue 19): loading old data that
 * held a key (the "moved" note replaces the migration's "removed" one by its code,
 * in any language), a missing key, the declared-models field, provider and model
 * option names.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { DEFAULT_SETTINGS, type Settings } from "../../src/core/settings";
import { applyDeclaredModels, fillProviderDropdown, modelOptionLabel } from "../../src/obsidian/settings-models";
import { loadSettings, missingKeyMessage, serializeSettings } from "../../src/obsidian/settings-store";
import { createApp__ } from "../stubs/obsidian";

const OLD_DATA = { provider: "sorahk", concurrency: 5, apiKey: "sk-live-abcdef0123456789" };

function fresh(): Settings {
	return structuredClone(DEFAULT_SETTINGS);
}

describe("settings messages", () => {
	afterEach(() => setLanguage("en"));

	it("a key found in old data: one note says it was moved, in English and in Chinese", async () => {
		const en = loadSettings((await createApp__()) as never, OLD_DATA);
		expect(en.notes).toEqual(["Your API key was moved from the plugin's data file into Obsidian's secret storage."]);
		setLanguage("zh");
		const app = await createApp__();
		const zh = loadSettings(app as never, OLD_DATA);
		expect(zh.notes).toEqual(["你的密钥已从插件数据文件移到 Obsidian 的密钥存储中。"]);
		expect(app.secretStorage.getSecret("cineflow-sorahk")).toBe("sk-live-abcdef0123456789");
		expect(zh.changed).toBe(true);
	});

	it("names the missing key and where to add it", () => {
		expect(missingKeyMessage("sorahk", "Sora.hk")).toBe(
			"No API key for Sora.hk: add it in Settings → CineFlow → Sora.hk API key (stored in Obsidian's secret storage).",
		);
		setLanguage("zh");
		expect(missingKeyMessage("sorahk", "Sora.hk")).toBe("Sora.hk 没有密钥：请在 设置 → CineFlow → Sora.hk 密钥 中添加（保存在 Obsidian 的密钥存储中）。");
		expect(missingKeyMessage("kling", "Kling")).toMatch(
			/^Kling 没有密钥：请在 设置 → CineFlow → Kling 中添加 access key 和 .+（保存在 Obsidian 的密钥存储中）。$/,
		);
	});

	it("checks the declared-models field and says what is wrong in the user's language", () => {
		const s = fresh();
		expect(applyDeclaredModels(s, "[{")).toBe("Not saved: this is not valid JSON.");
		setLanguage("zh");
		expect(applyDeclaredModels(s, "[{")).toBe("未保存：这不是有效的 JSON。");
		const unknown = applyDeclaredModels(s, JSON.stringify([{ provider: "nope", id: "m1", durations: [5] }]));
		expect(unknown).toMatch(/^未保存：未知服务商 nope（可用：.*sorahk.*）$/);
		expect(applyDeclaredModels(s, JSON.stringify([{ provider: "fal", id: "fal-ai/new-model", durations: [5, 10] }]))).toBeNull();
		expect(s.models.map((m) => m.id)).toEqual(["fal-ai/new-model"]);
	});

	it("offers 'choose a provider' and labels retired models in Chinese", () => {
		setLanguage("zh");
		const options: [string, string][] = [];
		fillProviderDropdown({ addOption: (v: string, l: string) => options.push([v, l]) }, "");
		expect(options[0]).toEqual(["", "选择服务商…"]);
		expect(options.length).toBeGreaterThan(5);
		const retired = modelOptionLabel({ id: "old-model", lifecycle: { status: "retired", shutdown: "2026-09-24" } } as never);
		expect(retired.startsWith("old-model（")).toBe(true);
		expect(retired.endsWith("）")).toBe(true);
	});

	it("refuses to save invalid settings, naming the fields in Chinese", () => {
		setLanguage("zh");
		const s = { ...fresh(), language: "fr" } as unknown as Settings;
		expect(() => serializeSettings(s)).toThrow("设置无效：language");
		expect(serializeSettings({ ...fresh(), language: "zh" }).language).toBe("zh");
	});
});
