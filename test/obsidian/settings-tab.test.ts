import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from "../../src/core/settings";
import { CineFlowSettingTab } from "../../src/obsidian/settings-tab";
import { Notice, SecretComponent, Setting, allElements, createApp__, type App } from "../stubs/obsidian";
import { loadPlugin, unload, useWindow, type Loaded } from "./helpers";

const DATA = ".obsidian/plugins/cineflow/data.json";

function tabOf(app: App): CineFlowSettingTab {
	const tab = app.settingTabs__[0];
	if (!(tab instanceof CineFlowSettingTab)) throw new Error("no settings tab");
	tab.display();
	return tab;
}

/** The settings row named `name`, with its text input and inline message. */
function row(tab: CineFlowSettingTab, name: string) {
	const el = allElements(tab.containerEl).find(
		(e) => e.hasClass("setting-item") && allElements(e).some((c) => c.hasClass("setting-item-name") && c.textContent === name),
	);
	if (!el) throw new Error(`no setting ${name}`);
	const input = allElements(el).find((e) => e.tagName === "INPUT") as HTMLInputElement | undefined;
	const message = allElements(el).find((e) => e.hasClass("cineflow-invalid"));
	return {
		el,
		type(v: string) {
			if (!input) throw new Error(`${name} has no text field`);
			input.value = v;
			(input as unknown as { dispatch(t: string): void }).dispatch("input");
		},
		message: () => message?.textContent ?? "",
	};
}

