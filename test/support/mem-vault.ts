/** A VaultPort over a Map, for core tests that need files but no disk. */
import type { FileStat, VaultPort } from "../../src/ports/vault";

export class MemVault implements VaultPort {
	readonly files = new Map<string, string>();
	/** Every write, in order (path), for tests that check what was (not) written. */
	readonly writes: string[] = [];

	constructor(files: Record<string, string> = {}) {
		for (const [p, t] of Object.entries(files)) this.files.set(p, t);
	}
	read(p: string): Promise<string | null> {
		return Promise.resolve(this.files.get(p) ?? null);
	}
	readBinary(): Promise<Uint8Array | null> {
		return Promise.resolve(null);
	}
	stat(p: string): Promise<FileStat | null> {
		const t = this.files.get(p);
		return Promise.resolve(t === undefined ? null : { size: t.length, mtime: 0 });
	}
	listFiles(folder: string): Promise<string[]> {
		return Promise.resolve([...this.files.keys()].filter((p) => !folder || p.startsWith(folder + "/")).sort());
	}
	ensureFolder(): Promise<void> {
		return Promise.resolve();
	}
	writeBinary(p: string): Promise<void> {
		this.writes.push(p);
		return Promise.resolve();
	}
	writeText(p: string, t: string): Promise<void> {
		this.writes.push(p);
		this.files.set(p, t);
		return Promise.resolve();
	}
	append(p: string, t: string): Promise<void> {
		this.writes.push(p);
		this.files.set(p, (this.files.get(p) ?? "") + t);
		return Promise.resolve();
	}
	rename(a: string, b: string): Promise<void> {
		this.writes.push(b);
		const t = this.files.get(a);
		if (t !== undefined) this.files.set(b, t);
		this.files.delete(a);
		return Promise.resolve();
	}
	remove(p: string): Promise<void> {
		this.writes.push(p);
		this.files.delete(p);
		return Promise.resolve();
	}
	process(p: string, fn: (t: string) => string): Promise<string> {
		const t = fn(this.files.get(p) ?? "");
		this.writes.push(p);
		this.files.set(p, t);
		return Promise.resolve(t);
	}
}
