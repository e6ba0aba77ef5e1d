/**
 * The adapter registry: one ProviderAdapter per catalog id. NewAPI-style entries
 * (newapi, t8star, aihubmix) share the NewAPI adapter with their catalog flavor.
 */
import { CATALOG } from "./catalog";
import { adapterFields } from "./common";
import { grokAdapter } from "./grok";
import { createNewApiAdapter } from "./newapi";
import { openaiAdapter } from "./openai";
import { sorahkAdapter } from "./sorahk";
import type { ProviderAdapter } from "./types";
import { veoAdapter } from "./veo";
import { wanAdapter } from "./wan";

function build(): Map<string, ProviderAdapter> {
	const out = new Map<string, ProviderAdapter>();
	for (const info of Object.values(CATALOG)) {
		switch (info.adapter) {
			case "sorahk":
				out.set(info.id, info.id === sorahkAdapter.id ? sorahkAdapter : { ...sorahkAdapter, ...rebrand(info) });
				break;
			case "openai":
				out.set(info.id, info.id === openaiAdapter.id ? openaiAdapter : { ...openaiAdapter, ...rebrand(info) });
				break;
			case "newapi":
				out.set(info.id, createNewApiAdapter(info));
				break;
			case "veo":
				out.set(info.id, info.id === veoAdapter.id ? veoAdapter : { ...veoAdapter, ...rebrand(info) });
				break;
			case "wan":
				out.set(info.id, info.id === wanAdapter.id ? wanAdapter : { ...wanAdapter, ...rebrand(info) });
				break;
			case "grok":
				out.set(info.id, info.id === grokAdapter.id ? grokAdapter : { ...grokAdapter, ...rebrand(info) });
				break;
		}
	}
	return out;
}

function rebrand(info: (typeof CATALOG)[string]): Partial<ProviderAdapter> {
	return adapterFields(info);
}

let registry: Map<string, ProviderAdapter> | undefined;

function reg(): Map<string, ProviderAdapter> {
	registry ??= build();
	return registry;
}

/** The adapter for a catalog id; throws for an unknown id (the settings validate ids first). */
export function getAdapter(providerId: string): ProviderAdapter {
	const a = reg().get(providerId);
	if (!a) throw new Error(`Unknown provider "${providerId}". Known providers: ${[...reg().keys()].join(", ")}`);
	return a;
}

/** Every adapter, in catalog order. */
export function listAdapters(): ProviderAdapter[] {
	return [...reg().values()];
}

export { createNewApiAdapter, type NewApiFlavor } from "./newapi";
export { createOpenAiShapedAdapter } from "./openai";
