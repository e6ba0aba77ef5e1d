/**
 * The script → storyboard assistant's pure core (schema, chunking, rendering,
 * output names) and its Obsidian adapter, in process against the simulator.
 */
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createApp__, Notice, setRequestUrlHandler, type TFile } from "../stubs/obsidian";
import {
	AlreadyExistsError,
	ASSISTANT_FIELDS,
	checkAnswer,
	chunkScript,
	cleanShot,
	proposeBible,
	createStoryboardNote,
	draftJsonSchema,
	draftStoryboard,
	DraftError,
	estimateTokens,
	IdAllocator,
	isStoryboardPathFor,
	renderStoryboard,
	SCHEMA_NAME,
	storyboardPath,
	strictify,
	yamlString,
	type DraftVault,
} from "../../src/core/assistant";
import { loadYaml, parseMarkdown } from "../../src/core/parse";
import { characterObjectSchema, ID_PATTERN, SHOT_FIELDS } from "../../src/core/parse/schema";
import { migrateSettings } from "../../src/core/settings";
import { TEST_SETTINGS } from "../support/settings";
import type { HttpPort, HttpRequest } from "../../src/ports/http";
import { draftFromActiveNote, type DraftHost } from "../../src/obsidian/draft";
import { createSimulator, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";

const KEY = "sk-ASSIST-0123456789abcdef";
const BASE = "http://sim.test/chat";

function memVault(files: Record<string, string>): DraftVault & { files: Map<string, string> } {
	const m = new Map(Object.entries(files));
	return {
		files: m,
		read: (p) => Promise.resolve(m.get(p) ?? null),
		exists: (p) => Promise.resolve(m.has(p)),
		create(p, text) {
			if (m.has(p)) return Promise.reject(new AlreadyExistsError(p));
			m.set(p, text);
			return Promise.resolve();
		},
	};
}

function sim(scenario: Parameters<typeof createSimulator>[0]["scenario"] = {}): Simulator {
	return createSimulator({ clock: new VirtualClock(0), apiKey: KEY, scenario });
}

/** The simulator in process, recording every request body sent. */
function recording(s: Simulator): { http: HttpPort; bodies: Array<Record<string, unknown>> } {
	const bodies: Array<Record<string, unknown>> = [];
	const t = s.transport();
	return {
		bodies,
		http: {
			request(req: HttpRequest, signal?: AbortSignal) {
				if (typeof req.body === "string") bodies.push(JSON.parse(req.body) as Record<string, unknown>);
				return t.request(req, signal);
			},
		},
	};
}

const defaults = { orientation: "horizontal" as const, duration: 10, durations: [10, 15], target: "sorahk/sora-2" };
const SCRIPT = '# Alley\n\nRain falls. [Alice] runs.\n\nBob waits under the sign and says "Late."\n';

type Json = Record<string, unknown>;

/** A property's schema without what the assistant adds: description, and the null branch of nullable fields. */
function withoutAdditions(p: Json): unknown {
	const { description: _d, ...rest } = p;
	if (Array.isArray(rest.anyOf)) {
		const branches = (rest.anyOf as Json[]).filter((b) => !(b.type === "null" && Object.keys(b).length === 1));
		const { anyOf: _a, ...others } = rest;
		return branches.length === 1 ? { ...branches[0], ...others } : { ...others, anyOf: branches };
	}
	return rest;
}

describe("JSON schema sent to the chat endpoint", () => {
	it("is generated from the parser's zod field schemas", () => {
		const schema = draftJsonSchema();
		const shot = ((schema.properties as Json).shots as Json).items as Json;
		const props = shot.properties as Record<string, Json>;
		expect(Object.keys(props)).toEqual([...ASSISTANT_FIELDS]);
		for (const f of ASSISTANT_FIELDS) {
			const fromParser = strictify(z.toJSONSchema(SHOT_FIELDS[f]!.schema, { io: "input", unrepresentable: "any" }));
			if (f === "id") {
				expect(props.id).toMatchObject({ type: "string", pattern: ID_PATTERN.source });
				continue;
			}
			expect(withoutAdditions(props[f]!), f).toEqual(fromParser);
			expect(props[f]!.description).toContain(SHOT_FIELDS[f]!.expected);
		}
		// The parser's duration rule (a number, or "10s"-style text) is what the model is told.
		expect(JSON.stringify(props.duration)).toContain(String.raw`^\\s*\\d+(\\.\\d+)?\\s*s?\\s*$`);
		const character = (((schema.properties as Json).characters as Json).items as Json).properties as Record<string, Json>;
		expect(withoutAdditions(character.description!)).toEqual(
			strictify(z.toJSONSchema(characterObjectSchema.shape.description.def.innerType, { io: "input", unrepresentable: "any" })),
		);
	});

	it("is strict: every object lists all its properties as required and allows no others", () => {
		const objects: Json[] = [];
		const walk = (n: unknown) => {
			if (Array.isArray(n)) n.forEach(walk);
			else if (n && typeof n === "object") {
				const o = n as Json;
				if (o.properties) objects.push(o);
				Object.values(o).forEach(walk);
			}
		};
		walk(draftJsonSchema());
		expect(objects.length).toBe(3);
		for (const o of objects) {
			expect(o.additionalProperties).toBe(false);
			expect(o.required).toEqual(Object.keys(o.properties as Json));
		}
		expect(JSON.stringify(draftJsonSchema())).not.toContain("$schema");
		expect(JSON.stringify(draftJsonSchema())).not.toContain("{}");
	});

	it("is what the request carries, as strict json_schema structured output", async () => {
		const s = sim();
		const rec = recording(s);
		const vault = memVault({ "Night.md": SCRIPT });
		await draftStoryboard({ scriptPath: "Night.md", vault, http: rec.http, apiKey: KEY, baseUrl: BASE, model: "m1", defaults });
		expect(rec.bodies).toHaveLength(1);
		const body = rec.bodies[0]!;
		expect(body.model).toBe("m1");
		expect(body.response_format).toEqual({ type: "json_schema", json_schema: { name: SCHEMA_NAME, strict: true, schema: draftJsonSchema() } });
		const messages = body.messages as Array<{ role: string; content: string }>;
		expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
		expect(messages[0]!.content).toContain("Durations (seconds) allowed: 10, 15");
		expect(messages[1]!.content).toContain("<script>\n# Alley");
		expect(s.log.filter((e) => e.route === "chat").map((e) => e.path)).toEqual(["/chat/v1/chat/completions"]);
	});
});

describe("context across parts", () => {
	it("tells each later part the ids already used and the characters found so far", async () => {
		const s = sim();
		const rec = recording(s);
		const long = (who: string, n: number) => `${who} ${"walks slowly through the long corridor. ".repeat(n)}`;
		const script = `# One\n\n${long("[Alice]", 8)}\n\n${long("[Bob]", 8)}\n\n# Two\n\n${long("[Alice]", 8)}\n`;
		const vault = memVault({ "Night.md": script });
		const r = await draftStoryboard({ scriptPath: "Night.md", vault, http: rec.http, apiKey: KEY, baseUrl: BASE, model: "m", defaults, chunkTokens: 120 });
		expect(r.chunks).toBe(3);
		const users = rec.bodies.map((b) => (b.messages as Array<{ role: string; content: string }>)[1]!.content);
		expect(users[0]).toContain('Script "Night", part 1 of 3.');
		expect(users[0]).not.toContain("already used");
		expect(users[1]).toContain("Shot ids already used (do not reuse): s01. Continue the numbering.");
		expect(users[1]).toContain("Characters so far: Alice.");
		expect(users[2]).toContain("Shot ids already used (do not reuse): s01, s01-2.");
		expect(users[2]).toContain("Characters so far: Alice, Bob.");
		expect(users[2]).toContain("Section: Two");
		const parsed = parseMarkdown(r.path, vault.files.get(r.path)!);
		expect(parsed.shots.map((x) => x.ok && x.id)).toEqual(["s01", "s01-2", "s01-3"]);
	});
});

describe("repair round-trip", () => {
	it("sends the invalid answer back with the errors, once", async () => {
		const s = sim({ chatMode: "wrong-types" });
		const rec = recording(s);
		const vault = memVault({ "Night.md": SCRIPT });
		const r = await draftStoryboard({ scriptPath: "Night.md", vault, http: rec.http, apiKey: KEY, baseUrl: BASE, model: "m", defaults });
		expect(r.repairs).toBe(1);
		expect(rec.bodies).toHaveLength(2);
		const msgs = rec.bodies[1]!.messages as Array<{ role: string; content: string }>;
		expect(msgs.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
		expect(JSON.parse(msgs[2]!.content)).toMatchObject({ shots: [{ duration: "long" }] });
		expect(msgs[3]!.content).toContain('- shots[0].duration: duration "long" is not valid (expected a number of seconds)');
		expect(msgs[3]!.content).toContain("- shots[0]: unknown field camera");
		expect(rec.bodies[1]!.response_format).toEqual(rec.bodies[0]!.response_format);
	});
});

describe("answer validation", () => {
	const shot = (o: Json) =>
		JSON.stringify({ shots: [{ id: "s01", prompt: "p", duration: null, characters: null, scene: null, props: null, note: null, ...o }], characters: [] });

	it("accepts and coerces exactly what the parser accepts", () => {
		const r = checkAnswer(shot({ duration: "15s", characters: "Alice, Bob", props: ["umbrella"] }));
		expect(r.ok && r.answer.shots[0]!.input).toEqual({ id: "s01", prompt: "p", duration: 15, characters: ["Alice", "Bob"], props: ["umbrella"] });
	});

	it("rejects in the parser's words, naming the place in the answer", () => {
		const r = checkAnswer(shot({ duration: -3 }));
		expect(!r.ok && r.errors).toEqual(["shots[0].duration: duration -3 is not valid (expected a number of seconds)"]);
		const empty = checkAnswer(shot({ prompt: "  " }));
		expect(!empty.ok && empty.errors).toEqual(["shots[0].prompt: prompt is empty"]);
		const missing = checkAnswer(JSON.stringify({ shots: [{ id: "s01" }] }));
		expect(!missing.ok && missing.errors.join("\n")).toMatch(/shots\[0\]\.prompt: .*|characters: /);
		const notJson = checkAnswer("Sure! {");
		expect(!notJson.ok && notJson.errors[0]).toMatch(/^the answer is not valid JSON/);
	});
});

describe("chunking", () => {
	const para = (i: number, n = 30) => `P${i} ` + Array.from({ length: n }, (_, k) => `w${i}_${k}.`).join(" ");

	it("keeps every word in order and each chunk within the budget", () => {
		const text = ["# One", para(1), para(2), "## Two", para(3), para(4, 200), para(5)].join("\n\n");
		const chunks = chunkScript(text, { budgetTokens: 100 });
		expect(chunks.length).toBeGreaterThan(3);
		for (const c of chunks) expect(estimateTokens(c.text)).toBeLessThanOrEqual(100);
		const words = (s: string) => s.split(/\s+/).filter(Boolean);
		expect(chunks.flatMap((c) => words(c.text))).toEqual(words(text));
		expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
	});

	it("starts a chunk at a heading once the current chunk is half full, and records the heading", () => {
		const text = ["# One", para(1, 40), "# Two", para(2, 5)].join("\n\n");
		const chunks = chunkScript(text, { budgetTokens: 120 });
		expect(chunks.map((c) => c.heading)).toEqual(["One", "Two"]);
		expect(chunks[1]!.text.startsWith("# Two")).toBe(true);
		// Small sections share a chunk.
		expect(chunkScript("# A\n\nshort\n\n# B\n\nshort too", { budgetTokens: 100 })).toHaveLength(1);
	});

	it("honours the characters-per-token setting and gives nothing for an empty script", () => {
		const text = Array.from({ length: 10 }, (_, i) => para(i, 10)).join("\n\n");
		expect(chunkScript(text, { budgetTokens: 100, charsPerToken: 2 }).length).toBeGreaterThan(chunkScript(text, { budgetTokens: 100 }).length);
		expect(chunkScript(" \n\n \n", { budgetTokens: 100 })).toEqual([]);
	});
});

describe("rendering untrusted answers", () => {
	it("writes any string as a one-line YAML scalar that reads back unchanged", () => {
		fc.assert(
			fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
				const line = `k: ${yamlString(s)}`;
				expect(line.includes("\n")).toBe(false);
				expect((loadYaml(line) as { k: string }).k).toBe(s);
			}),
			{ numRuns: 500 },
		);
	});

	it("any validated answer renders into a note the parser reads back shot for shot", () => {
		const hostile = fc.oneof(
			fc.string({ unit: "binary", maxLength: 40 }),
			fc.constantFrom("```", "---", "../../x", "\n```shot\nid: x\n", "a\u2028b", "[[Bob]]", "#tag"),
		);
		fc.assert(
			fc.property(
				fc.array(fc.record({ id: hostile, prompt: hostile, scene: fc.option(hostile), characters: fc.array(hostile, { maxLength: 3 }) }), {
					minLength: 1,
					maxLength: 6,
				}),
				fc.array(hostile, { maxLength: 4 }),
				(shots, names) => {
					const answer = {
						shots: shots.map((x) => ({
							rawId: x.id,
							input: { prompt: x.prompt, characters: x.characters, ...(x.scene !== null ? { scene: x.scene } : {}) },
						})),
						characters: names.map((n) => ({ name: n, aliases: [n, "../" + n] })),
					};
					const bible = proposeBible([answer]);
					const ids = new IdAllocator();
					const rendered = answer.shots.map((x) => {
						const input = cleanShot(x.input, bible.names);
						return { id: ids.take(x.rawId).id, input: { ...input, prompt: input.prompt || "(no prompt)" } };
					});
					const note = renderStoryboard({
						scriptPath: "a/Night.md",
						scriptName: "Night",
						model: "m",
						defaults: { duration: 10, orientation: "horizontal" },
						characters: bible.characters,
						shots: rendered,
					});
					const parsed = parseMarkdown("a/Night — storyboard.md", note);
					expect(parsed.issues.filter((i) => i.severity === "error")).toEqual([]);
					expect(parsed.shots.map((s) => s.ok && s.id)).toEqual(rendered.map((r) => r.id));
					expect(parsed.frontmatter.output).toBeUndefined();
					expect(parsed.frontmatter.characters.map((c) => c.name)).toEqual(bible.characters.map((c) => c.name));
					for (const c of parsed.frontmatter.characters) expect(c.name).not.toMatch(/[\\/[\]]/);
					parsed.shots.forEach((x, i) => expect(x.ok && x.input.prompt).toBe(rendered[i]!.input.prompt));
				},
			),
			{ numRuns: 200 },
		);
	});

	it("ids keep the parser's alphabet and stay unique", () => {
		const ids = new IdAllocator();
		expect(ids.take("../../evil").id).toBe("evil");
		expect(ids.take("../../evil").id).toBe("evil-2");
		expect(ids.take("").id).toBe("s01");
		expect(ids.take("s01").id).toBe("s01-2");
		expect(ids.take("x".repeat(100)).id).toBe("x".repeat(64));
		expect(ids.take("x".repeat(100)).id).toBe("x".repeat(62) + "-2");
		for (const id of ids.list()) expect(id).toMatch(ID_PATTERN);
	});
});

