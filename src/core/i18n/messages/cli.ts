/**
 * Catalog area "cli": every key starts with "cli.". `en` is the reference;
 * `zh` has the same keys and placeholders (test/core/i18n/catalog.test.ts).
 */
import type { Translation } from "../types";

export const en = {
	"cli.placeholder": "cli",
} as const;

export const zh: Translation<typeof en> = {
	"cli.placeholder": "cli",
};
