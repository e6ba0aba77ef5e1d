/**
 * VaultPort over Obsidian's Vault and DataAdapter. Every path goes through
 * normalizePath. Notes are changed only through `vault.process` (atomic with
 * respect to the editor). Visible files (videos, the journal note) are written,
 * renamed and removed through the Vault API, so Obsidian indexes them at once and
 * links to them resolve; hidden files (run log, locks), which the Vault API does
 * not index, go through the adapter, as does a file the index does not know yet.
 * Videos are written as `<name>.tmp`, checked, then renamed into place.
 */
import { normalizePath, TFile, type App } from "obsidian";
import { t } from "../core";
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

	/** A path the Vault API handles: no hidden segment, outside the config folder. */
	private visible(p: string): boolean {
		return !p.split("/").some((s) => s.startsWith(".")) && p !== this.app.vault.configDir && !p.startsWith(this.app.vault.configDir + "/");
	}

	/** Writes through the Vault API when it can (modify an indexed file, create a new one); false when it cannot. */
	private async writeViaVault(p: string, data: string | ArrayBuffer): Promise<boolean> {
		if (!this.visible(p)) return false;
		const vault = this.app.vault;
		const file = vault.getAbstractFileByPath(p);
		if (file instanceof TFile) {
			if (typeof data === "string") await vault.modify(file, data);
			else await vault.modifyBinary(file, data);
			return true;
		}
		if (file || (await this.adapter.exists(p))) return false; // on disk, not indexed yet
		if (typeof data === "string") await vault.create(p, data);
		else await vault.createBinary(p, data);
		return true;
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
		const p = normalizePath(path);
		const buf = toArrayBuffer(data);
		if (!(await this.writeViaVault(p, buf))) await this.adapter.writeBinary(p, buf);
	}

	async writeText(path: string, text: string): Promise<void> {
		const p = normalizePath(path);
		if (!(await this.writeViaVault(p, text))) await this.adapter.write(p, text);
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
		const vault = this.app.vault;
		const source = vault.getAbstractFileByPath(a);
		if (source instanceof TFile && this.visible(b)) {
			const target = vault.getAbstractFileByPath(b);
			if (!target && !(await this.adapter.exists(b))) {
				await vault.rename(source, b);
				return;
			}
			if (target instanceof TFile) {
				await vault.modifyBinary(target, await vault.readBinary(source));
				// The temp file itself goes for good, not to the user's trash.
				await this.adapter.remove(a);
				return;
			}
		}
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
		// Only CineFlow's own temp and stale files are removed: for good, not to the user's trash.
		if (await this.adapter.exists(p)) await this.adapter.remove(p);
	}

	async removeFolder(path: string): Promise<void> {
		const p = normalizePath(path);
		const listed = await this.adapter.list(p).catch(() => null);
		if (!listed || listed.files.length || listed.folders.length) return;
		await this.adapter.rmdir(p, false).catch(() => undefined);
	}

	async process(path: string, fn: (text: string) => string): Promise<string> {
		const p = normalizePath(path);
		const file = this.app.vault.getAbstractFileByPath(p);
		if (file instanceof TFile) return this.app.vault.process(file, fn);
		return this.adapter.process(p, fn);
	}
}

/** A dry run's view of the vault: reads pass through, writes are refused (removing is a no-op). */
export function readOnlyVault(vault: VaultPort): VaultPort {
	const refuse = () => Promise.reject(new Error(t("plugin.vault.dryRunReadOnly")));
	return {
		read: (p) => vault.read(p),
		readBinary: (p) => vault.readBinary(p),
		stat: (p) => vault.stat(p),
		listFiles: (p) => vault.listFiles(p),
		remove: () => Promise.resolve(),
		ensureFolder: refuse,
		writeBinary: refuse,
		writeText: refuse,
		append: refuse,
		rename: refuse,
		process: refuse,
	};
}
