/**
 * The settings tab's layout, from the settings table: the basic settings first
 * (provider, key and model; output; budget and concurrency; shot defaults; the
 * script assistant; the interface language), then the advanced ones (timing, polling, retry knobs, prices,
 * uploads) behind one "Advanced" heading. Each declared setting lands in its
 * section by its `section` and `level`; provider.ts and costs.ts add the rows
 * that are not one value (the provider's key and models, the price table).
 */
import { type MessageKey, type SectionId, type SettingDecl, SETTINGS, t } from "../../core";
import { declaredRow, shown, type SettingRow, type TabContext } from "./controls";
import { priceRows } from "./costs";
import { providerAdvancedRows, providerRows } from "./provider";

export interface SettingSection {
	id: SectionId;
	heading: string;
	rows: SettingRow[];
}

/** Section headings (catalog keys), basic and advanced, in drawing order. */
const BASIC: readonly (readonly [SectionId, MessageKey])[] = [
	["provider", "settings.section.provider"],
	["output", "settings.section.output"],
	["costs", "settings.section.costs"],
	["pacing", "settings.section.pacing"],
	["defaults", "settings.section.defaults"],
	["assistant", "settings.section.assistant"],
	["interface", "settings.section.interface"],
];
const ADVANCED: readonly (readonly [SectionId, MessageKey])[] = [
	["provider", "settings.section.advanced.provider"],
	["pacing", "settings.section.advanced.pacing"],
	["costs", "settings.section.advanced.costs"],
	["output", "settings.section.advanced.output"],
	["defaults", "settings.section.advanced.defaults"],
	["references", "settings.section.advanced.references"],
	["assistant", "settings.section.advanced.assistant"],
];

/** Declared rows of one section and level (custom rows are drawn by their section file). */
function declaredRows(ctx: TabContext, section: SectionId, level: SettingDecl["level"]): SettingRow[] {
	const redraws = new Set(SETTINGS.flatMap((d) => (d.when ? [d.when.path] : [])));
	return SETTINGS.filter((d) => d.section === section && d.level === level && !d.custom && shown(d, ctx.settings)).map((d) =>
		declaredRow(ctx, d, { redraw: redraws.has(d.path), redrawWhenSaved: d.path === "language" }),
	);
}

/** The basic sections and the advanced ones; `provider` is the provider whose key and model are shown. */
export function settingSections(ctx: TabContext, provider: string): { basic: SettingSection[]; advanced: SettingSection[] } {
	const custom = (id: SectionId, level: SettingDecl["level"]): SettingRow[] => {
		if (id === "provider") return level === "basic" ? providerRows(ctx, provider) : providerAdvancedRows(ctx, provider);
		if (id === "costs" && level === "advanced") return priceRows(ctx, provider);
		return [];
	};
	const build = (list: readonly (readonly [SectionId, MessageKey])[], level: SettingDecl["level"]) =>
		list
			.map(([id, heading]) => ({ id, heading: t(heading), rows: [...custom(id, level), ...declaredRows(ctx, id, level)] }))
			.filter((sec) => sec.rows.length > 0);
	return { basic: build(BASIC, "basic"), advanced: build(ADVANCED, "advanced") };
}
