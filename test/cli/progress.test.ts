/**
 * The CLI's progress output in English and Chinese: the run's lines, the final
 * table (sized by display width) and the end summary, from fixed events (no clock).
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { finalTable, summaryLine, TerminalProgress } from "../../src/cli/progress";
import type { RunEvent, SummaryEvent } from "../../src/ports/events";
import { displayWidth, setLanguage } from "../../src/core/i18n";
import { jobEvent, runStart, summaryEvent } from "../support/events";

afterEach(() => setLanguage("en"));

function sink(): Writable & { text: string } {
	const w = new Writable({
		write(chunk: Buffer, _enc, cb) {
			w.text += String(chunk);
			cb();
		},
	}) as Writable & { text: string };
	w.text = "";
	return w;
}

const SUMMARY: SummaryEvent = summaryEvent({
	at: 9,
	submitted: 3,
	succeeded: 2,
	failed: 1,
	skipped: 1,
	invalid: 1,
	cost_estimate: 0.15,
	busy: 1,
	stopped: "budget",
});

/** A fixed run: two notes (one with a Chinese name), a done take, a failed one, a skipped one. */
const EVENTS: RunEvent[] = [
	runStart({ jobs: 4, ready: 3, skipped: 1, costEstimate: 0.15 }),
	jobEvent({ at: 1, notePath: "Scenes/第一集.md", state: "done", outputPath: "Scenes/_assets/第一集/s01.mp4" }),
	jobEvent({
		at: 2,
		notePath: "Scenes/第一集.md",
		shotId: "s02",
		take: 2,
		state: "failed",
		message: "内容审核未通过",
		failure: "policy",
		provider: "sorahk",
	}),
	jobEvent({ at: 3, notePath: "Scenes/Ep2.md", state: "skipped", outputPath: "Scenes/_assets/Ep2/s01.mp4" }),
	SUMMARY,
];

function run(): string {
	const out = sink();
	const p = new TerminalProgress({ json: false, out, now: () => 0 });
	for (const e of EVENTS) p.emit(e);
	return out.text;
}

describe("end summary", () => {
	it("English", () => {
		expect(summaryLine(SUMMARY)).toMatchInlineSnapshot(
			`"submitted 3 · succeeded 2 · failed 1 · skipped 1 · resumed 0 · invalid 1 · unknown 0 · left to another run 1 · estimated cost $0.15 · stopped: budget"`,
		);
		expect(summaryLine({ ...SUMMARY, busy: undefined, stopped: undefined, cost_estimate: null })).toMatchInlineSnapshot(
			`"submitted 3 · succeeded 2 · failed 1 · skipped 1 · resumed 0 · invalid 1 · unknown 0 · estimated cost unknown"`,
		);
	});

	it("Chinese", () => {
		setLanguage("zh");
		expect(summaryLine(SUMMARY)).toMatchInlineSnapshot(
			`"已提交 3 · 成功 2 · 失败 1 · 已跳过 1 · 已恢复 0 · 无效 1 · 未知 0 · 留给另一个运行 1 · 估算费用 US$0.15 · 已停止：超出预算"`,
		);
		expect(summaryLine({ ...SUMMARY, busy: undefined, stopped: undefined, cost_estimate: null })).toMatchInlineSnapshot(
			`"已提交 3 · 成功 2 · 失败 1 · 已跳过 1 · 已恢复 0 · 无效 1 · 未知 0 · 估算费用 未知"`,
		);
	});
});

describe("a run's output", () => {
	it("English", () => {
		expect(run()).toMatchInlineSnapshot(`
			"CineFlow: 4 jobs (3 to run, 1 already done, 0 invalid)
			✓ Scenes/第一集.md s01 → Scenes/_assets/第一集/s01.mp4
			✗ Scenes/第一集.md s02 take 2: failed — 内容审核未通过
			  hint: Sora.hk refused the prompt or an image under its content policy: change the shot; CineFlow does not retry it.

			note              shot  take  state    detail
			----------------  ----  ----  -------  -----------------------------
			Scenes/Ep2.md     s01   1     skipped  Scenes/_assets/Ep2/s01.mp4
			Scenes/第一集.md  s01   1     done     Scenes/_assets/第一集/s01.mp4
			Scenes/第一集.md  s02   2     failed   内容审核未通过

			submitted 3 · succeeded 2 · failed 1 · skipped 1 · resumed 0 · invalid 1 · unknown 0 · left to another run 1 · estimated cost $0.15 · stopped: budget
			"
		`);
	});

	it("Chinese", () => {
		setLanguage("zh");
		expect(run()).toMatchInlineSnapshot(`
			"CineFlow：4 个任务（3 个待运行，1 个已完成，0 个无效）
			✓ Scenes/第一集.md s01 → Scenes/_assets/第一集/s01.mp4
			✗ Scenes/第一集.md s02 第 2 版：失败 — 内容审核未通过
			  提示：Sora.hk 依据内容政策拒绝了提示词或图片：请修改该分镜；CineFlow 不会自动重试。

			笔记              分镜  版本  状态    详情
			----------------  ----  ----  ------  -----------------------------
			Scenes/Ep2.md     s01   1     已跳过  Scenes/_assets/Ep2/s01.mp4
			Scenes/第一集.md  s01   1     完成    Scenes/_assets/第一集/s01.mp4
			Scenes/第一集.md  s02   2     失败    内容审核未通过

			已提交 3 · 成功 2 · 失败 1 · 已跳过 1 · 已恢复 0 · 无效 1 · 未知 0 · 留给另一个运行 1 · 估算费用 US$0.15 · 已停止：超出预算
			"
		`);
	});

	it("with --json stays one event per line, the events as they were", () => {
		setLanguage("zh");
		const out = sink();
		const p = new TerminalProgress({ json: true, out, now: () => 0 });
		for (const e of EVENTS) p.emit(e);
		expect(
			out.text
				.trim()
				.split("\n")
				.map((l) => JSON.parse(l) as RunEvent),
		).toEqual(EVENTS);
	});
});

describe("final table", () => {
	it("starts every column at the same display column with Chinese note names", () => {
		for (const lang of ["en", "zh"] as const) {
			setLanguage(lang);
			const lines = finalTable([
				{ notePath: "Scenes/第一集.md", shotId: "s01", take: 1, state: "done", outputPath: "x.mp4" },
				{ notePath: "Scenes/Ep2.md", shotId: "镜头二", take: 12, state: "timed-out", message: "超时" },
			]).split("\n");
			const starts = [...lines[1]!.matchAll(/-+/g)].map((m) => m.index);
			for (const line of lines) {
				const cells = line.split(/ {2,}/);
				let col = 0;
				const at: number[] = [];
				for (const c of line.split(/( {2,})/)) {
					if (c.trim()) at.push(col);
					col += displayWidth(c);
				}
				expect(at, line).toEqual(starts.slice(0, cells.length));
			}
		}
	});
});
