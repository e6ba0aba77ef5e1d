import { afterEach, describe, expect, it } from "vitest";
import {
	displayWidth,
	formatDuration,
	formatList,
	formatMoney,
	padDisplay,
	render,
	resolveLanguage,
	setLanguage,
	t,
	tIn,
	truncateDisplay,
} from "../../../src/core/i18n";

afterEach(() => setLanguage("en"));

describe("i18n rendering", () => {
	it("plurals through Intl.PluralRules", () => {
		expect(tIn("en", "common.jobs", { count: 1 })).toBe("1 job");
		expect(tIn("en", "common.jobs", { count: 2 })).toBe("2 jobs");
		expect(tIn("zh", "common.jobs", { count: 1 })).toBe("1 个任务");
	});

	it("t follows the language that was set; render takes a typed message", () => {
		setLanguage("zh");
		expect(t("common.shotRef", { path: "Scenes/第一集.md", line: 42, shot: "s03" })).toBe("Scenes/第一集.md:42 分镜 s03");
		expect(render({ code: "common.cancel" }, "en")).toBe("Cancel");
	});

	it("line numbers are not grouped", () => {
		expect(tIn("en", "common.lineRef", { path: "a.md", line: 12345 })).toBe("a.md:12345");
	});

	it("money, durations and lists through Intl", () => {
		expect(formatMoney("en", 1.23)).toBe("$1.23");
		expect(formatMoney("en", 0.4 - 1e-17)).toBe("$0.40");
		expect(formatMoney("en", 0.075)).toBe("$0.08");
		expect(formatMoney("en", 0.005)).toBe("$0.005");
		expect(formatMoney("en", 0.0025)).toBe("$0.0025");
		expect(formatMoney("en", -2)).toBe("-$2.00");
		expect(formatMoney("zh", 1.23)).toBe("US$1.23");
		expect(formatDuration("en", 200)).toBe("3 min 20 sec");
		expect(formatDuration("zh", 3900)).toBe("1小时5分钟");
		expect(formatDuration("en", 45)).toBe("45 sec");
		expect(formatList("zh", ["10", "15", "25"])).toBe("10、15或25");
		expect(formatList("en", ["10", "15"])).toBe("10 or 15");
	});

	it("languages from locale tags and environment values", () => {
		expect(resolveLanguage("zh_CN.UTF-8")).toBe("zh");
		expect(resolveLanguage("zh-TW")).toBe("zh");
		expect(resolveLanguage("en_US.UTF-8")).toBe("en");
		expect(resolveLanguage("fr")).toBe("en");
		expect(resolveLanguage("C")).toBeUndefined();
		expect(resolveLanguage("")).toBeUndefined();
	});

	it("display width counts CJK as two columns", () => {
		expect(displayWidth("第一集")).toBe(6);
		expect(displayWidth("s03")).toBe(3);
		expect(padDisplay("第一", 6) + "|").toBe("第一  |");
		expect(truncateDisplay("第一集第二集", 7)).toBe("第一集…");
		expect(displayWidth(truncateDisplay("第一集第二集", 7))).toBeLessThanOrEqual(7);
	});
});
