/**
 * The vault's own plugin settings, so a vault behaves the same from the CLI as in
 * Obsidian: `<vault>/.obsidian/plugins/cineflow/data.json`, read through the same
 * migration as the plugin. Keys never live there (only secret names); a stray
 * plaintext key is dropped by the migration. Flags still win over these settings.
 */
import { migrateSettings, type Settings, t } from "../core";
import { promises as fs } from "node:fs";
import path from "node:path";

export const PLUGIN_DATA = path.join(".obsidian", "plugins", "cineflow", "data.json");

export interface VaultSettings {
	/** The migrated settings, or null when the vault has no (readable) plugin data. */
	settings: Settings | null;
	/** Things the user should know (unreadable file, reset sections). */
	notes: string[];
}

export async function readVaultSettings(root: string): Promise<VaultSettings> {
	const file = path.join(root, PLUGIN_DATA);
	let text: string;
	try {
		text = await fs.readFile(file, "utf8");
	} catch {
		return { settings: null, notes: [] };
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return { settings: null, notes: [t("cli.vaultSettings.badJson", { file: PLUGIN_DATA })] };
	}
	const m = migrateSettings(raw);
	return { settings: m.settings, notes: m.notes.map((n) => `${PLUGIN_DATA}: ${n}`) };
}

export const APP_CONFIG = path.join(".obsidian", "app.json");

/**
 * Obsidian's "Default location for new attachments" (`attachmentFolderPath` in
 * `.obsidian/app.json`); undefined when unset or unreadable (Obsidian's default: the
 * vault root).
 */
export async function readAttachmentSetting(root: string): Promise<string | undefined> {
	try {
		const raw: unknown = JSON.parse(await fs.readFile(path.join(root, APP_CONFIG), "utf8"));
		const v = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).attachmentFolderPath : undefined;
		return typeof v === "string" ? v : undefined;
	} catch {
		return undefined;
	}
}
