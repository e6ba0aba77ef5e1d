/**
 * The spend question's words: the action (button and title) and the estimate, one
 * whole message for each case, in English and in Chinese; and the threshold rule.
 */
import { afterEach, describe, expect, it } from "vitest";
import { formatUsd } from "../../../src/core/cost";
import { setLanguage } from "../../../src/core/i18n";
import { actionLabel, actionQuestion, estimateText, skipConfirm, type SpendAction, type SpendEstimate } from "../../../src/obsidian/board/confirm";

const action: SpendAction = { kind: "missing", count: 3 };
const est = (takes: number, resume: number, cost: number | null, unknownCost: number): SpendEstimate => ({ action, takes, resume, cost, unknownCost });

describe("the spend question", () => {
	afterEach(() => setLanguage("en"));

	it("English: the action as a button and as a question, with plurals", () => {
		expect(actionLabel({ kind: "regenerate", shot: "s02" })).toBe("Regenerate s02");
		expect(actionQuestion({ kind: "regenerate", shot: "s02" })).toBe("Regenerate s02?");
		expect(actionLabel({ kind: "missing", count: 1 })).toBe("Generate 1 missing shot");
		expect(actionLabel({ kind: "missing", count: 3 })).toBe("Generate 3 missing shots");
		expect(actionLabel({ kind: "selected", count: 1 })).toBe("Generate 1 selected shot");
		expect(actionQuestion({ kind: "selected", count: 2 })).toBe("Generate 2 selected shots?");
	});

	it("English: the estimate in each of its six cases", () => {
		expect(estimateText(est(1, 0, 0.4, 0))).toBe("1 new take. Estimated cost $0.40.");
		expect(estimateText(est(2, 0, null, 2))).toBe("2 new takes. Estimated cost unknown.");
		expect(estimateText(est(3, 0, 0.8, 1))).toBe("3 new takes. Estimated cost $0.80 plus 1 of unknown price.");
		expect(estimateText(est(2, 1, 0.8, 0))).toBe("2 new takes, 1 submitted earlier, collected at no new charge. Estimated cost $0.80.");
		expect(estimateText(est(1, 2, null, 1))).toBe("1 new take, 2 submitted earlier, collected at no new charge. Estimated cost unknown.");
		expect(estimateText(est(3, 2, 0.8, 1))).toBe(
			"3 new takes, 2 submitted earlier, collected at no new charge. Estimated cost $0.80 plus 1 of unknown price.",
		);
	});

	it("Chinese: the action and the estimate, money as US$", () => {
		setLanguage("zh");
		expect(actionLabel({ kind: "regenerate", shot: "s02" })).toBe("重新生成 s02");
		expect(actionQuestion({ kind: "regenerate", shot: "s02" })).toBe("重新生成 s02？");
		expect(actionLabel({ kind: "missing", count: 1 })).toBe("生成 1 个缺失的分镜");
		expect(actionQuestion({ kind: "selected", count: 2 })).toBe("生成 2 个所选分镜？");
		expect(estimateText(est(1, 0, 0.4, 0))).toBe(`1 个新版本。估算费用 ${formatUsd(0.4)}。`);
		expect(formatUsd(0.4)).toBe("US$0.40");
		expect(estimateText(est(2, 0, null, 2))).toBe("2 个新版本。估算费用未知。");
		expect(estimateText(est(3, 0, 0.8, 1))).toBe("3 个新版本。估算费用 US$0.80，另有 1 个价格未知。");
		expect(estimateText(est(2, 1, 0.8, 0))).toBe("2 个新版本，另取回 1 个之前已提交的任务（不再收费）。估算费用 US$0.80。");
		expect(estimateText(est(1, 2, null, 1))).toBe("1 个新版本，另取回 2 个之前已提交的任务（不再收费）。估算费用未知。");
		expect(estimateText(est(3, 2, 0.8, 1))).toBe("3 个新版本，另取回 2 个之前已提交的任务（不再收费）。估算费用 US$0.80，另有 1 个价格未知。");
	});

	it("asks unless the whole estimate is known and under the threshold", () => {
		expect(skipConfirm(est(1, 0, 0.4, 0), 1)).toBe(true);
		expect(skipConfirm(est(1, 0, 0.4, 0), 0)).toBe(false);
		expect(skipConfirm(est(1, 0, 1.5, 0), 1)).toBe(false);
		expect(skipConfirm(est(2, 0, 0.4, 1), 10)).toBe(false);
		expect(skipConfirm(est(1, 0, null, 1), 10)).toBe(false);
	});
});
