/**
 * The run lock: one small file per output folder, held by the run (the plugin, the
 * CLI, a second CLI) that works on that folder's shots, so two runs never submit
 * the same shot. It records its owner and a heartbeat; a lock whose owner is gone
 * (its process died, or its heartbeat stopped) is stale and can be taken over.
 *
 * Why a port and not core logic on VaultPort: liveness is a platform matter. The
 * CLI can create a file exclusively (O_EXCL / link), check whether a process id on
 * this machine is alive and run a real-time heartbeat; the plugin has none of those
 * through the Vault adapter and relies on the heartbeat and a read-back. The core
 * only asks "is this folder mine, and is it still mine?".
 */

export interface LockOwner {
	/** The run holding the lock. */
	runId: string;
	/** "cli" or "plugin". */
	app: string;
	/** Host name, when the platform can tell (a process id is only meaningful on its host). */
	host?: string;
	pid?: number;
}

export interface LockInfo extends LockOwner {
	/** Wall-clock ms on the holder's machine. */
	acquiredAt: number;
	heartbeatAt: number;
}

export interface HeldLock {
	/** Vault path of the lock file. */
	readonly path: string;
	/** The stale holder this lock was taken over from, if any. */
	readonly tookOver?: LockInfo;
	/** False once another run has taken the lock over (this run stalled past the stale limit). */
	stillHeld(): Promise<boolean>;
	/** Removes the lock if it is still this run's; stops the heartbeat. */
	release(): Promise<void>;
}

export type LockResult =
	| { ok: true; lock: HeldLock; /** Real ms spent waiting for another run. */ waitedMs: number }
	| { ok: false; /** The live holder (null when it could not be read). */ holder: LockInfo | null };

export interface AcquireOptions {
	/** Wait while a live run holds the lock (true), or give up at once (false). */
	wait: boolean;
	/** Stops waiting (the run was cancelled): resolves `{ ok: false }`. */
	signal?: AbortSignal;
	/** Called once, when the lock is found held by a live run and `wait` is true. */
	onWait?(holder: LockInfo | null): void;
}

export interface RunLockPort {
	/** Takes the lock file at `path` (a vault path; its folder is created). */
	acquire(path: string, runId: string, opts: AcquireOptions): Promise<LockResult>;
}

/** How a lock file's text is written and read by every adapter (one format, so the plugin and the CLI see each other). */
export interface LockFile extends LockInfo {
	version: 1;
	/** Random per acquisition: tells two holders with the same run id apart. */
	nonce: string;
}

export function parseLockFile(text: string | null): LockFile | null {
	if (text === null) return null;
	try {
		const v = JSON.parse(text) as Partial<LockFile> | null;
		if (!v || v.version !== 1 || typeof v.nonce !== "string" || typeof v.runId !== "string" || typeof v.app !== "string") return null;
		if (typeof v.acquiredAt !== "number" || typeof v.heartbeatAt !== "number") return null;
		return v as LockFile;
	} catch {
		return null;
	}
}

export function lockInfo(f: LockFile): LockInfo {
	const { version: _v, nonce: _n, ...info } = f;
	return info;
}

/**
 * One acquire's dealings with a live holder, the same on every platform: give up at
 * once unless asked to wait, tell `onWait` once, and count the time waited.
 */
export class LockWait {
	private announced = false;

	constructor(
		private readonly opts: AcquireOptions,
		private readonly startedAt: number,
	) {}

	/** The lock is held by `file`'s owner: its info, and the result to return now when the caller does not wait. */
	held(file: LockFile | null): { holder: LockInfo | null; giveUp?: LockResult } {
		const holder = file ? lockInfo(file) : null;
		if (!this.opts.wait) return { holder, giveUp: { ok: false, holder } };
		if (!this.announced) {
			this.announced = true;
			this.opts.onWait?.(holder);
		}
		return { holder };
	}

	/** Ms spent waiting for another run (0 when the lock was free at once). */
	waitedMs(now: number): number {
		return this.announced ? now - this.startedAt : 0;
	}
}
