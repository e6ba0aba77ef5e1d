/**
 * Identity of shots without `id:`. Ids are optional (the parser gives s01, s02 …
 * by position), so a position is not an identity: inserting, deleting or
 * reordering such shots must never re-bill a shot and never move a video to
 * another shot. A shot without `id:` keeps the storage id (journal entries and
 * file names) that its content points to:
 *
 *  1. the journal has a take of the same prompt under that id (a video under
 *     the shot's fence, then the shot's own positional id, break ties);
 *  2. otherwise (the prompt was edited) the id of a CineFlow video embedded
 *     under its fence, when that id has a history (journal entry or file);
 *  3. otherwise its positional id, when nothing uses that id yet; else the
 *     first `sNN` that no shot, journal entry or video uses.
 *
 * Ids written in the note always win: a shot without `id:` never takes one.
 * This stage runs after planning; the jobs and shots of the plan it returns
 * carry the storage ids, and `job.anchor` keeps how the note shows the shot.
 */
import type { VaultPort } from "../../ports/vault";
import type { JournalEntry } from "../journal";
import { Journal, JournalError } from "../journal";
import { parseMarkdown } from "../parse";
import { embedRecognizer, embedsUnder, folderHintOf, type BlockPos, type EmbedRecognizer } from "../patch";
import { outputPathFor } from "../paths";
import type { ParsedNote } from "../parse/model";
import { planJobs, type Plan } from "../plan";
import type { Settings } from "../settings";
import { sha256Hex } from "../hash";
import type { PlannedJob, Shot } from "../types";

export interface IdentityShot {
	/** The parser's id: the shot's own, or its positional default. */
	id: string;
	idGiven: boolean;
	/** 1-based position in the note. */
	index: number;
	promptHash: string;
	/** Shot ids of the CineFlow videos embedded under the shot's fence, in order. */
	embedded: readonly string[];
}

export interface IdentityHistory {
	/** The journal entries of the note's output folder. */
	entries: ReadonlyArray<Pick<JournalEntry, "shotId" | "promptHash">>;
	/** Shot ids that have a video file in the output folder. */
	files: ReadonlySet<string>;
}

