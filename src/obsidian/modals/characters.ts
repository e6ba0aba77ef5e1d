/**
 * The run dialog's missing character ids: the names a plan's prompts mark
 * without an id (from the prompts' structured warnings), a field for each, and
 * saving the ids into the note's properties.
 */
import { Notice, Setting, type App } from "obsidian";
import { normalizeCharacterId, type PlannedJob, t } from "../../core";
import { saveCharacterIds } from "../front-matter";

/** Character names without an id, per note. */
export function missingCharacters(jobs: readonly PlannedJob[]): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	for (const j of jobs) {
		for (const w of j.promptWarnings ?? []) {
			const set = out.get(j.notePath) ?? new Set<string>();
			set.add(w.name);
			out.set(j.notePath, set);
		}
	}
	return out;
}

/**
 * Draws the section into `el` (empty when nothing is missing). `typed` keeps what
 * the user typed across redraws; `saved` runs after ids were written.
 */
export function renderMissingCharacters(
	app: App,
	el: HTMLElement,
	jobs: readonly PlannedJob[],
	typed: Map<string, Map<string, string>>,
	saved: () => void,
): void {
	el.empty();
	const missing = missingCharacters(jobs);
	if (!missing.size) return;
	new Setting(el).setName(t("plugin.chars.heading")).setHeading();
	el.createDiv({ cls: "cineflow-muted", text: t("plugin.chars.desc") });
	for (const [note, names] of missing) {
		const ids = typed.get(note) ?? new Map<string, string>();
		typed.set(note, ids);
		for (const name of names) {
			new Setting(el)
				.setName(name)
				.setDesc(note)
				.addText((text) =>
					text
						.setPlaceholder("@handle")
						.setValue(ids.get(name) ?? "")
						.onChange((v) => {
							ids.set(name, v.trim());
						}),
				);
		}
		new Setting(el).addButton((b) =>
			b.setButtonText(t("plugin.chars.save", { note })).onClick(async () => {
				const chosen: Record<string, string> = {};
				for (const [n, v] of ids) {
					if (!v) continue;
					const handle = normalizeCharacterId(v);
					if (!handle) {
						new Notice(t("plugin.chars.invalid", { id: v }));
						return;
					}
					chosen[n] = handle;
				}
				if (!Object.keys(chosen).length) return;
				await saveCharacterIds(app, note, chosen);
				ids.clear();
				saved();
			}),
		);
	}
}
