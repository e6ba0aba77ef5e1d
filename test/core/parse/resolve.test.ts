import { describe, expect, it } from "vitest";
import { parseMarkdown, resolveShot, type ResolveResult } from "../../../src/core/parse";
import { DEFAULT_SETTINGS, type Settings } from "../../../src/core/settings";

function settings(patch: (s: Settings) => void = () => {}): Settings {
	const s = structuredClone(DEFAULT_SETTINGS);
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
		expect(s).toMatchObject({ id: "s01", provider: "sorahk", model: "sora-2", duration: 10, orientation: "horizontal", size: "1280x720", pro: false, takes: 1, keyframe: false });
		expect(s).toMatchObject({ references: [], characters: [], props: [], origin: "shot", index: 1 });
		expect(s.image).toBeUndefined();
	});

	it("uses plugin settings", () => {
		const st = settings((s) => {
			s.provider = "veo";
			s.providers.veo = { model: "veo-3.1-fast-generate-preview" };
			s.defaults = { duration: 6, orientation: "vertical", pro: false, takes: 3 };
		});
		expect(shotOf(resolve("prompt: x", { settings: st }))).toMatchObject({
			provider: "veo",
			model: "veo-3.1-fast-generate-preview",
			duration: 6,
			orientation: "vertical",
			size: "720x1280",
			takes: 3,
		});
	});

	it("note front matter overrides settings, the shot overrides the note", () => {
		const fm = "cineflow:\n  provider: openai\n  model: sora-2-pro\n  duration: 8\n  orientation: vertical\n  takes: 2\n  scene: Roof\n  props: [kite]\n  note: from note\n  image: note.png\n  keyframe: true\n  keyframe_prompt: kf";
		const st = settings((s) => {
			s.defaults.duration = 15;
			s.defaults.takes = 4;
		});
		expect(shotOf(resolve("prompt: x", { fm, settings: st }))).toMatchObject({
			provider: "openai",
			model: "sora-2-pro",
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
			shotOf(resolve("prompt: x\nmodel: sora-2\nduration: 12\norientation: horizontal\ntakes: 1\nscene: Street\nprops: []\nnote: mine\nkeyframe: false", { fm, settings: st })),
		).toMatchObject({ provider: "openai", model: "sora-2", duration: 12, orientation: "horizontal", size: "1280x720", takes: 1, scene: "Street", props: [], note: "mine", keyframe: false });
	});

	it("a note's model does not follow a shot onto another provider", () => {
		const st = settings((s) => {
			s.providers.veo = { model: "veo-3.1-fast-generate-preview" };
		});
		const fm = "cineflow:\n  model: sora-2";
		expect(shotOf(resolve("prompt: x\nprovider: veo", { fm, settings: st })).model).toBe("veo-3.1-fast-generate-preview");
		expect(shotOf(resolve("prompt: x\nprovider: wan", { fm })).model).toBe("wan2.6-t2v");
	});

	it("size sets the orientation; without size the model's first size for the orientation is used", () => {
		expect(shotOf(resolve("prompt: x\nprovider: veo\nsize: 1080x1920"))).toMatchObject({ orientation: "vertical", size: "1080x1920", duration: 8 });
		expect(shotOf(resolve("prompt: x\nprovider: veo\norientation: portrait"))).toMatchObject({ orientation: "vertical", size: "720x1280" });
		// A note size of the other orientation does not apply to a shot that turns.
		expect(shotOf(resolve("prompt: x\norientation: vertical", { fm: "cineflow:\n  provider: veo\n  size: 1920x1080" })).size).toBe("720x1280");
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
		["prompt: x\nprovider: openai\nduration: 10", "Scenes/Ep1.md:1 shot s01: duration 10 is not allowed for openai/sora-2 (allowed: 4, 8, 12)"],
		[
			"prompt: x\nprovider: sora",
			'Scenes/Ep1.md:1 shot s01: unknown provider "sora" (known: sorahk, openai, newapi, t8star, aihubmix, veo, wan, grok)',
		],
		["prompt: x\nmodel: sora-3", 'Scenes/Ep1.md:1 shot s01: unknown model "sora-3" for sorahk (models: sora-2)'],
		["prompt: x\nprovider: openai\nmodel: x", 'Scenes/Ep1.md:1 shot s01: unknown model "x" for openai (models: sora-2, sora-2-pro)'],
		[
			"prompt: x\nprovider: openai\nmodel: sora-2-pro\npro: true\nduration: 4",
			"Scenes/Ep1.md:1 shot s01: pro mode is not available for openai/sora-2-pro (pro: true works with sorahk/sora-2, t8star/sora-2-pro)",
		],
		["prompt: x\nsize: 1920x1080", "Scenes/Ep1.md:1 shot s01: size 1920x1080 is not allowed for sorahk (allowed: horizontal 1280x720; vertical 720x1280)"],
		["prompt: x\nsize: 1024x1024", "Scenes/Ep1.md:1 shot s01: size 1024x1024 is not allowed for sorahk (allowed: horizontal 1280x720; vertical 720x1280)"],
		["prompt: x\nsize: 1280x720\norientation: vertical", "Scenes/Ep1.md:1 shot s01: size 1280x720 does not match orientation vertical"],
		[
			"prompt: x\nprovider: wan\nimage: a.png",
			"Scenes/Ep1.md:1 shot s01: model wan2.6-t2v of wan takes no reference image (models of wan that take one: wan2.6-i2v)",
		],
		["prompt: x\nimage: ../../../x.png", 'Scenes/Ep1.md:1 shot s01: image "../../../x.png" points outside the vault'],
		[
			"prompt: x\nduration: 7\nsize: 1920x1080",
			"Scenes/Ep1.md:1 shot s01: size 1920x1080 is not allowed for sorahk (allowed: horizontal 1280x720; vertical 720x1280); duration 7 is not allowed for sorahk (allowed: 10, 15; 25 with pro)",
		],
	])("%j", (body, message) => {
		expect(errorOf(resolve(body))).toBe(message);
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
		expect(errorOf(resolve("prompt: x", { settings: st2 }))).toContain('unknown provider "nope" (from the plugin settings) (known: sorahk, ');
	});

	it("keeps what it could work out for an invalid shot", () => {
		const r = resolve("prompt: x\nduration: 7\ntakes: 3");
		expect(r.ok ? null : r.partial).toEqual({ provider: "sorahk", model: "sora-2", duration: 7, orientation: "horizontal", size: "1280x720", pro: false, takes: 3 });
	});

	it("warns about characters missing from the bible", () => {
		const r = resolve("prompt: x\ncharacters: [Alice, Zed]", { fm: "cineflow:\n  characters:\n    Alice: '@a'" });
		expect(r.ok && r.warnings).toEqual(["Scenes/Ep1.md:6 shot s01: character Zed is not in the character bible"]);
	});
});
