/**
 * Fuzzing the embed patcher: random notes (prose with CJK, RTL and trailing
 * spaces, shot blocks, json blocks, user-written embeds, LF/CRLF/mixed endings,
 * BOM, no final newline) and random sequences of edits: embeds of random shots
 * and takes interleaved with user edits anywhere in the note. After each embed:
 * - either nothing changed, or exactly the embed line (plus one line ending) was
 *   inserted: every other byte is preserved, in order;
 * - the embed sits between its shot's closing fence and the next shot;
 * - applying the same embed again changes nothing (idempotent).
 */
import { afterAll, describe, it } from "vitest";
import fc from "fast-check";
import { parseMarkdown } from "../../src/core/parse";
import { applyEmbed, embedRecognizer, type BlockPos } from "../../src/core/patch";
import { outputPathFor } from "../../src/core/paths";
import { count, runs, seedFor, writeReport } from "./support";

afterAll(() => writeReport());

const TARGET = "patch.embeds";
const PATH = "Film/Note.md";
const rec = embedRecognizer("_assets/Note");

function ensure(cond: boolean, what: string, detail: unknown = ""): void {
	if (!cond) throw new Error(`${what}: ${JSON.stringify(detail).slice(0, 600)}`);
}

/** The line the runner writes: the output path as planned (device names become `_CON`). */
function embedLine(id: string, take: number): string {
	return `![[${outputPathFor("_assets/Note", id, take)}]]`;
}

/** The runner's view of the note: where each shot's fence is, by id. */
function blocksOf(text: string): BlockPos[] {
	const out: BlockPos[] = [];
	for (const s of parseMarkdown(PATH, text).shots) {
		if (s.origin !== "shot" || !s.id) continue;
		out.push({ id: s.id, startOffset: s.source.startOffset, endOffset: s.source.endOffset, index: s.index });
	}
	return out;
}

const prose = fc.oneof(
	fc.string({ unit: "grapheme", maxLength: 40 }),
	fc.constantFrom(
		"雨夜，小美走进教室。",
		"שלום \u202Eevil\u202C",
		"trailing   ",
		"tab\t",
		"",
		" ",
		"# Heading",
		"> quote",
		"- item",
		"```",
		"~~~",
		"![[_assets/Note/s01.mp4]]",
		"![[other/s01.mp4]]",
		"![](_assets/Note/s02.take2.mp4)",
		"---",
	),
);

const shotBlock = fc
	.tuple(
		fc.constantFrom("s01", "s02", "s03", "a-1", "B_2", "CON", "nul"),
		fc.string({ unit: "grapheme-ascii", maxLength: 20 }),
		fc.constantFrom("```", "~~~", "````"),
		fc.boolean(),
	)
	.map(([id, prompt, fence, withId]) => [`${fence}shot`, ...(withId ? [`id: ${id}`] : []), `prompt: ${JSON.stringify(prompt)}`, fence].join("\n"));

const embedOf = fc.tuple(fc.constantFrom("s01", "s02", "s03", "a-1", "B_2", "CON", "nul"), fc.integer({ min: 1, max: 3 })).map(([id, t]) => embedLine(id, t));

const noteArb = fc
	.tuple(
		fc.boolean(),
		fc.array(
			fc.oneof(
				{ weight: 3, arbitrary: prose },
				{ weight: 3, arbitrary: shotBlock },
				{ weight: 2, arbitrary: embedOf },
				{ weight: 1, arbitrary: fc.constant('```json\n{"segments": []}\n```') },
			),
			{ maxLength: 14 },
		),
		fc.constantFrom("\n", "\r\n", "mixed"),
		fc.boolean(),
	)
	.map(([bom, parts, eol, finalNl]) => {
		let text = parts.join("\n") + (finalNl ? "\n" : "");
		if (eol === "\r\n") text = text.replace(/\n/g, "\r\n");
		if (eol === "mixed") text = text.replace(/\n/g, (_m, off: number) => (off % 3 === 0 ? "\r\n" : "\n"));
		return (bom ? "\uFEFF" : "") + text;
	});

