/**
 * The run locks of a run: before it reads a journal, a run that writes takes the
 * lock of every output folder it works on (`<folder>/.cineflow-run.lock`, through
 * the RunLockPort of its platform), in sorted order so two runs never wait on each
 * other. A folder another live run holds is waited for (the CLI) or left to that
 * run and reported as busy (the plugin). Before each create the lock is checked
 * again: a run that stalled past the stale limit and lost its lock to another run
 * submits nothing more there.
 */
import { t, type Said } from "../i18n";
import type { HeldLock, LockInfo, RunLockPort } from "../../ports/lock";

export const RUN_LOCK_NAME = ".cineflow-run.lock";

/** Who holds a lock, for messages: "cineflow CLI (pid 123 on host), run run-…". */
export function describeHolder(h: LockInfo | null): string {
	if (!h) return t("run.holder.unknown");
	const p = { who: t(h.app === "plugin" ? "run.holder.plugin" : "run.holder.cli"), pid: h.pid ?? 0, host: h.host ?? "", run: h.runId };
	return t(h.pid ? (h.host ? "run.holder.pidHost" : "run.holder.pid") : h.host ? "run.holder.host" : "run.holder.bare", p);
}

/** A create stopped because another run took this folder's lock over. */
export class LockLostError extends Error {
	readonly reason = "lock-lost" as const;
	constructor(readonly folder: string) {
		super(t("run.lock.lost", { folder }));
		this.name = "LockLostError";
	}
}

export interface FolderLocks {
	/** Why this folder's shots are left to another run; null when this run may work on them. */
	busy(folder: string): string | null;
	/** True when this run holds the folder (or runs without locks). */
	holds(folder: string): boolean;
	/** True when this run waited for another one (what that run wrote must be read again). */
	readonly waited: boolean;
	/** Resolves while the folder's lock is still this run's; throws LockLostError otherwise. */
	check(folder: string): Promise<void>;
	release(): Promise<void>;
}

/** Runs without a lock port (tests, the demo): every folder is this run's. */
export const NO_LOCKS: FolderLocks = {
	busy: () => null,
	holds: () => true,
	waited: false,
	check: () => Promise.resolve(),
	release: () => Promise.resolve(),
};

export interface AcquireFolderLocks {
	port: RunLockPort;
	runId: string;
	/** Wait for a live holder (true) or leave its folders to it (false). */
	wait: boolean;
	signal?: AbortSignal;
	warn(message: Said): void;
}

export async function acquireFolderLocks(folders: Iterable<string>, o: AcquireFolderLocks): Promise<FolderLocks> {
	const held = new Map<string, HeldLock>();
	const busy = new Map<string, string>();
	let waited = false;
	for (const folder of [...new Set(folders)].sort()) {
		let waitedFor: LockInfo | null = null;
		const r = await o.port.acquire(`${folder}/${RUN_LOCK_NAME}`, o.runId, {
			wait: o.wait,
			signal: o.signal,
			onWait: (holder) => {
				waitedFor = holder;
				o.warn({ code: "run.lock.waiting", params: { folder, holder: describeHolder(holder) } });
			},
		});
		if (r.ok) {
			held.set(folder, r.lock);
			if (r.lock.tookOver) o.warn({ code: "run.lock.tookOver", params: { folder, holder: describeHolder(r.lock.tookOver) } });
			if (r.waitedMs > 0) waited = true;
			if (r.waitedMs > 0)
				o.warn({ code: "run.lock.waited", params: { folder, seconds: (r.waitedMs / 1000).toFixed(1), holder: describeHolder(waitedFor) } });
			continue;
		}
		const why = t("run.lock.busy", { holder: describeHolder(r.holder ?? waitedFor) });
		busy.set(folder, why);
		o.warn({ code: "run.lock.busyAt", params: { folder, why } });
	}
	return {
		busy: (folder) => busy.get(folder) ?? (held.has(folder) ? null : t("run.lock.notLocked")),
		waited,
		holds: (folder) => held.has(folder),
		check: async (folder) => {
			const lock = held.get(folder);
			if (!lock || !(await lock.stillHeld())) throw new LockLostError(folder);
		},
		release: async () => {
			for (const lock of held.values()) await lock.release().catch(() => undefined);
			held.clear();
		},
	};
}
