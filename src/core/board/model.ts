/**
 * The board: every shot of a note (or of a folder's notes) in story order, with
 * its state, its takes (which one is chosen), what it has cost so far and its
 * poster frame. Pure: the notes, journals and the output folders' listing come in
 * (load.ts reads them), rows go out. The plugin's board view renders the rows and
 * overlays the live run on them.
 */
import { chosenTake, takeVideo, type NoteTakesView, type ShotTakesView } from "../cut/chosen";
import { posterPathFor } from "../cut/posters";
import type { TakeVia } from "../cut/types";
import { jobCost, priceFor } from "../cost";
import { t } from "../i18n";
import type { FrameSource, JournalEntry, JournalStatus } from "../journal";
import { staleOf, type StaleInfo } from "./stale";
import type { ParsedNote, ShotResult } from "../parse/model";
import { embedRecognizer, embedsUnder, folderHintOf } from "../patch";
import { outputPathFor } from "../paths";
import { firstJobs, planJobs } from "../plan";
import { redactPatterns } from "../redact";
import { noteBlocks, noteIdentities, promptKeyOf, videoIds } from "../run/identity";
import type { Settings } from "../settings";
import type { PlannedJob, ShotAnchor } from "../types";

export type BoardState = "not-generated" | "queued" | "running" | "done" | "failed" | "unknown" | "expired" | "invalid";

export interface BoardTake {
	take: number;
	/** Vault path of its video, when it is on disk. */
	path: string | null;
	/** The journal's status of the take; "done" for a video the journal does not know. */
	status: JournalStatus | "done";
	chosen: boolean;
}

/** What a shot has cost so far. The journal records no prices, so this is always an estimate from the catalog (cost.ts). */
export interface BoardCost {
	source: "estimate";
	/** Sum of the known estimates of the takes the provider accepted (0 when none). */
	usd: number;
	/** Takes the provider accepted. */
	paidTakes: number;
	/** Of those, takes whose price is unknown (not in `usd`). */
	unknownPrice: number;
}

export interface BoardJournal {
	entries: readonly JournalEntry[];
	/** Recorded choices: storage id → take (Journal.chosenTakes()). */
	chosen: ReadonlyMap<string, number>;
	/** Where chained shots' first frames came from (Journal.frameSources()). */
	frames?: ReadonlyMap<string, FrameSource>;
}

export interface BoardNote {
	note: ParsedNote;
	/** The note's text as read (embeds and shots without `id:` are found in it). */
	text: string;
	outputFolder: string;
	/** The output folder's journal, or why it could not be read. */
	journal: BoardJournal | { error: string };
}

export interface BoardRow {
	/** Stable across edits: `<note>::<storage id>` (`<note>::#<index>` for a shot that cannot run). */
	key: string;
	notePath: string;
	/** 1-based line of the shot's opening fence. */
	line: number;
	/** 1-based position in the note. */
	index: number;
	/** The id as the note shows it. */
	shotId: string;
	/** The id its files and journal entries use (run/identity.ts). */
	storageId: string;
	prompt: string;
	state: BoardState;
	/** Why it failed, is invalid, or what an unfinished take waits for (redacted). */
	message?: string;
	takes: BoardTake[];
	/** The take that represents the shot (chosen.ts), null when none has a video. */
	chosenTake: number | null;
	chosenVia?: TakeVia;
	/** Video of the chosen take. */
	videoPath: string | null;
	/** A chained shot whose upstream take changed since its first frame was grabbed (stale.ts). */
	stale?: StaleInfo;
	/** Poster frame of the chosen take, when one is on disk (cut/posters.ts). */
	posterPath: string | null;
	cost: BoardCost;
	outputFolder: string;
	/** How the note shows the shot (to find it again when a take is chosen); absent for invalid shots. */
	anchor?: ShotAnchor;
	provider?: string;
	model?: string;
	duration?: number;
}

/** Statuses of a take the provider accepted (a task exists, or a video came back). Failed creates are not billed. */
const PAID: ReadonlySet<string> = new Set(["submitted", "succeeded", "done", "timed-out", "expired"]);

