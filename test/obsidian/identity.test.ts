/**
 * Issue 14.4 in the plugin: after a shot without `id:` is inserted above others,
 * a card's Generate and "regenerate current shot" act on the shot the user sees,
 * and its video lands under its own fence (the shots' stored ids differ from their
 * positions now).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { Component, Notice, TFile, allElements, makeEl, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-sim-0123456789abcdefABCDEF";

const idless = (prompt: string) => "```shot\nprompt: " + prompt + "\n```\n";
const NOTE =
	"---\ncineflow:\n  provider: sorahk\n  duration: 10\n---\n# Scene\n\n" + ["Harbour at dawn", "Gulls on the pier", "A boat leaves"].map(idless).join("\n");

describe("shots without id: in the plugin (issue 14.4)", () => {
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

	const idle = () =>
		clock.run(
			(async () => {
				await Promise.resolve();
				await l?.plugin.runs().idle();
			})(),
		);

	it("a card's Generate and 'regenerate current shot' act on the shot the note shows", async () => {
		l = await loadPlugin({ "Ep.md": NOTE }, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
		routeRequestUrl(sim);
		l.app.workspace.setLayoutReady__();
		await clock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
		const text = await l.app.vault.adapter.read("Ep.md");
		await l.app.vault.adapter.write("Ep.md", text.replace("# Scene\n\n", "# Scene\n\n" + idless("A storm rolls in") + "\n"));

		// The new shot's card (first block) generates only the new shot, under its own fence.
		const file = l.app.vault.getFileByPath("Ep.md") as TFile;
		const el = makeEl("div");
		const owner = new Component();
		owner.load();
		await l.app.renderNote__(file, el, owner);
		const cards = allElements(el).filter((e) => e.hasClass("cineflow-card"));
		// Each card shows its own shot: the new one is not generated, the old ones are done.
		const state = (i: number) =>
			allElements(cards[i] as HTMLElement)
				.find((e) => e.hasClass("cineflow-card-state"))
				?.getAttribute("data-state");
		expect([0, 1, 2, 3].map(state)).toEqual(["not-generated", "done", "done", "done"]);
		(allElements(cards[0] as HTMLElement).find((e) => e.hasClass("cineflow-card-generate")) as HTMLElement & { click(): void }).click();
		await idle();
		expect(sim.log.filter((e) => e.route === "create")).toHaveLength(4);
		expect(sim.createsByPrompt().get("A storm rolls in")).toBe(1);
		let note = await l.app.vault.adapter.read("Ep.md");
		expect(note).toContain("prompt: A storm rolls in\n```\n![[_assets/Ep/s04.mp4]]\n");

		// The cursor in "Gulls on the pier" (now the third block): a second take of that shot, s02.
		const view = await l.app.workspace.openFile__(file);
		view.editor.setCursor(view.editor.getValue().split("\n").indexOf("prompt: Gulls on the pier"), 0);
		expect(l.app.runCommand__("cineflow:regenerate-shot")).toBe(true);
		await idle();
		expect(sim.createsByPrompt().get("Gulls on the pier")).toBe(2);
		note = await l.app.vault.adapter.read("Ep.md");
		expect(note).toContain("prompt: Gulls on the pier\n```\n![[_assets/Ep/s02.mp4]]\n![[_assets/Ep/s02.take2.mp4]]\n");
		expect(note).toContain("prompt: Harbour at dawn\n```\n![[_assets/Ep/s01.mp4]]\n");
		expect(note).toContain("prompt: A boat leaves\n```\n![[_assets/Ep/s03.mp4]]\n");
		owner.unload();
	});
});
