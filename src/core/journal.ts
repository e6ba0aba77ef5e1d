/**
 * The job journal: one small file per output folder
 * (`<note folder>/<output>/<note>/cineflow-jobs.md`, see journal-file.ts for the
 * name and form), written before and after every submit. It lives in the vault,
 * so it syncs: another device sees the remote task and resumes it instead of
 * paying for it again.
 *
 * Writes merge: each one re-reads the file and keeps every entry another run
 * wrote (the run lock makes one run the writer of a folder; merging is what keeps
 * a second writer's entries if the lock was taken over). Temp file + rename.
 *
 * It never holds a key, and signed video URLs are stored without their signature:
 * a later run asks the provider for a fresh URL (a free GET) instead.
 */
import type { VaultPort } from "../ports/vault";
import { t } from "./i18n";
import { journalPathIn, LEGACY_JOURNAL_NAMES, parseJournalText, pickEntry, renderJournal } from "./journal-file";
import { JOURNAL_VERSION, journalSchema, type ChosenTake, type FrameSource, type JournalData, type JournalEntry } from "./journal-schema";
import { redactPatterns } from "./redact";

export { JOURNAL_NAME, LEGACY_JOURNAL_NAMES, journalPathIn, journalPathsIn, parseJournalText } from "./journal-file";
export {
	JOURNAL_VERSION,
	journalStatus,
	type JournalStatus,
	journalEntrySchema,
	type JournalEntry,
	chosenTakeSchema,
	type ChosenTake,
	frameSourceSchema,
	type FrameSource,
	journalSchema,
	type JournalData,
} from "./journal-schema";

export function entryKey(shotId: string, take: number): string {
	return `${shotId}#${take}`;
}

/** The file's records merged with this process's: the file's, except those `dirty` here and set at least as late; undefined when none. */
function latestOf<T extends { at: number }>(
	disk: Record<string, T> | undefined,
	mine: Record<string, T> | undefined,
	dirty: Iterable<string>,
): Record<string, T> | undefined {
	const out: Record<string, T> = { ...(disk ?? {}) };
	for (const id of dirty) {
		const m = mine?.[id];
		const theirs = out[id];
		if (m && (!theirs || m.at >= theirs.at)) out[id] = m;
	}
	return Object.keys(out).length ? out : undefined;
}

export class JournalError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "JournalError";
	}
}

export interface JournalOpenOptions {
	/** Merge and migrate in memory only; never write (a dry run). */
	readOnly?: boolean;
	/** Awaited before a create is journaled ("submitting"); throws to stop it (the run lost its lock). */
	beforeSubmit?: () => Promise<void>;
}

function readJournal(path: string, text: string, notePath: string): JournalData {
	let raw: unknown;
	try {
		raw = parseJournalText(text);
	} catch {
		throw new JournalError(t("run.journal.notJson", { path, note: notePath }));
	}
	const parsed = journalSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const detail = issue ? `${issue.path.join(".")}: ${issue.message}` : t("common.unknown");
		throw new JournalError(t("run.journal.badShape", { path, note: notePath, detail }));
	}
	return parsed.data;
}

/** One journal file, with writes serialized, merged and atomic. */
export class Journal {
	private chain: Promise<void> = Promise.resolve();
	/** Keys this process wrote: its version wins a merge (see pickEntry); every other key follows the file. */
	private readonly dirty = new Set<string>();
	/** Shots whose chosen take this process recorded. */
	private readonly dirtyChosen = new Set<string>();
	/** Chained shots whose frame source this process recorded. */
	private readonly dirtyFrames = new Set<string>();

	private constructor(
		private readonly vault: VaultPort,
		readonly path: string,
		private readonly data: JournalData,
		private readonly opts: JournalOpenOptions,
		/** False when neither the journal nor a legacy one was there. */
		readonly existed: boolean,
		/** Legacy journal files merged into this one. */
		readonly migrated: readonly string[],
	) {}

	get folder(): string {
		return this.path.slice(0, Math.max(0, this.path.lastIndexOf("/")));
	}

	/**
	 * Loads (or starts) the journal of an output folder, merging any legacy
	 * journal into it (written back at once, then the legacy file is removed,
	 * unless read-only). An unreadable journal is an error, never silently
	 * replaced: it may be the only record of paid tasks.
	 */
	static async open(vault: VaultPort, folder: string, notePath: string, opts: JournalOpenOptions = {}): Promise<Journal> {
		const path = journalPathIn(folder);
		const text = await vault.read(path);
		const data: JournalData = text === null ? { version: JOURNAL_VERSION, note: notePath, entries: {} } : readJournal(path, text, notePath);
		const migrated: string[] = [];
		const legacyKeys = new Set<string>();
		for (const name of LEGACY_JOURNAL_NAMES) {
			const lp = folder ? `${folder}/${name}` : name;
			const lt = await vault.read(lp);
			if (lt === null) continue;
			const legacy = readJournal(lp, lt, notePath);
			for (const [k, e] of Object.entries(legacy.entries)) {
				const cur = data.entries[k];
				data.entries[k] = cur ? pickEntry(cur, e) : e;
				legacyKeys.add(k);
			}
			migrated.push(lp);
		}
		const j = new Journal(vault, path, data, opts, text !== null || migrated.length > 0, migrated);
		if (migrated.length && !opts.readOnly) {
			for (const k of legacyKeys) j.dirty.add(k);
			await j.flush();
			// Removed only once the new file holds every entry the legacy ones had.
			const back = await vault.read(path);
			const check = back === null ? null : readJournal(path, back, notePath);
			if (check && [...legacyKeys].every((k) => check.entries[k] !== undefined)) {
				for (const lp of migrated) await vault.remove(lp);
			}
		}
		return j;
	}

