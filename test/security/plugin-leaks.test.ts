/**
 * Secret-leak audit of the plugin: a recognizable key is planted in secret
 * storage, the simulator echoes the credential and signed URLs in every error
 * (leakyErrors), and runs go through the error paths (refused key, quota, 5xx,
 * 429, policy, POST 502 after create, truncated/HTML/expired downloads). Then
 * every surface the user or the disk sees is scanned: notices, the status bar,
 * the queue view, rendered shot cards, every saveData payload and every vault
 * file. The count must be 0.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, simBaseUrl, type Scenario, type Simulator } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { QUEUE_VIEW_TYPE, type QueueView } from "../../src/obsidian/queue-view";
import { Component, Notice, TFile, allElements, makeEl, setRequestUrlHandler } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, notices, routeRequestUrl, unload, useWindow, type Loaded } from "../obsidian/helpers";
import { scanText, type Leak } from "./leak-scan";

const CANARY = "sk-PLUGINCANARY-5e1d0c9b8a7f6e5d4c3b";

/** Text and attribute values of every element under `root`. */
function domText(root: HTMLElement): string {
	const parts: string[] = [root.textContent ?? ""];
	for (const e of allElements(root)) {
		const attrs = (e as unknown as { attrs?: Map<string, string> }).attrs;
		if (attrs) for (const v of attrs.values()) parts.push(v);
		const value = (e as unknown as { value?: string }).value;
		if (value) parts.push(value);
	}
	return parts.join("\n");
}

interface Case {
	name: string;
	scenario: Partial<Scenario>;
	/** The key the simulator accepts (another one makes every request an auth failure). */
	serverKey?: string;
	prompts?: (i: number) => string;
	/** The provider's error (which echoes the credential) is shown to the user. */
	echoes?: boolean;
	/** What must have happened for the case to count. */
	hit(sim: Simulator): boolean;
}

const CASES: Case[] = [
	{
		name: "refused key",
		scenario: {},
		serverKey: "sk-some-other-key-000000000000",
		echoes: true,
		hit: (sim) => sim.log.some((e) => e.status === 401 || e.status === 403),
	},
	{
		name: "quota",
		scenario: { quotaAfterCreates: 2 },
		echoes: true,
		hit: (sim) => sim.log.some((e) => e.fault === "quota"),
	},
	{
		name: "mixed faults: 5xx, 429, POST 502 after create, policy, truncated/HTML/expired downloads, dropped connections",
		scenario: {
			random5xx: 0.15,
			random429: 0.1,
			post502AfterCreate: 0.2,
			truncateDownloads: 0.3,
			htmlErrorOnDownload: 0.2,
			dropConnections: 0.05,
			expiredMarker: "STALELINK",
			policyMarker: "FORBIDDEN",
		},
		prompts: (i) => (i === 2 ? "FORBIDDEN content in the storm" : i === 3 ? "STALELINK take of the storm" : `Shot number ${i} of the storm`),
		hit: (sim) => {
			const seen = new Set(sim.log.map((e) => e.fault).filter(Boolean));
			return seen.has("post502") && seen.has("truncate") && seen.size >= 5;
		},
	},
];

function note(c: Case): string {
	const parts = ["---\ncineflow:\n  provider: sorahk\n  duration: 10\n---\n", "# Scene\n"];
	for (let i = 1; i <= 8; i++)
		parts.push("```shot\nid: s" + i + "\nprompt: " + JSON.stringify(c.prompts?.(i) ?? `Shot number ${i} of the storm`) + "\n```\n");
	return parts.join("\n");
}

describe("secret-leak audit: the plugin's notices, queue view, cards and files", () => {
	let l: Loaded | undefined;
	beforeEach(() => {
		useWindow();
		Notice.reset__();
	});
	afterEach(() => {
		if (l) unload(l.plugin);
		l = undefined;
		setRequestUrlHandler(undefined);
	});

	it("the scanner sees a key shown in a notice (positive control)", () => {
		const leaks: Leak[] = [];
		scanText(CANARY, "control", `Request failed: Bearer ${CANARY} at https://x/f.mp4?se=1&sig=abc123`, leaks);
		expect(leaks.length).toBeGreaterThanOrEqual(3);
	});

	it.each(CASES.map((c) => [c.name, c] as const))("%s: 0 leaks", async (_name, c) => {
		const clock = new VirtualClock();
		const sim = createSimulator({
			clock,
			seed: 7,
			apiKey: c.serverKey ?? CANARY,
			scenario: { jobDurationMs: { min: 60_000, max: 180_000 }, leakyErrors: true, requestIds: true, ...c.scenario },
		});
		l = await loadPlugin({ "Film/Storm.md": note(c), "Film/Other.md": noteWithShots(2) }, { layoutReady: false, runDeps: { clock, random: () => 0.5 } });
		l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
		l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
		l.app.secretStorage.setSecret("cineflow-sorahk", CANARY);
		await l.plugin.saveSettings();
		routeRequestUrl(sim);
		l.app.workspace.setLayoutReady__();
		await l.plugin.openQueue();
		const report = await clock.run(l.plugin.runs().run({ target: "Film/Storm.md", mode: "generate" }));
		expect(report).toBeTruthy();
		expect(c.hit(sim), `the faults of "${c.name}" were not injected: ${[...new Set(sim.log.map((e) => e.fault))].join(", ")}`).toBe(true);

		const surfaces: Record<string, string> = {};
		surfaces.notices = notices().join("\n");
		surfaces["status bar"] = domText(l.app.statusBarEl);
		const view = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
		view.render();
		surfaces["queue view"] = domText(view.contentEl);
		const reading = makeEl("div");
		await l.app.renderNote__(l.app.vault.getFileByPath("Film/Storm.md") as TFile, reading, new Component());
		await clock.advance(10);
		surfaces["shot cards"] = domText(reading);
		surfaces["saveData payloads"] = l.saved.join("\n");
		for (const [path] of l.app.vault.adapter.files) surfaces[path] = await l.app.vault.adapter.read(path);

		// The run did go through error paths that carry provider messages.
		expect(surfaces["queue view"].length).toBeGreaterThan(100);
		if (c.prompts) expect(surfaces["queue view"]).toMatch(/expired/i);
		expect(allElements(reading).filter((e) => e.hasClass("block-language-shot"))).toHaveLength(8);
		// The simulator's echo of the credential reached the user's view, redacted.
		if (c.echoes) expect(surfaces.notices + surfaces["queue view"]).toContain("Bearer ***");
		const leaks: Leak[] = [];
		for (const [where, text] of Object.entries(surfaces)) scanText(CANARY, where, text, leaks);
		expect(leaks).toEqual([]);
	});
});
