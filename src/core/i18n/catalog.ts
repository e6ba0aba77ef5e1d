/**
 * The message catalog: every string a person reads, in every language. One file
 * an area under messages/ (keys are prefixed with the area), merged here. To add
 * an area: create messages/<area>.ts exporting `en` and `zh`, and add it to both
 * lists below. A large area keeps its Chinese beside it in messages/<area>.zh.ts.
 */
import * as assistant from "./messages/assistant";
import * as image from "./messages/image";
import * as common from "./messages/common";
import * as cli from "./messages/cli";
import { zh as cliZh } from "./messages/cli.zh";
import * as parse from "./messages/parse";
import * as run from "./messages/run";
import { zh as runZh } from "./messages/run.zh";
import * as provider from "./messages/provider";
import * as plugin from "./messages/plugin";
import { zh as pluginZh } from "./messages/plugin.zh";
import * as board from "./messages/board";
import * as settings from "./messages/settings";
import { zh as settingsZh } from "./messages/settings.zh";
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
		...cliZh,
		...parse.zh,
		...runZh,
		...provider.zh,
		...pluginZh,
		...board.zh,
		...settingsZh,
	},
};
