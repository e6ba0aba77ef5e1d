/**
 * Character reference sheets: a bible character's `image:` may be a list; each shot
 * gets the sheets of the characters it names, and the plan decides per the model's
 * caps how they travel (native references, one matrix, or left out with a warning),
 * naming the rule it applied (`PlannedJob.sheets`) and shown by the dry run.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { formatDryRun } from "../../../src/core/dryrun";
import { parseMarkdown } from "../../../src/core/parse";
import { applyBibleNote, readBibleNote } from "../../../src/core/parse/bible";
import { readBible } from "../../../src/core/parse/characters";
import { planJobs, type Plan } from "../../../src/core/plan";
import { sheetImages, sheetSummary } from "../../../src/core/run/sheets";
import type { PlannedJob } from "../../../src/core/types";
import { TEST_SETTINGS } from "../../support/settings";

const BIBLE = `characters:
    Alice: {id: "@alice", image: [refs/alice-front.png, refs/alice-side.png]}
    Bob: {id: "@bob", image: refs/bob.png}
    Carol: {id: "@carol"}
`;

/** One note with the bible in its front matter and the given shot fields. */
function planOf(provider: string, model: string, shotFields: string, prompt = "[Alice] meets [Bob] and [Carol]", noteExtra = ""): Plan {
	const text = `---\ncineflow:\n  provider: ${provider}\n  model: ${model}\n${noteExtra}  ${BIBLE}---\n\`\`\`shot\nid: s01\nprompt: "${prompt}"\n${shotFields}\`\`\`\n`;
	return planJobs([parseMarkdown("Ep.md", text)], TEST_SETTINGS, new Map());
}

function job(plan: Plan): PlannedJob {
	expect(plan.errors).toEqual([]);
	const j = plan.jobs[0]!;
	expect(j.reason).toBeUndefined();
	expect(j.status).toBe("ready");
	return j;
}

const labels = (xs: ReadonlyArray<{ label: string }> | undefined) => (xs ?? []).map((x) => x.label);

describe("bible images: one or a list", () => {
	it("a character's image may be a list; a single string still works; blanks and repeats are dropped", () => {
		const r = readBible({ Alice: { image: ["a1.png", " a2.png ", "", "a1.png"] }, Bob: { image: "b.png" }, Carol: { id: "@c" } });
		expect(r.problems).toEqual([]);
		expect(r.entries.map((e) => [e.name, e.images])).toEqual([
			["Alice", ["a1.png", "a2.png"]],
			["Bob", ["b.png"]],
			["Carol", undefined],
		]);
	});

	it("a list in a bible note is rebased to the vault root, each image", () => {
		const bible = readBibleNote("Cast/Characters.md", '---\ncharacters:\n  Alice: {image: [img/front.png, "[[side.png]]", "https://x.test/a.png"]}\n---\n');
		expect(bible.entries[0]?.images).toEqual(["/Cast/img/front.png", "[[side.png]]", "https://x.test/a.png"]);
		const note = parseMarkdown("Ep.md", '---\ncineflow:\n  provider: kling\n  model: kling-v3-omni\n---\n```shot\nid: s01\nprompt: "[Alice] waits"\n```\n');
		applyBibleNote(note, "[[Characters]]", {
			path: "Cast/Characters.md",
			text: '---\ncharacters:\n  Alice: {id: "@alice", image: [img/front.png, img/back.png]}\n---\n',
		});
		const plan = planJobs([note], TEST_SETTINGS, new Map());
		expect(plan.shots[0]?.cast).toEqual([{ name: "Alice", images: ["/Cast/img/front.png", "/Cast/img/back.png"] }]);
		expect(plan.jobs[0]?.sheets?.sent.map((s) => s.raw)).toEqual(["/Cast/img/front.png", "/Cast/img/back.png"]);
	});

	it("each shot gets the sheets of the characters it names (prompt markers or characters:), labelled, without its own images", () => {
		const plan = planOf("kling", "kling-v3-omni", "characters: [Bob]\n", "[Alice] waits");
		expect(labels(job(plan).sheets?.sent)).toEqual(["Alice 1", "Alice 2", "Bob"]);
		const none = planOf("kling", "kling-v3-omni", "", "nobody here");
		expect(job(none).sheets).toBeUndefined();
		// An image the shot already lists is not sent twice.
		expect(sheetImages({ cast: [{ name: "A", images: ["x.png", "y.png"] }], image: "x.png", references: [] }).map((s) => s.raw)).toEqual(["y.png"]);
	});
});