function takesOf(folder: string, storageId: string, files: ReadonlyMap<string, number>, entries: readonly JournalEntry[], chosen: number | null): BoardTake[] {
	const nums = new Set<number>(entries.map((e) => e.take));
	const stem = outputPathFor(folder, storageId, 1).replace(/\.mp4$/, "");
	for (const [p, size] of files) {
		if (size <= 0 || !p.startsWith(stem + ".")) continue;
		const rest = p.slice(stem.length);
		if (/^\.(?:mp4|webm)$/.test(rest)) nums.add(1);
		const m = /^\.take(\d+)\.(?:mp4|webm)$/.exec(rest);
		if (m) nums.add(Number(m[1]));
	}
	return [...nums]
		.sort((a, b) => a - b)
		.map((take) => {
			const e = entries.find((x) => x.take === take);
			return { take, path: takeVideo(folder, storageId, take, files), status: e?.status ?? "done", chosen: take === chosen };
		});
}

function stateOf(takes: readonly BoardTake[], entries: readonly JournalEntry[]): { state: BoardState; message?: string } {
	const waiting = takes.filter((t) => t.path === null);
	if (waiting.some((t) => t.status === "submitting")) return { state: "queued" };
	if (waiting.some((t) => t.status === "submitted" || t.status === "succeeded" || t.status === "timed-out")) {
		return { state: "running", message: t("board.why.submitted") };
	}
	if (takes.some((t) => t.path !== null)) return { state: "done" };
	const last = [...entries].sort((a, b) => b.take - a.take)[0];
	const why = last?.error ? redactPatterns(last.error) : undefined;
	switch (last?.status) {
		case "failed":
			return { state: "failed", ...(why ? { message: why } : {}) };
		case "unknown":
			return { state: "unknown", message: why ?? t("board.why.unknown") };
		case "expired":
			return { state: "expired", message: why ?? t("board.why.expired") };
		case "done":
			return { state: "failed", message: t("board.why.doneMissing") };
		default:
			return { state: "not-generated" };
	}
}

function costOf(settings: Settings, job: PlannedJob | undefined, takes: readonly BoardTake[], entries: readonly JournalEntry[]): BoardCost {
	const cost: BoardCost = { source: "estimate", usd: 0, paidTakes: 0, unknownPrice: 0 };
	for (const t of takes) {
		const e = entries.find((x) => x.take === t.take);
		const paid = t.path !== null || (e !== undefined && PAID.has(e.status));
		if (!paid) continue;
		cost.paidTakes++;
		let usd: number | null = null;
		if (job && job.status !== "invalid") {
			const same = !e || (e.provider === job.provider && e.model === job.model);
			usd = same ? job.cost : jobCost(priceFor(settings, e.provider, e.model), job.duration, job.pro, job.resolution);
		}
		if (usd === null) cost.unknownPrice++;
		else cost.usd = Math.round((cost.usd + usd) * 1e6) / 1e6;
	}
	return cost;
}

