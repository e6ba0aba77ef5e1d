/**
 * An in-memory vault with Obsidian's documented semantics: the Vault API sees only
 * non-hidden paths; createBinary/create throw when the file exists, createFolder
 * when the folder exists; process is atomic (synchronous read-modify-write);
 * DataAdapter reaches everything, hidden files included, and its writes to visible
 * paths reach the Vault index (as Obsidian's file watcher would).
 */
import yaml from "js-yaml";
import { Events } from "./events";

export function normalizePath(path: string): string {
	let out = path.replace(/[\\/]+/g, "/").replace(/^\/+|\/+$/g, "");
	if (out === "") out = "/";
	return out.replace(/[\u00A0\u202F]/g, " ").normalize("NFC");
}

const isHidden = (p: string) => p.split("/").some((s) => s.startsWith("."));
const parentOf = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "/");

export abstract class TAbstractFile {
	vault!: Vault;
	path = "";
	name = "";
	parent: TFolder | null = null;
}

export class TFile extends TAbstractFile {
	basename = "";
	extension = "";
	stat = { ctime: 0, mtime: 0, size: 0 };
}

export class TFolder extends TAbstractFile {
	children: TAbstractFile[] = [];
	isRoot(): boolean {
		return this.path === "/";
	}
}

interface Entry {
	data: string | Uint8Array;
	ctime: number;
	mtime: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function toBuffer(b: Uint8Array): ArrayBuffer {
	const out = new ArrayBuffer(b.byteLength);
	new Uint8Array(out).set(b);
	return out;
}

export class DataAdapter {
	readonly files = new Map<string, Entry>();
	readonly folders = new Set<string>(["/"]);
	/** Set by the Vault: called after every change (the "file watcher"). */
	watcher: (kind: "file" | "folder" | "removed", path: string, oldPath?: string) => void = () => {};

	getName(): string {
		return "memory";
	}
	private now(): number {
		return Date.now();
	}
	private ensureParents(p: string): void {
		const parts = p.split("/");
		for (let i = 1; i < parts.length; i++) {
			const f = parts.slice(0, i).join("/");
			if (!this.folders.has(f)) {
				this.folders.add(f);
				this.watcher("folder", f);
			}
		}
	}
	private put(p: string, data: string | Uint8Array): void {
		const prev = this.files.get(p);
		this.ensureParents(p);
		this.files.set(p, { data, ctime: prev?.ctime ?? this.now(), mtime: this.now() });
		this.watcher("file", p);
	}
	readSync__(p: string): string | Uint8Array | null {
		return this.files.get(p)?.data ?? null;
	}
	async exists(p: string): Promise<boolean> {
		return this.files.has(p) || this.folders.has(p);
	}
	async stat(p: string): Promise<{ type: "file" | "folder"; ctime: number; mtime: number; size: number } | null> {
		const f = this.files.get(p);
		if (f) return { type: "file", ctime: f.ctime, mtime: f.mtime, size: typeof f.data === "string" ? enc.encode(f.data).length : f.data.byteLength };
		if (this.folders.has(p)) return { type: "folder", ctime: 0, mtime: 0, size: 0 };
		return null;
	}
	async list(p: string): Promise<{ files: string[]; folders: string[] }> {
		const base = p === "/" || p === "" ? "" : p + "/";
		if (base && !this.folders.has(p)) throw new Error(`ENOENT: no such file or directory, scandir '${p}'`);
		const direct = (x: string) => x.startsWith(base) && x !== p && !x.slice(base.length).includes("/");
		return { files: [...this.files.keys()].filter(direct).sort(), folders: [...this.folders].filter((f) => f !== "/" && direct(f)).sort() };
	}
	async read(p: string): Promise<string> {
		const f = this.files.get(p);
		if (!f) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
		return typeof f.data === "string" ? f.data : dec.decode(f.data);
	}
	async readBinary(p: string): Promise<ArrayBuffer> {
		const f = this.files.get(p);
		if (!f) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
		return toBuffer(typeof f.data === "string" ? enc.encode(f.data) : f.data);
	}
	async write(p: string, data: string): Promise<void> {
		this.put(p, data);
	}
	async writeBinary(p: string, data: ArrayBuffer): Promise<void> {
		this.put(p, new Uint8Array(data.slice(0)));
	}
	async append(p: string, data: string): Promise<void> {
		const prev = this.files.get(p);
		this.put(p, (prev ? (typeof prev.data === "string" ? prev.data : dec.decode(prev.data)) : "") + data);
	}
	async process(p: string, fn: (data: string) => string): Promise<string> {
		const next = fn(await this.read(p));
		this.put(p, next);
		return next;
	}
	async mkdir(p: string): Promise<void> {
		this.ensureParents(p + "/x");
	}
	async remove(p: string): Promise<void> {
		if (!this.files.delete(p)) throw new Error(`ENOENT: no such file or directory, unlink '${p}'`);
		this.watcher("removed", p);
	}
	async rmdir(p: string, recursive: boolean): Promise<void> {
		const inside = [...this.files.keys(), ...this.folders].filter((x) => x.startsWith(p + "/"));
		if (inside.length && !recursive) throw new Error(`ENOTEMPTY: directory not empty, rmdir '${p}'`);
		for (const x of inside) {
			this.files.delete(x);
			this.folders.delete(x);
		}
		this.folders.delete(p);
		this.watcher("removed", p);
	}
	async rename(from: string, to: string): Promise<void> {
		if (this.folders.has(from) && !this.files.has(from)) return this.renameFolder(from, to);
		const f = this.files.get(from);
		if (!f) throw new Error(`ENOENT: no such file or directory, rename '${from}'`);
		if (this.files.has(to) || this.folders.has(to)) throw new Error("Destination file already exists!");
		this.files.delete(from);
		this.ensureParents(to);
		this.files.set(to, f);
		this.watcher("file", to, from);
	}
	/** A folder and everything in it, hidden files included, as one rename (like fs.rename). */
	private async renameFolder(from: string, to: string): Promise<void> {
		if (this.files.has(to) || this.folders.has(to)) throw new Error("Destination file already exists!");
		const move = (x: string) => to + x.slice(from.length);
		const inside = (x: string) => x === from || x.startsWith(from + "/");
		const files = [...this.files.keys()].filter(inside);
		const folders = [...this.folders].filter(inside).sort();
		this.ensureParents(to);
		for (const d of folders) {
			this.folders.delete(d);
			this.folders.add(move(d));
		}
		for (const f of files) {
			const e = this.files.get(f) as Entry;
			this.files.delete(f);
			this.files.set(move(f), e);
		}
		this.watcher("folder", to, from);
		for (const d of folders) if (d !== from) this.watcher("folder", move(d), d);
		for (const f of files) this.watcher("file", move(f), f);
	}
	getResourcePath(p: string): string {
		return `app://local/${encodeURI(p)}`;
	}
}

export class Vault extends Events {
	readonly adapter = new DataAdapter();
	readonly configDir = ".obsidian";
	private index = new Map<string, TAbstractFile>();
	private root: TFolder;
	private config: Record<string, unknown> = {};

