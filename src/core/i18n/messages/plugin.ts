/**
 * Catalog area "plugin": every key starts with "plugin.". `en` is the reference;
 * `zh` has the same keys and placeholders (test/core/i18n/catalog.test.ts).
 */
import type { Translation } from "../types";

export const en = {
	"plugin.placeholder": "plugin",
} as const;

export const zh: Translation<typeof en> = {
	"plugin.placeholder": "plugin",
};
