/** Front-matter edits through Obsidian (processFrontMatter); the edits themselves are in core/front-matter.ts. */
import { TFile, normalizePath, type App } from "obsidian";
import { addCharacterIds, t } from "../core";

/** Writes `cineflow.characters.<name>: "@id"` (or into a top-level `characters:` map when that is what the note uses). */
export async function saveCharacterIds(app: App, notePath: string, ids: Record<string, string>): Promise<void> {
	const file = app.vault.getAbstractFileByPath(normalizePath(notePath));
	if (!(file instanceof TFile)) throw new Error(t("plugin.chars.notANote", { path: notePath }));
	await app.fileManager.processFrontMatter(file, (fm: Record<string, unknown>) => addCharacterIds(fm, ids));
}
