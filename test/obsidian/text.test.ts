/** The plugin's joiners (issue 19): separators come from the catalog, so they follow the language. */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { joinClauses, joinIds, joinList, joinPhrases, joinSentences } from "../../src/obsidian/text";

describe("joining catalog messages", () => {
	afterEach(() => setLanguage("en"));

	it("joins lists, ids and sentences with the language's separators, skipping empty parts", () => {
		expect(joinList(["3 done", "", "1 failed"])).toBe("3 done, 1 failed");
		expect(joinIds(["s03", "s07"])).toBe("s03, s07");
		expect(joinSentences(["One.", "Two."])).toBe("One. Two.");
		expect(joinList([])).toBe("");
		setLanguage("zh");
		expect(joinList(["完成 3 个", "失败 1 个"])).toBe("完成 3 个，失败 1 个");
		expect(joinIds(["s03", "s07", "s09"])).toBe("s03、s07、s09");
		expect(joinSentences(["一。", "二。"])).toBe("一。二。");
	});

	it("joins clauses and phrases", () => {
		expect(joinClauses(["no video yet: s03", "video missing: s05"])).toBe("no video yet: s03; video missing: s05");
		expect(joinPhrases(["wrote a.otio", "3 shots in the cut"])).toBe("wrote a.otio. 3 shots in the cut");
		setLanguage("zh");
		expect(joinClauses(["尚无视频：s03", "视频缺失：s05"])).toBe("尚无视频：s03；视频缺失：s05");
		expect(joinPhrases(["已写入 a.otio", "剪辑中有 3 个分镜"])).toBe("已写入 a.otio。剪辑中有 3 个分镜");
	});
});
