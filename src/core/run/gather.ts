/**
 * Gathering what a run works on: the notes (and storyboard JSON files) under a
 * target, parsed, and the videos already in their output folders. Scanning
 * changes nothing: temp files a crash left behind are listed in `tmpFiles` and
 * removed by the runner's explicit clean-up step (cleanup.ts).
 */
import type { VaultPort } from "../../ports/vault";
import { JOURNAL_NAME } from "../journal-file";
import { isCandidate, isStoryboardJson, parseFile } from "../parse";
import type { ParsedNote } from "../parse/model";
import { applyBibleNote, bibleTarget } from "../parse/bible";
import { attachmentFolderFromSetting, attachmentOutputFolder, outputFolderFor, usesAttachments } from "../paths";
import { defaultLinkResolver } from "./references";
import type { Settings } from "../settings";

export interface ScanOutcome {
	notes: ParsedNote[];
	/** Note text as read, by path (for notes that are candidates). */
	scanned: number;
	/** Output files that exist: vault path → size. */
	existing: Map<string, number>;
	/** Output folders of the candidate notes, by note path. */
	folders: Map<string, string>;
	/** `.tmp` files directly in the output folders (left by an interrupted write). */
	tmpFiles: string[];
}

/** Notes and storyboard files; never a journal (a Markdown file CineFlow writes beside the videos, see journal-file.ts). */
function wanted(path: string): boolean {
	if (path.slice(path.lastIndexOf("/") + 1) === JOURNAL_NAME) return false;
	return path.toLowerCase().endsWith(".md") || isStoryboardJson(path);
}

/** Lists the files a target covers: the file itself, or every note under a folder. */
export async function targetFiles(vault: VaultPort, target: string): Promise<string[]> {
	const t = target.replace(/^\/+|\/+$/g, "");
	if (t && (await vault.stat(t))) return [t];
	const all = await vault.listFiles(t);
	return all.filter((p) => wanted(p) && !p.split("/").some((seg) => seg.startsWith(".")));
}

export async function scanTarget(
	vault: VaultPort,
	target: string,
	settings: Settings,
	resolveLink?: (link: string, notePath: string) => Promise<string | null>,
	/** The attachment folder of a note (Obsidian's setting), for notes whose videos go there. */
	attachmentFolder?: (notePath: string) => Promise<string>,
): Promise<ScanOutcome> {
	const paths = await targetFiles(vault, target);
	const notes: ParsedNote[] = [];
	const bibles = new Map<string, { path: string; text: string } | null>();
	const resolve = resolveLink ?? defaultLinkResolver(vault);
	for (const path of paths) {
		const text = await vault.read(path);
		if (text === null || !isCandidate(path, text)) continue;
		const note = parseFile(path, text);
		const link = note.frontmatter.bible;
		if (link !== undefined) {
			const target = bibleTarget(link);
			const found = target ? await resolve(target, path) : null;
			if (found && !bibles.has(found)) {
				const t = await vault.read(found);
				bibles.set(found, t === null ? null : { path: found, text: t });
			}
			applyBibleNote(note, link, found ? (bibles.get(found) ?? null) : null);
		}
		notes.push(note);
	}
	const existing = new Map<string, number>();
	const folders = new Map<string, string>();
	const tmpFiles: string[] = [];
	const seen = new Set<string>();
	for (const n of notes) {
		// Obsidian's attachment location, when the settings or the note choose it.
		if (usesAttachments(n.frontmatter.output, settings)) {
			const at = attachmentFolder ? await attachmentFolder(n.path) : attachmentFolderFromSetting(n.path, undefined);
			n.frontmatter.outputFolder = attachmentOutputFolder(n.path, at);
		}
		const folder = n.frontmatter.outputFolder ?? outputFolderFor(n.path, n.frontmatter.output ?? settings.outputFolder);
		folders.set(n.path, folder);
		if (seen.has(folder)) continue;
		seen.add(folder);
		for (const f of await vault.listFiles(folder)) {
			if (f.endsWith(".tmp")) {
				// A crash between writing and renaming: never a finished video.
				if (f.slice(folder.length + 1).indexOf("/") < 0) tmpFiles.push(f);
				continue;
			}
			const st = await vault.stat(f);
			if (st) existing.set(f, st.size);
		}
	}
	return { notes, scanned: paths.length, existing, folders, tmpFiles };
}
