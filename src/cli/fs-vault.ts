/**
 * VaultPort over node:fs, rooted at a vault folder. Every path is vault-relative
 * and is refused if it would resolve outside the root.
 */
import { t } from "../core";
import { createHash } from "node:crypto";
import { promises as fs, realpathSync } from "node:fs";
import path from "node:path";
import type { FileStat, VaultPort } from "../ports/vault";

export class FsVault implements VaultPort {
	readonly root: string;

	constructor(root: string) {
		this.root = path.resolve(root);
	}

	/**
	 * The real (symlink-free) absolute path a vault path resolves to; for a path that
	 * does not exist yet, its deepest existing ancestor is resolved and the rest appended.
	 */
	realPath(p: string): string {
		let probe = this.abs(p);
		const rest: string[] = [];
		for (;;) {
			try {
				return path.join(realpathSync.native(probe), ...rest.reverse());
			} catch (err) {
				if (!isMissing(err)) throw err;
				const up = path.dirname(probe);
				if (up === probe) return path.join(probe, ...rest.reverse());
				rest.push(path.basename(probe));
				probe = up;
			}
		}
	}

	/** Where a vault path really leads when that is outside the vault (a symlinked folder or file), else null. */
	async outsideVault(p: string): Promise<string | null> {
		const root = realpathSync.native(this.root);
		const real = this.realPath(p);
		return real === root || real.startsWith(root + path.sep) ? null : real;
	}

	/**
	 * Absolute path for a write: like `abs`, and the real path (symlinks resolved)
	 * must stay inside the vault too, so a symlinked `_assets` or note folder that
	 * points elsewhere is refused before anything is written there.
	 */
	absForWrite(p: string): string {
		const full = this.abs(p);
		const root = realpathSync.native(this.root);
		const real = this.realPath(p);
		if (real !== root && !real.startsWith(root + path.sep)) {
			throw new OutsideVaultError(p, real);
		}
		return full;
	}

	/** Absolute path for a vault path; throws on anything that escapes the root. */
	abs(p: string): string {
		const full = path.resolve(this.root, p.replace(/^\/+/, ""));
		if (full !== this.root && !full.startsWith(this.root + path.sep)) {
			throw new Error(t("cli.fs.outside", { path: p }));
		}
		return full;
	}

	async read(p: string): Promise<string | null> {
		try {
			return await fs.readFile(this.abs(p), "utf8");
		} catch (err) {
			if (isMissing(err)) return null;
			throw err;
		}
	}

	async readBinary(p: string): Promise<Uint8Array | null> {
		try {
			return new Uint8Array(await fs.readFile(this.abs(p)));
		} catch (err) {
			if (isMissing(err)) return null;
			throw err;
		}
	}

	async stat(p: string): Promise<FileStat | null> {
		try {
			const s = await fs.stat(this.abs(p));
			return s.isFile() ? { size: s.size, mtime: s.mtimeMs } : null;
		} catch (err) {
			if (isMissing(err)) return null;
			throw err;
		}
	}

	async listFiles(folder: string): Promise<string[]> {
		const out: string[] = [];
		const start = this.abs(folder);
		const walk = async (dir: string): Promise<void> => {
			let entries;
			try {
				entries = await fs.readdir(dir, { withFileTypes: true });
			} catch (err) {
				if (isMissing(err)) return;
				throw err;
			}
			for (const e of entries) {
				if (e.name === ".obsidian" || e.name === ".git" || e.name === "node_modules" || e.name === ".trash") continue;
				const full = path.join(dir, e.name);
				if (e.isDirectory()) await walk(full);
				else if (e.isFile()) out.push(path.relative(this.root, full).split(path.sep).join("/"));
			}
		};
		const s = await fs.stat(start).catch(() => null);
		if (s?.isFile()) return [path.relative(this.root, start).split(path.sep).join("/")];
		await walk(start);
		return out.sort();
	}

	async ensureFolder(p: string): Promise<void> {
		await fs.mkdir(this.absForWrite(p), { recursive: true });
	}

	async writeBinary(p: string, data: Uint8Array): Promise<void> {
		await fs.writeFile(this.absForWrite(p), data);
	}

	async writeText(p: string, text: string): Promise<void> {
		await fs.writeFile(this.absForWrite(p), text, "utf8");
	}

	async append(p: string, text: string): Promise<void> {
		await fs.appendFile(this.absForWrite(p), text, "utf8");
	}

	async rename(from: string, to: string): Promise<void> {
		await fs.rename(this.absForWrite(from), this.absForWrite(to));
	}

	async remove(p: string): Promise<void> {
		await fs.rm(this.absForWrite(p), { force: true });
	}

	async removeFolder(p: string): Promise<void> {
		// rmdir refuses a folder that is not empty: nothing in it can be lost.
		await fs.rmdir(this.abs(p)).catch(() => undefined);
	}

