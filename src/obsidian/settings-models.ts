/**
 * Settings rows for the provider choice and for declared models: a fresh install
 * has no provider until the user picks one, dead models are labelled as such,
 * and any model id a relay or aggregator serves can be declared with its
 * capabilities (JSON, checked as it is typed).
 */
import type { Setting } from "obsidian";
import { formatList, getProviderInfo, language, lifecycleText, modelsOf, type ModelSpec, providerIds, readDeclaredModels, type Settings, t } from "../core";

/** "Google Gemini API" / "OpenAI Videos (shut down)": providers whose models are all retired say so. */
export function providerOptionLabel(id: string): string {
	const info = getProviderInfo(id);
	if (!info) return id;
	const dead = info.models.length > 0 && info.models.every((m) => m.lifecycle.status === "retired");
	return dead && !/shut down/i.test(info.label) ? t("settings.tab.shutDown", { provider: info.label }) : info.label;
}

/** "veo-3.1-generate-001", "sora-2 (retired on 2026-09-24)". */
export function modelOptionLabel(m: ModelSpec): string {
	return m.lifecycle.status === "active" ? m.id : t("settings.tab.modelOption", { model: m.id, lifecycle: lifecycleText(m.lifecycle) });
}

/** The provider dropdown: a "Choose a provider" entry until one is chosen. */
export function fillProviderDropdown(d: { addOption(v: string, l: string): unknown }, current: string): void {
	if (!current) d.addOption("", t("settings.tab.chooseProvider"));
	for (const id of providerIds()) d.addOption(id, providerOptionLabel(id));
}

/** The models of a provider the default-model dropdown offers (catalog and declared). */
export function modelChoices(s: Settings, provider: string): ModelSpec[] {
	return modelsOf(
		provider,
		s.models.map((model) => ({ model, where: t("settings.models.whereSettings") })),
	);
}

export interface DeclaredModelsRow {
	name: string;
	desc: string;
	cls: string;
	render: (st: Setting) => unknown;
}

/** One text area holding the declared models as JSON; invalid JSON or fields are shown and not saved. */
export function declaredModelsRow(s: Settings, save: () => void): DeclaredModelsRow {
	return {
		name: t("settings.models.name"),
		desc: t("settings.models.desc"),
		cls: "cineflow-declared-models",
		render: (st) =>
			st.addTextArea((area) => {
				area.setPlaceholder("[]").setValue(s.models.length ? JSON.stringify(s.models, null, 2) : "");
				area.onChange((text) => {
					const problem = applyDeclaredModels(s, text);
					st.setDesc(problem ?? t("settings.models.count", { count: s.models.length }));
					if (!problem) save();
				});
			}),
	};
}

/** Parses the text area; sets `s.models` and returns null, or returns what is wrong. */
export function applyDeclaredModels(s: Settings, text: string): string | null {
	if (!text.trim()) {
		s.models = [];
		return null;
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return t("settings.models.notJson");
	}
	const r = readDeclaredModels(raw, t("settings.models.where"));
	if (r.problems.length) return t("settings.models.problems", { problems: r.problems.join("; ") });
	const unknown = r.models.filter((m) => !getProviderInfo(m.provider));
	if (unknown.length)
		return t("settings.models.unknownProvider", { provider: unknown[0]?.provider ?? "", known: formatList(language(), providerIds(), "conjunction") });
	s.models = r.models;
	return null;
}