/** The hash a block's prompt is found again by (see ShotAnchor.promptKey; plan.ts computes the same). */
export function promptKeyOf(prompt: string | undefined): string {
	return sha256Hex(prompt ?? "");
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Storage ids of the shots without `id:`, by position. Shots with an id keep theirs. */
export function assignIdentities(shots: readonly IdentityShot[], history: IdentityHistory): Map<number, string> {
	const out = new Map<number, string>();
	const claimed = new Set(shots.filter((s) => s.idGiven).map((s) => s.id));
	const used = new Set<string>([...history.files, ...history.entries.map((e) => e.shotId)]);
	const byHash = new Map<string, Set<string>>();
	for (const e of history.entries) {
		const set = byHash.get(e.promptHash) ?? new Set<string>();
		set.add(e.shotId);
		byHash.set(e.promptHash, set);
	}
	const open = () => shots.filter((s) => !s.idGiven && !out.has(s.index));
	const take = (s: IdentityShot, id: string) => {
		out.set(s.index, id);
		claimed.add(id);
	};
	const sameContent = (s: IdentityShot) => [...(byHash.get(s.promptHash) ?? [])].filter((id) => !claimed.has(id)).sort(byName);
	// 1a. Same prompt, and its video is under this fence.
	for (const s of open()) {
		const id = sameContent(s).find((c) => s.embedded.includes(c));
		if (id !== undefined) take(s, id);
	}
	// 1b. Same prompt: its own positional id first, then the first by name.
	for (const s of open()) {
		const c = sameContent(s);
		const id = c.includes(s.id) ? s.id : c[0];
		if (id !== undefined) take(s, id);
	}
	// 2. Edited prompt: the video under its fence.
	for (const s of open()) {
		const id = s.embedded.find((e) => !claimed.has(e) && used.has(e));
		if (id !== undefined) take(s, id);
	}
	// 3. New shots: the positional id when nothing uses it, else a fresh one.
	const free = (id: string) => !claimed.has(id) && !used.has(id);
	for (const s of open()) if (free(s.id)) take(s, s.id);
	let n = 1;
	for (const s of open()) {
		while (!free(`s${String(n).padStart(2, "0")}`)) n++;
		take(s, `s${String(n).padStart(2, "0")}`);
	}
	return out;
}

/** Shot ids with a video (`<id>.mp4`, `<id>.takeN.webm` …) directly in `folder`. */
export function videoIds(folder: string, existing: ReadonlyMap<string, number>): Set<string> {
	const out = new Set<string>();
	for (const [path, size] of existing) {
		if (size <= 0 || !path.startsWith(folder + "/")) continue;
		const m = /^([^/]+?)(?:\.take\d+)?\.(?:mp4|webm)$/.exec(path.slice(folder.length + 1));
		if (m) out.add(m[1] as string);
	}
	return out;
}

/** The shot blocks of a note's current text, for the embed stage: id, position, whether the id was written, prompt key. */
export function noteBlocks(path: string, text: string): BlockPos[] {
	const out: BlockPos[] = [];
	for (const s of parseMarkdown(path, text).shots) {
		if (!s.id) continue;
		const b: BlockPos = { id: s.id, startOffset: s.source.startOffset, endOffset: s.source.endOffset, index: s.index };
		if (s.ok && s.idGiven === false) {
			b.idGiven = false;
			b.promptKey = promptKeyOf(s.input.prompt);
		}
		out.push(b);
	}
	return out;
}

/**
 * The block a job's video belongs under, in the note's current text. A shot with
 * an id is found by it; a shot without one by its prompt (among equal prompts:
 * the block that already shows this video, then the planned position). Null when
 * the shot is no longer in the note.
 */
export function locateBlock(
	text: string,
	blocks: readonly BlockPos[],
	job: Pick<PlannedJob, "shotId" | "anchor">,
	recognize: EmbedRecognizer,
): BlockPos | null {
	const a = job.anchor;
	if (!a || a.idGiven) return blocks.find((b) => b.id === (a?.id ?? job.shotId)) ?? null;
	const same = blocks.filter((b) => b.idGiven === false && b.promptKey === a.promptKey);
	if (same.length <= 1) return same[0] ?? null;
	return (
		same.find((b) => embedsUnder(text, blocks, b, recognize).some((e) => e.shotId === job.shotId)) ??
		same.find((b) => b.index === a.index) ??
		(same[0] as BlockPos)
	);
}

export interface IdentityDeps {
	vault: Pick<VaultPort, "read">;
	journalFor(job: PlannedJob): Promise<Journal | JournalError>;
}

function rename(job: PlannedJob, id: string): PlannedJob {
	return { ...job, shotId: id, key: `${job.notePath}::${id}::${job.take}`, outputPath: outputPathFor(job.outputFolder, id, job.take) };
}

/**
 * Gives every shot without `id:` its storage id (see the rule above) and returns
 * the plan with its jobs and shots renamed accordingly. Notes whose shots all have
 * ids, and notes whose journal cannot be read, are left as planned.
 */
export async function resolveIdentities(deps: IdentityDeps, plan: Plan, existing: ReadonlyMap<string, number>): Promise<Plan> {
	const byNote = new Map<string, PlannedJob[]>();
	for (const j of plan.jobs) {
		if (!j.anchor) continue;
		const list = byNote.get(j.notePath) ?? [];
		list.push(j);
		byNote.set(j.notePath, list);
	}
	const renamed = new Map<string, Map<number, string>>();
	for (const [notePath, jobs] of byNote) {
		if (jobs.every((j) => j.anchor?.idGiven !== false)) continue;
		const first = jobs[0] as PlannedJob;
		const journal = await deps.journalFor(first);
		if (journal instanceof JournalError) continue;
		const text = notePath.toLowerCase().endsWith(".md") ? await deps.vault.read(notePath) : null;
		const embedded = text === null ? new Map<number, string[]>() : embeddedByBlock(notePath, text, first.outputFolder);
		const ids = assignIdentities(identityShots(jobs, embedded), { entries: journal.entries(), files: videoIds(first.outputFolder, existing) });
		renamed.set(notePath, ids);
	}
	if (!renamed.size) return plan;
	const idOf = (notePath: string, index: number | undefined, id: string) => (index === undefined ? id : (renamed.get(notePath)?.get(index) ?? id));
	const jobs = plan.jobs.map((j) => {
		const id = idOf(j.notePath, j.anchor && !j.anchor.idGiven ? j.anchor.index : undefined, j.shotId);
		return id === j.shotId ? j : rename(j, id);
	});
	const shots = plan.shots.map((s): Shot => {
		const id = idOf(s.source.notePath, s.index, s.id);
		return id === s.id ? s : { ...s, id };
	});
	return { ...plan, jobs, shots };
}

/** For each block of the note's text (by position), the ids of the CineFlow videos embedded under it. */
function embeddedByBlock(notePath: string, text: string, folder: string): Map<number, string[]> {
	const out = new Map<number, string[]>();
	const blocks = noteBlocks(notePath, text);
	const recognize = embedRecognizer(folderHintOf(folder));
	for (const b of blocks)
		out.set(
			b.index,
			embedsUnder(text, blocks, b, recognize).map((e) => e.shotId),
		);
	return out;
}

function identityShots(jobs: readonly PlannedJob[], embedded: ReadonlyMap<number, string[]>): IdentityShot[] {
	const shots = new Map<number, IdentityShot>();
	for (const j of jobs) {
		const a = j.anchor;
		if (a && !shots.has(a.index))
			shots.set(a.index, { id: a.id, idGiven: a.idGiven, index: a.index, promptHash: j.promptHash, embedded: embedded.get(a.index) ?? [] });
	}
	return [...shots.values()];
}

/**
 * Storage ids of one note's shots without `id:`, by position, for a view of a
 * single shot (a shot card): the same rule as a run, from the note's own text
 * (a character bible linked from the note is not read, so a shot that uses one is
 * found by its embed rather than its prompt).
 */
export function noteIdentities(note: ParsedNote, text: string, settings: Settings, folder: string, history: IdentityHistory): Map<number, string> {
	const jobs = planJobs([note], settings, new Map()).jobs.filter((j) => j.status !== "invalid");
	return assignIdentities(identityShots(jobs, embeddedByBlock(note.path, text, folder)), history);
}
