/**
 * Issue 16, settings: each setting declared once (schema, settings rows and CLI
 * flags from one table, one message for one mistake), the basics first with the
 * rest under a folding "Advanced" heading, secrets picked by reference (never
 * copied under an id of ours), and the run dialog's key check.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generateCommand } from "../../src/cli/main";
import { SETTINGS, settingDecl } from "../../src/core/settings";
import { settingLabel } from "../../src/core/settings/declare";
import { setLanguage, type Lang } from "../../src/core/i18n";
import { RunDialog } from "../../src/obsidian/modals";
import { CineFlowSettingTab } from "../../src/obsidian/settings-tab";
import { obsidianSecrets } from "../../src/obsidian/settings-store";
import { Notice, SecretComponent, allElements, type App } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, unload, useWindow, type Loaded } from "./helpers";

type Clickable = HTMLElement & { click(): void; dispatch(t: string): void };

function tabOf(app: App): CineFlowSettingTab {
	const tab = app.settingTabs__[0];
	if (!(tab instanceof CineFlowSettingTab)) throw new Error("no settings tab");
	tab.display();
	return tab;
}

function names(tab: CineFlowSettingTab): string[] {
	return allElements(tab.containerEl)
		.filter((e) => e.hasClass("setting-item-name"))
		.map((e) => e.textContent ?? "");
}

function rowEl(root: HTMLElement, name: string): HTMLElement {
	const el = allElements(root).find(
		(e) => e.hasClass("setting-item") && allElements(e).some((c) => c.hasClass("setting-item-name") && c.textContent === name),
	);
	if (!el) throw new Error(`no row ${name}`);
	return el;
}

/** The SecretComponents drawn by display(), in order. */
function secretComponents(tab: CineFlowSettingTab): SecretComponent[] {
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

async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe("settings declared once", () => {
	let l: Loaded | undefined;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setLanguage("en");
	});

	it("every declared setting has a row in the settings tab (whichever uploader and provider show it)", async () => {
		l = await loadPlugin();
		const tab = tabOf(l.app);
		const seen = new Set<string>();
		for (const provider of ["sorahk", "kling"]) {
			for (const kind of ["none", "http", "s3"] as const) {
				l.plugin.settings.provider = provider;
				l.plugin.settings.uploader.kind = kind;
				tab.display();
				for (const n of names(tab)) seen.add(n.toLowerCase());
			}
		}
		const all = [...seen];
		for (const d of SETTINGS) {
			const label = settingLabel(d).toLowerCase();
			expect(
				all.some((n) => n === label || n.endsWith(` ${label}`)),
				`${d.path}: ${label}`,
			).toBe(true);
		}
	});

	it("a range violation gives the same message in the settings tab and the CLI, in English and in Chinese", async () => {
		l = await loadPlugin();
		const tab = tabOf(l.app);
		const cases: [string, string, string][] = [
			["concurrency.initial", "concurrency", "0"],
			["concurrency.max", "max-concurrency", "65"],
			["budgetUsd", "budget", "-1"],
			["matrix.gap", "matrix-gap", "99"],
		];
		// The CLI says the field's sentence after the flag's name: "--budget must be a number from …",
		// "--budget 必须是 0.01 到 1000000 之间的数字，或留空（输入为 -1）".
		const expected: Record<Lang, (flag: string, shown: string, bad: string) => string> = {
			en: (flag, shown, bad) => `--${flag} ${shown.charAt(0).toLowerCase()}${shown.slice(1).replace(/\.$/, "")} (got ${bad})`,
			zh: (flag, shown, bad) => `--${flag} ${shown.replace(/。$/, "")}（输入为 ${bad}）`,
		};
		const root = mkdtempSync(path.join(tmpdir(), "cineflow-flags-"));
		const seen: string[] = [];
		try {
			mkdirSync(path.join(root, ".obsidian"));
			writeFileSync(path.join(root, "Ep.md"), noteWithShots(1));
			for (const lang of ["en", "zh"] as const) {
				setLanguage(lang);
				tab.display();
				for (const [p, flag, bad] of cases) {
					const d = settingDecl(p as never);
					const row = rowEl(tab.containerEl, settingLabel(d));
					const input = allElements(row).find((e) => e.tagName === "INPUT") as HTMLInputElement & Clickable;
					input.value = bad;
					input.dispatch("input");
					const shown = allElements(row).find((e) => e.hasClass("cineflow-invalid"))?.textContent ?? "";
					expect(shown, p).toMatch(lang === "en" ? /^Must be / : /^(必须是|不能小于)/);
					let cli = "";
					await generateCommand(["Ep.md", "--vault", root, "--provider", "sorahk", "--dry-run", `--${flag}`, bad], {
						env: {},
						out: { write: () => true } as never,
						err: { write: () => true } as never,
					}).catch((e: Error) => (cli = e.message));
					expect(cli, `${lang} ${flag}`).toBe(expected[lang](flag, shown, bad));
					seen.push(cli);
				}
			}
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
		expect(seen).toContain("--concurrency must be a whole number from 1 to 64 (got 0)");
		expect(seen).toContain("--concurrency 必须是 1 到 64 之间的整数（输入为 0）");
		expect(seen).toContain("--budget 必须是 0.01 到 1000000 之间的数字，或留空（输入为 -1）");
		expect(l.saved).toEqual([]);
	});

	it("choosing 简体中文 in the Language row redraws the tab in Chinese: headings, labels, descriptions and choices", async () => {
		l = await loadPlugin();
		const tab = tabOf(l.app);
		expect(l.plugin.settings.language).toBe("auto");
		const select = allElements(rowEl(tab.containerEl, "Language")).find((e) => e.tagName === "SELECT") as HTMLSelectElement & Clickable;
		select.value = "zh";
		select.dispatch("change");
		await settle();
		expect(l.plugin.settings.language).toBe("zh");
		expect(JSON.parse(l.saved.at(-1) ?? "{}")).toMatchObject({ language: "zh" });
		const order = names(tab);
		expect(order.slice(0, 4)).toEqual(["服务商", "服务商", "Sora.hk 密钥", "默认模型"]);
		expect(order).toEqual(expect.arrayContaining(["界面", "语言", "初始并发数", "每次运行的预算", "高级", "并发和节奏"]));
		const conc = rowEl(tab.containerEl, "初始并发数");
		expect(conc.textContent).toContain("1 到 64 之间的整数。");
		const language = allElements(rowEl(tab.containerEl, "语言")).find((e) => e.tagName === "SELECT") as HTMLSelectElement;
		const options = allElements(language).filter((e) => e.tagName === "OPTION");
		expect(options.map((o) => [o.getAttribute("value"), o.textContent])).toEqual([
			["auto", "跟随 Obsidian"],
			["en", "English"],
			["zh", "简体中文"],
		]);
		// No English label is left: every declared row's name is its Chinese label.
		for (const d of SETTINGS.filter((e) => !e.custom && e.level === "basic")) expect(order, d.path).toContain(settingLabel(d));
		expect(order).not.toContain("Initial concurrency");
	});

	it("puts the basics first and folds the rest under an Advanced heading", async () => {
		l = await loadPlugin();
		const tab = tabOf(l.app);
		const order = names(tab);
		expect(order.slice(0, 4)).toEqual(["Provider", "Provider", "Sora.hk API key", "Default model"]);
		const heading = rowEl(tab.containerEl, "Advanced");
		expect(heading.hasClass("setting-item-heading")).toBe(true);
		const box = allElements(tab.containerEl).find((e) => e.hasClass("cineflow-advanced")) as HTMLElement;
		// Timing, polling and retry knobs are inside the folded part; the basics are not.
		const inBox = (n: string) => allElements(box).some((e) => e.hasClass("setting-item-name") && e.textContent === n);
		for (const n of ["Longest wait per job", "Shortest poll interval", "Start jitter, lowest", "Request rate", "Maximum concurrency", "Base URL"])
			expect(inBox(n), n).toBe(true);
		for (const n of ["Sora.hk API key", "Where videos go", "Budget per run", "Initial concurrency"]) expect(inBox(n), n).toBe(false);
		expect(box.hasClass("cineflow-hidden")).toBe(true);
		const chevron = allElements(heading).find((e) => e.hasClass("extra-setting-button")) as Clickable;
		chevron.click();
		expect(box.hasClass("cineflow-hidden")).toBe(false);
		chevron.click();
		expect(box.hasClass("cineflow-hidden")).toBe(true);
	});

	it("picking an existing secret stores its id; its value is never copied under an id of ours", async () => {
		l = await loadPlugin();
		l.plugin.settings.provider = "kling";
		l.plugin.settings.uploader.kind = "s3";
		l.app.secretStorage.setSecret("team-kling-sk", "SK-team-0123456789");
		l.app.secretStorage.setSecret("team-gemini", "AIza-team-0123456789");
		l.app.secretStorage.setSecret("team-s3-secret", "S3-team-0123456789");
		const tab = tabOf(l.app);
		const comps = secretComponents(tab);
		const byValue = (v: string) => comps.find((c) => c.getValue__() === v) as SecretComponent;
		byValue("cineflow-kling-secret").link__("team-kling-sk", "SK-team-0123456789");
		byValue("cineflow-gemini").link__("team-gemini", "AIza-team-0123456789");
		byValue("cineflow-s3-secret-access-key").link__("team-s3-secret", "S3-team-0123456789");
		await settle();
		const s = l.plugin.settings;
		expect(s.providers.kling?.secondSecretName).toBe("team-kling-sk");
		expect(s.keyframes.secretName).toBe("team-gemini");
		expect(s.uploader.s3SecretKeySecret).toBe("team-s3-secret");
		for (const ours of ["cineflow-kling-secret", "cineflow-gemini", "cineflow-s3-secret-access-key"])
			expect(l.app.secretStorage.getSecret(ours), ours).toBeNull();
		// The run finds the key under the picked id.
		expect(obsidianSecrets(l.app as never, () => s).getSecondKey?.("kling")).toBe("SK-team-0123456789");
		for (const payload of l.saved) expect(payload).not.toMatch(/SK-team|AIza-team|S3-team/);
	});
});

