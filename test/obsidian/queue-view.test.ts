/**
 * The queue view (src/obsidian/queue-view.ts): behaviour, and approval snapshots of
 * everything it shows (__snapshots__/queue-view.*.txt) in English and Chinese, from
 * fixed events and a fixed clock.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatValues, language, setLanguage, t } from "../../src/core/i18n";
import { located, where } from "../../src/core/parse/errors";
import { leftMessage } from "../../src/core/run/left";
import { RUN_LOG_NAME } from "../../src/core/run/runlog";
import { RunLogModal } from "../../src/obsidian/modals";
import { QUEUE_VIEW_TYPE, QueueView } from "../../src/obsidian/queue-view";
import { RunState } from "../../src/obsidian/run-state";
import { Notice, allElements } from "../stubs/obsidian";
import { domText } from "../support/dom-text";
import { jobEvent, limitEvent, runStart, stopEvent, summaryEvent, warningEvent } from "../support/events";
import { loadPlugin, unload, useWindow, type Loaded } from "./helpers";

describe("queue view", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		Notice.reset__();
		l = await loadPlugin({
			"Ep.md": "# Ep\n",
			[`_assets/Ep/${RUN_LOG_NAME}`]: '{"run":"r1","type":"job","state":"failed","requestId":"req_42"}\n{"run":"r0","type":"job"}\n',
		});
	});
	afterEach(() => unload(l.plugin));

	async function view(): Promise<QueueView> {
		await l.plugin.openQueue();
		return l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
	}

	it("is empty before the first run, with Resume available and Cancel all disabled", async () => {
		const v = await view();
		expect(v.contentEl.textContent).toContain("No run yet.");
		const cancel = allElements(v.contentEl).find((e) => e.hasClass("cineflow-cancel-all")) as HTMLButtonElement;
		expect(cancel.disabled).toBe(true);
		const resume = allElements(v.contentEl).find((e) => e.hasClass("cineflow-resume")) as HTMLButtonElement;
		expect(resume.disabled).toBe(false);
	});

	it("lists each job with its state, progress, time, request id and the provider's message; opens the run log", async () => {
		const state = new RunState("Ep.md", "generate", () => 90_000);
		state.logFolders.add("_assets/Ep");
		state.emit(runStart({ costEstimate: 0.15 }));
		state.emit(jobEvent({ at: 30_000, state: "running", progress: 40, expectedMs: 180_000, expectedLearned: true }));
		state.emit(jobEvent({ at: 1_000, shotId: "s02", state: "submitting" }));
		state.emit({ type: "request", at: 1_100, provider: "sorahk", route: "create", key: "Ep.md::s02::1", status: 400, requestId: "req_42" });
		state.emit(jobEvent({ at: 1_200, shotId: "s02", state: "failed", message: "content policy violation (request req_42)" }));
		state.emit(jobEvent({ at: 1_300, shotId: "s03", state: "pending" }));
		state.emit(limitEvent({ at: 2_000, inFlight: 1, breaker: "half-open", rate: 30 }));
		l.plugin.runs().current = state;
		const v = await view();
		v.render();
		const text = v.contentEl.textContent ?? "";
		expect(text).toContain("0 done · 1 running · 1 waiting · 1 failed");
		expect(text).toContain("Limit 12 · provider recovering, probing · 30 requests/min");
		const rows = allElements(v.contentEl).filter((e) => e.hasClass("cineflow-job"));
		expect(rows.map((r) => r.getAttribute("data-key"))).toEqual(["Ep.md::s01::1", "Ep.md::s03::1", "Ep.md::s02::1"]);
		const running = rows[0]?.textContent ?? "";
		expect(running).toContain("Running");
		// Progress between polls is an estimate, and says what it rests on.
		expect(running).toContain("about 40% · elapsed 1 m 00 s · about 2 m 00 s left (estimate from this run's durations)");
		const failed = rows[2] as HTMLElement;
		expect(failed.textContent).toContain("content policy violation (request req_42)");
		expect(allElements(failed).find((e) => e.hasClass("cineflow-copy-id"))?.textContent).toBe("Request req_42");
		// A waiting job can be cancelled only while a run is going.
		expect(allElements(rows[1] as HTMLElement).some((e) => e.hasClass("cineflow-cancel-job"))).toBe(false);

		const log = allElements(v.contentEl).find((e) => e.hasClass("cineflow-open-log")) as HTMLElement & { click(): void };
		log.click();
		const modal = l.app.openModals__[0] as unknown as RunLogModal;
		expect(modal).toBeInstanceOf(RunLogModal);
		await new Promise((r) => setImmediate(r));
		const pre = allElements(modal.contentEl).find((e) => e.tagName === "PRE");
		expect(pre?.textContent).toBe('{"run":"r1","type":"job","state":"failed","requestId":"req_42"}');
	});
});

/**
 * A run 90 s in: one job running with learned durations, one downloading, a take 2
 * queued with a request id, one waiting, one refused by the provider's policy (the
 * provider's words; the explanation under them has its own test), one cancelled,
 * one done, one already done and one invalid; warnings with and without a place;
 * a limit in safe mode, with a rate.
 */
