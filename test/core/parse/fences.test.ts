import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { findFences, findFencesRemark } from "../../../src/core/parse/fences";

const strip = (bs: ReturnType<typeof findFences>) => bs.map((b) => ({ ...b }));

describe("findFences", () => {
	it("finds shot and json fences with exact lines and offsets, skipping other languages", () => {
		const text = "# T\n\n```js\nx\n```\n\n```shot\nprompt: a\n```\n\n~~~~json\n{}\n~~~~\n";
		const blocks = findFences(text);
		expect(blocks.map((b) => [b.lang, b.line, b.endLine, b.value, b.terminated])).toEqual([
			["shot", 7, 9, "prompt: a", true],
			["json", 11, 13, "{}", true],
		]);
		expect(text.slice(blocks[0]!.startOffset, blocks[0]!.endOffset)).toBe("```shot\nprompt: a\n```");
	});

	it("finds fences nested in lists and block quotes, with remark's positions", () => {
		const text = "Intro\n\n- item\n\n  ```shot\n  prompt: in list\n  ```\n\n> ```shot\n> prompt: quoted\n> ```\n";
		const blocks = findFences(text);
		expect(blocks.map((b) => [b.line, b.endLine, b.value])).toEqual([
			[5, 7, "prompt: in list"],
			[9, 11, "prompt: quoted"],
		]);
		expect(blocks).toEqual(findFencesRemark(text));
	});

	it("reports unterminated fences and keeps their text to the end", () => {
		const [b] = findFences("a\n\n```shot\nprompt: x\n\n");
		expect(b).toMatchObject({ line: 3, terminated: false, value: "prompt: x\n" });
	});

	it("does not take a fence inside another fence or inside an HTML comment", () => {
		expect(findFences("````md\n```shot\nprompt: x\n```\n````\n")).toEqual([]);
		expect(findFences("<!--\n\n```shot\nprompt: x\n```\n\n-->\n")).toEqual([]);
		expect(findFences("    ```shot\n    prompt: x\n    ```\n")).toEqual([]);
	});

	it("handles CRLF line endings like remark", () => {
		const text = "a\r\n\r\n```shot\r\nid: x\r\n\r\ny: 2\r\n```\r\nb";
		expect(findFences(text)).toEqual(findFencesRemark(text));
		expect(findFences(text)[0]!.value).toBe("id: x\r\n\r\ny: 2");
	});

	it("shifts lines and offsets by the body base", () => {
		const [b] = findFences("```shot\nx: 1\n```", { offset: 100, line: 10 });
		expect(b).toMatchObject({ line: 10, endLine: 12, startOffset: 100, endOffset: 116 });
	});

	it("agrees with remark on random documents (differential)", () => {
		const piece = fc.constantFrom(
			"Some prose here.",
			"",
			"",
			"- list item",
			"  continued in item",
			"1. numbered",
			"> quoted line",
			">",
			"```shot",
			"```",
			"````",
			"~~~shot",
			"~~~",
			"```json",
			"```js",
			"``` shot extra",
			"  ```shot",
			"   ```",
			"    ```shot",
			"\t```shot",
			"- ```shot",
			"> ```shot",
			"> ```",
			"prompt: hello",
			"  prompt: nested",
			"<div>",
			"</div>",
			"<!-- c -->",
			"# Heading",
			"***",
			"``not a fence``",
			"```shot `bad`",
			"  - nested item",
			"  > quote in item",
			"* star item",
			"2) paren item",
			"   > ```shot",
			"    indented code",
			"===",
			"<pre>",
			"</pre>",
			"<script>",
			"\t- tab item",
			"- > ```json",
			"\u3000",
			" \t ",
			"\f",
			"  ```",
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 30 }), fc.boolean(), fc.boolean(), (lines, crlf, finalNl) => {
				const text = lines.join(crlf ? "\r\n" : "\n") + (finalNl ? "\n" : "");
				expect(strip(findFences(text))).toEqual(strip(findFencesRemark(text)));
			}),
			{ numRuns: 3000 },
		);
	});
});
