/**
 * The command-line flags that set a setting, generated from the settings table
 * (core/settings/table.ts): their parsing spec, their validation (the same check,
 * and so the same message, as the plugin's settings field) and their `--help` lines.
 */
import {
	checkSettingText,
	formatValue,
	getAt,
	type Lang,
	language,
	rangeText,
	setAt,
	type SettingDecl,
	settingLabel,
	SETTINGS,
	type Settings,
	t,
} from "../core";
import { UsageError, type FlagSpec, type Parsed } from "./args";

type Command = "generate" | "draft";

function flagged(command: Command): SettingDecl[] {
	return SETTINGS.filter((d) => d.flag && (d.flag.command ?? "generate") === command);
}

/** `--safe-mode` and `--s3-virtual-host` take no value; the rest take one. */
function isSwitch(d: SettingDecl): boolean {
	return d.kind === "boolean" && d.flag?.form !== "on-off";
}

/** The parsing spec of a command's setting flags (for parseArgs). */
export function settingFlags(command: Command): Record<string, FlagSpec> {
	const out: Record<string, FlagSpec> = {};
	for (const d of flagged(command)) {
		const name = d.flag?.name as string;
		if (isSwitch(d)) out[name] = { type: "boolean" };
		else if (d.kind === "enum") out[name] = { type: "string", values: [...d.values] };
		else if (d.kind === "boolean") out[name] = { type: "string", values: ["on", "off"] };
		else out[name] = { type: "string" };
	}
	return out;
}

/**
 * A check's sentence as the middle of the flag's message: English starts it lower-case
 * and drops the full stop ("Must be …." → "must be …"); Chinese drops its "。".
 */
export function asClause(lang: Lang, sentence: string): string {
	if (lang === "zh") return sentence.replace(/。$/, "");
	const body = sentence.replace(/\.$/, "");
	return `${body.charAt(0).toLowerCase()}${body.slice(1)}`;
}

/** "--concurrency must be a whole number from 1 to 64 (got 0)": the settings field's message, after the flag. */
function flagError(name: string, message: string, got: string): UsageError {
	return new UsageError(t("settings.flag.invalid", { flag: name, problem: asClause(language(), message), got }));
}

/**
 * Applies a command's setting flags to `settings` (in place), in table order, each
 * checked as the settings tab checks it. Throws UsageError for a bad value.
 */
export function applySettingFlags(settings: Settings, flags: Parsed["flags"], command: Command): void {
	const target = settings as unknown as Record<string, unknown>;
	for (const d of flagged(command)) {
		const name = d.flag?.name as string;
		const raw = flags[name];
		if (raw === undefined) continue;
		if (isSwitch(d)) {
			if (raw === true) setAt(target, d.path, d.flag?.invert !== true);
			continue;
		}
		if (typeof raw !== "string") continue;
		const r = checkSettingText(d, raw, (p) => getAt(settings, p));
		if (!r.ok) throw flagError(name, r.message, raw);
		setAt(target, d.path, r.value);
	}
	const c = settings.concurrency;
	if (c.max < c.initial) c.max = c.initial;
}

/** What a flag's value is, for `--help`. */
function valueHint(d: SettingDecl): string {
	if (isSwitch(d)) return "";
	if (d.kind === "enum") return ` ${d.values.join("|")}`;
	if (d.kind === "boolean") return " on|off";
	return ` ${d.flag?.meta ?? "VALUE"}`;
}

function defaultHint(d: SettingDecl): string {
	if (d.kind === "number") {
		const range = rangeText(d);
		return d.default === null || d.default === undefined ? range : t("settings.flag.rangeDefault", { range, value: d.default });
	}
	if (d.kind === "boolean")
		return isSwitch(d)
			? t(d.flag?.invert ? "settings.flag.turnsOff" : "settings.flag.turnsOn")
			: t("settings.flag.default", { value: formatValue(d.default) });
	if ((d.kind === "text" || d.kind === "enum") && d.default) return t("settings.flag.default", { value: d.default });
	return "";
}

/** The `--help` lines for a command's setting flags: flag, label, range and default, from the table, in the current language. */
export function settingUsage(command: Command, indent = "    "): string {
	const rows = flagged(command).map((d) => {
		const left = `--${d.flag?.name as string}${valueHint(d)}`;
		const hint = defaultHint(d);
		const label = settingLabel(d);
		return [left, hint ? t("settings.flag.usage", { label, hint }) : label] as const;
	});
	const width = Math.max(0, ...rows.map(([l]) => l.length)) + 2;
	return rows.map(([l, r]) => `${indent}${l.padEnd(width)}${r}`).join("\n");
}
