/**
 * The plugin's run path end to end: commands → run service → core runner →
 * Obsidian adapters (vault port, requestUrl HTTP adapter) → the provider
 * simulator, in virtual time.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import { simBaseUrl, createSimulator, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { QueueView, QUEUE_VIEW_TYPE } from "../../src/obsidian/queue-view";
import { RunDialog } from "../../src/obsidian/modals";
import { Component, Notice, TFile, allElements, makeEl, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, notices, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-sim-0123456789abcdefABCDEF";

async function setup(files: Record<string, string>, clock: VirtualClock, sim: Simulator): Promise<Loaded> {
	const l = await loadPlugin(files, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
	l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
	l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
	l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
	routeRequestUrl(sim);
	return l;
}

function mp4s(l: Loaded): string[] {
	return l.app.vault
		.getFiles()
		.map((f) => f.path)
		.filter((p) => p.endsWith(".mp4"))
		.sort();
}

describe("plugin runs against the simulator", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
		sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: { min: 60_000, max: 240_000 } } });
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
	});

	it("a 50-shot run shows at most 3 notices, writes 50 videos and embeds, and clears the status bar", async () => {
		l = await setup({ "Film/Storm.md": noteWithShots(50) }, clock, sim);
		l.app.workspace.setLayoutReady__();
		await l.plugin.openQueue();
		const statusTexts: string[] = [];
		const status = allElements(l.app.statusBarEl).find((e) => e.hasClass("cineflow-status")) as HTMLElement;
		l.plugin.runs().onEvent(() => statusTexts.push(status.textContent ?? ""));

		const report = await clock.run(l.plugin.runs().run({ target: "Film/Storm.md", mode: "generate" }));
		expect(report?.summary).toMatchObject({ submitted: 50, succeeded: 50, failed: 0 });
		expect(notices().length).toBeLessThanOrEqual(3);
		expect(notices()[0]).toContain("Generating 50 shots");
		expect(notices().at(-1)).toContain("finished: 50 done");
		expect(mp4s(l)).toHaveLength(50);
		const note = await l.app.vault.adapter.read("Film/Storm.md");
		expect(note.match(/!\[\[_assets\/Storm\/s\d\d\.mp4\]\]/g)).toHaveLength(50);
		// The key never reaches the vault.
		for (const [path] of l.app.vault.adapter.files) {
			const text = await l.app.vault.adapter.read(path);
			expect(text.includes(KEY), path).toBe(false);
		}
		// The status bar showed live counts and is cleared after the run.
		expect(statusTexts.some((t) => /^CineFlow \d+\/50 · \d+ running · limit \d+/.test(t))).toBe(true);
		expect(status.textContent).toBe("");
		expect(status.hasClass("cineflow-hidden")).toBe(true);
		// The queue view lists every job as done.
		const view = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
		view.render();
		const badges = allElements(view.contentEl).filter((e) => e.hasClass("cineflow-badge"));
		expect(badges).toHaveLength(50);
		expect(badges.every((b) => b.getAttribute("data-state") === "done")).toBe(true);
		expect(allElements(view.contentEl).find((e) => e.hasClass("cineflow-queue-counts"))?.textContent).toContain("50 done");
	});

	it("the run dialog's Start runs only the chosen shots with the run's overrides", async () => {
		l = await setup({ "Ep.md": noteWithShots(6) }, clock, sim);
		l.app.workspace.setLayoutReady__();
		await l.app.workspace.openFile__(l.app.vault.getFileByPath("Ep.md") as TFile);
		l.app.runCommand__("cineflow:generate-note");
		const dialog = l.app.openModals__[0] as unknown as RunDialog;
		await dialog.estimating;
		const field = (cls: string) => allElements(dialog.contentEl).find((e) => e.hasClass(cls));
		const input = (cls: string) =>
			allElements(field(cls) as HTMLElement).find((e) => e.tagName === "INPUT") as HTMLInputElement & { dispatch(t: string): void };
		const filter = input("cineflow-field-filter");
		filter.value = "1-2, 5";
		filter.dispatch("input");
		const dur = input("cineflow-field-duration");
		dur.value = "15";
		dur.dispatch("input");
		await dialog.estimating;
		expect(dialog.contentEl.textContent).toContain("3 to run");
		const start = allElements(dialog.contentEl).find((e) => e.hasClass("cineflow-start")) as HTMLButtonElement & { click(): void };
		expect(start.disabled).toBe(false);
		start.click();
		await clock.run(
			(async () => {
				await Promise.resolve();
				await l?.plugin.runs().idle();
			})(),
		);
		expect(mp4s(l)).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s02.mp4", "_assets/Ep/s05.mp4"]);
		expect(sim.tasks().every((t) => t.durationMs !== undefined)).toBe(true);
		expect(sim.log.filter((e) => e.route === "create")).toHaveLength(3);
	});

	it("the run dialog's fields fill in what the note leaves unset; with 'Override the shots' own fields' on they win (as the CLI's --override)", async () => {
		const seconds = () => sim.tasks().map((t) => t.seconds);
		for (const override of [false, true]) {
			l = await setup({ [`Ep${override ? 2 : 1}.md`]: noteWithShots(2) }, clock, sim);
			l.app.workspace.setLayoutReady__();
			await l.app.workspace.openFile__(l.app.vault.getFileByPath(`Ep${override ? 2 : 1}.md`) as TFile);
			l.app.runCommand__("cineflow:generate-note");
			const dialog = l.app.openModals__[0] as unknown as RunDialog;
			await dialog.estimating;
			const field = (cls: string) => allElements(dialog.contentEl).find((e) => e.hasClass(cls));
			const dur = allElements(field("cineflow-field-duration") as HTMLElement).find((e) => e.tagName === "INPUT") as HTMLInputElement & {
				dispatch(t: string): void;
			};
			dur.value = "15";
			dur.dispatch("input");
			if (override) {
				const row = allElements(dialog.contentEl).find(
					(e) => e.hasClass("setting-item") && (e.textContent ?? "").includes("Override the shots' own fields"),
				) as HTMLElement;
				const toggle = allElements(row).find((e) => e.hasClass("checkbox-container")) as HTMLElement & { click(): void };
				toggle.click();
			}
			await dialog.estimating;
			const start = allElements(dialog.contentEl).find((e) => e.hasClass("cineflow-start")) as HTMLButtonElement & { click(): void };
			start.click();
			await clock.run(
				(async () => {
					await Promise.resolve();
					await l?.plugin.runs().idle();
				})(),
			);
			unload(l.plugin);
			l = undefined;
		}
		// The note's front matter says 10 s: it wins over the dialog's 15 unless the dialog overrides.
		expect(seconds()).toEqual([10, 10, 15, 15]);
	});

	it("on load, offers to resume unfinished shots with one notice and spends nothing without consent", async () => {
		// A first session submits, then Obsidian closes mid-run (unload).
		l = await setup({ "Film/Ep.md": noteWithShots(3) }, clock, sim);
		l.app.workspace.setLayoutReady__();
		const running = l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" });
		// Let the three jobs get submitted, but not finish.
		await clock.advance(20_000);
		expect(sim.log.filter((e) => e.route === "create")).toHaveLength(3);
		unload(l.plugin);
		// Unwinding after the abort takes a few turns before the runner's last timer is set.
		for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
		await clock.run(running.then(() => undefined));
		const journal = parseJournalText(await l.app.vault.adapter.read(`Film/_assets/Ep/${JOURNAL_NAME}`)) as {
			entries: Record<string, { status: string; remoteId?: string }>;
		};
		const entries = Object.values(journal.entries);
		expect(entries).toHaveLength(3);
		expect(entries.every((e) => e.status === "submitted" && e.remoteId)).toBe(true);
		const app = l.app;

		// Next session.
		Notice.reset__();
		const requestsBefore = sim.log.length;
		// Obsidian is already laid out, so the plugin's onLayoutReady work runs during load.
		l = await loadPlugin({}, { app, runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		await clock.advance(1);
		expect(Notice.shown__).toHaveLength(1);
		const offer = Notice.shown__[0] as Notice;
		const button = allElements(offer.messageEl).find((e) => e.tagName === "BUTTON") as HTMLElement & { click(): void };
		expect(button.textContent).toBe("Resume 3 unfinished shots");
		await clock.advance(10 * 60_000);
		expect(sim.log.length).toBe(requestsBefore); // nothing sent without consent
		button.click();
		await clock.run(
			(async () => {
				await Promise.resolve();
				await l?.plugin.runs().idle();
			})(),
		);
		expect(sim.log.filter((e) => e.route === "create")).toHaveLength(3); // no second submission
		expect(mp4s(l)).toEqual(["Film/_assets/Ep/s01.mp4", "Film/_assets/Ep/s02.mp4", "Film/_assets/Ep/s03.mp4"]);
	});

	it("cancel: no new submissions; submitted shots finish and are saved", async () => {
		l = await setup({ "Ep.md": noteWithShots(10) }, clock, sim);
		l.plugin.settings.concurrency = { ...l.plugin.settings.concurrency, initial: 2, max: 2 };
		l.app.workspace.setLayoutReady__();
		const running = l.plugin.runs().run({ target: "Ep.md", mode: "generate" });
		await clock.advance(5_000);
		expect(l.app.runCommand__("cineflow:cancel", true)).toBe(true);
		l.app.runCommand__("cineflow:cancel");
		const report = await clock.run(running);
		const created = sim.log.filter((e) => e.route === "create").length;
		expect(created).toBe(2);
		expect(mp4s(l)).toHaveLength(2);
		expect(report?.stopped).toBe("cancel");
		expect(notices().at(-1)).toMatch(/finished: 2 done, 8 cancelled/);
	});

	it("a missing key produces one notice that names where to add it, not one per shot", async () => {
		l = await setup({ "Ep.md": noteWithShots(5) }, clock, sim);
		l.app.secretStorage.setSecret("cineflow-sorahk", "");
		l.app.workspace.setLayoutReady__();
		await clock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
		const keyNotices = notices().filter((n) => n.startsWith("No API key for Sora.hk"));
		expect(keyNotices).toHaveLength(1);
		expect(notices().length).toBeLessThanOrEqual(3);
		expect(sim.log).toHaveLength(0);
	});

	it("a budget stop and a rejected key each give one notice that needs the user, and no more", async () => {
		l = await setup({ "Ep.md": noteWithShots(10) }, clock, sim);
		l.plugin.settings.budgetUsd = 0.15; // 10 s at $0.005/s = $0.05 a shot: three shots fit
		l.app.workspace.setLayoutReady__();
		const report = await clock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
		expect(report?.stopped).toBe("budget");
		expect(sim.log.filter((e) => e.route === "create")).toHaveLength(3);
		const budget = notices().filter((n) => n.startsWith("CineFlow needs you: Budget of $0.15 reached"));
		expect(budget).toHaveLength(1);
		expect(notices()).toHaveLength(3); // start, budget, end

		Notice.reset__();
		l.plugin.settings.budgetUsd = null;
		l.app.secretStorage.setSecret("cineflow-sorahk", "sk-wrong-0000000000000000");
		const second = await clock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
		expect(second?.stopped).toBe("auth");
		expect(notices().filter((n) => n.startsWith("CineFlow needs you:"))).toHaveLength(1);
		expect(notices().length).toBeLessThanOrEqual(3);
		expect(notices().join("\n")).not.toContain("sk-wrong-0000000000000000");
	});

	it("cancelling one waiting shot in the queue skips it; the rest of the run continues", async () => {
		l = await setup({ "Ep.md": noteWithShots(6) }, clock, sim);
		l.plugin.settings.concurrency = { ...l.plugin.settings.concurrency, initial: 1, max: 1 };
		l.app.workspace.setLayoutReady__();
		await l.plugin.openQueue();
		const running = l.plugin.runs().run({ target: "Ep.md", mode: "generate" });
		await clock.advance(1_000);
		const view = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
		view.render();
		const row = allElements(view.contentEl).find((e) => e.getAttribute("data-key") === "Ep.md::s05::1") as HTMLElement;
		const cancel = allElements(row).find((e) => e.hasClass("cineflow-cancel-job")) as HTMLElement & { click(): void };
		expect(cancel).toBeDefined();
		cancel.click();
		const report = await clock.run(running);
		expect(report).not.toBeNull();
		expect(mp4s(l)).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s02.mp4", "_assets/Ep/s03.mp4", "_assets/Ep/s04.mp4", "_assets/Ep/s06.mp4"]);
		expect(sim.log.filter((e) => e.route === "create")).toHaveLength(5);
		expect(l.plugin.runs().current?.jobs.get("Ep.md::s05::1")).toMatchObject({ state: "cancelled", message: "Cancelled by you" });
		expect(notices().at(-1)).toContain("finished: 5 done, 1 cancelled");
		// The journal has no entry for the cancelled shot: a later run generates it normally.
		const journal = await l.app.vault.adapter.read(`_assets/Ep/${JOURNAL_NAME}`);
		expect(journal).not.toContain('"s05#1"');
	});

	it("a card's Generate runs its shot; 'regenerate current shot' adds a take of the shot under the cursor", async () => {
		l = await setup({ "Ep.md": noteWithShots(3) }, clock, sim);
		l.app.workspace.setLayoutReady__();
		const file = l.app.vault.getFileByPath("Ep.md") as TFile;
		const el = makeEl("div");
		const owner = new Component();
		owner.load();
		await l.app.renderNote__(file, el, owner);
		const cards = allElements(el).filter((e) => e.hasClass("cineflow-card"));
		const generate = allElements(cards[1] as HTMLElement).find((e) => e.hasClass("cineflow-card-generate")) as HTMLElement & { click(): void };
		generate.click();
		await clock.run(
			(async () => {
				await Promise.resolve();
				await l?.plugin.runs().idle();
			})(),
		);
		expect(mp4s(l)).toEqual(["_assets/Ep/s02.mp4"]);
		const state = () =>
			allElements(cards[1] as HTMLElement)
				.find((e) => e.hasClass("cineflow-card-state"))
				?.getAttribute("data-state");
		for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
		expect(state()).toBe("done");

		const view = await l.app.workspace.openFile__(file);
		const line = view.editor.getValue().split("\n").indexOf("id: s02");
		view.editor.setCursor(line, 0);
		expect(l.app.runCommand__("cineflow:regenerate-shot")).toBe(true);
		await clock.run(
			(async () => {
				await Promise.resolve();
				await l?.plugin.runs().idle();
			})(),
		);
		expect(mp4s(l)).toEqual(["_assets/Ep/s02.mp4", "_assets/Ep/s02.take2.mp4"]);
		const note = await l.app.vault.adapter.read("Ep.md");
		expect(note).toContain("![[_assets/Ep/s02.mp4]]\n![[_assets/Ep/s02.take2.mp4]]\n");
		owner.unload();
	});
});
