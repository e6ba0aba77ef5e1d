/**
 * The run lock over node:fs (RunLockPort). A lock is created complete and
 * exclusively: its text goes to a temp file that is then hard-linked to the lock
 * name (link fails if the name exists, on POSIX and NTFS alike). A heartbeat
 * rewrites it every quarter of the stale limit, in real time (the run's clock may
 * be scaled).
 *
 * Stale: the holder is a process on this host that no longer exists, or its
 * heartbeat is older than the stale limit (another host, or a stalled process).
 * Taking over is a compare-and-swap: the stale file is renamed aside, and only if
 * what was moved is the very lock judged stale is it discarded; otherwise (someone
 * else took over first) it is linked back.
 */
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
	parseLockFile,
	lockInfo,
	LockWait,
	type AcquireOptions,
	type HeldLock,
	type LockFile,
	type LockInfo,
	type LockResult,
	type RunLockPort,
} from "../ports/lock";

export interface FsRunLocksOptions {
	/** A heartbeat older than this makes a lock stale. Default 60 s. */
	staleAfterMs?: number;
	/** How often a waiting run looks again. Default 200 ms. */
	pollMs?: number;
	app?: string;
}

function code(err: unknown): string | undefined {
	return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}

export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return code(err) === "EPERM";
	}
}

interface Seen {
	file: LockFile | null;
	mtimeMs: number;
}

async function look(full: string): Promise<Seen | null> {
	try {
		const [text, st] = await Promise.all([fs.readFile(full, "utf8"), fs.stat(full)]);
		return { file: parseLockFile(text), mtimeMs: st.mtimeMs };
	} catch (err) {
		if (code(err) === "ENOENT") return null;
		throw err;
	}
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const t = setTimeout(done, ms);
		function done() {
			clearTimeout(t);
			signal?.removeEventListener("abort", done);
			resolve();
		}
		signal?.addEventListener("abort", done, { once: true });
	});
}

export class FsRunLocks implements RunLockPort {
	private readonly staleAfterMs: number;
	private readonly pollMs: number;
	private readonly app: string;

	constructor(
		/** Vault path → absolute path (FsVault.abs: refuses paths outside the vault). */
		private readonly abs: (p: string) => string,
		opts: FsRunLocksOptions = {},
	) {
		this.staleAfterMs = opts.staleAfterMs ?? 60_000;
		this.pollMs = opts.pollMs ?? 200;
		this.app = opts.app ?? "cli";
	}

	async acquire(p: string, runId: string, opts: AcquireOptions): Promise<LockResult> {
		const full = this.abs(p);
		// The first folder this call created (undefined when it was there): removed again on release if left empty.
		const created = await fs.mkdir(path.dirname(full), { recursive: true });
		const waiting = new LockWait(opts, Date.now());
		let tookOver: LockInfo | undefined;
		for (;;) {
			if (opts.signal?.aborted) return { ok: false, holder: null };
			const now = Date.now();
			const mine: LockFile = {
				version: 1,
				nonce: randomUUID(),
				runId,
				app: this.app,
				host: os.hostname(),
				pid: process.pid,
				acquiredAt: now,
				heartbeatAt: now,
			};
			if (await this.create(full, mine)) {
				return { ok: true, lock: new FsHeldLock(full, p, mine, this.staleAfterMs, tookOver, created), waitedMs: waiting.waitedMs(Date.now()) };
			}
			const seen = await look(full);
			if (!seen) continue;
			if (this.stale(seen)) {
				if (await this.takeOver(full, seen)) tookOver = seen.file ? lockInfo(seen.file) : undefined;
				continue;
			}
			const { giveUp } = waiting.held(seen.file);
			if (giveUp) return giveUp;
			await sleep(this.pollMs, opts.signal);
		}
	}

