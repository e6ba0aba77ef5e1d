/**
 * The hint under a notice for a key the provider refused (its own text may be in any
 * language): which setting holds that key. Composed here, where the notice is shown,
 * from the stop's typed reason and provider; a missing key's message already says it.
 */
import { getProviderInfo } from "../core/providers/catalog";
import type { StopEvent } from "../core/events";

export function keySettingHint(stop: Pick<StopEvent, "reason" | "provider" | "cause">): string | null {
	if (stop.reason !== "auth" || !stop.provider || stop.cause === "missing-key") return null;
	const label = getProviderInfo(stop.provider)?.label ?? stop.provider;
	return `Check Settings → CineFlow → ${label} key.`;
}
