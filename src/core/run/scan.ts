/**
 * Gathering what a run works on: the notes (and storyboard JSON files) under a
 * target, parsed; the videos already in their output folders; and clean-up of
 * temp files a crash left behind.
 */
import type { VaultPort } from "../../ports/vault";
import { isCandidate, isStoryboardJson, parseFile } from "../parse";
import type { ParsedNote } from "../parse/model";
import { applyBibleNote, bibleTarget } from "../parse/bible";
import { outputFolderFor } from "../paths";
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
	removedTmp: string[];
}

function wanted(path: string): boolean {
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
	const removedTmp: string[] = [];
	const seen = new Set<string>();
	for (const n of notes) {
		const folder = outputFolderFor(n.path, n.frontmatter.output ?? settings.outputFolder);
		folders.set(n.path, folder);
		if (seen.has(folder)) continue;
		seen.add(folder);
		for (const f of await vault.listFiles(folder)) {
			if (f.endsWith(".tmp") && f.slice(folder.length + 1).indexOf("/") < 0) {
				// A crash between writing and renaming: never a finished video.
				await vault.remove(f);
				removedTmp.push(f);
				continue;
			}
			const st = await vault.stat(f);
			if (st) existing.set(f, st.size);
		}
	}
	return { notes, scanned: paths.length, existing, folders, removedTmp };
}
