/** Reading a note's cut: story order, the chosen take of each shot, and why a shot is left out. */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { buildCut, CutError } from "../../../src/core/cut";
import { testSettings } from "../../support/settings";
import { BinVault, journalText, NOTE, OUT, stormVault, VIDEO } from "../../support/bin-vault";
import { shotBlock } from "../../support/shots";

const settings = testSettings();

describe("buildCut", () => {
	it("lists the shots that have a video in story order, each with the take embedded under it", async () => {
		const cut = await buildCut({ vault: stormVault(), notePath: NOTE, settings });
		expect(cut.title).toBe("第一集 The Storm");
		expect(cut.outputFolder).toBe(OUT);
		expect(cut.shots).toBe(6);
		expect(cut.clips.map((c) => [c.index, c.shotId, c.take, c.videoPath])).toEqual([
			[1, "s01", 1, `${OUT}/s01.mp4`],
			// Two takes embedded: the first embed wins, whatever its take number.
			[2, "s02", 2, `${OUT}/s02.take2.mp4`],
			[6, "s06", 1, `${OUT}/s06.mp4`],
		]);
	});

	it("takes durations from the plan (shot field, else the note's default) and who made the take from the journal", async () => {
		const cut = await buildCut({ vault: stormVault(), notePath: NOTE, settings });
		const [s01, s02, s06] = cut.clips;
		expect([s01?.duration, s02?.duration, s06?.duration]).toEqual([10, 15, 10]);
		expect(cut.clips.every((c) => c.durationSource === "planned")).toBe(true);
		expect([s01?.provider, s01?.model]).toEqual(["sorahk", "sora-2-pro"]);
		expect([s02?.provider, s02?.model]).toEqual(["t8star", "sora-2"]);
		// No journal entry for s06: the plan names the provider.
		expect(s06?.provider).toBe("sorahk");
		expect(s01?.prompt).toBe("雨夜，城市天际线 wide establishing shot");
	});

	it("leaves out shots without a usable video, each with a typed warning naming the note, line and shot", async () => {
		const cut = await buildCut({ vault: stormVault(), notePath: NOTE, settings });
		const byShot = Object.fromEntries(cut.warnings.map((w) => [w.shotId, w.kind]));
		expect(byShot).toEqual({ s03: "no-video", s04: "not-embedded", s05: "video-missing" });
		const s05 = cut.warnings.find((w) => w.shotId === "s05");
		expect(s05?.message).toMatch(new RegExp(`^${NOTE}:\\d+ shot s05: the embedded video ${OUT}/s05\\.mp4 is not on disk`));
		expect(cut.warnings.find((w) => w.shotId === "s04")?.message).toContain("take 1 exists but no embed under the shot chooses one");
	});

	it("a shot without id: follows the id its video was made under, not its position", async () => {
		const vault = stormVault();
		// A new id-less shot inserted at the top moves the epilogue to position 7; its video stays s06.
		const text = vault.text(NOTE) as string;
		vault.put(NOTE, text.replace("# 第一集\n\n", "# 第一集\n\n" + shotBlock({ prompt: "Cold open" })));
		const cut = await buildCut({ vault, notePath: NOTE, settings });
		const epilogue = cut.clips.find((c) => c.prompt === "Epilogue without an id");
		expect(epilogue?.storageId).toBe("s06");
		expect(epilogue?.videoPath).toBe(`${OUT}/s06.mp4`);
		expect(cut.clips.map((c) => c.index)).toEqual([2, 3, 7]);
	});

	it("a storyboard JSON file (no embeds) uses the lowest finished take on disk", async () => {
		const json = "Boards/storyboard_ep2.json";
		const out = "Boards/_assets/storyboard_ep2";
		const vault = new BinVault({
			[json]: JSON.stringify({ segments: [1, 2].map((i) => ({ segment_index: i, prompt_text: `segment ${i}`, duration_seconds: 10 })) }),
			[`${out}/seg2.take2.mp4`]: VIDEO,
			[`${out}/seg2.take3.mp4`]: VIDEO,
		});
		const cut = await buildCut({ vault, notePath: json, settings });
		expect(cut.clips.map((c) => [c.shotId, c.take, c.via])).toEqual([["seg2", 2, "file"]]);
		expect(cut.warnings.map((w) => [w.shotId, w.kind])).toEqual([["seg1", "no-video"]]);
	});

	it("an invalid shot whose video is embedded stays in the cut, with its error as a warning", async () => {
		const vault = new BinVault({
			"Ep.md":
				shotBlock({ id: "a1", prompt: "fine" }) +
				"![[_assets/Ep/a1.mp4]]\n" +
				shotBlock({ id: "a2", prompt: "bad", duration: "soon" }) +
				"![[_assets/Ep/a2.mp4]]\n",
			"_assets/Ep/a1.mp4": VIDEO,
			"_assets/Ep/a2.mp4": VIDEO,
		});
		const cut = await buildCut({ vault, notePath: "Ep.md", settings });
		expect(cut.clips.map((c) => c.shotId)).toEqual(["a1", "a2"]);
		const w = cut.warnings.find((x) => x.shotId === "a2");
		expect(w?.kind).toBe("invalid-shot");
		expect(w?.message).toContain("its embedded video is in the cut");
		// Its duration could not be read: the fallback is used, and said so.
		expect(cut.clips[1]?.durationSource).toBe("default");
		expect(cut.warnings.some((x) => x.kind === "unknown-duration" && x.shotId === "a2")).toBe(true);
	});

	it("an unreadable journal is a warning, never an error: provider and model come from the note", async () => {
		const vault = stormVault();
		vault.put(`${OUT}/cineflow-jobs.md`, "# CineFlow job journal\n\n```json\n{ broken\n```\n");
		const cut = await buildCut({ vault, notePath: NOTE, settings });
		expect(cut.clips).toHaveLength(3);
		expect(cut.warnings.filter((w) => w.kind === "journal-unreadable")).toHaveLength(1);
		expect(cut.clips[0]?.model).not.toBe("sora-2-pro");
		// Read-only: nothing was written or set aside.
		expect(vault.writes).toEqual([]);
	});

	it("reads only: the vault is unchanged", async () => {
		const vault = stormVault();
		const before = new Map([...vault.files].map(([p, f]) => [p, f.data.join(",")]));
		await buildCut({ vault, notePath: NOTE, settings });
		expect(vault.writes).toEqual([]);
		expect(new Map([...vault.files].map(([p, f]) => [p, f.data.join(",")]))).toEqual(before);
	});

	it("a missing note or a note without shots is a typed error", async () => {
		const vault = new BinVault({ "Plain.md": "# nothing here\n" });
		await expect(buildCut({ vault, notePath: "Nope.md", settings })).rejects.toMatchObject({ reason: "note-missing" });
		const err = await buildCut({ vault, notePath: "Plain.md", settings }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(CutError);
		expect((err as CutError).reason).toBe("no-shots");
	});

	it("keys in a prompt never reach the cut", async () => {
		const vault = new BinVault({
			"K.md": shotBlock({ id: "k1", prompt: "a shot sk-FAKE-test-key-not-real-0000 in the rain" }) + "![[_assets/K/k1.mp4]]\n",
			"_assets/K/k1.mp4": VIDEO,
			"_assets/K/cineflow-jobs.md": journalText("K.md", [{ shotId: "k1", take: 1, outputPath: "_assets/K/k1.mp4" }]),
		});
		const cut = await buildCut({ vault, notePath: "K.md", settings });
		expect(cut.clips[0]?.prompt).not.toContain("sk-FAKE-test-key-not-real-0000");
	});
});

describe("buildCut in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("words why a shot is left out in Chinese, keeping note:line shot and the paths; the kinds stay typed", async () => {
		setLanguage("zh");
		const cut = await buildCut({ vault: stormVault(), notePath: NOTE, settings });
		const by = Object.fromEntries(cut.warnings.map((w) => [w.shotId, w]));
		expect(by.s05?.kind).toBe("video-missing");
		expect(by.s05?.message).toMatch(new RegExp(`^${NOTE}:\\d+ 分镜 s05：嵌入的视频 ${OUT}/s05\\.mp4 不在磁盘上；未放入剪辑$`));
		expect(by.s04?.message).toMatch(/分镜 s04：已有第 1 版，但分镜下没有嵌入来选定其中一个；未放入剪辑（请在分镜下嵌入你想要的版本）$/);
		expect(by.s03?.message).toMatch(/分镜 s03：还没有视频；未放入剪辑$/);
	});
});
