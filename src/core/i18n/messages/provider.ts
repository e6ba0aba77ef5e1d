/**
 * Catalog area "provider": every key starts with "provider.". `en` is the reference;
 * `zh` has the same keys and placeholders (test/core/i18n/catalog.test.ts).
 */
import type { Translation } from "../types";

export const en = {
	"provider.placeholder": "provider",
} as const;

export const zh: Translation<typeof en> = {
	"provider.placeholder": "provider",
};
