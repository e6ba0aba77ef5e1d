import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { JOURNAL_NAME } from "../../src/core/journal";
import { renderCard, storedState, type CardActions, type CardInfo, type CardState } from "../../src/obsidian/cards";
import { Component, Notice, TFile, allElements, makeEl } from "../stubs/obsidian";
import { jobEvent, runStart } from "../support/events";
import { shotBlock, storyboard, type ShotFields } from "../support/shots";
import { loadPlugin, noteWithShots, unload, useWindow, type Loaded } from "./helpers";

const HAILUO = { provider: "minimax", model: "MiniMax-Hailuo-2.3", duration: 6 };
const block = (id: string, fields: ShotFields = {}) => shotBlock({ id, prompt: `shot ${id}`, ...fields });

const info: CardInfo = {
	notePath: "Ep.md",
	id: "s01",
	prompt: "Rain on a window",
	duration: 10,
	model: "sorahk/sora-2",
	orientation: "horizontal",
	size: "1280x720",
	pro: false,
	takes: 1,
};

function draw(state: CardState, busy = false) {
	const el = makeEl("div");
	const calls: string[] = [];
	const actions: CardActions = {
		generate: () => calls.push("generate"),
		regenerate: () => calls.push("regenerate"),
		showVideo: (p) => calls.push(`show ${p}`),
	};
	renderCard(el, info, state, actions, busy);
	const buttons = allElements(el).filter((e) => e.tagName === "BUTTON");
	const stateEl = allElements(el).find((e) => e.hasClass("cineflow-card-state"));
	return {
		el,
		calls,
		buttons: buttons.map((b) => b.textContent),
		click: (t: string) => (buttons.find((b) => b.textContent === t) as unknown as { click(): void }).click(),
		state: stateEl?.textContent,
		progress: allElements(el).find((e) => e.tagName === "PROGRESS"),
	};
}

describe("shot cards", () => {
	it("show the prompt, id, duration, model and orientation", () => {
		const c = draw({ kind: "not-generated" });
		const text = c.el.textContent ?? "";
		expect(text).toContain("s01");
		expect(text).toContain("Rain on a window");
		expect(text).toContain("10 s · sorahk/sora-2 · horizontal 1280x720");
	});

	it("render each state with the right buttons", () => {
		const none = draw({ kind: "not-generated" });
		expect(none.state).toBe("Not generated");
		expect(none.buttons).toEqual(["Generate"]);
		none.click("Generate");
		expect(none.calls).toEqual(["generate"]);

		const queued = draw({ kind: "queued" });
		expect(queued.state).toBe("Queued");
		expect(queued.buttons).toEqual([]);

		const running = draw({ kind: "running", progress: 42.4 });
		expect(running.state).toBe("Running 42%");
		expect(running.progress?.getAttribute("value")).toBe("42");
		expect(running.buttons).toEqual([]);

		const done = draw({ kind: "done", videoPath: "_assets/Ep/s01.mp4" });
		expect(done.state).toBe("Done");
		expect(done.buttons).toEqual(["Regenerate", "Show video"]);
		done.click("Show video");
		done.click("Regenerate");
		expect(done.calls).toEqual(["show _assets/Ep/s01.mp4", "regenerate"]);

		const failed = draw({ kind: "failed", reason: "content policy (request req_123)" });
		expect(failed.state).toBe("Failed: content policy (request req_123)");
		expect(failed.buttons).toEqual(["Regenerate"]);

		const unfinished = draw({ kind: "unfinished" });
		expect(unfinished.state).toContain("resume");

		// While a run is going, the buttons that would start another are disabled.
		const busy = draw({ kind: "not-generated" }, true);
		expect((allElements(busy.el).find((e) => e.tagName === "BUTTON") as HTMLButtonElement | undefined)?.disabled).toBe(true);
	});
});

