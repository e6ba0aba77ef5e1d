/**
 * Catalog area "parse": every key starts with "parse.". `en` is the reference;
 * `zh` has the same keys and placeholders (test/core/i18n/catalog.test.ts).
 */
import type { Translation } from "../types";

export const en = {
	"parse.placeholder": "parse",
} as const;

export const zh: Translation<typeof en> = {
	"parse.placeholder": "parse",
};