describe("selection per the model's caps", () => {
	it("several native references (kling-v3-omni, 5): every sheet is sent natively, Carol has none", () => {
		const j = job(planOf("kling", "kling-v3-omni", ""));
		expect(j.sheets).toMatchObject({ rule: "native", left: [], slots: { max: 5, own: 0 } });
		expect(j.sheets?.sent.map((s) => [s.character, s.raw])).toEqual([
			["Alice", "refs/alice-front.png"],
			["Alice", "refs/alice-side.png"],
			["Bob", "refs/bob.png"],
		]);
		expect(j.warnings).toEqual([]);
	});

	it("over the limit: the shot's own references come first, the sheets are cut, the warning names note:line:shot and each image left out", () => {
		const plan = planOf("kling", "kling-v3-omni", "references: [r1.png, r2.png, r3.png]\n");
		const j = job(plan);
		expect(j.nativeReferences).toHaveLength(3);
		expect(j.sheets).toMatchObject({ rule: "native", leftBecause: "limit", slots: { max: 5, own: 3 } });
		expect(labels(j.sheets?.sent)).toEqual(["Alice 1", "Alice 2"]);
		expect(labels(j.sheets?.left)).toEqual(["Bob"]);
		const w =
			"Ep.md:10 shot s01: character sheets: kling/kling-v3-omni takes at most 5 reference images and the shot's own references take 3; left out: Bob (refs/bob.png)";
		expect(j.warnings).toContain(w);
		expect(plan.warnings).toContain(w);
	});

	it("one reference (minimax S2V-01): the sheets become one matrix, sent as that reference", () => {
		const j = job(planOf("minimax", "S2V-01", ""));
		expect(j.sheets).toMatchObject({ rule: "matrix-reference", left: [], slots: { max: 1, own: 0 } });
		expect(labels(j.sheets?.sent)).toEqual(["Alice 1", "Alice 2", "Bob"]);
	});

	it("images only as the first frame (runway gen4.5): the sheets go into the first-frame matrix", () => {
		const j = job(planOf("runway", "gen4.5", ""));
		expect(j.sheets).toMatchObject({ rule: "matrix-first-frame", left: [] });
		expect(labels(j.sheets?.sent)).toEqual(["Alice 1", "Alice 2", "Bob"]);
	});

	it("no image at all (dashscope wan2.7-t2v): left out, with a warning naming note:line:shot", () => {
		const plan = planOf("dashscope", "wan2.7-t2v", "");
		const j = job(plan);
		expect(j.sheets).toMatchObject({ rule: "no-images", sent: [], leftBecause: "no-images" });
		expect(j.warnings).toContain(
			"Ep.md:10 shot s01: character sheets left out: dashscope/wan2.7-t2v takes no image: Alice 1 (refs/alice-front.png), Alice 2 (refs/alice-side.png), Bob (refs/bob.png)",
		);
	});
});