describe("shot cards in Chinese", () => {
	afterEach(() => setLanguage("en"));

	it("show the facts, each state and the buttons in Chinese; the provider's reason stays as it is", () => {
		setLanguage("zh");
		const c = draw({ kind: "not-generated" });
		expect(c.el.textContent).toContain("10 秒 · sorahk/sora-2 · 横屏 1280x720");
		expect(c.state).toBe("未生成");
		expect(c.buttons).toEqual(["生成"]);
		expect(draw({ kind: "queued" }).state).toBe("排队中");
		expect(draw({ kind: "running", progress: 42.4 }).state).toBe("运行中 42%");
		const done = draw({ kind: "done", videoPath: "_assets/Ep/s01.mp4" });
		expect(done.state).toBe("完成");
		expect(done.buttons).toEqual(["重新生成", "查看视频"]);
		done.click("查看视频");
		expect(done.calls).toEqual(["show _assets/Ep/s01.mp4"]);
		expect(draw({ kind: "failed", reason: "content policy (request req_123)" }).state).toBe("失败：content policy (request req_123)");
		expect(draw({ kind: "failed", journal: "_assets/Ep/cineflow-jobs.md" }).state).toBe("失败：无法读取运行日志 _assets/Ep/cineflow-jobs.md");
		expect(draw({ kind: "unfinished" }).state).toBe("之前已提交，尚未取回（请使用“继续运行”）");
	});

	it("name a portrait pro shot with several takes in both languages", () => {
		const el = makeEl("div");
		const actions: CardActions = { generate: () => undefined, regenerate: () => undefined, showVideo: () => undefined };
		const meta = () => allElements(el).find((e) => e.hasClass("cineflow-card-meta"))?.textContent;
		const portrait: CardInfo = { ...info, orientation: "vertical", size: "", pro: true, takes: 3 };
		renderCard(el, portrait, { kind: "not-generated" }, actions, false);
		expect(meta()).toBe("10 s · sorahk/sora-2 · vertical · pro · 3 takes");
		setLanguage("zh");
		renderCard(el, portrait, { kind: "not-generated" }, actions, false);
		expect(meta()).toBe("10 秒 · sorahk/sora-2 · 竖屏 · 专业版 · 3 个版本");
	});
});

