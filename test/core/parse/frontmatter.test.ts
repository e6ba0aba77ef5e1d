import matter from "gray-matter";
import { afterEach, describe, expect, it } from "vitest";
import { FrontmatterLanguageError, readFrontmatter, SAFE_MATTER_OPTIONS } from "../../../src/core/parse/frontmatter";
import { parseMarkdown } from "../../../src/core/parse";
import { setLanguage } from "../../../src/core/i18n";

const g = globalThis as Record<string, unknown>;

afterEach(() => {
	delete g.__pwned;
});

describe("front matter safety", () => {
	it("never executes a ---js block (side effect stays undefined)", () => {
		const text = "---js\n(globalThis.__pwned = 1)\n---\n```shot\nprompt: x\n```\n";
		const fm = readFrontmatter("Ep1.md", text);
		expect(g.__pwned).toBeUndefined();
		expect(fm.issues).toEqual([{ severity: "error", line: 1, message: "Ep1.md:1: front matter language js is not allowed (allowed: yaml, json)" }]);
		expect(fm.data).toEqual({});
		const note = parseMarkdown("Ep1.md", text);
		expect(g.__pwned).toBeUndefined();
		expect(note.shots[0]).toMatchObject({ ok: false });
		expect(note.shots[0]!.ok ? "" : note.shots[0]!.error).toBe(
			"Ep1.md:4 shot s01: not planned because the note has errors (Ep1.md:1: front matter language js is not allowed (allowed: yaml, json))",
		);
	});

	it("never executes require() in ---javascript front matter", () => {
		const text = "---javascript\n{ x: (globalThis.__pwned = require('child_process')) }\n---\nbody";
		const fm = readFrontmatter("a.md", text);
		expect(g.__pwned).toBeUndefined();
		expect(fm.issues[0]?.message).toBe("a.md:1: front matter language javascript is not allowed (allowed: yaml, json)");
	});

	it("refuses other languages too, and unknown names do not reach gray-matter's engine lookup", () => {
		for (const lang of ["coffee", "toml", "constructor", "__proto__", "toString"]) {
			const fm = readFrontmatter("a.md", `---${lang}\nx = 1\n---\n`);
			expect(fm.issues[0]?.message).toBe(`a.md:1: front matter language ${lang.toLowerCase()} is not allowed (allowed: yaml, json)`);
		}
	});

	it("the gray-matter options themselves refuse JavaScript (defence in depth)", () => {
		expect(() => matter("---js\n(globalThis.__pwned = 1)\n---\n", SAFE_MATTER_OPTIONS)).toThrow(FrontmatterLanguageError);
		expect(() => matter("---javascript\n(globalThis.__pwned = 1)\n---\n", SAFE_MATTER_OPTIONS)).toThrow("front matter language javascript is not allowed");
		expect(g.__pwned).toBeUndefined();
	});

	it("never fills gray-matter's unbounded cache (options are always passed)", () => {
		const before = Object.keys((matter as unknown as { cache: object }).cache).length;
		for (let i = 0; i < 20; i++) readFrontmatter("a.md", `---\nn: ${i}\n---\nbody ${i}`);
		expect(Object.keys((matter as unknown as { cache: object }).cache).length).toBe(before);
	});
});

describe("readFrontmatter", () => {
	it("reads YAML and reports where the body starts", () => {
		const text = "---\ntitle: x\ncineflow:\n  duration: 15\n---\nbody\n";
		const fm = readFrontmatter("a.md", text);
		expect(fm.data).toEqual({ title: "x", cineflow: { duration: 15 } });
		expect(fm.bodyLine).toBe(6);
		expect(text.slice(fm.bodyOffset)).toBe("body\n");
		expect(fm.issues).toEqual([]);
	});

	it("reads JSON front matter", () => {
		expect(readFrontmatter("a.md", '---json\n{"cineflow": {"takes": 2}}\n---\n').data).toEqual({ cineflow: { takes: 2 } });
	});

	it("handles a BOM and CRLF line endings", () => {
		const text = "\uFEFF---\r\ncineflow:\r\n  takes: 3\r\n---\r\nbody";
		const fm = readFrontmatter("a.md", text);
		expect(fm.data).toEqual({ cineflow: { takes: 3 } });
		expect(text.slice(fm.bodyOffset)).toBe("body");
		expect(fm.bodyLine).toBe(5);
	});

	it("reports YAML errors at the line in the note", () => {
		const fm = readFrontmatter("Ep1.md", "---\na: 1\nb: [unclosed\nc: 2\n---\n");
		expect(fm.issues).toHaveLength(1);
		expect(fm.issues[0]!.severity).toBe("error");
		expect(fm.issues[0]!.message).toMatch(/^Ep1\.md:\d+: front matter could not be read: /);
		expect(fm.issues[0]!.line).toBeGreaterThanOrEqual(3);
		const dup = readFrontmatter("Ep1.md", "---\na: 1\na: 2\n---\n");
		expect(dup.issues[0]!.message).toBe("Ep1.md:3: front matter could not be read: duplicated mapping key");
	});

	it("treats notes without front matter, a thematic break or an unclosed block sanely", () => {
		expect(readFrontmatter("a.md", "# Title\n").bodyOffset).toBe(0);
		expect(readFrontmatter("a.md", "----\nx\n").data).toEqual({});
		const unclosed = readFrontmatter("a.md", "---\ntitle: x\nno end\n");
		expect(unclosed.data).toEqual({});
		expect(unclosed.bodyOffset).toBe(0);
		expect(readFrontmatter("a.md", "---\n---\nbody").bodyLine).toBe(3);
	});

	it("warns when the front matter is not a map", () => {
		const fm = readFrontmatter("a.md", "---\n- a\n- b\n---\n");
		expect(fm.issues[0]).toMatchObject({ severity: "warning", message: "a.md:1: front matter is not a map of keys; it is ignored" });
	});

	it("refuses alias bombs without expanding them", () => {
		const bomb = ["---", "a: &a [x, x, x, x, x, x, x, x, x, x]"];
		for (let i = 0; i < 9; i++)
			bomb.push(
				`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
			);
		bomb.push("---", "");
		const started = Date.now();
		const fm = readFrontmatter("a.md", bomb.join("\n"));
		expect(Date.now() - started).toBeLessThan(2000);
		expect(fm.issues[0]?.message).toBe("a.md:1: front matter is too deeply nested or expands too much (YAML aliases)");
	});
});

describe("front matter messages in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("a refused language and unreadable YAML keep the path:line shape", () => {
		setLanguage("zh");
		const js = readFrontmatter("第一集.md", "---js\nx = 1\n---\n");
		expect(js.issues.map((i) => i.message)).toEqual(["第一集.md:1：front matter 语言 js 不可用（可选：yaml、json）"]);
		expect(new FrontmatterLanguageError("toml").message).toBe("front matter 语言 toml 不可用（可选：yaml、json）");
		const bad = readFrontmatter("第一集.md", "---\na: [1\n---\n");
		expect(bad.issues[0]!.message).toMatch(/^第一集\.md:\d+：无法读取 front matter：/);
	});
});
