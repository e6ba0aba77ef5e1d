/**
 * "Resubmit unknown shots": the user's answer for takes an earlier run left
 * "unknown" (a create whose answer was lost, that the provider offers no way to
 * look up). CineFlow never sends them again on its own; this command lists them,
 * says that the provider may already have made (and billed) them, and sends them
 * again only once the user confirms. The CLI's equivalent is `--resubmit-unknown`.
 */
import { Modal, Notice, Setting } from "obsidian";
import { type RunReport, t, type WorkItem } from "../core";
import type { CineFlowHost } from "./host";

/** The takes of a dry run that an earlier run left "unknown". */
export function unknownTakes(report: RunReport): WorkItem[] {
	return report.work.filter((w) => w.action.kind === "report" && w.action.status === "unknown");
}

export class ResubmitUnknownModal extends Modal {
	constructor(
		private readonly host: CineFlowHost,
		private readonly target: string,
		private readonly items: WorkItem[],
	) {
		super(host.app);
	}

	onOpen(): void {
		const n = this.items.length;
		this.setTitle(t("plugin.resubmit.title", { count: n }));
		this.contentEl.createEl("p", {
			text: t("plugin.resubmit.body"),
		});
		const list = this.contentEl.createEl("ul", { cls: "cineflow-unknown-list" });
		for (const { job } of this.items) {
			const text =
				job.take > 1
					? t("plugin.resubmit.itemTake", { note: job.notePath, shot: job.shotId, take: job.take })
					: t("plugin.resubmit.item", { note: job.notePath, shot: job.shotId });
			list.createEl("li", { text });
		}
		new Setting(this.contentEl)
			.addButton((b) => b.setButtonText(t("common.cancel")).onClick(() => this.close()))
			.addButton((b) => {
				// Styled as a warning: it may bill twice (setDestructive needs Obsidian 1.13).
				b.buttonEl.addClass("mod-warning");
				b.setButtonText(t("plugin.resubmit.button", { count: n })).onClick(() => {
					this.close();
					void this.resubmit();
				});
			});
	}

	onClose(): void {
		this.contentEl.empty();
	}

	/** Runs only the listed takes, with the user's permission to submit them again. */
	resubmit(): Promise<RunReport | null> {
		const keys = new Set(this.items.map((w) => w.job.key));
		void this.host.openQueue();
		return this.host.runs().run({ target: this.target, mode: "generate", resubmitUnknown: true, select: (j) => keys.has(j.key) });
	}
}

/** The command's action: find the note's unknown takes, then ask before sending anything. */
export async function resubmitUnknown(host: CineFlowHost, target: string): Promise<void> {
	let report: RunReport;
	try {
		report = await host.runs().dryRun({ target });
	} catch (err) {
		const error = err instanceof Error ? err.message : String(err);
		new Notice(target ? t("plugin.resubmit.readFailed", { target, error }) : t("plugin.resubmit.readFailedVault", { error }));
		return;
	}
	const items = unknownTakes(report);
	if (!items.length) {
		new Notice(target ? t("plugin.resubmit.none", { target }) : t("plugin.resubmit.noneVault"));
		return;
	}
	new ResubmitUnknownModal(host, target, items).open();
}
