/**
 * Fuzzing the shot parser and front matter with 10,000 random and mutated notes
 * (mutations of the example vault and the fixtures). Properties:
 * - nothing throws out of parseFile / parseMarkdown / scanAndPlan / planJobs;
 * - every error and warning names the note and a line inside it, and shot
 *   errors name the shot;
 * - gray-matter's JavaScript engine never runs (spied, and a global canary).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import matter from "gray-matter";
import { parseFile, parseMarkdown, type ParsedNote } from "../../src/core/parse";
import { scanAndPlan } from "../../src/core/plan-scan";
import { planJobs, type Plan } from "../../src/core/plan";
import { TEST_SETTINGS } from "../support/settings";
import { HOSTILE_FRONTMATTER, MD_CORPUS, mutate, opArb, randomNoteArb } from "./corpus";
import { count, runs, seedFor, writeReport } from "./support";

const TARGET = "parser.notes";
const g = globalThis as Record<string, unknown>;

type EngineMap = Record<string, { parse: (...a: unknown[]) => unknown }>;
const engines = (matter as unknown as { engines: EngineMap }).engines;
let jsEngine: ReturnType<typeof vi.spyOn> | undefined;
const realEval = globalThis.eval;
let evalCalls = 0;

beforeAll(() => {
	jsEngine = vi.spyOn(engines.javascript!, "parse");
	// A direct `eval(...)` inside gray-matter resolves the global binding, so a
	// wrapper installed here sees every call gray-matter's JS engine would make.
	g.eval = (src: string): unknown => {
		evalCalls++;
		return realEval(src);
	};
});

afterAll(() => {
	g.eval = realEval;
	jsEngine?.mockRestore();
	writeReport();
});

/** Lines as the editor counts them (CodeMirror and CommonMark: \r\n, \r and \n all end a line). */
function linesOf(text: string): number {
	return (text.match(/\r\n|\r|\n/g) ?? []).length + 1;
}

/** Cheap assertion for the hot loop (expect() per field would dominate the run time). */
function ensure(cond: boolean, what: string, message = ""): void {
	if (!cond) throw new Error(`${what}: ${message.slice(0, 300)}`);
}

/** `path:line…` with 1 ≤ line ≤ lines of the note; returns the rest of the message. */
function located(message: string, path: string, maxLine: number): string {
	ensure(message.startsWith(path + ":"), "message does not start with the note path", message);
	const m = /^(\d+)/.exec(message.slice(path.length + 1));
	ensure(m !== null, "message has no line number", message);
	const line = Number(m?.[1]);
	ensure(line >= 1 && line <= maxLine, `line ${line} is outside the note (1–${maxLine})`, message);
	return message.slice(path.length + 1 + (m?.[1]?.length ?? 0));
}

function checkNote(note: ParsedNote, text: string): void {
	const max = linesOf(text);
	for (const i of note.issues) located(i.message, note.path, max);
	for (const s of note.shots) {
		ensure(s.source.line >= 1 && s.source.line <= max, `shot line ${s.source.line} outside 1–${max}`);
		for (const w of s.warnings) ensure(located(w, note.path, max).startsWith(" shot "), "warning does not name the shot", w);
		if (!s.ok) {
			ensure(located(s.error, note.path, max).startsWith(" shot "), "error does not name the shot", s.error);
			ensure(s.label.length > 0, "shot has no label");
		}
	}
}

function checkPlan(notes: ParsedNote[], texts: Map<string, string>, planned?: Plan): void {
	const plan = planned ?? planJobs(notes, TEST_SETTINGS, new Map());
	for (const j of plan.jobs) {
		const max = linesOf(texts.get(j.notePath) ?? "");
		if (j.status === "invalid") {
			ensure(typeof j.reason === "string", "invalid job without a reason");
			ensure(located(j.reason ?? "", j.notePath, max).startsWith(" shot "), "job reason does not name the shot", j.reason);
		}
		ensure(j.outputPath.startsWith(j.outputFolder + "/"), "output outside its folder", j.outputPath);
		ensure(!j.outputPath.split("/").includes(".."), "output path climbs", j.outputPath);
	}
	for (const e of [...plan.errors, ...plan.warnings]) {
		const path = notes.find((n) => e.startsWith(n.path + ":"))?.path;
		ensure(path !== undefined, "plan message names no note", e);
		located(e, path ?? "", linesOf(texts.get(path ?? "") ?? ""));
	}
}

const PATHS = ["Scenes/Ep1.md", "雨夜/第一集.md", "a b/c d.MD", "Ep 1 (final).md", "x.md"];

/** Runs one note through every entry point and checks the results. */
function exercise(path: string, text: string): void {
	count(TARGET);
	const scan = scanAndPlan([{ path, text }], TEST_SETTINGS, new Map());
	const note = scan.notes[0];
	if (note) {
		checkNote(note, text);
		checkPlan([note], new Map([[path, text]]), scan.plan);
	} else {
		// Not a candidate for a scan (no shot/json fence): the parser must still cope.
		const direct = parseMarkdown(path, text);
		checkNote(direct, text);
		checkPlan([direct], new Map([[path, text]]));
	}
	ensure(g.__pwned === undefined, "front matter code ran");
}

