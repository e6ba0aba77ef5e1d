/** Where a stopped run left each take, worded in the user's language (issue 19). */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { leftMessage } from "../../../src/core/run/left";

afterEach(() => setLanguage("en"));

describe("leftMessage", () => {
	it("keeps the English words the terminal and the queue show today", () => {
		expect(leftMessage({ left: "never-sent" })).toBe("never sent: nothing was paid; the next run sends it");
		expect(leftMessage({ left: "paid-not-downloaded", remoteId: "t-42" })).toBe(
			"finished and paid for, not yet downloaded (task t-42): the next run (or --resume) downloads it without generating again",
		);
		expect(leftMessage({ left: "running" })).toBe("sent and running at the provider: the journal keeps the task; the next run (or --resume) collects it");
	});

	it("says in Chinese that a paid take is not paid for again, naming the task and the flag as written", () => {
		setLanguage("zh");
		expect(leftMessage({ left: "paid-not-downloaded", remoteId: "t-42" })).toBe(
			"已完成并已付费，尚未下载（任务 t-42）：下次运行（或 --resume）会直接下载，不会重新生成",
		);
		expect(leftMessage({ left: "paid-not-downloaded" })).toBe("已完成并已付费，尚未下载：下次运行（或 --resume）会直接下载，不会重新生成");
		expect(leftMessage({ left: "never-sent" })).toBe("从未发送：未付费；下次运行会发送");
		expect(leftMessage({ left: "sent-no-answer" })).toMatch(/^已发送，但未收到答复/);
		expect(leftMessage({ left: "running", remoteId: "abc" })).toContain("（任务 abc）");
	});
});
