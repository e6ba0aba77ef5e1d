/** API keys for the CLI: from the environment only, never from argv. */
import { getProviderInfo, providerIds } from "../core/providers/catalog";
import { createRedactor, type Redactor } from "../core/redact";
import type { SecretsPort } from "../ports/secrets";

export function envSecrets(env: NodeJS.ProcessEnv): SecretsPort {
	return {
		getKey(providerId: string): string | null {
			const info = getProviderInfo(providerId);
			const specific = info ? env[info.keyEnv] : undefined;
			const v = specific ?? env.CINEFLOW_API_KEY;
			return v && v.trim() ? v.trim() : null;
		},
		getSecondKey(providerId: string): string | null {
			const name = getProviderInfo(providerId)?.secondKey?.env;
			const v = name ? env[name] : undefined;
			return v && v.trim() ? v.trim() : null;
		},
	};
}

export function missingKeyMessage(providerId: string, label: string): string {
	const info = getProviderInfo(providerId);
	if (info?.secondKey) return `no API key for ${label}: set ${info.keyEnv} and ${info.secondKey.env} (its ${info.secondKey.label}) in the environment`;
	return `no API key for ${label}: set ${info?.keyEnv ?? "CINEFLOW_API_KEY"} (or CINEFLOW_API_KEY) in the environment`;
}

/**
 * Redacts every key set in the environment: for messages printed outside a run
 * (usage errors quote flag values, and a key pasted into the wrong flag must not
 * end up in a terminal or CI log).
 */
export function envRedactor(env: NodeJS.ProcessEnv): Redactor {
	const keys = [env.CINEFLOW_API_KEY];
	for (const id of providerIds()) {
		const info = getProviderInfo(id);
		if (info?.keyEnv) keys.push(env[info.keyEnv]);
		if (info?.secondKey) keys.push(env[info.secondKey.env]);
	}
	return createRedactor(keys);
}

/**
 * The hint under a stop the provider's key caused (a 401/403, whose own text may
 * be in any language): which environment variable holds the key it refused. A
 * missing key's message already names it.
 */
export function keyHint(stop: { reason: string; provider?: string; cause?: string }): string | null {
	if (stop.reason !== "auth" || !stop.provider || stop.cause === "missing-key") return null;
	const info = getProviderInfo(stop.provider);
	if (!info) return null;
	const vars = info.secondKey ? `${info.keyEnv} and ${info.secondKey.env}` : `${info.keyEnv} (or CINEFLOW_API_KEY)`;
	return `${info.label} refused the key: check ${vars} in the environment`;
}
