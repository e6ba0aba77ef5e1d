/**
 * A renamed note's output folder, adopted instead of paid for again. When a note
 * is renamed outside Obsidian (or while the plugin was not running), its videos,
 * journal and run log stay in `_assets/<old name>/` and the note's own folder has
 * no journal. Before any journal is read, a run looks for such an orphan beside
 * the note's output folder and adopts it:
 *
 *  - same parent folder, with a journal whose note (in the same folder as the
 *    renamed note) no longer exists, and no note named after the folder either;
 *    when the journal was lost too, the run log names the note and the prompt
 *    hashes of the takes it sent (the run log then moves into the note's folder,
 *    where recover.ts adopts its tasks);
 *  - its journal's shots match the note: at least half of its shot ids have a
 *    take of a prompt the note plans under that id (any id for a shot without
 *    `id:`), and no other orphan matches as well;
 *  - not busy: when the run holds locks, the orphan's run lock is taken first (a
 *    live run there keeps its folder).
 *
 * Its files are moved one by one into the note's folder, never over a file that
 * is there (such a file stays where it was and is reported), the journal last, so
 * an interrupted adoption is finished by the next run. Embeds of the old folder in
 * the note are pointed at the new place. A dry run moves nothing: it reads the
 * orphan in place (`aliases`), so it prices exactly what the real run will do.
 */
import { language, type Said } from "../i18n";
import { formatValues } from "../i18n/format";
import type { RunLockPort } from "../../ports/lock";
import type { VaultPort } from "../../ports/vault";
import { JOURNAL_NAME, journalPathIn, journalSchema, LEGACY_JOURNAL_NAMES, parseJournalText } from "../journal";
import { renderJournal } from "../journal-file";
import { retargetEmbeds } from "../patch";
import { basenameOf, folderOf } from "../paths";
import type { Plan } from "../plan";
import type { PlannedJob } from "../types";
import { isRecord } from "../values";
import { RUN_LOCK_NAME } from "./locks";
import { RUN_LOG_NAME } from "./runlog";
import { PathRedirects, redirectedVault } from "./redirect";

export interface AdoptDeps {
	vault: VaultPort;
	/** Only a real run moves files; a dry run reads the orphan in place. */
	dryRun: boolean;
	locks?: RunLockPort;
	/** Whether this run holds a note folder's run lock (only those are adopted into). */
	holds?(folder: string): boolean;
	runId: string;
	embedLine(videoPath: string, notePath: string): string;
	warn(message: Said, notePath?: string): void;
}

export interface Adoption {
	notePath: string;
	/** The note the orphan's journal was written for. */
	oldNote: string;
	from: string;
	to: string;
	moved: number;
	/** Files left in `from` because the same name was already in `to`. */
	kept: string[];
}

export interface AdoptResult {
	adoptions: Adoption[];
	/** Dry run: note output folder → the orphan folder to read in its place. */
	aliases: Map<string, string>;
}

const JOURNAL_NAMES = [JOURNAL_NAME, ...LEGACY_JOURNAL_NAMES];

interface Orphan {
	folder: string;
	note: string;
	/** shotId → prompt hashes of its takes. */
	shots: Map<string, Set<string>>;
}

async function readOrphan(vault: VaultPort, folder: string, journalPath: string): Promise<Orphan | null> {
	const text = await vault.read(journalPath);
	if (text === null) return null;
	let raw: unknown;
	try {
		raw = parseJournalText(text);
	} catch {
		return null;
	}
	if (!isRecord(raw) || typeof raw.note !== "string" || !isRecord(raw.entries)) return null;
	const shots = new Map<string, Set<string>>();
	for (const e of Object.values(raw.entries)) {
		if (!isRecord(e) || typeof e.shotId !== "string" || typeof e.promptHash !== "string") continue;
		const set = shots.get(e.shotId) ?? new Set<string>();
		set.add(e.promptHash);
		shots.set(e.shotId, set);
	}
	return { folder, note: raw.note, shots };
}

