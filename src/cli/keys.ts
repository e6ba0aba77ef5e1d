/** API keys for the CLI: from the environment only, never from argv. */
import { createRedactor, explainStop, getProviderInfo, providerIds, type Redactor, render, t } from "../core";
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
	if (info?.secondKey)
		return t("cli.keys.missingTwo", { provider: label, keyEnv: info.keyEnv, secondEnv: info.secondKey.env, secondLabel: info.secondKey.label });
	return t("cli.keys.missing", { provider: label, keyEnv: info?.keyEnv ?? "CINEFLOW_API_KEY" });
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
 * The hint under a stop a provider caused (its own text may be in any language), in
 * the interface's language: for a refused key (401/403), which environment variable
 * holds it; for no balance left or a retired model, what CineFlow understood and what
 * to do. A missing key's message already names the variable.
 */
export function keyHint(stop: { reason: string; provider?: string; cause?: string }): string | null {
	const m = explainStop(stop, "cli");
	return m ? render(m) : null;
}
