import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { parseMarkdown, type ShotResult } from "../../../src/core/parse";

const fence = (body: string) => "```shot\n" + body + "\n```\n";
const one = (body: string, path = "Scenes/Ep1.md"): ShotResult => {
	const n = parseMarkdown(path, fence(body));
	expect(n.shots).toHaveLength(1);
	return n.shots[0]!;
};
const errorOf = (r: ShotResult) => (r.ok ? "" : r.error);

describe("shot blocks: fields", () => {
	it("reads every field", () => {
		const r = one(
			[
				"id: s07",
				'prompt: "[Alice] walks into the rain-soaked alley, \\"Who\'s there?\\""',
				"duration: 10",
				"orientation: vertical",
				"size: 720x1280",
				"pro: false",
				"provider: sorahk",
				"model: sora-2",
				'image: "[[refs/alley.png]]"',
				'references: ["[[Alice.png]]", "[[Alley.png]]"]',
				"characters: [Alice]",
				"scene: Alley-NIGHT",
				"props: [umbrella]",
				"note: Establishing shot.",
				"takes: 3",
				"keyframe: true",
				"keyframe_prompt: a still of the alley",
			].join("\n"),
		);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.id).toBe("s07");
		expect(r.input).toEqual({
			id: "s07",
			prompt: '[Alice] walks into the rain-soaked alley, "Who\'s there?"',
			duration: 10,
			orientation: "vertical",
			size: "720x1280",
			pro: false,
			provider: "sorahk",
			model: "sora-2",
			image: "[[refs/alley.png]]",
			references: ["[[Alice.png]]", "[[Alley.png]]"],
			characters: ["Alice"],
			scene: "Alley-NIGHT",
			props: ["umbrella"],
			note: "Establishing shot.",
			takes: 3,
			keyframe: true,
			keyframe_prompt: "a still of the alley",
		});
		expect(r.source).toEqual({ notePath: "Scenes/Ep1.md", line: 1, endLine: 19, startOffset: 0, endOffset: expect.any(Number) as number });
		expect(r.warnings).toEqual([]);
	});

	it("accepts orientation aliases, including YAML's reading of 16:9 as a number", () => {
		for (const [v, o] of [
			["landscape", "horizontal"],
			["portrait", "vertical"],
			["16:9", "horizontal"],
			["9:16", "vertical"],
			['"16:9"', "horizontal"],
			['"9:16"', "vertical"],
			["Horizontal", "horizontal"],
		]) {
			const r = one(`prompt: x\norientation: ${v}`);
			expect(r.ok && r.input.orientation, v).toBe(o);
		}
	});

	it('coerces friendly forms: 10s, "15", comma lists, single strings, numbers as text', () => {
		const r = one('prompt: 42\nduration: 10s\ntakes: "2"\nprops: "salt, pepper"\ncharacters: Alice\nreferences: x.png\nsize: 1280 X 720\npro: "yes"');
		expect(r.ok && r.input).toMatchObject({
			prompt: "42",
			duration: 10,
			takes: 2,
			props: ["salt", "pepper"],
			characters: ["Alice"],
			references: ["x.png"],
			size: "1280x720",
			pro: true,
		});
	});

	it("accepts a JSON body", () => {
		const r = one('{"prompt": "from json", "duration": 15, "id": "j1"}');
		expect(r.ok && r.input).toEqual({ id: "j1", prompt: "from json", duration: 15 });
	});

	it("gives default ids s01, s02 … by position", () => {
		const n = parseMarkdown("a.md", fence("prompt: a") + "\ntext\n\n" + fence("prompt: b") + fence("id: custom\nprompt: c") + fence("prompt: d"));
		expect(n.shots.map((s) => s.id)).toEqual(["s01", "s02", "custom", "s04"]);
		expect(n.shots.map((s) => s.index)).toEqual([1, 2, 3, 4]);
	});

	it("warns about unknown keys, with a suggestion", () => {
		const r = one("prompt: x\ndurration: 10\nfoo: 1");
		expect(r.ok).toBe(true);
		expect(r.warnings).toEqual([
			"Scenes/Ep1.md:1 shot s01: unknown field durration is ignored (did you mean duration?)",
			"Scenes/Ep1.md:1 shot s01: unknown field foo is ignored",
		]);
	});

	it("accepts keyframePrompt and reference as aliases", () => {
		const r = one("prompt: x\nkeyframePrompt: kf\nreference: a.png");
		expect(r.ok && r.input).toMatchObject({ keyframe_prompt: "kf", image: "a.png" });
	});
});

