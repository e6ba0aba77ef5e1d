import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { parseFile, parseMarkdown } from "../../src/core/parse";
import { planJobs } from "../../src/core/plan";
import { type Settings } from "../../src/core/settings";
import { TEST_SETTINGS } from "../support/settings";
import { shotBlock } from "../support/shots";

const ep1Text = readFileSync(new URL("../fixtures/notes/Ep1.md", import.meta.url), "utf8");
const ep1 = () => parseMarkdown("Scenes/Ep1.md", ep1Text);
const settings = (patch: (s: Settings) => void = () => {}) => {
	const s = structuredClone(TEST_SETTINGS);
	patch(s);
	return s;
};

describe("planJobs on a full note", () => {
	const plan = planJobs(
		[ep1()],
		TEST_SETTINGS,
		new Map([
			["Scenes/_renders/Ep1/s01.mp4", 1234],
			["Scenes/_renders/Ep1/s02.mp4", 0],
		]),
	);

	it("makes one job per take with every field filled", () => {
		expect(plan.jobs.map((j) => [j.key, j.status])).toEqual([
			["Scenes/Ep1.md::s01::1", "skipped"],
			["Scenes/Ep1.md::s01::2", "ready"],
			// An existing empty file does not count as done.
			["Scenes/Ep1.md::s02::1", "ready"],
			["Scenes/Ep1.md::s03::1", "invalid"],
		]);
		const [first, second, third] = plan.jobs;
		expect(first).toEqual({
			key: "Scenes/Ep1.md::s01::1",
			notePath: "Scenes/Ep1.md",
			shotId: "s01",
			take: 1,
			line: 18,
			provider: "sorahk",
			model: "sora-2",
			prompt: 'Alice @alice.cameo walks into the rain-soaked alley, "Who\'s there?" [Scene: Alley-NIGHT | Props: umbrella] (Director Note: Establishing shot.)',
			promptHash: createHash("sha256").update(first!.prompt).digest("hex"),
			duration: 15,
			orientation: "vertical",
			size: "720x1280",
			pro: false,
			resolution: "720p",
			aspect: "9:16",
			reference: { kind: "vault", path: "refs/alley.png" },
			outputFolder: "Scenes/_renders/Ep1",
			outputPath: "Scenes/_renders/Ep1/s01.mp4",
			status: "skipped",
			reason: "Scenes/_renders/Ep1/s01.mp4 already exists",
			cost: 0.075,
			warnings: [],
			anchor: {
				id: "s01",
				idGiven: true,
				promptKey: createHash("sha256").update('[Alice] walks into the rain-soaked alley, "Who\'s there?"').digest("hex"),
				index: 1,
			},
		});
		expect(second!.outputPath).toBe("Scenes/_renders/Ep1/s01.take2.mp4");
		expect(second!.promptHash).toBe(first!.promptHash);
		expect(third).toMatchObject({
			shotId: "s02",
			line: 29,
			prompt: "Bobby @bob lights a cigarette; [Alcie] watches.",
			duration: 10,
			orientation: "horizontal",
			size: "1280x720",
			cost: 0.05,
			warnings: ["Scenes/Ep1.md:29 shot s02: [Alcie] has no character id; did you mean Alice?"],
			promptWarnings: [{ kind: "unknown-character", name: "Alcie", suggestion: "Alice" }],
		});
		expect(first!.promptWarnings).toBeUndefined();
		expect(third!.reference).toBeUndefined();
	});

	it("lists invalid shots with the full message and the rest proceed", () => {
		const bad = plan.jobs[3]!;
		expect(bad).toMatchObject({
			status: "invalid",
			reason: "Scenes/Ep1.md:36 shot s03: duration 7 is not allowed for sorahk (allowed: 10, 15; 25 with pro)",
			cost: null,
			duration: 7,
			outputPath: "Scenes/_renders/Ep1/s03.mp4",
		});
	});

	it("exposes the resolved shots for later features", () => {
		expect(plan.shots.map((s) => [s.id, s.takes, s.keyframe, s.references, s.characters])).toEqual([
			["s01", 2, false, [], []],
			["s02", 1, false, [], []],
		]);
		expect(plan.shots[0]!.image).toBe("[[refs/alley.png]]");
	});

	it("totals count ready jobs only", () => {
		expect(plan.totals).toEqual({ shots: 3, jobs: 4, ready: 2, skipped: 1, invalid: 1, seconds: 25, cost: 0.125, unknownCost: 0 });
		expect(plan.notes).toEqual([{ path: "Scenes/Ep1.md", kind: "markdown", outputFolder: "Scenes/_renders/Ep1", shots: 3, invalidShots: 1, issues: [] }]);
		expect(plan.warnings).toEqual(["Scenes/Ep1.md:29 shot s02: [Alcie] has no character id; did you mean Alice?"]);
		expect(plan.errors).toEqual([]);
		expect(plan.priceSources).toEqual([expect.stringMatching(/^sorahk\/sora-2: the original CineFlow's flat estimate/) as string]);
	});
});

describe("planJobs: determinism and collisions", () => {
	it("gives the same plan whatever the order of the notes", () => {
		const a = parseMarkdown("b/Two.md", "```shot\nprompt: two\n```\n");
		const b = parseMarkdown("a/One.md", "```shot\nprompt: one\ntakes: 2\n```\n");
		const p1 = planJobs([a, b, ep1()], TEST_SETTINGS, new Map());
		const p2 = planJobs([ep1(), b, a], TEST_SETTINGS, new Map());
		expect(p2).toEqual(p1);
		expect(p1.jobs.map((j) => j.notePath)).toEqual([
			"Scenes/Ep1.md",
			"Scenes/Ep1.md",
			"Scenes/Ep1.md",
			"Scenes/Ep1.md",
			"a/One.md",
			"a/One.md",
			"b/Two.md",
		]);
	});

	it("never plans two jobs onto one output file", () => {
		const md = parseMarkdown("in/storyboard_x.md", '```json\n{"segments": [{"segment_index": 1, "prompt_text": "a"}]}\n```\n');
		const json = parseFile("in/storyboard_x.json", '{"segments": [{"segment_index": 1, "prompt_text": "b"}]}');
		const plan = planJobs([md, json], TEST_SETTINGS, new Map());
		expect(plan.jobs.map((j) => [j.outputPath, j.status])).toEqual([
			["in/_assets/storyboard_x/seg1.mp4", "ready"],
			["in/_assets/storyboard_x/seg1.mp4", "invalid"],
		]);
		expect(plan.jobs[1]!.reason).toBe(
			"in/storyboard_x.md:2 shot seg1: output file in/_assets/storyboard_x/seg1.mp4 is also the output of in/storyboard_x.json::seg1::1; rename the shot or the note",
		);
	});

	it("sanitizes the output folder name from settings and front matter", () => {
		const n = parseMarkdown("S/Ep.md", "---\ncineflow:\n  output: ../../evil\n---\n```shot\nprompt: x\n```\n");
		expect(planJobs([n], TEST_SETTINGS, new Map()).jobs[0]!.outputPath).toBe("S/_.._evil/Ep/s01.mp4");
		const st = settings((s) => {
			s.outputFolder = "CON";
		});
		expect(planJobs([parseMarkdown("S/Ep.md", "```shot\nprompt: x\n```\n")], st, new Map()).jobs[0]!.outputFolder).toBe("S/_CON/Ep");
	});
});

/** A relay model declared in settings, without a price. */
const CLIP: Settings["models"][number] = { provider: "newapi", id: "clip", durations: [4, 8, 12] };

describe("planJobs: costs", () => {
	it("prices by resolution where the model is priced that way, and a declared price counts", () => {
		const st = settings((s) => {
			s.models = [{ provider: "newapi", id: "tiered", durations: [5, 10], resolutions: ["720p", "1080p"], price: { "720p": 0.1, "1080P": 0.15 } }];
		});
		const n = parseMarkdown(
			"a.md",
			"---\ncineflow:\n  provider: newapi\n  model: tiered\n---\n```shot\nprompt: a\nduration: 10\n```\n```shot\nprompt: b\nduration: 10\nresolution: 1080p\n```\n",
		);
		const plan = planJobs([n], st, new Map());
		expect(plan.jobs.map((j) => [j.resolution, j.cost])).toEqual([
			["720p", 1],
			["1080p", 1.5],
		]);
		expect(plan.priceSources).toEqual(["newapi/tiered: declared in the plugin settings"]);
	});

	it("is null (unknown), never 0, for unknown prices; totals report them apart", () => {
		const n = parseMarkdown(
			"a.md",
			"```shot\nprompt: x\npro: true\nduration: 25\n```\n```shot\nprompt: y\n```\n```shot\nprompt: z\nprovider: newapi\nmodel: clip\nduration: 8\n```\n",
		);
		const plan = planJobs(
			[n],
			settings((s) => (s.models = [CLIP])),
			new Map(),
		);
		expect(plan.jobs.map((j) => j.cost)).toEqual([null, 0.05, null]);
		expect(plan.totals).toMatchObject({ ready: 3, seconds: 43, cost: 0.05, unknownCost: 2 });
	});

	it("uses price overrides from settings, field by field", () => {
		const st = settings((s) => {
			s.prices["sorahk/sora-2"] = { perSecond: null, proPerSecond: 0.02 };
			s.prices["newapi/clip"] = { perSecond: 0.1, proPerSecond: null };
			s.models = [CLIP];
		});
		const n = parseMarkdown(
			"a.md",
			"```shot\nprompt: x\npro: true\nduration: 25\n```\n```shot\nprompt: y\n```\n```shot\nprompt: z\nprovider: newapi\nmodel: clip\nduration: 8\n```\n",
		);
		const plan = planJobs([n], st, new Map());
		expect(plan.jobs.map((j) => j.cost)).toEqual([0.5, 0.05, 0.8]);
		expect(plan.totals).toMatchObject({ cost: 1.35, unknownCost: 0 });
		expect(plan.priceSources).toEqual([
			"newapi/clip: your price setting for newapi/clip",
			expect.stringMatching(/^sorahk\/sora-2: your price setting for sorahk\/sora-2; otherwise the original/) as string,
		]);
	});

	it("totals cost is null when no ready job has a known price, 0 when nothing is ready", () => {
		// T8Star publishes no price (Grok, the earlier example, has one since 2026-12-03).
		const n = parseMarkdown("a.md", "```shot\nprompt: z\nprovider: t8star\n```\n");
		expect(planJobs([n], TEST_SETTINGS, new Map()).totals).toMatchObject({ cost: null, unknownCost: 1 });
		expect(planJobs([], TEST_SETTINGS, new Map()).totals).toEqual({
			shots: 0,
			jobs: 0,
			ready: 0,
			skipped: 0,
			invalid: 0,
			seconds: 0,
			cost: 0,
			unknownCost: 0,
		});
	});
});

describe("planJobs: secrets in messages", () => {
	it("masks signed-URL secrets echoed in error messages", () => {
		const n = parseMarkdown("a.md", "```shot\nprompt: x\nimage: 's3://bucket/a.png?X-Amz-Signature=abcdef123456&x=1'\n```\n");
		const reason = planJobs([n], TEST_SETTINGS, new Map()).jobs[0]!.reason!;
		expect(reason).toContain("X-Amz-Signature=***");
		expect(reason).not.toContain("abcdef123456");
	});
});

describe("planJobs: note-level problems", () => {
	it("a bad default blocks the note's shots and is reported once as an error", () => {
		const n = parseMarkdown("a.md", "---\ncineflow:\n  duration: abc\n  colour: red\n---\n```shot\nprompt: x\n```\n");
		const plan = planJobs([n], TEST_SETTINGS, new Map());
		expect(plan.errors).toEqual(['a.md:3: cineflow.duration "abc" is not valid (expected a number of seconds)']);
		expect(plan.warnings).toEqual(["a.md:4: unknown field cineflow.colour is ignored"]);
		expect(plan.jobs[0]!.status).toBe("invalid");
		expect(plan.jobs[0]!.reason).toBe(
			'a.md:6 shot s01: not planned because the note has errors (a.md:3: cineflow.duration "abc" is not valid (expected a number of seconds))',
		);
	});

	it("uses seed character ids per shot, over the note bible", () => {
		const n = parseFile(
			"storyboard_c.json",
			'{"character_bible": [{"name": "Alice", "id": "@old"}], "segments": [{"segment_index": 1, "prompt_text": "[Alice] runs", "asset": {"characters": ["Alice@new"]}}, {"segment_index": 2, "prompt_text": "[Alice] stops"}]}',
		);
		expect(planJobs([n], TEST_SETTINGS, new Map()).jobs.map((j) => j.prompt)).toEqual(["Alice @new runs", "Alice @old stops"]);
	});

	it("injects plain names only when the setting is on", () => {
		const n = parseMarkdown("a.md", "---\ncharacters:\n  Alice: '@alice'\n---\n```shot\nprompt: Alice runs\n```\n");
		expect(planJobs([n], TEST_SETTINGS, new Map()).jobs[0]!.prompt).toBe("Alice runs");
		const on = settings((s) => {
			s.plainNameInjection = true;
		});
		expect(planJobs([n], on, new Map()).jobs[0]!.prompt).toBe("Alice @alice runs");
	});
});

describe("planJobs with a duplicate shot id", () => {
	it("keeps job keys unique: the first shot keeps its key, the duplicate is invalid under its own key naming its line", () => {
		const text = ["one", "again", "thrice"].map((prompt) => shotBlock({ id: "s01", prompt })).join("");
		const plan = planJobs([parseMarkdown("Ep.md", text)], TEST_SETTINGS, new Map());
		expect(plan.jobs.map((j) => [j.key, j.status])).toEqual([
			["Ep.md::s01::1", "ready"],
			["Ep.md::s01@line5::1", "invalid"],
			["Ep.md::s01@line9::1", "invalid"],
		]);
		expect(plan.jobs[1]?.reason).toMatch(/^Ep\.md:5 shot s01: duplicate shot id s01 \(already used by the shot at line 1\)/);
		expect(new Set(plan.jobs.map((j) => j.key)).size).toBe(plan.jobs.length);
	});
});

describe("plan reasons and warnings in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("a skipped take, an invalid shot and a prompt marker speak Chinese with the same shape", () => {
		setLanguage("zh");
		const plan = planJobs([ep1()], TEST_SETTINGS, new Map([["Scenes/_renders/Ep1/s01.mp4", 1234]]));
		expect(plan.jobs[0]!.reason).toBe("Scenes/_renders/Ep1/s01.mp4 已存在");
		const invalid = plan.jobs.find((j) => j.status === "invalid")!;
		expect(invalid.reason).toMatch(/^Scenes\/Ep1\.md:\d+ 分镜 s03：/);
		const n = parseMarkdown("第一集.md", "---\ncineflow:\n  characters:\n    Alice: '@alice'\n---\n```shot\nprompt: '[Alcie] waves'\n```\n");
		expect(planJobs([n], TEST_SETTINGS, new Map()).warnings).toContain("第一集.md:6 分镜 s01：[Alcie] 没有角色 id；是否想写 Alice？");
	});
});
