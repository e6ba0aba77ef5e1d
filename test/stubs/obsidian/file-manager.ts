/** FileManager: links in the user's format, front matter edits, attachment paths, renames. */
import yaml from "js-yaml";
import { normalizePath, splitFrontmatter, type TAbstractFile, type TFile, type Vault } from "./vault";

export class FileManager {
	constructor(private readonly vault: Vault) {}

	/** Honours the vault's "useMarkdownLinks" preference; wikilinks use the shortest unique path. */
	generateMarkdownLink(file: TFile, sourcePath: string, subpath = "", alias = ""): string {
		if (this.vault.getConfig("useMarkdownLinks") === true) {
			const from = sourcePath.includes("/") ? sourcePath.slice(0, sourcePath.lastIndexOf("/")).split("/") : [];
			const to = file.path.split("/");
			let i = 0;
			while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
			const rel = [...from.slice(i).map(() => ".."), ...to.slice(i)].join("/");
			return `[${alias || file.basename}](${encodeURI(rel)}${subpath})`;
		}
		const unique = this.vault.getFiles().filter((f) => f.name === file.name).length === 1;
		const text = unique ? (file.extension === "md" ? file.basename : file.name) : file.extension === "md" ? file.path.replace(/\.md$/, "") : file.path;
		return `[[${text}${subpath}${alias ? "|" + alias : ""}]]`;
	}

	/**
	 * Obsidian's "Default location for new attachments" (`attachmentFolderPath`):
	 * "/" the vault root, "./" the note's folder, "./sub" under it, else a vault
	 * folder; a taken name gets " 1", " 2"… as Obsidian does.
	 */
	getAvailablePathForAttachment(filename: string, sourcePath?: string): Promise<string> {
		const setting = String(this.vault.getConfig("attachmentFolderPath") ?? "/");
		const noteFolder = sourcePath && sourcePath.includes("/") ? sourcePath.slice(0, sourcePath.lastIndexOf("/")) : "";
		let folder = setting === "/" || setting === "" ? "" : setting.startsWith("./") ? [noteFolder, setting.slice(2)].filter(Boolean).join("/") : setting;
		folder = folder.replace(/\/+$/, "");
		const dot = filename.lastIndexOf(".");
		const stem = dot > 0 ? filename.slice(0, dot) : filename;
		const ext = dot > 0 ? filename.slice(dot) : "";
		for (let i = 0; ; i++) {
			const name = i === 0 ? filename : `${stem} ${i}${ext}`;
			const p = folder ? `${folder}/${name}` : name;
			if (!this.vault.getAbstractFileByPath(p)) return Promise.resolve(p);
		}
	}

	/**
	 * Renames or moves a file or a folder (hidden files inside move with it). Links
	 * in notes are updated only when the vault's "alwaysUpdateLinks" is on, and then
	 * only links that name the moved path from the vault root (enough for tests).
	 */
	async renameFile(file: TAbstractFile, newPath: string): Promise<void> {
		const from = file.path;
		const to = normalizePath(newPath);
		await this.vault.rename(file, to);
		if (this.vault.getConfig("alwaysUpdateLinks") !== true) return;
		for (const note of this.vault.getMarkdownFiles()) {
			await this.vault.process(note, (text) => text.split(`[[${from}/`).join(`[[${to}/`).split(`[[${from}]]`).join(`[[${to}]]`));
		}
	}

	/** Parses the YAML front matter, lets fn mutate it, writes it back atomically. */
	async processFrontMatter(file: TFile, fn: (frontmatter: Record<string, unknown>) => void): Promise<void> {
		await this.vault.process(file, (text) => {
			const fm = splitFrontmatter(text);
			const data = (fm.exists ? yaml.safeLoad(fm.yaml) : {}) as Record<string, unknown> | null;
			const obj = data && typeof data === "object" ? data : {};
			fn(obj);
			const dumped = yaml.safeDump(obj, { lineWidth: -1 }).trimEnd();
			return `---\n${dumped}\n---\n${fm.body}`;
		});
	}
}
