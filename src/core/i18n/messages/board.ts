/**
 * Catalog area "board": every key starts with "board.". `en` is the reference;
 * `zh` has the same keys and placeholders (test/core/i18n/catalog.test.ts).
 */
import type { Translation } from "../types";

export const en = {
	"board.placeholder": "board",
} as const;

export const zh: Translation<typeof en> = {
	"board.placeholder": "board",
};
