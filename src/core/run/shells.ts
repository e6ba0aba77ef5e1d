/**
 * Empty shells of output folders: a folder beside a note's output folder that holds
 * nothing but a run lock, temp files and a run log that records no job (empty, or cut
 * short by a full disk), and belongs to no note. An adoption that was
 * interrupted after its last move (the journal) but before its own clean-up leaves
 * one: the videos and the journal are already in the new folder, and the old one
 * keeps the dead run's lock and a temp file forever, because without a journal it is
 * no longer an orphan. A run that writes sweeps the shells beside the folders it
 * works in. The lock decides: a shell whose lock a live run holds (a new note's first
 * moments) is left alone; a stale one is taken over and released, which removes it.
 */
import type { RunLockPort } from "../../ports/lock";
import type { VaultPort } from "../../ports/vault";
import { basenameOf, folderOf } from "../paths";
import { RUN_LOCK_NAME } from "./locks";
import { readRunLog, RUN_LOG_NAME } from "./runlog";

export interface ShellDeps {
	vault: VaultPort;
	locks: RunLockPort;
	runId: string;
}

/** Removes the shells beside `outputFolders` (each a note's `_assets/<note>`); returns the folders removed. */
export async function sweepShells(deps: ShellDeps, notes: ReadonlyArray<{ path: string; outputFolder: string }>): Promise<string[]> {
	const { vault } = deps;
	if (!vault.removeFolder) return [];
	const ours = new Set(notes.map((n) => n.outputFolder));
	const parents = new Map<string, string>();
	for (const n of notes) parents.set(folderOf(n.outputFolder), folderOf(n.path));
	const removed: string[] = [];
	for (const [parent, noteFolder] of parents) {
		// Never through a link that leads outside the vault.
		if (vault.outsideVault && (await vault.outsideVault(parent)) !== null) continue;
		const byFolder = new Map<string, string[]>();
		for (const f of await vault.listFiles(parent)) {
			const rel = parent ? f.slice(parent.length + 1) : f;
			const parts = rel.split("/");
			if (parts.length < 2) continue;
			const folder = parent ? `${parent}/${parts[0]}` : (parts[0] as string);
			byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...(parts.length === 2 ? [f] : ["/nested"])]);
		}
		for (const [folder, files] of byFolder) {
			if (ours.has(folder)) continue;
			const name = (f: string) => f.slice(f.lastIndexOf("/") + 1);
			if (!files.every((f) => name(f) === RUN_LOCK_NAME || name(f) === RUN_LOG_NAME || f.endsWith(".tmp"))) continue;
			const log = files.find((f) => name(f) === RUN_LOG_NAME);
			if (log !== undefined && (await readRunLog(vault, folder)).takes.size > 0) continue;
			// A folder named after an existing note is that note's, whatever it holds.
			const stem = basenameOf(folder);
			const named = [`${stem}.md`, `${stem}.json`].map((n) => (noteFolder ? `${noteFolder}/${n}` : n));
			if ((await Promise.all(named.map((n) => vault.stat(n)))).some((s) => s !== null)) continue;
			const held = await deps.locks.acquire(`${folder}/${RUN_LOCK_NAME}`, deps.runId, { wait: false });
			if (!held.ok) continue;
			try {
				for (const f of files) if (f.endsWith(".tmp") || f === log) await vault.remove(f);
			} finally {
				await held.lock.release();
			}
			if ((await vault.listFiles(folder)).length === 0) {
				await vault.removeFolder(folder);
				removed.push(folder);
			}
		}
	}
	return removed;
}
