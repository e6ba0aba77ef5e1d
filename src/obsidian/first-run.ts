/**
 * A fresh install has no provider: several services CineFlow once spoke have shut
 * down, so it never picks one for the user. One notice says where to choose.
 */
import { Notice } from "obsidian";
import { liveProviders, type Settings, t } from "../core";

/** The first-run message, or null once a provider is chosen. */
export function providerChoiceMessage(settings: Settings): string | null {
	if (settings.provider) return null;
	return t("plugin.firstRun", { count: liveProviders().length });
}

export function offerProviderChoice(settings: Settings): void {
	const message = providerChoiceMessage(settings);
	if (message) new Notice(message, 15_000);
}
