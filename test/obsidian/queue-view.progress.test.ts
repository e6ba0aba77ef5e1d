/**
 * Honest progress and spend (issue 16): the queue's ETA and spend against the
 * estimate and the budget, progress that moves between polls (labelled as an
 * estimate), redrawing only changed rows, the run's warnings, the status bar
 * opening the queue, and the same figures in notices on phones.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobEvent, JobState } from "../../src/ports/events";
import { QUEUE_VIEW_TYPE, QueueView, warningPlace } from "../../src/obsidian/queue-view";
import { RunState } from "../../src/obsidian/run-state";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { Notice, Platform, allElements, setRequestUrlHandler } from "../stubs/obsidian";
import { jobEvent, limitEvent, runStart, warningEvent } from "../support/events";
import { loadPlugin, noteWithShots, notices, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-sim-0123456789abcdefABCDEF";

function job(s: RunState, i: number, state: JobState, at: number, extra: Partial<JobEvent> = {}): void {
	s.emit(jobEvent({ at, shotId: `s0${i}`, state, expectedMs: 100_000, expectedLearned: true, cost: 0.05, ...extra }));
}

const byClass = (root: HTMLElement, cls: string) => allElements(root).filter((e) => e.hasClass(cls));
const row = (v: QueueView, key: string) => allElements(v.contentEl).find((e) => e.getAttribute("data-key") === key) as HTMLElement;

describe("queue: ETA, spend, estimates and warnings", () => {
	let l: Loaded;
	let now = 0;
	let state: RunState;
	beforeEach(async () => {
		useWindow();
		Notice.reset__();
		l = await loadPlugin({ "Ep.md": "# Ep\n" });
		now = 0;
		state = new RunState("Ep.md", "generate", () => now);
		state.budgetUsd = 1;
		state.emit(runStart({ jobs: 4, costEstimate: 0.2 }));
		for (let i = 1; i <= 4; i++) job(state, i, "pending", 0);
		state.emit(limitEvent({ limit: 2 }));
		job(state, 1, "running", 0, { remoteId: "t1" });
		job(state, 2, "running", 0, { remoteId: "t2" });
		l.plugin.runs().current = state;
	});
	afterEach(() => unload(l.plugin));

	async function view(): Promise<QueueView> {
		await l.plugin.openQueue();
		const v = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
		v.render();
		return v;
	}

	it("shows the run's ETA as an estimate, and the spend so far against the estimate and the budget", async () => {
		now = 40_000;
		const v = await view();
		const text = v.contentEl.textContent ?? "";
		// Two running with ~60 s left, two waiting 100 s each in the two slots.
		expect(text).toContain("About 2 m 40 s left for the run (estimate from this run's durations)");
		expect(text).toContain("$0.10 spent of about $0.20 estimated · budget $1.00");
	});

	it("moves a running job's progress between polls, and says it is an estimate", async () => {
		now = 20_000;
		const v = await view();
		const bar = byClass(row(v, "Ep.md::s01::1"), "cineflow-progress")[0] as HTMLElement;
		expect(bar.getAttribute("value")).toBe("20");
		now = 50_000;
		v.render();
		expect(bar.getAttribute("value")).toBe("50");
		expect(bar.getAttribute("aria-label")).toBe("about 50% (estimate)");
		expect(row(v, "Ep.md::s01::1").textContent).toContain("about 50% · elapsed 50 s · about 50 s left (estimate from this run's durations)");
	});

	it("redraws only the rows that changed on a tick", async () => {
		now = 10_000;
		const v = await view();
		const before = new Map(["Ep.md::s01::1", "Ep.md::s02::1", "Ep.md::s03::1", "Ep.md::s04::1"].map((k) => [k, row(v, k)]));
		const inner = new Map([...before].map(([k, el]) => [k, [...allElements(el)]]));
		// One job changes; time passes for the others.
		now = 30_000;
		job(state, 3, "submitting", 30_000);
		v.render();
		for (const [k, el] of before) expect(row(v, k), k).toBe(el);
		// Unchanged rows keep every element they had (the running ones only had their bar and text updated).
		for (const k of ["Ep.md::s01::1", "Ep.md::s02::1", "Ep.md::s04::1"]) {
			const now_ = allElements(row(v, k));
			expect(now_.length, k).toBe(inner.get(k)?.length);
			expect(
				now_.every((e, i) => e === inner.get(k)?.[i]),
				k,
			).toBe(true);
		}
		// The changed row was redrawn, and moved up among the active jobs without recreating the others.
		expect(allElements(row(v, "Ep.md::s03::1")).some((e, i) => e !== inner.get("Ep.md::s03::1")?.[i])).toBe(true);
		expect(byClass(v.contentEl, "cineflow-job").map((e) => e.getAttribute("data-key"))).toEqual([
			"Ep.md::s01::1",
			"Ep.md::s02::1",
			"Ep.md::s03::1",
			"Ep.md::s04::1",
		]);
	});

	it("lists the run's warnings, naming note:line:shot where known", async () => {
		state.emit(warningEvent("Ep.md:12 shot s03: embed not found; the video is kept in _assets", { at: 1, notePath: "Ep.md" }));
		state.emit(warningEvent("removed _assets/Ep/s01.mp4.tmp, left by an interrupted run", { at: 2 }));
		const v = await view();
		const section = byClass(v.contentEl, "cineflow-queue-warnings")[0] as HTMLElement;
		expect(section.hasClass("cineflow-hidden")).toBe(false);
		const items = byClass(section, "cineflow-warning").map((e) => e.textContent);
		expect(items).toEqual([
			"Ep.md:12 shot s03: embed not found; the video is kept in _assets",
			"removed _assets/Ep/s01.mp4.tmp, left by an interrupted run",
		]);
		expect(section.textContent).toContain("2 warnings");
		// A third warning is appended; the first two are not redrawn.
		const first = byClass(section, "cineflow-warning")[0];
		state.emit(warningEvent("lost the embed", { at: 3, notePath: "Ep.md" }));
		v.render();
		expect(byClass(section, "cineflow-warning")[0]).toBe(first);
		expect(byClass(section, "cineflow-warning").at(-1)?.textContent).toBe("Ep.md: lost the embed");
		expect(warningPlace({ type: "warning", at: 0, message: "x", notePath: "A.md", line: 7, shotId: "s2" } as never)).toBe("A.md:7 shot s2:");
	});

	it("the status bar opens the queue on a click", async () => {
		const status = allElements(l.app.statusBarEl).find((e) => e.hasClass("cineflow-status")) as HTMLElement & { click(): void; dispatch(t: string): void };
		expect(l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)).toHaveLength(0);
		status.dispatch("click");
		await new Promise((r) => setImmediate(r));
		expect(l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)).toHaveLength(1);
	});
});

describe("notices: warnings counted, and the figures on phones", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
		sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 60_000, max: 60_000 } } });
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		Platform.isMobile = false;
		setRequestUrlHandler(undefined);
	});

	async function run(files: Record<string, string>): Promise<void> {
		l = await loadPlugin(files, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
		l.plugin.settings.budgetUsd = 5;
		l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
		routeRequestUrl(sim);
		l.app.workspace.setLayoutReady__();
		await clock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
	}

	it("the end notice counts the run's warnings and points to the queue", async () => {
		await run({ "Ep.md": noteWithShots(2), "_assets/Ep/s01.mp4.tmp": "partial" });
		const s = l?.plugin.runs().current;
		expect(s?.warningEvents.length).toBeGreaterThan(0);
		const n = s?.warningEvents.length ?? 0;
		expect(notices().at(-1)).toMatch(new RegExp(`finished: 2 done\\..* ${n} warnings?, see the queue\\.$`));
	});

	it("on a phone (no status bar) the start and end notices carry the estimate, the budget and the spend", async () => {
		Platform.isMobile = true;
		await run({ "Ep.md": noteWithShots(2) });
		expect(sim.log.filter((e) => e.route === "create")).toHaveLength(2);
		expect(notices()[0]).toBe("CineFlow: Generating 2 shots. Estimated $0.10, budget $5.00. Progress is in the queue.");
		expect(notices().at(-1)).toMatch(
			/finished: 2 done\. Estimated cost \$0\.10\. \$0\.10 spent of about \$0\.10 estimated · budget \$5\.00; took 1 m \d\d s\.$/,
		);
	});
});
