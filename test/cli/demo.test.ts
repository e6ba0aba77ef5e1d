/** The demo's narration in Chinese (the English one is pinned in test/e2e/demo.test.ts). */
import { afterEach, describe, expect, it } from "vitest";
import { explainCreates } from "../../src/cli/demo";
import { setLanguage } from "../../src/core/i18n";

afterEach(() => setLanguage("en"));

describe("explainCreates in Chinese", () => {
	it("counts creates and tasks, and says why there were more creates", () => {
		setLanguage("zh");
		const one = { at: 0, provider: "sorahk", route: "create" as const, method: "POST", path: "/", status: 200 };
		expect(explainCreates([one], 1)).toBe("模拟器为 1 个任务收到了 1 次提交请求。");
		expect(explainCreates([{ ...one, status: 429 }, { ...one, status: 502 }, { ...one, status: 400 }, one], 1, 2)).toBe(
			"模拟器为 1 个任务收到了 4 次提交请求：1 次返回 429 繁忙（模拟的服务商最多同时运行 2 个任务：CineFlow 学到了这个上限，等待后重新发送）；" +
				"1 次返回注入的服务器错误（5xx 或连接中断；只有在回应或查询表明没有创建任务后才会重新发送）；1 次被拒绝（4xx）。",
		);
	});
});
