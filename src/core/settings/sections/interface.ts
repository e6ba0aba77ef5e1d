/** Declared settings, part of the one table (../table.ts): The interface: its language. */
import type { SettingDecl } from "../declare";

export const INTERFACE_SETTINGS = [
	// ---------------------------------------------------------------- interface
	{
		path: "language",
		kind: "enum",
		values: ["auto", "en", "zh"],
		labels: ["settings.language.auto", "settings.language.en", "settings.language.zh"],
		label: "settings.language",
		help: "settings.language.help",
		level: "basic",
		section: "interface",
		default: "auto",
	},
] as const satisfies readonly SettingDecl[];
