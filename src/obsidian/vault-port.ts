/**
 * VaultPort over Obsidian's Vault and DataAdapter. Every path goes through
 * normalizePath. Notes are changed only through `vault.process` (atomic with
 * respect to the editor); files the Vault API does not index (the hidden journal
 * and run log) go through the adapter. Videos are written as `<name>.tmp` with
 * `adapter.writeBinary`, checked, then renamed into place.
 */
import { normalizePath, TFile, type App } from "obsidian";
import type { FileStat, VaultPort } from "../ports/vault";

function toArrayBuffer(data: Uint8Array): ArrayBuffer {
	const out = new ArrayBuffer(data.byteLength);
	new Uint8Array(out).set(data);
	return out;
}

/** Folders a listing never descends into (the config folder is passed in, never hardcoded). */
const SKIP = new Set([".git", ".trash", "node_modules"]);

export class ObsidianVaultPort implements VaultPort {
	constructor(private readonly app: App) {}

	private get adapter() {
		return this.app.vault.adapter;
	}

	async read(path: string): Promise<string | null> {
		const p = normalizePath(path);
		if (!(await this.adapter.exists(p))) return null;
		const st = await this.adapter.stat(p);
		if (st && st.type !== "file") return null;
		return this.adapter.read(p);
	}

	async readBinary(path: string): Promise<Uint8Array | null> {
		const p = normalizePath(path);
		if (!(await this.adapter.exists(p))) return null;
		return new Uint8Array(await this.adapter.readBinary(p));
	}

	async stat(path: string): Promise<FileStat | null> {
		const st = await this.adapter.stat(normalizePath(path));
		return st && st.type === "file" ? { size: st.size, mtime: st.mtime } : null;
	}

	async listFiles(folder: string): Promise<string[]> {
		const start = folder.trim() === "" ? "/" : normalizePath(folder);
		const st = await this.adapter.stat(start);
		if (st?.type === "file") return [start];
		if (start !== "/" && !st) return [];
		const skip = new Set([...SKIP, this.app.vault.configDir]);
		const out: string[] = [];
		const walk = async (dir: string): Promise<void> => {
			let listed: { files: string[]; folders: string[] };
			try {
				listed = await this.adapter.list(dir);
			} catch {
				return;
			}
			for (const f of listed.files) out.push(normalizePath(f));
			for (const sub of listed.folders) {
				const p = normalizePath(sub);
				const name = p.slice(p.lastIndexOf("/") + 1);
				if (skip.has(name) || skip.has(p)) continue;
				await walk(p);
			}
		};
		await walk(start);
		return out.sort();
	}

	async ensureFolder(path: string): Promise<void> {
		const p = normalizePath(path);
		if (p === "/" || (await this.adapter.exists(p))) return;
		// Parent first, one level at a time (works whether or not createFolder makes parents).
		const parent = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
		if (parent) await this.ensureFolder(parent);
		const hidden = p.split("/").some((s) => s.startsWith("."));
		try {
			if (hidden) await this.adapter.mkdir(p);
			else await this.app.vault.createFolder(p);
		} catch (err) {
			// "Folder already exists" (another job won the race) is success.
			if (!(await this.adapter.exists(p))) throw err;
		}
	}

	async writeBinary(path: string, data: Uint8Array): Promise<void> {
		await this.adapter.writeBinary(normalizePath(path), toArrayBuffer(data));
	}

	async writeText(path: string, text: string): Promise<void> {
		await this.adapter.write(normalizePath(path), text);
	}

	async append(path: string, text: string): Promise<void> {
		const p = normalizePath(path);
		if (await this.adapter.exists(p)) await this.adapter.append(p, text);
		else await this.adapter.write(p, text);
	}

	/**
	 * Moves `from` onto `to`. The adapter refuses to rename onto an existing file, so
	 * a replace (the journal's temp file) writes the new bytes over the old file and
	 * then removes the temp file: the old content stays in place until the new one
	 * is complete in the temp file.
	 */
	async rename(from: string, to: string): Promise<void> {
		const a = normalizePath(from);
		const b = normalizePath(to);
		if (!(await this.adapter.exists(b))) {
			await this.adapter.rename(a, b);
			return;
		}
		const bytes = await this.adapter.readBinary(a);
		await this.adapter.writeBinary(b, bytes);
		await this.adapter.remove(a);
	}

	async remove(path: string): Promise<void> {
		const p = normalizePath(path);
		if (await this.adapter.exists(p)) await this.adapter.remove(p);
	}

	async process(path: string, fn: (text: string) => string): Promise<string> {
		const p = normalizePath(path);
		const file = this.app.vault.getAbstractFileByPath(p);
		if (file instanceof TFile) return this.app.vault.process(file, fn);
		return this.adapter.process(p, fn);
	}
}
