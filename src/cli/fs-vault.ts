/**
 * VaultPort over node:fs, rooted at a vault folder. Every path is vault-relative
 * and is refused if it would resolve outside the root.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { FileStat, VaultPort } from "../ports/vault";

export class FsVault implements VaultPort {
	readonly root: string;

	constructor(root: string) {
		this.root = path.resolve(root);
	}

	/** Absolute path for a vault path; throws on anything that escapes the root. */
	abs(p: string): string {
		const full = path.resolve(this.root, p.replace(/^\/+/, ""));
		if (full !== this.root && !full.startsWith(this.root + path.sep)) {
			throw new Error(`refused a path outside the vault: ${p}`);
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
		await fs.mkdir(this.abs(p), { recursive: true });
	}

	async writeBinary(p: string, data: Uint8Array): Promise<void> {
		await fs.writeFile(this.abs(p), data);
	}

	async writeText(p: string, text: string): Promise<void> {
		await fs.writeFile(this.abs(p), text, "utf8");
	}

	async append(p: string, text: string): Promise<void> {
		await fs.appendFile(this.abs(p), text, "utf8");
	}

	async rename(from: string, to: string): Promise<void> {
		await fs.rename(this.abs(from), this.abs(to));
	}

	async remove(p: string): Promise<void> {
		await fs.rm(this.abs(p), { force: true });
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
		const full = this.abs(p);
		const unlock = await lock(`${full}.cineflow.lock`);
		try {
			// Holding the lock, no cooperating writer is mid-write: temp files of a
			// writer that died are garbage.
			const dir = path.dirname(full);
			const prefix = `${path.basename(full)}.cineflow-`;
			for (const f of await fs.readdir(dir).catch(() => [] as string[])) {
				if (f.startsWith(prefix) && f.endsWith(".tmp")) await fs.rm(path.join(dir, f), { force: true });
			}
			return await this.processUnlocked(p, full, fn);
		} finally {
			await unlock();
		}
	}

	private async processUnlocked(p: string, full: string, fn: (text: string) => string): Promise<string> {
		for (let attempt = 0; attempt < 20; attempt++) {
			const before = await fs.readFile(full, "utf8");
			const after = fn(before);
			if (after === before) return before;
			const check = await fs.readFile(full, "utf8");
			if (check !== before) continue;
			const tmp = `${full}.cineflow-${process.pid}-${attempt}.tmp`;
			await fs.writeFile(tmp, after, "utf8");
			const check2 = await fs.readFile(full, "utf8");
			if (check2 !== before) {
				await fs.rm(tmp, { force: true });
				continue;
			}
			await fs.rename(tmp, full);
			return after;
		}
		throw new Error(`${p} kept changing while CineFlow tried to update it; it was left untouched`);
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
			if (Date.now() - started > 60_000) throw new Error(`timed out waiting for ${lockPath}`);
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
	return typeof err === "object" && err !== null && "code" in err && ((err as { code: string }).code === "ENOENT" || (err as { code: string }).code === "ENOTDIR");
}
