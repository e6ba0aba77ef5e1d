/**
 * Notes renamed or moved in Obsidian. A shot's identity lives in its note's output
 * folder (`_assets/<note>/`: videos, journal, run log), so that folder follows the
 * note: it is moved with `fileManager.renameFile` (Obsidian updates links to the
 * files, as the user's settings say), and embeds of the old folder that are still
 * in the note are pointed at the new one. Nothing is ever moved over an existing
 * file or folder.
 *
 * A run in progress is told at once (RunService.moved): it reads and writes the
 * renamed note (and a moved parent folder) at its new place, so its embeds land in
 * the renamed note. The output folder itself moves once the run has finished with
 * it, so the run lock and the journal of a working run are never pulled away from
 * under it. A rename Obsidian did not see (another app, the plugin disabled) is
 * caught by the next run, which adopts the orphaned folder (core/run/adopt.ts).
 */
import { Notice, TFile, TFolder, normalizePath, type Plugin, type TAbstractFile } from "obsidian";
import { attachmentOutputFolder, folderOf, isStoryboardJson, JOURNAL_NAME, outputFolderFor, parseFile, retargetEmbeds, t, usesAttachments } from "../core";
import type { CineFlowHost } from "./host";
import { embedLineFor } from "./links";

type Host = CineFlowHost & Plugin;

/** Registers the vault's rename event through the plugin (removed on unload). */
export function registerRenameHandling(host: Host): void {
	// Renames not handled yet (old path → new path): a note renamed twice before the
	// first move ran is found at its latest name.
	const pending = new Map<string, string>();
	const latest = (path: string): string => {
		let p = path;
		for (let i = 0; i < 100 && !host.app.vault.getAbstractFileByPath(p) && pending.has(p); i++) p = pending.get(p) as string;
		return p;
	};
	host.registerEvent(
		host.app.vault.on("rename", (file: TAbstractFile, oldPath: string) => {
			const kind = renamedByUser(file, oldPath);
			if (!kind) return;
			// At once: the running run (if any) finds the note, or a whole moved folder, at its new place.
			host.runs().moved(oldPath, file.path);
			if (kind === "folder") return;
			const newPath = file.path;
			pending.set(oldPath, newPath);
			// One rename at a time, in order.
			const next = renamesDone(host)
				.then(() => followRename(host, file, oldPath, latest))
				.catch((err: unknown) => {
					new Notice(t("plugin.rename.failed", { note: newPath, error: err instanceof Error ? err.message : String(err) }), 0);
				})
				.finally(() => {
					if (pending.get(oldPath) === newPath) pending.delete(oldPath);
				});
			chains.set(host, next);
		}),
	);
}

const chains = new WeakMap<object, Promise<void>>();

/** Resolves once every rename seen so far has been handled. */
export function renamesDone(host: object): Promise<void> {
	return chains.get(host) ?? Promise.resolve();
}

/** The output folder a note asks for (`cineflow.output`), or undefined for the settings' choice. */
async function outputOf(host: CineFlowHost, file: TFile): Promise<string | undefined> {
	try {
		return parseFile(file.path, await host.app.vault.cachedRead(file)).frontmatter.output;
	} catch {
		return undefined;
	}
}

/** Where a note at `notePath` keeps its videos: beside it (`_assets/<note>`), or Obsidian's attachment location. */
async function outputFolderAt(host: CineFlowHost, notePath: string, output: string | undefined): Promise<string> {
	if (!usesAttachments(output, host.settings)) return outputFolderFor(notePath, output ?? host.settings.outputFolder);
	const at = folderOf(normalizePath(await host.app.fileManager.getAvailablePathForAttachment("cineflow.mp4", notePath)));
	return attachmentOutputFolder(notePath, at);
}

/** A note or folder the user renamed; null for CineFlow's own renames (a temp file onto a video or the journal) and other files. */
function renamedByUser(file: TAbstractFile, oldPath: string): "note" | "folder" | null {
	if (file instanceof TFolder) return "folder";
	const note = file instanceof TFile && (file.extension === "md" || isStoryboardJson(file.path)) && file.name !== JOURNAL_NAME && !oldPath.endsWith(".tmp");
	return note ? "note" : null;
}

/**
 * Moves a renamed note's output folder after it; resolves when it has moved.
 * `latest` finds where a note is now (a later rename may have moved it on already).
 */
export async function followRename(host: CineFlowHost, file: TAbstractFile, oldPath: string, latest: (path: string) => string = (p) => p): Promise<void> {
	if (!(file instanceof TFile) || renamedByUser(file, oldPath) !== "note") return;
	const runs = host.runs();
	const current = latest(file.path);
	const now = host.app.vault.getAbstractFileByPath(current);
	const output = await outputOf(host, now instanceof TFile ? now : file);
	const from = await outputFolderAt(host, oldPath, output);
	const to = await outputFolderAt(host, current, output);
	if (from === to) return;
	// A run working on the note keeps its folder (and its run lock) until it is done.
	if (runs.running) await runs.idle();
	await moveOutputFolder(host, from, to, current, latest);
}

/** Moves `from` to `to` (never over anything) and points the note's embeds at the new place. */
export async function moveOutputFolder(
	host: CineFlowHost,
	from: string,
	to: string,
	notePath: string,
	latest: (path: string) => string = (p) => p,
): Promise<boolean> {
	const { app } = host;
	const src = app.vault.getAbstractFileByPath(normalizePath(from));
	// Nothing was generated yet, or the folder moved with its parent already.
	if (!(src instanceof TFolder)) return false;
	if (await app.vault.adapter.exists(normalizePath(to))) {
		new Notice(t("plugin.rename.taken", { note: notePath, to, from }), 0);
		return false;
	}
	const parent = folderOf(to);
	if (parent && !(await app.vault.adapter.exists(parent))) await app.vault.createFolder(parent).catch(() => undefined);
	await app.fileManager.renameFile(src, to);
	const note = app.vault.getAbstractFileByPath(latest(notePath));
	if (note instanceof TFile && note.extension === "md") {
		const settings = host.settings;
		await app.vault.process(note, (text) => retargetEmbeds(text, from, to, (f) => embedLineFor(app, settings.linkStyle, `${to}/${f}`, note.path)).text);
	}
	return true;
}
