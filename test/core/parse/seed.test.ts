import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { isCandidate, parseFile, parseMarkdown, type ParsedNote, type ShotResult } from "../../../src/core/parse";
import { planJobs } from "../../../src/core/plan";
import { TEST_SETTINGS } from "../../support/settings";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/notes/input/${name}`, import.meta.url), "utf8");
const load = (name: string): ParsedNote => parseFile(`input/${name}`, fixture(name));
const errorOf = (r: ShotResult | undefined) => (r && !r.ok ? r.error : "");

describe("seed storyboard JSON: storyboard_demo.json", () => {
	const note = load("storyboard_demo.json");

	it("maps both segments to shots", () => {
		expect(note.kind).toBe("json");
		expect(note.issues).toEqual([]);
		expect(note.shots.map((s) => s.ok && s.input)).toEqual([
			{
				id: "seg1",
				prompt: "A futuristic city skyline at dusk, flying cars weaving between neon towers. Cyberpunk style.",
				pro: false,
				duration: 10,
				orientation: "horizontal",
				note: "Establishing shot.",
				scene: "Future City",
			},
			{
				id: "seg2",
				prompt: "Close up of a character named Alice(@alice ) smiling at the camera.",
				pro: false,
				duration: 10,
				orientation: "horizontal",
				characters: ["Alice"],
				characterIds: { Alice: "@alice" },
				scene: "Room",
			},
		]);
		expect(note.shots.map((s) => [s.origin, s.index, s.source.line])).toEqual([
			["json-file", 1, 4],
			["json-file", 2, 18],
		]);
	});

	it("plans them with the original prompt construction and deterministic outputs", () => {
		const plan = planJobs([note], TEST_SETTINGS, new Map());
		expect(plan.jobs.map((j) => [j.prompt, j.outputPath, j.status])).toEqual([
			[
				"A futuristic city skyline at dusk, flying cars weaving between neon towers. Cyberpunk style. [Scene: Future City] (Director Note: Establishing shot.)",
				"input/_assets/storyboard_demo/seg1.mp4",
				"ready",
			],
			// The id already follows the name: no double injection (the original produced "@alice ( @alice )").
			["Close up of a character named Alice(@alice ) smiling at the camera. [Scene: Room]", "input/_assets/storyboard_demo/seg2.mp4", "ready"],
		]);
	});
});

describe("seed storyboard JSON: the shipped templates", () => {
	it("_template.json is not scanned (no storyboard prefix), and its 5 s duration is reported clearly", () => {
		expect(isCandidate("input/_template.json", fixture("_template.json"))).toBe(false);
		const note = load("_template.json");
		expect(note.issues).toEqual([]);
		const plan = planJobs([note], TEST_SETTINGS, new Map());
		expect(plan.jobs).toHaveLength(1);
		expect(plan.jobs[0]!.status).toBe("invalid");
		expect(plan.jobs[0]!.reason).toBe("input/_template.json:8 shot seg1: duration 5 is not allowed for sorahk (allowed: 10, 15; 25 with pro)");
	});

	it("storyboard_template.json (pro, 5 s) is scanned and reported invalid; _schema_info is ignored quietly", () => {
		expect(isCandidate("input/storyboard_template.json", "")).toBe(true);
		const note = load("storyboard_template.json");
		expect(note.issues).toEqual([]);
		const plan = planJobs([note], TEST_SETTINGS, new Map());
		expect(plan.jobs[0]!.reason).toBe("input/storyboard_template.json:8 shot seg1: duration 5 is not allowed for sorahk (allowed: 10, 15; 25 with pro)");
		expect(plan.jobs[0]!.orientation).toBe("vertical");
	});

	it("schema v2: character_bible seeds the bible, asset null is fine, unknown fields warn", () => {
		const note = load("storyboard_v2.json");
		expect(note.issues).toEqual([]);
		expect(note.frontmatter.characters).toEqual([{ name: "小美", id: "@xiaomei", aliases: ["美美"], description: "a girl" }]);
		expect(note.shots.map((s) => s.ok)).toEqual([true, true]);
		expect(note.shots[0]!.warnings).toEqual([
			"input/storyboard_v2.json:7 shot seg1: unknown segment field beat_ref is ignored",
			"input/storyboard_v2.json:7 shot seg1: unknown segment field dialogue is ignored",
			"input/storyboard_v2.json:7 shot seg1: unknown segment field video_params is ignored",
		]);
		const plan = planJobs([note], TEST_SETTINGS, new Map());
		// video_params is ignored, as in the original: the default duration applies.
		expect(plan.jobs[0]!.duration).toBe(10);
		expect(plan.jobs[0]!.prompt).toBe("小美 @xiaomei 走进教室，美美 @xiaomei 笑了。");
		expect(plan.jobs[1]!.prompt).toBe("小美 @xiaomei 走进教室 [Props: 书包, 伞]");
		expect(plan.jobs[1]!.pro).toBe(true);
		expect(plan.jobs[1]!.cost).toBeNull();
	});
});

describe("seed storyboard JSON: edge cases", () => {
	const seg = (fields: string) => `{"segments": [${fields}]}`;

	it("explicit asset null does not crash", () => {
		const n = parseFile("storyboard_a.json", seg('{"segment_index": 1, "prompt_text": "x", "asset": null}'));
		expect(n.shots[0]!.ok).toBe(true);
	});

	it("reports missing and empty prompts and bad values per segment", () => {
		const n = parseFile(
			"storyboard_a.json",
			seg(
				'{"segment_index": 1}, {"segment_index": 2, "prompt_text": "  "}, {"segment_index": 3, "prompt_text": "x", "resolution": "square", "is_pro": "maybe"}',
			),
		);
		expect(n.shots.map(errorOf)).toEqual([
			"storyboard_a.json:1 shot seg1: prompt_text is missing",
			"storyboard_a.json:1 shot seg2: prompt_text is empty",
			'storyboard_a.json:1 shot seg3: resolution "square" is not valid (expected horizontal or vertical (also landscape, portrait, 16:9, 9:16)); is_pro "maybe" is not valid (expected true or false)',
		]);
	});

	it("duplicate segment_index values are duplicate ids", () => {
		const n = parseFile("storyboard_a.json", '{"segments": [\n{"segment_index": 1, "prompt_text": "a"},\n{"segment_index": 1, "prompt_text": "b"}\n]}');
		expect(errorOf(n.shots[1])).toBe(
			"storyboard_a.json:3 shot seg1: duplicate shot id seg1 (already used by the shot at line 2); ids must be unique in a note",
		);
	});

	it("a missing segment_index falls back to the position, with a warning", () => {
		const n = parseFile("storyboard_a.json", seg('{"prompt_text": "a"}'));
		expect(n.shots[0]!.id).toBe("seg1");
		expect(n.shots[0]!.warnings).toEqual(["storyboard_a.json:1 shot seg1: segment_index is missing; using 1"]);
	});

	it("legacy and object characters, with bracket cleaning and id trimming", () => {
		const n = parseFile(
			"storyboard_a.json",
			seg(
				'{"segment_index": 1, "prompt_text": "x", "asset": {"characters": ["[Alice]@alice", {"name": "[Bob]", "id": " @bob "}, "Carol", {"id": "@x"}]}}',
			),
		);
		const s = n.shots[0]!;
		expect(s.ok && s.input.characters).toEqual(["Alice", "Bob", "Carol"]);
		expect(s.ok && s.input.characterIds).toEqual({ Alice: "@alice", Bob: "@bob" });
		expect(s.warnings).toEqual(['storyboard_a.json:1 shot seg1: asset character {"id":"@x"} has no name']);
	});

	it("reports JSON syntax errors with a line, and non-storyboards", () => {
		const bad = parseFile("storyboard_bad.json", '{\n  "segments": [\n    {"segment_index": 1,}\n  ]\n}');
		expect(bad.shots).toEqual([]);
		expect(bad.issues[0]!.severity).toBe("error");
		expect(bad.issues[0]!.message).toMatch(/^storyboard_bad\.json:3: storyboard JSON could not be read: /);
		expect(parseFile("storyboard_x.json", "[1,2]").issues[0]!.message).toBe(
			'storyboard_x.json:1: not a storyboard: expected an object with a "segments" list',
		);
	});

	it("warns about unknown top-level fields but not metadata, _comment or _anything", () => {
		const n = parseFile("storyboard_a.json", '{"segments": [], "metadata": {}, "_comment": "x", "_comment_params": {}, "extra": 1}');
		expect(n.issues.map((i) => i.message)).toEqual(["storyboard_a.json:1: unknown storyboard field extra is ignored"]);
	});

	it("reads a file with a BOM", () => {
		expect(parseFile("storyboard_a.json", "\uFEFF" + seg('{"segment_index": 4, "prompt_text": "x"}')).shots[0]!.id).toBe("seg4");
	});
});

describe("```json fences in Markdown notes", () => {
	const note = [
		"---",
		"cineflow:",
		"  orientation: vertical",
		"---",
		"# Board",
		"",
		"```json",
		'{"some": "other json"}',
		"```",
		"",
		"```json",
		"{",
		'  "segments": [',
		'    {"segment_index": 1, "prompt_text": "first"},',
		"    {",
		'      "segment_index": 2,',
		'      "prompt_text": "second", "duration_seconds": 15',
		"    }",
		"  ]",
		"}",
		"```",
		"",
	].join("\n");

	it("reads fences holding a storyboard object, ignores other json fences", () => {
		const n = parseMarkdown("Boards/Ep2.md", note);
		expect(n.issues).toEqual([]);
		expect(n.shots.map((s) => [s.id, s.origin, s.source.line])).toEqual([
			["seg1", "json-fence", 14],
			["seg2", "json-fence", 15],
		]);
		const plan = planJobs([n], TEST_SETTINGS, new Map());
		expect(plan.jobs.map((j) => [j.outputPath, j.orientation, j.duration])).toEqual([
			["Boards/_assets/Ep2/seg1.mp4", "vertical", 10],
			["Boards/_assets/Ep2/seg2.mp4", "vertical", 15],
		]);
	});

	it("reports a broken storyboard fence as a note error", () => {
		const n = parseMarkdown("a.md", '```json\n{"segments": [ }\n```\n');
		expect(n.issues[0]!.message).toMatch(/^a\.md:2: storyboard JSON could not be read: /);
	});
});

