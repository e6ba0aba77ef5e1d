/**
 * Reads what the board shows: the notes of a note or folder target (the run's
 * own scan, so output folders and the attachment location agree with a run),
 * their texts, their output folders' files and journals. Reads only: journals
 * are opened read-only and nothing is written or removed.
 */
import type { VaultPort } from "../../ports/vault";
import { Journal, JournalError } from "../journal";
import { scanTarget } from "../run/scan";
import type { Settings } from "../settings";
import { boardRows, type BoardNote, type BoardRow } from "./model";

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
	return { target, notes: [...new Set(rows.map((r) => r.notePath))], rows, files: scan.existing };
}
