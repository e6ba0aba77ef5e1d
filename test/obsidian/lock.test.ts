/**
 * The plugin's run lock over the DataAdapter: the same file format as the CLI's,
 * so each respects the other; a silent holder is taken over; a lost lock is noticed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ObsidianRunLocks } from "../../src/obsidian/lock";
import { PluginClock } from "../../src/obsidian/clock";
import { ObsidianVaultPort } from "../../src/obsidian/vault-port";
import { parseLockFile } from "../../src/ports/lock";
import { createSimulator, simBaseUrl } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";
import { createApp__, Notice, setRequestUrlHandler, type App } from "../stubs/obsidian";
import { loadPlugin, noteWithShots, notices, routeRequestUrl, unload, useWindow } from "./helpers";

const LOCK = "Film/_assets/Ep/.cineflow-run.lock";
let clock: PluginClock;

beforeEach(() => {
	useWindow();
	clock = new PluginClock();
});
afterEach(() => clock.dispose());

function locks(app: App, staleAfterMs = 60_000): ObsidianRunLocks {
	return new ObsidianRunLocks(app as never, new ObsidianVaultPort(app as never), clock, { staleAfterMs, pollMs: 10, settleMs: 1 });
}

async function read(app: App) {
	return parseLockFile(await app.vault.adapter.read(LOCK).catch(() => null));
}

describe("ObsidianRunLocks", () => {
	it("takes a free folder, records the plugin as owner, and releases it", async () => {
		const app = await createApp__({ "Film/Ep.md": "# Ep\n" });
		const r = await locks(app).acquire(LOCK, "run-plugin", { wait: false });
		expect(r.ok).toBe(true);
		expect(await read(app)).toMatchObject({ version: 1, runId: "run-plugin", app: "plugin" });
		if (r.ok) await r.lock.release();
		expect(await app.vault.adapter.exists(LOCK)).toBe(false);
	});

	it("a lock a live CLI holds is respected: not taken, its holder named", async () => {
		const now = Date.now();
		const cli = JSON.stringify({ version: 1, nonce: "cli-1", runId: "run-cli", app: "cli", host: "box", pid: 77, acquiredAt: now, heartbeatAt: now });
		const app = await createApp__({ [LOCK]: cli });
		const r = await locks(app).acquire(LOCK, "run-plugin", { wait: false });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.holder).toMatchObject({ runId: "run-cli", app: "cli", pid: 77 });
		expect(await app.vault.adapter.read(LOCK)).toBe(cli);
	});

	it("a holder whose heartbeat stopped is taken over; the old holder then knows it lost the lock", async () => {
		const app = await createApp__({});
		const first = await locks(app, 60_000).acquire(LOCK, "run-1", { wait: false });
		if (!first.ok) throw new Error("no lock");
		// Its heartbeat is ten minutes old as far as a later run can tell.
		const file = await read(app);
		await app.vault.adapter.write(LOCK, JSON.stringify({ ...file, heartbeatAt: Date.now() - 600_000 }));
		(app.vault.adapter as unknown as { files: Map<string, { mtime: number }> }).files.get(LOCK)!.mtime = Date.now() - 600_000;
		const second = await locks(app, 60_000).acquire(LOCK, "run-2", { wait: false });
		expect(second.ok).toBe(true);
		if (second.ok) expect(second.lock.tookOver?.runId).toBe("run-1");
		expect(await first.lock.stillHeld()).toBe(false);
		await first.lock.release();
		expect((await read(app))?.runId).toBe("run-2");
		if (second.ok) await second.lock.release();
	});

	it("waits for a holder to release when asked to", async () => {
		const app = await createApp__({});
		const first = await locks(app).acquire(LOCK, "run-1", { wait: false });
		let waited = false;
		const second = locks(app).acquire(LOCK, "run-2", { wait: true, onWait: () => (waited = true) });
		await new Promise((r) => setTimeout(r, 30));
		expect(waited).toBe(true);
		if (first.ok) await first.lock.release();
		const r = await second;
		expect(r.ok).toBe(true);
		if (r.ok) await r.lock.release();
	});
});

describe("the plugin and a CLI on one vault", () => {
	afterEach(() => setRequestUrlHandler(undefined));

	it("a note a live CLI run is working on is left to it: nothing submitted, and the notice says why", async () => {
		Notice.reset__();
		const vclock = new VirtualClock();
		const KEY = "sk-sim-0123456789abcdefABCDEF";
		const sim = createSimulator({ clock: vclock, apiKey: KEY });
		const beat = vclock.now();
		const cliLock = JSON.stringify({ version: 1, nonce: "cli", runId: "run-cli", app: "cli", host: "box", pid: 4242, acquiredAt: beat, heartbeatAt: beat });
		const l = await loadPlugin(
			{ "Ep.md": noteWithShots(3), "_assets/Ep/.cineflow-run.lock": cliLock },
			{ layoutReady: false, runDeps: { clock: vclock, random: () => 0.5 } },
		);
		try {
			l.plugin.settings.providers.sorahk = { baseUrl: simBaseUrl("http://sim.test", "sorahk") };
			l.plugin.settings.jitter = { minMs: 0, maxMs: 0 };
			l.app.secretStorage.setSecret("cineflow-sorahk", KEY);
			routeRequestUrl(sim);
			const report = await vclock.run(l.plugin.runs().run({ target: "Ep.md", mode: "generate" }));
			expect(sim.log.filter((e) => e.route === "create")).toHaveLength(0);
			expect(report?.summary).toMatchObject({ submitted: 0, busy: 3 });
			expect(notices().at(-1)).toContain("3 left to another run working on the same note");
			expect(notices().at(-1)).not.toContain("already done");
			// The CLI's lock is untouched.
			expect(await l.app.vault.adapter.read("_assets/Ep/.cineflow-run.lock")).toBe(cliLock);
		} finally {
			unload(l.plugin);
		}
	});
});
