/**
 * Character bible notes: `cineflow.bible: "[[Characters]]"` in a note's front
 * matter points at a note whose front matter holds the characters (`characters:`
 * or `cineflow.characters`, the same map/list forms as in a shot note). The note's
 * own characters win over the bible note's, field by field.
 *
 * A character's `image:` is one image or a list (its reference sheet, run/sheets.ts).
 * Image links in a bible note are relative to the bible note, so paths are
 * rewritten from the vault root (leading '/'); `[[wikilinks]]` and URLs are kept.
 */
import { referenceFor } from "../paths";
import { mergeBibles, type CharacterEntry } from "./characters";
import { issue, located, problem, where } from "./errors";
import { readFrontmatter } from "./frontmatter";
import { readNoteDefaults } from "./defaults";
import type { ParsedNote } from "./model";

/** The link target of `[[Characters]]`, `[[Characters|alias]]`, `Characters.md` or a path; null when empty. */
export function bibleTarget(link: string): string | null {
	let t = link.trim();
	const m = /^!?\[\[([^\]|#^]+)(?:[#^][^\]|]*)?(?:\|[^\]]*)?\]\]$/.exec(t);
	if (m?.[1]) t = m[1].trim();
	const md = /^\[[^\]]*\]\(\s*<?([^)>]+?)>?\s*\)$/.exec(t);
	if (md?.[1]) t = md[1].trim();
	if (t === "") return null;
	return /\.md$/i.test(t) ? t : `${t}.md`;
}

/** Rewrites a bible image so it resolves the same from any note. */
function rebase(image: string, biblePath: string): string {
	const s = image.trim();
	if (/^!?\[\[/.test(s) || /^https?:\/\//i.test(s)) return s;
	const r = referenceFor(s, biblePath);
	return r.ok && r.ref.kind === "vault" ? `/${r.ref.path}` : s;
}

/** Reads the characters of a bible note. */
export function readBibleNote(path: string, text: string): { entries: CharacterEntry[]; problems: string[] } {
	const fm = readFrontmatter(path, text);
	const { defaults, issues } = readNoteDefaults(path, fm);
	const problems = [...fm.issues, ...issues].map((i) => i.message);
	const entries = defaults.characters.map((c) => (c.images === undefined ? c : { ...c, images: c.images.map((i) => rebase(i, path)) }));
	return { entries, problems };
}

/**
 * Merges the bible note into `note` (in place). `bible` is null when the link did
 * not resolve: that is an error that blocks the note's shots, since their prompts
 * would be sent without the characters' handles.
 */
export function applyBibleNote(note: ParsedNote, link: string, bible: { path: string; text: string } | null): void {
	const line = 1;
	if (!bible) {
		const shown = JSON.stringify(link);
		note.issues.push(issue("error", note.path, line, problem("parse.bible.notFound", { link: shown })));
		const blocked = problem("parse.bible.blocked", { link: shown });
		note.shots = note.shots.map((s) =>
			s.ok
				? {
						ok: false,
						id: s.id,
						label: s.id,
						error: located(where(note.path, s.source.line, s.id), blocked.text),
						detail: blocked.text,
						code: blocked.code,
						source: s.source,
						origin: s.origin,
						index: s.index,
						warnings: s.warnings,
					}
				: s,
		);
		return;
	}
	const read = readBibleNote(bible.path, bible.text);
	for (const p of read.problems) note.issues.push(issue("warning", note.path, line, problem("parse.bible.problem", { problem: p })));
	if (!read.entries.length) {
		note.issues.push(issue("warning", note.path, line, problem("parse.bible.empty", { path: bible.path })));
	}
	note.frontmatter.characters = mergeBibles(read.entries, note.frontmatter.characters);
}
