/**
 * One settings row from one declaration (core/settings/table.ts): a text field
 * with inline validation for numbers and text, a toggle, a dropdown, or a secret
 * picker. The check is the same function the CLI uses for the setting's flag, so
 * both say the same thing about the same value.
 */
import { SecretComponent, type App, type Setting } from "obsidian";
import {
	checkSettingText,
	formatValue,
	getAt,
	optionLabel,
	rangeSentence,
	setAt,
	type SettingDecl,
	settingHelp,
	settingLabel,
	type Settings,
	t,
} from "../../core";

/** One settings row: its name and description, and what goes into its control area. */
export interface SettingRow {
	name: string;
	desc?: string;
	/** CSS classes, separated by spaces. */
	cls?: string;
	render: (setting: Setting) => unknown;
}

/** What the row renderers need from the tab. */
export interface TabContext {
	app: App;
	settings: Settings;
	/** Saves the settings (errors become a notice). */
	save(): void;
	/** Saves the settings, then runs `next` (after the plugin has applied them: a new language). */
	saveThen(next: () => void): void;
	/** Redraws the tab (after a change that alters other rows). */
	refresh(): void;
}

export interface RowOptions {
	/** The object the value lives in and its key there (a provider's entry); default: the settings at the declared path. */
	target?: Record<string, unknown>;
	key?: string;
	name?: string;
	desc?: string;
	cls?: string;
	/** A secret's id when none is set (a provider's default secret). */
	fallback?: string;
	/** Also redraw the tab after a change (a choice other rows depend on). */
	redraw?: boolean;
	/** Redraw the tab once the change is saved and applied (the language: the tab speaks the new one). */
	redrawWhenSaved?: boolean;
}

/** The row's description: the declared help, and a number's range. */
export function describe(d: SettingDecl): string | undefined {
	const help = settingHelp(d);
	if (d.kind !== "number") return help;
	const range = rangeSentence(d);
	return help ? t("settings.withRange", { help, range }) : range;
}

/** A text field checked as it is typed: an invalid value shows a message under the field and is not saved. */
export function textControl(
	ctx: TabContext,
	value: string,
	placeholder: string,
	check: (v: string) => { ok: true; value: unknown } | { ok: false; message: string },
	apply: (v: unknown) => void,
): (setting: Setting) => void {
	return (setting) => {
		const msg = setting.descEl.createDiv({ cls: "cineflow-invalid" });
		setting.addText((field) =>
			field
				.setPlaceholder(placeholder)
				.setValue(value)
				.onChange((v) => {
					const r = check(v);
					if (!r.ok) {
						msg.setText(r.message);
						setting.settingEl.addClass("cineflow-setting-invalid");
						return;
					}
					msg.setText("");
					setting.settingEl.removeClass("cineflow-setting-invalid");
					apply(r.value);
					ctx.save();
				}),
		);
	};
}

/**
 * A secret picker that stores the id of the secret the user picks or creates.
 * The secret's value is never read or copied: the run looks it up by that id.
 */
export function secretControl(ctx: TabContext, current: string, apply: (id: string) => void): (setting: Setting) => unknown {
	return (st) =>
		st.addComponent((controlEl) =>
			new SecretComponent(ctx.app, controlEl).setValue(current).onChange((id) => {
				if (!id) return;
				apply(id);
				ctx.save();
			}),
		);
}

/** The settings row for one declared setting. */
export function declaredRow(ctx: TabContext, d: SettingDecl, opts: RowOptions = {}): SettingRow {
	const target: Record<string, unknown> = opts.target ?? ctx.settings;
	const key = opts.key ?? d.path;
	const get = () => getAt(target, key);
	const set = (v: unknown) => setAt(target, key, v);
	const row = { name: opts.name ?? settingLabel(d), desc: opts.desc ?? describe(d), ...(opts.cls ? { cls: opts.cls } : {}) };
	const after = () => {
		if (opts.redrawWhenSaved) return ctx.saveThen(() => ctx.refresh());
		ctx.save();
		if (opts.redraw) ctx.refresh();
	};
	switch (d.kind) {
		case "boolean":
			return {
				...row,
				render: (st) =>
					st.addToggle((toggle) =>
						toggle.setValue(get() === true).onChange((v) => {
							set(v);
							after();
						}),
					),
			};
		case "enum":
			return {
				...row,
				render: (st) =>
					st.addDropdown((dd) => {
						for (const v of d.values) dd.addOption(v, optionLabel(d, v));
						const cur = get();
						dd.setValue(typeof cur === "string" ? cur : d.default).onChange((v) => {
							if (!d.values.includes(v)) return;
							set(v);
							after();
						});
					}),
			};
		case "secret": {
			const cur = get();
			return { ...row, render: secretControl(ctx, typeof cur === "string" && cur ? cur : (opts.fallback ?? d.default ?? ""), set) };
		}
		case "number":
		case "text":
			return {
				...row,
				render: textControl(
					ctx,
					formatValue(get()),
					d.placeholder ?? formatValue(d.default),
					(v) => checkSettingText(d, v, (p) => getAt(ctx.settings, p)),
					set,
				),
			};
	}
}

/** True when a declaration's `when` holds for the current settings. */
export function shown(d: SettingDecl, s: Settings): boolean {
	return !d.when || d.when.is.includes(String(getAt(s, d.when.path)));
}