	constructor() {
		super();
		this.root = new TFolder();
		this.root.vault = this;
		this.root.path = "/";
		this.index.set("/", this.root);
		this.adapter.watcher = (kind, p, oldPath) => {
			// Changes made through the DataAdapter reach the index only when the file
			// watcher reports them (later, in Obsidian); Vault API changes at once.
			if (this.deferAdapterIndex__ && this.viaVault === 0) this.pending__.push(() => this.sync(kind, p, oldPath));
			else this.sync(kind, p, oldPath);
		};
	}

	/** Test knob: hold back index updates of adapter-only writes until flushWatcher__(). */
	deferAdapterIndex__ = false;
	private pending__: Array<() => void> = [];
	private viaVault = 0;
	flushWatcher__(): void {
		for (const f of this.pending__.splice(0)) f();
	}
	private async api<T>(fn: () => Promise<T>): Promise<T> {
		this.viaVault++;
		try {
			return await fn();
		} finally {
			this.viaVault--;
		}
	}

	getName(): string {
		return "Test vault";
	}
	getConfig(key: string): unknown {
		return this.config[key];
	}
	setConfig__(key: string, value: unknown): void {
		this.config[key] = value;
	}
	getRoot(): TFolder {
		return this.root;
	}
	getAbstractFileByPath(p: string): TAbstractFile | null {
		return this.index.get(normalizePath(p)) ?? null;
	}
	getFileByPath(p: string): TFile | null {
		const f = this.getAbstractFileByPath(p);
		return f instanceof TFile ? f : null;
	}
	getFolderByPath(p: string): TFolder | null {
		const f = this.getAbstractFileByPath(p);
		return f instanceof TFolder ? f : null;
	}
	getFiles(): TFile[] {
		return [...this.index.values()].filter((f): f is TFile => f instanceof TFile);
	}
	getMarkdownFiles(): TFile[] {
		return this.getFiles().filter((f) => f.extension === "md");
	}
	getAllFolders(includeRoot?: boolean): TFolder[] {
		return [...this.index.values()].filter((f): f is TFolder => f instanceof TFolder && (includeRoot || !f.isRoot()));
	}
	async read(file: TFile): Promise<string> {
		return this.adapter.read(file.path);
	}
	async cachedRead(file: TFile): Promise<string> {
		return this.adapter.read(file.path);
	}
	async readBinary(file: TFile): Promise<ArrayBuffer> {
		return this.adapter.readBinary(file.path);
	}
	async create(p: string, data: string): Promise<TFile> {
		const path = normalizePath(p);
		if (this.index.has(path)) throw new Error("File already exists.");
		await this.api(() => this.adapter.write(path, data));
		return this.getFileByPath(path) as TFile;
	}
	async createBinary(p: string, data: ArrayBuffer): Promise<TFile> {
		const path = normalizePath(p);
		if (this.index.has(path)) throw new Error("File already exists.");
		await this.api(() => this.adapter.writeBinary(path, data));
		return this.getFileByPath(path) as TFile;
	}
	async createFolder(p: string): Promise<TFolder> {
		const path = normalizePath(p);
		if (this.index.has(path)) throw new Error("Folder already exists.");
		await this.api(() => this.adapter.mkdir(path));
		return this.getFolderByPath(path) as TFolder;
	}
	async modify(file: TFile, data: string): Promise<void> {
		await this.api(() => this.adapter.write(file.path, data));
	}
	async modifyBinary(file: TFile, data: ArrayBuffer): Promise<void> {
		await this.api(() => this.adapter.writeBinary(file.path, data));
	}
	/** Atomic: the read, fn and write happen without yielding. */
	async process(file: TFile, fn: (data: string) => string): Promise<string> {
		const raw = this.adapter.readSync__(file.path);
		if (raw === null) throw new Error(`File not found: ${file.path}`);
		const next = fn(typeof raw === "string" ? raw : dec.decode(raw));
		await this.api(() => this.adapter.write(file.path, next));
		return next;
	}
	async delete(file: TAbstractFile): Promise<void> {
		if (file instanceof TFolder) await this.api(() => this.adapter.rmdir(file.path, true));
		else await this.api(() => this.adapter.remove(file.path));
	}
	async rename(file: TAbstractFile, newPath: string): Promise<void> {
		await this.api(() => this.adapter.rename(file.path, normalizePath(newPath)));
	}

