/**
 * Spending asks first: Regenerate, Generate missing and Generate selected show the
 * dry run's estimate and wait for a yes. "Don't ask again below $N" stores N in
 * `confirmBelowUsd` (0 = always ask); an estimate with an unknown price always asks.
 */
import { Modal, Notice, Setting, type App } from "obsidian";
import { formatUsd, type MessageKey, type RunReport, t } from "../../core";
import { summarize } from "../dryrun-view";
import type { CineFlowHost } from "../host";
import type { RunRequest } from "../run-service";

/** What the user asked for, as a typed value (rendered as the button and the question). */
export type SpendAction = { kind: "regenerate"; shot: string } | { kind: "missing"; count: number } | { kind: "selected"; count: number };

/** "Regenerate s02", "Generate 3 missing shots": the confirming button. */
export function actionLabel(a: SpendAction): string {
	return a.kind === "regenerate"
		? t("board.action.regenerate", { shot: a.shot })
		: t(a.kind === "missing" ? "board.action.missing" : "board.action.selected", { count: a.count });
}

/** "Regenerate s02?": the dialog's title. */
export function actionQuestion(a: SpendAction): string {
	return a.kind === "regenerate"
		? t("board.ask.regenerate", { shot: a.shot })
		: t(a.kind === "missing" ? "board.ask.missing" : "board.ask.selected", { count: a.count });
}

export interface SpendEstimate {
	action: SpendAction;
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

const ESTIMATE: Record<"known" | "unknown" | "partial", { plain: MessageKey; resume: MessageKey }> = {
	known: { plain: "board.estimate.known", resume: "board.estimate.resumeKnown" },
	unknown: { plain: "board.estimate.unknown", resume: "board.estimate.resumeUnknown" },
	partial: { plain: "board.estimate.partial", resume: "board.estimate.resumePartial" },
};

/** "2 new takes. Estimated cost $0.80." (one whole message for each case). */
export function estimateText(e: SpendEstimate): string {
	const price = e.cost === null ? "unknown" : e.unknownCost ? "partial" : "known";
	const keys = ESTIMATE[price];
	return t(e.resume ? keys.resume : keys.plain, { count: e.takes, resume: e.resume, cost: e.cost === null ? "" : formatUsd(e.cost), unknown: e.unknownCost });
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
		this.setTitle(actionQuestion(this.estimate.action));
		this.contentEl.addClass("cineflow-confirm-spend");
		this.contentEl.createEl("p", { cls: "cineflow-confirm-estimate", text: estimateText(this.estimate) });
		const amount = new Setting(this.contentEl).setName(t("board.confirm.below")).setDesc(t("board.confirm.belowDesc"));
		amount.addText((field) =>
			field.setValue(String(this.below)).onChange((v) => {
				const n = Number(v.trim());
				if (Number.isFinite(n) && n > 0) this.below = n;
			}),
		);
		amount.addToggle((toggle) => toggle.setValue(false).onChange((v) => (this.remember = v)));
		new Setting(this.contentEl)
			.addButton((b) =>
				b.setButtonText(t("common.cancel")).onClick(() => {
					this.reply({ go: false });
					this.close();
				}),
			)
			.addButton((b) =>
				b
					.setButtonText(actionLabel(this.estimate.action))
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
export function estimateOf(action: SpendAction, req: RunRequest, report: RunReport): SpendEstimate {
	if (req.mode === "regenerate" && req.regenerate) {
		const r = req.regenerate;
		const job = report.plan.jobs.find((j) => j.notePath === r.notePath && (j.anchor?.id ?? j.shotId) === r.shotId && j.status !== "invalid");
		return { action, takes: job ? 1 : 0, resume: 0, cost: job?.cost ?? null, unknownCost: job && job.cost === null ? 1 : 0 };
	}
	const s = summarize(report);
	return { action, takes: s.ready, resume: s.resume, cost: s.cost, unknownCost: s.unknownCost };
}

/**
 * Estimates a run, asks (unless under the threshold) and starts it. Resolves true
 * when the run was started. `ask` is the dialog (tests answer it directly).
 */
export async function confirmAndRun(
	host: CineFlowHost,
	action: SpendAction,
	req: RunRequest,
	dialog: (e: SpendEstimate) => Promise<SpendAnswer> = (e) => ask(host, e),
): Promise<boolean> {
	const runs = host.runs();
	if (runs.running) {
		new Notice(t("board.confirm.busy"));
		return false;
	}
	let report: RunReport;
	try {
		report = await runs.dryRun(req);
	} catch (err) {
		new Notice(t("board.confirm.estimateFailed", { error: err instanceof Error ? err.message : String(err) }));
		return false;
	}
	const e = estimateOf(action, req, report);
	if (e.takes === 0 && e.resume === 0) {
		new Notice(t("board.confirm.nothing"));
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
