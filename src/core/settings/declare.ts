/**
 * What one setting is, declared once (see table.ts): its path in the settings
 * object, its kind and range, default, label and help, whether it is a basic or an
 * advanced setting, and its command-line flag if it has one. The zod schema
 * (schema.ts), the plugin's settings rows (src/obsidian/settings/) and the CLI
 * flags (src/cli/setting-flags.ts) are all generated from these entries, and every
 * range check goes through `checkSettingText`, so the plugin and the CLI say the
 * same thing about the same mistake. Pure.
 */

/** The settings tab's sections, in the order they are drawn. */
export type SectionId = "provider" | "defaults" | "output" | "costs" | "pacing" | "references" | "assistant";

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
	label: string;
	help?: string;
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
	/** Display names, in `values` order. */
	labels: readonly string[];
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

/** "a whole number from 1 to 64": the range of a number setting, as both the plugin and the CLI word it. */
export function rangeText(d: NumberDecl): string {
	return `${d.int ? "a whole number" : "a number"} from ${d.min} to ${d.max}`;
}

/** The message for a value outside a number setting's range (or not a number). */
export function rangeMessage(d: NumberDecl): string {
	return `Must be ${rangeText(d)}${d.empty === "null" || d.empty === "absent" ? ", or empty" : ""}.`;
}

const URL_RE = /^https?:\/\/[^\s/]+/i;
const FOLDER_BAD = /[\\/:*?"<>|#^[\]]/;

/**
 * Reads what a user typed for a setting (a settings field or a flag's value).
 * `others` gives the current value of the settings it is compared with (atLeast /
 * atMost). The message is a sentence; the CLI puts the flag name before it.
 */
export function checkSettingText(d: SettingDecl, text: string, others: (path: string) => unknown = () => undefined): Check<unknown> {
	const t = text.trim();
	switch (d.kind) {
		case "number": {
			if (t === "" && d.empty) return { ok: true, value: d.empty === "null" ? null : undefined };
			const n = Number(t);
			if (t === "" || !Number.isFinite(n) || (d.int && !Number.isInteger(n)) || n < d.min || n > d.max) return { ok: false, message: rangeMessage(d) };
			const low = d.atLeast !== undefined ? others(d.atLeast) : undefined;
			if (typeof low === "number" && n < low) return { ok: false, message: `Must be at least ${labelOf(d.atLeast ?? "")} (${low}).` };
			const high = d.atMost !== undefined ? others(d.atMost) : undefined;
			if (typeof high === "number" && n > high) return { ok: false, message: `Must not exceed ${labelOf(d.atMost ?? "")} (${high}).` };
			return { ok: true, value: n };
		}
		case "boolean": {
			if (/^(on|true|yes|1)$/i.test(t)) return { ok: true, value: true };
			if (/^(off|false|no|0)$/i.test(t)) return { ok: true, value: false };
			return { ok: false, message: "Must be on or off." };
		}
		case "enum":
			return d.values.includes(t) ? { ok: true, value: t } : { ok: false, message: `Must be one of ${d.values.join(", ")}.` };
		case "text":
		case "secret": {
			if (t === "") {
				if (d.kind === "text" && d.required) return { ok: false, message: d.format === "url" ? "Enter an address." : d.format === "folder" ? "Enter a folder name." : `Enter ${d.label.toLowerCase()}.` };
				return { ok: true, value: d.empty === "absent" ? undefined : "" };
			}
			if (d.kind === "secret") return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(t) ? { ok: true, value: t } : { ok: false, message: "Use lowercase letters, digits and dashes." };
			if (d.format === "url") return URL_RE.test(t) ? { ok: true, value: t.replace(/\/+$/, "") } : { ok: false, message: "Enter an address starting with https:// (or http:// for a local server)." };
			if (d.format === "folder" && (FOLDER_BAD.test(t) || t.startsWith("."))) return { ok: false, message: 'Use a plain folder name (no slashes, no leading dot, none of : * ? " < > | # ^ [ ]).' };
			return { ok: true, value: t };
		}
	}
}

/** Labels of the settings other checks refer to, filled by table.ts (kept here so checks stay pure and cycle-free). */
const LABELS = new Map<string, string>();
export function registerLabels(entries: readonly SettingDecl[]): void {
	for (const e of entries) LABELS.set(e.path, e.label.toLowerCase());
}
function labelOf(path: string): string {
	return `the ${LABELS.get(path) ?? path}`;
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
