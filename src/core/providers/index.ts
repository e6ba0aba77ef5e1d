/**
 * The adapter registry: one ProviderAdapter per catalog id. A catalog entry names
 * its wire format in `adapter`; several entries may share one (the NewAPI relays).
 * Adding a provider = one catalog data file + one adapter file + one line below.
 */
import { adapterFields } from "./base";
import { CATALOG, type ProviderInfo } from "./catalog";
import { createFalAdapter } from "./fal";
import { grokAdapter } from "./grok";
import { klingAdapter } from "./kling";
import { lumaAdapter } from "./luma";
import { minimaxAdapter } from "./minimax";
import { createGeminiAdapter } from "./gemini";
import { createNewApiAdapter } from "./newapi";
import { openaiAdapter } from "./openai";
import { runwayAdapter } from "./runway";
import { replicateAdapter } from "./replicate";
import { dashscopeAdapter } from "./dashscope";
import { seedanceAdapter } from "./seedance";
import { sorahkAdapter } from "./sorahk";
import type { ProviderAdapter } from "./types";
import { veoAdapter } from "./veo";
import { wanAdapter } from "./wan";
import { t } from "../i18n";

/** An adapter for a catalog entry: a fixed adapter rebranded with the entry's fields, or a factory. */
type AdapterSource = ProviderAdapter | ((info: ProviderInfo) => ProviderAdapter);

const ADAPTERS: Record<string, AdapterSource> = {
	fal: createFalAdapter,
	sorahk: sorahkAdapter,
	openai: openaiAdapter,
	newapi: createNewApiAdapter,
	veo: veoAdapter,
	gemini: createGeminiAdapter,
	wan: wanAdapter,
	grok: grokAdapter,
	kling: klingAdapter,
	seedance: seedanceAdapter,
	dashscope: dashscopeAdapter,
	replicate: replicateAdapter,
	runway: runwayAdapter,
	luma: lumaAdapter,
	minimax: minimaxAdapter,
};

function build(): Map<string, ProviderAdapter> {
	const out = new Map<string, ProviderAdapter>();
	for (const info of Object.values(CATALOG)) {
		const source = ADAPTERS[info.adapter];
		if (!source) throw new Error(t("provider.unknownAdapter", { id: info.id, adapter: info.adapter }));
		if (typeof source === "function") out.set(info.id, source(info));
		else out.set(info.id, source.id === info.id ? source : { ...source, ...adapterFields(info) });
	}
	return out;
}

let registry: Map<string, ProviderAdapter> | undefined;

function reg(): Map<string, ProviderAdapter> {
	registry ??= build();
	return registry;
}

/** The adapter for a catalog id; throws for an unknown id (the settings validate ids first). */
export function getAdapter(providerId: string): ProviderAdapter {
	const a = reg().get(providerId);
	if (!a) throw new Error(t("provider.unknownKnown", { id: providerId, known: [...reg().keys()].join(", ") }));
	return a;
}

/** Every adapter, in catalog order. */
export function listAdapters(): ProviderAdapter[] {
	return [...reg().values()];
}

export { createNewApiAdapter, type NewApiFlavor } from "./newapi";
export { createOpenAiShapedAdapter } from "./openai";
