import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { parseMarkdown, resolveShot, type ResolveResult } from "../../../src/core/parse";
import { type Settings } from "../../../src/core/settings";
import { TEST_SETTINGS } from "../../support/settings";

/** Models declared for these tests, so the checks do not depend on which catalog models are alive this month. */
const DECLARED: Settings["models"] = [
	{
		provider: "veo",
		id: "veo-test",
		durations: [4, 6, 8],
		default_duration: 8,
		resolutions: ["720p", "1080p"],
		aspects: ["16:9", "9:16"],
		first_frame: true,
	},
	{ provider: "newapi", id: "clip", durations: [4, 8, 12], first_frame: true },
	{ provider: "newapi", id: "clip-pro", durations: [4, 8, 12], resolutions: ["720p", "1080p"], first_frame: true },
];

function settings(patch: (s: Settings) => void = () => {}): Settings {
	const s = structuredClone(TEST_SETTINGS);
	s.models = structuredClone(DECLARED);
	patch(s);
	return s;
}

function resolve(body: string, opts: { fm?: string; settings?: Settings; path?: string } = {}): ResolveResult {
	const fm = opts.fm ? `---\n${opts.fm}\n---\n` : "";
	const path = opts.path ?? "Scenes/Ep1.md";
	const note = parseMarkdown(path, `${fm}\`\`\`shot\n${body}\n\`\`\`\n`);
	const r = note.shots[0]!;
	if (!r.ok) throw new Error(r.error);
	return resolveShot(r, note.frontmatter, opts.settings ?? settings());
}

const shotOf = (r: ResolveResult) => {
	if (!r.ok) throw new Error(r.error);
	return r.shot;
};
const errorOf = (r: ResolveResult) => (r.ok ? "" : r.error);

describe("defaults and precedence: settings → note → shot", () => {
	it("falls back to the catalog and the built-in settings", () => {
		const s = shotOf(resolve("prompt: x"));
		expect(s).toMatchObject({
			id: "s01",
			provider: "sorahk",
			model: "sora-2",
			duration: 10,
			orientation: "horizontal",
			size: "1280x720",
			pro: false,
			takes: 1,
			keyframe: false,
		});
		expect(s).toMatchObject({ references: [], characters: [], props: [], origin: "shot", index: 1 });
		expect(s.image).toBeUndefined();
	});

	it("uses plugin settings", () => {
		const st = settings((s) => {
			s.provider = "veo";
			s.providers.veo = { model: "veo-test" };
			s.defaults = { duration: 6, orientation: "vertical", pro: false, takes: 3 };
		});
		expect(shotOf(resolve("prompt: x", { settings: st }))).toMatchObject({
			provider: "veo",
			model: "veo-test",
			duration: 6,
			orientation: "vertical",
			size: "720x1280",
			takes: 3,
		});
	});

	it("note front matter overrides settings, the shot overrides the note", () => {
		const fm =
			"cineflow:\n  provider: newapi\n  model: clip-pro\n  duration: 8\n  orientation: vertical\n  takes: 2\n  scene: Roof\n  props: [kite]\n  note: from note\n  image: note.png\n  keyframe: true\n  keyframe_prompt: kf";
		const st = settings((s) => {
			s.defaults.duration = 15;
			s.defaults.takes = 4;
		});
		expect(shotOf(resolve("prompt: x", { fm, settings: st }))).toMatchObject({
			provider: "newapi",
			model: "clip-pro",
			duration: 8,
			orientation: "vertical",
			size: "720x1280",
			takes: 2,
			scene: "Roof",
			props: ["kite"],
			note: "from note",
			image: "note.png",
			keyframe: true,
			keyframePrompt: "kf",
		});
		expect(
			shotOf(
				resolve("prompt: x\nmodel: clip\nduration: 12\norientation: horizontal\ntakes: 1\nscene: Street\nprops: []\nnote: mine\nkeyframe: false", {
					fm,
					settings: st,
				}),
			),
		).toMatchObject({
			provider: "newapi",
			model: "clip",
			duration: 12,
			orientation: "horizontal",
			size: "1280x720",
			takes: 1,
			scene: "Street",
			props: [],
			note: "mine",
			keyframe: false,
		});
	});

	it("a note's model does not follow a shot onto another provider", () => {
		const st = settings((s) => {
			s.providers.veo = { model: "veo-test" };
		});
		const fm = "cineflow:\n  model: sora-2";
		expect(shotOf(resolve("prompt: x\nprovider: veo", { fm, settings: st })).model).toBe("veo-test");
		expect(shotOf(resolve("prompt: x\nprovider: wan", { fm })).model).toBe("wan2.6-t2v");
	});

	it("size sets the orientation; without size the model's first size for the orientation is used", () => {
		expect(shotOf(resolve("prompt: x\nprovider: veo\nmodel: veo-test\nsize: 1080x1920"))).toMatchObject({
			orientation: "vertical",
			size: "1080x1920",
			duration: 8,
		});
		expect(shotOf(resolve("prompt: x\nprovider: veo\nmodel: veo-test\norientation: portrait"))).toMatchObject({
			orientation: "vertical",
			size: "720x1280",
		});
		// A note size of the other orientation does not apply to a shot that turns.
		expect(shotOf(resolve("prompt: x\norientation: vertical", { fm: "cineflow:\n  provider: veo\n  model: veo-test\n  size: 1920x1080" })).size).toBe(
			"720x1280",
		);
	});

	it("pro mode uses the pro durations", () => {
		expect(shotOf(resolve("prompt: x\npro: true\nduration: 25"))).toMatchObject({ pro: true, duration: 25 });
	});

	it("takes the image, else the references; reference kinds are resolved against the note", () => {
		const r = resolve('prompt: x\nimage: "./refs/a.png"\nreferences: ["[[b.png]]"]');
		expect(r.ok && r.reference).toEqual({ kind: "vault", path: "Scenes/refs/a.png" });
		expect(shotOf(r).references).toEqual(["[[b.png]]"]);
		const r2 = resolve('prompt: x\nreferences: ["https://x.test/a.png", "[[b.png]]"]');
		expect(r2.ok && r2.reference).toEqual({ kind: "url", url: "https://x.test/a.png" });
	});
});

