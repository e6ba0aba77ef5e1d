/**
 * Changes CineFlow makes to a note's front matter, as pure edits of the parsed
 * object (the plugin applies them through processFrontMatter, which writes YAML).
 */

/** A character id as the note stores it: `@` then letters, digits, `_`, `.` and `-`. */
export const CHARACTER_ID = /^@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

/** "alice" → "@alice"; null when it is not a valid id. */
export function normalizeCharacterId(text: string): string | null {
	const t = text.trim();
	const handle = t.startsWith("@") ? t : `@${t}`;
	return CHARACTER_ID.test(handle) ? handle : null;
}

/**
 * Adds `name: "@id"` entries to the note's character list: `cineflow.characters`,
 * or a top-level `characters:` map when that is what the note uses; a list of
 * `{name, id}` entries gets new entries.
 */
export function addCharacterIds(fm: Record<string, unknown>, ids: Record<string, string>): void {
	const cf = (typeof fm.cineflow === "object" && fm.cineflow !== null ? fm.cineflow : {}) as Record<string, unknown>;
	const topLevel = cf.characters === undefined && typeof fm.characters === "object" && fm.characters !== null && !Array.isArray(fm.characters);
	const target = (topLevel ? fm.characters : typeof cf.characters === "object" && cf.characters !== null ? cf.characters : {}) as
		Record<string, unknown> | unknown[];
	if (Array.isArray(target)) {
		for (const [name, id] of Object.entries(ids)) target.push({ name, id });
	} else {
		for (const [name, id] of Object.entries(ids)) target[name] = id;
	}
	if (topLevel) fm.characters = target;
	else {
		cf.characters = target;
		fm.cineflow = cf;
	}
}