const TOTAL = 10_000;
const RANDOM = Math.round(TOTAL * 0.3);
const MUTATED = TOTAL - RANDOM - HOSTILE_FRONTMATTER.length * MD_CORPUS.length;

describe("fuzz: notes (parser + front matter + planner)", () => {
	it("has a corpus of real notes", () => {
		expect(MD_CORPUS.length).toBeGreaterThanOrEqual(3);
	});

	it("every hostile front matter language on every corpus note is refused, never run", () => {
		for (const base of MD_CORPUS) {
			for (let b = 0; b < HOSTILE_FRONTMATTER.length; b++) {
				const text = mutate(base, { k: 7, a: 0, b, s: "" });
				exercise("Notes/Hostile.md", text);
				const fm = HOSTILE_FRONTMATTER[b] ?? "";
				const lang = /^---([^\n]*)\n/.exec(fm)?.[1]?.trim().toLowerCase() ?? "";
				if (lang !== "" && !["yaml", "yml", "json"].includes(lang)) {
					const note = parseMarkdown("Notes/Hostile.md", text);
					expect(note.issues.map((i) => i.message)).toContain(
						`Notes/Hostile.md:1: front matter language ${lang} is not allowed (allowed: yaml, json)`,
					);
					// No shot of the note runs on guessed defaults.
					expect(note.shots.every((s) => !s.ok)).toBe(true);
				}
			}
		}
	});

	it(`${runs(MUTATED)} mutated corpus notes never throw and every error points at a line`, () => {
		fc.assert(
			fc.property(fc.nat(MD_CORPUS.length - 1), fc.array(opArb, { minLength: 1, maxLength: 4 }), fc.nat(PATHS.length - 1), (i, ops, p) => {
				let text = MD_CORPUS[i] ?? "";
				for (const op of ops) text = mutate(text, op);
				exercise(PATHS[p] ?? "x.md", text);
			}),
			{ seed: seedFor(TARGET + ".mutated"), numRuns: runs(MUTATED) },
		);
	});

	it(`${runs(RANDOM)} random notes never throw and every error points at a line`, () => {
		fc.assert(
			fc.property(randomNoteArb, fc.array(opArb, { maxLength: 2 }), (note, ops) => {
				let text = note;
				for (const op of ops) text = mutate(text, op, false);
				exercise("Gen/Random.md", text);
			}),
			{ seed: seedFor(TARGET + ".random"), numRuns: runs(RANDOM) },
		);
	});

	it("a batch scan over many mutated notes plans without throwing (scanAndPlan across notes)", () => {
		const files: Array<{ path: string; text: string }> = [];
		const texts = new Map<string, string>();
		fc.assert(
			fc.property(fc.nat(MD_CORPUS.length - 1), fc.array(opArb, { minLength: 1, maxLength: 3 }), (i, ops) => {
				let text = MD_CORPUS[i] ?? "";
				for (const op of ops) text = mutate(text, op, false);
				const path = `Batch/n${files.length}.md`;
				files.push({ path, text }, { path: `Batch/storyboard_${files.length}.json`, text });
				texts.set(path, text).set(`Batch/storyboard_${files.length - 1}.json`, text);
				count(TARGET);
			}),
			{ seed: seedFor(TARGET + ".batch"), numRuns: runs(200) },
		);
		const scan = scanAndPlan(files, TEST_SETTINGS, new Map());
		for (const n of scan.notes) checkNote(n, texts.get(n.path) ?? "");
		checkPlan(scan.notes, texts, scan.plan);
		// The same outputs are never claimed twice across the batch.
		const outs = scan.plan.jobs.filter((j) => j.status !== "invalid").map((j) => j.outputPath);
		expect(new Set(outs).size).toBe(outs.length);
	});

	it("gray-matter's JavaScript engine was never called and nothing was evaluated", () => {
		expect(jsEngine?.mock.calls.length).toBe(0);
		expect(evalCalls).toBe(0);
		expect(g.__pwned).toBeUndefined();
	});

	it("the spies would have seen gray-matter's JS engine (positive control)", () => {
		// Called directly, without CineFlow's options, the engine does run: this proves
		// the spy and the eval wrapper are wired to the real code path.
		const before = evalCalls;
		const calls = jsEngine?.mock.calls.length ?? 0;
		matter("---js\n{ probe: 1 + 1 }\n---\nbody", { language: "yaml" });
		expect(jsEngine?.mock.calls.length).toBe(calls + 1);
		expect(evalCalls).toBe(before + 1);
		expect(parseFile("P.md", "---js\n{ probe: 1 }\n---\n").issues[0]?.message).toBe(
			"P.md:1: front matter language js is not allowed (allowed: yaml, json)",
		);
	});
});
