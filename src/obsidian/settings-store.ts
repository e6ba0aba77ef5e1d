/**
 * Loading, migrating and saving the plugin's settings (data.json). The API key
 * is never part of them: each provider's settings hold only the *name* of the
 * SecretStorage entry (one secret per provider), and a key found in old data is
 * moved into SecretStorage before the data is rewritten without it.
 */
import type { App } from "obsidian";
import { DEFAULT_SETTINGS, getProviderInfo, isRecord, migrateSettings, render, type Settings, settingsSchema, t } from "../core";
import type { SecretsPort } from "../ports/secrets";

/** The SecretStorage id a provider's key lives under unless the user picked another. */
export function defaultSecretName(providerId: string): string {
	const slug = providerId
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, "-")
		.replace(/^-+|-+$/g, "");
	return `cineflow-${slug || "key"}`;
}

export function secretNameFor(settings: Settings, providerId: string): string {
	return settings.providers[providerId]?.secretName || defaultSecretName(providerId);
}

/** The default SecretStorage id of a provider's second secret (Kling's secret key): `cineflow-kling-secret`. */
export function secondSecretName(providerId: string): string {
	return `${defaultSecretName(providerId)}-secret`;
}

/** The id of the secret the user picked for a provider's second key, or the default one. */
export function secondSecretNameFor(settings: Settings, providerId: string): string {
	return settings.providers[providerId]?.secondSecretName || secondSecretName(providerId);
}

export function obsidianSecrets(app: App, settings: () => Settings): SecretsPort {
	return {
		getKey(providerId: string): string | null {
			const v = app.secretStorage.getSecret(secretNameFor(settings(), providerId));
			return v && v.trim() ? v.trim() : null;
		},
		getSecondKey(providerId: string): string | null {
			return getProviderInfo(providerId)?.secondKey ? readSecret(app, secondSecretNameFor(settings(), providerId)) : null;
		},
	};
}

/*
 * The other keys a run may need (the uploader's token and S3 keys, Gemini for
 * keyframes, the script assistant) are settings too: each stores the id of the
 * secret the user picked (uploader.tokenSecret, uploader.s3AccessKeySecret,
 * uploader.s3SecretKeySecret, keyframes.secretName, assistant.secretName), with
 * the ids earlier versions used as defaults.
 */

export function readSecret(app: App, id: string): string | null {
	const v = app.secretStorage.getSecret(id);
	return v && v.trim() ? v.trim() : null;
}

export function missingKeyMessage(providerId: string, label: string): string {
	const second = getProviderInfo(providerId)?.secondKey;
	if (second) return t("settings.store.missingKeys", { provider: label, second: second.label });
	return t("settings.store.missingKey", { provider: label });
}

export interface LoadedSettings {
	settings: Settings;
	/** Messages for the user (shown once, in a notice). */
	notes: string[];
	/** The stored data should be rewritten (migrated, repaired, or a key removed). */
	changed: boolean;
}

/**
 * Turns what loadData() returned into current settings. A plaintext `apiKey` in
 * old data is moved into SecretStorage (unless a secret is already there).
 */
export function loadSettings(app: App, raw: unknown): LoadedSettings {
	let moved = false;
	if (isRecord(raw) && typeof raw.apiKey === "string" && raw.apiKey.trim()) {
		const provider = typeof raw.provider === "string" && getProviderInfo(raw.provider) ? raw.provider : DEFAULT_SETTINGS.provider;
		const name = defaultSecretName(provider);
		if (!app.secretStorage.getSecret(name)) app.secretStorage.setSecret(name, raw.apiKey.trim());
		moved = true;
	}
	const result = migrateSettings(raw);
	// The key was moved rather than lost: that note replaces the migration's "removed" one.
	const notes = result.messages.filter((m) => !(moved && m.code === "parse.settings.keyRemoved")).map((m) => render(m));
	if (moved) notes.unshift(t("settings.store.keyMoved"));
	return { settings: result.settings, notes, changed: result.changed || moved };
}

/** What saveData() receives: a validated copy of the settings, nothing else. */
export function serializeSettings(settings: Settings): Settings {
	const parsed = settingsSchema.safeParse(settings);
	if (!parsed.success) throw new Error(t("settings.store.invalid", { fields: parsed.error.issues.map((i) => i.path.join(".")).join(", ") }));
	return structuredClone(parsed.data);
}
