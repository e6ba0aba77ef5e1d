/** API keys for the CLI: from the environment only, never from argv. */
import { getProviderInfo } from "../core/providers/catalog";
import type { SecretsPort } from "../ports/secrets";

export function envSecrets(env: NodeJS.ProcessEnv): SecretsPort {
	return {
		getKey(providerId: string): string | null {
			const info = getProviderInfo(providerId);
			const specific = info ? env[info.keyEnv] : undefined;
			const v = specific ?? env.CINEFLOW_API_KEY;
			return v && v.trim() ? v.trim() : null;
		},
	};
}

export function missingKeyMessage(providerId: string, label: string): string {
	const info = getProviderInfo(providerId);
	return `no API key for ${label}: set ${info?.keyEnv ?? "CINEFLOW_API_KEY"} (or CINEFLOW_API_KEY) in the environment`;
}
