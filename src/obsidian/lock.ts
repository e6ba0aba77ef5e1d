/**
 * The run lock inside Obsidian (RunLockPort), in the same file format as the CLI's
 * (src/cli/lock.ts), so the plugin and a CLI on the same vault respect each other.
 *
 * The DataAdapter has no exclusive create, so a lock is written to a temp file and
 * renamed onto the lock name (the adapter refuses to rename onto an existing file),
 * then read back after a short settle: of two writers racing, only the one whose
 * text is there holds it. There is no process table here, so a lock is stale only
 * when its heartbeat (rewritten every quarter of the stale limit) is too old.
 */
import { normalizePath, type App } from "obsidian";
import type { Clock } from "../ports/clock";
import {
	lockInfo,
	LockWait,
	parseLockFile,
	type AcquireOptions,
	type HeldLock,
	type LockFile,
	type LockInfo,
	type LockResult,
	type RunLockPort,
} from "../ports/lock";
import type { VaultPort } from "../ports/vault";

export interface ObsidianRunLocksOptions {
	staleAfterMs?: number;
	pollMs?: number;
	settleMs?: number;
}

function nonce(): string {
	const c = typeof window === "undefined" ? undefined : (window.crypto as Crypto | undefined);
	return c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

interface Seen {
	file: LockFile | null;
	mtime: number;
}

export class ObsidianRunLocks implements RunLockPort {
	private readonly staleAfterMs: number;
	private readonly pollMs: number;
	private readonly settleMs: number;

	constructor(
		private readonly app: App,
		private readonly vault: VaultPort,
		/** A real-time clock (the plugin's): heartbeats and staleness are wall-clock matters. */
		private readonly clock: Clock,
		opts: ObsidianRunLocksOptions = {},
	) {
		this.staleAfterMs = opts.staleAfterMs ?? 60_000;
		this.pollMs = opts.pollMs ?? 1_000;
		this.settleMs = opts.settleMs ?? 50;
	}

	private get adapter() {
		return this.app.vault.adapter;
	}

	private async look(p: string): Promise<Seen | null> {
		const st = await this.adapter.stat(p).catch(() => null);
		if (!st || st.type !== "file") return null;
		const text = await this.adapter.read(p).catch(() => null);
		if (text === null) return null;
		return { file: parseLockFile(text), mtime: st.mtime };
	}

	private stale(seen: Seen): boolean {
		if (!seen.file) return this.clock.now() - seen.mtime > 2_000;
		return this.clock.now() - Math.max(seen.file.heartbeatAt, seen.mtime) > this.staleAfterMs;
	}

	async acquire(path: string, runId: string, opts: AcquireOptions): Promise<LockResult> {
		const p = normalizePath(path);
		const folder = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
		if (folder) await this.vault.ensureFolder(folder);
		const waiting = new LockWait(opts, this.clock.now());
		let tookOver: LockInfo | undefined;
		for (;;) {
			if (opts.signal?.aborted) return { ok: false, holder: null };
			const seen = await this.look(p);
			if (!seen) {
				const now = this.clock.now();
				const mine: LockFile = { version: 1, nonce: nonce(), runId, app: "plugin", acquiredAt: now, heartbeatAt: now };
				if (await this.create(p, mine)) {
					return {
						ok: true,
						lock: new ObsidianHeldLock(this.app, p, mine, this.clock, this.staleAfterMs, (s) => this.look(s), tookOver),
						waitedMs: waiting.waitedMs(this.clock.now()),
					};
				}
				continue;
			}
			if (this.stale(seen)) {
				// Remove it only if it is still the very lock judged stale.
				const again = await this.look(p);
				if (again && again.file?.nonce === seen.file?.nonce) {
					await this.adapter.remove(p).catch(() => undefined);
					tookOver = seen.file ? lockInfo(seen.file) : undefined;
				}
				continue;
			}
			const { holder, giveUp } = waiting.held(seen.file);
			if (giveUp) return giveUp;
			try {
				await this.clock.sleep(this.pollMs, opts.signal);
			} catch {
				return { ok: false, holder };
			}
		}
	}

	private async create(p: string, mine: LockFile): Promise<boolean> {
		const tmp = `${p}.${mine.nonce.slice(0, 8)}.tmp`;
		await this.adapter.write(tmp, JSON.stringify(mine));
		try {
			await this.adapter.rename(tmp, p);
		} catch {
			// Taken meanwhile.
			if (await this.adapter.exists(tmp)) await this.adapter.remove(tmp).catch(() => undefined);
			return false;
		}
		// Another writer without an exclusive create may have replaced it in the same instant.
		await this.clock.sleep(this.settleMs).catch(() => undefined);
		const back = await this.look(p);
		return back?.file?.nonce === mine.nonce;
	}
}

class ObsidianHeldLock implements HeldLock {
	private lost = false;
	private released = false;
	private readonly stop = new AbortController();
	/** Heartbeat writes and ownership reads, one at a time (a read mid-write would see a partial file). */
	private chain: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly app: App,
		readonly path: string,
		private readonly mine: LockFile,
		private readonly clock: Clock,
		private readonly staleAfterMs: number,
		private readonly look: (p: string) => Promise<Seen | null>,
		readonly tookOver?: LockInfo,
	) {
		void this.heartbeat();
	}

	private async heartbeat(): Promise<void> {
		for (;;) {
			try {
				await this.clock.sleep(Math.max(50, Math.floor(this.staleAfterMs / 4)), this.stop.signal);
			} catch {
				return;
			}
			if (this.released || !(await this.stillHeld())) return;
			await this.serial(() => this.app.vault.adapter.write(this.path, JSON.stringify({ ...this.mine, heartbeatAt: this.clock.now() }))).catch(
				() => undefined,
			);
		}
	}

	private serial<T>(fn: () => Promise<T>): Promise<T> {
		const p = this.chain.then(fn, fn);
		this.chain = p.catch(() => undefined);
		return p;
	}

	async stillHeld(): Promise<boolean> {
		if (this.lost) return false;
		const seen = await this.serial(() => this.look(this.path)).catch(() => null);
		if (seen?.file?.nonce !== this.mine.nonce) {
			this.lost = true;
			this.stop.abort();
			return false;
		}
		return true;
	}

	async release(): Promise<void> {
		if (this.released) return;
		this.released = true;
		this.stop.abort();
		const seen = await this.serial(() => this.look(this.path)).catch(() => null);
		if (seen?.file?.nonce === this.mine.nonce) await this.app.vault.adapter.remove(this.path).catch(() => undefined);
	}
}
