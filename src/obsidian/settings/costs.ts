/** The advanced part of the costs section: a price override per model of the chosen provider. */
import { checkSettingText, formatUsd, getProviderInfo, type NumberDecl, t } from "../../core";
import { modelChoices } from "../settings-models";
import { textControl, type SettingRow, type TabContext } from "./controls";

/** Dollars per second, 0 to 1000; empty keeps the built-in estimate. */
const PRICE: NumberDecl = {
	path: "prices",
	kind: "number",
	min: 0,
	max: 1000,
	empty: "null",
	label: "settings.price",
	level: "advanced",
	section: "costs",
	default: null,
};

/** The built-in price per second as money ("$0.10", "US$0.10"), or "unknown". */
function builtIn(perSecond: number | null): string {
	return perSecond === null ? t("common.unknown") : formatUsd(perSecond);
}

export function priceRows(ctx: TabContext, provider: string): SettingRow[] {
	const s = ctx.settings;
	if (!getProviderInfo(provider)) return [];
	const rows: SettingRow[] = [];
	const check = (v: string) => checkSettingText(PRICE, v);
	for (const m of modelChoices(s, provider)) {
		const key = `${provider}/${m.id}`;
		const cur = s.prices[key];
		const field = (which: "perSecond" | "proPerSecond") => (v: unknown) => {
			const prev = s.prices[key] ?? { perSecond: null, proPerSecond: null };
			const next = { ...prev, [which]: typeof v === "number" ? v : null };
			if (next.perSecond === null && next.proPerSecond === null) delete s.prices[key];
			else s.prices[key] = next;
		};
		const show = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
		rows.push({
			name: t("settings.price.name", { model: m.id }),
			desc: t("settings.price.desc", { price: builtIn(m.price.perSecond) }),
			cls: "cineflow-price",
			render: textControl(ctx, show(cur?.perSecond), show(m.price.perSecond), check, field("perSecond")),
		});
		if (m.proDurations || m.price.proPerSecond !== null) {
			rows.push({
				name: t("settings.price.proName", { model: m.id }),
				desc: t("settings.price.proDesc", { price: builtIn(m.price.proPerSecond) }),
				cls: "cineflow-price",
				render: textControl(ctx, show(cur?.proPerSecond), show(m.price.proPerSecond), check, field("proPerSecond")),
			});
		}
	}
	return rows;
}
