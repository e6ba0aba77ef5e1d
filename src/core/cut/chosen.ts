/**
 * Which take represents a shot in the cut, the animatic and the board. In order:
 *  1. the take the user chose (the board's "Choose this take", recorded in the
 *     journal's `chosen`), as long as its video is on disk;
 *  2. the take whose embed is under the shot's fence (the first one, when several
 *     are), as long as its video is on disk;
 *  3. a storyboard JSON file has no embeds: its lowest finished take.
 * Every caller (cut export, posters, board) goes through `chosenTake`.
 */
import type { VaultPort } from "../../ports/vault";
import type { JournalEntry } from "../journal";
import { outputPathFor } from "../paths";
import type { TakeVia } from "./types";

export interface ShotTakesView {
	/** 1-based position in the note. */
	index: number;
	/** The id the files and journal use (see run/identity.ts). */
	storageId: string;
	/** CineFlow embeds under the shot's fence, in note order (shot id as in the file name). */
	embedded: ReadonlyArray<{ shotId: string; take: number }>;
}

export interface NoteTakesView {
	kind: "markdown" | "json";
	outputFolder: string;
	/** Files in the output folder: vault path → size in bytes. */
	files: ReadonlyMap<string, number>;
	shots: readonly ShotTakesView[];
}

export type TakeChoice =
	| { ok: true; storageId: string; take: number; path: string; via: TakeVia }
	| {
			ok: false;
			reason: "no-video" | "video-missing" | "not-embedded";
			/** Takes of the shot that have a video on disk. */
			takes: number[];
			/** The video an embed names but the disk does not have ("video-missing"). */
			path?: string;
	  };

/** Files directly in an output folder that can be a take (`.mp4`, `.webm`): vault path → size in bytes. */
export async function takeFilesIn(vault: Pick<VaultPort, "listFiles" | "stat">, folder: string): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	for (const f of await vault.listFiles(folder)) {
		const rest = f.slice(folder.length + 1);
		if (!f.startsWith(folder + "/") || rest.includes("/") || !/\.(?:mp4|webm)$/i.test(rest)) continue;
		const st = await vault.stat(f);
		if (st) out.set(f, st.size);
	}
	return out;
}

/** The video of a take on disk (`.mp4`, else `.webm`), or null. */
export function takeVideo(folder: string, shotId: string, take: number, files: ReadonlyMap<string, number>): string | null {
	const mp4 = outputPathFor(folder, shotId, take);
	if ((files.get(mp4) ?? 0) > 0) return mp4;
	const webm = mp4.replace(/\.mp4$/, ".webm");
	return (files.get(webm) ?? 0) > 0 ? webm : null;
}

/** Takes of `shotId` with a video directly in `folder`, ascending; the journal's finished takes first checked. */
function takesOnDisk(folder: string, shotId: string, files: ReadonlyMap<string, number>, journal: readonly JournalEntry[]): number[] {
	const candidates = new Set<number>([1]);
	for (const e of journal) if (e.shotId === shotId) candidates.add(e.take);
	const name = outputPathFor(folder, shotId, 1)
		.slice(folder.length + 1)
		.replace(/\.mp4$/, "");
	for (const p of files.keys()) {
		if (!p.startsWith(folder + "/")) continue;
		const rest = p.slice(folder.length + 1);
		if (!rest.startsWith(name + ".")) continue;
		const m = /^\.take(\d+)\.(?:mp4|webm)$/.exec(rest.slice(name.length));
		if (m) candidates.add(Number(m[1]));
	}
	return [...candidates].filter((t) => takeVideo(folder, shotId, t, files) !== null).sort((a, b) => a - b);
}

function choose(note: NoteTakesView, shot: ShotTakesView, journal: readonly JournalEntry[], recorded: ReadonlyMap<string, number>): TakeChoice {
	const folder = note.outputFolder;
	const onDisk = () => takesOnDisk(folder, shot.storageId, note.files, journal);
	const picked = recorded.get(shot.storageId);
	if (picked !== undefined) {
		const path = takeVideo(folder, shot.storageId, picked, note.files);
		if (path) return { ok: true, storageId: shot.storageId, take: picked, path, via: "chosen" };
	}
	if (note.kind === "markdown") {
		for (const e of shot.embedded) {
			const path = takeVideo(folder, e.shotId, e.take, note.files);
			if (path) return { ok: true, storageId: e.shotId, take: e.take, path, via: "embed" };
		}
		const first = shot.embedded[0];
		if (first) return { ok: false, reason: "video-missing", takes: onDisk(), path: outputPathFor(folder, first.shotId, first.take) };
		const takes = onDisk();
		return { ok: false, reason: takes.length ? "not-embedded" : "no-video", takes };
	}
	const takes = onDisk();
	const done = takes.filter((t) => journal.some((e) => e.shotId === shot.storageId && e.take === t && e.status === "done"));
	const take = done[0] ?? takes[0];
	if (take === undefined) return { ok: false, reason: "no-video", takes };
	return { ok: true, storageId: shot.storageId, take, path: takeVideo(folder, shot.storageId, take, note.files) as string, via: "file" };
}

/**
 * The chosen take of every shot of a note, by the shot's 1-based index.
 * `recorded`: the journal's choices, storage id → take (Journal.chosenTakes()).
 */
export function chosenTake(note: NoteTakesView, journal: readonly JournalEntry[], recorded: ReadonlyMap<string, number> = new Map()): Map<number, TakeChoice> {
	const out = new Map<number, TakeChoice>();
	for (const shot of note.shots) out.set(shot.index, choose(note, shot, journal, recorded));
	return out;
}