	/** Started over after the old journal was lost (see JournalData.rebuilt). */
	get rebuilt(): boolean {
		return this.data.rebuilt !== undefined;
	}

	/** Records that this journal replaces a lost one; written with the next update. */
	markRebuilt(at: number): void {
		this.data.rebuilt ??= at;
	}

	get(shotId: string, take: number): JournalEntry | undefined {
		return this.data.entries[entryKey(shotId, take)];
	}

	entries(): JournalEntry[] {
		return Object.values(this.data.entries);
	}

	entriesFor(shotId: string): JournalEntry[] {
		return this.entries()
			.filter((e) => e.shotId === shotId)
			.sort((a, b) => a.take - b.take);
	}

	/** The take recorded as chosen for a shot (storage id), if any. */
	chosenTake(shotId: string): ChosenTake | undefined {
		const c = this.data.chosen;
		return c && Object.prototype.hasOwnProperty.call(c, shotId) ? c[shotId] : undefined;
	}

	/** Every recorded choice: storage id → take. */
	chosenTakes(): Map<string, number> {
		return new Map(Object.entries(this.data.chosen ?? {}).map(([id, c]) => [id, c.take]));
	}

	/** Where a chained shot's first frame came from, if recorded. */
	frameSource(shotId: string): FrameSource | undefined {
		const f = this.data.frames;
		return f && Object.prototype.hasOwnProperty.call(f, shotId) ? f[shotId] : undefined;
	}

	/** Every recorded frame source: chained shot's storage id → source. */
	frameSources(): Map<string, FrameSource> {
		return new Map(Object.entries(this.data.frames ?? {}));
	}

	/** Records where a chained shot's first frame came from and writes the file. */
	async recordFrame(shotId: string, source: FrameSource): Promise<void> {
		this.data.frames = { ...(this.data.frames ?? {}), [shotId]: source };
		this.dirtyFrames.add(shotId);
		return this.flush();
	}

	/** Records the take chosen for a shot and writes the file; entries are untouched. */
	async choose(shotId: string, take: number, at: number): Promise<void> {
		this.data.chosen = { ...(this.data.chosen ?? {}), [shotId]: { take, at } };
		this.dirtyChosen.add(shotId);
		return this.flush();
	}

	/** Creates or updates an entry and writes the file; resolves once it is on disk. */
	async update(
		shotId: string,
		take: number,
		patch: Partial<JournalEntry> & Pick<JournalEntry, "updatedAt">,
		base?: Omit<JournalEntry, "status" | "attempts" | "requestIds" | "updatedAt">,
	): Promise<void> {
		const key = entryKey(shotId, take);
		if (patch.status === "submitting" && !patch.recovered && this.opts.beforeSubmit) await this.opts.beforeSubmit();
		const prev = this.data.entries[key];
		if (!prev && !base) throw new JournalError(t("run.journal.noEntry", { path: this.path, key }));
		const next: JournalEntry = {
			...(prev ?? { ...(base as NonNullable<typeof base>), status: "submitting", attempts: 0, requestIds: [] }),
			...patch,
		};
		// An inline video (data: URL, several MB of base64) is not a link worth keeping in a synced file.
		if (next.videoUrl && /^data:/i.test(next.videoUrl)) next.videoUrl = "data: (inline video, not kept)"; // i18n-ignore: a value kept in the journal file (data)
		if (next.videoUrl) next.videoUrl = redactPatterns(next.videoUrl);
		if (next.error) next.error = redactPatterns(next.error);
		next.requestIds = next.requestIds.slice(-10);
		this.data.entries[key] = next;
		this.dirty.add(key);
		return this.flush();
	}

	/**
	 * Writes the current state (serialized with other writes): re-reads the file,
	 * takes every entry this process did not write from it, merges the ones it did,
	 * then writes a temp file and renames it into place. A file that became
	 * unreadable meanwhile is kept beside it, never overwritten unseen.
	 */
	flush(): Promise<void> {
		const run = async () => {
			if (this.opts.readOnly) return;
			await this.mergeFromDisk();
			const tmp = `${this.path}.tmp`;
			if (this.folder) await this.vault.ensureFolder(this.folder);
			await this.vault.writeText(tmp, renderJournal(this.data));
			await this.vault.rename(tmp, this.path);
		};
		const p = this.chain.then(run, run);
		this.chain = p.catch(() => undefined);
		return p;
	}

	private async mergeFromDisk(): Promise<void> {
		const text = await this.vault.read(this.path);
		if (text === null) return;
		let disk: JournalData;
		try {
			disk = readJournal(this.path, text, this.data.note);
		} catch {
			await this.keepAside(text);
			return;
		}
		for (const [k, e] of Object.entries(disk.entries)) {
			const mine = this.data.entries[k];
			this.data.entries[k] = mine && this.dirty.has(k) ? pickEntry(mine, e) : e;
		}
		if (disk.rebuilt !== undefined) this.data.rebuilt = Math.min(disk.rebuilt, this.data.rebuilt ?? disk.rebuilt);
		// Choices and frame sources: the file's, except where this process set them later.
		const chosen = latestOf(disk.chosen, this.data.chosen, this.dirtyChosen);
		if (chosen) this.data.chosen = chosen;
		else delete this.data.chosen;
		const frames = latestOf(disk.frames, this.data.frames, this.dirtyFrames);
		if (frames) this.data.frames = frames;
		else delete this.data.frames;
	}

	private async keepAside(text: string): Promise<void> {
		for (let i = 1; i < 1000; i++) {
			const p = `${this.path.replace(/\.md$/, "")}.unreadable-${i}.txt`;
			if ((await this.vault.stat(p)) === null) {
				await this.vault.writeText(p, text);
				return;
			}
		}
	}
}
