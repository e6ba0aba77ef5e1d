/**
 * Which stored shot a card shows. A shot with `id:` is its id; a shot without one
 * is whatever id its content points to (core/run/identity.ts), so after a shot is
 * inserted above others each card still shows its own video and state.
 */
import { normalizePath } from "obsidian";
import { isRecord, journalPathsIn, noteIdentities, type ParsedNote, parseJournalText, type ShotOk, videoIds } from "../core";
import type { CineFlowHost } from "./host";

async function history(host: CineFlowHost, folder: string): Promise<{ entries: Array<{ shotId: string; promptHash: string }>; files: Set<string> }> {
	const adapter = host.app.vault.adapter;
	const entries: Array<{ shotId: string; promptHash: string }> = [];
	for (const p of journalPathsIn(folder)) {
		const path = normalizePath(p);
		if (!(await adapter.exists(path))) continue;
		try {
			const data = parseJournalText(await adapter.read(path));
			const all = isRecord(data) && isRecord(data.entries) ? Object.values(data.entries) : [];
			for (const e of all)
				if (isRecord(e) && typeof e.shotId === "string" && typeof e.promptHash === "string")
					entries.push({ shotId: e.shotId, promptHash: e.promptHash });
		} catch {
			// An unreadable journal: the card shows the shot by its own id.
		}
	}
	const listed = await adapter.list(normalizePath(folder)).catch(() => ({ files: [] as string[], folders: [] as string[] }));
	const sizes = new Map<string, number>();
	for (const f of listed.files) sizes.set(normalizePath(f), (await adapter.stat(normalizePath(f)))?.size ?? 0);
	return { entries, files: videoIds(normalizePath(folder), sizes) };
}

/** The id under which the card's shot is journaled and its videos are named. */
export async function storedIdOf(host: CineFlowHost, note: ParsedNote, text: string, shot: ShotOk, folder: string): Promise<string> {
	if (shot.idGiven !== false) return shot.id;
	const ids = noteIdentities(note, text, host.settings, folder, await history(host, folder));
	return ids.get(shot.index) ?? shot.id;
}