	/**
	 * Read-modify-write with a content check: the new text is written to a temp
	 * file and renamed into place only if the note did not change since it was read;
	 * otherwise `fn` runs again on the fresh text. Writers that take the same
	 * advisory lock (another CineFlow process, the test suite's concurrent editor)
	 * are fully serialized; for any other editor the content check leaves only a
	 * window of microseconds.
	 */
	async process(p: string, fn: (text: string) => string): Promise<string> {
		const full = this.absForWrite(p);
		// A note the user made read-only is left as it is (its mode too).
		const st = await fs.stat(full);
		if ((st.mode & 0o222) === 0) throw new ReadOnlyNoteError(p);
		const dir = path.dirname(full);
		const base = path.basename(full);
		const unlock = await lock(path.join(dir, sidecarName(base, ".cineflow.lock")));
		try {
			// Holding the lock, no cooperating writer is mid-write: temp files of a
			// writer that died are garbage.
			const prefixes = [`${base}.cineflow-`, `${sidecarStem(base)}.cineflow-`];
			for (const f of await fs.readdir(dir).catch(() => [] as string[])) {
				if (f.endsWith(".tmp") && prefixes.some((x) => f.startsWith(x))) await fs.rm(path.join(dir, f), { force: true });
			}
			return await this.processUnlocked(p, full, fn);
		} finally {
			await unlock();
		}
	}

	private async processUnlocked(p: string, full: string, fn: (text: string) => string): Promise<string> {
		const dir = path.dirname(full);
		const base = path.basename(full);
		for (let attempt = 0; attempt < 20; attempt++) {
			const before = await fs.readFile(full, "utf8");
			const after = fn(before);
			if (after === before) return before;
			const check = await fs.readFile(full, "utf8");
			if (check !== before) continue;
			const tmp = path.join(dir, sidecarName(base, `.cineflow-${process.pid}-${attempt}.tmp`));
			await fs.writeFile(tmp, after, "utf8");
			const check2 = await fs.readFile(full, "utf8");
			if (check2 !== before) {
				await fs.rm(tmp, { force: true });
				continue;
			}
			await fs.rename(tmp, full);
			return after;
		}
		throw new Error(t("cli.fs.changing", { path: p }));
	}

	async freeSpace(p: string): Promise<number | null> {
		try {
			let dir = this.abs(p);
			for (;;) {
				const s = await fs.stat(dir).catch(() => null);
				if (s) break;
				const up = path.dirname(dir);
				if (up === dir) return null;
				dir = up;
			}
			const st = await fs.statfs(dir);
			return Number(st.bavail) * Number(st.bsize);
		} catch {
			return null;
		}
	}
}

/** A write that would land outside the vault once symlinks are resolved. */
export class OutsideVaultError extends Error {
	constructor(
		readonly vaultPath: string,
		readonly realPath: string,
	) {
		super(t("cli.fs.symlink", { path: vaultPath, real: realPath }));
		this.name = "OutsideVaultError";
	}
}

/** A note whose file is read-only: CineFlow does not change it. */
export class ReadOnlyNoteError extends Error {
	constructor(readonly vaultPath: string) {
		super(t("cli.fs.readOnly", { path: vaultPath }));
		this.name = "ReadOnlyNoteError";
	}
}

const NAME_MAX = 255;

/** The short stand-in for a file name too long to carry a suffix: `.cf-<hash>`. */
function sidecarStem(base: string): string {
	return `.cf-${createHash("sha256").update(base).digest("hex").slice(0, 16)}`;
}

/**
 * `<base><suffix>` when that fits in a file name (255 bytes), else `.cf-<hash><suffix>`:
 * a note whose name is 252 bytes long still gets its lock and temp files.
 */
export function sidecarName(base: string, suffix: string): string {
	return Buffer.byteLength(base + suffix, "utf8") <= NAME_MAX ? base + suffix : sidecarStem(base) + suffix;
}

/** Exclusive-create lock file; a lock whose process is gone, or older than 10 s, is stale. */
export async function lock(lockPath: string): Promise<() => Promise<void>> {
	const started = Date.now();
	for (;;) {
		try {
			const h = await fs.open(lockPath, "wx");
			await h.writeFile(String(process.pid));
			await h.close();
			return async () => {
				await fs.rm(lockPath, { force: true });
			};
		} catch (err) {
			if (!(typeof err === "object" && err !== null && "code" in err && (err as { code: string }).code === "EEXIST")) throw err;
			const st = await fs.stat(lockPath).catch(() => null);
			const holder = Number(await fs.readFile(lockPath, "utf8").catch(() => ""));
			const age = st ? Date.now() - st.mtimeMs : 0;
			const dead = holder > 0 ? holder !== process.pid && !alive(holder) : age > 1000;
			if (age > 10_000 || dead) {
				await fs.rm(lockPath, { force: true });
				continue;
			}
			if (Date.now() - started > 60_000) throw new Error(t("cli.fs.lockTimeout", { path: lockPath }));
			await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
		}
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as { code?: string }).code === "EPERM";
	}
}

function isMissing(err: unknown): boolean {
	return (
		typeof err === "object" &&
		err !== null &&
		"code" in err &&
		((err as { code: string }).code === "ENOENT" || (err as { code: string }).code === "ENOTDIR")
	);
}
