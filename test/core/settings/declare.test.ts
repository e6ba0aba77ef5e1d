/**
 * The settings table is the one place a setting is declared: the schema, the
 * defaults and the CLI flags come from it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage, tIn } from "../../../src/core/i18n";
import { DEFAULT_SETTINGS, SETTINGS, migrateSettings, settingsSchema } from "../../../src/core/settings";
import { checkSettingText, getAt, optionLabel, setAt, settingHelp, settingLabel, type SettingDecl } from "../../../src/core/settings/declare";
import { asClause } from "../../../src/cli/setting-flags";
import { applySettingFlags, settingFlags, settingUsage } from "../../../src/cli/setting-flags";
import { parseArgs, UsageError } from "../../../src/cli/args";

const plain = SETTINGS.filter((d) => !d.path.startsWith("providers."));

function withValue(d: SettingDecl, value: unknown): Record<string, unknown> {
	const s = structuredClone(DEFAULT_SETTINGS) as unknown as Record<string, unknown>;
	setAt(s, d.path, value);
	return s;
}

describe("the settings table", () => {
	it("declares each path once, with a label and a section", () => {
		const paths = SETTINGS.map((d) => d.path);
		expect(new Set(paths).size).toBe(paths.length);
		for (const d of SETTINGS) expect(settingLabel(d).length, d.path).toBeGreaterThan(0);
		const flags = SETTINGS.filter((d) => d.flag).map((d) => `${d.flag?.command ?? "generate"} --${d.flag?.name}`);
		expect(new Set(flags).size).toBe(flags.length);
	});

	it("generates the defaults (valid against the generated schema) from the declared defaults", () => {
		expect(settingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
		for (const d of plain) expect(getAt(DEFAULT_SETTINGS, d.path), d.path).toEqual(d.default);
	});

	it("generates the schema: every declared entry is in it, with its range", () => {
		for (const d of plain) {
			// Every path is checked by the schema: a value of the wrong type is refused there.
			const wrong = d.kind === "boolean" ? "yes" : d.kind === "number" ? "12" : 12;
			expect(settingsSchema.safeParse(withValue(d, wrong)).success, d.path).toBe(false);
			if (d.kind === "number") {
				expect(settingsSchema.safeParse(withValue(d, d.min)).success, `${d.path} min`).toBe(true);
				expect(settingsSchema.safeParse(withValue(d, d.max)).success, `${d.path} max`).toBe(true);
				expect(settingsSchema.safeParse(withValue(d, d.min - 1)).success, `${d.path} below`).toBe(false);
				expect(settingsSchema.safeParse(withValue(d, d.max + 1)).success, `${d.path} above`).toBe(false);
			}
			if (d.kind === "enum") expect(settingsSchema.safeParse(withValue(d, "no-such-value")).success, d.path).toBe(false);
		}
	});

	it("keeps loading saved data: a value out of the declared range resets only its section", () => {
		const m = migrateSettings({ version: 2, provider: "fal", concurrency: { initial: 500 }, outputFolder: "clips" });
		expect(m.settings.concurrency.initial).toBe(DEFAULT_SETTINGS.concurrency.initial);
		expect(m.settings.outputFolder).toBe("clips");
		expect(m.notes.join(" ")).toContain("concurrency");
	});

	it("checks typed text the same way for every caller", () => {
		const conc = SETTINGS.find((d) => d.path === "concurrency.initial") as SettingDecl;
		expect(checkSettingText(conc, "0")).toEqual({ ok: false, message: "Must be a whole number from 1 to 64." });
		expect(checkSettingText(conc, "2.5")).toEqual({ ok: false, message: "Must be a whole number from 1 to 64." });
		expect(checkSettingText(conc, " 12 ")).toEqual({ ok: true, value: 12 });
		const budget = SETTINGS.find((d) => d.path === "budgetUsd") as SettingDecl;
		expect(checkSettingText(budget, "")).toEqual({ ok: true, value: null });
		const max = SETTINGS.find((d) => d.path === "concurrency.max") as SettingDecl;
		expect(checkSettingText(max, "4", (p) => (p === "concurrency.initial" ? 12 : undefined))).toEqual({
			ok: false,
			message: "Must be at least the initial concurrency (12).",
		});
	});
});

describe("the CLI flags generated from the table", () => {
	const generate = settingFlags("generate");
	const draft = settingFlags("draft");

	it("every flag the table declares is parsed, applied and listed in --help", () => {
		for (const d of SETTINGS.filter((e) => e.flag)) {
			const cmd = d.flag?.command ?? "generate";
			const name = d.flag?.name as string;
			const spec = (cmd === "draft" ? draft : generate)[name];
			expect(spec, name).toBeDefined();
			expect(settingUsage(cmd), name).toContain(`--${name}`);
			expect(settingUsage(cmd), name).toContain(settingLabel(d));
		}
	});

	it("applies values to the declared paths, switches included", () => {
		const s = structuredClone(DEFAULT_SETTINGS);
		const argv = [
			"--concurrency",
			"30",
			"--budget",
			"2.5",
			"--rpm",
			"90",
			"--safe-mode",
			"--s3-virtual-host",
			"--matrix-labels",
			"off",
			"--uploader",
			"s3",
			"--matrix-columns",
			"3",
		];
		applySettingFlags(s, parseArgs(argv, generate).flags, "generate");
		expect(s.concurrency).toMatchObject({ initial: 30, max: 64, safeMode: true, requestsPerMinute: 90 });
		expect(s.budgetUsd).toBe(2.5);
		expect(s.uploader).toMatchObject({ kind: "s3", s3PathStyle: false });
		expect(s.matrix).toMatchObject({ labels: false, columns: 3 });
		const d = structuredClone(DEFAULT_SETTINGS);
		applySettingFlags(d, parseArgs(["--chunk-tokens", "500", "--model", "m1"], draft).flags, "draft");
		expect(d.assistant).toMatchObject({ chunkTokens: 500, model: "m1" });
	});

	it("refuses a value out of range with the settings field's own words", () => {
		const s = structuredClone(DEFAULT_SETTINGS);
		const run = (argv: string[]) => () => applySettingFlags(s, parseArgs(argv, generate).flags, "generate");
		expect(run(["--concurrency", "0"])).toThrow(UsageError);
		expect(run(["--concurrency", "0"])).toThrow("--concurrency must be a whole number from 1 to 64 (got 0)");
		expect(run(["--budget", "-1"])).toThrow("--budget must be a number from 0.01 to 1000000, or empty (got -1)");
		expect(run(["--matrix-gap", "99"])).toThrow("--matrix-gap must be a whole number from 0 to 64 (got 99)");
	});
});

describe("the settings table in Chinese", () => {
	afterEach(() => setLanguage("en"));
	const decl = (path: string) => SETTINGS.find((d) => d.path === path) as SettingDecl;

	it("declares catalog keys: every label, description and option has its own Chinese text", () => {
		for (const d of SETTINGS) {
			expect(d.label, d.path).toMatch(/^settings\./);
			const zh = tIn("zh", d.label);
			expect(zh, d.path).not.toBe(d.label);
			if (d.help) expect(tIn("zh", d.help), d.path).not.toBe(tIn("en", d.help));
			if (d.kind === "enum") for (const key of d.labels ?? []) expect(tIn("zh", key), key).not.toBe(key);
		}
		setLanguage("zh");
		expect(settingLabel(decl("concurrency.initial"))).toBe("初始并发数");
		expect(settingHelp(decl("defaults.takes"))).toBe("每个分镜生成的视频数。");
		expect(optionLabel(decl("defaults.orientation") as never, "vertical")).toBe("竖屏");
		// Values that are their own names (HTTP methods, image sizes) are shown as they are.
		expect(optionLabel(decl("uploader.method") as never, "PUT")).toBe("PUT");
	});

	it("declares the language setting: auto (follow Obsidian), en or zh; basic; default auto", () => {
		const d = decl("language");
		expect(d).toMatchObject({ kind: "enum", values: ["auto", "en", "zh"], level: "basic", default: "auto" });
		expect(DEFAULT_SETTINGS.language).toBe("auto");
		expect(settingLabel(d)).toBe("Language");
		expect(checkSettingText(d, "fr")).toEqual({ ok: false, message: "Must be one of auto, en, or zh." });
		expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, language: "zh" }).success).toBe(true);
		expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, language: "fr" }).success).toBe(false);
		// Saved data from before the setting existed loads with "auto".
		const old: Record<string, unknown> = { ...DEFAULT_SETTINGS };
		delete old.language;
		expect(migrateSettings(old).settings.language).toBe("auto");
		setLanguage("zh");
		expect(settingLabel(d)).toBe("语言");
		expect(optionLabel(d as never, "auto")).toBe("跟随 Obsidian");
	});

	it("checks typed text with the same rules and Chinese messages", () => {
		setLanguage("zh");
		expect(checkSettingText(decl("concurrency.initial"), "0")).toEqual({ ok: false, message: "必须是 1 到 64 之间的整数。" });
		expect(checkSettingText(decl("budgetUsd"), "-1")).toEqual({ ok: false, message: "必须是 0.01 到 1000000 之间的数字，或留空。" });
		expect(checkSettingText(decl("concurrency.max"), "4", (p) => (p === "concurrency.initial" ? 12 : undefined))).toEqual({
			ok: false,
			message: "不能小于初始并发数（12）。",
		});
		expect(checkSettingText(decl("polling.minIntervalSeconds"), "90", (p) => (p === "polling.maxIntervalSeconds" ? 60 : undefined))).toEqual({
			ok: false,
			message: "不能大于最长查询间隔（60）。",
		});
		expect(checkSettingText(decl("matrix.labels"), "maybe")).toEqual({ ok: false, message: "必须是 on 或 off。" });
		expect(checkSettingText(decl("outputFolder"), "")).toEqual({ ok: false, message: "请输入文件夹名。" });
		expect(checkSettingText(decl("assistant.model"), "")).toEqual({ ok: false, message: "请输入助手模型。" });
		expect(checkSettingText(decl("uploader.kind"), "ftp")).toEqual({ ok: false, message: "必须是以下之一：none、http或s3。" });
		expect(checkSettingText(decl("concurrency.initial"), "12")).toEqual({ ok: true, value: 12 });
	});

	it("words the CLI's flag errors and --help in Chinese from the same messages", () => {
		expect(asClause("en", "Must be a whole number from 1 to 64.")).toBe("must be a whole number from 1 to 64");
		expect(asClause("zh", "必须是 1 到 64 之间的整数。")).toBe("必须是 1 到 64 之间的整数");
		setLanguage("zh");
		const s = structuredClone(DEFAULT_SETTINGS);
		const flags = (argv: string[]) => parseArgs(argv, settingFlags("generate")).flags;
		expect(() => applySettingFlags(s, flags(["--concurrency", "0"]), "generate")).toThrow("--concurrency 必须是 1 到 64 之间的整数（输入为 0）");
		expect(() => applySettingFlags(s, flags(["--max-concurrency", "4", "--concurrency", "12"]), "generate")).toThrow(
			"--max-concurrency 不能小于初始并发数（12）（输入为 4）",
		);
		const help = settingUsage("generate");
		expect(help).toMatch(/--concurrency N +初始并发数（1 到 64 之间的整数，默认 20）/);
		expect(help).toMatch(/--budget USD +每次运行的预算（0\.01 到 1000000 之间的数字）/);
		expect(help).toMatch(/--safe-mode +安全模式（开启）/);
		expect(help).toMatch(/--matrix-labels on\|off +拼图标签（默认 on）/);
		expect(help).not.toMatch(/whole number|default/);
		setLanguage("en");
		expect(settingUsage("generate")).toMatch(/--concurrency N +Initial concurrency \(a whole number from 1 to 64, default 20\)/);
	});
});
