/**
 * Catalog area "run": every key starts with "run.". `en` is the reference;
 * `zh` has the same keys and placeholders (test/core/i18n/catalog.test.ts).
 */
import type { Translation } from "../types";

export const en = {
	"run.placeholder": "run",
} as const;

export const zh: Translation<typeof en> = {
	"run.placeholder": "run",
};