describe("storyboard JSON messages in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));
	const seg = (fields: string) => `{"segments": [${fields}]}`;

	it("segment errors name the segment's own key, duplicates name the first line", () => {
		setLanguage("zh");
		const n = parseFile("storyboard_a.json", '{"segments": [\n{"segment_index": 1, "prompt_text": "a"},\n{"segment_index": 1, "is_pro": "maybe"}\n]}');
		expect(n.shots.map(errorOf)).toEqual([
			"",
			'storyboard_a.json:3 分镜 seg1：分镜 id seg1 重复（第 2 行的分镜已使用）；同一笔记中的 id 必须唯一；is_pro "maybe" 无效（应为 true 或 false）；缺少 prompt_text',
		]);
		const s = n.shots[1]!;
		expect(!s.ok && s.code).toBe("parse.duplicateId");
	});

	it("a storyboard that is not one, and a missing segment_index", () => {
		setLanguage("zh");
		expect(parseFile("storyboard_a.json", "{}").issues.map((i) => i.message)).toEqual(['storyboard_a.json:1：不是分镜脚本：应为带 "segments" 列表的对象']);
		expect(parseFile("storyboard_a.json", seg('{"prompt_text": "a"}')).shots[0]!.warnings).toEqual([
			"storyboard_a.json:1 分镜 seg1：缺少 segment_index，使用 1",
		]);
	});
});
