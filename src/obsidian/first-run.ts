/**
 * A fresh install has no provider: several services CineFlow once spoke have shut
 * down, so it never picks one for the user. One notice says where to choose.
 */
import { Notice } from "obsidian";
import { liveProviders } from "../core/providers/models";
import type { Settings } from "../core/settings";

/** The first-run message, or null once a provider is chosen. */
export function providerChoiceMessage(settings: Settings): string | null {
	if (settings.provider) return null;
	return `CineFlow: choose a video provider in Settings → CineFlow before your first run (available: ${liveProviders().length} services, e.g. Google Gemini, fal.ai, Replicate).`;
}

export function offerProviderChoice(settings: Settings): void {
	const message = providerChoiceMessage(settings);
	if (message) new Notice(message, 15_000);
}
