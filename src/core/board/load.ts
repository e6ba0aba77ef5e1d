/**
 * Reads what the board shows: the notes of a note or folder target (the run's
 * own scan, so output folders and the attachment location agree with a run),
 * their texts, their output folders' files and journals. Reads only: journals
 * are opened read-only and nothing is written or removed.
 */
import type { VaultPort } from "../../ports/vault";
import { Journal, JournalError, type FrameSource } from "../journal";
import { scanTarget } from "../run/gather";
import { planWithUpstreams } from "../run/upstreams";
import type { Settings } from "../settings";
import { boardRows, type BoardNote, type BoardRow } from "./model";
import { staleOf } from "./stale";

export interface BoardLoadOptions {
	/** Resolves `[[links]]` (a character bible); defaults to a vault search. */
	resolveLink?: (link: string, notePath: string) => Promise<string | null>;
	/** The attachment folder of a note (the plugin asks Obsidian). */
	attachmentFolder?: (notePath: string) => Promise<string>;
}

export interface Board {
	target: string;
	/** Notes with at least one shot, in path order. */
	notes: string[];
	rows: BoardRow[];
	/** Every file under the notes' output folders: path → size. */
	files: Map<string, number>;
}

export async function loadBoard(vault: VaultPort, target: string, settings: Settings, opts: BoardLoadOptions = {}): Promise<Board> {
	const scan = await scanTarget(vault, target, settings, opts.resolveLink, opts.attachmentFolder);
	const journals = new Map<string, BoardNote["journal"]>();
	const notes: BoardNote[] = [];
	for (const note of scan.notes) {
		if (!note.shots.length) continue;
		const text = await vault.read(note.path);
		const folder = scan.folders.get(note.path);
		if (text === null || folder === undefined) continue;
		let journal = journals.get(folder);
		if (!journal) {
			try {
				const j = await Journal.open(vault, folder, note.path, { readOnly: true });
				journal = { entries: j.entries(), chosen: j.chosenTakes(), frames: j.frameSources() };
			} catch (err) {
				if (!(err instanceof JournalError)) throw err;
				journal = { error: err.message };
			}
			journals.set(folder, journal);
		}
		notes.push({ note, text, outputFolder: folder, journal });
	}
	const rows = boardRows(notes, scan.existing, settings);
	await markExternalStale(vault, notes, rows, settings, opts.attachmentFolder);
	return { target, notes: [...new Set(rows.map((r) => r.notePath))], rows, files: scan.existing };
}

/**
 * Chained shots whose first frame came from a shot in a note that is not on the board
 * (`[[Ep1#s03]]` seen from Ep2's board): that note is read the way a run reads it
 * (run/upstreams.ts: parsed, its journal opened read-only, the cut's chosen-take rule),
 * and the stale rule is applied to what it finds. Nothing is written.
 */
async function markExternalStale(
	vault: VaultPort,
	notes: readonly BoardNote[],
	rows: BoardRow[],
	settings: Settings,
	attachmentFolder?: (notePath: string) => Promise<string>,
): Promise<void> {
	const onBoard = new Set(notes.map((n) => n.note.path));
	const pending: Array<{ row: BoardRow; source: FrameSource }> = [];
	for (const n of notes) {
		if ("error" in n.journal || !n.journal.frames) continue;
		for (const [id, source] of n.journal.frames) {
			if (onBoard.has(source.note)) continue;
			const row = rows.find((r) => r.notePath === n.note.path && r.storageId === id);
			if (row && !row.stale) pending.push({ row, source });
		}
	}
	if (!pending.length) return;
	const plan = await planWithUpstreams(
		vault,
		notes.map((n) => n.note),
		settings,
		attachmentFolder,
	);
	for (const { row, source } of pending) {
		const edge = plan.chains.find((c) => c.notePath === row.notePath && c.line === row.line && c.external);
		const x = edge?.external;
		if (!edge || !x || edge.upstream.notePath !== source.note) continue;
		const choice = x.choice;
		if (!choice.ok) continue;
		if (edge.upstream.shotId !== source.shotId && choice.storageId !== source.shotId) continue;
		const stale = staleOf(source, { chosenTake: choice.take, size: (await vault.stat(choice.path))?.size ?? null });
		if (stale) row.stale = stale;
	}
}
