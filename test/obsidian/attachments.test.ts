/**
 * The plugin with "Where videos go: attachment location": the folder comes from
 * Obsidian (fileManager.getAvailablePathForAttachment), videos are indexed at once
 * (written through the Vault API) and their embeds resolve.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, simBaseUrl, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { Notice, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, routeRequestUrl, unload, useWindow, type Loaded } from "./helpers";

const KEY = "sk-sim-attach-0123456789abcdef";

describe("plugin: attachment location", () => {
	let l: Loaded | undefined;
	let clock: VirtualClock;
	let sim: Simulator;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
		clock = new VirtualClock();
		sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 60_000 } });
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
	});

	it("videos go where Obsidian puts attachments, are in its index before any file-watcher event, and the embeds resolve", async () => {
		l = await loadPlugin({ "Film/Ep.md": noteWithShots(2) }, { runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
		l.plugin.settings.outputLocation = "attachments";
		l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
		l.app.vault.setConfig__("attachmentFolderPath", "./media");
		l.app.vault.deferAdapterIndex__ = true;
		routeRequestUrl(sim);
		const report = await clock.run(l.plugin.runs().run({ target: "Film/Ep.md", mode: "generate" }));
		expect(report?.summary).toMatchObject({ submitted: 2, succeeded: 2 });
		for (const id of ["s01", "s02"]) {
			const file = l.app.vault.getFileByPath(`Film/media/Ep/${id}.mp4`);
			expect(file, id).not.toBeNull();
		}
		const note = await l.app.vault.adapter.read("Film/Ep.md");
		const links = [...note.matchAll(/!\[\[([^\]]+)\]\]/g)].map((m) => m[1] as string);
		expect(links).toHaveLength(2);
		for (const link of links) expect(l.app.metadataCache.getFirstLinkpathDest(link, "Film/Ep.md"), link).not.toBeNull();
		expect(sim.log.filter((e) => e.route === "create" && e.status === 200)).toHaveLength(2);
	});
});
