/**
 * Missing character ids in the run dialog: which names a plan's prompts mark
 * without an id, and saving ids the user typed into the note's properties.
 */
import { TFile, normalizePath, type App } from "obsidian";
import type { PlannedJob } from "../core/types";

/** Character names without an id, per note, from the plan's prompt warnings. */
export function missingCharacters(jobs: readonly PlannedJob[]): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	for (const j of jobs) {
		for (const w of j.warnings) {
			const m = /\[([^\]]+)\] has no character id/.exec(w);
			if (!m) continue;
			const set = out.get(j.notePath) ?? new Set<string>();
			set.add(m[1] as string);
			out.set(j.notePath, set);
		}
	}
	return out;
}

/** Writes `cineflow.characters.<name>: "@id"` (or into a top-level `characters:` map when that is what the note uses). */
export async function saveCharacterIds(app: App, notePath: string, ids: Record<string, string>): Promise<void> {
	const file = app.vault.getAbstractFileByPath(normalizePath(notePath));
	if (!(file instanceof TFile)) throw new Error(`${notePath} is not a note`);
	await app.fileManager.processFrontMatter(file, (fm: Record<string, unknown>) => {
		const cf = (typeof fm.cineflow === "object" && fm.cineflow !== null ? fm.cineflow : {}) as Record<string, unknown>;
		const topLevel = cf.characters === undefined && typeof fm.characters === "object" && fm.characters !== null && !Array.isArray(fm.characters);
		const target = (topLevel ? fm.characters : typeof cf.characters === "object" && cf.characters !== null ? cf.characters : {}) as Record<string, unknown> | unknown[];
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
	});
}
