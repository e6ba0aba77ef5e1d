/**
 * Model lookup across the catalog and the user's declarations, and the questions
 * planning asks of it: which models are alive, which have a given control.
 */
import { CATALOG, getProviderInfo } from "./catalog";
import { declaredSpec, type DeclaredModel } from "./declared";
import type { Lifecycle, ModelCaps, ModelSpec } from "./types";
import { t } from "../i18n";

/** A declaration and where it was made ("plugin settings", "Scenes/Ep1.md front matter"). */
export interface Declared {
	model: DeclaredModel;
	where: string;
}

/** Catalog models of a provider, with declared ones added (a declaration replaces a catalog entry of the same id). */
export function modelsOf(provider: string, declared: readonly Declared[] = []): ModelSpec[] {
	const out = new Map<string, ModelSpec>();
	for (const m of getProviderInfo(provider)?.models ?? []) out.set(m.id, m);
	for (const d of declared) if (d.model.provider === provider) out.set(d.model.id, declaredSpec(d.model, d.where));
	return [...out.values()];
}

export function findModel(provider: string, model: string, declared: readonly Declared[] = []): ModelSpec | undefined {
	for (let i = declared.length - 1; i >= 0; i--) {
		const d = declared[i] as Declared;
		if (d.model.provider === provider && d.model.id === model) return declaredSpec(d.model, d.where);
	}
	return getProviderInfo(provider)?.models.find((m) => m.id === model);
}

/** Providers with at least one active catalog model, in catalog order. */
export function liveProviders(): string[] {
	return Object.values(CATALOG)
		.filter((p) => p.models.some((m) => m.lifecycle.status !== "retired"))
		.map((p) => p.id);
}

/** `provider/model` of every active or deprecated catalog model that passes `has` (at most `limit`). */
export function modelsWith(has: (caps: ModelCaps, spec: ModelSpec) => boolean, limit = 6): string[] {
	const out: string[] = [];
	for (const p of Object.values(CATALOG)) {
		for (const m of p.models) if (m.lifecycle.status !== "retired" && has(m.caps, m)) out.push(`${p.id}/${m.id}`);
	}
	return out.length > limit ? [...out.slice(0, limit), t("provider.more", { count: out.length - limit })] : out;
}

/** "retired on 2026-09-24" / "deprecated, shuts down on 2027-01-14" / "active". */
export function lifecycleText(l: Lifecycle): string {
	if (l.status === "retired") return l.shutdown ? t("provider.life.retiredOn", { date: l.shutdown }) : t("provider.life.retired");
	if (l.status === "deprecated") return l.shutdown ? t("provider.life.deprecatedUntil", { date: l.shutdown }) : t("provider.life.deprecated");
	return t("provider.life.active");
}
