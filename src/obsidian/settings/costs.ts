/** The advanced part of the costs section: a price override per model of the chosen provider. */
import { getProviderInfo } from "../../core/providers/catalog";
import { checkSettingText, type NumberDecl } from "../../core/settings/declare";
import { modelChoices } from "../settings-models";
import { textControl, type SettingRow, type TabContext } from "./controls";

/** Dollars per second, 0 to 1000; empty keeps the built-in estimate. */
const PRICE: NumberDecl = { path: "prices", kind: "number", min: 0, max: 1000, empty: "null", label: "Price", level: "advanced", section: "costs", default: null };

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
		const builtIn = m.price.perSecond === null ? "unknown" : `$${m.price.perSecond}`;
		rows.push({
			name: `Price of ${m.id}`,
			desc: `Dollars per second of video; leave empty for the built-in estimate (${builtIn}).`,
			cls: "cineflow-price",
			render: textControl(ctx, show(cur?.perSecond), show(m.price.perSecond), check, field("perSecond")),
		});
		if (m.proDurations || m.price.proPerSecond !== null) {
			const builtInPro = m.price.proPerSecond === null ? "unknown" : `$${m.price.proPerSecond}`;
			rows.push({
				name: `Pro price of ${m.id}`,
				desc: `Dollars per second of pro video; leave empty for the built-in estimate (${builtInPro}).`,
				cls: "cineflow-price",
				render: textControl(ctx, show(cur?.proPerSecond), show(m.price.proPerSecond), check, field("proPerSecond")),
			});
		}
	}
	return rows;
}
