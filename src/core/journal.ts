/**
 * The job journal: one small JSON file per output folder
 * (`<note folder>/<output>/<note>/.cineflow-jobs.json`), written atomically
 * (temp file + rename) before and after every submit. It lives in the vault, so it
 * syncs: another device sees the remote task and resumes it instead of paying for
 * it again.
 *
 * It never holds a key, and signed video URLs are stored without their signature:
 * a later run asks the provider for a fresh URL (a free GET) instead.
 */
import * as z from "zod/mini";
import type { VaultPort } from "../ports/vault";
import { redactPatterns } from "./redact";
import "./zod-locale";

export const JOURNAL_NAME = ".cineflow-jobs.json";
export const JOURNAL_VERSION = 1;

export const journalStatus = z.enum([
	/** The create is about to be (or was) sent; its answer was not recorded. */
	"submitting",
	"submitted",
	/** The provider finished; the video is not yet written. */
	"succeeded",
	"done",
	"failed",
	"unknown",
	"timed-out",
	"expired",
]);
export type JournalStatus = z.infer<typeof journalStatus>;

export const journalEntrySchema = z.object({
	shotId: z.string(),
	take: z.number().check(z.int(), z.positive()),
	provider: z.string(),
	model: z.string(),
	promptHash: z.string(),
	status: journalStatus,
	outputPath: z.string(),
	remoteId: z.optional(z.string()),
	/** The video URL with any signature removed (for traceability only). */
	videoUrl: z.optional(z.string()),
	urlExpiresAt: z.optional(z.number()),
	attempts: z.number().check(z.int(), z.nonnegative()),
	requestIds: z.array(z.string()),
	error: z.optional(z.string()),
	submittedAt: z.optional(z.number()),
	updatedAt: z.number(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const journalSchema = z.object({
	version: z.literal(JOURNAL_VERSION),
	note: z.string(),
	entries: z.record(z.string(), journalEntrySchema),
});
export type JournalData = z.infer<typeof journalSchema>;

export function entryKey(shotId: string, take: number): string {
	return `${shotId}#${take}`;
}

export class JournalError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "JournalError";
	}
}

/** One journal file, with writes serialized and atomic. */
export class Journal {
	private chain: Promise<void> = Promise.resolve();

	private constructor(
		private readonly vault: VaultPort,
		readonly path: string,
		private readonly data: JournalData,
	) {}

	/**
	 * Loads (or starts) the journal of an output folder. An unreadable journal is an
	 * error, never silently replaced: it may be the only record of paid tasks.
	 */
	static async open(vault: VaultPort, folder: string, notePath: string): Promise<Journal> {
		const path = `${folder}/${JOURNAL_NAME}`;
		const text = await vault.read(path);
		if (text === null) return new Journal(vault, path, { version: JOURNAL_VERSION, note: notePath, entries: {} });
		let raw: unknown;
		try {
			raw = JSON.parse(text);
		} catch {
			throw new JournalError(`${path}: the job journal is not valid JSON (a sync conflict?). Shots of ${notePath} are not submitted until it is fixed or removed, so nothing is paid for twice.`);
		}
		const parsed = journalSchema.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new JournalError(`${path}: the job journal has an unexpected shape (${issue ? issue.path.join(".") + ": " + issue.message : "unknown"}). Shots of ${notePath} are not submitted until it is fixed or removed.`);
		}
		return new Journal(vault, path, parsed.data);
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

	/** Creates or updates an entry and writes the file; resolves once it is on disk. */
	update(shotId: string, take: number, patch: Partial<JournalEntry> & Pick<JournalEntry, "updatedAt">, base?: Omit<JournalEntry, "status" | "attempts" | "requestIds" | "updatedAt">): Promise<void> {
		const key = entryKey(shotId, take);
		const prev = this.data.entries[key];
		if (!prev && !base) throw new JournalError(`journal ${this.path}: no entry for ${key}`);
		const next: JournalEntry = {
			...(prev ?? { ...(base as NonNullable<typeof base>), status: "submitting", attempts: 0, requestIds: [] }),
			...patch,
		};
		// An inline video (data: URL, several MB of base64) is not a link worth keeping in a synced file.
		if (next.videoUrl && /^data:/i.test(next.videoUrl)) next.videoUrl = "data: (inline video, not kept)";
		if (next.videoUrl) next.videoUrl = redactPatterns(next.videoUrl);
		if (next.error) next.error = redactPatterns(next.error);
		next.requestIds = next.requestIds.slice(-10);
		this.data.entries[key] = next;
		return this.flush();
	}

	/** Writes the current state (serialized with other writes). */
	flush(): Promise<void> {
		const run = async () => {
			const text = JSON.stringify(this.data, null, "\t") + "\n";
			const tmp = `${this.path}.tmp`;
			await this.vault.ensureFolder(this.path.slice(0, this.path.lastIndexOf("/")));
			await this.vault.writeText(tmp, text);
			await this.vault.rename(tmp, this.path);
		};
		const p = this.chain.then(run, run);
		this.chain = p.catch(() => undefined);
		return p;
	}
}
