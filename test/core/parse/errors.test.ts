/** The message helpers every validation error goes through, in English and Chinese (issue 19). */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { issue, issueCode, joinProblems, list, located, problem, show, where } from "../../../src/core/parse/errors";

afterEach(() => setLanguage("en"));

describe("location, separators and lists", () => {
	it("English: path:line shot id, a colon, commas and semicolons", () => {
		expect(where("Scenes/Ep1.md", 42, "s03")).toBe("Scenes/Ep1.md:42 shot s03");
		expect(where("Scenes/Ep1.md", 7)).toBe("Scenes/Ep1.md:7");
		expect(located(where("a.md", 3, "s01"), "prompt is missing")).toBe("a.md:3 shot s01: prompt is missing");
		expect(list([10, 15, "25"])).toBe("10, 15, 25");
		expect(joinProblems([problem("parse.prompt.missing"), "x"])).toBe("prompt is missing; x");
		expect(show(undefined)).toBe("nothing");
	});

	it("Chinese: 分镜, a full-width colon, 、 and ；", () => {
		setLanguage("zh");
		expect(where("Scenes/第一集.md", 42, "s03")).toBe("Scenes/第一集.md:42 分镜 s03");
		expect(where("Scenes/第一集.md", 7)).toBe("Scenes/第一集.md:7");
		expect(located(where("a.md", 3, "s01"), "缺少 prompt")).toBe("a.md:3 分镜 s01：缺少 prompt");
		expect(list([10, 15, "25"])).toBe("10、15、25");
		expect(joinProblems([problem("parse.prompt.missing"), problem("parse.prompt.empty")])).toBe("缺少 prompt；prompt 为空");
		expect(show(undefined)).toBe("空值");
		expect(show("Ab")).toBe('"Ab"');
	});
});

describe("issues carry a stable code", () => {
	it("the catalog key, the same in every language; none for free text", () => {
		const en = issue("error", "a.md", 1, problem("parse.fm.notMap"));
		setLanguage("zh");
		const zh = issue("error", "a.md", 1, problem("parse.fm.notMap"));
		expect(en).toEqual({ severity: "error", line: 1, message: "a.md:1: front matter is not a map of keys; it is ignored" });
		expect(zh.message).toBe("a.md:1：front matter 不是键值映射，已忽略");
		expect([issueCode(en), issueCode(zh)]).toEqual(["parse.fm.notMap", "parse.fm.notMap"]);
		expect(issueCode(issue("warning", "a.md", 1, "free text"))).toBeUndefined();
	});
});
