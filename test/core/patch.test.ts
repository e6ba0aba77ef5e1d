import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { applyEmbed, embedRecognizer, type BlockPos } from "../../src/core/patch";

/** Finds ```shot blocks and their ids (explicit `id:` or s01, s02…) — enough for these tests. */
function blocks(text: string): BlockPos[] {
	const out: BlockPos[] = [];
	const re = /^```shot[^\n]*\r?\n([\s\S]*?)^```/gm;
	let m: RegExpExecArray | null;
	let i = 0;
	while ((m = re.exec(text))) {
		i++;
		const id = /^id:\s*(\S+)/m.exec(m[1] ?? "")?.[1] ?? `s${String(i).padStart(2, "0")}`;
		out.push({ id, startOffset: m.index, endOffset: m.index + m[0].length, index: i });
	}
	return out;
}

const rec = embedRecognizer("_assets/Ep1");
const embed = (shot: string, take = 1) => ({
	shotId: shot,
	take,
	blockId: shot,
	line: `![[_assets/Ep1/${shot}${take > 1 ? `.take${take}` : ""}.mp4]]`,
});

function patch(text: string, shot: string, take = 1): string {
	const r = applyEmbed(text, blocks(text), embed(shot, take), rec);
	if (!r.ok) throw new Error(r.reason);
	return r.text;
}

describe("applyEmbed", () => {
	const note = "# Ep1\n\n```shot\nid: s01\nprompt: a\n```\nAfter text.\n\n```shot\nid: s02\nprompt: b\n```\n";

	it("inserts the embed directly under the closing fence and changes nothing else", () => {
		const out = patch(note, "s01");
		expect(out).toBe("# Ep1\n\n```shot\nid: s01\nprompt: a\n```\n![[_assets/Ep1/s01.mp4]]\nAfter text.\n\n```shot\nid: s02\nprompt: b\n```\n");
	});

	it("is idempotent: patching twice never duplicates", () => {
		const once = patch(note, "s02");
		expect(patch(once, "s02")).toBe(once);
		expect(once.match(/s02\.mp4/g)).toHaveLength(1);
	});

	it("puts takes in order and keeps older takes", () => {
		let t = patch(note, "s01", 3);
		t = patch(t, "s01", 1);
		t = patch(t, "s01", 2);
		expect(t).toContain("```\n![[_assets/Ep1/s01.mp4]]\n![[_assets/Ep1/s01.take2.mp4]]\n![[_assets/Ep1/s01.take3.mp4]]\nAfter text.");
	});

	it("preserves CRLF line endings, a BOM, trailing spaces and CJK text", () => {
		const crlf = "\uFEFF# 第一集  \r\n\r\n```shot\r\nid: s01\r\nprompt: 小美走进教室\r\n```\r\n尾巴 text   \r\n";
		const out = patch(crlf, "s01");
		expect(out).toBe("\uFEFF# 第一集  \r\n\r\n```shot\r\nid: s01\r\nprompt: 小美走进教室\r\n```\r\n![[_assets/Ep1/s01.mp4]]\r\n尾巴 text   \r\n");
	});

	it("handles a fence at the very end of the file without a newline", () => {
		const t = "```shot\nid: s01\nprompt: a\n```";
		expect(patch(t, "s01")).toBe("```shot\nid: s01\nprompt: a\n```\n![[_assets/Ep1/s01.mp4]]");
		const twice = patch(patch(t, "s01"), "s01", 2);
		expect(twice).toBe("```shot\nid: s01\nprompt: a\n```\n![[_assets/Ep1/s01.mp4]]\n![[_assets/Ep1/s01.take2.mp4]]");
	});

	it("re-locates the shot by id after the user edited the note mid-run", () => {
		const edited = "New intro paragraph written during the run.\n\n```shot\nid: s02\nprompt: b\n```\n\n" + note;
		const dup = edited.replace("id: s02\nprompt: b\n```\n\n#", "id: s00\nprompt: b\n```\n\n#");
		const out = patch(dup, "s02");
		expect(out.indexOf("s02.mp4")).toBeGreaterThan(out.indexOf("id: s02\nprompt: b"));
		expect(out.replace("![[_assets/Ep1/s02.mp4]]\n", "")).toBe(dup);
	});

	it("keeps an embed the user moved or captioned, and ignores embeds of other folders", () => {
		const custom = "```shot\nid: s01\n```\n\n![[_assets/Ep1/s01.mp4|My caption]]\n";
		expect(patch(custom, "s01")).toBe(custom);
		const other = "```shot\nid: s01\n```\n![[other/s01.mp4]]\n";
		expect(patch(other, "s01")).toBe("```shot\nid: s01\n```\n![[_assets/Ep1/s01.mp4]]\n![[other/s01.mp4]]\n");
	});

	it("recognizes Markdown links with encoded spaces", () => {
		const r = embedRecognizer("_assets/My Ep");
		expect(r("![](_assets/My%20Ep/s01.take2.mp4)")).toEqual({ shotId: "s01", take: 2 });
		expect(r("![[_assets/My Ep/s07.mp4]]")).toEqual({ shotId: "s07", take: 1 });
		expect(r("plain text")).toBeNull();
	});

	it("fails clearly when the shot is gone", () => {
		const r = applyEmbed(note, blocks(note), embed("s09"), rec);
		expect(r).toEqual({ ok: false, reason: "shot s09 is no longer in the note" });
	});
});

describe("patch refusals in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("a shot that left the note is named in the current language", () => {
		const text = "```shot\nid: s01\nprompt: x\n```\n";
		const gone = { ...embed("s09"), blockId: "s09" };
		expect(applyEmbed(text, blocks(text), gone, rec)).toEqual({ ok: false, reason: "shot s09 is no longer in the note" });
		setLanguage("zh");
		expect(applyEmbed(text, blocks(text), gone, rec)).toEqual({ ok: false, reason: "分镜 s09 已不在笔记中" });
	});
});