	/** Creates the lock complete or not at all; false when the name is taken. */
	private async create(full: string, mine: LockFile): Promise<boolean> {
		const tmp = `${full}.${mine.nonce.slice(0, 8)}.tmp`;
		try {
			// Again each time: a run that just released may have removed the (empty) folder it created.
			await fs.mkdir(path.dirname(full), { recursive: true });
			await fs.writeFile(tmp, JSON.stringify(mine));
		} catch (err) {
			if (code(err) === "ENOENT") return false;
			throw err;
		}
		try {
			await fs.link(tmp, full);
			return true;
		} catch (err) {
			// EEXIST: held. ENOENT: the temp file was cleared by the holder's clean-up; look again.
			if (code(err) === "EEXIST" || code(err) === "ENOENT") return false;
			throw err;
		} finally {
			await fs.rm(tmp, { force: true });
		}
	}

	private stale(seen: Seen): boolean {
		const f = seen.file;
		// Unreadable: a lock is written whole, so this is damage, not a writer mid-way.
		if (!f) return Date.now() - seen.mtimeMs > 2_000;
		if (f.host === os.hostname() && f.pid && f.pid !== process.pid && !processAlive(f.pid)) return true;
		const beat = Math.max(f.heartbeatAt, seen.mtimeMs);
		return Date.now() - beat > this.staleAfterMs;
	}

	/** Moves the stale lock aside; true only if what was moved is the lock judged stale. */
	private async takeOver(full: string, judged: Seen): Promise<boolean> {
		const aside = `${full}.${randomUUID().slice(0, 8)}.stale.tmp`;
		try {
			await fs.rename(full, aside);
		} catch (err) {
			if (code(err) === "ENOENT") return false;
			throw err;
		}
		const moved = await look(aside);
		const same = moved !== null && (judged.file ? moved.file?.nonce === judged.file.nonce : moved.file === null);
		if (!same) {
			// Someone else took it over first and their fresh lock was moved: put it back.
			await fs.link(aside, full).catch(() => undefined);
		}
		await fs.rm(aside, { force: true });
		return same;
	}
}

class FsHeldLock implements HeldLock {
	private lost = false;
	private released = false;
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly full: string,
		readonly path: string,
		private readonly mine: LockFile,
		staleAfterMs: number,
		readonly tookOver?: LockInfo,
		private readonly createdFolder?: string,
	) {
		this.timer = setInterval(() => void this.beat(), Math.max(50, Math.floor(staleAfterMs / 4)));
		this.timer.unref();
	}

	private async beat(): Promise<void> {
		if (this.released || this.lost) return;
		try {
			if (!(await this.stillHeld())) return;
			const now = Date.now();
			const next: LockFile = { ...this.mine, heartbeatAt: now };
			const tmp = `${this.full}.${this.mine.nonce.slice(0, 8)}.beat.tmp`;
			await fs.writeFile(tmp, JSON.stringify(next));
			if (this.released || !(await this.stillHeld())) {
				await fs.rm(tmp, { force: true });
				return;
			}
			await fs.rename(tmp, this.full);
		} catch {
			// A missed heartbeat only brings staleness closer; the next one tries again.
		}
	}

	async stillHeld(): Promise<boolean> {
		if (this.lost) return false;
		const seen = await look(this.full).catch(() => null);
		if (seen?.file?.nonce !== this.mine.nonce) {
			this.lost = true;
			clearInterval(this.timer);
			return false;
		}
		return true;
	}

	async release(): Promise<void> {
		if (this.released) return;
		this.released = true;
		clearInterval(this.timer);
		const seen = await look(this.full).catch(() => null);
		if (seen?.file?.nonce === this.mine.nonce) await fs.rm(this.full, { force: true });
		// A run that made nothing leaves no empty folders behind (only those it created; rmdir refuses non-empty ones).
		if (this.createdFolder) {
			for (let dir = path.dirname(this.full); dir.startsWith(this.createdFolder); dir = path.dirname(dir)) {
				if (
					!(await fs.rmdir(dir).then(
						() => true,
						() => false,
					))
				)
					break;
			}
		}
	}
}
