/** The dry-run report: the estimate for a note or folder, its warnings, and a way on to the run dialog. */
import { Modal, Setting } from "obsidian";
import type { RunReport } from "../../core/run/runner";
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
		this.setTitle(`Estimate for ${this.target || "the whole vault"}`);
		const box = this.contentEl.createDiv({ cls: "cineflow-dryrun" });
		renderDryRun(box, this.report);
		if (this.report.plan.warnings.length) {
			const w = this.contentEl.createEl("details", { cls: "cineflow-dryrun-warnings" });
			w.createEl("summary", { text: `${this.report.plan.warnings.length} warnings` });
			for (const m of this.report.plan.warnings) w.createDiv({ text: m });
		}
		new Setting(this.contentEl)
			.addButton((b) =>
				b.setButtonText("Close").onClick(() => {
					this.close();
				}),
			)
			.addButton((b) =>
				b
					.setButtonText("Generate…")
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
