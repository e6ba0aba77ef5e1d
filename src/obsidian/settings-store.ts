/**
 * Loading, migrating and saving the plugin's settings (data.json). The API key
 * is never part of them: each provider's settings hold only the *name* of the
 * SecretStorage entry (one secret per provider), and a key found in old data is
 * moved into SecretStorage before the data is rewritten without it.
 */
import type { App } from "obsidian";
import { getProviderInfo } from "../core/providers/catalog";
import { DEFAULT_SETTINGS, migrateSettings, settingsSchema, type Settings } from "../core/settings";
import type { SecretsPort } from "../ports/secrets";
import { isRecord } from "../core/values";

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

/** The SecretStorage id of a provider's second secret (Kling's secret key): `cineflow-kling-secret`. */
export function secondSecretName(providerId: string): string {
	return `${defaultSecretName(providerId)}-secret`;
}

export function obsidianSecrets(app: App, settings: () => Settings): SecretsPort {
	return {
		getKey(providerId: string): string | null {
			const v = app.secretStorage.getSecret(secretNameFor(settings(), providerId));
			return v && v.trim() ? v.trim() : null;
		},
		getSecondKey(providerId: string): string | null {
			return getProviderInfo(providerId)?.secondKey ? readSecret(app, secondSecretName(providerId)) : null;
		},
	};
}

/**
 * Secret storage ids of the other keys a run may need: the uploader for vault
 * images sent to URL-only providers, and Gemini for keyframes. (The script
 * assistant's key name is a setting of its own: assistant.secretName.)
 */
export const REFERENCE_SECRETS = {
	gemini: "cineflow-gemini",
	uploadToken: "cineflow-upload-token",
	s3AccessKeyId: "cineflow-s3-access-key-id",
	s3SecretAccessKey: "cineflow-s3-secret-access-key",
} as const;

export function readSecret(app: App, id: string): string | null {
	const v = app.secretStorage.getSecret(id);
	return v && v.trim() ? v.trim() : null;
}

export function missingKeyMessage(providerId: string, label: string): string {
	const second = getProviderInfo(providerId)?.secondKey;
	if (second) return `No API key for ${label}: add the access key and the ${second.label} in Settings → CineFlow → ${label} (stored in Obsidian's secret storage).`;
	return `No API key for ${label}: add it in Settings → CineFlow → ${label} API key (stored in Obsidian's secret storage).`;
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
	const notes = result.notes.filter((n) => !(moved && n.startsWith("A plaintext API key")));
	if (moved) notes.unshift("Your API key was moved from the plugin's data file into Obsidian's secret storage.");
	return { settings: result.settings, notes, changed: result.changed || moved };
}

/** What saveData() receives: a validated copy of the settings, nothing else. */
export function serializeSettings(settings: Settings): Settings {
	const parsed = settingsSchema.safeParse(settings);
	if (!parsed.success) throw new Error("Settings are invalid: " + parsed.error.issues.map((i) => i.path.join(".")).join(", "));
	return structuredClone(parsed.data);
}

// ----------------------------------------------------------------- validation

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

export function checkInt(text: string, min: number, max: number): Check<number> {
	const t = text.trim();
	if (!/^-?\d+$/.test(t)) return { ok: false, message: `Enter a whole number from ${min} to ${max}.` };
	const n = Number(t);
	if (n < min || n > max) return { ok: false, message: `Must be from ${min} to ${max}.` };
	return { ok: true, value: n };
}

export function checkNumber(text: string, min: number, max: number, allowEmpty = false): Check<number | null> {
	const t = text.trim();
	if (t === "" && allowEmpty) return { ok: true, value: null };
	const n = Number(t);
	if (t === "" || !Number.isFinite(n)) return { ok: false, message: allowEmpty ? "Enter a number, or leave empty." : "Enter a number." };
	if (n < min || n > max) return { ok: false, message: `Must be from ${min} to ${max}.` };
	return { ok: true, value: n };
}

export function checkUrl(text: string): Check<string | undefined> {
	const t = text.trim();
	if (t === "") return { ok: true, value: undefined };
	if (!/^https?:\/\/[^\s/]+/i.test(t)) return { ok: false, message: "Enter an address starting with https:// (or http:// for a local server)." };
	return { ok: true, value: t.replace(/\/+$/, "") };
}

export function checkFolderName(text: string): Check<string> {
	const t = text.trim();
	if (t === "") return { ok: false, message: "Enter a folder name." };
	if (/[\\/:*?"<>|#^[\]]/.test(t) || t.startsWith(".")) return { ok: false, message: "Use a plain folder name (no slashes, no leading dot, none of : * ? \" < > | # ^ [ ])." };
	return { ok: true, value: t };
}
