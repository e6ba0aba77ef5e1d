/** The stale line of a chained shot, in English and in Chinese: same note, another note, another take, a take made again. */
import { afterEach, describe, expect, it } from "vitest";
import { staleLabel, staleOf } from "../../../src/core/board/stale";
import { setLanguage } from "../../../src/core/i18n";
import type { FrameSource } from "../../../src/core/journal";

const source: FrameSource = {
	note: "Show/Ep1.md",
	shotId: "s03",
	take: 1,
	video: "Show/_assets/Ep1/s03.mp4",
	size: 100,
	frame: "Show/_assets/Ep2/frames/e01.png",
	at: 1,
};
const otherTake = staleOf(source, { chosenTake: 2, size: 100 });
const remade = staleOf(source, { chosenTake: 1, size: 250 });

describe("staleLabel", () => {
	afterEach(() => setLanguage("en"));

	it("is stale only when another take is chosen or the take's video changed", () => {
		expect(otherTake?.why).toBe("other-take");
		expect(remade?.why).toBe("video-changed");
		expect(staleOf(source, { chosenTake: 1, size: 100 })).toBeNull();
	});

	it("English: names the upstream by id in its own note, by note and id from another", () => {
		expect(staleLabel(otherTake!, "Show/Ep1.md")).toBe("stale: made from take 1 of s03; take 2 is chosen now");
		expect(staleLabel(remade!, "Show/Ep1.md")).toBe("stale: made from take 1 of s03; take 1 was made again");
		expect(staleLabel(otherTake!, "Show/Ep2.md")).toBe("stale: made from take 1 of Ep1 s03; take 2 is chosen now");
		expect(staleLabel(remade!, "Show/Ep2.md")).toBe("stale: made from take 1 of Ep1 s03; take 1 was made again");
	});

	it("Chinese: the same four cases", () => {
		setLanguage("zh");
		expect(staleLabel(otherTake!, "Show/Ep1.md")).toBe("已过时：首帧取自 s03 的第 1 版；现在选用的是第 2 版");
		expect(staleLabel(remade!, "Show/Ep1.md")).toBe("已过时：首帧取自 s03 的第 1 版；第 1 版已重新生成");
		expect(staleLabel(otherTake!, "Show/Ep2.md")).toBe("已过时：首帧取自 Ep1 s03 的第 1 版；现在选用的是第 2 版");
		expect(staleLabel(remade!, "Show/Ep2.md")).toBe("已过时：首帧取自 Ep1 s03 的第 1 版；第 1 版已重新生成");
	});
});
