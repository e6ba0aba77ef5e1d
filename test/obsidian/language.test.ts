/**
 * Issue 19 in the plugin: the interface language follows Obsidian's
 * (getLanguage) unless the `language` setting names one, and in Chinese the
 * commands, ribbon, run dialog, queue view and status bar read in Chinese.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { language, setLanguage } from "../../src/core/i18n";
import { DEFAULT_SETTINGS, type Settings } from "../../src/core/settings";
import { pluginLanguage } from "../../src/obsidian/language";
import { DryRunModal, type RunDialog } from "../../src/obsidian/modals";
import { QUEUE_VIEW_TYPE, type QueueView } from "../../src/obsidian/queue-view";
import { RunState, statusText } from "../../src/obsidian/run-state";
import { Menu, Notice, TFile, allElements, setAppLanguage__ } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, notices, unload, useWindow, type Loaded } from "./helpers";

function withLanguage(language: Settings["language"]): Settings {
	return { ...structuredClone(DEFAULT_SETTINGS), language };
}

describe("plugin language", () => {
	afterEach(() => {
		setLanguage("en");
		setAppLanguage__("en");
	});

	it("follows Obsidian's language unless the setting names one", () => {
		expect(DEFAULT_SETTINGS.language).toBe("auto");
		expect(pluginLanguage(DEFAULT_SETTINGS, () => "zh")).toBe("zh");
		expect(pluginLanguage(withLanguage("auto"), () => "zh-TW")).toBe("zh");
		expect(pluginLanguage(withLanguage("auto"), () => "fr")).toBe("en");
		expect(pluginLanguage(withLanguage("auto"), () => "")).toBe("en");
		expect(pluginLanguage(withLanguage("en"), () => "zh")).toBe("en");
		expect(pluginLanguage(withLanguage("zh"), () => "en")).toBe("zh");
		// An Obsidian without getLanguage (before 1.8.7).
		expect(
			pluginLanguage(withLanguage("auto"), () => {
				throw new TypeError("getLanguage is not a function");
			}),
		).toBe("en");
	});

	it("loads in English by default: command names and the status bar label", async () => {
		useWindow();
		const l = await loadPlugin({ "Ep.md": noteWithShots(1) });
		try {
			expect(language()).toBe("en");
			expect(l.app.commands__.get("cineflow:generate-note")?.name).toBe("Generate shots in note");
			const status = allElements(l.app.statusBarEl).find((e) => e.hasClass("cineflow-status"));
			expect(status?.getAttribute("aria-label")).toBe("Open the CineFlow queue (time left and spend are estimates)");
		} finally {
			unload(l.plugin);
		}
	});
});

describe("plugin in Chinese (Obsidian set to zh)", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		Notice.reset__();
		setAppLanguage__("zh");
		l = await loadPlugin({ "Film/Ep1.md": noteWithShots(4) });
	});
	afterEach(() => {
		unload(l.plugin);
		setLanguage("en");
		setAppLanguage__("en");
	});

	it("names the commands, the ribbon button and the folder menu in Chinese", () => {
		expect(language()).toBe("zh");
		const name = (id: string) => l.app.commands__.get(`cineflow:${id}`)?.name;
		expect(name("generate-note")).toBe("在笔记中生成分镜");
		expect(name("generate-folder")).toBe("在文件夹中生成分镜…");
		expect(name("dry-run-note")).toBe("试运行：估算笔记的费用");
		expect(name("resume")).toBe("继续未完成的分镜");
		expect(name("cancel")).toBe("取消生成");
		expect(name("open-queue")).toBe("打开生成队列");
		expect(name("export-cut")).toBe("导出本笔记的剪辑");
		expect(name("draft-shots")).toBe("从此剧本起草分镜");
		const ribbon = allElements(l.app.ribbonEl).find((e) => e.getAttribute("data-icon") === "clapperboard");
		expect(ribbon?.getAttribute("aria-label")).toBe("在文件夹中生成分镜");
		const folderMenu = new Menu();
		l.app.workspace.trigger("file-menu", folderMenu, l.app.vault.getFolderByPath("Film"), "file-explorer");
		expect(folderMenu.items.map((i) => i.title)).toContain("在文件夹中生成分镜");
		const noteMenu = new Menu();
		l.app.workspace.trigger("file-menu", noteMenu, l.app.vault.getFileByPath("Film/Ep1.md"), "file-explorer");
		expect(noteMenu.items.map((i) => i.title)).toEqual(["在笔记中生成分镜"]);
		const status = allElements(l.app.statusBarEl).find((e) => e.hasClass("cineflow-status"));
		expect(status?.getAttribute("aria-label")).toBe("打开 CineFlow 队列（剩余时间和花费均为估算）");
	});

	it("shows the run dialog in Chinese: labels, the override toggle, the key warning, the estimate table and Start/Cancel", async () => {
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Ep1.md") as TFile);
		l.app.runCommand__("cineflow:generate-note");
		const dialog = l.app.openModals__[0] as unknown as RunDialog;
		await dialog.estimating;
		const text = dialog.contentEl.textContent ?? "";
		for (const label of [
			"这些选项只对本次运行生效，不会修改笔记。",
			"画面方向",
			"沿用分镜设置",
			"横屏",
			"竖屏",
			"分辨率",
			"时长",
			"专业版",
			"覆盖分镜自身的字段",
			"服务商",
			"模型",
			"版本数",
			"并发",
			"取消",
			"开始",
		]) {
			expect(text, label).toContain(label);
		}
		// No key for the note's provider: the warning and its button, in Chinese.
		expect(text).toContain("Sora.hk 没有密钥");
		expect(text).toContain("打开设置");
		// The estimate: totals, column heads and row states.
		expect(text).toMatch(/4 个分镜 · 待运行 4 个 · 此前已完成 0 个 · 无效 0 个 · 估算费用 US\$\d+\.\d\d/);
		const heads = allElements(dialog.contentEl)
			.filter((e) => e.tagName === "TH")
			.map((e) => e.textContent);
		expect(heads).toEqual(["笔记", "分镜", "版本", "模型", "时长", "画面方向", "状态", "费用"]);
		const states = allElements(dialog.contentEl)
			.filter((e) => e.tagName === "TR" && e.getAttribute("data-status") !== null)
			.map((r) => allElements(r).filter((e) => e.tagName === "TD")[6]?.textContent);
		expect(states).toEqual(["待生成", "待生成", "待生成", "待生成"]);
		const start = allElements(dialog.contentEl).find((e) => e.hasClass("cineflow-start"));
		expect(start?.textContent).toBe("开始");
		expect((start as unknown as HTMLButtonElement).disabled).toBe(true);
		expect(dialog.titleEl.textContent).toBe("在 Film/Ep1.md 中生成分镜");
		dialog.close();
	});

	it("shows the dry-run estimate in Chinese", async () => {
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Ep1.md") as TFile);
		l.app.runCommand__("cineflow:dry-run-note");
		for (let i = 0; i < 50 && !l.app.openModals__.length; i++) await new Promise((r) => setTimeout(r, 0));
		const modal = l.app.openModals__[0] as unknown as DryRunModal;
		expect(modal).toBeInstanceOf(DryRunModal);
		expect(modal.titleEl.textContent).toBe("Film/Ep1.md 的估算");
		const text = modal.contentEl.textContent ?? "";
		expect(text).toMatch(/4 个分镜 · 待运行 4 个 · 此前已完成 0 个 · 无效 0 个 · 估算费用 US\$\d+\.\d\d/);
		const buttons = allElements(modal.contentEl)
			.filter((e) => e.tagName === "BUTTON")
			.map((e) => e.textContent);
		expect(buttons).toEqual(["关闭", "生成…"]);
		modal.close();
	});

	it("shows the queue view and the status bar in Chinese", async () => {
		const state = new RunState("Film/Ep1.md", "generate", () => 90_000);
		state.emit({ type: "run-start", at: 0, runId: "r1", jobs: 3, ready: 3, skipped: 0, invalid: 0, costEstimate: 0.15 });
		state.emit({
			type: "job",
			at: 30_000,
			key: "Film/Ep1.md::s01::1",
			notePath: "Film/Ep1.md",
			shotId: "s01",
			take: 1,
			state: "running",
			progress: 40,
			expectedMs: 180_000,
			expectedLearned: true,
		});
		state.emit({
			type: "job",
			at: 1_200,
			key: "Film/Ep1.md::s02::2",
			notePath: "Film/Ep1.md",
			shotId: "s02",
			take: 2,
			state: "failed",
			message: "content policy violation",
			cost: 0.05,
		});
		state.emit({ type: "job", at: 1_300, key: "Film/Ep1.md::s03::1", notePath: "Film/Ep1.md", shotId: "s03", take: 1, state: "pending" });
		state.emit({ type: "limit", at: 2_000, provider: "sorahk", limit: 12, inFlight: 1, breaker: "half-open", rate: 30, safeMode: true });
		state.emit({ type: "warning", at: 2_100, notePath: "Film/Ep1.md", line: 12, shotId: "s02", message: "prompt is long" } as never);
		l.plugin.runs().current = state;
		await l.plugin.openQueue();
		const v = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
		v.render();
		expect(v.getDisplayText()).toBe("分镜队列");
		const text = v.contentEl.textContent ?? "";
		expect(text).toContain("运行中：Film/Ep1.md");
		expect(text).toContain("完成 0 个 · 运行中 1 个 · 等待 1 个 · 失败 1 个");
		expect(text).toContain("并发上限 12 · 服务商恢复中，正在试探 · 每分钟 30 个请求 · 安全模式");
		expect(text).toContain("估算共约 US$0.15");
		expect(text).toContain("1 条警告");
		expect(text).toContain("Film/Ep1.md:12 分镜 s02：");
		const rows = allElements(v.contentEl).filter((e) => e.hasClass("cineflow-job"));
		expect(rows[0]?.textContent).toContain("运行中");
		expect(rows[0]?.textContent).toContain("约 40% · 已用 1 分 00 秒 · 约剩 2 分 00 秒（按本次运行的时长估算）");
		expect(rows[2]?.textContent).toContain("s02 · 第 2 版");
		expect(rows[2]?.textContent).toContain("失败");
		// The provider's own message stays as it came.
		expect(rows[2]?.textContent).toContain("content policy violation");
		const buttons = allElements(v.contentEl)
			.filter((e) => e.tagName === "BUTTON")
			.map((e) => e.textContent);
		expect(buttons).toEqual(expect.arrayContaining(["全部取消", "继续", "运行记录", "打开笔记"]));
		expect(statusText(state)).toBe(
			"CineFlow 0/3 · 运行中 1 个 · 失败 1 个 · 并发上限 12 · 正在试探服务商 · 约剩 3 分 00 秒 · 已花费 US$0.00，估算共约 US$0.15",
		);
	});

	it("switches when the language setting changes, with a notice about reloading", async () => {
		l.plugin.settings.language = "en";
		await l.plugin.saveSettings();
		expect(language()).toBe("en");
		expect(notices().at(-1)).toBe("CineFlow: reload the plugin (or restart Obsidian) to see every label in the new language.");
		l.plugin.settings.language = "auto";
		await l.plugin.saveSettings();
		expect(language()).toBe("zh");
		expect(notices().at(-1)).toBe("CineFlow：重新加载插件（或重启 Obsidian）后，所有界面文字都会以新语言显示。");
	});
});
