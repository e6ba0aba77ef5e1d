/**
 * Hostile and random input: nothing may throw out of parseFile / planJobs, and
 * every shot is either valid or carries a message naming the file and line.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseFile, type ParsedNote } from "../../../src/core/parse";
import { planJobs } from "../../../src/core/plan";
import { TEST_SETTINGS } from "../../support/settings";

function check(note: ParsedNote): void {
	for (const s of note.shots) {
		if (!s.ok) expect(s.error.startsWith(`${note.path}:`)).toBe(true);
		expect(s.source.line).toBeGreaterThanOrEqual(1);
	}
	for (const i of note.issues) expect(i.message.startsWith(`${note.path}:`)).toBe(true);
	const plan = planJobs([note], TEST_SETTINGS, new Map());
	for (const j of plan.jobs) {
		if (j.status === "invalid") expect(j.reason).toBeTruthy();
		expect(j.outputPath.startsWith(j.outputFolder + "/")).toBe(true);
	}
}

const yamlToken = fc.constantFrom(
	"prompt: x",
	"prompt:",
	"duration: 10",
	"duration: -1",
	"duration: 1e309",
	"takes: 3",
	"id: s01",
	"id: ../../x",
	"orientation: 9:16",
	"size: 99999x1",
	"pro: yes",
	"provider: veo",
	"model: ?",
	"image: '[[a.png]]'",
	"image: file:///etc/passwd",
	"references: [a, b, [c]]",
	"characters: {a: 1}",
	"props: ~",
	"- item",
	"  nested: value",
	"&anchor x: 1",
	"*anchor",
	"<<: *a",
	"!!js/function 'function(){}'",
	"!!binary aGVsbG8=",
	"? complex key",
	"key: |",
	"  block text",
	"key: >-",
	"'unterminated",
	'"bad \\x escape"',
	"{ flow: [1, 2",
	"---",
	"...",
	"%YAML 1.2",
	"\t tab",
	"",
	"```",
	"~~~",
);

describe("fuzz: shot block bodies", () => {
	it("random YAML-ish bodies never throw", () => {
		fc.assert(
			fc.property(fc.array(yamlToken, { maxLength: 25 }), fc.boolean(), (lines, crlf) => {
				const body = lines.join(crlf ? "\r\n" : "\n");
				check(parseFile("F/Note.md", "# t\n\n```shot\n" + body + "\n```\n\n```shot\nprompt: after\n```\n"));
			}),
			{ numRuns: 1500 },
		);
	});

	it("random strings and random Markdown never throw", () => {
		fc.assert(
			fc.property(fc.string({ unit: "binary", maxLength: 400 }), (junk) => {
				check(parseFile("F/Note.md", junk));
				check(parseFile("F/Note.md", "```shot\n" + junk + "\n```\n"));
				check(parseFile("F/Note.md", "---\n" + junk + "\n---\n```shot\nprompt: x\n```\n"));
			}),
			{ numRuns: 800 },
		);
	});

	it("random bytes decoded as text never throw (Markdown and JSON)", () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
				const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
				check(parseFile("F/Note.md", "```shot\n" + text));
				check(parseFile("F/storyboard_f.json", text));
				check(parseFile("F/Note.md", "```json\n" + text + "\n```\n"));
			}),
			{ numRuns: 500 },
		);
	});

	it("every truncation of a valid note parses without throwing", () => {
		const note =
			'---\ncineflow:\n  duration: 15\n  characters:\n    Alice: \'@alice\'\n---\n# T\n\n```shot\nid: a\nprompt: "[Alice] runs"\n```\n\n> ```shot\n> prompt: q\n> ```\n\n~~~json\n{"segments": [{"segment_index": 1, "prompt_text": "s"}]}\n~~~\n';
		for (let i = 0; i <= note.length; i++) check(parseFile("F/Note.md", note.slice(0, i)));
	});
});

describe("fuzz: storyboard JSON", () => {
	const segment = fc.record(
		{
			segment_index: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.string(), fc.constant(null)),
			prompt_text: fc.oneof(fc.string(), fc.constant(""), fc.integer(), fc.constant(null)),
			duration_seconds: fc.oneof(fc.constantFrom(5, 10, 15, 25), fc.string(), fc.double()),
			is_pro: fc.oneof(fc.boolean(), fc.string()),
			resolution: fc.oneof(fc.constantFrom("horizontal", "vertical", "square"), fc.integer()),
			asset: fc.oneof(
				fc.constant(null),
				fc.record(
					{
						characters: fc.array(fc.oneof(fc.string(), fc.record({ name: fc.string(), id: fc.string() }), fc.constant(null))),
						scene: fc.oneof(fc.string(), fc.integer()),
						props: fc.oneof(fc.array(fc.string()), fc.string(), fc.constant({})),
					},
					{ requiredKeys: [] },
				),
			),
			director_intent: fc.string(),
			extra: fc.anything(),
		},
		{ requiredKeys: [] },
	);

	it("random segments never throw", () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(segment, fc.anything()), { maxLength: 8 }), fc.anything(), (segments, meta) => {
				const text = JSON.stringify({ segments, metadata: meta, character_bible: meta }, null, 2);
				check(parseFile("F/storyboard_f.json", text));
			}),
			{ numRuns: 500 },
		);
	});
});

describe("fuzz: size and depth limits", () => {
	it("a 1 MB prompt is read and planned in reasonable time", () => {
		const big = "雨夜 [Alice] walks. ".repeat(60_000);
		expect(big.length).toBeGreaterThan(1_000_000);
		const started = Date.now();
		const note = parseFile("F/Big.md", "---\ncharacters:\n  Alice: '@alice'\n---\n```shot\nprompt: " + JSON.stringify(big) + "\n```\n");
		const plan = planJobs([note], TEST_SETTINGS, new Map());
		expect(plan.jobs[0]!.status).toBe("ready");
		expect(plan.jobs[0]!.prompt.startsWith("雨夜 Alice @alice walks.")).toBe(true);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it("an oversized shot block is refused with a message", () => {
		const note = parseFile("F/Huge.md", "```shot\nprompt: " + "x".repeat(3 * 1024 * 1024) + "\n```\n");
		expect(note.shots[0]!.ok ? "" : note.shots[0]!.error).toBe("F/Huge.md:1 shot s01: shot block is too large (3072 KB; at most 2048 KB)");
	});

	it("deeply nested YAML and JSON are refused, not crashed on", () => {
		const deepFlow = "prompt: x\nnest: " + "[".repeat(50_000) + "]".repeat(50_000);
		check(parseFile("F/Deep.md", "```shot\n" + deepFlow + "\n```\n"));
		let block = "prompt: x\nnest:\n";
		for (let i = 1; i < 200; i++) block += "  ".repeat(i) + "k:\n";
		const r = parseFile("F/Deep2.md", "```shot\n" + block + "\n```\n").shots[0]!;
		expect(r.ok ? "" : r.error).toBe("F/Deep2.md:1 shot s01: shot block is too deeply nested or expands too much (YAML aliases)");
		check(parseFile("F/storyboard_deep.json", '{"segments": [' + "[".repeat(100_000) + "]".repeat(100_000) + "]}"));
	});

	it("a billion-laughs alias bomb in a shot block is refused quickly", () => {
		const lines = ["prompt: x", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
		for (let i = 1; i <= 9; i++)
			lines.push(
				`a${i}: &a${i} [${Array(10)
					.fill(`*a${i - 1}`)
					.join(", ")}]`,
			);
		const started = Date.now();
		const r = parseFile("F/Bomb.md", "```shot\n" + lines.join("\n") + "\n```\n").shots[0]!;
		expect(Date.now() - started).toBeLessThan(2000);
		expect(r.ok ? "" : r.error).toBe("F/Bomb.md:1 shot s01: shot block is too deeply nested or expands too much (YAML aliases)");
	});

	it("YAML custom tags cannot construct functions (safe schema)", () => {
		const r = parseFile("F/Tag.md", "```shot\nprompt: !!js/function 'function(){ globalThis.__pwned = 1 }'\n```\n").shots[0]!;
		expect(r.ok).toBe(false);
		expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
	});
});

describe("fuzz: prototype keys", () => {
	it("keys like __proto__, constructor and toString are just unknown fields", () => {
		for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
			const md = parseFile("F/P.md", `\`\`\`shot\nprompt: x\n${key}: 1\norientation: ${key}\n\`\`\`\n`).shots[0]!;
			expect(md.ok ? "" : md.error).toBe(
				`F/P.md:1 shot s01: orientation "${key}" is not valid (expected horizontal or vertical (also landscape, portrait, 16:9, 9:16))`,
			);
			const json = parseFile("F/storyboard_p.json", JSON.stringify({ segments: [{ segment_index: 1, prompt_text: "x", [key]: 1, resolution: key }] }))
				.shots[0]!;
			expect(json.ok ? "" : json.error).toContain(`resolution "${key}" is not valid`);
			const res = parseFile("F/P2.md", `\`\`\`shot\nprompt: x\nprovider: ${key}\n\`\`\`\n`);
			const plan = planJobs([res], TEST_SETTINGS, new Map());
			expect(plan.jobs[0]!.reason).toContain(`unknown provider "${key}"`);
		}
	});
});

describe("fuzz: prototype pollution", () => {
	it("__proto__ maps in YAML, front matter or JSON never reach Object.prototype", () => {
		parseFile(
			"F/P.md",
			"---\n__proto__:\n  polluted: 1\ncineflow:\n  __proto__:\n    polluted: 1\n---\n```shot\nprompt: x\n__proto__:\n  polluted: 1\n```\n",
		);
		parseFile(
			"F/storyboard_p.json",
			'{"__proto__": {"polluted": 1}, "segments": [{"segment_index": 1, "prompt_text": "x", "__proto__": {"polluted": 1}, "asset": {"__proto__": {"polluted": 1}}}]}',
		);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
