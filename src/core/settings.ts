/**
 * Plugin/CLI settings: forward migration of saved data. Each setting is declared
 * once in settings/table.ts; the schema, type and defaults are generated from it
 * (settings/schema.ts). Pure; the Obsidian adapter persists them with saveData,
 * the CLI builds them from flags (cli/setting-flags.ts).
 * The API key is never part of settings: only the name of the secret that holds it.
 */
import { render, type Message } from "./i18n";
import { isRecord } from "./values";
import { DEFAULT_SETTINGS, SETTING_SECTIONS, settingsSchema, type Settings } from "./settings/schema";

export { DEFAULT_SETTINGS, SETTINGS_VERSION, settingsSchema, type PriceOverride, type ProviderSettings, type Settings } from "./settings/schema";
export { SETTINGS, settingDecl, type SettingPath } from "./settings/table";
export { checkSettingText, rangeMessage, rangeText, type SettingDecl } from "./settings/declare";

/** Gemini image previews shut down on 2026-06-25 (Gemini deprecations page), and their GA replacements. */
const RETIRED_IMAGE_MODELS: Record<string, string> = {
	"gemini-3-pro-image-preview": "gemini-3-pro-image",
	"gemini-3.1-flash-image-preview": "gemini-3.1-flash-image",
};

export class SettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "SettingsError";
	}
}

/**
 * Version 1 (0.0.x previews) kept a flat shape: `concurrency: number`,
 * `maxConcurrency`, `pollMaxMinutes`, `outputFolderName`, and sometimes an `apiKey`
 * field. The key is dropped here (it belongs in SecretStorage); `migrateSettings`
 * reports that it did so.
 */
function migrateV1(raw: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...raw };
	delete out.apiKey;
	const conc = typeof raw.concurrency === "number" ? raw.concurrency : undefined;
	const max = typeof raw.maxConcurrency === "number" ? raw.maxConcurrency : undefined;
	out.concurrency = {
		...DEFAULT_SETTINGS.concurrency,
		...(conc !== undefined ? { initial: conc } : {}),
		...(max !== undefined ? { max } : {}),
	};
	delete out.maxConcurrency;
	if (typeof raw.pollMaxMinutes === "number") {
		// Its give-up time is a warning now (see migrateWaits).
		out.polling = {
			...DEFAULT_SETTINGS.polling,
			warnAfterMinutes: raw.pollMaxMinutes,
			maxWaitMinutes: Math.min(24 * 60, Math.max(raw.pollMaxMinutes, DEFAULT_SETTINGS.polling.maxWaitMinutes)),
		};
	}
	delete out.pollMaxMinutes;
	if (typeof raw.outputFolderName === "string") out.outputFolder = raw.outputFolderName;
	delete out.outputFolderName;
	out.version = 2;
	return out;
}

/**
 * Settings saved before `warnAfterMinutes` existed: their `maxWaitMinutes` (35 by
 * default) gave up a job the provider still ran. It becomes the warning time, and
 * the wait limit becomes the new default (hours) unless the saved one was longer.
 * Idempotent: data that has `warnAfterMinutes` is left alone. Returns true when it
 * changed something.
 */
function migrateWaits(data: Record<string, unknown>): boolean {
	const p = data.polling;
	if (!isRecord(p) || p.warnAfterMinutes !== undefined || (p.maxWaitMinutes === undefined && p.maxWaitProMinutes === undefined)) return false;
	const d = DEFAULT_SETTINGS.polling;
	const num = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fallback);
	const oldWait = num(p.maxWaitMinutes, d.warnAfterMinutes);
	const oldPro = num(p.maxWaitProMinutes, d.warnAfterProMinutes);
	data.polling = {
		...p,
		warnAfterMinutes: Math.min(oldWait, 24 * 60),
		warnAfterProMinutes: Math.min(oldPro, 24 * 60),
		maxWaitMinutes: Math.min(24 * 60, Math.max(oldWait, d.maxWaitMinutes)),
		maxWaitProMinutes: Math.min(24 * 60, Math.max(oldPro, d.maxWaitProMinutes)),
	};
	return true;
}

export interface MigrationResult {
	settings: Settings;
	/** Things the user should know (e.g. a plaintext key was removed from data.json), in the current language. */
	notes: string[];
	/** The same notes as typed messages (stable codes, rendered where they are shown). */
	messages: Message[];
	/** True when the stored data should be rewritten. */
	changed: boolean;
}

/** Turns whatever loadData() returned into valid current settings. Never throws. */
export function migrateSettings(raw: unknown): MigrationResult {
	const messages: Message[] = [];
	const done = (settings: Settings, changed: boolean): MigrationResult => ({ settings, notes: messages.map((m) => render(m)), messages, changed });
	if (!isRecord(raw)) return done(structuredClone(DEFAULT_SETTINGS), raw != null);
	let data: Record<string, unknown> = { ...raw };
	let changed = false;
	const version = typeof data.version === "number" ? data.version : 1;
	if (version < 2) {
		if ("apiKey" in data) messages.push({ code: "parse.settings.keyRemoved" });
		data = migrateV1(data);
		changed = true;
	}
	if (migrateWaits(data)) {
		const polling = data.polling as Record<string, unknown>;
		messages.push({ code: "parse.settings.waits", params: { warn: String(polling.warnAfterMinutes), max: String(polling.maxWaitMinutes) } });
		changed = true;
	}
	// Fill anything missing from defaults, section by section, then validate.
	const merged: Record<string, unknown> = { ...structuredClone(DEFAULT_SETTINGS), ...data };
	for (const key of SETTING_SECTIONS) {
		const d = (DEFAULT_SETTINGS as unknown as Record<string, Record<string, unknown>>)[key] ?? {};
		const v = data[key];
		merged[key] = isRecord(v) ? { ...d, ...v } : structuredClone(d);
	}
	const parsed = settingsSchema.safeParse(merged);
	if (!parsed.success) {
		messages.push({ code: "parse.settings.reset", params: { keys: parsed.error.issues.map((i) => i.path.join(".")).join(", ") } });
		// Keep valid sections, reset the rest.
		const fixed: Record<string, unknown> = { ...merged };
		for (const issue of parsed.error.issues) {
			const top = issue.path[0];
			if (typeof top === "string" && top in DEFAULT_SETTINGS) {
				fixed[top] = structuredClone((DEFAULT_SETTINGS as Record<string, unknown>)[top]);
			}
		}
		const again = settingsSchema.safeParse(fixed);
		return done(again.success ? again.data : structuredClone(DEFAULT_SETTINGS), true);
	}
	const keyframeModel = Object.prototype.hasOwnProperty.call(RETIRED_IMAGE_MODELS, parsed.data.keyframes.model)
		? RETIRED_IMAGE_MODELS[parsed.data.keyframes.model]
		: undefined;
	if (keyframeModel) {
		messages.push({ code: "parse.settings.keyframeModel", params: { old: parsed.data.keyframes.model, model: keyframeModel } });
		parsed.data.keyframes.model = keyframeModel;
		changed = true;
	}
	if (parsed.data.concurrency.max < parsed.data.concurrency.initial) {
		parsed.data.concurrency.max = parsed.data.concurrency.initial;
		changed = true;
	}
	return done(parsed.data, changed);
}
