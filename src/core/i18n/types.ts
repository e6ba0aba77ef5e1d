/**
 * The shapes of the message catalog. A message is a template with `{name}`
 * placeholders, or plural forms chosen by `Intl.PluralRules` from the `count`
 * parameter (English has one/other; Chinese has only other).
 */
export type Lang = "en" | "zh";

export const LANGS: readonly Lang[] = ["en", "zh"];

/** BCP 47 tags the Intl formatters are given for each language. */
export const INTL_TAG: Record<Lang, string> = { en: "en-US", zh: "zh-CN" };

export interface PluralForms {
	zero?: string;
	one?: string;
	two?: string;
	few?: string;
	many?: string;
	other: string;
}

export type Template = string | PluralForms;

/** English is the reference: every other language has exactly its keys. */
export type Catalog = Record<string, Template>;

/** The same keys as `E`, each a template of the same kind (plain or plural). */
export type Translation<E extends Catalog> = { [K in keyof E]: E[K] extends string ? string : PluralForms };

/** A parameter: numbers are formatted for the language (no grouping), strings go in as they are. */
export type Param = string | number;
export type Params = Readonly<Record<string, Param>>;
