/**
 * "Resubmit unknown shots": the user's answer for takes an earlier run left
 * "unknown" (a create whose answer was lost, that the provider offers no way to
 * look up). CineFlow never sends them again on its own; this command lists them,
 * says that the provider may already have made (and billed) them, and sends them
 * again only once the user confirms. The CLI's equivalent is `--resubmit-unknown`.
 */
import { Modal, Notice, Setting } from "obsidian";
import type { RunReport, WorkItem } from "../core/run/runner";
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
		this.setTitle(`Resubmit ${n} unknown ${n === 1 ? "shot" : "shots"}?`);
		this.contentEl.createEl("p", {
			text: "An earlier run sent these shots, but their answer was lost, and the provider offers no way to look the tasks up. The provider may have made them already: check its dashboard. Sending them again may bill them twice.",
		});
		const list = this.contentEl.createEl("ul", { cls: "cineflow-unknown-list" });
		for (const w of this.items) list.createEl("li", { text: `${w.job.notePath} ${w.job.shotId}${w.job.take > 1 ? ` take ${w.job.take}` : ""}` });
		new Setting(this.contentEl)
			.addButton((b) => b.setButtonText("Cancel").onClick(() => this.close()))
			.addButton((b) => {
				// Styled as a warning: it may bill twice (setDestructive needs Obsidian 1.13).
				b.buttonEl.addClass("mod-warning");
				b.setButtonText(`Resubmit ${n}`).onClick(() => {
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
		new Notice(`CineFlow could not read ${target || "the vault"}: ${err instanceof Error ? err.message : String(err)}`);
		return;
	}
	const items = unknownTakes(report);
	if (!items.length) {
		new Notice(`No shot of ${target || "the vault"} is unknown: nothing to resubmit.`);
		return;
	}
	new ResubmitUnknownModal(host, target, items).open();
}
