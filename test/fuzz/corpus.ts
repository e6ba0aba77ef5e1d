/**
 * Seed corpus and mutation operators shared by the note fuzzers: the real example
 * notes and fixtures, plus a text mutator driven by fast-check values so every
 * mutated note is reproducible from the run's seed.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";

function filesUnder(dir: string, ext: RegExp): string[] {
	const out: string[] = [];
	for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
		if (e.isFile() && ext.test(e.name)) out.push(path.join(e.parentPath, e.name));
	}
	return out.sort();
}

/** Real Markdown notes: the example vault and the parser fixtures. */
export const MD_CORPUS: string[] = [...filesUnder(path.resolve("examples/vault"), /\.md$/i), ...filesUnder(path.resolve("test/fixtures/notes"), /\.md$/i)].map(
	(f) => readFileSync(f, "utf8"),
);

/** Real storyboard JSON files (seed format). */
export const JSON_CORPUS: string[] = [
	...filesUnder(path.resolve("examples/vault"), /\.json$/i),
	...filesUnder(path.resolve("test/fixtures/notes"), /\.json$/i),
].map((f) => readFileSync(f, "utf8"));

/** Front matter blocks whose language must never be evaluated. */
export const HOSTILE_FRONTMATTER = [
	"---js\nglobalThis.__pwned = 1\n---\n",
	"---js\n{ cineflow: (globalThis.__pwned = 1) }\n---\n",
	"---javascript\n(function(){ globalThis.__pwned = 1; throw new Error('boom') })()\n---\n",
	"---js\nthrow new Error('front matter ran')\n---\n",
	"--- js\nprocess.exit(3)\n---\n",
	"---JS\nwhile(true){}\n---\n",
	"---\u00a0js\nglobalThis.__pwned = 1\n---\n",
	"---js \r\nglobalThis.__pwned = 1\r\n---\r\n",
	"---coffee\nglobalThis.__pwned = 1\n---\n",
	"---coffeescript\nrequire('child_process')\n---\n",
	"---cson\na: 1\n---\n",
	"---toml\na = 1\n---\n",
	"---eval\nglobalThis.__pwned = 1\n---\n",
	"---yaml\nx: !!js/function 'function(){ globalThis.__pwned = 1 }'\n---\n",
	"---\nx: !!js/undefined ''\ny: !!js/regexp /a/\n---\n",
	'---json\n{"cineflow": {"duration": 10}\n---\n',
	"---\n__proto__: {polluted: 1}\n---\n",
];

const UNICODE = [
	"\u202E",
	"\u202D",
	"\u2066",
	"\u200B",
	"\uFEFF",
	"\u00A0",
	"\u2028",
	"\u2029",
	"\uD800",
	"\uDC00",
	"\u0000",
	"\u0301",
	"e\u0301",
	"\uFF0F",
	"\uFF3C",
	"\u2215",
	"雨夜",
	"小美",
	"🎬",
	"👩🏽‍🚀",
	"\u{1D4D0}",
	"ﬁ",
	"Å",
	"\r",
	"\t",
	"\u000B",
	"\u0085",
];

/** Lines that are meaningful to the parser (fences, YAML constructs, containers). */
const LINES = [
	"```shot",
	"```",
	"~~~shot",
	"~~~",
	"````shot",
	"````",
	"```shot {#x}",
	"```SHOT",
	"```json",
	"> ```shot",
	"> ```",
	"- ```shot",
	"    ```shot",
	"\t```shot",
	"---",
	"...",
	"prompt: x",
	"prompt:",
	"prompt: |",
	'prompt: "unterminated',
	"id: s01",
	"id: ../../etc/passwd",
	"id: CON",
	"id: 'a b'",
	"duration: 10",
	"duration: -5",
	"duration: 1e999",
	"takes: 99",
	"orientation: 9:16",
	"provider: nope",
	"image: file:///etc/passwd",
	"image: C:\\Windows\\x.png",
	"references: [[a]]",
	"characters: {a: 1}",
	"&a x: *a",
	"<<: *missing",
	"? [k]",
	"!!binary x",
	"%YAML 9.9",
	'{"segments": [{"segment_index": 1, "prompt_text": "x"}]}',
	'{"segments": [',
	"x: !!js/function 'function(){ globalThis.__pwned = 1 }'",
];

export interface Op {
	k: number;
	a: number;
	b: number;
	s: string;
}

export const opArb: fc.Arbitrary<Op> = fc.record({
	k: fc.nat({ max: 19 }),
	a: fc.nat(),
	b: fc.nat(),
	s: fc.string({ unit: "binary", maxLength: 24 }),
});

function lineStarts(text: string): number[] {
	const out = [0];
	for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) out.push(i + 1);
	return out;
}

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: false });

