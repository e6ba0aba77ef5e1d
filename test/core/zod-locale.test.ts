/** zod's own messages follow the interface language (issue 19). */
import { afterEach, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { setLanguage } from "../../src/core/i18n";
import "../../src/core/zod-locale";

afterEach(() => setLanguage("en"));

describe("zod locale", () => {
	const schema = z.object({ n: z.number() });
	const message = () => {
		const r = schema.safeParse({ n: "x" });
		return r.success ? "" : (r.error.issues[0]?.message ?? "");
	};

	it("English by default, as classic zod words it", () => {
		expect(message()).toBe("Invalid input: expected number, received string");
	});

	it("zod's Simplified Chinese when the language is Chinese, chosen per message", () => {
		setLanguage("zh");
		expect(message()).toBe("无效输入：期望 数字，实际接收 string");
		setLanguage("en");
		expect(message()).toBe("Invalid input: expected number, received string");
	});
});