/**
 * An orphan whose journal was lost too: its run log still names the note and, per
 * shot, the prompt hashes of the takes it sent (the same events recover.ts reads).
 */
async function readRunLogOrphan(vault: VaultPort, folder: string): Promise<Orphan | null> {
	const text = await vault.read(`${folder}/${RUN_LOG_NAME}`).catch(() => null);
	if (!text) return null;
	let note: string | null = null;
	const shots = new Map<string, Set<string>>();
	for (const line of text.split("\n")) {
		if (!line.startsWith("{")) continue;
		let e: unknown;
		try {
			e = JSON.parse(line);
		} catch {
			continue;
		}
		if (!isRecord(e) || e.type !== "job" || typeof e.notePath !== "string" || typeof e.shotId !== "string") continue;
		note = e.notePath;
		// A shot the log names without a prompt hash (its "pending" events only, or a create whose
		// other events a full disk swallowed) is matched by its id: adopting the log makes the
		// next create of that shot ask the provider's task list first (recover.ts).
		const set = shots.get(e.shotId) ?? new Set<string>();
		if (typeof e.promptHash === "string") set.add(e.promptHash);
		shots.set(e.shotId, set);
	}
	return note === null || !shots.size ? null : { folder, note, shots };
}

/** Shot ids of the orphan whose takes match the note's planned shots. */
function matches(orphan: Orphan, jobs: readonly PlannedJob[]): number {
	const byId = new Map<string, Set<string>>();
	const idless = new Set<string>();
	for (const j of jobs) {
		if (j.anchor?.idGiven === false) idless.add(j.promptHash);
		else byId.set(j.shotId, (byId.get(j.shotId) ?? new Set<string>()).add(j.promptHash));
	}
	let n = 0;
	for (const [id, hashes] of orphan.shots) if ([...hashes].some((h) => byId.get(id)?.has(h) || idless.has(h)) || (hashes.size === 0 && byId.has(id))) n++;
	return n;
}

async function hasJournal(vault: VaultPort, folder: string): Promise<boolean> {
	for (const name of JOURNAL_NAMES) if ((await vault.stat(`${folder}/${name}`)) !== null) return true;
	return false;
}

/** Orphan output folders beside `folder`, with the note they were made for. `listing` caches folder listings for one pass. */
async function orphansBeside(
	vault: VaultPort,
	folder: string,
	notePath: string,
	claimed: ReadonlySet<string>,
	listing: Map<string, string[]>,
): Promise<Orphan[]> {
	const parent = folderOf(folder);
	const noteFolder = folderOf(notePath);
	const out: Orphan[] = [];
	const seen = new Set<string>();
	let files = listing.get(parent);
	if (!files) {
		files = await vault.listFiles(parent);
		listing.set(parent, files);
	}
	// Folders with a journal first; a folder whose journal was lost too is known by its run log.
	const journals = files.filter((f) => JOURNAL_NAMES.includes(f.slice(f.lastIndexOf("/") + 1)));
	const logs = files.filter((f) => f.endsWith(`/${RUN_LOG_NAME}`));
	for (const f of [...journals, ...logs]) {
		const rel = parent ? f.slice(parent.length + 1) : f;
		const parts = rel.split("/");
		if (parts.length !== 2) continue;
		const candidate = parent ? `${parent}/${parts[0]}` : (parts[0] as string);
		if (candidate === folder || claimed.has(candidate) || seen.has(candidate)) continue;
		seen.add(candidate);
		const o = parts[1] === RUN_LOG_NAME ? await readRunLogOrphan(vault, candidate) : await readOrphan(vault, candidate, f);
		if (!o || o.note === notePath || folderOf(o.note) !== noteFolder) continue;
		// Its note is gone, and no note is named after the folder: nobody else's.
		if ((await vault.stat(o.note)) !== null) continue;
		const stem = basenameOf(candidate);
		const named = [`${stem}.md`, `${stem}.json`].map((n) => (noteFolder ? `${noteFolder}/${n}` : n));
		if ((await Promise.all(named.map((n) => vault.stat(n)))).some((s) => s !== null)) continue;
		out.push(o);
	}
	return out;
}