describe("the capability exclusion rule: the shot's first frame wins", () => {
	it("grok (references, but not with a first frame) + first_frame: the frame is kept, the sheets are left out with the rule named", () => {
		const j = job(planOf("grok", "grok-imagine-video", 'first_frame: "[[start.png]]"\n'));
		expect(j.reference).toEqual({ kind: "vault", path: "start.png" });
		expect(j.nativeReferences).toBeUndefined();
		expect(j.sheets).toMatchObject({ rule: "first-frame-wins", sent: [], leftBecause: "first-frame" });
		expect(j.warnings).toContain(
			'Ep.md:10 shot s01: character sheets left out by the rule "the shot\'s first frame wins" (grok/grok-imagine-video takes no reference images together with a first frame): Alice 1 (refs/alice-front.png), Alice 2 (refs/alice-side.png), Bob (refs/bob.png)',
		);
	});

	it("grok without a first frame: the sheets go natively; with a keyframe: they are its inputs", () => {
		expect(job(planOf("grok", "grok-imagine-video", "")).sheets?.rule).toBe("native");
		const kf = job(planOf("grok", "grok-imagine-video", "keyframe: true\n"));
		expect(kf.sheets).toMatchObject({ rule: "keyframe", left: [] });
		expect(kf.warnings).toEqual([]);
	});

	it("a model that takes references together with a first frame (kling-v3-omni) gets both", () => {
		const j = job(planOf("kling", "kling-v3-omni", 'first_frame: "[[start.png]]"\n'));
		expect(j.reference).toEqual({ kind: "vault", path: "start.png" });
		expect(j.sheets?.rule).toBe("native");
		expect(j.sheets?.sent).toHaveLength(3);
	});

	it("first-frame-only model (runway) with first_frame: the frame is sent as it is, never stitched; with references too, one matrix as before", () => {
		const own = job(planOf("runway", "gen4.5", 'first_frame: "[[start.png]]"\n'));
		expect(own.sheets).toMatchObject({ rule: "first-frame-wins", leftBecause: "first-frame" });
		expect(own.warnings.join("\n")).toMatch(
			/Ep\.md:10 shot s01: character sheets left out by the rule "the shot's first frame wins" \(runway\/gen4\.5 takes an image only as the first frame\)/,
		);
		const both = job(planOf("runway", "gen4.5", 'first_frame: "[[start.png]]"\nreferences: [r1.png]\n'));
		expect(both.sheets).toMatchObject({ rule: "matrix-first-frame", left: [] });
	});

	it("the dry run names the rule applied to each shot, from the typed plan", () => {
		const plan = planOf("grok", "grok-imagine-video", 'first_frame: "[[start.png]]"\n');
		const text = formatDryRun(plan);
		expect(text).toContain("Character sheets\n  Ep.md:10 shot s01: first-frame-wins: left out: the shot's first frame wins");
		expect(sheetSummary(plan.jobs)).toEqual([
			"Ep.md:10 shot s01: first-frame-wins: left out: the shot's first frame wins (the model takes no reference images together with a first frame) — Alice 1, Alice 2, Bob",
		]);
		const native = formatDryRun(planOf("kling", "kling-v3-omni", ""));
		expect(native).toContain("Ep.md:10 shot s01: native: sent as native reference images — Alice 1, Alice 2, Bob");
		const cut = formatDryRun(planOf("kling", "kling-v3-omni", "references: [r1.png, r2.png, r3.png]\n"));
		expect(cut).toContain("Ep.md:10 shot s01: native: sent as native reference images — Alice 1, Alice 2; left out (over the limit): Bob");
	});
});

describe("in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("the left-out warning keeps note:line shot, the model and each image as written", () => {
		setLanguage("zh");
		const j = job(planOf("dashscope", "wan2.7-t2v", ""));
		expect(j.warnings).toContain(
			"Ep.md:10 分镜 s01：未使用角色设定图：dashscope/wan2.7-t2v 不接受图片：Alice 1（refs/alice-front.png）、Alice 2（refs/alice-side.png）、Bob（refs/bob.png）",
		);
	});

	it("the dry run's sheet line names the rule in Chinese", () => {
		setLanguage("zh");
		const plan = planOf("kling", "kling-v3-omni", "references: [r1.png, r2.png, r3.png]\n");
		expect(sheetSummary(plan.jobs)).toEqual(["Ep.md:10 分镜 s01：native：作为原生参考图发送 — Alice 1、Alice 2；未使用（超出上限）：Bob"]);
	});
});
