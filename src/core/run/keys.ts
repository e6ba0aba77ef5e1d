/**
 * Keys before anything is sent: a run that would send to a provider without a key
 * stops once, before its first request, naming where the key goes (the caller's
 * `missingKey` words it: the environment variable, or the plugin setting).
 */
import { getProviderInfo } from "../providers/catalog";
import type { RunContext } from "./context";
import type { WorkItem } from "./options";

/** One stop event per provider without a key; their messages, or null when every key is there. */
export function stopForMissingKeys(ctx: RunContext, ready: readonly WorkItem[], keyFor: (provider: string) => string | null): string | null {
	const messages: string[] = [];
	for (const provider of new Set(ready.map((w) => w.job.provider))) {
		const info = getProviderInfo(provider);
		if (!info || keyFor(provider)) continue;
		const message = ctx.opts.missingKey(provider, info.label);
		ctx.emit({ type: "stop", at: ctx.opts.clock.now(), reason: "auth", message, provider, cause: "missing-key" });
		messages.push(message);
	}
	return messages.length ? messages.join("\n") : null;
}
