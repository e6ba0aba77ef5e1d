/** The run dialog's shot filter says what is wrong in the interface's language (issue 19). */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { parseShotFilter } from "../../src/obsidian/filter";

describe("shot filter messages", () => {
	afterEach(() => setLanguage("en"));

	it("English and Chinese, with the user's term quoted as typed", () => {
		expect(parseShotFilter("5-2")).toEqual({ ok: false, message: '"5-2" is not a range like 1-5.' });
		expect(parseShotFilter("s1, ?x")).toEqual({ ok: false, message: '"?x" is not a shot number, range, id or note:name.' });
		setLanguage("zh");
		expect(parseShotFilter("5-2")).toEqual({ ok: false, message: "“5-2” 不是形如 1-5 的范围。" });
		expect(parseShotFilter("0")).toEqual({ ok: false, message: "分镜编号从 1 开始。" });
		expect(parseShotFilter("?x")).toEqual({ ok: false, message: "“?x” 不是分镜编号、范围、ID 或 note:名称。" });
		expect(parseShotFilter("1-3, s10")).toMatchObject({ ok: true, empty: false });
	});
});

describe("shot filter", () => {
	it("parses the run dialog's shot filter", () => {
		const r = parseShotFilter("1-3, 8, s10, note:ep2");
		if (!r.ok) throw new Error(r.message);
		expect(r.test({ notePath: "Film/Ep2.md", shotId: "s02", index: 2 })).toBe(true);
		expect(r.test({ notePath: "Film/Ep2.md", shotId: "s10", index: 10 })).toBe(true);
		expect(r.test({ notePath: "Film/Ep2.md", shotId: "s04", index: 4 })).toBe(false);
		expect(r.test({ notePath: "Film/Ep1.md", shotId: "s02", index: 2 })).toBe(false);
		expect(parseShotFilter("")).toMatchObject({ ok: true, empty: true });
		expect(parseShotFilter("5-2")).toMatchObject({ ok: false });
		expect(parseShotFilter("0")).toMatchObject({ ok: false, message: "Shot numbers start at 1." });
		expect(parseShotFilter("a b")).toMatchObject({ ok: false });
	});
});