type Step = { kind: "embed"; id: string; take: number } | { kind: "edit"; at: number; del: number; text: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant("embed" as const),
			id: fc.constantFrom("s01", "s02", "s03", "s04", "a-1", "B_2", "CON", "nul", "LPT1"),
			take: fc.integer({ min: 1, max: 4 }),
		}),
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant("edit" as const),
			at: fc.nat(),
			del: fc.nat({ max: 6 }),
			text: fc.oneof(prose, fc.constantFrom("\n", "\r\n", "  \n", "小美\n")),
		}),
	},
);

/** True when `after` is `before` with `inserted` put in at one place. */
function isSingleInsertion(before: string, after: string, line: string): boolean {
	if (after.length <= before.length) return false;
	let p = 0;
	while (p < before.length && before[p] === after[p]) p++;
	const extra = after.length - before.length;
	// Slide left over equal characters: the insertion may be ambiguous, try every place.
	for (let s = p; s >= 0; s--) {
		if (before.slice(s) !== after.slice(s + extra)) break;
		if (after.slice(0, s) !== before.slice(0, s)) continue;
		const ins = after.slice(s, s + extra);
		if (ins.replace(/\r?\n/g, "") === line && /^(?:\r?\n)?[^\r\n]*(?:\r?\n)?$/.test(ins)) return true;
	}
	return false;
}

function lineEnd(text: string, from: number): number {
	const i = text.indexOf("\n", from);
	return i < 0 ? text.length : i + 1;
}

describe("fuzz: embed patcher", () => {
	it(`${runs(2500)} random notes × random edit sequences: only the embed line changes, idempotent`, () => {
		fc.assert(
			fc.property(noteArb, fc.array(stepArb, { minLength: 1, maxLength: 10 }), (note, steps) => {
				let text = note;
				for (const step of steps) {
					if (step.kind === "edit") {
						const at = step.at % (text.length + 1);
						text = text.slice(0, at) + step.text + text.slice(Math.min(text.length, at + step.del));
						continue;
					}
					count(TARGET);
					const line = embedLine(step.id, step.take);
					const blocks = blocksOf(text);
					const target = { shotId: step.id, take: step.take, blockId: step.id, line };
					const r = applyEmbed(text, blocks, target, rec);
					const block = blocks.find((b) => b.id === step.id);
					if (!block) {
						ensure(!r.ok, "patched a shot that is not in the note", text);
						continue;
					}
					ensure(r.ok, "refused a shot that is in the note", text);
					if (!r.ok) continue;
					if (r.changed) {
						ensure(isSingleInsertion(text, r.text, line), "more than the embed line changed", { before: text, after: r.text });
						// The embed is under its own fence, before the next shot.
						const at = r.text.indexOf(line, block.endOffset);
						const next = blocks.filter((b) => b.startOffset > block.startOffset).reduce((m, b) => Math.min(m, b.startOffset), Infinity);
						ensure(at >= block.endOffset && at < next + line.length + 2, "embed not under its shot", { before: text, after: r.text });
						// Its line ending is the one after the fence (or the note's usual one).
						const end = lineEnd(r.text, at);
						const eol = r.text.slice(at + line.length, end);
						ensure(eol === "" || eol === "\n" || eol === "\r\n", "embed line ending", eol);
					} else {
						ensure(r.text === text, "unchanged result differs", text);
					}
					const again = applyEmbed(r.text, blocksOf(r.text), target, rec);
					ensure(again.ok && !again.changed && again.text === r.text, "not idempotent", {
						once: r.text,
						twice: again.ok ? again.text : again.reason,
					});
					text = r.text;
				}
			}),
			{ seed: seedFor(TARGET), numRuns: runs(2500) },
		);
	});
});
