/**
 * The plugin's language: the `language` setting when it names one ("en", "zh"),
 * else Obsidian's own (`getLanguage()`, e.g. "zh", "zh-TW", "en", "fr"): Chinese
 * for any Chinese, English for everything else.
 */
import { isLang, type Lang, resolveLanguage, type Settings } from "../core";

export function pluginLanguage(settings: Pick<Settings, "language">, obsidianLanguage: () => string): Lang {
	const chosen: unknown = settings.language;
	if (isLang(chosen)) return chosen;
	let app: string | undefined;
	try {
		app = obsidianLanguage();
	} catch {
		// Obsidian before 1.8.7 has no getLanguage: English.
		app = undefined;
	}
	return resolveLanguage(app) ?? "en";
}
