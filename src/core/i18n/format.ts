/**
 * Numbers, money, percentages and durations through `Intl`, for a language.
 * Formatters are built once per language and option set.
 */
import { INTL_TAG, type Lang } from "./types";

const cache = new Map<string, Intl.NumberFormat>();

function nf(lang: Lang, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const k = `${lang}|${key}`;
	let f = cache.get(k);
	if (!f) {
		f = new Intl.NumberFormat(INTL_TAG[lang], options);
		cache.set(k, f);
	}
	return f;
}

/** A plain number as a parameter: no grouping (line numbers, ids), at most 3 decimals. */
export function formatPlain(lang: Lang, n: number): string {
	return nf(lang, "plain", { useGrouping: false, maximumFractionDigits: 3 }).format(n);
}

/** A count or quantity read by a person: grouped ("20,000"), at most 2 decimals. */
export function formatNumber(lang: Lang, n: number, maxFractionDigits = 2): string {
	return nf(lang, `num${maxFractionDigits}`, { maximumFractionDigits: maxFractionDigits }).format(n);
}

/** A share as a percentage: 0.125 → "12.5%". */
export function formatPercent(lang: Lang, share: number, maxFractionDigits = 1): string {
	return nf(lang, `pct${maxFractionDigits}`, { style: "percent", maximumFractionDigits: maxFractionDigits }).format(share);
}

/**
 * Every amount of money CineFlow shows, in US dollars: two decimals ("$1.23"), and
 * more only for an amount under one cent, to its first two significant digits
 * ("$0.005", "$0.0025"), so that a cheap shot never reads as free. Never float
 * noise ("$0.40", not 0.39999999999999997). English shows "$", Chinese "US$".
 */
export function formatMoney(lang: Lang, usd: number): string {
	const a = Math.abs(usd);
	if (a > 0 && a < 0.01) {
		const digits = Math.min(8, Math.max(3, 1 - Math.floor(Math.log10(a))));
		// Trailing zeros dropped: the figure has exactly its significant digits.
		const fixed = Number(a.toFixed(digits));
		return nf(lang, `usd-small${digits}`, { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: digits }).format(
			usd < 0 ? -fixed : fixed,
		);
	}
	// Half a cent rounds up, also where binary floats land just below it (0.075 → $0.08).
	const cents = Math.round(a * 100 + 1e-7) / 100;
	return nf(lang, "usd", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(usd < 0 ? -cents : cents);
}

type Unit = "hour" | "minute" | "second";

function unit(lang: Lang, u: Unit, n: number): string {
	return nf(lang, `unit-${u}`, { style: "unit", unit: u, unitDisplay: "short", maximumFractionDigits: 0 }).format(n);
}

/**
 * A duration in seconds for a person: "45 sec", "3 min 20 sec", "1 hr 5 min"
 * (Chinese "45秒", "3分钟20秒", "1小时5分钟"); the two largest units, rounded to
 * whole seconds. Intl.DurationFormat is not in Node 20, so units come from
 * Intl.NumberFormat's unit style.
 */
export function formatDuration(lang: Lang, seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const sec = s % 60;
	const sep = lang === "zh" ? "" : " ";
	if (h > 0) return m > 0 ? `${unit(lang, "hour", h)}${sep}${unit(lang, "minute", m)}` : unit(lang, "hour", h);
	if (m > 0) return sec > 0 ? `${unit(lang, "minute", m)}${sep}${unit(lang, "second", sec)}` : unit(lang, "minute", m);
	return unit(lang, "second", sec);
}

/** A list for a person: "10, 15 or 25" / "10、15 或 25". */
export function formatList(lang: Lang, items: readonly string[], type: "disjunction" | "conjunction" = "disjunction"): string {
	return new Intl.ListFormat(INTL_TAG[lang], { style: "long", type }).format(items);
}

/**
 * Allowed values in a message: "10, 15, 25" / "10、15、25" (no "or": the message
 * says "allowed:" before them). Intl's unit list in English; Chinese takes the
 * enumeration comma, which Intl's unit list leaves out.
 */
export function formatValues(lang: Lang, items: readonly string[]): string {
	if (lang === "zh") return items.join("、");
	return new Intl.ListFormat(INTL_TAG[lang], { style: "short", type: "unit" }).format(items);
}
