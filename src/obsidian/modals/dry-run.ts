/** The dry-run report: the estimate for a note or folder, its warnings, and a way on to the run dialog. */
import { Modal, Setting } from "obsidian";
import { type RunReport, t } from "../../core";
import { renderDryRun } from "../dryrun-view";
import type { CineFlowHost } from "../host";
import { RunDialog } from "./run-dialog";

export class DryRunModal extends Modal {
	constructor(
		private readonly host: CineFlowHost,
		private readonly target: string,
		private readonly report: RunReport,
	) {
		super(host.app);
	}
	onOpen(): void {
		this.setTitle(this.target ? t("plugin.dry.title", { target: this.target }) : t("plugin.dry.titleVault"));
		const box = this.contentEl.createDiv({ cls: "cineflow-dryrun" });
		renderDryRun(box, this.report);
		if (this.report.plan.warnings.length) {
			const w = this.contentEl.createEl("details", { cls: "cineflow-dryrun-warnings" });
			w.createEl("summary", { text: t("plugin.dry.warnings", { count: this.report.plan.warnings.length }) });
			for (const m of this.report.plan.warnings) w.createDiv({ text: m });
		}
		new Setting(this.contentEl)
			.addButton((b) =>
				b.setButtonText(t("common.close")).onClick(() => {
					this.close();
				}),
			)
			.addButton((b) =>
				b
					.setButtonText(t("plugin.dry.generate"))
					.setCta()
					.onClick(() => {
						this.close();
						new RunDialog(this.host, this.target).open();
					}),
			);
	}
	onClose(): void {
		this.contentEl.empty();
	}
}
