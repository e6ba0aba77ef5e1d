/**
 * The "stale" line of a chained shot's card: its first frame came from one take of
 * the shot before (the journal's `frames`), and the user has since chosen another
 * take of that shot (the journal's `chosen`, the board's "Choose this take").
 * When that shot is in another note (`[[Ep1#s03]]`), its note is read as the board
 * reads it (the cut's chosen-take rule and the video's size, run/upstreams.ts).
 * Read-only; nothing is regenerated.
 */
import { normalizePath } from "obsidian";
import { chosenTakeNow, folderOf, type FrameSource, journalPathsIn, parseJournalText, staleLabel, staleOf } from "../core";
import type { CineFlowHost } from "./host";
import { ObsidianVaultPort } from "./vault-port";

interface StaleJournalView {
	chosen?: Record<string, { take?: number }>;
	frames?: Record<string, FrameSource>;
}

async function journalOf(host: CineFlowHost, folder: string): Promise<StaleJournalView | null> {
	const adapter = host.app.vault.adapter;
	for (const candidate of journalPathsIn(folder)) {
		const p = normalizePath(candidate);
		if (!(await adapter.exists(p))) continue;
		try {
			return parseJournalText(await adapter.read(p)) as StaleJournalView;
		} catch {
			return null;
		}
	}
	return null;
}

/** "stale: made from take 1 of s03; take 2 is chosen now", or null. */
export async function storedStale(host: CineFlowHost, notePath: string, folder: string, shotId: string): Promise<string | null> {
	const mine = await journalOf(host, folder);
	const source = mine?.frames?.[shotId];
	if (!source || typeof source.take !== "number") return null;
	const upFolder = folderOf(source.video);
	if (source.note !== notePath) {
		// An upstream in another note ([[Ep1#s03]]): the board's rule (run/upstreams.ts), read-only.
		const now = await chosenTakeNow(new ObsidianVaultPort(host.app), normalizePath(source.note), source.shotId, upFolder);
		const stale = now?.choice.ok ? staleOf(source, { chosenTake: now.choice.take, size: now.size }) : null;
		return stale ? staleLabel(stale, notePath) : null;
	}
	const up = upFolder === folder ? mine : await journalOf(host, upFolder);
	const chosen = up?.chosen?.[source.shotId]?.take;
	if (typeof chosen !== "number") return null;
	const stale = staleOf(source, { chosenTake: chosen, size: null });
	return stale ? staleLabel(stale, notePath) : null;
}
