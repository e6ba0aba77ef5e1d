/**
 * A provider whose key is a pair (Kling: access key + secret key): the plugin keeps
 * the secret under its own SecretStorage id and draws a second secret row for it
 * only; the CLI reads KLING_SECRET_KEY, names both variables when a key is missing
 * and masks the secret in every message printed outside a run.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { envRedactor, envSecrets, missingKeyMessage as cliMissing } from "../../src/cli/keys";
import { CineFlowSettingTab } from "../../src/obsidian/settings-tab";
import { missingKeyMessage, obsidianSecrets, secondSecretName } from "../../src/obsidian/settings-store";
import { Notice, allElements } from "../stubs/obsidian";
import { loadPlugin, unload, useWindow, type Loaded } from "./helpers";

function rowNames(tab: CineFlowSettingTab): string[] {
	tab.display();
	return allElements(tab.containerEl)
		.filter((e) => e.hasClass("setting-item-name"))
		.map((e) => e.textContent ?? "");
}

describe("a two-part key in the plugin", () => {
	let l: Loaded;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
	});
	afterEach(() => l && unload(l.plugin));

	it("reads the secret key from its own SecretStorage id, only for providers that declare one", async () => {
		l = await loadPlugin();
		expect(secondSecretName("kling")).toBe("cineflow-kling-secret");
		l.app.secretStorage.setSecret("cineflow-kling", "AK-plugin-000");
		l.app.secretStorage.setSecret("cineflow-kling-secret", "  SK-plugin-111  ");
		l.app.secretStorage.setSecret("cineflow-sorahk-secret", "not-used");
		const secrets = obsidianSecrets(l.app as never, () => l.plugin.settings);
		expect(secrets.getKey("kling")).toBe("AK-plugin-000");
		expect(secrets.getSecondKey?.("kling")).toBe("SK-plugin-111");
		expect(secrets.getSecondKey?.("sorahk")).toBeNull();
		expect(missingKeyMessage("kling", "Kling AI")).toMatch(/access key and the secret key/);
	});

	it("draws a second secret row for Kling, none for a single-key provider", async () => {
		l = await loadPlugin();
		const tab = l.app.settingTabs__[0];
		if (!(tab instanceof CineFlowSettingTab)) throw new Error("no settings tab");
		l.plugin.settings.provider = "kling";
		const names = rowNames(tab);
		expect(names).toContain("Kling AI API key");
		expect(names).toContain("Kling AI secret key");
		const buttons = allElements(tab.containerEl)
			.filter((e) => e.hasClass("cineflow-stub-secret"))
			.map((e) => e.textContent ?? "");
		expect(buttons.some((t) => t.startsWith("cineflow-kling-secret"))).toBe(true);
		l.plugin.settings.provider = "sorahk";
		expect(rowNames(tab).some((n) => / secret key$/.test(n))).toBe(false);
	});
});

describe("a two-part key in the CLI", () => {
	const env = { KLING_ACCESS_KEY: " AK-cli-222 ", KLING_SECRET_KEY: "SK-cli-secret-333", CINEFLOW_API_KEY: "generic-444" };

	it("reads KLING_SECRET_KEY (never CINEFLOW_API_KEY) as the second key", () => {
		const s = envSecrets(env);
		expect(s.getKey("kling")).toBe("AK-cli-222");
		expect(s.getSecondKey?.("kling")).toBe("SK-cli-secret-333");
		expect(envSecrets({ CINEFLOW_API_KEY: "generic-444" }).getSecondKey?.("kling")).toBeNull();
		expect(s.getSecondKey?.("sorahk")).toBeNull();
	});

	it("names both variables when the key is missing, and masks the secret outside a run", () => {
		expect(cliMissing("kling", "Kling AI")).toContain("KLING_ACCESS_KEY and KLING_SECRET_KEY");
		expect(cliMissing("sorahk", "Sora.hk")).not.toContain("KLING");
		const r = envRedactor(env);
		expect(r("bad flag value SK-cli-secret-333 / AK-cli-222")).toBe("bad flag value *** / ***");
	});
});