describe("output note name", () => {
	it("sits next to the script and is numbered when taken", async () => {
		expect(storyboardPath("Scripts/Act 1/Night.md")).toBe("Scripts/Act 1/Night — storyboard.md");
		expect(storyboardPath("Night.md", 3)).toBe("Night — storyboard 3.md");
		expect(isStoryboardPathFor("a/Night.md", "a/Night — storyboard 12.md")).toBe(true);
		expect(isStoryboardPathFor("a/Night.md", "Night — storyboard.md")).toBe(false);
		expect(isStoryboardPathFor("a/Night.md", "a/Night — storyboard 1.md")).toBe(false);
		expect(isStoryboardPathFor("a/Night.md", "a/Other.md")).toBe(false);
		const v = memVault({ "a/Night.md": "x", "a/Night — storyboard.md": "keep" });
		expect(await createStoryboardNote(v, "a/Night.md", "new")).toBe("a/Night — storyboard 2.md");
		expect(v.files.get("a/Night — storyboard.md")).toBe("keep");
	});

	it("moves on when another writer takes the name between the check and the create", async () => {
		const v = memVault({ "Night.md": "x" });
		const create = v.create.bind(v);
		let first = true;
		v.create = (p, t) => {
			if (first) {
				first = false;
				v.files.set(p, "theirs");
				return Promise.reject(new AlreadyExistsError(p));
			}
			return create(p, t);
		};
		expect(await createStoryboardNote(v, "Night.md", "mine")).toBe("Night — storyboard 2.md");
		expect(v.files.get("Night — storyboard.md")).toBe("theirs");
	});
});

