/**
 * The CLI's language: --lang, then LC_ALL, LC_MESSAGES, LANG; English by default
 * and always with --json. `main` sets it once, before anything is printed.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../src/cli/args";
import { chooseLanguage } from "../../src/cli/lang";
import { main } from "../../src/cli/main";
import { language, setLanguage } from "../../src/core/i18n";

afterEach(() => {
	setLanguage("en");
	vi.restoreAllMocks();
});

describe("chooseLanguage", () => {
	it("takes --lang in either form and removes it from the arguments", () => {
		expect(chooseLanguage(["generate", "--lang", "zh", "Ep.md"], {})).toEqual({ lang: "zh", argv: ["generate", "Ep.md"] });
		expect(chooseLanguage(["models", "--lang=en"], { LANG: "zh_CN.UTF-8" })).toEqual({ lang: "en", argv: ["models"] });
	});

	it("falls back to LC_ALL, then LC_MESSAGES, then LANG, then English", () => {
		expect(chooseLanguage(["models"], { LC_ALL: "zh_CN.UTF-8", LANG: "en_US.UTF-8" }).lang).toBe("zh");
		expect(chooseLanguage(["models"], { LC_ALL: "", LC_MESSAGES: "en_GB.UTF-8", LANG: "zh_CN.UTF-8" }).lang).toBe("en");
		expect(chooseLanguage(["models"], { LC_ALL: "C", LANG: "zh_TW.UTF-8" }).lang).toBe("zh");
		expect(chooseLanguage(["models"], { LANG: "C.UTF-8" }).lang).toBe("en");
		expect(chooseLanguage(["models"], {}).lang).toBe("en");
	});

	it("is English with --json, whatever --lang or the environment say", () => {
		expect(chooseLanguage(["generate", "x.md", "--json", "--lang", "zh"], { LANG: "zh_CN.UTF-8" })).toEqual({
			lang: "en",
			argv: ["generate", "x.md", "--json"],
		});
	});

	it("leaves what follows -- alone, and refuses an unknown language", () => {
		expect(chooseLanguage(["sim", "--", "--lang", "fr"], {}).argv).toEqual(["sim", "--", "--lang", "fr"]);
		expect(() => chooseLanguage(["models", "--lang", "fr"], {})).toThrow(new UsageError("--lang must be en or zh (got fr)"));
		expect(() => chooseLanguage(["models", "--lang"], {})).toThrow(UsageError);
	});
});

describe("main", () => {
	function capture(): { err: () => string; out: () => string } {
		let err = "";
		let out = "";
		vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
		vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
		return { err: () => err, out: () => out };
	}

	it("prints a usage error and its hint in Chinese with --lang zh", async () => {
		const io = capture();
		expect(await main(["frobnicate", "--lang", "zh"])).toBe(2);
		expect(io.err()).toBe("cineflow：未知命令 frobnicate\n运行 cineflow --help 查看用法。\n");
		expect(language()).toBe("zh");
	});

	it("prints the same error in English by default", async () => {
		const io = capture();
		expect(await main(["generate"])).toBe(2);
		expect(io.err()).toBe("cineflow: generate needs exactly one note or folder\nRun cineflow --help for usage.\n");
	});

	it("prints the whole usage in Chinese, setting flags included", async () => {
		const io = capture();
		expect(await main(["--help", "--lang", "zh"])).toBe(0);
		expect(io.out()).toMatch(/^用法：\n {2}cineflow --version\n/);
		expect(io.out()).toContain("密钥只从环境变量读取");
		expect(io.out()).toContain("  cineflow models [--provider ID] [--all] [--json | --markdown]   列出模型及其状态、控制项和价格");
	});

	it("refuses --lang fr before anything else, in English", async () => {
		const io = capture();
		expect(await main(["models", "--lang", "fr"])).toBe(2);
		expect(io.err()).toBe("cineflow: --lang must be en or zh (got fr)\nRun cineflow --help for usage.\n");
		expect(io.out()).toBe("");
	});
});