describe("shot blocks: errors", () => {
	it.each([
		["duration: 10", "Scenes/Ep1.md:1 shot s01: prompt is missing"],
		['prompt: "  "', "Scenes/Ep1.md:1 shot s01: prompt is empty"],
		["prompt: x\ntakes: 11", "Scenes/Ep1.md:1 shot s01: takes 11 is not allowed (allowed: 1–10)"],
		["prompt: x\ntakes: 0", "Scenes/Ep1.md:1 shot s01: takes 0 is not allowed (allowed: 1–10)"],
		["prompt: x\nduration: ten", 'Scenes/Ep1.md:1 shot s01: duration "ten" is not valid (expected a number of seconds)'],
		[
			"prompt: x\norientation: diagonal",
			'Scenes/Ep1.md:1 shot s01: orientation "diagonal" is not valid (expected horizontal or vertical (also landscape, portrait, 16:9, 9:16))',
		],
		["prompt: x\nsize: big", 'Scenes/Ep1.md:1 shot s01: size "big" is not valid (expected WIDTHxHEIGHT, e.g. 1280x720)'],
		["prompt: x\npro: maybe", 'Scenes/Ep1.md:1 shot s01: pro "maybe" is not valid (expected true or false)'],
		["id: ../x\nprompt: x", 'Scenes/Ep1.md:1 shot "../x": id "../x" is not allowed (use 1–64 characters from A–Z, a–z, 0–9, _ and -)'],
		[
			`id: ${"a".repeat(65)}\nprompt: x`,
			`Scenes/Ep1.md:1 shot "${"a".repeat(56)}…": id "${"a".repeat(56)}…" is too long (65 characters; use 1–64 characters from A–Z, a–z, 0–9, _ and -)`,
		],
		["- a\n- b", 'Scenes/Ep1.md:1 shot s01: shot block must be a map of fields like "prompt: …" (got a list)'],
		["just text", 'Scenes/Ep1.md:1 shot s01: shot block must be a map of fields like "prompt: …" (got "just text")'],
		["", "Scenes/Ep1.md:1 shot s01: shot block is empty (it needs at least a prompt)"],
	])("%j", (body, message) => {
		expect(errorOf(one(body))).toBe(message);
	});

	it("lists every problem of a shot in one message", () => {
		expect(errorOf(one("duration: ten\ntakes: 20"))).toBe(
			'Scenes/Ep1.md:1 shot s01: duration "ten" is not valid (expected a number of seconds); takes 20 is not allowed (allowed: 1–10); prompt is missing',
		);
	});

	it("reports YAML syntax errors at the line inside the note", () => {
		const text = "# Ep\n\nprose\n\n```shot\nid: s01\nprompt: ok\nprompt: twice\n```\n";
		const r = parseMarkdown("Ep1.md", text).shots[0]!;
		expect(errorOf(r)).toBe("Ep1.md:8 shot s01: YAML error: duplicated mapping key");
		const r2 = parseMarkdown("Ep1.md", "```shot\nprompt: [unclosed\nduration: 10\n```\n").shots[0]!;
		expect(errorOf(r2)).toMatch(/^Ep1\.md:[34] shot s01: YAML error: /);
	});

	it("flags duplicate ids on the second occurrence, naming the first's line", () => {
		const n = parseMarkdown("Ep1.md", fence("id: a\nprompt: 1") + "\n" + fence("id: a\nprompt: 2"));
		expect(n.shots[0]!.ok).toBe(true);
		expect(errorOf(n.shots[1]!)).toBe("Ep1.md:6 shot a: duplicate shot id a (already used by the shot at line 1); ids must be unique in a note");
	});

	it("reports an unterminated block with its line and keeps the shots before it", () => {
		const n = parseMarkdown("Ep1.md", fence("prompt: good") + "\n```shot\nprompt: never closed\n");
		expect(n.shots[0]!.ok).toBe(true);
		expect(errorOf(n.shots[1]!)).toBe("Ep1.md:5 shot s02: unterminated shot block (close it with a line of ``` after the fields)");
	});

	it("one bad shot never hides the good ones", () => {
		const n = parseMarkdown("Ep1.md", fence("prompt: a") + fence("prompt: [broken") + fence("prompt: c"));
		expect(n.shots.map((s) => s.ok)).toEqual([true, false, true]);
	});
});

