/** onload does no parsing or network work; onunload leaves no timers or listeners. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PluginClock } from "../src/obsidian/clock";
import { QUEUE_VIEW_TYPE } from "../src/obsidian/queue-view";
import { Notice, allElements, createApp__, setRequestUrlHandler } from "./stubs/obsidian";
import { loadPlugin, noteWithShots, unload, useWindow } from "./obsidian/helpers";

describe("lifecycle", () => {
	beforeEach(() => {
		useWindow();
		Notice.reset__();
	});
	afterEach(() => {
		setRequestUrlHandler(undefined);
		vi.restoreAllMocks();
	});

	it("onload reads no note and sends no request", async () => {
		const requests: string[] = [];
		setRequestUrlHandler(async (p) => {
			requests.push(p.url);
			return { status: 500 };
		});
		const app = await createApp__({ "Ep.md": noteWithShots(5), "Other.md": noteWithShots(2) });
		const noteReads: string[] = [];
		const adapterRead = app.vault.adapter.read.bind(app.vault.adapter);
		vi.spyOn(app.vault.adapter, "read").mockImplementation(async (p: string) => {
			if (p.endsWith(".md")) noteReads.push(p);
			return adapterRead(p);
		});
		const reads = vi.spyOn(app.vault, "read");
		const cached = vi.spyOn(app.vault, "cachedRead");
		const l = await loadPlugin({}, { app, layoutReady: false });
		app.workspace.setLayoutReady__();
		await new Promise((r) => setImmediate(r));
		expect(requests).toEqual([]);
		expect(reads).not.toHaveBeenCalled();
		expect(cached).not.toHaveBeenCalled();
		expect(noteReads).toEqual([]);
		unload(l.plugin);
	});

	it("a fresh install names no provider and says once where to choose one; a configured vault hears nothing", async () => {
		const fresh = await loadPlugin({ "Ep.md": noteWithShots(1) }, { fresh: true });
		expect(fresh.plugin.settings.provider).toBe("");
		const said = Notice.shown__.map((n) => n.text__);
		expect(said.filter((m) => m.includes("choose a video provider"))).toHaveLength(1);
		expect(said[0]).toMatch(/^CineFlow: choose a video provider in Settings → CineFlow before your first run/);
		unload(fresh.plugin);
		Notice.reset__();
		const configured = await loadPlugin({ "Ep.md": noteWithShots(1) });
		expect(configured.plugin.settings.provider).toBe("sorahk");
		expect(Notice.shown__.map((n) => n.text__).filter((m) => m.includes("choose a video provider"))).toEqual([]);
		unload(configured.plugin);
	});

	it("unload removes every listener, interval and element it added", async () => {
		const set = vi.spyOn(globalThis, "setInterval");
		const clear = vi.spyOn(globalThis, "clearInterval");
		const l = await loadPlugin({ "Ep.md": noteWithShots(2) });
		await l.plugin.openQueue();
		const leaf = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0];
		expect(leaf).toBeDefined();
		const ids = set.mock.results.map((r) => r.value as unknown);
		expect(ids.length).toBeGreaterThan(0); // the queue view's redraw interval
		unload(l.plugin);
		leaf?.detach(); // Obsidian closes a plugin's views when it unloads
		await Promise.resolve();
		const cleared = new Set(clear.mock.calls.map((c) => c[0] as unknown));
		for (const id of ids) expect(cleared.has(id)).toBe(true);
		expect(l.app.commands__.size).toBe(0);
		expect(l.app.workspace.listenerCount__()).toBe(0);
		expect(l.app.vault.listenerCount__()).toBe(0);
		expect(l.app.metadataCache.listenerCount__()).toBe(0);
		expect(allElements(l.app.statusBarEl)).toHaveLength(0);
		expect(l.app.viewRegistry__.size).toBe(0);
		expect(l.app.codeBlockProcessors__.size).toBe(0);
		expect(l.app.settingTabs__).toHaveLength(0);
	});

	it("the plugin clock's timers are cleared when the plugin unloads", async () => {
		const clock = new PluginClock();
		const a = clock.sleep(60_000);
		const b = clock.sleep(120_000);
		expect(clock.pending()).toBe(2);
		clock.dispose();
		await expect(a).rejects.toMatchObject({ name: "AbortError" });
		await expect(b).rejects.toMatchObject({ name: "AbortError" });
		expect(clock.pending()).toBe(0);
		// After unload, nothing new is scheduled.
		void clock.sleep(10);
		expect(clock.pending()).toBe(0);
	});

	it("a short sleep resolves on a real timer and an abort signal cancels one", async () => {
		const clock = new PluginClock();
		await clock.sleep(1);
		const ac = new AbortController();
		const p = clock.sleep(60_000, ac.signal);
		ac.abort();
		await expect(p).rejects.toMatchObject({ name: "AbortError" });
		expect(clock.pending()).toBe(0);
	});
});
