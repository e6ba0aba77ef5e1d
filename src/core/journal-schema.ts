/**
 * The journal's data: its zod schema and the types inferred from it. A module of its
 * own so that journal.ts (reads and writes) and journal-file.ts (text form and merge)
 * both import it instead of each other.
 */
import * as z from "zod/mini";
import "./zod-locale";

export const JOURNAL_VERSION = 1;

export const journalStatus = z.enum([
	/** The create is about to be (or was) sent; its answer was not recorded. */
	"submitting",
	/** The create was answered "not created" (429, 503, quota…): nothing was paid; submit again. */
	"not-created",
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
	/** Where an entry written without the journal came from (a lost journal rebuilt from the run log). */
	recovered: z.optional(z.enum(["run-log"])),
	/** Other remote tasks recorded for this take by a second writer (paid; kept for the record). */
	supersededRemoteIds: z.optional(z.array(z.string())),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** The take a user chose to represent a shot (the board's "Choose this take"), by storage id. */
export const chosenTakeSchema = z.object({
	take: z.number().check(z.int(), z.positive()),
	/** When it was chosen (the later choice wins a merge). */
	at: z.number(),
});
export type ChosenTake = z.infer<typeof chosenTakeSchema>;

/**
 * Where a chained shot's first frame came from (run/chains.ts), by the chained shot's
 * storage id: the upstream shot, the take, and that video's size when it was grabbed.
 * Choosing another take upstream makes the shot stale (board/stale.ts).
 */
export const frameSourceSchema = z.object({
	/** The upstream's note (vault path) and storage id. */
	note: z.string(),
	shotId: z.string(),
	take: z.number().check(z.int(), z.positive()),
	/** The upstream video (vault path) and its size in bytes when the frame was grabbed. */
	video: z.string(),
	size: z.number(),
	/** The frame PNG (vault path, `frames/<shot>.png`). */
	frame: z.string(),
	at: z.number(),
});
export type FrameSource = z.infer<typeof frameSourceSchema>;

export const journalSchema = z.object({
	version: z.literal(JOURNAL_VERSION),
	note: z.string(),
	entries: z.record(z.string(), journalEntrySchema),
	/** Added with take selection; journals written before it have none (still version 1). */
	chosen: z.optional(z.record(z.string(), chosenTakeSchema)),
	/** Added with chaining; older journals have none (still version 1). */
	frames: z.optional(z.record(z.string(), frameSourceSchema)),
	/**
	 * When this journal was started over after the old one was lost (the folder showed an
	 * earlier run): a take it does not know may still be a paid task, so it is looked up at
	 * the provider before any create, in every later run too (recover.ts).
	 */
	rebuilt: z.optional(z.number()),
});
export type JournalData = z.infer<typeof journalSchema>;