describe("catalog checks (exact messages)", () => {
	it.each([
		["prompt: x\nduration: 7", "Scenes/Ep1.md:1 shot s01: duration 7 is not allowed for sorahk (allowed: 10, 15; 25 with pro)"],
		["prompt: x\nduration: 25", "Scenes/Ep1.md:1 shot s01: duration 25 is not allowed for sorahk (allowed: 10, 15; 25 with pro)"],
		["prompt: x\nprovider: newapi\nmodel: clip\nduration: 10", "Scenes/Ep1.md:1 shot s01: duration 10 is not allowed for newapi/clip (allowed: 4, 8, 12)"],
		[
			"prompt: x\nprovider: sora",
			'Scenes/Ep1.md:1 shot s01: unknown provider "sora" (known: gemini, fal, replicate, kling, seedance, runway, minimax, luma, dashscope, wan, grok, newapi, t8star, aihubmix, sorahk, veo, openai)',
		],
		[
			"prompt: x\nmodel: sora-3",
			'Scenes/Ep1.md:1 shot s01: unknown model "sora-3" for sorahk (models: sora-2; any other id can be declared under models: in the settings or the note\'s cineflow: section)',
		],
		[
			"prompt: x\nprovider: openai\nmodel: x",
			'Scenes/Ep1.md:1 shot s01: unknown model "x" for openai (models: sora-2, sora-2-pro; any other id can be declared under models: in the settings or the note\'s cineflow: section)',
		],
		[
			"prompt: x\nprovider: openai\nmodel: sora-2-pro\npro: true\nduration: 4",
			"Scenes/Ep1.md:1 shot s01: model openai/sora-2-pro was retired on 2026-09-24 and can no longer be used; use gemini/gemini-omni-1.1-flash instead (source: https://platform.openai.com/docs/deprecations (Videos API, sora-2, sora-2-pro and snapshots shut down 2026-09-24; no replacement))",
		],
		["prompt: x\nsize: 1920x1080", "Scenes/Ep1.md:1 shot s01: size 1920x1080 is not allowed for sorahk (allowed: horizontal 1280x720; vertical 720x1280)"],
		["prompt: x\nsize: 1024x1024", "Scenes/Ep1.md:1 shot s01: size 1024x1024 is not allowed for sorahk (allowed: horizontal 1280x720; vertical 720x1280)"],
		["prompt: x\nsize: 1280x720\norientation: vertical", "Scenes/Ep1.md:1 shot s01: size 1280x720 does not match orientation vertical"],
		["prompt: x\nimage: ../../../x.png", 'Scenes/Ep1.md:1 shot s01: image "../../../x.png" points outside the vault'],
		[
			"prompt: x\nduration: 7\nsize: 1920x1080",
			"Scenes/Ep1.md:1 shot s01: size 1920x1080 is not allowed for sorahk (allowed: horizontal 1280x720; vertical 720x1280); duration 7 is not allowed for sorahk (allowed: 10, 15; 25 with pro)",
		],
	])("%j", (body, message) => {
		expect(errorOf(resolve(body))).toBe(message);
	});

	it("an image on a model that takes none names the provider's models that do", () => {
		expect(errorOf(resolve("prompt: x\nprovider: wan\nimage: a.png"))).toMatch(
			/^Scenes\/Ep1\.md:1 shot s01: model wan2\.6-t2v of wan takes no reference image \(models of wan that take one: wan2\.6-i2v\b/,
		);
	});

	it("says where an inherited bad value was set", () => {
		expect(errorOf(resolve("prompt: x", { fm: "cineflow:\n  duration: 7" }))).toBe(
			"Scenes/Ep1.md:5 shot s01: duration 7 (from the note's front matter) is not allowed for sorahk (allowed: 10, 15; 25 with pro)",
		);
		const st = settings((s) => {
			s.defaults.duration = 5;
		});
		expect(errorOf(resolve("prompt: x", { settings: st }))).toBe(
			"Scenes/Ep1.md:1 shot s01: duration 5 (from the plugin settings) is not allowed for sorahk (allowed: 10, 15; 25 with pro)",
		);
		const st2 = settings((s) => {
			s.provider = "nope";
		});
		expect(errorOf(resolve("prompt: x", { settings: st2 }))).toContain('unknown provider "nope" (from the plugin settings) (known: gemini, fal, ');
	});

	it("keeps what it could work out for an invalid shot", () => {
		const r = resolve("prompt: x\nduration: 7\ntakes: 3");
		expect(r.ok ? null : r.partial).toEqual({
			provider: "sorahk",
			model: "sora-2",
			duration: 7,
			orientation: "horizontal",
			size: "1280x720",
			pro: false,
			takes: 3,
		});
	});

	it("warns about characters missing from the bible", () => {
		const r = resolve("prompt: x\ncharacters: [Alice, Zed]", { fm: "cineflow:\n  characters:\n    Alice: '@a'" });
		expect(r.ok && r.warnings).toEqual(["Scenes/Ep1.md:6 shot s01: character Zed is not in the character bible"]);
	});
});

describe("validation errors in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));
	const body = "id: s03\nprompt: x\nduration: 7";
	const at42 = (path: string) => parseAt42(path, body);

	it("the duration example keeps its shape in both languages", () => {
		expect(errorOf(at42("Scenes/Ep1.md"))).toBe("Scenes/Ep1.md:42 shot s03: duration 7 is not allowed for sorahk (allowed: 10, 15; 25 with pro)");
		setLanguage("zh");
		expect(errorOf(at42("Scenes/第一集.md"))).toBe("Scenes/第一集.md:42 分镜 s03：时长 7 秒不可用于 sorahk（可选：10、15；专业版可选 25）");
	});

	it("carries the catalog key of the first problem as its code, the same in every language", () => {
		const en = at42("Scenes/Ep1.md");
		setLanguage("zh");
		const zh = at42("Scenes/Ep1.md");
		expect(!en.ok && en.code).toBe("parse.duration.notAllowed");
		expect(!zh.ok && zh.code).toBe("parse.duration.notAllowed");
	});

	it("several problems of one shot are joined with a full-width semicolon, and a default's source is named", () => {
		setLanguage("zh");
		expect(errorOf(resolve("prompt: x\nsize: 1920x1080\nduration: 7"))).toBe(
			"Scenes/Ep1.md:1 分镜 s01：尺寸 1920x1080 不可用于 sorahk（可选：横屏 1280x720；竖屏 720x1280）；时长 7 秒不可用于 sorahk（可选：10、15；专业版可选 25）",
		);
		const st = settings((s) => {
			s.defaults.duration = 5;
		});
		expect(errorOf(resolve("prompt: x", { settings: st }))).toBe(
			"Scenes/Ep1.md:1 分镜 s01：时长 5 秒（来自插件设置）不可用于 sorahk（可选：10、15；专业版可选 25）",
		);
	});

	it("an unknown provider and a missing character are explained in Chinese, ids kept as written", () => {
		setLanguage("zh");
		expect(errorOf(resolve("prompt: x\nprovider: nope"))).toMatch(/^Scenes\/Ep1\.md:1 分镜 s01：未知服务商 "nope"（已知：.+、.+）$/);
		const r = resolve("prompt: x\ncharacters: [Zed]");
		expect(r.ok && r.warnings).toEqual(["Scenes/Ep1.md:1 分镜 s01：角色 Zed 不在角色设定中"]);
	});
});

/** A note whose shot block starts on line 42. */
function parseAt42(path: string, body: string): ResolveResult {
	const text = "x\n".repeat(41) + "```shot\n" + body + "\n```\n";
	const note = parseMarkdown(path, text);
	const r = note.shots[0]!;
	if (!r.ok) throw new Error(r.error);
	return resolveShot(r, note.frontmatter, settings());
}
