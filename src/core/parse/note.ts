/** Whole files: a Markdown note (front matter, shot and json fences) or a storyboard JSON file. */
import { mergeBibles } from "./characters";
import { issue, joinProblems, located, problem, where, type Problem } from "./errors";
import { findFences } from "./fences";
import { readFrontmatter } from "./frontmatter";
import { readNoteDefaults } from "./defaults";
import type { ParsedNote, ShotError, ShotResult } from "./model";
import { readSeed } from "./seed";
import { parseShotBlock } from "./shots";

/** `s` as an invalid shot: `what` is wrong with it, after any problem it already had. */
function toError(s: ShotResult, label: string, what: Problem, prior?: string): ShotError {
	const detail = prior === undefined ? what.text : joinProblems([what, prior]);
	const error = located(where(s.source.notePath, s.source.line, label), detail);
	return { ok: false, id: s.id, label, error, detail, code: what.code, source: s.source, origin: s.origin, index: s.index, warnings: s.warnings };
}

/** Marks the second and later uses of an id as invalid, naming the first one's line. */
function checkDuplicates(shots: ShotResult[]): ShotResult[] {
	const seen = new Map<string, number>();
	return shots.map((s) => {
		if (s.id === undefined) return s;
		const first = seen.get(s.id);
		if (first === undefined) {
			seen.set(s.id, s.source.line);
			return s;
		}
		const what = problem("parse.duplicateId", { id: s.id, line: first });
		return toError(s, s.id, what, s.ok ? undefined : (s.detail ?? s.error));
	});
}

/** When the note itself has errors (front matter, defaults), no shot of it may run on guessed defaults. */
function blockShots(note: ParsedNote): void {
	const first = note.issues.find((i) => i.severity === "error");
	if (!first) return;
	note.shots = note.shots.map((s) => (s.ok ? toError(s, s.id, problem("parse.blocked.noteErrors", { first: first.message })) : s));
}

/** Parses a Markdown note. Never throws for any input text. */
export function parseMarkdown(path: string, text: string): ParsedNote {
	const fm = readFrontmatter(path, text);
	const { defaults, issues } = readNoteDefaults(path, fm);
	const note: ParsedNote = { path, kind: "markdown", shots: [], issues: [...fm.issues, ...issues], frontmatter: defaults };
	const blocks = findFences(text.slice(fm.bodyOffset), { offset: fm.bodyOffset, line: fm.bodyLine });
	for (const block of blocks) {
		if (block.lang === "shot") {
			note.shots.push(parseShotBlock(path, block, note.shots.length + 1));
			continue;
		}
		if (!block.terminated) {
			if (block.value.includes('"segments"')) note.issues.push(issue("error", path, block.line, problem("parse.json.unterminated")));
			continue;
		}
		const seed = readSeed(
			block.value,
			{
				path,
				origin: "json-fence",
				offset: block.startOffset,
				line: block.line + 1,
				block: { startOffset: block.startOffset, endOffset: block.endOffset },
				indexBase: note.shots.length,
			},
			false,
		);
		note.issues.push(...seed.issues);
		note.shots.push(...seed.shots);
		if (seed.bible.length) note.frontmatter.characters = mergeBibles(seed.bible, note.frontmatter.characters);
	}
	note.shots = checkDuplicates(note.shots);
	blockShots(note);
	return note;
}

/** Parses a storyboard JSON file (`storyboard*.json`). Never throws. */
export function parseJsonFile(path: string, text: string): ParsedNote {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const offset = text.length - body.length;
	const seed = readSeed(body, { path, origin: "json-file", offset, line: 1, indexBase: 0 }, true);
	const note: ParsedNote = {
		path,
		kind: "json",
		shots: checkDuplicates(seed.shots),
		issues: seed.issues,
		frontmatter: { shot: {}, characters: seed.bible, models: [] },
	};
	blockShots(note);
	return note;
}
