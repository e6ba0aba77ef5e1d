import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RUN_LOG_NAME } from "../../src/core/run/runlog";
import { RunLogModal } from "../../src/obsidian/modals";
import { QUEUE_VIEW_TYPE, QueueView } from "../../src/obsidian/queue-view";
import { RunState } from "../../src/obsidian/run-state";
import { Notice, allElements } from "../stubs/obsidian";
import { jobEvent, limitEvent, runStart } from "../support/events";
import { loadPlugin, unload, useWindow, type Loaded } from "./helpers";

describe("queue view", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		Notice.reset__();
		l = await loadPlugin({ "Ep.md": "# Ep\n", [`_assets/Ep/${RUN_LOG_NAME}`]: '{"run":"r1","type":"job","state":"failed","requestId":"req_42"}\n{"run":"r0","type":"job"}\n' });
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
