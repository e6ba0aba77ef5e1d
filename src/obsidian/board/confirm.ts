/**
 * Spending asks first: Regenerate, Generate missing and Generate selected show the
 * dry run's estimate and wait for a yes. "Don't ask again below $N" stores N in
 * `confirmBelowUsd` (0 = always ask); an estimate with an unknown price always asks.
 */
import { Modal, Notice, Setting, type App } from "obsidian";
import { formatUsd } from "../../core/cost";
import type { RunReport } from "../../core/run/runner";
import { summarize } from "../dryrun-view";
import type { CineFlowHost } from "../host";
import type { RunRequest } from "../run-service";

export interface SpendEstimate {
	/** "Generate 3 shots", "Regenerate s02". */
	title: string;
	/** New takes the run would submit (each one paid). */
	takes: number;
	/** Tasks submitted earlier that it would collect (already paid). */
	resume: number;
	/** Known estimate in USD; null when no price is known. */
	cost: number | null;
	/** Takes whose price is unknown. */
	unknownCost: number;
}

export interface SpendAnswer {
	go: boolean;
	/** Set when the user ticked "Don't ask again below": the amount. */
	dontAskBelow?: number;
}

/** True when the estimate is under the user's threshold (and fully known). */
export function skipConfirm(e: SpendEstimate, confirmBelowUsd: number): boolean {
	return confirmBelowUsd > 0 && e.cost !== null && e.unknownCost === 0 && e.cost < confirmBelowUsd;
}

export function estimateText(e: SpendEstimate): string {
	const parts = [`${e.takes} new ${e.takes === 1 ? "take" : "takes"}`];
	if (e.resume) parts.push(`${e.resume} submitted earlier, collected at no new charge`);
	const cost = e.cost === null ? "unknown" : formatUsd(e.cost);
	const unknown = e.unknownCost && e.cost !== null ? ` plus ${e.unknownCost} of unknown price` : "";
	return `${parts.join(", ")}. Estimated cost ${cost}${unknown}.`;
}

export class ConfirmSpendModal extends Modal {
	private answered = false;
	private below: number;
	private remember = false;

	constructor(
		app: App,
		private readonly estimate: SpendEstimate,
		current: number,
		private readonly answer: (a: SpendAnswer) => void,
	) {
		super(app);
		this.below = current > 0 ? current : Math.max(1, Math.ceil((estimate.cost ?? 0) * 2));
	}

	private reply(a: SpendAnswer): void {
		if (this.answered) return;
		this.answered = true;
		this.answer(a);
	}

	onOpen(): void {
		this.setTitle(`${this.estimate.title}?`);
		this.contentEl.addClass("cineflow-confirm-spend");
		this.contentEl.createEl("p", { cls: "cineflow-confirm-estimate", text: estimateText(this.estimate) });
		const amount = new Setting(this.contentEl).setName("Don't ask again below").setDesc("Runs estimated under this amount in dollars start without this question. Change it in settings.");
		amount.addText((t) =>
			t.setValue(String(this.below)).onChange((v) => {
				const n = Number(v.trim());
				if (Number.isFinite(n) && n > 0) this.below = n;
			}),
		);
		amount.addToggle((t) => t.setValue(false).onChange((v) => (this.remember = v)));
		new Setting(this.contentEl)
			.addButton((b) =>
				b.setButtonText("Cancel").onClick(() => {
					this.reply({ go: false });
					this.close();
				}),
			)
			.addButton((b) =>
				b
					.setButtonText(this.estimate.title)
					.setCta()
					.onClick(() => {
						this.reply(this.remember ? { go: true, dontAskBelow: this.below } : { go: true });
						this.close();
					}),
			);
	}

	onClose(): void {
		this.contentEl.empty();
		this.reply({ go: false });
	}
}

function ask(host: CineFlowHost, e: SpendEstimate): Promise<SpendAnswer> {
	return new Promise((resolve) => new ConfirmSpendModal(host.app, e, host.settings.confirmBelowUsd ?? 0, resolve).open());
}

/** The estimate of a run request, from the core's dry run (a regenerate adds one take of its shot). */
export function estimateOf(title: string, req: RunRequest, report: RunReport): SpendEstimate {
	if (req.mode === "regenerate" && req.regenerate) {
		const r = req.regenerate;
		const job = report.plan.jobs.find((j) => j.notePath === r.notePath && (j.anchor?.id ?? j.shotId) === r.shotId && j.status !== "invalid");
		return { title, takes: job ? 1 : 0, resume: 0, cost: job?.cost ?? null, unknownCost: job && job.cost === null ? 1 : 0 };
	}
	const s = summarize(report);
	return { title, takes: s.ready, resume: s.resume, cost: s.cost, unknownCost: s.unknownCost };
}

/**
 * Estimates a run, asks (unless under the threshold) and starts it. Resolves true
 * when the run was started. `ask` is the dialog (tests answer it directly).
 */
export async function confirmAndRun(host: CineFlowHost, title: string, req: RunRequest, dialog: (e: SpendEstimate) => Promise<SpendAnswer> = (e) => ask(host, e)): Promise<boolean> {
	const runs = host.runs();
	if (runs.running) {
		new Notice("Another run is going. Wait for it to finish or cancel it in the queue.");
		return false;
	}
	let report: RunReport;
	try {
		report = await runs.dryRun(req);
	} catch (err) {
		new Notice(`CineFlow could not estimate this run: ${err instanceof Error ? err.message : String(err)}`);
		return false;
	}
	const e = estimateOf(title, req, report);
	if (e.takes === 0 && e.resume === 0) {
		new Notice("Nothing to generate: shots with a video are kept, and a failed shot gets a new take with regenerate.");
		return false;
	}
	if (!skipConfirm(e, host.settings.confirmBelowUsd ?? 0)) {
		const a = await dialog(e);
		if (!a.go) return false;
		if (a.dontAskBelow !== undefined) {
			host.settings.confirmBelowUsd = a.dontAskBelow;
			await host.saveSettings();
		}
	}
	void host.openQueue();
	void runs.run(req);
	return true;
}