async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe("settings", () => {
	let l: Loaded;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
	});
	afterEach(() => l && unload(l.plugin));

	it("starts from defaults, at the current schema version, without writing anything", async () => {
		l = await loadPlugin({}, { fresh: true });
		expect(l.plugin.settings).toEqual(DEFAULT_SETTINGS);
		expect(l.plugin.settings.version).toBe(SETTINGS_VERSION);
		expect(l.saved).toEqual([]);
	});

	it("round-trips through data.json", async () => {
		l = await loadPlugin();
		l.plugin.settings.concurrency.initial = 7;
		l.plugin.settings.outputFolder = "clips";
		l.plugin.settings.budgetUsd = 12.5;
		l.plugin.settings.prices["sorahk/sora-2"] = { perSecond: 0.02, proPerSecond: null };
		await l.plugin.saveSettings();
		const app = l.app;
		unload(l.plugin);
		l = await loadPlugin({}, { app });
		expect(l.plugin.settings.concurrency.initial).toBe(7);
		expect(l.plugin.settings.outputFolder).toBe("clips");
		expect(l.plugin.settings.budgetUsd).toBe(12.5);
		expect(l.plugin.settings.prices["sorahk/sora-2"]).toEqual({ perSecond: 0.02, proPerSecond: null });
		expect(l.saved).toEqual([]); // nothing to migrate, nothing rewritten
	});

	it("migrates version 1 data forward and moves a plaintext key into secret storage", async () => {
		const app = await createApp__({
			[DATA]: JSON.stringify({
				provider: "sorahk",
				concurrency: 5,
				maxConcurrency: 10,
				pollMaxMinutes: 50,
				outputFolderName: "videos",
				apiKey: "sk-live-abcdef0123456789",
			}),
		});
		l = await loadPlugin({}, { app });
		const s = l.plugin.settings;
		expect(s.version).toBe(SETTINGS_VERSION);
		expect(s.concurrency).toMatchObject({ initial: 5, max: 10 });
		// The old give-up time (pollMaxMinutes → maxWaitMinutes) is now the warning; the wait limit is hours.
		expect(s.polling.warnAfterMinutes).toBe(50);
		expect(s.polling.maxWaitMinutes).toBe(360);
		expect(s.outputFolder).toBe("videos");
		expect(app.secretStorage.getSecret("cineflow-sorahk")).toBe("sk-live-abcdef0123456789");
		// The migrated data was written back, without the key.
		expect(l.saved).toHaveLength(1);
		expect(l.saved[0]).not.toContain("sk-live");
		const onDisk = await app.vault.adapter.read(DATA);
		expect(onDisk).not.toContain("sk-live");
		expect(JSON.parse(onDisk)).toMatchObject({ version: SETTINGS_VERSION, outputFolder: "videos" });
		// The user is told once, after layout-ready.
		expect(Notice.shown__.map((n) => n.text__).join("\n")).toContain("moved from the plugin's data file into Obsidian's secret storage");
	});

	it("never writes the API key to data.json: the settings tab links a secret by name", async () => {
		l = await loadPlugin();
		const tab = tabOf(l.app);
		// Find the SecretComponent's button and link a secret through it, as the user would.
		const comp = captureSecretComponent(tab);
		comp.link__("my-sora-key", "sk-test-SECRET-0123456789abcdef");
		await settle();
		expect(l.plugin.settings.providers.sorahk?.secretName).toBe("my-sora-key");
		expect(l.saved.length).toBeGreaterThan(0);
		for (const payload of l.saved) expect(payload).not.toContain("sk-test-SECRET");
		expect(await l.app.vault.adapter.read(DATA)).not.toContain("sk-test-SECRET");
		expect(await l.app.vault.adapter.read(DATA)).toContain("my-sora-key");
		// The run path reads the key from secret storage.
		expect(l.app.secretStorage.getSecret("my-sora-key")).toBe("sk-test-SECRET-0123456789abcdef");
	});

	it("validates as you type: concurrency must be 1–64, an invalid value is not saved", async () => {
		l = await loadPlugin();
		const tab = tabOf(l.app);
		const conc = row(tab, "Initial concurrency");
		conc.type("0");
		expect(conc.message()).toBe("Must be a whole number from 1 to 64.");
		conc.type("65");
		expect(conc.message()).toBe("Must be a whole number from 1 to 64.");
		conc.type("abc");
		expect(conc.message()).toBe("Must be a whole number from 1 to 64.");
		expect(l.saved).toEqual([]);
		expect(l.plugin.settings.concurrency.initial).toBe(DEFAULT_SETTINGS.concurrency.initial);
		conc.type("12");
		expect(conc.message()).toBe("");
		await settle();
		expect(l.plugin.settings.concurrency.initial).toBe(12);
		expect(JSON.parse(l.saved.at(-1) ?? "{}")).toMatchObject({ concurrency: { initial: 12 } });

		const max = row(tab, "Maximum concurrency");
		max.type("4");
		expect(max.message()).toBe("Must be at least the initial concurrency (12).");
		const url = row(tab, "Base URL");
		url.type("ftp://x");
		expect(url.message()).toContain("https://");
		url.type("http://127.0.0.1:8787/sorahk/v1/");
		expect(url.message()).toBe("");
		expect(l.plugin.settings.providers.sorahk?.baseUrl).toBe("http://127.0.0.1:8787/sorahk/v1");
		const folder = row(tab, "Output folder name");
		folder.type("a/b");
		expect(folder.message()).toContain("plain folder name");
	});

	it("has heading sections and describes the same rows to Obsidian 1.13's settings search", async () => {
		l = await loadPlugin();
		const tab = tabOf(l.app);
		const headings = allElements(tab.containerEl)
			.filter((e) => e.hasClass("setting-item-heading"))
			.map((e) => allElements(e).find((c) => c.hasClass("setting-item-name"))?.textContent);
		// The basics first; everything else under one Advanced heading.
		const basic = ["Provider", "Output", "Budget", "Concurrency", "Shot defaults", "Script assistant", "Interface"];
		const advanced = [
			"Provider address and models",
			"Concurrency and pacing",
			"Prices",
			"Downloads and disk",
			"Prompts",
			"Reference images and keyframes",
			"Script assistant requests",
		];
		expect(headings).toEqual([...basic, "Advanced", ...advanced]);
		type Group = { type: string; heading?: string; name?: string; items: Group[] & { name: string; render(s: Setting): void }[] };
		const defs = tab.getSettingDefinitions() as unknown as Group[];
		expect(defs.map((d) => d.heading ?? d.name)).toEqual([...basic, "Advanced"]);
		expect(defs.at(-1)?.type).toBe("page");
		expect(defs.at(-1)?.items.map((g) => g.heading)).toEqual(advanced);
		expect(defs[0]?.items.map((i) => i.name)).toEqual(["Provider", "Sora.hk API key", "Default model"]);
	});

	it("edits the price table and the budget, and the estimate uses them", async () => {
		l = await loadPlugin({ "Ep.md": "---\ncineflow:\n  provider: sorahk\n---\n```shot\nid: s01\nprompt: Rain\nduration: 10\npro: true\n```\n" });
		const tab = tabOf(l.app);
		row(tab, "Pro price of sora-2").type("0.03");
		const budget = row(tab, "Budget per run");
		budget.type("-1");
		expect(budget.message()).toBe("Must be a number from 0.01 to 1000000, or empty.");
		budget.type("2.5");
		await settle();
		expect(l.plugin.settings.prices["sorahk/sora-2"]).toEqual({ perSecond: null, proPerSecond: 0.03 });
		expect(l.plugin.settings.budgetUsd).toBe(2.5);
		const report = await l.plugin.runs().dryRun({ target: "Ep.md" });
		expect(report.plan.jobs[0]?.cost).toBeCloseTo(0.3);
		budget.type("");
		await settle();
		expect(l.plugin.settings.budgetUsd).toBeNull();
	});

	it("shows the uploader's fields for the kind chosen; reference keys live in secret storage", async () => {
		l = await loadPlugin();
		const tab = tabOf(l.app);
		const names = () =>
			allElements(tab.containerEl)
				.filter((e) => e.hasClass("setting-item-name"))
				.map((e) => e.textContent);
		expect(names()).not.toContain("Bucket");
		const kind = allElements(row(tab, "Image uploader").el).find((e) => e.tagName === "SELECT") as HTMLSelectElement & { dispatch(t: string): void };
		kind.value = "s3";
		kind.dispatch("change");
		await settle();
		expect(l.plugin.settings.uploader.kind).toBe("s3");
		expect(names()).toEqual(expect.arrayContaining(["Bucket endpoint", "Region", "Bucket", "Access key ID", "Secret access key"]));
		const secrets = captureSecretComponents(tab);
		const s3Secret = secrets.find((c) => c.getValue__() === "cineflow-s3-secret-access-key") as SecretComponent;
		s3Secret.link__("cineflow-s3-secret-access-key", "S3SECRETvalue0123456789");
		const assistant = secrets.find((c) => c.getValue__() === "cineflow-assistant") as SecretComponent;
		assistant.link__("my-assistant", "sk-assistant-0123456789abcdef");
		await settle();
		expect(l.plugin.settings.assistant.secretName).toBe("my-assistant");
		for (const payload of l.saved) {
			expect(payload).not.toContain("S3SECRETvalue");
			expect(payload).not.toContain("sk-assistant-0123456789abcdef");
		}
	});
});

/** Every SecretComponent the tab creates when it is drawn (the stub renders them as buttons). */
function captureSecretComponents(tab: CineFlowSettingTab): SecretComponent[] {
	const created: SecretComponent[] = [];
	const proto = SecretComponent.prototype as unknown as { setValue(v: string): SecretComponent };
	const orig = proto.setValue;
	proto.setValue = function (this: SecretComponent, v: string) {
		if (!created.includes(this)) created.push(this);
		return orig.call(this, v);
	};
	try {
		tab.display();
	} finally {
		proto.setValue = orig;
	}
	return created;
}

/** The provider key's SecretComponent (the first one the tab draws). */
function captureSecretComponent(tab: CineFlowSettingTab): SecretComponent {
	const c = captureSecretComponents(tab)[0];
	if (!c) throw new Error("the settings tab has no SecretComponent");
	return c;
}
