/**
 * The animatic player on the stub: "Play the animatic of this note" plays the
 * chosen takes in story order, one video at a time, advancing on `ended`; a shot
 * without a video is a titled card held for its duration; play/pause, previous/
 * next and the shot list move through it; phones get `playsinline` and a narrow layout.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { PLAYER_VIEW_TYPE, type AnimaticView } from "../../../src/obsidian/player/view";
import { Platform, TFile, allElements } from "../../stubs/obsidian";
import { loadPlugin, unload, useWindow, type Loaded } from "../helpers";

const NOTE = [
	"# Ep",
	"",
	"```shot",
	"id: s01",
	"prompt: Rain over the harbour, wide",
	"duration: 4",
	"```",
	"![[_assets/Ep/s01.mp4]]",
	"",
	"```shot",
	"id: s02",
	"prompt: A lamp flickers in the window",
	"duration: 3",
	"```",
	"",
	"```shot",
	"id: s03",
	"prompt: The boat leaves at dawn",
	"duration: 5",
	"```",
	"![[_assets/Ep/s03.take2.mp4]]",
	"",
].join("\n");

const MP4 = new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);

type El = HTMLElement & { click(): void; dispatch(type: string): void };
const find = (root: HTMLElement, cls: string) => allElements(root).find((e) => e.hasClass(cls)) as El | undefined;

describe("animatic player", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		l = await loadPlugin({ "Ep.md": NOTE, "_assets/Ep/s01.mp4": MP4, "_assets/Ep/s03.mp4": MP4, "_assets/Ep/s03.take2.mp4": MP4 });
	});
	afterEach(() => {
		Platform.isMobile = false;
		setLanguage("en");
		unload(l.plugin);
	});

	async function open(): Promise<AnimaticView> {
		const file = l.app.vault.getFileByPath("Ep.md") as TFile;
		await l.app.workspace.getLeaf(false).openFile(file);
		expect(l.app.runCommand__("cineflow:play-animatic", true)).toBe(true);
		l.app.runCommand__("cineflow:play-animatic");
		for (let i = 0; i < 20 && !(l.app.workspace.getLeavesOfType(PLAYER_VIEW_TYPE)[0]?.view as AnimaticView | undefined)?.playlist; i++)
			await new Promise((r) => setImmediate(r));
		return l.app.workspace.getLeavesOfType(PLAYER_VIEW_TYPE)[0]?.view as unknown as AnimaticView;
	}

	const videoSrc = (v: AnimaticView) =>
		allElements(v.contentEl)
			.find((e) => e.tagName === "VIDEO")
			?.getAttribute("src") ?? null;

	it("lists the shots in story order, with the chosen take, the gap, and the total", async () => {
		const v = await open();
		expect(v.playlist?.items.map((i) => [i.shotId, i.start, i.duration, i.videoPath])).toEqual([
			["s01", 0, 4, "_assets/Ep/s01.mp4"],
			["s02", 4, 3, null],
			["s03", 7, 5, "_assets/Ep/s03.take2.mp4"],
		]);
		const items = allElements(v.contentEl).filter((e) => e.hasClass("cineflow-player-item"));
		expect(items.map((e) => e.getAttribute("data-shot"))).toEqual(["s01", "s02", "s03"]);
		expect(items[1]?.hasClass("is-gap")).toBe(true);
		expect(items[1]?.textContent).toContain("No video yet");
		expect(v.contentEl.textContent).toContain("3 shots · 2 with video · 0:12");
		// The first shot is shown, paused, with its id and prompt over the video.
		expect(v.playing).toBe(false);
		expect(videoSrc(v)).toContain("_assets/Ep/s01.mp4");
		expect(find(v.contentEl, "cineflow-player-caption")?.textContent).toBe("s01Rain over the harbour, wide");
		const video = allElements(v.contentEl).find((e) => e.tagName === "VIDEO");
		expect(video?.getAttribute("playsinline")).toBe("true");
	});

	it("plays one video at a time, advances on ended, holds the gap for its duration, and stops at the end", async () => {
		const v = await open();
		find(v.contentEl, "cineflow-player-play")?.click();
		expect(v.playing).toBe(true);
		(allElements(v.contentEl).find((e) => e.tagName === "VIDEO") as El).dispatch("ended");
		// s02 has no video: a titled card, held for 3 s.
		expect(v.current).toBe(1);
		expect(allElements(v.contentEl).filter((e) => e.tagName === "VIDEO")).toHaveLength(0);
		const gap = find(v.contentEl, "cineflow-player-gap");
		expect(gap?.textContent).toContain("s02");
		expect(gap?.textContent).toContain("No video yet · held for 0:03");
		expect(gap?.textContent).toContain("A lamp flickers in the window");
		v.tick(2_800);
		expect(v.current).toBe(1);
		expect(find(v.contentEl, "cineflow-player-time")?.textContent).toBe("Shot 2 of 3 · 0:07 / 0:12");
		v.tick(200);
		expect(v.current).toBe(2);
		expect(videoSrc(v)).toContain("_assets/Ep/s03.take2.mp4");
		expect(find(v.contentEl, "cineflow-player-caption")?.textContent).toBe("s03 · take 2The boat leaves at dawn");
		(allElements(v.contentEl).find((e) => e.tagName === "VIDEO") as El).dispatch("ended");
		expect(v.current).toBe(2);
		expect(v.playing).toBe(false);
	});

	it("pause holds the gap; previous, next and the list jump", async () => {
		const v = await open();
		find(v.contentEl, "cineflow-player-next")?.click();
		expect(v.current).toBe(1);
		expect(v.playing).toBe(false);
		v.tick(10_000);
		expect(v.current).toBe(1); // paused: the gap is not advanced
		find(v.contentEl, "cineflow-player-play")?.click();
		v.tick(1_000);
		find(v.contentEl, "cineflow-player-play")?.click();
		v.tick(10_000);
		expect(v.current).toBe(1);
		find(v.contentEl, "cineflow-player-prev")?.click();
		expect(v.current).toBe(0);
		const jump = allElements(v.contentEl).filter((e) => e.hasClass("cineflow-player-jump"))[2] as El;
		jump.click();
		expect(v.current).toBe(2);
		expect(v.playing).toBe(true);
		expect(
			allElements(v.contentEl)
				.filter((e) => e.hasClass("is-current"))
				.map((e) => e.getAttribute("data-shot")),
		).toEqual(["s03"]);
	});

	it("speaks Chinese: the header, the shot list, the held gap, the time, the caption, the controls and the command", async () => {
		setLanguage("zh");
		const v = await open();
		expect(v.getDisplayText()).toBe("动态分镜：Ep");
		expect(find(v.contentEl, "cineflow-player-head")?.textContent).toContain("3 个分镜 · 2 个有视频 · 0:12");
		const items = allElements(v.contentEl).filter((e) => e.hasClass("cineflow-player-item"));
		expect(find(items[1] as HTMLElement, "cineflow-player-item-gap")?.textContent).toBe("还没有视频");
		expect(find(v.contentEl, "cineflow-player-prev")?.getAttribute("aria-label")).toBe("上一个分镜");
		expect(find(v.contentEl, "cineflow-player-next")?.getAttribute("aria-label")).toBe("下一个分镜");
		const play = find(v.contentEl, "cineflow-player-play");
		expect(play?.getAttribute("aria-label")).toBe("播放");
		play?.click();
		expect(play?.getAttribute("aria-label")).toBe("暂停");
		(allElements(v.contentEl).find((e) => e.tagName === "VIDEO") as El).dispatch("ended");
		expect(find(v.contentEl, "cineflow-player-gap-why")?.textContent).toBe("还没有视频 · 停留 0:03");
		v.tick(1_000);
		expect(find(v.contentEl, "cineflow-player-time")?.textContent).toBe("第 2 个分镜，共 3 个 · 0:05 / 0:12");
		v.tick(2_000);
		expect(find(v.contentEl, "cineflow-player-caption")?.textContent).toBe("s03 · 第 2 版The boat leaves at dawn");
		// A video the platform cannot play is held as a gap, saying so.
		(allElements(v.contentEl).find((e) => e.tagName === "VIDEO") as El).dispatch("error");
		expect(find(v.contentEl, "cineflow-player-gap-why")?.textContent).toBe("此视频无法播放 · 停留 0:05");
		await v.show("Missing.md");
		expect(v.contentEl.textContent).toBe("Missing.md 不存在");
	});

	it("uses the narrow layout on a phone, and says so when the note has no shots", async () => {
		Platform.isMobile = true;
		const v = await open();
		expect(v.contentEl.hasClass("cineflow-mobile")).toBe(true);
		await l.app.vault.adapter.write("Empty.md", "# nothing\n");
		await v.show("Empty.md");
		expect(v.contentEl.textContent).toContain("Empty.md has no shot blocks");
	});
});