function noteRows(n: BoardNote, files: ReadonlyMap<string, number>, settings: Settings): BoardRow[] {
	const { note, text, outputFolder: folder } = n;
	const journal: BoardJournal = "error" in n.journal ? { entries: [], chosen: new Map() } : n.journal;
	const journalError = "error" in n.journal ? redactPatterns(n.journal.error) : null;
	const plan = planJobs([note], settings, new Map());
	const jobs = firstJobs(plan.jobs);
	const ids =
		note.kind === "markdown"
			? noteIdentities(note, text, settings, folder, { entries: journal.entries, files: videoIds(folder, files) })
			: new Map<number, string>();
	const embedded = new Map<number, Array<{ shotId: string; take: number }>>();
	if (note.kind === "markdown") {
		const blocks = noteBlocks(note.path, text);
		const recognize = embedRecognizer(folderHintOf(folder));
		for (const b of blocks) embedded.set(b.index, embedsUnder(text, blocks, b, recognize));
	}
	const storageOf = (r: ShotResult) => ids.get(r.index) ?? jobs.get(r.index)?.shotId ?? r.id;
	const views: ShotTakesView[] = [];
	for (const r of note.shots) {
		const sid = storageOf(r);
		if (sid !== undefined) views.push({ index: r.index, storageId: sid, embedded: embedded.get(r.index) ?? [] });
	}
	const view: NoteTakesView = { kind: note.kind, outputFolder: folder, files, shots: views };
	const choices = chosenTake(view, journal.entries, journal.chosen);
	const seen = new Set<string>();
	const rows: BoardRow[] = [];
	for (const r of note.shots) {
		const sid = storageOf(r);
		const shown = r.ok ? r.id : (r.id ?? r.label);
		const choice = choices.get(r.index);
		const entries = sid === undefined ? [] : journal.entries.filter((e) => e.shotId === sid);
		const chosen = choice?.ok ? choice.take : null;
		const takes = sid === undefined ? [] : takesOf(folder, sid, files, entries, chosen);
		const job = jobs.get(r.index);
		let key = `${note.path}::${sid ?? `#${r.index}`}`;
		if (seen.has(key)) key = `${key}#${r.index}`;
		seen.add(key);
		const videoPath = choice?.ok ? choice.path : (takes.find((t) => t.path !== null)?.path ?? null);
		const poster = videoPath ? posterPathFor(folder, videoPath) : null;
		const row: BoardRow = {
			key,
			notePath: note.path,
			line: r.source.line,
			index: r.index,
			shotId: shown,
			storageId: sid ?? shown,
			prompt: redactPatterns(r.ok ? (r.input.prompt ?? "") : ""),
			...stateOf(takes, entries),
			takes,
			chosenTake: chosen,
			videoPath,
			posterPath: poster && (files.get(poster) ?? 0) > 0 ? poster : null,
			cost: costOf(settings, job, takes, entries),
			outputFolder: folder,
		};
		if (choice?.ok) row.chosenVia = choice.via;
		if (!r.ok || !job || job.status === "invalid") {
			if (!takes.some((t) => t.path !== null)) row.state = "invalid";
			row.message = redactPatterns(r.ok ? (job?.reason ?? t("board.why.cannotRun")) : r.error);
		} else {
			row.anchor = job.anchor ?? { id: r.id, idGiven: r.idGiven !== false, promptKey: promptKeyOf(r.input.prompt), index: r.index };
			row.provider = job.provider;
			row.model = job.model;
			row.duration = job.duration;
		}
		if (journalError) {
			row.state = row.state === "done" ? "done" : "unknown";
			row.message = journalError;
		}
		rows.push(row);
	}
	return rows;
}

/**
 * The board's rows: notes in path order (the order a folder run uses), shots in
 * story order within each. `files`: every file under the notes' output folders
 * (path → size), posters included.
 */
export function boardRows(notes: readonly BoardNote[], files: ReadonlyMap<string, number>, settings: Settings): BoardRow[] {
	const sorted = [...notes].sort((a, b) => (a.note.path < b.note.path ? -1 : a.note.path > b.note.path ? 1 : 0));
	const rows = sorted.flatMap((n) => noteRows(n, files, settings));
	// Chained shots made from another take than the one their upstream shows now.
	const byStorage = new Map(rows.map((r) => [`${r.notePath}::${r.storageId}`, r]));
	for (const n of sorted) {
		if ("error" in n.journal || !n.journal.frames) continue;
		for (const [id, source] of n.journal.frames) {
			const row = byStorage.get(`${n.note.path}::${id}`);
			const up = byStorage.get(`${source.note}::${source.shotId}`);
			if (!row || !up) continue;
			const stale = staleOf(source, { chosenTake: up.chosenTake, size: up.videoPath ? (files.get(up.videoPath) ?? null) : null });
			if (stale) row.stale = stale;
		}
	}
	return rows;
}

/** "$0.40 (estimate)", "$0.40 + 1 of unknown price (estimate)", "Nothing spent yet", in the current language. */
export function costLabel(c: BoardCost, format: (usd: number) => string): string {
	if (c.paidTakes === 0) return t("board.cost.nothing");
	const known = c.paidTakes - c.unknownPrice;
	if (known === 0) return t("board.cost.unknown", { count: c.paidTakes });
	if (c.unknownPrice) return t("board.cost.partial", { usd: format(c.usd), count: c.unknownPrice });
	return t("board.cost.known", { usd: format(c.usd) });
}
