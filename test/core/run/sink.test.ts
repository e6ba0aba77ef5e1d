/** The budget stop before a create, in both languages (issue 19): a typed reason, a worded message. */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import type { RunContext } from "../../../src/core/run/context";
import type { WorkItem } from "../../../src/core/run/options";
import { budgetCheck } from "../../../src/core/run/sink";

afterEach(() => setLanguage("en"));

function ctxWith(budgetUsd: number | null, committed: number): RunContext {
	return { opts: { settings: { budgetUsd } }, budget: { committed } } as unknown as RunContext;
}

function item(cost: number | null): WorkItem {
	return { job: { notePath: "Scenes/第一集.md", shotId: "s03", model: "sora-2", cost } } as unknown as WorkItem;
}

describe("budgetCheck", () => {
	it("stops with reason budget and the English text when the next shot would pass the budget", () => {
		const stop = budgetCheck(ctxWith(1, 0.9), "sorahk", item(0.5));
		expect(stop).toEqual({
			reason: "budget",
			message: "Budget of $1.00 reached: $0.90 estimated so far; the next shot would cost $0.50. No more shots are submitted.",
		});
	});

	it("words the same stop in Chinese, money in the Chinese format, the reason unchanged", () => {
		setLanguage("zh");
		const stop = budgetCheck(ctxWith(1, 0.9), "sorahk", item(0.5));
		expect(stop?.reason).toBe("budget");
		expect(stop?.message).toBe("已达到 US$1.00 的预算：目前估算花费 US$0.90；下一个分镜的费用为 US$0.50。不再提交更多分镜。");
	});

	it("an unknown price stops in Chinese naming the note, the shot and provider/model as written", () => {
		setLanguage("zh");
		const stop = budgetCheck(ctxWith(5, 0), "sorahk", item(null));
		expect(stop?.reason).toBe("budget");
		expect(stop?.message).toBe("已在 Scenes/第一集.md s03 之前停止：它的价格未知，无法保证不超出 US$5.00 的预算。请在设置中为 sorahk/sora-2 设定价格。");
	});

	it("lets a create within the budget through and counts it", () => {
		const ctx = ctxWith(1, 0.2);
		expect(budgetCheck(ctx, "sorahk", item(0.5))).toBeNull();
		expect(ctx.budget.committed).toBeCloseTo(0.7);
	});
});