/** Applies one mutation. Deterministic in (text, op). */
export function mutate(text: string, op: Op, hugeOk = true): string {
	const n = text.length;
	const at = n === 0 ? 0 : op.a % (n + 1);
	const starts = lineStarts(text);
	const li = op.a % starts.length;
	const lineStart = starts[li] ?? 0;
	const nextStart = starts[li + 1] ?? n;
	switch (op.k) {
		case 0: {
			// byte flip in the UTF-8 encoding
			const bytes = enc.encode(text);
			if (bytes.length === 0) return text;
			const i = op.a % bytes.length;
			bytes[i] = (bytes[i] ?? 0) ^ (1 << (op.b % 8));
			return dec.decode(bytes);
		}
		case 1:
			return text.slice(0, at);
		case 2: {
			// duplicate a fence line (or any line when there is none)
			const fences = starts.filter((s) => /^\s*(?:>\s*)?(?:`{3,}|~{3,})/.test(text.slice(s, s + 12)));
			const s = fences.length ? (fences[op.b % fences.length] ?? 0) : lineStart;
			const e = text.indexOf("\n", s);
			const line = e < 0 ? text.slice(s) + "\n" : text.slice(s, e + 1);
			return text.slice(0, s) + line + text.slice(s);
		}
		case 3:
			return text.replace(/\r?\n/g, "\r\n");
		case 4:
			return "\uFEFF" + text;
		case 5:
			return text.slice(0, at) + UNICODE[op.b % UNICODE.length] + text.slice(at);
		case 6: {
			if (!hugeOk) return text.slice(0, at) + op.s.repeat(50) + text.slice(at);
			const size = 16_000 + (op.b % 4) * 16_000;
			const unit = op.s || "x";
			return text.slice(0, at) + unit.repeat(Math.ceil(size / unit.length)).slice(0, size) + text.slice(at);
		}
		case 7: {
			// replace (or add) the front matter with a hostile language block
			const fm = HOSTILE_FRONTMATTER[op.b % HOSTILE_FRONTMATTER.length] ?? "";
			const m = /^\uFEFF?---[^\n]*\n[\s\S]*?\n---[ \t]*\r?\n/.exec(text);
			return m ? fm + text.slice(m[0].length) : fm + text;
		}
		case 8:
			return text.slice(0, lineStart) + (LINES[op.b % LINES.length] ?? "") + "\n" + text.slice(lineStart);
		case 9:
			return text.slice(0, lineStart) + text.slice(nextStart);
		case 10:
			return text.slice(0, nextStart) + text.slice(lineStart, nextStart) + text.slice(nextStart);
		case 11:
			// block-quote or indent a line
			return text.slice(0, lineStart) + ["> ", "  ", "    ", "- ", "1. ", "\t"][op.b % 6] + text.slice(lineStart);
		case 12:
			return text.slice(0, at) + op.s + text.slice(Math.min(n, at + (op.b % 16)));
		case 13:
			return text.replace(/\r\n/g, "\n").replace(/\n/g, op.b % 2 ? "\r" : "\n\n");
		case 14:
			// change fence characters
			return text.replace(/```/g, ["~~~", "````", "``", "``` "][op.b % 4] ?? "```");
		case 15:
			// trailing spaces / tabs on every line
			return text.replace(/\n/g, [" \n", "\t\n", "  \r\n", "\u3000\n"][op.b % 4] ?? "\n");
		case 16:
			// Unicode normalization forms
			return text.normalize((["NFD", "NFC", "NFKD", "NFKC"] as const)[op.b % 4]);
		case 17:
			// cut the closing fence of one block
			return text.replace(/\n```\s*(\n|$)/, "\n");
		case 18:
			// swap two lines
			return (() => {
				const lines = text.split("\n");
				const i = op.a % lines.length;
				const j = op.b % lines.length;
				const t = lines[i] ?? "";
				lines[i] = lines[j] ?? "";
				lines[j] = t;
				return lines.join("\n");
			})();
		default:
			// a long single line without spaces (regex backtracking bait)
			return text.slice(0, lineStart) + "prompt: " + "a".repeat(2000 + (op.b % 8000)) + "\n" + text.slice(lineStart);
	}
}

/** A random note assembled from front matter, prose, shot and json blocks. */
export const randomNoteArb: fc.Arbitrary<string> = (() => {
	const field = fc.oneof(
		fc.constantFrom(...LINES.filter((l) => /^[a-z<&?!%]/.test(l))),
		fc
			.tuple(
				fc.constantFrom(
					"prompt",
					"id",
					"duration",
					"takes",
					"orientation",
					"size",
					"pro",
					"provider",
					"model",
					"image",
					"scene",
					"props",
					"note",
					"characters",
					"references",
					"negative",
					"seed",
					"output",
				),
				fc.oneof(
					fc.string({ maxLength: 30 }),
					fc.integer().map(String),
					fc.constantFrom("true", "null", "~", "[]", "{}", "[a, b]", "'q'", '"\\u0000"', "|"),
				),
			)
			.map(([k, v]) => `${k}: ${v}`),
	);
	const shotBlock = fc
		.tuple(
			fc.constantFrom("```shot", "~~~shot", "```shot ", "````shot", "> ```shot"),
			fc.array(field, { maxLength: 8 }),
			fc.constantFrom("```", "~~~", "````", "> ```", ""),
		)
		.map(([open, fields, close]) => [open, ...fields, close].join("\n"));
	const jsonBlock = fc
		.tuple(
			fc.array(
				fc.record(
					{
						segment_index: fc.oneof(fc.nat(9), fc.string()),
						prompt_text: fc.oneof(fc.string(), fc.constant(null)),
						duration_seconds: fc.oneof(fc.constantFrom(5, 10, 15), fc.string()),
					},
					{ requiredKeys: [] },
				),
				{ maxLength: 4 },
			),
			fc.boolean(),
		)
		.map(([segments, broken]) => "```json\n" + (broken ? JSON.stringify({ segments }).slice(0, -3) : JSON.stringify({ segments }, null, 2)) + "\n```");
	const prose = fc.string({ unit: "grapheme", maxLength: 80 });
	const front = fc.oneof(
		fc.constant(""),
		fc.constantFrom(...HOSTILE_FRONTMATTER),
		fc.array(field, { maxLength: 5 }).map((f) => "---\ncineflow:\n" + f.map((l) => "  " + l).join("\n") + "\n---\n"),
	);
	return fc
		.tuple(front, fc.array(fc.oneof(shotBlock, jsonBlock, prose), { maxLength: 8 }), fc.constantFrom("\n", "\r\n"))
		.map(([fm, parts, eol]) => (fm + parts.join("\n\n") + "\n").replace(/\r?\n/g, eol));
})();
