import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { isCandidate, isStoryboardJson, parseFile, parseMarkdown } from "../../../src/core/parse";
import { scanAndPlan } from "../../../src/core/plan-scan";
import { TEST_SETTINGS } from "../../support/settings";

describe("isCandidate", () => {
	it.each([
		["a.md", "x\n```shot\nprompt: y\n```", true],
		["a.md", "~~~shot\n", true],
		["a.md", "````shot\n", true],
		["a.md", "``` shot\n", true],
		["a.md", "```SHOT\n", true],
		["a.md", '```json\n{"segments": []}\n```', true],
		["a.md", "~~~json\n", true],
		["a.md", "plain prose about a shot", false],
		["a.md", "```js\nshot()\n```", false],
		["a.txt", "```shot\n", false],
		["in/storyboard_ep1.json", "", true],
		["in/Storyboard-X.JSON", "", true],
		["in/_template.json", '{"segments": []}', false],
		["in/my_storyboard.json", "", false],
	])("%s %j → %s", (path, text, expected) => {
		expect(isCandidate(path, text)).toBe(expected);
	});

	it("matches the storyboard prefix on the file name only", () => {
		expect(isStoryboardJson("storyboard/notes.json")).toBe(false);
		expect(isStoryboardJson("x/storyboard.json")).toBe(true);
	});
});

describe("parseFile and scanAndPlan", () => {
	it("dispatches on the extension", () => {
		expect(parseFile("a.md", "```shot\nprompt: x\n```").kind).toBe("markdown");
		expect(parseFile("storyboard_a.json", '{"segments": []}').kind).toBe("json");
	});

	it("parses only candidates and plans them", () => {
		const files = [
			{ path: "notes/plain.md", text: "# nothing here\n" },
			{ path: "notes/Ep1.md", text: "```shot\nprompt: one\n```\n" },
			{ path: "data/storyboard_x.json", text: '{"segments": [{"segment_index": 1, "prompt_text": "two"}]}' },
			{ path: "data/other.json", text: '{"segments": [{"segment_index": 1, "prompt_text": "ignored"}]}' },
		];
		const r = scanAndPlan(files, TEST_SETTINGS, new Map());
		expect(r.scanned).toBe(4);
		expect(r.candidates).toBe(2);
		expect(r.notes.map((n) => n.path)).toEqual(["notes/Ep1.md", "data/storyboard_x.json"]);
		expect(r.plan.jobs.map((j) => j.outputPath)).toEqual(["data/_assets/storyboard_x/seg1.mp4", "notes/_assets/Ep1/s01.mp4"]);
	});
});

describe("note defaults from front matter", () => {
	it("reads every default and carries bible and output", () => {
		const n = parseMarkdown(
			"a.md",
			"---\ncineflow:\n  duration: 15\n  provider: sorahk\n  model: sora-2\n  orientation: vertical\n  pro: false\n  takes: 2\n  size: 720x1280\n  scene: S\n  props: [p]\n  note: N\n  image: i.png\n  references: [r.png]\n  keyframe: true\n  keyframe_prompt: K\n  output: _renders\n  bible: '[[Characters]]'\n---\n",
		);
		expect(n.issues).toEqual([]);
		expect(n.frontmatter).toEqual({
			shot: {
				duration: 15,
				provider: "sorahk",
				model: "sora-2",
				orientation: "vertical",
				pro: false,
				takes: 2,
				size: "720x1280",
				scene: "S",
				props: ["p"],
				note: "N",
				image: "i.png",
				references: ["r.png"],
				keyframe: true,
				keyframe_prompt: "K",
			},
			characters: [],
			output: "_renders",
			bible: "[[Characters]]",
			models: [],
		});
	});

	it("reads the neutral controls and declared models; a bad declaration names its field", () => {
		const n = parseMarkdown(
			"a.md",
			'---\ncineflow:\n  first_frame: a.png\n  last_frame: b.png\n  resolution: 1080P\n  aspect: 16:9\n  negative_prompt: blur\n  seed: 42\n  audio: off\n  models:\n    - {provider: fal, id: my/model, durations: "2-4", price: 0.1}\n    - {provider: fal, id: broken}\n---\n',
		);
		expect(n.frontmatter.shot).toEqual({
			image: "a.png",
			last_frame: "b.png",
			resolution: "1080p",
			aspect: "16:9",
			negative_prompt: "blur",
			seed: 42,
			audio: false,
		});
		expect(n.frontmatter.models).toEqual([{ provider: "fal", id: "my/model", durations: "2-4", price: 0.1 }]);
		expect(n.issues.map((i) => [i.severity, i.message])).toEqual([
			["error", expect.stringMatching(/^a\.md:10: cineflow\.models: model 2 field durations: .*needs provider, id and durations/) as string],
		]);
	});

	it("reports bad defaults at their line", () => {
		const n = parseMarkdown("a.md", "---\ntitle: t\ncineflow:\n  takes: 99\n  output: 5\n  prompt: no\n  durration: 10\n---\n");
		expect(n.issues.map((i) => [i.severity, i.message])).toEqual([
			["error", "a.md:4: cineflow.takes 99 is not allowed (allowed: 1–10)"],
			["warning", "a.md:7: unknown field cineflow.durration is ignored (did you mean cineflow.duration?)"],
			["warning", "a.md:6: cineflow.prompt cannot be a default; it is ignored"],
			["error", "a.md:5: cineflow.output 5 is not valid (expected a folder name)"],
		]);
		expect(parseMarkdown("a.md", "---\ncineflow: 3\n---\n").issues[0]!.message).toBe(
			"a.md:2: cineflow 3 is not valid (expected a map of defaults, e.g. cineflow: {duration: 15})",
		);
	});
});

describe("note-level messages in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("a bad default blocks the note's shots and points at its line", () => {
		setLanguage("zh");
		const n = parseMarkdown("第一集.md", "---\ncineflow:\n  provider: sorahk\n  chain: maybe\n  id: x\n---\n```shot\nprompt: x\n```\n");
		expect(n.issues.map((i) => i.message)).toEqual([
			"第一集.md:5：cineflow.id 不能作为默认值，已忽略",
			'第一集.md:4：cineflow.chain "maybe" 无效（应为 true 或 false）',
		]);
		const s = n.shots[0]!;
		expect(s.ok ? "" : s.error).toBe('第一集.md:7 分镜 s01：未计划：笔记有错误（第一集.md:4：cineflow.chain "maybe" 无效（应为 true 或 false））');
	});

	it("a default's field error is placed on the field's own line in both languages", () => {
		const fm = "---\ncineflow:\n  provider: sorahk\n  duration: soon\n---\n";
		expect(parseMarkdown("a.md", fm).issues.map((i) => i.message)).toEqual([
			'a.md:4: cineflow.duration "soon" is not valid (expected a number of seconds)',
		]);
		setLanguage("zh");
		expect(parseMarkdown("a.md", fm).issues.map((i) => i.message)).toEqual(['a.md:4：cineflow.duration "soon" 无效（应为秒数）']);
	});
});
