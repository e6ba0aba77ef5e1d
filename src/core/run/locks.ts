/**
 * The run locks of a run: before it reads a journal, a run that writes takes the
 * lock of every output folder it works on (`<folder>/.cineflow-run.lock`, through
 * the RunLockPort of its platform), in sorted order so two runs never wait on each
 * other. A folder another live run holds is waited for (the CLI) or left to that
 * run and reported as busy (the plugin). Before each create the lock is checked
 * again: a run that stalled past the stale limit and lost its lock to another run
 * submits nothing more there.
 */
import { describeHolder, type HeldLock, type LockInfo, type RunLockPort } from "../../ports/lock";

export const RUN_LOCK_NAME = ".cineflow-run.lock";

/** A create stopped because another run took this folder's lock over. */
export class LockLostError extends Error {
	readonly reason = "lock-lost" as const;
	constructor(readonly folder: string) {
		super(`${folder}: another CineFlow run took over this note's run lock (this run had stalled); the shot was not submitted here`);
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
	warn(message: string): void;
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
				o.warn(`${folder}: ${describeHolder(holder)} is working on these shots; waiting for it to finish before touching them.`);
			},
		});
		if (r.ok) {
			held.set(folder, r.lock);
			if (r.lock.tookOver) o.warn(`${folder}: took over the run lock left by ${describeHolder(r.lock.tookOver)}, which stopped without releasing it.`);
			if (r.waitedMs > 0) waited = true;
			if (r.waitedMs > 0) o.warn(`${folder}: waited ${(r.waitedMs / 1000).toFixed(1)} s for ${describeHolder(waitedFor)}; continuing with what it left to do.`);
			continue;
		}
		const why = `${describeHolder(r.holder ?? waitedFor)} is working on the shots of this note, so this run left them alone (run again once it has finished).`;
		busy.set(folder, why);
		o.warn(`${folder}: ${why}`);
	}
	return {
		busy: (folder) => busy.get(folder) ?? (held.has(folder) ? null : "this note was not locked by this run (it appeared while the run waited for another one); run again to generate it."),
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
