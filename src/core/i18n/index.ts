/**
 * Translation: `t(key, params)` renders a catalog message in the current
 * language; `tIn(lang, …)` in a given one (`--json` output and logs use English).
 *
 * The current language is the one piece of state here: the adapters set it once
 * at start (the plugin from Obsidian's language or the override setting, the
 * CLI from --lang, LC_ALL, LC_MESSAGES or LANG). Core code that builds messages
 * calls `t` and stays free of clock, randomness and I/O.
 */
import { CATALOGS, type MessageKey } from "./catalog";
import { formatPlain } from "./format";
import { INTL_TAG, LANGS, type Lang, type Params, type PluralForms } from "./types";

export type { MessageKey } from "./catalog";
export { formatDuration, formatList, formatMoney, formatNumber, formatPercent, formatPlain, formatValues } from "./format";
export { LANGS, type Lang, type Param, type Params } from "./types";
export { displayWidth, padDisplay, truncateDisplay } from "./width";

let current: Lang = "en";

/** Sets the language every later `t` call renders in. */
export function setLanguage(lang: Lang): void {
	current = lang;
}

export function language(): Lang {
	return current;
}

/**
 * The language for a locale tag or environment value: "zh", "zh-CN", "zh_CN.UTF-8",
 * "zh-Hans", "zh-TW" → Chinese (Simplified is the Chinese CineFlow has); anything
 * else that names a language → English; empty, "C" or "POSIX" → undefined (no preference).
 */
export function resolveLanguage(tag: string | undefined | null): Lang | undefined {
	if (!tag) return undefined;
	const t = tag.trim().toLowerCase();
	if (t === "" || t === "c" || t === "posix" || t.startsWith("c.")) return undefined;
	if (t === "zh" || t.startsWith("zh-") || t.startsWith("zh_") || t.startsWith("zh.")) return "zh";
	return "en";
}

export function isLang(v: unknown): v is Lang {
	return typeof v === "string" && (LANGS as readonly string[]).includes(v);
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

function pick(lang: Lang, forms: PluralForms, count: number): string {
	let rules = pluralRules.get(lang);
	if (!rules) {
		rules = new Intl.PluralRules(INTL_TAG[lang]);
		pluralRules.set(lang, rules);
	}
	return forms[rules.select(count)] ?? forms.other;
}

/** Fills `{name}` placeholders; a placeholder without a parameter stays as written (a test catches it). */
export function fill(lang: Lang, template: string, params: Params | undefined): string {
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const v = params[name];
		if (v === undefined) return whole;
		return typeof v === "number" ? formatPlain(lang, v) : v;
	});
}

export function tIn(lang: Lang, key: MessageKey, params?: Params): string {
	const template = CATALOGS[lang][key] ?? CATALOGS.en[key];
	if (typeof template === "string") return fill(lang, template, params);
	const count = params?.count;
	return fill(lang, pick(lang, template, typeof count === "number" ? count : Number(count ?? 0)), params);
}

/** A catalog message in the current language. */
export function t(key: MessageKey, params?: Params): string {
	return tIn(current, key, params);
}

/** A message as a typed value: a stable code and its parameters, rendered where it is shown. */
export interface Message {
	code: MessageKey;
	params?: Params;
}

export function render(m: Message, lang: Lang = current): string {
	return tIn(lang, m.code, m.params);
}

/**
 * What a warning carries: a catalog message (its key is a stable code for scripts,
 * e.g. `--json`) or text that has no key of ours (a provider's or the file system's words).
 */
export type Said = string | Message;

/** The text of `m` in the current language. */
export function sayText(m: Said): string {
	return typeof m === "string" ? m : render(m);
}

/** The catalog key of `m`, when it has one. */
export function sayCode(m: Said): string | undefined {
	return typeof m === "string" ? undefined : m.code;
}
