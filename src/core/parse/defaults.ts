/**
 * A note's defaults from front matter: `cineflow: { duration, provider, …,
 * characters, output, bible }`, or a top-level `characters:` map when
 * `cineflow.characters` is absent.
 */
import { readBible } from "./characters";
import { issue, problem, show, type Issue } from "./errors";
import type { Frontmatter } from "./frontmatter";
import { isPlainObject } from "./limits";
import type { NoteDefaults } from "./model";
import { readShotFields } from "./shots";
import { readDeclaredModels } from "../providers/declared";

const OWN_KEYS = ["characters", "output", "bible", "id", "prompt", "models", "chain"];

/** Does `line` start with `key:` (after indentation, a list dash and an optional quote)? */
function isKeyLine(line: string, key: string): boolean {
	// No RegExp built from the key: keys come from the note and may be huge.
	const rest = line.replace(/^[\s-]*/, "");
	const q = rest[0] === '"' || rest[0] === "'" ? 1 : 0;
	if (!rest.startsWith(key, q)) return false;
	let i = q + key.length;
	if (rest[i] === '"' || rest[i] === "'") i++;
	while (rest[i] === " " || rest[i] === "\t" || rest[i] === "\r") i++;
	return rest[i] === ":";
}

/** 1-based note line of `key:` in the raw front matter (searching from `fromLine`), else 1. */
function keyLine(raw: string, key: string, fromLine = 2): number {
	const lines = raw.split("\n");
	for (let i = Math.max(0, fromLine - 2); i < lines.length; i++) if (isKeyLine(lines[i]!, key)) return i + 2;
	return 1;
}

/** Reads the note's defaults. Type problems in `cineflow:` are errors; bible problems are warnings. */
export function readNoteDefaults(path: string, fm: Frontmatter): { defaults: NoteDefaults; issues: Issue[] } {
	const defaults: NoteDefaults = { shot: {}, characters: [], models: [] };
	const issues: Issue[] = [];
	const section = fm.data.cineflow;
	const sectionLine = keyLine(fm.raw, "cineflow");
	if (section !== undefined && section !== null && !isPlainObject(section)) {
		issues.push(issue("error", path, sectionLine, problem("parse.cineflow.invalid", { value: show(section) })));
	}
	const cf = isPlainObject(section) ? section : {};
	const fields = readShotFields(cf, OWN_KEYS, "cineflow.");
	defaults.shot = fields.input;
	for (const e of fields.errorFields) issues.push(issue("error", path, keyLine(fm.raw, e.field, sectionLine), e.problem));
	for (const w of fields.warningFields) issues.push(issue("warning", path, keyLine(fm.raw, w.field, sectionLine), w.problem));
	for (const key of ["id", "prompt"]) {
		if (cf[key] !== undefined)
			issues.push(issue("warning", path, keyLine(fm.raw, key, sectionLine), problem("parse.cineflow.notDefault", { key: `cineflow.${key}` })));
	}
	for (const key of ["output", "bible"] as const) {
		const v = cf[key];
		if (v === undefined || v === null) continue;
		if (typeof v === "string" && v.trim() !== "") defaults[key] = v.trim();
		else
			issues.push(
				issue(
					"error",
					path,
					keyLine(fm.raw, key, sectionLine),
					problem(key === "output" ? "parse.cineflow.output" : "parse.cineflow.bible", { value: show(v) }),
				),
			);
	}
	if (cf.chain !== undefined && cf.chain !== null) {
		if (typeof cf.chain === "boolean") defaults.chain = cf.chain;
		else issues.push(issue("error", path, keyLine(fm.raw, "chain", sectionLine), problem("parse.cineflow.chain", { value: show(cf.chain) })));
	}
	if (cf.models !== undefined && cf.models !== null) {
		const declared = readDeclaredModels(cf.models, "cineflow.models");
		defaults.models = declared.models;
		for (const p of declared.problems) issues.push(issue("error", path, keyLine(fm.raw, "models", sectionLine), p));
	}
	const fromSection = cf.characters !== undefined && cf.characters !== null;
	const bibleValue = fromSection ? cf.characters : fm.data.characters;
	if (bibleValue !== undefined && bibleValue !== null) {
		const bible = readBible(bibleValue);
		defaults.characters = bible.entries;
		const line = keyLine(fm.raw, "characters", fromSection ? sectionLine : 2);
		for (const p of bible.problems) issues.push(issue("warning", path, line, p));
	}
	return { defaults, issues };
}