describe("shot cards in a note", () => {
	let l: Loaded;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
	});
	afterEach(() => unload(l.plugin));

	async function render(path: string) {
		const el = makeEl("div");
		const owner = new Component();
		owner.load();
		await l.app.renderNote__(l.app.vault.getFileByPath(path) as TFile, el, owner);
		return { el, owner, cards: allElements(el).filter((e) => e.hasClass("cineflow-card")) };
	}

	it("reads the state from the journal and the output folder, with the reason redacted", async () => {
		const journal = {
			version: 1,
			note: "Ep.md",
			entries: {
				"s02#1": {
					shotId: "s02",
					take: 1,
					provider: "sorahk",
					model: "sora-2",
					promptHash: "x",
					status: "failed",
					outputPath: "_assets/Ep/s02.mp4",
					attempts: 1,
					requestIds: ["req_9"],
					error: "401 invalid key sk-CANARY-cards-0123456789ab (request req_9)",
					updatedAt: 1,
				},
				"s03#1": {
					shotId: "s03",
					take: 1,
					provider: "sorahk",
					model: "sora-2",
					promptHash: "x",
					status: "submitted",
					remoteId: "task_1",
					outputPath: "_assets/Ep/s03.mp4",
					attempts: 1,
					requestIds: [],
					updatedAt: 1,
				},
			},
		};
		l = await loadPlugin({
			"Ep.md": noteWithShots(4),
			[`_assets/Ep/${JOURNAL_NAME}`]: JSON.stringify(journal),
			"_assets/Ep/s01.mp4": new Uint8Array([0, 0, 0, 24]),
		});
		const { cards } = await render("Ep.md");
		expect(cards).toHaveLength(4);
		const states = cards.map((c) =>
			allElements(c)
				.find((e) => e.hasClass("cineflow-card-state"))
				?.getAttribute("data-state"),
		);
		expect(states).toEqual(["done", "failed", "unfinished", "not-generated"]);
		const failedText = cards[1]?.textContent ?? "";
		expect(failedText).toContain("Failed: 401 invalid key");
		expect(failedText).not.toContain("sk-CANARY-cards-0123456789ab");
		expect(failedText).toContain("req_9");
		expect(await storedState(l.plugin, "Ep.md", "_assets/Ep", "s01")).toEqual({ kind: "done", videoPath: "_assets/Ep/s01.mp4" });
	});

	it("a chained shot made from another take than the one chosen upstream shows it is stale", async () => {
		const note = storyboard({ cineflow: { ...HAILUO, chain: true } }, ...["s01", "s02", "s03"].map((id) => block(id)));
		const frame = (shotId: string, take: number) => ({
			note: "Ep.md",
			shotId,
			take,
			video: `_assets/Ep/${shotId}.mp4`,
			size: 4,
			frame: "_assets/Ep/frames/x.png",
			at: 1,
		});
		// s02 was made from take 1 of s01, and take 2 of s01 is chosen now; s03 from s02's take 1, still chosen.
		const journal = {
			version: 1,
			note: "Ep.md",
			entries: {},
			chosen: { s01: { take: 2, at: 5 }, s02: { take: 1, at: 5 } },
			frames: { s02: frame("s01", 1), s03: frame("s02", 1) },
		};
		l = await loadPlugin({ "Ep.md": note, [`_assets/Ep/${JOURNAL_NAME}`]: JSON.stringify(journal) });
		const { cards } = await render("Ep.md");
		const stale = cards.map((c) => allElements(c).find((e) => e.hasClass("cineflow-card-stale"))?.textContent ?? null);
		expect(stale).toEqual([null, "stale: made from take 1 of s01; take 2 is chosen now", null]);
	});

	it("a shot chained to a shot of another note ([[Ep1#s03]]) shows it is stale when another take of that shot is chosen there", async () => {
		const ep1 = storyboard({ cineflow: HAILUO }, ...["s01", "s02", "s03"].map((id) => block(id)));
		const ep2 = storyboard({ cineflow: HAILUO }, block("e01", { first_frame: "[[Ep1#s03]]" }), block("e02"));
		const made = { note: "Ep1.md", shotId: "s03", take: 1, video: "_assets/Ep1/s03.mp4", size: 4, frame: "_assets/Ep2/frames/e01.png", at: 1 };
		const journal = (note: string, extra: object) => JSON.stringify({ version: 1, note, entries: {}, ...extra });
		const files = (chosen: number) => ({
			"Ep1.md": ep1,
			"Ep2.md": ep2,
			[`_assets/Ep1/${JOURNAL_NAME}`]: journal("Ep1.md", { chosen: { s03: { take: chosen, at: 5 } } }),
			[`_assets/Ep2/${JOURNAL_NAME}`]: journal("Ep2.md", { frames: { e01: made } }),
			// Takes 1 (the 4 bytes the frame came from) and 2 of Ep1 s03 on disk.
			"_assets/Ep1/s03.mp4": "four",
			"_assets/Ep1/s03.take2.mp4": "take two",
		});
		const staleOfCards = async () =>
			(await render("Ep2.md")).cards.map((c) => allElements(c).find((e) => e.hasClass("cineflow-card-stale"))?.textContent ?? null);
		l = await loadPlugin(files(2));
		expect(await staleOfCards()).toEqual(["stale: made from take 1 of Ep1 s03; take 2 is chosen now", null]);
		unload(l.plugin);
		l = await loadPlugin(files(1));
		expect(await staleOfCards()).toEqual([null, null]);
		unload(l.plugin);
		// As on the board (the cut's rule, read-only): the take chosen there was made again since the frame was grabbed.
		l = await loadPlugin({ ...files(1), "_assets/Ep1/s03.mp4": "a new take 1" });
		expect(await staleOfCards()).toEqual(["stale: made from take 1 of Ep1 s03; take 1 was made again", null]);
		unload(l.plugin);
		// The take recorded as chosen is gone from disk: the rule falls back to the one embedded under Ep1 s03 (take 1, unchanged).
		const gone: Record<string, string> = {
			...files(2),
			"Ep1.md": ep1.replace("prompt: shot s03\n```\n", "prompt: shot s03\n```\n![[_assets/Ep1/s03.mp4]]\n"),
		};
		delete gone["_assets/Ep1/s03.take2.mp4"];
		l = await loadPlugin(gone);
		expect(await staleOfCards()).toEqual([null, null]);
	});

	it("an invalid block shows its error in place", async () => {
		l = await loadPlugin({ "Bad.md": "# Bad\n\n```shot\nid: s01\nprompt: ok\nduration: 7\nprovider: sorahk\n```\n\n```shot\nid: bad id!\n```\n" });
		const { el } = await render("Bad.md");
		const invalid = allElements(el).filter((e) => e.hasClass("cineflow-card-invalid"));
		expect(invalid).toHaveLength(2);
		const errors = invalid.map((c) => allElements(c).find((e) => e.hasClass("cineflow-card-error"))?.textContent ?? "");
		expect(errors[0]).toMatch(/Bad\.md:3.*s01.*duration/);
		expect(errors[1]).toMatch(/Bad\.md:10/);
	});

	it("say which journal cannot be read, in English and in Chinese", async () => {
		l = await loadPlugin({ "Ep.md": noteWithShots(1), [`_assets/Ep/${JOURNAL_NAME}`]: "{ not json" });
		const state = await storedState(l.plugin, "Ep.md", "_assets/Ep", "s01");
		expect(state).toEqual({ kind: "failed", journal: `_assets/Ep/${JOURNAL_NAME}` });
		const label = async () => {
			const { cards } = await render("Ep.md");
			return allElements(cards[0] as HTMLElement).find((e) => e.hasClass("cineflow-card-state"))?.textContent;
		};
		expect(await label()).toBe(`Failed: the job journal _assets/Ep/${JOURNAL_NAME} cannot be read`);
		setLanguage("zh");
		try {
			expect(await label()).toBe(`失败：无法读取运行日志 _assets/Ep/${JOURNAL_NAME}`);
		} finally {
			setLanguage("en");
		}
	});

	it("follow the live run and stop listening when the note's view goes away", async () => {
		l = await loadPlugin({ "Ep.md": noteWithShots(1) });
		const { cards, owner } = await render("Ep.md");
		const runs = l.plugin.runs();
		// A run's events, as the core emits them.
		const state = new (await import("../../src/obsidian/run-state")).RunState("Ep.md", "generate", () => 0);
		runs.current = state;
		const listeners = (runs as unknown as { eventListeners: Set<unknown> }).eventListeners;
		const before = listeners.size;
		expect(before).toBeGreaterThan(1); // the status bar and the card
		state.subscribe((e) => {
			for (const fn of listeners) (fn as (e: unknown, s: unknown) => void)(e, state);
		});
		state.emit(runStart({ jobs: 1, costEstimate: 1 }));
		state.emit(jobEvent({ at: 1, state: "running", progress: 30 }));
		await new Promise((r) => setImmediate(r));
		const label = () => allElements(cards[0] as HTMLElement).find((e) => e.hasClass("cineflow-card-state"))?.textContent;
		expect(label()).toBe("Running 30%");
		state.emit(jobEvent({ at: 2, state: "failed", message: "moderation: blocked (request req_1)" }));
		await new Promise((r) => setImmediate(r));
		expect(label()).toBe("Failed: moderation: blocked (request req_1)");
		owner.unload();
		expect(listeners.size).toBe(before - 1);
	});
});
