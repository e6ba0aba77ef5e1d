/**
 * Provider-neutral shot controls checked against the model's capabilities. The
 * models are declared here, so the checks do not depend on this month's catalog.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { parseMarkdown, resolveShot, type ResolveResult } from "../../../src/core/parse";
import { planJobs } from "../../../src/core/plan";
import type { Settings } from "../../../src/core/settings";
import { testSettings } from "../../support/settings";

const MODELS: Settings["models"] = [
	// Everything on, 4K only at 8 s, no first frame together with references.
	{
		provider: "fal",
		id: "full",
		durations: [4, 6, 8],
		resolutions: ["720p", "1080p", "4k"],
		aspects: ["16:9", "9:16", "1:1"],
		first_frame: true,
		last_frame: true,
		references: 3,
		first_frame_with_references: false,
		audio: true,
		negative_prompt: true,
		seed: true,
		price: { "720p": 0.1, "4k": 0.5 },
		durations_by_resolution: { "4K": [8] },
	},
	// A bare text-to-video model.
	{ provider: "fal", id: "bare", durations: [5, 10] },
	// A single-image model: references fall back to the stitched matrix.
	{ provider: "fal", id: "single", durations: [5], first_frame: true },
];

function resolve(body: string, fm = "cineflow:\n  provider: fal\n  model: full"): ResolveResult {
	const note = parseMarkdown("Scenes/Ep1.md", `---\n${fm}\n---\n\`\`\`shot\nid: s03\n${body}\n\`\`\`\n`);
	const r = note.shots[0]!;
	if (!r.ok) throw new Error(r.error);
	const s = testSettings();
	s.models = structuredClone(MODELS);
	return resolveShot(r, note.frontmatter, s);
}
const err = (r: ResolveResult) => (r.ok ? "" : r.error);

describe("neutral controls", () => {
	it("map to the shot: resolution and aspect set the size; every control is carried", () => {
		const r = resolve(
			'prompt: x\nresolution: 1080P\naspect: "9:16"\nnegative_prompt: blur\nseed: 7\naudio: off\nduration: 8\nlast_frame: "[[end.png]]"\nfirst_frame: "[[start.png]]"',
		);
		if (!r.ok) throw new Error(r.error);
		expect(r.shot).toMatchObject({
			resolution: "1080p",
			aspect: "9:16",
			orientation: "vertical",
			size: "1080x1920",
			negativePrompt: "blur",
			seed: 7,
			audio: false,
			image: "[[start.png]]",
			lastFrame: "[[end.png]]",
		});
		expect(r.lastFrame).toEqual({ kind: "vault", path: "end.png" });
	});

	it("YAML's base-60 reading of an unquoted 16:9 is still 16:9", () => {
		const r = resolve("prompt: x\naspect: 1:1");
		expect(r.ok && r.shot.aspect).toBe("1:1");
		expect(r.ok && r.shot.size).toBe("720x720");
	});

	it("a model without a control gets a note:line:shot error naming the models that have it", () => {
		const e = err(
			resolve("prompt: x\nnegative_prompt: blur\nseed: 1\naudio: on\nlast_frame: b.png\nresolution: 1080p", "cineflow:\n  provider: fal\n  model: bare"),
		);
		expect(e).toMatch(/^Scenes\/Ep1\.md:6 shot s03: /);
		expect(e).toContain("resolution 1080p is not available for fal/bare (allowed: 720p; models that have it: ");
		expect(e).toContain("last_frame is not available for fal/bare (models that have it: ");
		expect(e).toContain("negative_prompt is not available for fal/bare");
		expect(e).toContain("seed is not available for fal/bare");
		expect(e).toContain("audio on/off is not available for fal/bare");
	});

	it("durations allowed only at some resolutions", () => {
		expect(err(resolve("prompt: x\nresolution: 4k\nduration: 6"))).toBe(
			"Scenes/Ep1.md:6 shot s03: duration 6 is not allowed at 4k for fal/full (at 4k: 8)",
		);
	});

	it("the documented exclusion: no first frame together with reference images", () => {
		expect(err(resolve('prompt: x\nfirst_frame: a.png\nreferences: ["b.png"]'))).toMatch(
			/fal\/full does not take a first frame together with reference images \(the provider's documented rule\)/,
		);
	});

	it("references go natively up to the model's limit, and beyond it is an error", () => {
		const ok = resolve('prompt: x\nreferences: ["a.png", "b.png"]');
		expect(ok.ok && ok.nativeReferences).toEqual([
			{ kind: "vault", path: "Scenes/a.png" },
			{ kind: "vault", path: "Scenes/b.png" },
		]);
		expect(ok.ok && ok.reference).toBeUndefined();
		expect(err(resolve('prompt: x\nreferences: ["a.png", "b.png", "c.png", "d.png"]'))).toMatch(
			/4 reference images are more than fal\/full takes \(at most 3/,
		);
	});

	it("a single-image model keeps the matrix fallback: the first reference stands for the matrix", () => {
		const r = resolve('prompt: x\nreferences: ["a.png", "b.png"]', "cineflow:\n  provider: fal\n  model: single");
		expect(r.ok && r.nativeReferences).toBeUndefined();
		expect(r.ok && r.reference).toEqual({ kind: "vault", path: "Scenes/a.png" });
	});

	it("image and first_frame are one field: giving both is an error", () => {
		const note = parseMarkdown("a.md", "```shot\nprompt: x\nimage: a.png\nfirst_frame: b.png\n```\n");
		const r = note.shots[0]!;
		expect(r.ok ? "" : r.error).toMatch(/image and first_frame both set the first frame; keep one/);
	});

	it("the plan carries the controls and prices by resolution", () => {
		const s = testSettings();
		s.models = structuredClone(MODELS);
		const note = parseMarkdown(
			"a.md",
			"---\ncineflow:\n  provider: fal\n  model: full\n---\n```shot\nprompt: x\nduration: 8\nresolution: 4k\nseed: 3\naudio: on\nnegative_prompt: fog\n```\n",
		);
		const job = planJobs([note], s, new Map()).jobs[0]!;
		expect(job).toMatchObject({
			status: "ready",
			resolution: "4k",
			aspect: "16:9",
			size: "3840x2160",
			seed: 3,
			audio: true,
			negativePrompt: "fog",
			cost: 4,
		});
	});
});

describe("control refusals in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("names what the model allows, in the shape of every validation error", () => {
		setLanguage("zh");
		const e = err(resolve("prompt: x\nduration: 6\nresolution: 4k", "cineflow:\n  provider: fal\n  model: full"));
		expect(e).toBe("Scenes/Ep1.md:6 分镜 s03：时长 6 秒在 4k 下不可用于 fal/full（4k 可选：8）");
		const bare = err(resolve("prompt: x\nseed: 3", "cineflow:\n  provider: fal\n  model: bare"));
		expect(bare).toMatch(/^Scenes\/Ep1\.md:6 分镜 s03：seed 不可用于 fal\/bare（(支持的模型：.+|目录中没有模型支持；可在设置中声明一个)）$/);
	});
});