describe("the run dialog checks keys up front", () => {
	let l: Loaded | undefined;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
	});

	function start(d: RunDialog): HTMLButtonElement {
		return allElements(d.contentEl).find((e) => e.hasClass("cineflow-start")) as HTMLButtonElement;
	}

	it("disables Start without the key and opens the settings at that provider", async () => {
		const note = noteWithShots(2, { provider: "kling", duration: 5 });
		l = await loadPlugin({ "Ep.md": note });
		const setting = { open: vi.fn(), openTabById: vi.fn() };
		(l.app as unknown as { setting: typeof setting }).setting = setting;
		const dialog = new RunDialog(l.plugin, "Ep.md");
		dialog.open();
		await dialog.estimating;
		expect(dialog.missing.map((m) => m.provider)).toEqual(["kling"]);
		expect(start(dialog).disabled).toBe(true);
		expect(dialog.contentEl.textContent).toContain("No API key for Kling AI");
		const open = allElements(dialog.contentEl).find((e) => e.tagName === "BUTTON" && e.textContent === "Open settings") as Clickable;
		open.click();
		expect(setting.open).toHaveBeenCalledTimes(1);
		expect(setting.openTabById).toHaveBeenCalledWith("cineflow");
		expect(l.app.openModals__).not.toContain(dialog);
		// The tab shows Kling's key rows; the default provider (Sora.hk) is unchanged.
		const tab = l.app.settingTabs__[0] as unknown as CineFlowSettingTab;
		expect(names(tab)).toEqual(expect.arrayContaining(["Showing Kling AI", "Kling AI API key", "Kling AI secret key"]));
		expect(l.plugin.settings.provider).toBe("sorahk");

		// With both keys set, the same dialog allows Start.
		l.app.secretStorage.setSecret("cineflow-kling", "AK-0123456789");
		const half = new RunDialog(l.plugin, "Ep.md");
		half.open();
		await half.estimating;
		expect(start(half).disabled).toBe(true); // the secret key is still missing
		half.close();
		l.app.secretStorage.setSecret("cineflow-kling-secret", "SK-0123456789");
		const ready = new RunDialog(l.plugin, "Ep.md");
		ready.open();
		await ready.estimating;
		expect(ready.missing).toEqual([]);
		expect(start(ready).disabled).toBe(false);
		expect(ready.contentEl.textContent).not.toContain("No API key");
		ready.close();
	});
});
