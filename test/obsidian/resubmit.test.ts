/**
 * The plugin's "Resubmit unknown shots in note": takes an earlier run left
 * "unknown" are never sent again on their own; the command lists them, warns, and
 * sends them only when the user confirms. Counted from the simulator's log.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { ResubmitUnknownModal } from "../../src/obsidian/resubmit";
import { Notice, TFile, allElements, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, notices, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "key_sim_runway_0123456789abcdef";

describe("command: resubmit unknown shots", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
		// Runway lists no tasks: the first create is made, then answered 502 → "unknown".
		sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 60_000, post502AfterCreate: { nth: [1] } } });
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
	});

	const creates = () => sim.log.filter((e) => e.route === "create").length;

	async function setup(): Promise<Loaded> {
		const loaded = await loadPlugin({ "Film/Ep.md": noteWithShots(2, { provider: "runway" }) }, { runDeps: { clock, random: () => 0.5 } });
		loaded.plugin.settings.providers.runway = { baseUrl: simBaseUrl("http://sim.test", "runway") };
		loaded.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
		loaded.app.secretStorage.setSecret("cineflow-runway", KEY);
		routeRequestUrl(sim);
		return loaded;
	}

	it("lists the unknown take, sends nothing until confirmed, then sends only it", async () => {
		l = await setup();
		const first = await clock.run(l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" }));
		expect(first?.summary).toMatchObject({ unknown: 1, succeeded: 1 });
		expect(creates()).toBe(2);
		// A plain rerun reports it and sends nothing.
		const again = await clock.run(l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" }));
		expect(again?.summary.unknown).toBe(1);
		expect(creates()).toBe(2);

		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Ep.md") as TFile);
		expect(l.app.runCommand__("cineflow:resubmit-unknown", true)).toBe(true);
		expect(l.app.runCommand__("cineflow:resubmit-unknown")).toBe(true);
		for (let i = 0; i < 50 && !l.app.openModals__.length; i++) await new Promise((r) => setTimeout(r, 5));
		const modal = l.app.openModals__[0] as unknown as ResubmitUnknownModal;
		expect(modal).toBeInstanceOf(ResubmitUnknownModal);
		const text = modal.contentEl.textContent ?? "";
		expect(text).toContain("Film/Ep.md s01");
		expect(text).not.toContain("s02");
		expect(text).toMatch(/bill them twice/);
		expect(creates()).toBe(2);

		const report = await clock.run(modal.resubmit());
		expect(report?.summary).toMatchObject({ submitted: 1, succeeded: 1, unknown: 0 });
		expect(creates()).toBe(3);
		const mp4s = l.app.vault
			.getFiles()
			.map((f) => f.path)
			.filter((p) => p.endsWith(".mp4"))
			.sort();
		expect(mp4s).toEqual(["Film/_assets/Ep/s01.mp4", "Film/_assets/Ep/s02.mp4"]);
	});

	it("Cancel sends nothing; a note with no unknown take says so", async () => {
		l = await setup();
		await clock.run(l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" }));
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Film/Ep.md") as TFile);
		l.app.runCommand__("cineflow:resubmit-unknown");
		for (let i = 0; i < 50 && !l.app.openModals__.length; i++) await new Promise((r) => setTimeout(r, 5));
		const modal = l.app.openModals__[0] as unknown as ResubmitUnknownModal;
		const cancel = allElements(modal.contentEl).find((e) => e.tagName === "BUTTON" && e.textContent === "Cancel") as unknown as { click(): void };
		cancel.click();
		expect(l.app.openModals__).toHaveLength(0);
		expect(creates()).toBe(2);

		sim.setScenario({ post502AfterCreate: 0 });
		await clock.run(modal.resubmit());
		Notice.reset__();
		l.app.runCommand__("cineflow:resubmit-unknown");
		for (let i = 0; i < 50 && !notices().length; i++) await new Promise((r) => setTimeout(r, 5));
		expect(notices().join("\n")).toMatch(/No shot of Film\/Ep\.md is unknown/);
	});
});
