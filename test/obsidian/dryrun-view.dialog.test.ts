/**
 * Issue 14.5 in the plugin: the run dialog and the estimate modal use the core's
 * dry-run rows, so finished shots show "already done" at $0 and the total prices
 * only what a run would submit.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { RunDialog } from "../../src/obsidian/modals";
import { Notice, TFile, allElements, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-sim-0123456789abcdefABCDEF";

describe("plugin dry run after a finished run (issue 14.5)", () => {
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

	it("the run dialog shows done rows at $0, a $0 total and no Start; a new shot is the only cost", async () => {
		l = await loadPlugin({ "Ep.md": noteWithShots(4) }, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
		routeRequestUrl(sim);
		l.app.workspace.setLayoutReady__();
		const report = await clock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
		expect(report?.summary).toMatchObject({ submitted: 4, succeeded: 4 });
		const creates = sim.log.filter((e) => e.route === "create").length;

		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Ep.md") as TFile);
		l.app.runCommand__("cineflow:generate-note");
		const dialog = l.app.openModals__[0] as unknown as RunDialog;
		await dialog.estimating;
		expect(dialog.contentEl.textContent).toContain("4 shots · 0 to run · 4 already done · 0 invalid · estimated cost $0.00");
		const rows = allElements(dialog.contentEl).filter((e) => e.tagName === "TR" && e.getAttribute("data-status") !== null);
		expect(rows).toHaveLength(4);
		for (const r of rows) {
			expect(r.getAttribute("data-status")).toBe("done");
			const cells = allElements(r)
				.filter((e) => e.tagName === "TD")
				.map((e) => e.textContent);
			expect(cells.slice(-2)).toEqual(["already done", "$0.00"]);
		}
		const start = allElements(dialog.contentEl).find((e) => e.hasClass("cineflow-start")) as HTMLButtonElement;
		expect(start.disabled).toBe(true);
		dialog.close();

		await l.app.vault.adapter.append("Ep.md", "\n```shot\nid: s05\nprompt: One more shot\n```\n");
		const more = await l.plugin.runs().dryRun({ target: "Ep.md" });
		const again = new RunDialog(l.plugin, "Ep.md");
		again.open();
		await again.estimating;
		expect(again.contentEl.textContent).toContain("5 shots · 1 to run · 4 already done · 0 invalid · estimated cost $0.05");
		expect(more.work.filter((w) => w.action.kind === "submit").map((w) => w.job.shotId)).toEqual(["s05"]);
		again.close();
		// Planning sent nothing.
		expect(sim.log.filter((e) => e.route === "create")).toHaveLength(creates);
	});
});
