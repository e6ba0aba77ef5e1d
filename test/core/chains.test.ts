/**
 * Chaining in the plan (issue 17): markers, the note's chain: true, the dependency
 * graph, its errors (missing target, cycle, blocked upstream) naming note:line:shot,
 * `last_frame: next`, the dry run's chains, and an unchanged cost estimate.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { formatDryRun } from "../../src/core/dryrun";
import { parseMarkdown } from "../../src/core/parse";
import { chainMarker } from "../../src/core/parse/chain";
import { planJobs } from "../../src/core/plan";
import type { Settings } from "../../src/core/settings";
import { testSettings } from "../support/settings";
import { aShot, storyboard, type ShotFields } from "../support/shots";

const MODELS: Settings["models"] = [
	{ provider: "fal", id: "full", durations: [4, 8], first_frame: true, last_frame: true, price: { "720p": 0.1 } },
	{ provider: "fal", id: "bare", durations: [4, 8] },
];

function settings(): Settings {
	const s = testSettings();
	s.models = structuredClone(MODELS);
	return s;
}

const shot = (id: string, fields: ShotFields = {}) => aShot(id, { duration: 4, ...fields });

/** A note on fal's `full` model (first and last frames) unless `cineflow` says otherwise. */
function note(path: string, shots: string[], cineflow: Record<string, string | boolean> = {}): ReturnType<typeof parseMarkdown> {
	return parseMarkdown(path, storyboard({ cineflow: { provider: "fal", model: "full", ...cineflow } }, ...shots));
}

const byShot = (plan: ReturnType<typeof planJobs>, id: string) => plan.jobs.find((j) => j.shotId === id)!;

describe("chain markers", () => {
	it("reads previous, [[Note#shot]] and [[#shot]]; an image link is not a chain", () => {
		expect(chainMarker("previous")).toEqual({ kind: "previous" });
		expect(chainMarker(" Previous ")).toEqual({ kind: "previous" });
		expect(chainMarker("[[Ep1#s03]]")).toEqual({ kind: "shot", note: "Ep1", shot: "s03" });
		expect(chainMarker("[[#s03|alias]]")).toEqual({ kind: "shot", note: "", shot: "s03" });
		expect(chainMarker("[[frames/start.png]]")).toBeUndefined();
		expect(chainMarker("[[sheet.png#page]]")).toEqual({ kind: "shot", note: "sheet.png", shot: "page" });
		expect(chainMarker("[[a#b.png]]")).toBeUndefined();
	});
});

