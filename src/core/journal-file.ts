/**
 * The journal's file: its name, its text form, and how two versions of it merge.
 *
 * Name and form are chosen so that the journal syncs with every common sync
 * service at its default settings (README "Journals and sync", RELIABILITY.md):
 *  - Obsidian Sync never syncs files or folders whose names start with a dot, and
 *    syncs only notes, images, audio, video and PDFs unless "Sync all other types"
 *    is turned on — so a `.json` file would not reach a second device, and a
 *    Markdown file does;
 *  - iCloud, Syncthing and Git copy any file.
 * Hence `cineflow-jobs.md` next to the videos: a short note with the data in a
 * JSON code block. The older `.cineflow-jobs.json` is merged into it on first open.
 */
import type { JournalData, JournalEntry } from "./journal-schema";

export const JOURNAL_NAME = "cineflow-jobs.md";
/** Earlier names, merged into the current journal (then removed) when found. */
export const LEGACY_JOURNAL_NAMES: readonly string[] = [".cineflow-jobs.json"];

export function journalPathIn(folder: string): string {
	return folder ? `${folder}/${JOURNAL_NAME}` : JOURNAL_NAME;
}

/** Where a folder's journal may be, current name first (a legacy one is merged on the next run). */
export function journalPathsIn(folder: string): string[] {
	return [JOURNAL_NAME, ...LEGACY_JOURNAL_NAMES].map((n) => (folder ? `${folder}/${n}` : n));
}

const INTRO =
	"# CineFlow job journal\n\n" + // i18n-ignore: file format
	"CineFlow records here the paid video tasks behind the videos in this folder, so that no shot is paid for twice, " + // i18n-ignore: file format
	"on this device or another. It is rewritten during runs: please do not edit, move or delete it.\n\n"; // i18n-ignore: file format

export function renderJournal(data: JournalData): string {
	return INTRO + "```json\n" + JSON.stringify(data, null, "\t") + "\n```\n";
}

const FENCE = /(?:^|\n)```json[ \t]*\r?\n([\s\S]*?)\r?\n```[ \t]*(?:\r?\n|$)/;

/**
 * The JSON value a journal file holds: the `json` code block of the Markdown form,
 * or the whole text (the legacy `.json` form). Throws SyntaxError when it is neither.
 */
export function parseJournalText(text: string): unknown {
	const t = text.replace(/^\uFEFF/, "");
	if (t.trimStart().startsWith("{")) return JSON.parse(t);
	const m = FENCE.exec(t);
	if (!m) throw new SyntaxError("no json code block"); // i18n-ignore: caught by readJournal, which words it
	return JSON.parse(m[1] as string);
}

/**
 * Which of two versions of one take's entry to keep: `ours` (the version this run
 * wrote, or the current file during a migration) unless only `theirs` knows a
 * remote task (a paid task is never forgotten). When both name different tasks,
 * ours is kept and theirs is listed in `supersededRemoteIds`.
 */
export function pickEntry(ours: JournalEntry, theirs: JournalEntry): JournalEntry {
	if (!ours.remoteId && theirs.remoteId) return theirs;
	if (ours.remoteId && theirs.remoteId && ours.remoteId !== theirs.remoteId) {
		const prior = [...(ours.supersededRemoteIds ?? []), ...(theirs.supersededRemoteIds ?? []), theirs.remoteId];
		return { ...ours, supersededRemoteIds: [...new Set(prior)].filter((x) => x !== ours.remoteId) };
	}
	return ours;
}