	private sync(kind: "file" | "folder" | "removed", p: string, oldPath?: string): void {
		if (oldPath) this.drop(oldPath);
		if (kind === "removed") {
			for (const k of [...this.index.keys()]) if (k === p || k.startsWith(p + "/")) this.drop(k);
			return;
		}
		if (isHidden(p)) return;
		const existing = this.index.get(p);
		const entry = this.adapter.files.get(p);
		if (existing instanceof TFile && entry) {
			existing.stat = this.statOf(entry);
			this.trigger("modify", existing);
			if (existing.extension === "md" && typeof entry.data === "string") queueMicrotask(() => this.metadataChanged__?.(existing, entry.data as string));
			return;
		}
		if (existing) return;
		const parent = this.folderFor(parentOf(p));
		const name = p.slice(p.lastIndexOf("/") + 1);
		let f: TAbstractFile;
		if (kind === "folder") {
			f = new TFolder();
		} else {
			const file = new TFile();
			const dot = name.lastIndexOf(".");
			file.basename = dot > 0 ? name.slice(0, dot) : name;
			file.extension = dot > 0 ? name.slice(dot + 1) : "";
			if (entry) file.stat = this.statOf(entry);
			f = file;
		}
		f.vault = this;
		f.path = p;
		f.name = name;
		f.parent = parent;
		parent.children.push(f);
		this.index.set(p, f);
		this.trigger("create", f);
		if (oldPath) this.trigger("rename", f, oldPath);
	}
	/** Set by MetadataCache: fires its "changed" event. */
	metadataChanged__?: (file: TFile, data: string) => void;
	private statOf(e: Entry) {
		return { ctime: e.ctime, mtime: e.mtime, size: typeof e.data === "string" ? enc.encode(e.data).length : e.data.byteLength };
	}
	private folderFor(p: string): TFolder {
		const f = this.index.get(p);
		if (f instanceof TFolder) return f;
		this.sync("folder", p);
		return this.index.get(p) as TFolder;
	}
	private drop(p: string): void {
		const f = this.index.get(p);
		if (!f) return;
		this.index.delete(p);
		if (f.parent) f.parent.children = f.parent.children.filter((c) => c !== f);
		this.trigger("delete", f);
	}
}

/** Front matter split, as Obsidian's getFrontMatterInfo does it. */
export function splitFrontmatter(text: string): { yaml: string; body: string; exists: boolean } {
	const m = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
	if (!m) return { yaml: "", body: text, exists: false };
	return { yaml: m[1] ?? "", body: text.slice(m[0].length), exists: true };
}

export class MetadataCache extends Events {
	constructor(private readonly vault: Vault) {
		super();
		vault.metadataChanged__ = (file, data) => this.trigger("changed", file, data, this.getFileCache(file));
	}
	getFirstLinkpathDest(linkpath: string, sourcePath: string): TFile | null {
		const link = normalizePath(linkpath.split("#")[0]?.split("|")[0] ?? "");
		const folder = sourcePath.includes("/") ? sourcePath.slice(0, sourcePath.lastIndexOf("/")) : "";
		for (const c of [link, `${link}.md`, folder ? `${folder}/${link}` : link, folder ? `${folder}/${link}.md` : `${link}.md`]) {
			const f = this.vault.getFileByPath(c);
			if (f) return f;
		}
		const name = link.split("/").pop() ?? link;
		return this.vault.getFiles().find((f) => f.name === name || f.basename === name) ?? null;
	}
	getFileCache(file: TFile): { frontmatter?: Record<string, unknown> } | null {
		const raw = this.vault.adapter.readSync__(file.path);
		if (typeof raw !== "string") return null;
		const fm = splitFrontmatter(raw);
		if (!fm.exists) return {};
		try {
			const data = yaml.safeLoad(fm.yaml);
			return data && typeof data === "object" ? { frontmatter: data as Record<string, unknown> } : {};
		} catch {
			return {};
		}
	}
}
