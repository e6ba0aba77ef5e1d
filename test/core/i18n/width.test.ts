/** Display width for terminal tables (src/core/i18n/width.ts): CJK takes two columns, marks and controls none. */
import { describe, expect, it } from "vitest";
import { displayWidth, padDisplay, truncateDisplay } from "../../../src/core/i18n/width";

describe("displayWidth", () => {
	it("counts ASCII as one column, CJK ideographs and full-width punctuation as two", () => {
		expect(displayWidth("Ep1.md")).toBe(6);
		expect(displayWidth("第一集")).toBe(6);
		expect(displayWidth("分镜：s01")).toBe(4 + 2 + 3);
		expect(displayWidth("ＡＢ")).toBe(4);
	});

	it("gives combining marks, zero-width joiners, variation selectors and control characters no column", () => {
		expect(displayWidth("e\u0301")).toBe(1);
		expect(displayWidth("a\u200db\u200bc")).toBe(3);
		expect(displayWidth("x\ufe0f")).toBe(1);
		expect(displayWidth("a\tb\u0007")).toBe(2);
		expect(displayWidth("")).toBe(0);
	});
});

describe("padDisplay", () => {
	it("pads to a display width on the right by default, on the left for numbers", () => {
		expect(padDisplay("第一集", 8)).toBe("第一集  ");
		expect(padDisplay("42", 5, "right")).toBe("   42");
		expect(displayWidth(padDisplay("雨 s01", 10))).toBe(10);
	});

	it("leaves text that is already as wide or wider alone", () => {
		expect(padDisplay("第一集", 4)).toBe("第一集");
		expect(padDisplay("abc", 3)).toBe("abc");
	});
});

describe("truncateDisplay", () => {
	it("keeps text that fits, and cuts the rest to the width with an ellipsis", () => {
		expect(truncateDisplay("short", 10)).toBe("short");
		expect(truncateDisplay("abcdefghij", 5)).toBe("abcd…");
		expect(displayWidth(truncateDisplay("abcdefghij", 5))).toBe(5);
	});

	it("never splits a wide character: the result may be a column short, never over", () => {
		// Four columns before the ellipsis: two ideographs fit, a third (columns 5–6) would not.
		expect(truncateDisplay("第一集的名字", 5)).toBe("第一…");
		expect(truncateDisplay("第一集的名字", 6)).toBe("第一…");
		for (let w = 1; w <= 12; w++) expect(displayWidth(truncateDisplay("雨夜的小巷，霓虹灯闪烁", w))).toBeLessThanOrEqual(w);
	});
});