describe("the plan's chain graph", () => {
	it("first_frame: previous waits on the shot before; depth grows along the chain; the cost is unchanged", () => {
		const chained = note("Scenes/Ep1.md", [shot("s01"), shot("s02", { first_frame: "previous" }), shot("s03", { first_frame: "previous" })]);
		const plain = note("Scenes/Ep1.md", [shot("s01"), shot("s02"), shot("s03")]);
		const p = planJobs([chained], settings(), new Map());
		expect(byShot(p, "s01").after).toBeUndefined();
		expect(byShot(p, "s02").after).toMatchObject({ notePath: "Scenes/Ep1.md", shotId: "s01" });
		expect(byShot(p, "s03").after).toMatchObject({ shotId: "s02" });
		expect(byShot(p, "s03").chainDepth).toBe(2);
		expect(byShot(p, "s02").reference).toBeUndefined();
		expect(p.jobs.every((j) => j.status === "ready")).toBe(true);
		expect(p.totals.cost).toBe(planJobs([plain], settings(), new Map()).totals.cost);
		expect(p.chains.map((c) => `${c.shotId}<-${c.upstream.shotId}`)).toEqual(["s02<-s01", "s03<-s02"]);
	});

	it("the note's chain: true chains every shot but the first; a shot's own first frame wins", () => {
		const n = note("Scenes/Ep1.md", [shot("s01"), shot("s02"), shot("s03", { first_frame: "[[start.png]]" }), shot("s04")], { chain: true });
		const p = planJobs([n], settings(), new Map());
		expect(byShot(p, "s01").after).toBeUndefined();
		expect(byShot(p, "s02").after?.shotId).toBe("s01");
		expect(byShot(p, "s03").after).toBeUndefined();
		expect(byShot(p, "s03").reference).toEqual({ kind: "vault", path: "start.png" });
		expect(byShot(p, "s04").after?.shotId).toBe("s03");
		expect(p.chains.find((c) => c.shotId === "s02")?.asked).toBe("chain: true");
	});

	it("a named shot in another note is an upstream; independent chains have their own roots", () => {
		const ep1 = note("Scenes/Ep1.md", [shot("s01"), shot("s02", { first_frame: "previous" })]);
		const ep2 = note("Scenes/Ep2.md", [shot("a1", { first_frame: "[[Ep1#s02]]" }), shot("b1"), shot("b2", { first_frame: "previous" })]);
		const p = planJobs([ep2, ep1], settings(), new Map());
		expect(p.jobs.find((j) => j.shotId === "a1")!.after).toMatchObject({ notePath: "Scenes/Ep1.md", shotId: "s02" });
		expect(p.jobs.find((j) => j.shotId === "a1")!.chainDepth).toBe(2);
		expect(p.jobs.find((j) => j.shotId === "b2")!.after?.shotId).toBe("b1");
	});

	it("a missing target is an error naming note:line:shot, and it blocks only its chain", () => {
		const n = note("Scenes/Ep1.md", [
			shot("s01", { first_frame: "[[Ep9#s03]]" }),
			shot("s02", { first_frame: "previous" }),
			shot("s03"),
			shot("s04", { first_frame: "previous" }),
		]);
		const p = planJobs([n], settings(), new Map());
		expect(byShot(p, "s01").status).toBe("invalid");
		expect(byShot(p, "s01").reason).toMatch(/^Scenes\/Ep1\.md:\d+ shot s01: first_frame \[\[Ep9#s03\]\] names a shot that is not in this run/);
		expect(byShot(p, "s02").status).toBe("invalid");
		expect(byShot(p, "s02").reason).toMatch(/shot s02: blocked: its first frame comes from Scenes\/Ep1\.md:\d+ shot s01, which is invalid/);
		expect(byShot(p, "s03").status).toBe("ready");
		expect(byShot(p, "s04").status).toBe("ready");
		expect(p.totals.invalid).toBe(2);
		expect(p.totals.cost).toBe(0.8);
	});

	it("previous on the first shot is an error", () => {
		const p = planJobs([note("Scenes/Ep1.md", [shot("s01", { first_frame: "previous" })])], settings(), new Map());
		expect(byShot(p, "s01").reason).toMatch(/shot s01: first_frame: previous, but no shot comes before it/);
	});

	it("a cycle is an error naming the shots on it", () => {
		const n = note("Scenes/Ep1.md", [
			shot("s01", { first_frame: "[[#s02]]" }),
			shot("s02", { first_frame: "[[#s01]]" }),
			shot("s03", { first_frame: "[[#s02]]" }),
		]);
		const p = planJobs([n], settings(), new Map());
		expect(p.jobs.every((j) => j.status === "invalid")).toBe(true);
		const reasons = p.jobs.map((j) => j.reason).join("\n");
		expect(reasons).toMatch(/the chain is a cycle \(Scenes\/Ep1\.md s0\d → Scenes\/Ep1\.md s0\d → Scenes\/Ep1\.md s0\d\)/);
		expect(byShot(p, "s03").reason).toMatch(/shot s03: blocked: .* which is on a cycle/);
	});

	it("a model without images cannot be chained", () => {
		const n = note("Scenes/Ep1.md", [shot("s01"), shot("s02", { first_frame: "previous" })], { model: "bare" });
		const p = planJobs([n], settings(), new Map());
		expect(byShot(p, "s02").status).toBe("invalid");
		expect(byShot(p, "s02").reason).toMatch(/shot s02: .*first_frame/);
	});

	it("last_frame: next lands on the next shot's first-frame image; errors when there is none", () => {
		const n = note("Scenes/Ep1.md", [
			shot("s01", { last_frame: "next" }),
			shot("s02", { first_frame: "[[mid.png]]" }),
			shot("s03", { last_frame: "next" }),
			shot("s04", { first_frame: "previous" }),
			shot("s05", { last_frame: "next" }),
		]);
		const p = planJobs([n], settings(), new Map());
		expect(byShot(p, "s01").lastFrame).toEqual({ kind: "vault", path: "mid.png" });
		expect(byShot(p, "s03").reason).toMatch(/shot s03: last_frame: next, but Scenes\/Ep1\.md:\d+ shot s04 takes its first frame from another shot/);
		expect(byShot(p, "s05").reason).toMatch(/shot s05: last_frame: next, but no shot comes after it/);
		// s04 waits on s03, which is invalid now.
		expect(byShot(p, "s04").status).toBe("invalid");
	});

	it("a chained shot with references on a one-image model is refused (the matrix would replace the chained frame)", () => {
		const n = note("Scenes/Ep1.md", [shot("s01"), shot("s02", { first_frame: "previous", references: ["[[a.png]]"] })]);
		expect(byShot(planJobs([n], settings(), new Map()), "s02").reason).toMatch(/shot s02: .*a chained shot cannot also have references: on fal\/full/);
	});

	it("last_frame: next on a model without last_frame is refused", () => {
		const n = note("Scenes/Ep1.md", [shot("s01", { last_frame: "next" }), shot("s02", { first_frame: "[[mid.png]]" })], { model: "bare" });
		expect(byShot(planJobs([n], settings(), new Map()), "s01").reason).toMatch(/last_frame is not available/);
	});

	it("a bad chain: value in front matter is a note error", () => {
		const n = note("Scenes/Ep1.md", [shot("s01")], { chain: "maybe" });
		expect(n.issues.map((i) => i.message).join()).toMatch(/cineflow\.chain "?maybe"? is not valid \(expected true or false\)/);
	});

	it("the dry run lists what waits on what", () => {
		const p = planJobs([note("Scenes/Ep1.md", [shot("s01"), shot("s02", { first_frame: "previous" })])], settings(), new Map());
		const text = formatDryRun(p);
		expect(text).toMatch(/Chains \(/);
		expect(text).toMatch(/Scenes\/Ep1\.md s02 \(line \d+\) waits on s01 \(line \d+\): first frame = its last frame \[previous, depth 1\]/);
	});
});

describe("chain errors in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("keep note:line shot, then what is wrong, with the field and the syntax as written", () => {
		setLanguage("zh");
		const p = planJobs([note("Scenes/第一集.md", [shot("s01", { first_frame: "previous" })])], settings(), new Map());
		expect(byShot(p, "s01").reason).toMatch(/^Scenes\/第一集\.md:\d+ 分镜 s01：first_frame: previous，但笔记中它之前没有分镜$/);
	});

	it("a blocked downstream names its upstream's location", () => {
		setLanguage("zh");
		const p = planJobs(
			[note("Scenes/第一集.md", [shot("s01", { first_frame: "previous" }), shot("s02", { first_frame: "previous" })])],
			settings(),
			new Map(),
		);
		expect(byShot(p, "s02").reason).toMatch(/^Scenes\/第一集\.md:\d+ 分镜 s02：已阻止：它的首帧来自 Scenes\/第一集\.md:\d+ 分镜 s01，但后者无效$/);
	});
});