describe("draftStoryboard in process", () => {
	it("never shows the key, even when the endpoint echoes it", async () => {
		const wrong = "sk-LEAKED-9876543210fedcba";
		const s = sim({ leakyErrors: true });
		const vault = memVault({ "Night.md": SCRIPT });
		const err = await draftStoryboard({ scriptPath: "Night.md", vault, http: s.transport(), apiKey: wrong, baseUrl: BASE, model: "m", defaults }).catch(
			(e: unknown) => e,
		);
		expect(err).toBeInstanceOf(DraftError);
		expect((err as DraftError).kind).toBe("auth");
		expect((err as DraftError).message).not.toContain("LEAKED");
		expect(vault.files.size).toBe(1);
	});

	it("snaps durations to the provider's and reports it; the script is only read", async () => {
		const s = sim({ chatMode: "injection" });
		const vault = memVault({ "Night.md": SCRIPT });
		const r = await draftStoryboard({ scriptPath: "Night.md", vault, http: s.transport(), apiKey: KEY, baseUrl: BASE, model: "m", defaults });
		expect(r.warnings.some((w) => w.includes("duration 7 s is not allowed for sorahk/sora-2 (allowed: 10, 15); using 10 s"))).toBe(true);
		expect(vault.files.get("Night.md")).toBe(SCRIPT);
		expect([...vault.files.keys()]).toEqual(["Night.md", "Night — storyboard.md"]);
	});

	it("refuses an empty script, a bad base URL and a missing key before any request", async () => {
		const s = sim();
		const run = (o: Partial<Parameters<typeof draftStoryboard>[0]>): Promise<DraftError> =>
			draftStoryboard({
				scriptPath: "Night.md",
				vault: memVault({ "Night.md": "---\na: 1\n---\n\n" }),
				http: s.transport(),
				apiKey: KEY,
				baseUrl: BASE,
				model: "m",
				defaults,
				...o,
			}).then(
				() => {
					throw new Error("expected a DraftError");
				},
				(e: unknown) => e as DraftError,
			);
		expect((await run({})).message).toBe("Night.md has no text to draft shots from");
		expect((await run({ vault: memVault({ "Night.md": SCRIPT }), baseUrl: "file:///etc" })).message).toMatch(/base URL must be an http\(s\) URL/);
		expect((await run({ apiKey: null, missingKey: "set the key" })).kind).toBe("no-key");
		expect((await run({ scriptPath: "Nope.md" })).message).toBe("Nope.md does not exist");
		expect(s.log.length).toBe(0);
	});
});

