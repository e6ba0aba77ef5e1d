/**
 * Cancelling one waiting shot affects only that shot (issue 16): the run-wide
 * "Cancel all" stays a first-step cancel, so its next click never abandons the
 * paid jobs already running. Measured from the simulator's request log and the
 * files in the vault.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { QUEUE_VIEW_TYPE, type QueueView } from "../../src/obsidian/queue-view";
import { Notice, allElements, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-sim-0123456789abcdefABCDEF";

type Clickable = HTMLElement & { click(): void };

describe("cancelling one job", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
		sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 60_000, max: 120_000 } } });
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
	});

	async function start(shots: number, concurrency: number): Promise<{ view: QueueView; running: Promise<unknown> }> {
		l = await loadPlugin({ "Ep.md": noteWithShots(shots) }, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
		l.plugin.settings.concurrency = { ...l.plugin.settings.concurrency, initial: concurrency, max: concurrency };
		l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
		routeRequestUrl(sim);
		l.app.workspace.setLayoutReady__();
		await l.plugin.openQueue();
		const running = l.plugin.runs().run({ target: "Ep.md", mode: "generate" });
		await clock.advance(1_000);
		const view = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
		view.render();
		return { view, running };
	}

	function button(view: QueueView, cls: string, key?: string): Clickable {
		const scope = key ? (allElements(view.contentEl).find((e) => e.getAttribute("data-key") === key) as HTMLElement) : view.contentEl;
		return allElements(scope).find((e) => e.hasClass(cls)) as Clickable;
	}

	const creates = () => sim.log.filter((e) => e.route === "create").length;
	const mp4s = () =>
		l!.app.vault
			.getFiles()
			.map((f) => f.path)
			.filter((p) => p.endsWith(".mp4"))
			.sort();

	it("leaves Cancel all as it was, and the next Cancel all lets the running paid jobs finish and be saved", async () => {
		const { view, running } = await start(6, 2);
		const sentBefore = creates();
		expect(sentBefore).toBe(2);
		button(view, "cineflow-cancel-job", "Ep.md::s05::1").click();
		view.render();
		// The run-wide cancel was not used for one job.
		expect(l!.plugin.runs().cancelling).toBe(false);
		expect(button(view, "cineflow-cancel-all").textContent).toBe("Cancel all");
		expect(l!.plugin.runs().current?.jobs.get("Ep.md::s05::1")).toMatchObject({ state: "cancelled", message: "Cancelled by you" });
		// One click on Cancel all: no new creates, the two submitted (paid) jobs finish.
		button(view, "cineflow-cancel-all").click();
		await clock.run(running as Promise<unknown>);
		expect(creates()).toBe(sentBefore);
		expect(mp4s()).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s02.mp4"]);
		const s = l!.plugin.runs().current;
		expect(s?.jobs.get("Ep.md::s01::1")?.state).toBe("done");
		expect(s?.jobs.get("Ep.md::s02::1")?.state).toBe("done");
		expect([...(s?.jobs.values() ?? [])].some((j) => (j.message ?? "").startsWith("Abandoned"))).toBe(false);
	});

	it("does not pause the other waiting jobs: the next one is sent as soon as a slot frees, and the cancelled one never", async () => {
		const { view, running } = await start(4, 1);
		button(view, "cineflow-cancel-job", "Ep.md::s02::1").click();
		await clock.run(running as Promise<unknown>);
		const sent = sim.log.filter((e) => e.route === "create");
		expect(sent).toHaveLength(3);
		expect(mp4s()).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s03.mp4", "_assets/Ep/s04.mp4"]);
		// One run, one plan: no restarted continuation run (a single start notice, a single summary).
		const s = l!.plugin.runs().current;
		expect(s?.summary).toMatchObject({ submitted: 3, succeeded: 3 });
		expect(Notice.shown__.filter((n) => n.text__.includes("Generating")).length).toBe(1);
		expect(Notice.shown__.at(-1)?.text__).toContain("3 done, 1 cancelled");
	});
});