describe("shot blocks: Markdown layout", () => {
	it("finds ~~~ fences, longer fences and fences in lists and block quotes", () => {
		const text = [
			"~~~shot",
			"prompt: tilde",
			"~~~",
			"",
			"````shot",
			"prompt: four",
			"````",
			"",
			"- item",
			"",
			"  ```shot",
			"  prompt: in a list",
			"  ```",
			"",
			"> [!note] callout",
			"> ```shot",
			"> prompt: in a callout",
			"> ```",
			"",
		].join("\n");
		const n = parseMarkdown("a.md", text);
		expect(n.shots.map((s) => (s.ok ? [s.input.prompt, s.source.line, s.source.endLine] : s.error))).toEqual([
			["tilde", 1, 3],
			["four", 5, 7],
			["in a list", 11, 13],
			["in a callout", 16, 18],
		]);
	});

	it("handles CRLF and a BOM, with lines and offsets in the original text", () => {
		const text = "\uFEFF---\r\ncineflow:\r\n  takes: 2\r\n---\r\n# T\r\n\r\n```shot\r\nid: s01\r\nprompt: crlf\r\n```\r\n";
		const n = parseMarkdown("a.md", text);
		const s = n.shots[0]!;
		expect(s.ok && s.input.prompt).toBe("crlf");
		expect(s.source.line).toBe(7);
		expect(s.source.endLine).toBe(10);
		expect(text.slice(s.source.startOffset, s.source.endOffset)).toBe("```shot\r\nid: s01\r\nprompt: crlf\r\n```");
		expect(n.frontmatter.shot.takes).toBe(2);
	});

	it("ignores other code blocks and shot-looking text inside them", () => {
		const n = parseMarkdown("a.md", "```md\n```shot\nprompt: example\n```\n```\n\n```python\nprint(1)\n```\n");
		expect(n.shots).toEqual([]);
	});

	it("counts lines after front matter correctly", () => {
		const n = parseMarkdown("a.md", "---\ntags: [a]\n---\n\n```shot\nprompt: x\n```\n");
		expect(n.shots[0]!.source.line).toBe(5);
	});
});

describe("shot block errors in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("field errors, the id rule and a missing prompt, with the English shape kept", () => {
		const body = "id: bad id\nduration: soon\ntakes: 11";
		expect(errorOf(one(body))).toBe(
			'Scenes/Ep1.md:1 shot "bad id": id "bad id" is not allowed (use 1–64 characters from A–Z, a–z, 0–9, _ and -); duration "soon" is not valid (expected a number of seconds); takes 11 is not allowed (allowed: 1–10); prompt is missing',
		);
		setLanguage("zh");
		const r = one(body);
		expect(errorOf(r)).toBe(
			'Scenes/Ep1.md:1 分镜 "bad id"：id "bad id" 不可用（请用 1–64 个字符：A–Z、a–z、0–9、_ 和 -）；duration "soon" 无效（应为秒数）；takes 11 不可用（可选：1–10）；缺少 prompt',
		);
		expect(!r.ok && r.code).toBe("parse.id.invalid");
	});

	it("an unknown field is a warning with a guess; an unterminated block says how to close it", () => {
		setLanguage("zh");
		const r = one("prompt: x\ndurtion: 10");
		expect(r.warnings).toEqual(["Scenes/Ep1.md:1 分镜 s01：未知字段 durtion，已忽略（是否想写 duration？）"]);
		const n = parseMarkdown("第一集.md", "```shot\nprompt: x\n");
		expect(errorOf(n.shots[0]!)).toBe("第一集.md:1 分镜 s01：分镜块没有结束（请在字段后加一行 ``` 结束）");
	});
});
