/**
 * Turns validated answers into a storyboard note: front matter with the note's
 * defaults and a proposed character bible, then one ```shot block per shot.
 *
 * Everything that came from the model is treated as untrusted text: ids are
 * reduced to the parser's id alphabet, names lose path separators, brackets and
 * control characters, and every string is written as a one-line double-quoted
 * YAML scalar, so no value can close a fence, end the front matter or add keys.
 */
import { ID_PATTERN } from "../parse/schema";
import { cleanName } from "../parse/characters";
import type { Orientation, ShotInput } from "../types";
import type { DraftAnswer, DraftCharacter } from "./schema";
import { t } from "../i18n";

export const MAX_ID = 64;
export const MAX_NAME = 60;

/**
 * A string as a YAML double-quoted scalar on one line. JSON escapes are YAML
 * escapes; line and paragraph separators, NEL and characters js-yaml refuses as
 * non-printable are escaped too.
 */
export function yamlString(s: string): string {
	return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** Escapes bidi, zero-width, separator and C1 characters as \uXXXX, so a message cannot spoof a terminal or a notice. */
export function visible(s: string): string {
	return s.replace(
		/[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g,
		(c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
	);
}

/** A string quoted for a message: JSON escapes, plus the escapes of `visible`. */
export function quoteForMessage(s: string, max = 80): string {
	return visible(JSON.stringify(s.length > max ? s.slice(0, max) + "…" : s));
}

function yamlList(items: readonly string[]): string {
	return `[${items.map(yamlString).join(", ")}]`;
}

// C1 controls, bidi and zero-width characters (C0 controls: see dropControls).
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Removes C0 control characters (a regex over them trips no-control-regex). */
function dropControls(s: string): string {
	let out = "";
	for (const ch of s) if (ch.charCodeAt(0) >= 0x20) out += ch;
	return out;
}

/** Removes invisible and control characters; newlines and tabs become spaces. */
export function cleanText(s: string): string {
	return dropControls(s.replace(/[\t\n\r]+/g, " ").replace(INVISIBLE, "")).trim();
}

/** Like cleanText, but keeps line breaks (prompts may have several lines). */
function cleanMultiline(s: string): string {
	return s
		.replace(/\r\n?/g, "\n")
		.split("\n")
		.map((l) => dropControls(l.replace(/\t/g, " ").replace(INVISIBLE, "")).trimEnd())
		.join("\n")
		.trim();
}

/**
 * A character name safe to use as a bible key and in `[Name]` prompts: no path
 * separators, brackets, link or tag characters, no control characters, at most
 * MAX_NAME characters. "" when nothing is left.
 */
export function sanitizeName(raw: string): string {
	const s = cleanName(cleanText(raw))
		.replace(/[\\/[\]|#^@:{}<>*?"`]/g, " ")
		.replace(/\.{2,}/g, " ")
		.replace(/\s+/g, " ")
		.trim()
		.replace(/^[.\s]+|[.\s]+$/g, "");
	return s.length > MAX_NAME ? s.slice(0, MAX_NAME).trim() : s;
}

/** An id from the id alphabet: other characters become '-', at most MAX_ID characters. "" when nothing is left. */
export function sanitizeId(raw: string): string {
	const s = cleanText(raw)
		.replace(/[^A-Za-z0-9_-]+/g, "-")
		.replace(/-{2,}/g, "-")
		.replace(/^-+|-+$/g, "");
	return s.slice(0, MAX_ID).replace(/-+$/, "");
}

/** Gives every id a unique, valid value: sanitized, then suffixed -2, -3… on collisions. */
export class IdAllocator {
	private readonly used = new Set<string>();
	private counter = 0;

	/** Returns the id to use, and whether it differs from `raw`. */
	take(raw: string): { id: string; changed: boolean } {
		let base = sanitizeId(raw);
		if (base === "") base = this.nextDefault();
		let id = base;
		for (let n = 2; this.used.has(id); n++) {
			const suffix = `-${n}`;
			id = base.slice(0, MAX_ID - suffix.length) + suffix;
		}
		this.used.add(id);
		if (!ID_PATTERN.test(id)) throw new Error(t("assistant.badId", { id }));
		return { id, changed: id !== raw };
	}

	private nextDefault(): string {
		let id: string;
		do id = "s" + String(++this.counter).padStart(2, "0");
		while (this.used.has(id));
		return id;
	}

	/** Ids taken so far, in order. */
	list(): string[] {
		return [...this.used];
	}
}

export interface RenderedShot {
	id: string;
	input: ShotInput;
	/** Heading of the script part it was drafted from. */
	heading?: string;
}

export interface StoryboardDoc {
	/** Vault path of the script (for the link back). */
	scriptPath: string;
	/** Script name without extension. */
	scriptName: string;
	model: string;
	defaults: { duration?: number; orientation: Orientation };
	characters: DraftCharacter[];
	shots: RenderedShot[];
}

function shotBlock(s: RenderedShot): string {
	const i = s.input;
	const lines = ["```shot", `id: ${yamlString(s.id)}`, `prompt: ${yamlString(i.prompt ?? "")}`];
	if (i.duration !== undefined) lines.push(`duration: ${i.duration}`);
	if (i.characters?.length) lines.push(`characters: ${yamlList(i.characters)}`);
	if (i.scene !== undefined) lines.push(`scene: ${yamlString(i.scene)}`);
	if (i.props?.length) lines.push(`props: ${yamlList(i.props)}`);
	if (i.note !== undefined) lines.push(`note: ${yamlString(i.note)}`);
	lines.push("```");
	return lines.join("\n");
}

/** `[[name]]` when the name can be a wikilink, else the name in backticks-free quotes. */
function linkTo(name: string): string {
	return /[[\]|#^\n`]/.test(name) ? `"${name}"` : `[[${name}]]`;
}

/** The whole note. */
export function renderStoryboard(doc: StoryboardDoc): string {
	const fm = ["---", "cineflow:"];
	if (doc.defaults.duration !== undefined) fm.push(`  duration: ${doc.defaults.duration}`);
	fm.push(`  orientation: ${doc.defaults.orientation}`);
	if (doc.characters.length) {
		fm.push("  characters:");
		const seen = new Set<string>();
		for (const c of doc.characters) {
			// YAML map keys must be unique; proposeBible already merges, this is a last guard.
			if (seen.has(c.name)) continue;
			seen.add(c.name);
			fm.push(`    ${yamlString(c.name)}:`);
			fm.push(`      aliases: ${yamlList(c.aliases)}`);
			if (c.description !== undefined) fm.push(`      description: ${yamlString(c.description)}`);
		}
	}
	fm.push("---");
	const body: string[] = [
		`# ${t("assistant.noteTitle", { name: cleanText(doc.scriptName) })}`,
		"",
		t("assistant.noteIntro", { link: linkTo(cleanText(doc.scriptName)), model: cleanText(doc.model) }),
	];
	let heading: string | undefined;
	for (const s of doc.shots) {
		if (s.heading !== undefined && s.heading !== heading) {
			heading = s.heading;
			const h = cleanText(heading).replace(/^#+\s*/, "");
			if (h) body.push("", `## ${h}`);
		}
		body.push("", shotBlock(s));
	}
	return fm.join("\n") + "\n" + body.join("\n") + "\n";
}

/** Cleans the model's shot text fields and character names (see the module comment). */
export function cleanShot(input: ShotInput, names: Map<string, string>): ShotInput {
	const out: ShotInput = {};
	if (input.prompt !== undefined) out.prompt = cleanMultiline(input.prompt);
	if (input.duration !== undefined) out.duration = input.duration;
	if (input.characters) {
		const list = input.characters.map((n) => names.get(n) ?? sanitizeName(n)).filter((n) => n !== "");
		if (list.length) out.characters = [...new Set(list)];
	}
	if (input.scene !== undefined && cleanText(input.scene) !== "") out.scene = cleanText(input.scene);
	if (input.props) {
		const props = input.props.map(cleanText).filter((p) => p !== "");
		if (props.length) out.props = props;
	}
	if (input.note !== undefined && cleanMultiline(input.note) !== "") out.note = cleanMultiline(input.note);
	return out;
}

/**
 * Proposes the character bible: the model's characters, then any name used in a
 * shot that the model did not list. Names are sanitized and merged (aliases
 * joined). `names` maps each raw name to its clean form.
 */
export function proposeBible(answers: readonly DraftAnswer[]): { characters: DraftCharacter[]; names: Map<string, string> } {
	const names = new Map<string, string>();
	const byName = new Map<string, DraftCharacter>();
	const add = (raw: string, aliases: string[], description?: string) => {
		const name = sanitizeName(raw);
		names.set(raw, name);
		if (name === "") return;
		const cleanAliases = aliases.map(sanitizeName).filter((a) => a !== "" && a !== name);
		const prev = byName.get(name);
		if (prev) {
			prev.aliases = [...new Set([...prev.aliases, ...cleanAliases])];
			if (prev.description === undefined && description) prev.description = cleanText(description);
		} else {
			const entry: DraftCharacter = { name, aliases: [...new Set(cleanAliases)] };
			if (description && cleanText(description)) entry.description = cleanText(description);
			byName.set(name, entry);
		}
	};
	for (const a of answers) for (const c of a.characters) add(c.name, c.aliases, c.description);
	for (const a of answers) for (const s of a.shots) for (const n of s.input.characters ?? []) if (!names.has(n)) add(n, []);
	return { characters: [...byName.values()], names };
}
