/**
 * The CLI's run lock over node:fs: exclusive under races, owner and heartbeat
 * recorded, a dead or silent holder taken over, a lost lock noticed; and lock and
 * temp names that fit for a 252-byte note name.
 */
import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FsRunLocks } from "../../src/cli/lock";
import { FsVault, sidecarName } from "../../src/cli/fs-vault";
import { parseLockFile, type LockFile } from "../../src/ports/lock";

let dir = "";
afterEach(async () => {
	if (dir) await fs.rm(dir, { recursive: true, force: true });
	dir = "";
});

async function setup(): Promise<{ vault: FsVault; locks: (o?: ConstructorParameters<typeof FsRunLocks>[1]) => FsRunLocks }> {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-lock-"));
	const vault = new FsVault(dir);
	return { vault, locks: (o) => new FsRunLocks((p) => vault.abs(p), o) };
}

const LOCK = "_assets/Ep/.cineflow-run.lock";

async function lockFile(): Promise<LockFile | null> {
	return parseLockFile(await fs.readFile(path.join(dir, LOCK), "utf8").catch(() => null));
}

describe("FsRunLocks", () => {
	it("of many runs racing for one folder, exactly one gets it; the others see who holds it", async () => {
		const { locks } = await setup();
		const port = locks();
		const results = await Promise.all(Array.from({ length: 12 }, (_, i) => port.acquire(LOCK, `run-${i}`, { wait: false })));
		const winners = results.filter((r) => r.ok);
		expect(winners).toHaveLength(1);
		const file = await lockFile();
		expect(file).toMatchObject({ version: 1, app: "cli", pid: process.pid, host: os.hostname() });
		for (const r of results) if (!r.ok) expect(r.holder?.runId).toBe(file?.runId);
		for (const r of winners) if (r.ok) await r.lock.release();
		expect(await lockFile()).toBeNull();
		// No temp file is left behind by the losers.
		expect((await fs.readdir(path.join(dir, "_assets/Ep")).catch(() => [] as string[])).filter((f) => f.endsWith(".tmp"))).toEqual([]);
	});

	it("a waiting run gets the lock once it is released, and says it waited", async () => {
		const { locks } = await setup();
		const port = locks({ pollMs: 10 });
		const first = await port.acquire(LOCK, "run-1", { wait: false });
		if (!first.ok) throw new Error("first run did not get the lock");
		let waitedFor = "";
		const second = port.acquire(LOCK, "run-2", { wait: true, onWait: (h) => (waitedFor = h?.runId ?? "?") });
		await new Promise((r) => setTimeout(r, 50));
		expect(waitedFor).toBe("run-1");
		await first.lock.release();
		const r = await second;
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(r.waitedMs).toBeGreaterThan(0);
			expect((await lockFile())?.runId).toBe("run-2");
			await r.lock.release();
		}
	});

	it("cancelling a wait gives up without the lock", async () => {
		const { locks } = await setup();
		const port = locks({ pollMs: 10 });
		const first = await port.acquire(LOCK, "run-1", { wait: false });
		const stop = new AbortController();
		const second = port.acquire(LOCK, "run-2", { wait: true, signal: stop.signal });
		stop.abort();
		expect((await second).ok).toBe(false);
		if (first.ok) await first.lock.release();
	});

	it("a lock whose process is gone (kill -9) is taken over at once", async () => {
		const { locks } = await setup();
		const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
		const pid = Number(dead.stdout);
		await fs.mkdir(path.join(dir, "_assets/Ep"), { recursive: true });
		const now = Date.now();
		await fs.writeFile(
			path.join(dir, LOCK),
			JSON.stringify({ version: 1, nonce: "dead", runId: "run-killed", app: "cli", host: os.hostname(), pid, acquiredAt: now, heartbeatAt: now }),
		);
		const r = await locks().acquire(LOCK, "run-new", { wait: false });
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(r.lock.tookOver?.runId).toBe("run-killed");
			await r.lock.release();
		}
	});

	it("a lock from another machine is live while its heartbeat is fresh, stale once it stops", async () => {
		const { locks } = await setup();
		await fs.mkdir(path.join(dir, "_assets/Ep"), { recursive: true });
		const write = async (beat: number) => {
			await fs.writeFile(
				path.join(dir, LOCK),
				JSON.stringify({ version: 1, nonce: `n${beat}`, runId: "run-laptop", app: "plugin", host: "laptop", acquiredAt: beat, heartbeatAt: beat }),
			);
			const t = new Date(beat);
			await fs.utimes(path.join(dir, LOCK), t, t);
		};
		await write(Date.now());
		const fresh = await locks({ staleAfterMs: 60_000 }).acquire(LOCK, "run-new", { wait: false });
		expect(fresh.ok).toBe(false);
		await write(Date.now() - 10 * 60_000);
		const stale = await locks({ staleAfterMs: 60_000 }).acquire(LOCK, "run-new", { wait: false });
		expect(stale.ok).toBe(true);
		if (stale.ok) {
			expect(stale.lock.tookOver).toMatchObject({ runId: "run-laptop", app: "plugin", host: "laptop" });
			await stale.lock.release();
		}
	});

	it("the holder's heartbeat moves on; a holder whose lock was taken over knows it", async () => {
		const { locks } = await setup();
		const r = await locks({ staleAfterMs: 200 }).acquire(LOCK, "run-1", { wait: false });
		if (!r.ok) throw new Error("no lock");
		const before = (await lockFile())?.heartbeatAt ?? 0;
		for (let i = 0; i < 50 && ((await lockFile())?.heartbeatAt ?? 0) === before; i++) await new Promise((res) => setTimeout(res, 20));
		expect((await lockFile())?.heartbeatAt).toBeGreaterThan(before);
		expect(await r.lock.stillHeld()).toBe(true);
		// Another run took it over (this one had stalled).
		const other = { ...(await lockFile()), nonce: "someone-else", runId: "run-2" };
		await fs.writeFile(path.join(dir, LOCK), JSON.stringify(other));
		expect(await r.lock.stillHeld()).toBe(false);
		// Releasing never removes the other run's lock.
		await r.lock.release();
		expect((await lockFile())?.runId).toBe("run-2");
	});

	it("a run that made nothing leaves no empty output folder behind, and never removes one it did not create", async () => {
		const { locks } = await setup();
		const r = await locks().acquire("Film/_assets/New/.cineflow-run.lock", "r", { wait: false });
		if (r.ok) await r.lock.release();
		expect(await fs.readdir(dir)).toEqual([]);
		await fs.mkdir(path.join(dir, "Mine/_assets/Kept"), { recursive: true });
		const r2 = await locks().acquire("Mine/_assets/Kept/.cineflow-run.lock", "r", { wait: false });
		if (r2.ok) await r2.lock.release();
		expect(await fs.readdir(path.join(dir, "Mine/_assets"))).toEqual(["Kept"]);
	});

	it("refuses a lock path outside the vault", async () => {
		const { locks } = await setup();
		await expect(locks().acquire("../outside/.cineflow-run.lock", "r", { wait: false })).rejects.toThrow(/outside the vault/);
	});
});

describe("names that fit in 255 bytes", () => {
	it("a 252-byte note name gets a hashed lock and temp name, and its note is still updated", async () => {
		const { vault } = await setup();
		const name = "é".repeat(121) + "abcdefg.md";
		expect(Buffer.byteLength(name)).toBe(252);
		await fs.writeFile(path.join(dir, name), "# long\n");
		expect(Buffer.byteLength(sidecarName(name, ".cineflow.lock"))).toBeLessThanOrEqual(255);
		expect(sidecarName(name, ".cineflow.lock")).toMatch(/^\.cf-[0-9a-f]{16}\.cineflow\.lock$/);
		expect(sidecarName("Ep.md", ".cineflow.lock")).toBe("Ep.md.cineflow.lock");
		await vault.process(name, (t) => t + "![[_assets/x/s01.mp4]]\n");
		expect(await fs.readFile(path.join(dir, name), "utf8")).toBe("# long\n![[_assets/x/s01.mp4]]\n");
		expect((await fs.readdir(dir)).filter((f) => f.endsWith(".lock") || f.endsWith(".tmp"))).toEqual([]);
	});
});
