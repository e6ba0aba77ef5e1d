/**
 * The character bible: names, aliases and provider handles (`@alice.cameo`).
 * Read from front matter (`cineflow.characters` or a top-level `characters:`), from
 * a seed's `character_bible`, and from legacy "Name@id" strings (seed §3.1).
 */
import { characterObjectSchema } from "./schema";
import { t } from "../i18n";
import { show } from "./errors";

export interface CharacterEntry {
	name: string;
	/** Provider handle, always starting with '@'. Absent when none is known. */
	id?: string;
	aliases: string[];
	description?: string;
	/** The reference sheet: `image:` in the bible, one image or a list (blank items dropped, duplicates once). */
	images?: string[];
}

/** A handle: '@', then letters, digits, '_', '.', '-', ending on a letter, digit or '_'. */
export const HANDLE = /^@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

/**
 * Longest name, alias or handle accepted. Names become alternatives of one RegExp
 * in the prompt builder; a single very long one would not even compile.
 */
export const MAX_NAME = 200;

/** Trims, adds the leading '@' when missing; undefined when not a valid handle. */
export function normalizeHandle(raw: unknown): string | undefined {
	if (typeof raw !== "string") return undefined;
	const t = raw.trim();
	if (t === "" || t.length > MAX_NAME) return undefined;
	const h = t.startsWith("@") ? t : "@" + t;
	return HANDLE.test(h) ? h : undefined;
}

/** Strips leading '[' and trailing ']' (the seed's clean_brackets), then trims. */
export function cleanName(name: string): string {
	return name.trim().replace(/^\[+/, "").replace(/\]+$/, "").trim();
}

/**
 * Migrates a legacy character string (seed §3.1): trim, strip surrounding [], split
 * at the first '@'; the name loses a trailing '(', the id is '@' + the right part
 * without a trailing ')', trimmed. "Alice (@alice )" → {Alice, @alice}.
 */
export function migrateLegacyCharacter(raw: string): { name: string; id?: string } {
	const s = raw.trim().replace(/^\[+/, "").replace(/\]+$/, "");
	const at = s.indexOf("@");
	if (at < 0) return { name: cleanName(s) };
	const name = cleanName(s.slice(0, at).trim().replace(/\($/, ""));
	const id = (
		"@" +
		s
			.slice(at + 1)
			.trim()
			.replace(/\)+$/, "")
	).trim();
	return id === "@" ? { name } : { name, id };
}

export interface BibleResult {
	entries: CharacterEntry[];
	/** Human-readable problems (entries that were skipped or ids that are not handles). */
	problems: string[];
}

function fromObject(fallbackName: string | undefined, value: unknown, problems: string[]): CharacterEntry | undefined {
	const r = characterObjectSchema.safeParse(value);
	if (!r.success) {
		problems.push(t("parse.character.invalid", { value: show(fallbackName ?? value) }));
		return undefined;
	}
	const name = cleanName(fallbackName ?? r.data.name ?? "");
	if (name === "") {
		problems.push(t("parse.character.noName", { value: show(value) }));
		return undefined;
	}
	if (name.length > MAX_NAME) {
		problems.push(t("parse.character.tooLong", { name: show(name), max: MAX_NAME }));
		return undefined;
	}
	const aliases = (r.data.aliases ?? []).map(cleanName).filter((a) => a !== "");
	const long = aliases.filter((a) => a.length > MAX_NAME);
	if (long.length) problems.push(t("parse.character.aliasesTooLong", { name, max: MAX_NAME }));
	const entry: CharacterEntry = { name, aliases: aliases.filter((a) => a.length <= MAX_NAME) };
	if (r.data.id !== undefined && r.data.id.trim() !== "") {
		const id = normalizeHandle(r.data.id);
		if (id) entry.id = id;
		else problems.push(t("parse.character.badHandle", { name, value: show(r.data.id) }));
	}
	if (r.data.description !== undefined) entry.description = r.data.description;
	if (r.data.image !== undefined) {
		const all = (Array.isArray(r.data.image) ? r.data.image : [r.data.image]).map((s) => s.trim()).filter((s) => s !== "");
		const images = [...new Set(all)];
		if (images.length) entry.images = images;
	}
	return entry;
}

function fromString(name: string | undefined, value: string, problems: string[]): CharacterEntry | undefined {
	if (name === undefined) {
		const m = migrateLegacyCharacter(value);
		return fromObject(undefined, m, problems);
	}
	return fromObject(name, { id: value }, problems);
}

/** Reads a bible written as a map (name → id or object) or as a list (objects or "Name@id"). */
export function readBible(value: unknown): BibleResult {
	const problems: string[] = [];
	const entries: CharacterEntry[] = [];
	const add = (e: CharacterEntry | undefined) => {
		if (e) entries.push(e);
	};
	if (value === null || value === undefined) return { entries, problems };
	if (Array.isArray(value)) {
		for (const item of value) {
			if (typeof item === "string") add(fromString(undefined, item, problems));
			else add(fromObject(undefined, item, problems));
		}
	} else if (typeof value === "object") {
		for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
			if (typeof v === "string") add(fromString(name, v, problems));
			else if (v === null || v === undefined) add(fromObject(name, {}, problems));
			else add(fromObject(name, v, problems));
		}
	} else {
		problems.push(t("parse.characters.invalid", { value: show(value) }));
	}
	return { entries, problems };
}

/** Later entries override earlier ones with the same name (field by field). */
export function mergeBibles(...lists: CharacterEntry[][]): CharacterEntry[] {
	const byName = new Map<string, CharacterEntry>();
	for (const list of lists) {
		for (const e of list) {
			const prev = byName.get(e.name);
			byName.set(e.name, prev ? { ...prev, ...e, aliases: [...new Set([...prev.aliases, ...e.aliases])] } : e);
		}
	}
	return [...byName.values()];
}
