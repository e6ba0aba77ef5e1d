/**
 * Every setting, declared once: path, kind, range, default, label, help, basic or
 * advanced, settings section, and CLI flag. Labels, descriptions and option names
 * are catalog keys (core/i18n/messages/settings.ts): the tab and `--help` render
 * them in the current language. The schema, the settings rows and the
 * CLI flags are generated from this table (see declare.ts). The entries live in
 * sections/, one file a group of settings sections, concatenated here in tab order.
 *
 * Not in the table (structured values with their own editors): `version`, the
 * declared `models` list and the `prices` overrides (schema.ts adds them).
 */
import { registerLabels, type SettingDecl } from "./declare";
import { ASSISTANT_SETTINGS } from "./sections/assistant";
import { BASIC_SETTINGS } from "./sections/basics";
import { INTERFACE_SETTINGS } from "./sections/interface";
import { PACING_SETTINGS } from "./sections/pacing";
import { REFERENCE_SETTINGS } from "./sections/references";

/** In the order the tab shows them (one file a group of sections under sections/). */
export const SETTING_TABLE = [...BASIC_SETTINGS, ...PACING_SETTINGS, ...REFERENCE_SETTINGS, ...ASSISTANT_SETTINGS, ...INTERFACE_SETTINGS] as const;

export type SettingEntry = (typeof SETTING_TABLE)[number];
export type SettingPath = SettingEntry["path"];

registerLabels(SETTING_TABLE);

/** The declaration of one setting. */
export function settingDecl(path: SettingPath): SettingDecl {
	const d = (SETTING_TABLE as readonly SettingDecl[]).find((e) => e.path === path);
	if (!d) throw new Error(`no setting ${path}`); // i18n-ignore: a programming error (the path is typed), never shown
	return d;
}

export const SETTINGS: readonly SettingDecl[] = SETTING_TABLE;
