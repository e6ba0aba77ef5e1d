/** A board row's state label: the live run's while it works on the shot, else the stored one; English and Chinese. */
import { afterEach, describe, expect, it } from "vitest";
import type { BoardRow } from "../../../src/core/board/model";
import { setLanguage } from "../../../src/core/i18n";
import { shownState } from "../../../src/obsidian/board/row";

const row = (state: BoardRow["state"], message?: string): BoardRow => ({
	key: "Ep.md::s01",
	notePath: "Ep.md",
	line: 3,
	index: 1,
	shotId: "s01",
	storageId: "s01",
	prompt: "Rain",
	state,
	...(message ? { message } : {}),
	takes: [],
	chosenTake: null,
	videoPath: null,
	posterPath: null,
	cost: { source: "estimate", usd: 0, paidTakes: 0, unknownPrice: 0 },
	outputFolder: "_assets/Ep",
});

describe("shownState", () => {
	afterEach(() => setLanguage("en"));

	it("English: live states with progress, stored states with their reason", () => {
		expect(shownState(row("not-generated"), { state: "running", progress: 41.6 })).toMatchObject({ label: "Running 42%", kind: "running", progress: 42 });
		expect(shownState(row("not-generated"), { state: "downloading", progress: 80 }).label).toBe("Downloading 80%");
		expect(shownState(row("not-generated"), { state: "pending" }).label).toBe("Waiting");
		expect(shownState(row("expired", "The download link expired"), undefined)).toMatchObject({
			label: "Link expired",
			kind: "expired",
			message: "The download link expired",
		});
	});

	it("Chinese: the same states", () => {
		setLanguage("zh");
		expect(shownState(row("not-generated"), { state: "running", progress: 41.6 }).label).toBe("运行中 42%");
		expect(shownState(row("not-generated"), { state: "downloading", progress: 80 }).label).toBe("下载中 80%");
		expect(shownState(row("not-generated"), { state: "pending" }).label).toBe("等待中");
		expect(shownState(row("not-generated"), { state: "submitting" }).label).toBe("提交中");
		expect(shownState(row("not-generated"), { state: "cancelled" }).label).toBe("已取消");
		expect(shownState(row("done"), undefined).label).toBe("完成");
		expect(shownState(row("failed", "policy: blocked"), undefined)).toMatchObject({ label: "失败", message: "policy: blocked" });
		expect(shownState(row("unknown"), undefined).label).toBe("结果未知");
		expect(shownState(row("expired"), undefined).label).toBe("链接已过期");
		expect(shownState(row("invalid"), undefined).label).toBe("无效");
	});
});