describe("settings", () => {
	it("has an assistant section with defaults, filled in for older data", () => {
		expect(TEST_SETTINGS.assistant).toEqual({
			baseUrl: "https://api.openai.com/v1",
			model: "gpt-4o-mini",
			secretName: "cineflow-assistant",
			chunkTokens: 3000,
		});
		const m = migrateSettings({ ...TEST_SETTINGS, assistant: { model: "local-model" } });
		expect(m.settings.assistant).toEqual({ ...TEST_SETTINGS.assistant, model: "local-model" });
	});
});

describe("plugin: draftFromActiveNote", () => {
	let s: Simulator;
	beforeAll(() => {
		vi.stubGlobal("window", globalThis);
		s = sim();
		setRequestUrlHandler(async (p) => {
			const res = await s.handle({
				method: (p.method ?? "GET") as "POST",
				url: p.url,
				headers: p.headers,
				body: typeof p.body === "string" ? p.body : undefined,
			});
			return { status: res.status, headers: res.headers, body: res.body };
		});
	});
	afterAll(() => {
		setRequestUrlHandler(undefined);
		vi.unstubAllGlobals();
	});
	afterEach(() => Notice.reset__());

	async function host(files: Record<string, string>, key: string | null) {
		const app = await createApp__(files);
		if (key) app.secretStorage.setSecret("cineflow-assistant", key);
		const file = app.vault.getFileByPath("Scripts/Night.md") as TFile;
		await app.workspace.openFile__(file);
		const settings = structuredClone(TEST_SETTINGS);
		settings.assistant.baseUrl = "http://127.0.0.1:1/chat";
		return { app, settings, host: { app: app as unknown as DraftHost["app"], settings } };
	}

	it("drafts the active note into a new note through requestUrl, with the key from secret storage", async () => {
		const h = await host({ "Scripts/Night.md": SCRIPT, "Scripts/Night — storyboard.md": "keep" }, KEY);
		const r = await draftFromActiveNote(h.host);
		expect(r?.path).toBe("Scripts/Night — storyboard 2.md");
		const text = await h.app.vault.adapter.read("Scripts/Night — storyboard 2.md");
		expect(parseMarkdown("Scripts/Night — storyboard 2.md", text).shots.filter((x) => x.ok)).toHaveLength(2);
		expect(await h.app.vault.adapter.read("Scripts/Night — storyboard.md")).toBe("keep");
		expect(await h.app.vault.adapter.read("Scripts/Night.md")).toBe(SCRIPT);
		const shown = Notice.shown__.filter((n) => !n.hidden).map((n) => n.text__);
		expect(shown).toEqual(["CineFlow: drafted 2 shots into Scripts/Night — storyboard 2.md."]);
		expect(h.app.workspace.getActiveFile()?.path).toBe("Scripts/Night — storyboard 2.md");
		expect(h.app.workspace.leaves.map((l) => (l.view as { file?: TFile | null }).file?.path)).toEqual([
			"Scripts/Night.md",
			"Scripts/Night — storyboard 2.md",
		]);
	});

	it("says where the key goes when secret storage has none, and writes nothing", async () => {
		const h = await host({ "Scripts/Night.md": SCRIPT }, null);
		const before = h.app.vault.getFiles().map((f) => f.path);
		expect(await draftFromActiveNote(h.host)).toBeUndefined();
		expect(h.app.vault.getFiles().map((f) => f.path)).toEqual(before);
		expect(Notice.shown__.filter((n) => !n.hidden).map((n) => n.text__)).toEqual([
			'CineFlow: No key for the script assistant: add it in the CineFlow settings (script assistant key, secret "cineflow-assistant").',
		]);
	});
});
