/**
 * Catalog area "settings": every key starts with "settings.". `en` is the reference;
 * `zh` has the same keys and placeholders (test/core/i18n/catalog.test.ts).
 */
import type { Translation } from "../types";

export const en = {
	"settings.placeholder": "settings",
} as const;

export const zh: Translation<typeof en> = {
	"settings.placeholder": "settings",
};
