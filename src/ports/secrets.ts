/** API keys, looked up at use time. Never stored in settings, notes, logs or errors. */
export interface SecretsPort {
	/** The key for a provider id (e.g. "sorahk"), or null if none is configured. */
	getKey(providerId: string): string | null;
	/** The second secret of a provider whose catalog entry declares `secondKey` (Kling's secret key). */
	getSecondKey?(providerId: string): string | null;
}