/**
 * The files of `from` in moving order: the run log, then the journal (and legacy
 * journals) last, because they are what identifies the orphan until everything else
 * has moved; the run lock and temp files stay.
 */
function movingOrder(files: string[]): string[] {
	const name = (f: string) => f.slice(f.lastIndexOf("/") + 1);
	const rank = (f: string) => (JOURNAL_NAMES.includes(name(f)) ? 2 : name(f) === RUN_LOG_NAME ? 1 : 0);
	return files.filter((f) => name(f) !== RUN_LOCK_NAME && !f.endsWith(".tmp")).sort((a, b) => rank(a) - rank(b));
}

/** The orphan's run log goes before the one this run has started in `to` (its events are older). */
async function mergeRunLog(vault: VaultPort, from: string, to: string): Promise<void> {
	const [older, newer] = await Promise.all([vault.read(from), vault.read(to)]);
	const tmp = `${to}.adopt.tmp`;
	await vault.writeText(tmp, (older ?? "") + (newer ?? ""));
	await vault.rename(tmp, to);
	await vault.remove(from);
}

async function move(deps: AdoptDeps, a: Adoption, existing: Map<string, number>): Promise<boolean> {
	const { vault } = deps;
	// Never move anything through a link that leads outside the vault.
	for (const f of [a.from, a.to]) {
		const outside = vault.outsideVault ? await vault.outsideVault(f) : null;
		if (outside !== null) {
			deps.warn({ code: "run.adopt.outside", params: { note: a.notePath, folder: f, real: outside, old: a.oldNote } }, a.notePath);
			return false;
		}
	}
	const held = deps.locks ? await deps.locks.acquire(`${a.from}/${RUN_LOCK_NAME}`, deps.runId, { wait: false }) : null;
	if (held && !held.ok) {
		deps.warn({ code: "run.adopt.busy", params: { note: a.notePath, folder: a.from, old: a.oldNote } }, a.notePath);
		return false;
	}
	try {
		for (const f of movingOrder(await vault.listFiles(a.from))) {
			const to = a.to + f.slice(a.from.length);
			if ((await vault.stat(to)) !== null) {
				if (f.endsWith(`/${RUN_LOG_NAME}`)) {
					await mergeRunLog(vault, f, to);
					a.moved++;
				} else a.kept.push(f);
				continue;
			}
			await vault.ensureFolder(folderOf(to));
			await vault.rename(f, to);
			const st = await vault.stat(to);
			if (st) existing.set(to, st.size);
			a.moved++;
		}
	} finally {
		if (held?.ok) await held.lock.release();
	}
	if (!a.kept.length && vault.removeFolder) {
		for (const f of (await vault.listFiles(a.from)).filter((x) => x.endsWith(".tmp"))) await vault.remove(f);
		await vault.removeFolder(a.from);
	}
	return true;
}

/**
 * The adopted journal names the renamed note and the videos' new paths (its entries
 * recorded the old folder). Rewritten through a temp file, under the note folder's lock.
 */
async function retargetJournal(vault: VaultPort, a: Adoption): Promise<void> {
	const path = journalPathIn(a.to);
	const text = await vault.read(path);
	if (text === null) return;
	let parsed;
	try {
		parsed = journalSchema.safeParse(parseJournalText(text));
	} catch {
		return;
	}
	if (!parsed.success) return;
	const data = parsed.data;
	data.note = a.notePath;
	for (const e of Object.values(data.entries)) if (e.outputPath.startsWith(`${a.from}/`)) e.outputPath = a.to + e.outputPath.slice(a.from.length);
	const tmp = `${path}.adopt.tmp`;
	await vault.writeText(tmp, renderJournal(data));
	await vault.rename(tmp, path);
}

