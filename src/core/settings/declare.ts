/**
 * What one setting is, declared once (see table.ts): its path in the settings
 * object, its kind and range, default, label and help, whether it is a basic or an
 * advanced setting, and its command-line flag if it has one. The zod schema
 * (schema.ts), the plugin's settings rows (src/obsidian/settings/) and the CLI
 * flags (src/cli/setting-flags.ts) are all generated from these entries, and every
 * range check goes through `checkSettingText`, so the plugin and the CLI say the
 * same thing about the same mistake, in the current language: labels, help and
 * option names are catalog keys (core/i18n/messages/settings.ts), rendered by
 * `settingLabel`, `settingHelp` and `optionLabel`. Pure.
 */
import { formatList, language, t, type MessageKey } from "../i18n";

/** The settings tab's sections, in the order they are drawn. */
export type SectionId = "provider" | "defaults" | "output" | "costs" | "pacing" | "references" | "assistant" | "interface";

/** A command-line flag for a setting. */
export interface FlagDecl {
	name: string;
	/** The command that takes it (default: generate). */
	command?: "generate" | "draft";
	/**
	 * Booleans: "switch" (`--safe-mode` turns it on; with `invert`, `--s3-virtual-host`
	 * turns it off) or "on-off" (`--matrix-labels on|off`).
	 */
	form?: "switch" | "on-off";
	invert?: boolean;
	/** The value's name in `--help` (N, URL, USD…). */
	meta?: string;
}

interface DeclBase {
	/** Dotted path in Settings; `providers.*.x` is a field of every provider's entry. */
	path: string;
	/** Catalog keys of the label and the description (rendered with `settingLabel` / `settingHelp`). */
	label: MessageKey;
	help?: MessageKey;
	level: "basic" | "advanced";
	section: SectionId;
	flag?: FlagDecl;
	/** The settings tab draws this row itself (a provider list, a model list…), still under this label. */
	custom?: true;
	/** Shown only when another setting has one of these values. */
	when?: { path: string; is: readonly string[] };
	placeholder?: string;
}

export interface NumberDecl extends DeclBase {
	kind: "number";
	min: number;
	max: number;
	int?: boolean;
	/** What an empty field means: null ("null"), or the key is left out ("absent"). Default: required. */
	empty?: "null" | "absent";
	default: number | null | undefined;
	/** Must be at least / at most the value of another number setting. */
	atLeast?: string;
	atMost?: string;
}

export interface BooleanDecl extends DeclBase {
	kind: "boolean";
	default: boolean;
}

export interface EnumDecl extends DeclBase {
	kind: "enum";
	values: readonly string[];
	/** Catalog keys of the display names, in `values` order; without them the values are shown as they are (PUT, 1K). */
	labels?: readonly MessageKey[];
	default: string;
}

export interface TextDecl extends DeclBase {
	kind: "text";
	/** url: http(s) address, trailing slashes dropped; folder: one plain folder name. */
	format?: "url" | "folder" | "plain";
	/** An empty field is refused (the schema requires at least one character). */
	required?: boolean;
	/** An empty field removes the key (per-provider fields). */
	empty?: "absent";
	default: string | undefined;
}

/** The *id* of a SecretStorage entry (never the secret itself). */
export interface SecretDecl extends DeclBase {
	kind: "secret";
	empty?: "absent";
	default: string | undefined;
}

export type SettingDecl = NumberDecl | BooleanDecl | EnumDecl | TextDecl | SecretDecl;

// ----------------------------------------------------------------- values

/** The value a declaration stands for (for the Settings type). */
export type ValueOf<D> = D extends { kind: "number"; empty: "null" }
	? number | null
	: D extends { kind: "number" }
		? number
		: D extends { kind: "boolean" }
			? boolean
			: D extends { kind: "enum"; values: readonly (infer V)[] }
				? V
				: string;

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

/** A setting's label in the current language. */
export function settingLabel(d: SettingDecl): string {
	return t(d.label);
}

/** A setting's description in the current language, if it has one. */
export function settingHelp(d: SettingDecl): string | undefined {
	return d.help ? t(d.help) : undefined;
}

/** The display name of one value of a choice (the value itself when the table names none). */
export function optionLabel(d: EnumDecl, value: string): string {
	const key = d.labels?.[d.values.indexOf(value)];
	return key ? t(key) : value;
}

/** "a whole number from 1 to 64": the range of a number setting, as the CLI's --help words it. */
export function rangeText(d: NumberDecl): string {
	return t(d.int ? "settings.flag.wholeNumber" : "settings.flag.number", { min: d.min, max: d.max });
}

/** "A whole number from 1 to 64.": the range as a sentence, for a settings row's description. */
export function rangeSentence(d: NumberDecl): string {
	return t(d.int ? "settings.range.wholeNumber" : "settings.range.number", { min: d.min, max: d.max });
}

