/** The run log viewer: a run's redacted events from each output folder's log file. */
import { Modal, Notice, Setting, normalizePath, type App } from "obsidian";
import { RUN_LOG_NAME, t } from "../../core";
import { joinList } from "../text";

export class RunLogModal extends Modal {
	constructor(
		app: App,
		private readonly folders: string[],
		private readonly runId: string,
	) {
		super(app);
	}
	async onOpen(): Promise<void> {
		this.setTitle(t("plugin.log.title"));
		const c = this.contentEl;
		c.createDiv({ cls: "cineflow-muted", text: t("plugin.log.desc", { files: joinList(this.folders.map((f) => `${f}/${RUN_LOG_NAME}`)) }) });
		const lines: string[] = [];
		for (const folder of this.folders) {
			const path = normalizePath(`${folder}/${RUN_LOG_NAME}`);
			if (!(await this.app.vault.adapter.exists(path))) continue;
			const text = await this.app.vault.adapter.read(path);
			for (const line of text.split("\n")) if (line && (!this.runId || line.includes(`"run":"${this.runId}"`))) lines.push(line);
		}
		const shown = lines.slice(-500).join("\n");
		c.createEl("pre", { cls: "cineflow-log", text: shown || t("plugin.log.empty") });
		new Setting(c).addButton((b) =>
			b.setButtonText(t("plugin.log.copy")).onClick(async () => {
				await navigator.clipboard.writeText(shown);
				new Notice(t("plugin.log.copied"));
			}),
		);
	}
	onClose(): void {
		this.contentEl.empty();
	}
}
