import { afterEach, describe, expect, it } from "vitest";
import { formatValues, setLanguage } from "../../../src/core/i18n";
import { chatUrl } from "../../../src/core/assistant/request";
import { systemPrompt } from "../../../src/core/assistant/prompts";

afterEach(() => setLanguage("en"));

describe("script assistant messages", () => {
	it("explain a bad base URL in the interface language", () => {
		expect(() => chatUrl("ftp://x")).toThrow("the script assistant's base URL must be an http(s) URL (got ftp://x)");
		setLanguage("zh");
		expect(() => chatUrl("ftp://x")).toThrow("剧本助手的基础 URL 必须是 http(s) 地址（当前为 ftp://x）");
	});

	it("keep the prompt sent to the model in English whatever the interface language", () => {
		setLanguage("zh");
		const p = systemPrompt({ scriptName: "第一集", durations: [10, 15], defaultDuration: 10, orientation: "portrait" });
		expect(p).toContain("You are a storyboard assistant");
		expect(p).toContain("Durations (seconds) allowed: 10, 15; use null for the default (10)");
	});

	it("list allowed values with the language's separator", () => {
		expect(formatValues("en", ["10", "15", "25"])).toBe("10, 15, 25");
		expect(formatValues("zh", ["10", "15", "25"])).toBe("10、15、25");
	});
});