/** The message for a value outside a number setting's range (or not a number). */
export function rangeMessage(d: NumberDecl): string {
	const empty = d.empty === "null" || d.empty === "absent";
	const key: MessageKey = d.int
		? empty
			? "settings.check.wholeNumberOrEmpty"
			: "settings.check.wholeNumber"
		: empty
			? "settings.check.numberOrEmpty"
			: "settings.check.number";
	return t(key, { min: d.min, max: d.max });
}

const URL_RE = /^https?:\/\/[^\s/]+/i;
const FOLDER_BAD = /[\\/:*?"<>|#^[\]]/;

/**
 * Reads what a user typed for a setting (a settings field or a flag's value).
 * `others` gives the current value of the settings it is compared with (atLeast /
 * atMost). The message is a sentence; the CLI puts the flag name before it.
 */
export function checkSettingText(d: SettingDecl, raw: string, others: (path: string) => unknown = () => undefined): Check<unknown> {
	const text = raw.trim();
	switch (d.kind) {
		case "number": {
			if (text === "" && d.empty) return { ok: true, value: d.empty === "null" ? null : undefined };
			const n = Number(text);
			if (text === "" || !Number.isFinite(n) || (d.int && !Number.isInteger(n)) || n < d.min || n > d.max) return { ok: false, message: rangeMessage(d) };
			const low = d.atLeast !== undefined ? others(d.atLeast) : undefined;
			if (typeof low === "number" && n < low)
				return { ok: false, message: t("settings.check.atLeast", { setting: labelOf(d.atLeast ?? ""), value: low }) };
			const high = d.atMost !== undefined ? others(d.atMost) : undefined;
			if (typeof high === "number" && n > high)
				return { ok: false, message: t("settings.check.atMost", { setting: labelOf(d.atMost ?? ""), value: high }) };
			return { ok: true, value: n };
		}
		case "boolean": {
			if (/^(on|true|yes|1)$/i.test(text)) return { ok: true, value: true };
			if (/^(off|false|no|0)$/i.test(text)) return { ok: true, value: false };
			return { ok: false, message: t("settings.check.onOff") };
		}
		case "enum":
			return d.values.includes(text)
				? { ok: true, value: text }
				: { ok: false, message: t("settings.check.oneOf", { values: formatList(language(), d.values) }) };
		case "text":
		case "secret": {
			if (text === "") {
				if (d.kind === "text" && d.required)
					return {
						ok: false,
						message:
							d.format === "url"
								? t("settings.check.enterAddress")
								: d.format === "folder"
									? t("settings.check.enterFolder")
									: t("settings.check.enterValue", { setting: settingLabel(d).toLowerCase() }),
					};
				return { ok: true, value: d.empty === "absent" ? undefined : "" };
			}
			if (d.kind === "secret")
				return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text) ? { ok: true, value: text } : { ok: false, message: t("settings.check.secretId") };
			if (d.format === "url") return URL_RE.test(text) ? { ok: true, value: text.replace(/\/+$/, "") } : { ok: false, message: t("settings.check.url") };
			if (d.format === "folder" && (FOLDER_BAD.test(text) || text.startsWith("."))) return { ok: false, message: t("settings.check.folder") };
			return { ok: true, value: text };
		}
	}
}

/** Labels of the settings other checks refer to, filled by table.ts (kept here so checks stay pure and cycle-free). */
const LABELS = new Map<string, MessageKey>();
export function registerLabels(entries: readonly SettingDecl[]): void {
	for (const e of entries) LABELS.set(e.path, e.label);
}
/** The label another check names, lower-cased for the middle of a sentence ("the initial concurrency"). */
function labelOf(path: string): string {
	const key = LABELS.get(path);
	return key ? t(key).toLowerCase() : path;
}

// ----------------------------------------------------------------- paths

/** The value at a dotted path (`providers.*.x` is not read here). */
export function getAt(obj: unknown, path: string): unknown {
	let cur: unknown = obj;
	for (const part of path.split(".")) {
		if (typeof cur !== "object" || cur === null) return undefined;
		cur = (cur as Record<string, unknown>)[part];
	}
	return cur;
}

/** Sets (or, for undefined, deletes) the value at a dotted path, creating objects on the way. */
export function setAt(obj: Record<string, unknown>, path: string, value: unknown): void {
	const parts = path.split(".");
	let cur = obj;
	for (const part of parts.slice(0, -1)) {
		const next = cur[part];
		if (typeof next !== "object" || next === null) cur[part] = {};
		cur = cur[part] as Record<string, unknown>;
	}
	const last = parts[parts.length - 1] as string;
	if (value === undefined) delete cur[last];
	else cur[last] = value;
}

/** How a value is shown in a text field or in `--help`. */
export function formatValue(v: unknown): string {
	if (v === null || v === undefined) return "";
	if (typeof v === "boolean") return v ? "on" : "off";
	return typeof v === "number" || typeof v === "string" ? String(v) : JSON.stringify(v);
}
