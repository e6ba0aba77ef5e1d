/**
 * The message catalog: every string a person reads, in every language. One file
 * an area under messages/ (keys are prefixed with the area), merged here. To add
 * an area: create messages/<area>.ts exporting `en` and `zh`, and add it to both
 * lists below.
 */
import * as assistant from "./messages/assistant";
import * as image from "./messages/image";
import * as common from "./messages/common";
import * as cli from "./messages/cli";
import * as parse from "./messages/parse";
import * as run from "./messages/run";
import * as provider from "./messages/provider";
import * as plugin from "./messages/plugin";
import * as board from "./messages/board";
import * as settings from "./messages/settings";
import type { Lang, PluralForms } from "./types";

export const EN = {
	...common.en,
	...assistant.en,
	...image.en,
	...cli.en,
	...parse.en,
	...run.en,
	...provider.en,
	...plugin.en,
	...board.en,
	...settings.en,
} as const;

export type MessageKey = keyof typeof EN;

export const CATALOGS: Record<Lang, Record<MessageKey, string | PluralForms>> = {
	en: EN,
	zh: {
		...common.zh,
		...assistant.zh,
		...image.zh,
		...cli.zh,
		...parse.zh,
		...run.zh,
		...provider.zh,
		...plugin.zh,
		...board.zh,
		...settings.zh,
	},
};
