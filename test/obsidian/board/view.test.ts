/**
 * The storyboard board in the plugin (stub Obsidian): a 300-shot note renders a
 * window of rows, a run's ticks re-fill only the row they are about, a take is
 * chosen from the comparison, and spending asks first ("don't ask again below").
 * Runs go to the provider simulator in virtual time; counts come from its log.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { parseJournalText, type JournalData } from "../../../src/core/journal";
import { BOARD_VIEW_TYPE, BoardView } from "../../../src/obsidian/board/view";
import { ConfirmSpendModal } from "../../../src/obsidian/board/confirm";
import { createSimulator, simBaseUrl, sampleMp4, type Simulator } from "../../../src/sim/index";
import { VirtualClock } from "../../../src/clocks/virtual";
import { Component, Notice, allElements, makeEl, setAppLanguage__, setRequestUrlHandler } from "../../stubs/obsidian";
import { loadPlugin, notices, noteWithShots, routeRequestUrl, unload, useWindow, type Loaded } from "../helpers";

const KEY = "sk-sim-board-0123456789abcdef";
const NOTE = "Film/Storm.md";

async function setup(files: Record<string, string | Uint8Array>, clock: VirtualClock, sim: Simulator): Promise<Loaded> {
	const l = await loadPlugin(files, { runDeps: { clock, random: () => 0.5 } });
	l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
	l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
	l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
	routeRequestUrl(sim);
	return l;
}

async function openBoard(l: Loaded, target: string): Promise<BoardView> {
	const view = (await l.plugin.openBoard(target)) as BoardView;
	await view.loading;
	return view;
}

/** The spend question, once the dry run behind it has finished. */
async function confirmDialog(l: Loaded, clock: VirtualClock): Promise<ConfirmSpendModal> {
	const open = () => l.app.openModals__.find((m) => m instanceof ConfirmSpendModal) as ConfirmSpendModal | undefined;
	return clock.run(
		(async () => {
			for (let i = 0; i < 100 && !open(); i++) await new Promise((r) => setTimeout(r, 0));
			return open() as ConfirmSpendModal;
		})(),
	);
}

const creates = (sim: Simulator) => sim.log.filter((e) => e.route === "create").length;
const rowsIn = (view: BoardView) => allElements(view.contentEl).filter((e) => e.hasClass("cineflow-board-row"));
const button = (root: HTMLElement, text: string | RegExp) =>
	allElements(root).find((e) => e.tagName === "BUTTON" && (typeof text === "string" ? e.textContent === text : text.test(e.textContent ?? ""))) as
		HTMLElement | undefined;

