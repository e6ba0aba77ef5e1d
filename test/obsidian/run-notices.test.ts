/**
 * The run's start and end notices (issue 19): whole catalog messages, the same
 * English as before and Chinese with full-width punctuation, counts as a list; and
 * an approval snapshot of every kind of notice (__snapshots__/run-notices.*.txt).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunStartEvent, SummaryEvent } from "../../src/ports/events";
import { setLanguage } from "../../src/core/i18n";
import { endNoticeText, startNoticeText } from "../../src/obsidian/run-notices";
import { RunState } from "../../src/obsidian/run-state";
import { jobEvent, runStart, summaryEvent, warningEvent } from "../support/events";

const START: RunStartEvent = runStart({ jobs: 5, ready: 4, skipped: 1, costEstimate: 0.3 });

function summary(over: Partial<SummaryEvent> = {}): SummaryEvent {
	return summaryEvent({ at: 200_000, submitted: 4, succeeded: 3, failed: 1, skipped: 1, cost_estimate: 0.4, ...over });
}

/** A finished run: 3 done, 1 failed, 1 already done. */
function finished(mode: "generate" | "resume" = "generate"): RunState {
	const state = new RunState("Ep.md", mode, () => 200_000);
	state.budgetUsd = 1;
	state.emit(START);
	const job = (shot: string, s: "done" | "failed" | "skipped") =>
		state.emit(jobEvent({ at: 100_000, shotId: shot, state: s, cost: 0.1, remoteId: s === "skipped" ? undefined : `t-${shot}` }));
	job("s01", "done");
	job("s02", "done");
	job("s03", "done");
	job("s04", "failed");
	job("s05", "skipped");
	state.emit(summary());
	return state;
}

describe("run notices", () => {
	afterEach(() => setLanguage("en"));

	it("English: start and end, desktop and phone", () => {
		const state = finished();
		expect(startNoticeText(START, state, false)).toBe("CineFlow: Generating 4 shots (1 already done). Progress is in the status bar and the queue.");
		expect(startNoticeText({ ...START, ready: 1, skipped: 0 }, state, true)).toBe(
			"CineFlow: Generating 1 shot. Estimated $0.30, budget $1.00. Progress is in the queue.",
		);
		expect(endNoticeText(state, false)).toBe("CineFlow finished: 3 done, 1 failed, 1 already done. Estimated cost $0.40. Details are in the queue.");
		expect(endNoticeText(state, true)).toBe(
			"CineFlow finished: 3 done, 1 failed, 1 already done. Estimated cost $0.40. $0.40 spent of about $0.30 estimated · budget $1.00; took 3 m 20 s. Details are in the queue.",
		);
	});

	it("Chinese: the same notices in whole Chinese sentences", () => {
		setLanguage("zh");
		const state = finished("resume");
		expect(startNoticeText(START, state, false)).toBe("CineFlow：正在继续 4 个分镜（此前已完成 1 个）。进度显示在状态栏和队列中。");
		expect(startNoticeText({ ...START, skipped: 0 }, state, true)).toBe("CineFlow：正在继续 4 个分镜。估算 US$0.30，预算 US$1.00。进度显示在队列中。");
		expect(endNoticeText(state, false)).toBe("CineFlow 已结束：完成 3 个，失败 1 个，此前已完成 1 个。估算费用 US$0.40。详情见队列。");
		expect(endNoticeText(state, true)).toContain("已花费 US$0.40，估算共约 US$0.30 · 预算 US$1.00；用时 3 分 20 秒。");
	});

	it("nothing to generate, with what was left and why", () => {
		const state = new RunState("Ep.md", "generate", () => 0);
		state.emit({ ...START, ready: 0, skipped: 2 });
		state.emit(jobEvent({ at: 0, state: "skipped" }));
		state.emit(jobEvent({ at: 0, shotId: "s02", state: "skipped" }));
		state.emit(summary({ submitted: 0, succeeded: 0, failed: 0, skipped: 2, busy: 1, cost_estimate: null }));
		expect(endNoticeText(state, false)).toBe("CineFlow: nothing to generate (1 already done, 1 left to another run working on the same note).");
		setLanguage("zh");
		expect(endNoticeText(state, false)).toBe("CineFlow：没有需要生成的分镜（此前已完成 1 个，1 个留给正在处理同一笔记的另一次运行）。");
	});

	/** Every kind of start and end notice, desktop and phone, one a line under its case. */
	function allNotices(): string {
		const out: string[] = [];
		const say = (name: string, text: string) => out.push(`## ${name}`, text, "");
		const generate = finished();
		say("start, generate, desktop", startNoticeText(START, generate, false));
		say("start, generate, phone, estimate and budget", startNoticeText(START, generate, true));
		const noBudget = finished();
		noBudget.budgetUsd = null;
		say("start, phone, estimate only", startNoticeText({ ...START, skipped: 0 }, noBudget, true));
		say("start, phone, nothing known", startNoticeText({ ...START, skipped: 0, costEstimate: null }, noBudget, true));
		const resume = finished("resume");
		say("start, resume, with invalid shots", startNoticeText({ ...START, invalid: 2 }, resume, false));
		say("end, desktop", endNoticeText(generate, false));
		say("end, phone", endNoticeText(generate, true));

		const clean = new RunState("Ep.md", "generate", () => 65_000);
		clean.emit(runStart({ jobs: 2, costEstimate: 0.2 }));
		clean.emit(jobEvent({ state: "done", cost: 0.1 }));
		clean.emit(jobEvent({ shotId: "s02", state: "done", cost: 0.1 }));
		clean.emit(warningEvent("embed not found", { notePath: "Ep.md" }));
		clean.emit(summaryEvent({ at: 65_000, submitted: 2, succeeded: 2, cost_estimate: 0.2 }));
		say("end, all done, one warning", endNoticeText(clean, false));

		const stopped = new RunState("Ep.md", "generate", () => 30_000);
		stopped.emit(runStart({ jobs: 3, costEstimate: null }));
		stopped.emit(jobEvent({ state: "done" }));
		stopped.emit(jobEvent({ shotId: "s02", state: "cancelled", left: "never-sent" }));
		stopped.emit(jobEvent({ shotId: "s03", state: "invalid" }));
		stopped.emit(summaryEvent({ at: 30_000, submitted: 1, succeeded: 1, invalid: 1, stopped: "cancel" }));
		say("end, cancelled, price unknown", endNoticeText(stopped, false));

		const nothing = new RunState("Ep.md", "generate", () => 0);
		nothing.emit(runStart({ jobs: 0 }));
		nothing.emit(summaryEvent());
		say("end, nothing at all", endNoticeText(nothing, false));
		return out.join("\n");
	}

	for (const lang of ["en", "zh"] as const) {
		it(`approval snapshot: ${lang}`, async () => {
			setLanguage(lang);
			await expect(allNotices()).toMatchFileSnapshot(`__snapshots__/run-notices.${lang}.txt`);
		});
	}
});
