/** The run's folder locks over a RunLockPort: waiting, leaving busy notes alone, noticing a lost lock. */
import { afterEach, describe, expect, it } from "vitest";
import { sayText, setLanguage } from "../../../src/core/i18n";
import { acquireFolderLocks, describeHolder, LockLostError, RUN_LOCK_NAME } from "../../../src/core/run/locks";
import type { AcquireOptions, HeldLock, LockInfo, LockResult, RunLockPort } from "../../../src/ports/lock";

const OTHER: LockInfo = { runId: "run-other", app: "cli", host: "box", pid: 4242, acquiredAt: 1, heartbeatAt: 2 };

class FakePort implements RunLockPort {
	order: string[] = [];
	held = new Map<string, { lost: boolean; released: boolean }>();
	constructor(private readonly behave: (path: string, opts: AcquireOptions) => "free" | "held" | "waited" | "stale") {}
	acquire(path: string, _runId: string, opts: AcquireOptions): Promise<LockResult> {
		this.order.push(path);
		const b = this.behave(path, opts);
		if (b === "held") {
			if (opts.wait) throw new Error("this fake cannot wait");
			return Promise.resolve({ ok: false, holder: OTHER });
		}
		const state = { lost: false, released: false };
		this.held.set(path, state);
		if (b === "waited") opts.onWait?.(OTHER);
		const lock: HeldLock = {
			path,
			...(b === "stale" ? { tookOver: OTHER } : {}),
			stillHeld: () => Promise.resolve(!state.lost),
			release: () => {
				state.released = true;
				return Promise.resolve();
			},
		};
		return Promise.resolve({ ok: true, lock, waitedMs: b === "waited" ? 1500 : 0 });
	}
}

describe("acquireFolderLocks", () => {
	it("takes every folder once, in sorted order (two runs never wait on each other)", async () => {
		const port = new FakePort(() => "free");
		const warnings: string[] = [];
		const locks = await acquireFolderLocks(["b/_assets/Y", "a/_assets/X", "b/_assets/Y"], {
			port,
			runId: "r",
			wait: true,
			warn: (m) => warnings.push(sayText(m)),
		});
		expect(port.order).toEqual([`a/_assets/X/${RUN_LOCK_NAME}`, `b/_assets/Y/${RUN_LOCK_NAME}`]);
		expect(locks.holds("a/_assets/X")).toBe(true);
		expect(locks.busy("a/_assets/X")).toBeNull();
		expect(warnings).toEqual([]);
		await locks.release();
		expect([...port.held.values()].every((s) => s.released)).toBe(true);
	});

	it("without waiting, a folder a live run holds is left to it, with who holds it", async () => {
		const port = new FakePort((p) => (p.startsWith("a/") ? "held" : "free"));
		const warnings: string[] = [];
		const locks = await acquireFolderLocks(["a/_assets/X", "b/_assets/Y"], { port, runId: "r", wait: false, warn: (m) => warnings.push(sayText(m)) });
		expect(locks.holds("a/_assets/X")).toBe(false);
		expect(locks.busy("a/_assets/X")).toContain("cineflow CLI (pid 4242 on box), run run-other");
		expect(locks.holds("b/_assets/Y")).toBe(true);
		expect(warnings).toHaveLength(1);
		await expect(locks.check("a/_assets/X")).rejects.toBeInstanceOf(LockLostError);
	});

	it("says when it waited for another run, and when it took over a stale lock", async () => {
		const port = new FakePort((p) => (p.startsWith("a/") ? "waited" : "stale"));
		const warnings: string[] = [];
		await acquireFolderLocks(["a/_assets/X", "b/_assets/Y"], { port, runId: "r", wait: true, warn: (m) => warnings.push(sayText(m)) });
		expect(warnings[0]).toMatch(/^a\/_assets\/X: cineflow CLI .* is working on these shots; waiting/);
		expect(warnings[1]).toMatch(/^a\/_assets\/X: waited 1\.5 s for cineflow CLI/);
		expect(warnings[2]).toMatch(/^b\/_assets\/Y: took over the run lock left by cineflow CLI/);
	});

	it("check() fails with a typed reason once another run has taken the lock over", async () => {
		const port = new FakePort(() => "free");
		const locks = await acquireFolderLocks(["a/_assets/X"], { port, runId: "r", wait: true, warn: () => undefined });
		await locks.check("a/_assets/X");
		const state = port.held.get(`a/_assets/X/${RUN_LOCK_NAME}`);
		if (state) state.lost = true;
		const err = await locks.check("a/_assets/X").catch((e: unknown) => e);
		expect(err).toBeInstanceOf(LockLostError);
		expect((err as LockLostError).reason).toBe("lock-lost");
	});
});

describe("lock messages in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("a busy note, a wait and a lost lock are worded in Chinese; folder, pid, host and run id stay as written", async () => {
		setLanguage("zh");
		const busy = await acquireFolderLocks(["a/_assets/X"], { port: new FakePort(() => "held"), runId: "r", wait: false, warn: () => undefined });
		expect(busy.busy("a/_assets/X")).toBe(
			"cineflow CLI（box 上的 pid 4242），运行 run-other 正在处理此笔记的分镜，本次运行未处理它们（待其结束后再次运行）。",
		);
		const warnings: string[] = [];
		await acquireFolderLocks(["a/_assets/X"], { port: new FakePort(() => "waited"), runId: "r", wait: true, warn: (m) => warnings.push(sayText(m)) });
		expect(warnings[1]).toBe("a/_assets/X：已等待 1.5 秒，直到 cineflow CLI（box 上的 pid 4242），运行 run-other 结束；继续处理它留下的工作。");
		expect(new LockLostError("a/_assets/X").message).toBe(
			"a/_assets/X：另一个 CineFlow 运行接管了此笔记的运行锁（本次运行曾停滞）；此分镜未在本次运行中提交",
		);
		expect(describeHolder(null)).toBe("另一个 CineFlow 运行");
		expect(describeHolder({ ...OTHER, app: "plugin", pid: undefined })).toBe("CineFlow 插件（在 box 上），运行 run-other");
	});
});
