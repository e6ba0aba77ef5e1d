/**
 * The dry-run table in English and Chinese: approval snapshots from fixed inputs,
 * and CJK-aware alignment (Chinese note names take two columns a character).
 */
import { afterEach, describe, expect, it } from "vitest";
import { formatDryRun, totalCostText } from "../../src/core/dryrun";
import { displayWidth, setLanguage } from "../../src/core/i18n";
import { parseMarkdown } from "../../src/core/parse";
import { planJobs } from "../../src/core/plan";
import { TEST_SETTINGS } from "../support/settings";

afterEach(() => setLanguage("en"));

const NOTE = [
	"---",
	"cineflow:",
	"  provider: sorahk",
	"  orientation: vertical",
	"---",
	"```shot",
	"id: s01",
	"prompt: 雨夜的小巷，霓虹灯闪烁",
	"duration: 10",
	"```",
	"",
	"```shot",
	"id: s02",
	"prompt: 她撑着红伞走过",
	"duration: 15",
	"orientation: landscape",
	"takes: 2",
	"```",
	"",
	"```shot",
	"id: s03",
	"prompt: 一只狗在叫",
	"duration: 7",
	"```",
	"",
].join("\n");

/** A fixed plan: a Chinese note name and prompts, one shot already rendered, one invalid. */
function plan(notePath = "Scenes/第一集.md") {
	const note = parseMarkdown(notePath, NOTE);
	const stem = notePath.replace(/^.*\//, "").replace(/\.md$/, "");
	return planJobs([note], TEST_SETTINGS, new Map([[`Scenes/_assets/${stem}/s01.mp4`, 10]]));
}

/** The characters of `line` between display columns [from, to). */
function sliceDisplay(line: string, from: number, to: number): string {
	let col = 0;
	let out = "";
	for (const ch of line) {
		const w = displayWidth(ch);
		if (col >= from && col + w <= to) out += ch;
		col += w;
	}
	return out;
}

/** Column starts and widths from the dashes under the header. */
function columns(dashes: string): Array<{ start: number; width: number }> {
	return [...dashes.matchAll(/-+/g)].map((m) => ({ start: m.index, width: m[0].length }));
}

function expectAligned(text: string): void {
	const lines = text.split("\n");
	const end = lines.indexOf("");
	const table = lines.slice(0, end);
	const cols = columns(table[1]!);
	expect(cols).toHaveLength(11);
	for (const line of [table[0]!, ...table.slice(2)]) {
		// Every cell but the last sits inside its column, with blanks only where padding goes.
		for (let i = 0; i < cols.length - 1; i++) {
			const c = cols[i]!;
			const cell = sliceDisplay(line, c.start, c.start + c.width);
			expect(displayWidth(cell), `${line} / column ${i}`).toBe(c.width);
			expect(cell.trim().length, `${line} / column ${i}`).toBeGreaterThan(0);
			// The two blanks between columns (a row without a reason ends at its cost).
			if (displayWidth(line) > c.start + c.width) expect(sliceDisplay(line, c.start + c.width, c.start + c.width + 2)).toBe("  ");
		}
		// The last column (the reason), when there is one, starts where its dashes start.
		const last = cols[cols.length - 1]!;
		if (displayWidth(line) > last.start) expect(sliceDisplay(line, last.start - 2, last.start)).toBe("  ");
	}
}

describe("formatDryRun with Chinese note names", () => {
	it("keeps every column at the same display column on every row, in English and Chinese", () => {
		for (const lang of ["en", "zh"] as const) {
			setLanguage(lang);
			const text = formatDryRun(plan());
			expect(text).toContain("Scenes/第一集.md");
			expectAligned(text);
		}
	});

	it("cuts a long note name to 40 display columns, keeping its end", () => {
		setLanguage("zh");
		const text = formatDryRun(plan("Scenes/第一季的很长很长的名字/第一集：夜晚的小巷里发生了什么.md"));
		const row = text.split("\n")[2]!;
		const note = row.slice(0, row.indexOf(" "));
		expect(note.startsWith("…")).toBe(true);
		expect(note.endsWith("发生了什么.md")).toBe(true);
		expect(displayWidth(note)).toBeLessThanOrEqual(40);
		expectAligned(text);
	});
});

describe("totalCostText", () => {
	it("says how many jobs have no price, in both languages", () => {
		expect(totalCostText({ cost: 0.1, unknownCost: 2 })).toBe("$0.10 + 2 jobs of unknown price");
		expect(totalCostText({ cost: null, unknownCost: 1 })).toBe("unknown (1 job of unknown price)");
		setLanguage("zh");
		expect(totalCostText({ cost: 0.1, unknownCost: 2 })).toBe("US$0.10 + 2 个价格未知的任务");
		expect(totalCostText({ cost: null, unknownCost: 1 })).toBe("未知（1 个价格未知的任务）");
		expect(totalCostText({ cost: 0.4, unknownCost: 0 })).toBe("US$0.40");
	});
});

describe("dry-run snapshots", () => {
	it("English", () => {
		expect(formatDryRun(plan())).toMatchInlineSnapshot(`
			"Note              Line  Shot  Take  Provider/model  Duration  Orientation/size     Pro  Status   Est. cost  Reason
			----------------  ----  ----  ----  --------------  --------  -------------------  ---  -------  ---------  -------------------------------------------------------------------------------------------------
			Scenes/第一集.md     6  s01      1  sorahk/sora-2        10s  vertical 720x1280    no   skipped      $0.00  Scenes/_assets/第一集/s01.mp4 already exists
			Scenes/第一集.md    12  s02      1  sorahk/sora-2        15s  horizontal 1280x720  no   ready        $0.08
			Scenes/第一集.md    12  s02      2  sorahk/sora-2        15s  horizontal 1280x720  no   ready        $0.08
			Scenes/第一集.md    20  s03      1  sorahk/sora-2         7s  vertical 720x1280    no   invalid          —  Scenes/第一集.md:20 shot s03: duration 7 is not allowed for sorahk (allowed: 10, 15; 25 with pro)

			Totals
			  Shots:    3
			  Jobs:     4 (ready 2, skipped 1, invalid 1)
			  Seconds:  30 (ready jobs)
			  Estimated cost: $0.15
			  Price sources:
			    sorahk/sora-2: the original CineFlow's flat estimate of $0.005/s; Sora.hk's GET /pricing gives 3 (normal) and 30 (pro) US cents without a unit, so pro is unknown
			"
		`);
	});

	it("Chinese", () => {
		setLanguage("zh");
		expect(formatDryRun(plan())).toMatchInlineSnapshot(`
			"笔记              行  分镜  版本  服务商/模型     时长  画面方向/分辨率  专业版  状态    估算费用  原因
			----------------  --  ----  ----  -------------  -----  ---------------  ------  ------  --------  -------------------------------------------------------------------------------------
			Scenes/第一集.md   6  s01      1  sorahk/sora-2  10 秒  竖屏 720x1280    否      已跳过   US$0.00  Scenes/_assets/第一集/s01.mp4 已存在
			Scenes/第一集.md  12  s02      1  sorahk/sora-2  15 秒  横屏 1280x720    否      待提交   US$0.08
			Scenes/第一集.md  12  s02      2  sorahk/sora-2  15 秒  横屏 1280x720    否      待提交   US$0.08
			Scenes/第一集.md  20  s03      1  sorahk/sora-2   7 秒  竖屏 720x1280    否      无效           —  Scenes/第一集.md:20 分镜 s03：时长 7 秒不可用于 sorahk（可选：10、15；专业版可选 25）

			合计
			  分镜：3
			  任务：4（待提交 2，已跳过 1，无效 1）
			  秒数：30（待提交的任务）
			  估算费用：US$0.15
			  价格来源：
			    sorahk/sora-2: the original CineFlow's flat estimate of $0.005/s; Sora.hk's GET /pricing gives 3 (normal) and 30 (pro) US cents without a unit, so pro is unknown
			"
		`);
	});
});
