/**
 * Fuzzing the seed JSON importer (storyboard*.json files and ```json fences):
 * random JSON, structural mutations of the real storyboards (wrong types, nulls,
 * huge strings, deep nesting, prototype keys) and text damage (truncation, flipped
 * characters, BOM, CRLF). Nothing throws; every message names the file and a line
 * inside it, and every segment error names its shot.
 */
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { isStoryboardJson, parseFile, parseJsonFile, parseMarkdown, type ParsedNote } from "../../src/core/parse";
import { planJobs } from "../../src/core/plan";
import { TEST_SETTINGS } from "../support/settings";
import { JSON_CORPUS } from "./corpus";
import { damageText, jsonOpArb, mutateJson } from "./json-mutate";
import { count, runs, seedFor, writeReport } from "./support";

afterAll(() => writeReport());

function linesOf(text: string): number {
	return (text.match(/\r\n|\r|\n/g) ?? []).length + 1;
}

function ensure(cond: boolean, what: string, message = ""): void {
	if (!cond) throw new Error(`${what}: ${message.slice(0, 300)}`);
}

function located(message: string, path: string, max: number): string {
	ensure(message.startsWith(path + ":"), "no note path", message);
	const m = /^(\d+)/.exec(message.slice(path.length + 1));
	const line = Number(m?.[1] ?? NaN);
	ensure(line >= 1 && line <= max, `line ${line} outside 1–${max}`, message);
	return message.slice(path.length + 1 + (m?.[1]?.length ?? 0));
}

function check(note: ParsedNote, text: string): void {
	const max = linesOf(text);
	for (const i of note.issues) located(i.message, note.path, max);
	for (const s of note.shots) {
		for (const w of s.warnings) ensure(located(w, note.path, max).startsWith(" shot "), "warning names no shot", w);
		if (!s.ok) ensure(located(s.error, note.path, max).startsWith(" shot "), "error names no shot", s.error);
	}
	const plan = planJobs([note], TEST_SETTINGS, new Map());
	for (const j of plan.jobs) {
		if (j.status === "invalid") ensure(located(j.reason ?? "", note.path, max).startsWith(" shot "), "reason names no shot", j.reason);
		ensure(j.outputPath.startsWith(j.outputFolder + "/") && !j.outputPath.split("/").includes(".."), "output escapes", j.outputPath);
	}
	ensure(({} as Record<string, unknown>).polluted === undefined, "prototype polluted");
	// Values quoted in messages are masked: a key pasted into a storyboard never shows.
	const messages = [
		...note.issues.map((i) => i.message),
		...note.shots.flatMap((s) => [...s.warnings, s.ok ? "" : s.error]),
		...plan.warnings,
		...plan.errors,
	];
	for (const m of messages) ensure(!m.includes(CANARY), "key shown in a message", m);
}

const CANARY = "sk-CANARY-seedjson0123456789";

const CORPUS = JSON_CORPUS.map((t) => JSON.parse(t) as unknown);
const T_FILE = "seed-json.file";
const T_FENCE = "seed-json.fence";
const T_NAME = "seed-json.isStoryboardJson";

function both(text: string): void {
	count(T_FILE);
	check(parseJsonFile("Seeds/storyboard_fuzz.json", text), text);
	check(parseFile("Seeds/storyboard_fuzz.json", text), text);
	count(T_FENCE);
	const md = "# Seed\n\n```json\n" + text + "\n```\nafter\n";
	check(parseMarkdown("Seeds/Note.md", md), md);
}

describe("fuzz: seed JSON importer", () => {
	it("has real storyboards to mutate", () => {
		expect(CORPUS.length).toBeGreaterThanOrEqual(3);
	});

	it(`${runs(1500)} structural mutations of real storyboards`, () => {
		fc.assert(
			fc.property(fc.nat(CORPUS.length - 1), fc.array(jsonOpArb, { minLength: 1, maxLength: 4 }), fc.boolean(), (i, ops, pretty) => {
				let v: unknown = CORPUS[i];
				for (const op of ops) v = mutateJson(v, op, CANARY);
				both(JSON.stringify(v, null, pretty ? 2 : undefined) ?? "null");
			}),
			{ seed: seedFor(T_FILE + ".structural"), numRuns: runs(1500) },
		);
	});

	it(`${runs(1000)} text-damaged storyboards (truncation, flipped characters, BOM, CRLF)`, () => {
		fc.assert(
			fc.property(fc.nat(JSON_CORPUS.length - 1), fc.array(jsonOpArb, { minLength: 1, maxLength: 3 }), (i, ops) => {
				let text = JSON_CORPUS[i] ?? "";
				for (const op of ops) text = damageText(text, op);
				both(text);
			}),
			{ seed: seedFor(T_FILE + ".text"), numRuns: runs(1000) },
		);
	});

	it(`${runs(800)} random JSON values and random segments`, () => {
		const seg = fc.dictionary(
			fc.constantFrom("segment_index", "prompt_text", "image_url", "is_pro", "duration_seconds", "resolution", "director_intent", "asset", "x"),
			fc.jsonValue({ maxDepth: 2 }),
		);
		fc.assert(
			fc.property(
				fc.oneof(
					fc.jsonValue(),
					fc.record(
						{
							segments: fc.array(fc.oneof(seg, fc.jsonValue({ maxDepth: 1 })), { maxLength: 6 }),
							character_bible: fc.jsonValue({ maxDepth: 2 }),
							metadata: fc.jsonValue({ maxDepth: 1 }),
						},
						{ requiredKeys: ["segments"] },
					),
				),
				(v) => {
					both(JSON.stringify(v, null, 1) ?? "null");
				},
			),
			{ seed: seedFor(T_FILE + ".random"), numRuns: runs(800) },
		);
	});

	it(`isStoryboardJson: ${runs(2000)} random paths never throw and follow the storyboard*.json rule`, () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(
						fc.string({ unit: "binary", maxLength: 12 }),
						fc.constantFrom("storyboard", "STORYBOARD_", ".json", ".JSON", "/", "\\", "..", "storyboard.json", "\uFF0F", "\u202E"),
					),
					{ maxLength: 6 },
				),
				(parts) => {
					count(T_NAME);
					const p = parts.join("");
					const r = isStoryboardJson(p);
					ensure(typeof r === "boolean", "not a boolean");
					const base =
						p
							.replace(/[\\/]+/g, "/")
							.replace(/\/+$/, "")
							.split("/")
							.pop()
							?.replace(/[\u00A0\u202F]/g, " ")
							.normalize("NFC") ?? "";
					ensure(r === /^storyboard.*\.json$/i.test(base), `isStoryboardJson(${JSON.stringify(p)}) = ${r}`);
				},
			),
			{ seed: seedFor(T_NAME), numRuns: runs(2000) },
		);
	});
});
