/**
 * The run dialog's key check: before Start, every provider the run will talk to
 * must have its key (and second key) in secret storage. A missing one disables
 * Start and offers to open the settings tab at that provider.
 */
import { Notice, Setting, type App } from "obsidian";
import { getProviderInfo, isReady, type RunReport, type Settings, t } from "../../core";
import { openSettingsAt } from "../settings-tab";
import { missingKeyMessage, obsidianSecrets } from "../settings-store";

export interface MissingKey {
	provider: string;
	label: string;
}

/** Providers of the jobs this run would send, without a key in secret storage. */
export function missingKeys(app: App, settings: Settings, report: RunReport): MissingKey[] {
	const secrets = obsidianSecrets(app, () => settings);
	const providers = new Set(report.work.filter(isReady).map((w) => w.job.provider));
	const out: MissingKey[] = [];
	for (const provider of [...providers].sort()) {
		const info = getProviderInfo(provider);
		const second = info?.secondKey !== undefined;
		if (secrets.getKey(provider) && (!second || secrets.getSecondKey?.(provider))) continue;
		out.push({ provider, label: info?.label ?? provider });
	}
	return out;
}

/** Draws the missing keys into `el` (empty when every key is there), each with an "Open settings" button. */
export function renderMissingKeys(app: App, el: HTMLElement, missing: readonly MissingKey[], beforeOpen: () => void): void {
	el.empty();
	for (const m of missing) {
		new Setting(el)
			.setName(t("plugin.keys.missing", { provider: m.label }))
			.setDesc(missingKeyMessage(m.provider, m.label))
			.setClass("cineflow-missing-key")
			.addButton((b) =>
				b
					.setButtonText(t("plugin.keys.openSettings"))
					.setCta()
					.onClick(() => {
						beforeOpen();
						if (!openSettingsAt(app, m.provider)) new Notice(t("plugin.keys.openByHand", { provider: m.label }));
					}),
			);
	}
}