describe("the storyboard board", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
		sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 60_000, max: 90_000 } } });
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
		setAppLanguage__("en");
		setLanguage("en");
	});

	it("is registered: a view, the command and a ribbon icon; the command opens the active note's board", async () => {
		l = await setup({ [NOTE]: noteWithShots(3) }, clock, sim);
		expect(l.app.viewRegistry__.has(BOARD_VIEW_TYPE)).toBe(true);
		expect(allElements(l.app.ribbonEl).some((e) => e.getAttribute("aria-label") === "Open storyboard board")).toBe(true);
		await l.app.workspace.openFile__(l.app.vault.getFileByPath(NOTE) as never);
		expect(l.app.runCommand__("cineflow:open-board")).toBe(true);
		await clock.run(new Promise((r) => setTimeout(r, 0)));
		const leaf = l.app.workspace.getLeavesOfType(BOARD_VIEW_TYPE)[0];
		const view = leaf?.view as unknown as BoardView;
		await view.loading;
		await view.loading;
		expect(view.target).toBe(NOTE);
		expect(view.board?.rows.map((r) => r.shotId)).toEqual(["s01", "s02", "s03"]);
	});

	it("a 300-shot note renders only a window of rows, and a run's ticks re-fill one row without recreating the others", async () => {
		l = await setup({ [NOTE]: noteWithShots(300) }, clock, sim);
		const view = await openBoard(l, NOTE);
		expect(view.board?.rows).toHaveLength(300);
		const rows = rowsIn(view);
		expect(rows.length).toBeGreaterThan(5);
		expect(rows.length).toBeLessThan(60);

		const before = new Map([...view.rowElements()].map(([k, el]) => [k, { el, children: [...el.children] }]));
		const key = `${NOTE}::s01`;
		const seen: string[] = [];
		l.plugin.runs().onEvent((e) => {
			if (e.type === "job" && e.shotId === "s01") seen.push(view.rowElements().get(key)?.textContent ?? "");
		});
		const report = await clock.run(l.plugin.runs().run({ target: NOTE, mode: "generate", select: (j) => j.shotId === "s01" }));
		expect(report?.summary).toMatchObject({ submitted: 1, succeeded: 1 });
		expect(creates(sim)).toBe(1);
		expect(seen.some((t) => /Running \d+%/.test(t))).toBe(true);
		await view.reload();
		// The embed line moved every later shot down a line: rows do not show lines, so they stay as they were.
		expect(view.board?.rows[1]?.line).toBe(15);

		const after = view.rowElements();
		let untouched = 0;
		for (const [k, b] of before) {
			const el = after.get(k);
			expect(el, k).toBe(b.el);
			if (k === key) continue;
			expect([...(el as HTMLElement).children], k).toEqual(b.children);
			for (const [i, c] of b.children.entries()) expect((el as HTMLElement).children[i], k).toBe(c);
			untouched++;
		}
		expect(untouched).toBe(before.size - 1);
		const s01 = after.get(key) as HTMLElement;
		expect(s01.children[0]).not.toBe(before.get(key)?.children[0]);
		expect(s01.textContent).toContain("Done");
		expect(s01.textContent).toContain("1 take");
	});

	it("scrolling mounts the rows of the new window and unmounts the old ones", async () => {
		l = await setup({ [NOTE]: noteWithShots(300) }, clock, sim);
		const view = await openBoard(l, NOTE);
		const scroller = allElements(view.contentEl).find((e) => e.hasClass("cineflow-board-scroller")) as HTMLElement & { scrollTop: number };
		scroller.scrollTop = 200 * 112;
		(scroller as unknown as { dispatch(t: string): void }).dispatch("scroll");
		const keys = [...view.rowElements().keys()];
		expect(keys).toContain(`${NOTE}::s201`);
		expect(keys).not.toContain(`${NOTE}::s01`);
		expect(rowsIn(view).length).toBeLessThan(60);
	});

	it("compares takes and chooses take 2: the journal records it and only the embed line changes", async () => {
		const note = noteWithShots(2) + "\nThe end.\n";
		const withEmbed = note.replace("wide and slow\n```\n", "wide and slow\n```\n![[_assets/Storm/s01.mp4]]\n");
		l = await setup({ [NOTE]: withEmbed, "Film/_assets/Storm/s01.mp4": sampleMp4(), "Film/_assets/Storm/s01.take2.mp4": sampleMp4() }, clock, sim);
		const view = await openBoard(l, NOTE);
		const row = view.board?.rows[0];
		expect(row?.takes.map((t) => [t.take, t.chosen])).toEqual([
			[1, true],
			[2, false],
		]);
		const compare = button(view.rowElements().get(`${NOTE}::s01`) as HTMLElement, "Compare takes");
		compare?.click();
		const modal = view.takes;
		expect(modal).not.toBeNull();
		const videos = allElements(modal?.contentEl as HTMLElement).filter((e) => e.tagName === "VIDEO");
		expect(videos.map((v) => v.getAttribute("src"))).toEqual(["app://local/Film/_assets/Storm/s01.mp4", "app://local/Film/_assets/Storm/s01.take2.mp4"]);
		const take2 = allElements(modal?.contentEl as HTMLElement).find((e) => e.getAttribute("data-take") === "2") as HTMLElement;
		button(take2, "Choose this take")?.click();
		const r = await modal?.chosen;
		expect(r).toEqual({ ok: true, changed: true, from: 1 });
		expect(await l.app.vault.adapter.read(NOTE)).toBe(withEmbed.replace("s01.mp4]]", "s01.take2.mp4]]"));
		const journal = parseJournalText(await l.app.vault.adapter.read("Film/_assets/Storm/cineflow-jobs.md")) as JournalData;
		expect(journal.chosen?.s01?.take).toBe(2);
		expect(view.board?.rows[0]?.chosenTake).toBe(2);
		expect(l.app.vault.getFileByPath("Film/_assets/Storm/s01.mp4")).not.toBeNull();
		// The dialog now shows take 2 as chosen.
		const chosenCard = allElements(modal?.contentEl as HTMLElement).find((e) => e.hasClass("is-chosen"));
		expect(chosenCard?.getAttribute("data-take")).toBe("2");
	});

	it("choosing another take of a chained shot's upstream marks the downstream row stale; nothing is sent", async () => {
		const fm = "---\ncineflow:\n  provider: minimax\n  model: MiniMax-Hailuo-2.3\n  duration: 6\n  chain: true\n---\n";
		const note =
			fm +
			"```shot\nid: s01\nprompt: The storm rolls in\n```\n![[_assets/Storm/s01.mp4]]\n\n```shot\nid: s02\nprompt: Rain hits the window\n```\n![[_assets/Storm/s02.mp4]]\n";
		const size = sampleMp4().length;
		const journal = {
			version: 1,
			note: NOTE,
			entries: {},
			frames: {
				s02: { note: NOTE, shotId: "s01", take: 1, video: "Film/_assets/Storm/s01.mp4", size, frame: "Film/_assets/Storm/frames/s02.png", at: 1 },
			},
		};
		l = await setup(
			{
				[NOTE]: note,
				"Film/_assets/Storm/s01.mp4": sampleMp4(),
				"Film/_assets/Storm/s01.take2.mp4": sampleMp4(),
				"Film/_assets/Storm/s02.mp4": sampleMp4(),
				"Film/_assets/Storm/cineflow-jobs.md": JSON.stringify(journal),
			},
			clock,
			sim,
		);
		const view = await openBoard(l, NOTE);
		const staleText = () =>
			allElements(view.rowElements().get(`${NOTE}::s02`) as HTMLElement).find((e) => e.hasClass("cineflow-board-stale"))?.textContent ?? null;
		expect(staleText()).toBeNull();
		button(view.rowElements().get(`${NOTE}::s01`) as HTMLElement, "Compare takes")?.click();
		const take2 = allElements(view.takes?.contentEl as HTMLElement).find((e) => e.getAttribute("data-take") === "2") as HTMLElement;
		button(take2, "Choose this take")?.click();
		await view.takes?.chosen;
		await view.loading;
		expect(view.board?.rows.find((r) => r.shotId === "s02")?.stale).toMatchObject({ madeFrom: 1, nowChosen: 2 });
		expect(staleText()).toBe("stale: made from take 1 of s01; take 2 is chosen now");
		expect(creates(sim)).toBe(0);
	});

	it("Generate selected shows the estimate and asks; 'don't ask again below' is saved and then honoured", async () => {
		l = await setup({ [NOTE]: noteWithShots(5) }, clock, sim);
		const view = await openBoard(l, NOTE);
		const pick = (id: string) => {
			const box = allElements(view.rowElements().get(`${NOTE}::${id}`) as HTMLElement).find((e) =>
				e.hasClass("cineflow-board-select"),
			) as HTMLInputElement & { dispatch(t: string): void };
			box.checked = true;
			box.dispatch("change");
		};
		pick("s02");
		expect(button(view.contentEl, "Generate selected (1)")).toBeDefined();
		const started = view.generateSelected();
		const modal = await confirmDialog(l, clock);
		expect(modal).toBeDefined();
		expect(modal.contentEl.textContent).toMatch(/1 new take\. Estimated cost \$\d/);
		expect(creates(sim)).toBe(0);
		const amount = allElements(modal.contentEl).find((e) => e.tagName === "INPUT") as HTMLInputElement & { dispatch(t: string): void };
		amount.value = "50";
		amount.dispatch("input");
		(allElements(modal.contentEl).find((e) => e.hasClass("checkbox-container")) as HTMLElement).click();
		button(modal.contentEl, "Generate 1 selected shot")?.click();
		expect(await started).toBe(true);
		await clock.run(l.plugin.runs().idle());
		expect(l.plugin.settings.confirmBelowUsd).toBe(50);
		expect(l.saved.some((s) => (JSON.parse(s) as { confirmBelowUsd?: number }).confirmBelowUsd === 50)).toBe(true);
		expect(creates(sim)).toBe(1);

		// Below the threshold: no question, the run starts.
		await view.reload();
		pick("s03");
		const modals = l.app.openModals__.length;
		expect(await clock.run(view.generateSelected())).toBe(true);
		expect(l.app.openModals__.length).toBe(modals);
		await clock.run(l.plugin.runs().idle());
		expect(creates(sim)).toBe(2);
	});

	it("a shot card has a Board button that opens the board on its note", async () => {
		l = await setup({ [NOTE]: noteWithShots(1) }, clock, sim);
		const el = makeEl("div");
		const owner = new Component();
		await l.app.renderNote__(l.app.vault.getFileByPath(NOTE) as never, el, owner);
		const b = button(el, "Board");
		expect(b).toBeDefined();
		b?.click();
		await clock.run(new Promise((r) => setTimeout(r, 0)));
		const view = l.app.workspace.getLeavesOfType(BOARD_VIEW_TYPE)[0]?.view as unknown as BoardView;
		await view.loading;
		expect(view.target).toBe(NOTE);
	});

	it("speaks Chinese when Obsidian does: command, ribbon, heading, counts, rows, and the spend question", async () => {
		setAppLanguage__("zh");
		l = await setup({ [NOTE]: noteWithShots(3) }, clock, sim);
		expect(l.app.commands__.get("cineflow:open-board")?.name).toBe("打开分镜板");
		expect(l.app.commands__.get("cineflow:play-animatic")?.name).toBe("播放此笔记的动态分镜");
		expect(allElements(l.app.ribbonEl).some((e) => e.getAttribute("aria-label") === "打开分镜板")).toBe(true);
		const view = await openBoard(l, NOTE);
		expect(view.getDisplayText()).toBe("分镜板：Storm");
		const text = (cls: string, root: HTMLElement = view.contentEl) => allElements(root).find((e) => e.hasClass(cls))?.textContent;
		expect(text("cineflow-board-target")).toBe(`分镜板：${NOTE}`);
		expect(text("cineflow-board-counts")).toBe("3 个分镜 · 0 个完成 · 已花费 US$0.00（估算）");
		expect(button(view.contentEl, "生成缺失的分镜")).toBeDefined();
		expect(button(view.contentEl, "生成所选分镜")).toBeDefined();
		expect(button(view.contentEl, "刷新")).toBeDefined();
		const row = view.rowElements().get(`${NOTE}::s01`) as HTMLElement;
		expect(text("cineflow-board-state", row)).toBe("未生成");
		expect(text("cineflow-board-noposter", row)).toBe("还没有视频");
		expect(text("cineflow-board-facts", row)).toBe("0 个版本 · 尚无花费");
		expect(
			allElements(row)
				.find((e) => e.hasClass("cineflow-board-select"))
				?.getAttribute("aria-label"),
		).toBe("选择 s01");
		expect(button(row, "打开")?.getAttribute("aria-label")).toBe(`在 ${NOTE} 中打开此分镜`);

		const started = view.generateMissing();
		const modal = await confirmDialog(l, clock);
		expect(modal.titleEl.textContent).toBe("生成 3 个缺失的分镜？");
		expect(text("cineflow-confirm-estimate", modal.contentEl)).toMatch(/^3 个新版本。估算费用 US\$\d+\.\d\d。$/);
		expect(text("setting-item-name", modal.contentEl)).toBe("低于此金额时不再询问");
		expect(button(modal.contentEl, "生成 3 个缺失的分镜")).toBeDefined();
		button(modal.contentEl, "取消")?.click();
		expect(await started).toBe(false);
		expect(creates(sim)).toBe(0);
	});

	it("compares and chooses takes in Chinese", async () => {
		setAppLanguage__("zh");
		const note = noteWithShots(2).replace("wide and slow\n```\n", "wide and slow\n```\n![[_assets/Storm/s01.mp4]]\n");
		l = await setup({ [NOTE]: note, "Film/_assets/Storm/s01.mp4": sampleMp4(), "Film/_assets/Storm/s01.take2.mp4": sampleMp4() }, clock, sim);
		const view = await openBoard(l, NOTE);
		const row = view.rowElements().get(`${NOTE}::s01`) as HTMLElement;
		expect(allElements(row).find((e) => e.hasClass("cineflow-board-facts"))?.textContent).toMatch(/^2 个版本 · 已选第 1 版 · US\$\d+\.\d\d（估算）$/);
		expect(allElements(row).find((e) => e.hasClass("cineflow-board-state"))?.textContent).toBe("完成");
		expect(button(row, "重新生成")).toBeDefined();
		button(row, "版本对比")?.click();
		const modal = view.takes;
		expect(modal?.titleEl.textContent).toBe("s01 的版本");
		const labels = allElements(modal?.contentEl as HTMLElement)
			.filter((e) => e.hasClass("cineflow-take-label"))
			.map((e) => e.textContent);
		expect(labels).toEqual(["第 1 版", "第 2 版"]);
		const take2 = allElements(modal?.contentEl as HTMLElement).find((e) => e.getAttribute("data-take") === "2") as HTMLElement;
		button(take2, "选用此版本")?.click();
		expect(await modal?.chosen).toEqual({ ok: true, changed: true, from: 1 });
		expect(notices()).toContain("CineFlow：已选用 s01 的第 2 版，笔记中该分镜下方已显示此版本。");
		const chosen = allElements(modal?.contentEl as HTMLElement).find((e) => e.getAttribute("data-take") === "2") as HTMLElement;
		expect(button(chosen, "已选用")).toBeDefined();
		expect(button(modal?.contentEl as HTMLElement, "关闭")).toBeDefined();
	});
});