function midRun(): RunState {
	const state = new RunState("Film/Ep1.md", "generate", () => 90_000);
	state.budgetUsd = 2;
	const note = "Film/Ep1.md";
	const learned = { expectedMs: 180_000, expectedLearned: true, cost: 0.15 };
	state.emit(runStart({ jobs: 9, ready: 7, skipped: 1, invalid: 1, costEstimate: 1.05 }));
	state.emit(jobEvent({ at: 30_000, notePath: note, state: "running", progress: 40, remoteId: "task-1", ...learned }));
	state.emit(jobEvent({ at: 10_000, notePath: note, shotId: "s02", state: "downloading", progress: 100, remoteId: "task-2", ...learned }));
	state.emit(jobEvent({ at: 20_000, notePath: note, shotId: "s03", take: 2, state: "queued", requestId: "req_77", remoteId: "task-3", ...learned }));
	state.emit(jobEvent({ at: 0, notePath: note, shotId: "s04", state: "pending", ...learned }));
	state.emit(
		jobEvent({
			at: 1_200,
			notePath: note,
			shotId: "s05",
			state: "failed",
			message: "content policy violation (request req_42)",
			requestId: "req_42",
			cost: 0.15,
		}),
	);
	state.emit(jobEvent({ at: 1_300, notePath: note, shotId: "s06", state: "cancelled", left: "never-sent", message: leftMessage({ left: "never-sent" }) }));
	state.emit(jobEvent({ at: 5_000, notePath: note, shotId: "s07", state: "submitting", ...learned }));
	state.emit(jobEvent({ at: 60_000, notePath: note, shotId: "s07", state: "done", outputPath: "Film/_assets/Ep1/s07.mp4", ...learned }));
	state.emit(jobEvent({ at: 0, notePath: note, shotId: "s08", state: "skipped", outputPath: "Film/_assets/Ep1/s08.mp4" }));
	const allowed = formatValues(language(), ["10", "15"]);
	const invalid = located(where(note, 40, "s09"), t("parse.duration.notAllowed", { value: 7, from: "", model: "sora-2", allowed }));
	state.emit(jobEvent({ at: 0, notePath: note, shotId: "s09", state: "invalid", message: invalid }));
	state.emit(limitEvent({ at: 2_000, limit: 5, inFlight: 3, breaker: "half-open", rate: 30, safeMode: true }));
	state.emit(warningEvent(t("parse.character.tooLong", { name: "Alice", max: 40 }), { at: 2_100, notePath: note, line: 12, shotId: "s02" } as never));
	state.emit(warningEvent(t("run.removedTemp", { path: "Film/_assets/Ep1/s01.mp4.tmp" }), { at: 2_200 }));
	return state;
}

/** The same run stopped by the budget: two more done, the rest left where they were, then the summary. */
function finished(): RunState {
	const state = midRun();
	const note = "Film/Ep1.md";
	state.emit(jobEvent({ at: 80_000, notePath: note, state: "done", outputPath: "Film/_assets/Ep1/s01.mp4", cost: 0.15 }));
	state.emit(jobEvent({ at: 85_000, notePath: note, shotId: "s02", state: "done", outputPath: "Film/_assets/Ep1/s02.mp4", cost: 0.15 }));
	state.emit(stopEvent("budget", t("run.budget.reached", { budget: "$2.00", spent: "$1.05", next: "$0.15" })));
	const running = { left: "running", remoteId: "task-3" } as const;
	state.emit(jobEvent({ at: 86_000, notePath: note, shotId: "s03", take: 2, state: "cancelled", ...running, message: leftMessage(running) }));
	state.emit(jobEvent({ at: 86_000, notePath: note, shotId: "s04", state: "cancelled", left: "never-sent", message: leftMessage({ left: "never-sent" }) }));
	state.emit(summaryEvent({ at: 90_000, submitted: 6, succeeded: 3, failed: 1, skipped: 1, invalid: 1, cost_estimate: 0.9, stopped: "budget" }));
	return state;
}

describe("queue view approval snapshots", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		Notice.reset__();
		l = await loadPlugin({ "Film/Ep1.md": "# Ep1\n" });
	});
	afterEach(() => {
		unload(l.plugin);
		setLanguage("en");
	});

	async function shown(state: RunState | null): Promise<string> {
		l.plugin.runs().current = state;
		await l.plugin.openQueue();
		const v = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
		v.render();
		return domText(v.contentEl);
	}

	for (const lang of ["en", "zh"] as const) {
		it(`${lang}: before any run, during a run and after it`, async () => {
			setLanguage(lang);
			const text = ["# No run yet", await shown(null), "# During a run", await shown(midRun()), "# Finished", await shown(finished())].join("\n");
			await expect(text).toMatchFileSnapshot(`__snapshots__/queue-view.${lang}.txt`);
		});
	}
});
