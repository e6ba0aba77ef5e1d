/** Embeds of a moved output folder, embeds under a block, and blocks located by index (issue 14.2/14.4). */
import { describe, expect, it } from "vitest";
import { applyEmbed, embedRecognizer, embedsUnder, retargetEmbeds, type BlockPos } from "../../src/core/patch";

const wiki = (file: string) => `![[Scenes/_assets/New/${file}]]`;

describe("retargetEmbeds", () => {
	it("moves wikilinks and URL-encoded Markdown links to the new folder, keeping size, alias and line endings", () => {
		const note = "# Old\r\n```shot\nprompt: a\n```\n  ![[_assets/Old/s01.mp4|320]]\r\n![](_assets/Old/s02.take2.mp4)\nprose about _assets/Old/s01.mp4\n";
		const r = retargetEmbeds(note, "Scenes/_assets/Old", "Scenes/_assets/New", wiki);
		expect(r.changed).toBe(2);
		expect(r.text).toBe(
			"# Old\r\n```shot\nprompt: a\n```\n  ![[_assets/New/s01.mp4|320]]\r\n![](_assets/New/s02.take2.mp4)\nprose about _assets/Old/s01.mp4\n",
		);
		const spaced = retargetEmbeds("![](_assets/My%20Old/s01.mp4)\n", "_assets/My Old", "_assets/My New", wiki);
		expect(spaced.text).toBe("![](_assets/My%20New/s01.mp4)\n");
	});

	it("leaves a folder that only starts with the same name alone, and returns the same text when nothing matches", () => {
		const note = "![[_assets/Old2/s01.mp4]]\n![[_assets/Other/s01.mp4]]\n";
		const r = retargetEmbeds(note, "_assets/Old", "_assets/New", wiki);
		expect(r).toEqual({ text: note, changed: 0 });
	});

	it("a vault-absolute link follows a move to another folder; a relative one is rebuilt", () => {
		const note = "![[Scenes/_assets/Ep/s01.mp4]]\n![](_assets/Ep/s02.mp4)\n";
		const r = retargetEmbeds(note, "Scenes/_assets/Ep", "Acts/_assets/Ep", (f) => `![[Acts/_assets/Ep/${f}]]`);
		expect(r.text).toBe("![[Acts/_assets/Ep/s01.mp4]]\n![[Acts/_assets/Ep/s02.mp4]]\n");
	});
});

describe("embedRecognizer", () => {
	it("matches whole folders: _assets/Ep is not _assets/Ep2", () => {
		const rec = embedRecognizer("_assets/Ep");
		expect(rec("![[_assets/Ep/s01.mp4]]")).toEqual({ shotId: "s01", take: 1 });
		expect(rec("![[_assets/Ep2/s01.mp4]]")).toBeNull();
	});
});

describe("embedsUnder and blockIndex", () => {
	const text = "```shot\nprompt: a\n```\n![[_assets/Ep/s03.mp4]]\ntext\n![[_assets/Ep/s03.take2.mp4]]\n```shot\nprompt: b\n```\n";
	const second = text.indexOf("```shot", 5);
	const blocks: BlockPos[] = [
		{ id: "s01", startOffset: 0, endOffset: 20, index: 1 },
		{ id: "s02", startOffset: second, endOffset: second + 20, index: 2 },
	];
	const rec = embedRecognizer("_assets/Ep");

	it("lists every CineFlow embed between a block and the next one", () => {
		expect(embedsUnder(text, blocks, blocks[0] as BlockPos, rec)).toEqual([
			{ shotId: "s03", take: 1 },
			{ shotId: "s03", take: 2 },
		]);
		expect(embedsUnder(text, blocks, blocks[1] as BlockPos, rec)).toEqual([]);
	});

	it("puts an embed under the block given by index, whatever its positional id", () => {
		const r = applyEmbed(text, blocks, { shotId: "s07", take: 1, blockId: "s01", blockIndex: 2, line: "![[_assets/Ep/s07.mp4]]" }, rec);
		expect(r.ok && r.text.endsWith("```shot\nprompt: b\n```\n![[_assets/Ep/s07.mp4]]\n")).toBe(true);
	});
});
