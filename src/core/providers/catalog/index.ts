/**
 * What each provider offers: base URL, key variable, models with their allowed
 * durations, sizes, capabilities, lifecycle status and default prices. The parser
 * and planner validate against these tables; the adapters (one file per provider)
 * import their entry. One data file per provider lives beside this index.
 *
 * Prices are estimates for the dry run only. Each carries its source; where no
 * source gives a per-second figure, the price is null and shows as "unknown".
 */
import type { ModelSpec } from "../types";
import { fal } from "./fal";
import { grok } from "./grok";
import { kling } from "./kling";
import { luma } from "./luma";
import { minimax } from "./minimax";
import { runway } from "./runway";
import { gemini, veo } from "./google";
import { openai } from "./openai";
import { aihubmix, newapi, t8star } from "./relays";
import { replicate } from "./replicate";
import { dashscope } from "./dashscope";
import { seedance } from "./seedance";
import { sorahk } from "./sorahk";
import type { ProviderInfo } from "./types";
import { wan } from "./wan";
import { t } from "../../i18n";

export type { ProviderInfo } from "./types";

/**
 * Every provider, in the order the settings and `cineflow models` list them: live
 * services first, then the relays and the seed tool's Sora.hk, shut-down entries last.
 */
const ENTRIES: ProviderInfo[] = [
	gemini,
	fal,
	replicate,
	kling,
	seedance,
	runway,
	minimax,
	luma,
	dashscope,
	wan,
	grok,
	newapi,
	t8star,
	aihubmix,
	sorahk,
	veo,
	openai,
];

export const CATALOG: Record<string, ProviderInfo> = Object.fromEntries(ENTRIES.map((p) => [p.id, p]));

export function providerIds(): string[] {
	return Object.keys(CATALOG);
}

export function getProviderInfo(id: string): ProviderInfo | undefined {
	return Object.prototype.hasOwnProperty.call(CATALOG, id) ? CATALOG[id] : undefined;
}

export function getModelSpec(provider: string, model: string): ModelSpec | undefined {
	return getProviderInfo(provider)?.models.find((m) => m.id === model);
}

/** Allowed durations for a model in the given mode, e.g. "10, 15; 25 with pro". */
export function describeDurations(spec: ModelSpec): string {
	const sep = t("provider.durations.separator");
	const base = spec.durations.join(sep);
	if (!spec.proDurations) return base;
	const extra = spec.proDurations.filter((d) => !spec.durations.includes(d));
	return extra.length ? t("provider.durations.withPro", { base, pro: extra.join(sep) }) : base;
}
