/**
 * Work a restart left behind: journal entries that were submitted (or may have been)
 * and never finished, across the vault's output folders, for the one "Resume" notice.
 */
import { normalizePath, TFolder, type App } from "obsidian";
import { journalPathsIn, parseJournalText, type Settings } from "../core";

export interface Unfinished {
	/** Journal entries that were submitted (or may have been) and are not finished. */
	count: number;
	notes: string[];
}

const UNFINISHED = new Set(["submitting", "submitted", "succeeded", "unknown"]);

/** The deepest folder holding every path ("" = vault root). */
export function commonFolder(paths: string[]): string {
	if (!paths.length) return "";
	const split = paths.map((p) => p.split("/").slice(0, -1));
	const first = split[0] ?? [];
	let n = first.length;
	for (const s of split) {
		let i = 0;
		while (i < n && s[i] === first[i]) i++;
		n = i;
	}
	return first.slice(0, n).join("/");
}

/** Journal entries that were submitted and never finished, across the vault's output folders. */
export async function findUnfinished(app: App, settings: Settings): Promise<Unfinished> {
	const adapter = app.vault.adapter;
	const folders = app.vault.getAllFolders(true).filter((f) => f.name === settings.outputFolder);
	const notes = new Set<string>();
	let count = 0;
	for (const out of folders) {
		for (const child of out.children) {
			if (!(child instanceof TFolder)) continue;
			let path: string | null = null;
			for (const p of journalPathsIn(child.path)) if (!path && (await adapter.exists(normalizePath(p)))) path = normalizePath(p);
			if (!path) continue;
			try {
				const data = parseJournalText(await adapter.read(path)) as { note?: unknown; entries?: Record<string, { status?: unknown }> };
				let n = 0;
				for (const e of Object.values(data.entries ?? {})) if (typeof e.status === "string" && UNFINISHED.has(e.status)) n++;
				if (n && typeof data.note === "string") {
					count += n;
					notes.add(data.note);
				}
			} catch {
				// An unreadable journal is reported when its note is run.
			}
		}
	}
	return { count, notes: [...notes].sort() };
}
