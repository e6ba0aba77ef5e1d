/**
 * Price estimates for the dry run and the budget check. A price the catalog does not
 * know and the settings do not override stays null ("unknown"); it is never 0.
 */
import { getModelSpec } from "./providers/catalog";
import type { ModelSpec, PriceSpec, Resolution } from "./providers/types";
import type { Settings } from "./settings";
import { formatMoney, language, t } from "./i18n";

/**
 * Catalog price for `provider/model`, with the settings override (`prices["provider/model"]`)
 * merged over it field by field.
 */
export function priceFor(settings: Settings, provider: string, model: string, spec?: ModelSpec): PriceSpec {
	const base: PriceSpec = (spec ?? getModelSpec(provider, model))?.price ?? {
		perSecond: null,
		proPerSecond: null,
		source: t("common.price.unknown"),
	};
	const key = `${provider}/${model}`;
	const override = Object.prototype.hasOwnProperty.call(settings.prices, key) ? settings.prices[key] : undefined;
	if (!override) return base;
	// Field by field: a null in the override means "not set here", not "free".
	const perSecond = override.perSecond ?? base.perSecond;
	const proPerSecond = override.proPerSecond ?? base.proPerSecond;
	const partial = (override.perSecond === null && base.perSecond !== null) || (override.proPerSecond === null && base.proPerSecond !== null);
	const source = partial ? t("common.price.overridePartial", { model: key, source: base.source }) : t("common.price.override", { model: key });
	// A flat override replaces the catalog's per-resolution figures.
	return { perSecond, proPerSecond, ...(override.perSecond === null && base.byResolution ? { byResolution: base.byResolution } : {}), source };
}

/** Estimated USD for one job, or null when the price for that mode is unknown. */
export function jobCost(price: PriceSpec, duration: number, pro: boolean, resolution?: Resolution): number | null {
	const byRes = !pro && resolution !== undefined ? price.byResolution?.[resolution] : undefined;
	const perSecond = byRes ?? (pro ? price.proPerSecond : price.perSecond);
	if (perSecond === null || !Number.isFinite(perSecond) || !Number.isFinite(duration)) return null;
	return Math.round(perSecond * duration * 1e6) / 1e6;
}

/**
 * Every amount of money CineFlow shows, in the current language: two decimals
 * ("$1.23"), more only under one cent ("$0.005"), never float noise. See
 * formatMoney in i18n/format.ts.
 */
export function formatUsd(usd: number): string {
	return formatMoney(language(), usd);
}

/** A sum of prices without float noise (to a millionth of a dollar). */
export function roundUsd(usd: number): number {
	return Math.round(usd * 1e6) / 1e6;
}
