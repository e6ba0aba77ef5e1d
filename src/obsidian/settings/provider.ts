/**
 * The provider section: the provider choice (no default: a fresh install picks
 * one), its key (one SecretStorage id per provider, or the one the user picks),
 * a second key for providers that sign with a pair, the default model, and, among
 * the advanced settings, the base URL and declared models.
 */
import { getProviderInfo, settingDecl, settingHelp, settingLabel, t } from "../../core";
import { declaredModelsRow, fillProviderDropdown, modelChoices, modelOptionLabel } from "../settings-models";
import { secondSecretName, secretNameFor } from "../settings-store";
import { declaredRow, describe, type SettingRow, type TabContext } from "./controls";

/** The basic rows for `provider` (the default provider, or the one the tab was opened at). */
export function providerRows(ctx: TabContext, provider: string): SettingRow[] {
	const s = ctx.settings;
	const info = getProviderInfo(provider);
	const label = info?.label ?? settingLabel(settingDecl("provider"));
	const prov = provider ? (s.providers[provider] ??= {}) : {};
	const target = prov as Record<string, unknown>;
	const rows: SettingRow[] = [
		{
			name: settingLabel(settingDecl("provider")),
			desc: s.provider ? t("settings.provider.helpChosen") : describe(settingDecl("provider")),
			render: (st) =>
				st.addDropdown((d) => {
					fillProviderDropdown(d, s.provider);
					d.setValue(s.provider).onChange((v) => {
						s.provider = v;
						ctx.save();
						ctx.refresh();
					});
				}),
		},
	];
	if (!provider) return rows;
	rows.push(
		declaredRow(ctx, settingDecl("providers.*.secretName"), {
			target,
			key: "secretName",
			name: t("settings.tab.providerKey", { provider: label }),
			cls: "cineflow-secret cineflow-provider-key", // i18n-ignore: CSS class names
			fallback: secretNameFor(s, provider),
		}),
	);
	if (info?.secondKey) {
		const desc = t("settings.tab.secondKeyDesc", { provider: label });
		const name = t("settings.tab.providerSecondKey", { provider: label, key: info.secondKey.label });
		rows.push(
			declaredRow(ctx, settingDecl("providers.*.secondSecretName"), {
				target,
				key: "secondSecretName",
				name,
				desc,
				cls: "cineflow-secret",
				fallback: secondSecretName(provider),
			}),
		);
	}
	if (info) {
		rows.push({
			name: settingLabel(settingDecl("providers.*.model")),
			desc: settingHelp(settingDecl("providers.*.model")),
			render: (st) =>
				st.addDropdown((d) => {
					for (const m of modelChoices(s, provider)) d.addOption(m.id, modelOptionLabel(m));
					d.setValue(prov.model ?? info.defaultModel).onChange((v) => {
						prov.model = v;
						ctx.save();
					});
				}),
		});
	}
	return rows;
}

/** The advanced rows: the provider's address and the declared models. */
export function providerAdvancedRows(ctx: TabContext, provider: string): SettingRow[] {
	const s = ctx.settings;
	const info = getProviderInfo(provider);
	const rows: SettingRow[] = [];
	if (provider) {
		const prov = (s.providers[provider] ??= {}) as Record<string, unknown>;
		const desc = info ? t("settings.tab.baseUrlDesc", { address: info.defaultBaseUrl }) : settingHelp(settingDecl("providers.*.baseUrl"));
		rows.push(declaredRow(ctx, settingDecl("providers.*.baseUrl"), { target: prov, key: "baseUrl", desc }));
	}
	rows.push(declaredModelsRow(s, () => ctx.save()));
	return rows;
}