/** Points the note's embeds of the old folder at the adopted one. */
async function retarget(deps: AdoptDeps, a: Adoption): Promise<void> {
	if (!a.notePath.toLowerCase().endsWith(".md")) return;
	try {
		await deps.vault.process(a.notePath, (text) => retargetEmbeds(text, a.from, a.to, (file) => deps.embedLine(`${a.to}/${file}`, a.notePath)).text);
	} catch (err) {
		deps.warn(
			{ code: "run.adopt.embedsStale", params: { note: a.notePath, folder: a.from, detail: err instanceof Error ? err.message : String(err) } },
			a.notePath,
		);
	}
}

/**
 * Adopts the output folders of renamed notes (see above). `existing` (vault path →
 * size of the files the run sees) is updated with what was adopted.
 */
export async function adoptRenamedFolders(deps: AdoptDeps, plan: Plan, existing: Map<string, number>): Promise<AdoptResult> {
	const result: AdoptResult = { adoptions: [], aliases: new Map() };
	const claimed = new Set(plan.notes.map((n) => n.outputFolder));
	const listing = new Map<string, string[]>();
	const jobsOf = new Map<string, PlannedJob[]>();
	for (const j of plan.jobs) if (j.status !== "invalid") jobsOf.set(j.notePath, [...(jobsOf.get(j.notePath) ?? []), j]);
	for (const note of plan.notes) {
		const jobs = jobsOf.get(note.path);
		if (!jobs?.length || (deps.holds && !deps.holds(note.outputFolder)) || (await hasJournal(deps.vault, note.outputFolder))) continue;
		const scored = (await orphansBeside(deps.vault, note.outputFolder, note.path, claimed, listing))
			.map((o) => ({ o, n: matches(o, jobs) }))
			.filter((x) => x.n > 0 && x.n * 2 >= x.o.shots.size)
			.sort((x, y) => y.n - x.n);
		const best = scored[0];
		if (!best) continue;
		if (scored[1] && scored[1].n === best.n) {
			deps.warn(
				{ code: "run.adopt.ambiguous", params: { note: note.path, a: best.o.folder, b: scored[1].o.folder, folder: note.outputFolder } },
				note.path,
			);
			continue;
		}
		claimed.add(best.o.folder);
		const a: Adoption = { notePath: note.path, oldNote: best.o.note, from: best.o.folder, to: note.outputFolder, moved: 0, kept: [] };
		if (deps.dryRun) {
			result.aliases.set(a.to, a.from);
			for (const f of await deps.vault.listFiles(a.from)) {
				const st = await deps.vault.stat(f);
				if (st) existing.set(a.to + f.slice(a.from.length), st.size);
			}
			deps.warn({ code: "run.adopt.willAdopt", params: { note: note.path, old: a.oldNote, from: a.from, to: a.to } }, note.path);
			result.adoptions.push(a);
			continue;
		}
		listing.delete(folderOf(a.to));
		if (!(await move(deps, a, existing))) continue;
		await retargetJournal(deps.vault, a);
		await retarget(deps, a);
		const said = { note: note.path, old: a.oldNote, moved: a.moved, from: a.from, to: a.to, count: a.kept.length, kept: formatValues(language(), a.kept) };
		deps.warn({ code: a.kept.length ? "run.adopt.adoptedKept" : "run.adopt.adopted", params: said }, note.path);
		result.adoptions.push(a);
	}
	return result;
}

/** The run's vault for a dry run that adopts: each note folder is read from its orphan. */
export function withAliases(vault: VaultPort, aliases: ReadonlyMap<string, string>): VaultPort {
	if (!aliases.size) return vault;
	const r = new PathRedirects();
	for (const [to, from] of aliases) r.add(to, from);
	return redirectedVault(vault, r);
}
