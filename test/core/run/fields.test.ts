/**
 * Precedence of a run's fields (CLI flags, the run dialog): a shot's own field wins
 * over its note's `cineflow:` front matter, which wins over the run's fields, which
 * win over the settings; unless the run marks its fields as overrides, when they win
 * over everything. One function for the CLI and the plugin.
 */
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../../src/core/parse";
import { planJobs } from "../../../src/core/plan";
import { applyRunFields } from "../../../src/core/run/fields";
import type { ShotOverrides } from "../../../src/core/run/options";
import { TEST_SETTINGS } from "../../support/settings";
import { shotBlock, storyboard, type ShotFields } from "../../support/shots";

const shot = (id: string, fields: ShotFields = {}) => shotBlock({ id, prompt: `shot ${id}`, ...fields });
const NOTE = storyboard(
	{ cineflow: { duration: 15 }, between: "" },
	shot("own", { duration: 10, takes: 2 }), // its own duration and takes
	shot("note"), // the note's duration, nothing of its own
	shot("vertical", { orientation: "vertical" }),
);
const BARE = shot("bare");

function plan(fields: ShotOverrides, override: boolean) {
	const notes = [parseMarkdown("Ep.md", NOTE), parseMarkdown("Bare.md", BARE)];
	applyRunFields(notes, fields, override);
	const p = planJobs(notes, TEST_SETTINGS, new Map());
	const by = (note: string, id: string) => p.jobs.filter((j) => j.notePath === note && j.shotId === id);
	return { by, p };
}

describe("applyRunFields", () => {
	it("as defaults: a shot's field wins, then the note's, then the run's, then the settings", () => {
		const { by } = plan({ duration: 10, takes: 3, orientation: "horizontal", size: "1280x720" }, false);
		expect(by("Ep.md", "own").map((j) => j.duration)).toEqual([10, 10]); // the shot's takes: 2
		expect(by("Ep.md", "note").map((j) => j.duration)).toEqual([15, 15, 15]); // note duration, run takes
		expect(by("Ep.md", "vertical")[0]?.orientation).toBe("vertical"); // its own orientation, not the run's size
		expect(by("Bare.md", "bare").map((j) => [j.duration, j.size])).toEqual([
			[10, "1280x720"],
			[10, "1280x720"],
			[10, "1280x720"],
		]);
	});

	it("as overrides: the run's fields win over shots and notes", () => {
		const { by } = plan({ duration: 10, takes: 1, orientation: "horizontal" }, true);
		expect(by("Ep.md", "own").map((j) => j.duration)).toEqual([10]);
		expect(by("Ep.md", "note").map((j) => j.duration)).toEqual([10]);
		expect(by("Ep.md", "vertical")[0]?.orientation).toBe("horizontal");
	});

	it("a run provider is a default as a pair with its model: a note or shot naming either keeps its own", () => {
		const notes = [
			parseMarkdown("Named.md", storyboard({ cineflow: { provider: "sorahk" } }, shot("a"))),
			parseMarkdown("ShotModel.md", shot("b", { model: "sora-2-pro" })),
			parseMarkdown("Free.md", shot("c")),
		];
		applyRunFields(notes, { provider: "fal", model: "fal-ai/veo3.1" }, false);
		const p = planJobs(notes, TEST_SETTINGS, new Map());
		expect(p.jobs.map((j) => [j.shotId, j.provider, j.model])).toEqual([
			["c", "fal", "fal-ai/veo3.1"],
			["a", "sorahk", "sora-2"],
			["b", "sorahk", "sora-2-pro"],
		]);
	});

	it("as overrides, a provider without a model drops the shots' models for the provider's default", () => {
		const notes = [parseMarkdown("ShotModel.md", shot("b", { model: "sora-2-pro" }))];
		applyRunFields(notes, { provider: "fal" }, true);
		const p = planJobs(notes, TEST_SETTINGS, new Map());
		expect(p.jobs.map((j) => [j.provider, j.status])).toEqual([["fal", "ready"]]);
		expect(p.jobs[0]?.model).not.toBe("sora-2-pro");
	});
});
