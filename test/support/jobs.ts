/**
 * Builders for planned jobs and journal entries, with sane defaults: one take of
 * shot s01 of Ep.md on Sora.hk (sora-2, 10 s, 720p landscape), ready to submit.
 * Identity fields follow from each other as the planner derives them: the key from
 * note, shot and take; the output folder from the note; the video path from folder,
 * shot and take. Any field can be overridden.
 */
import type { JournalEntry } from "../../src/core/journal";
import { outputFolderFor, outputPathFor } from "../../src/core/paths";
import type { PlannedJob } from "../../src/core/types";

/** `<notePath>::<shotId>::<take>`, the planner's job key. */
export const jobKey = (notePath: string, shotId: string, take = 1): string => `${notePath}::${shotId}::${take}`;

/** A planned job; derived fields follow the overrides unless overridden themselves. */
export function plannedJob(over: Partial<PlannedJob> = {}): PlannedJob {
	const notePath = over.notePath ?? "Ep.md";
	const shotId = over.shotId ?? "s01";
	const take = over.take ?? 1;
	const outputFolder = over.outputFolder ?? outputFolderFor(notePath, "_assets");
	const prompt = over.prompt ?? `${shotId} scene`;
	return {
		key: jobKey(notePath, shotId, take),
		notePath,
		shotId,
		take,
		line: 1,
		provider: "sorahk",
		model: "sora-2",
		prompt,
		promptHash: `hash-of-${shotId}`,
		duration: 10,
		orientation: "horizontal",
		size: "1280x720",
		pro: false,
		resolution: "720p",
		aspect: "16:9",
		outputFolder,
		outputPath: outputPathFor(outputFolder, shotId, take),
		status: "ready",
		cost: 0.05,
		warnings: [],
		...over,
	};
}

/**
 * A journal entry for take `take` of `shotId`, done by default; the video path is
 * `<folder>/<shot>.mp4` (or `.takeN.mp4`) unless given.
 */
export function journalEntry(over: Partial<JournalEntry> = {}, folder = "_assets/Ep"): JournalEntry {
	const shotId = over.shotId ?? "s01";
	const take = over.take ?? 1;
	return {
		shotId,
		take,
		provider: "sorahk",
		model: "sora-2",
		promptHash: "h",
		status: "done",
		outputPath: outputPathFor(folder, shotId, take),
		attempts: 1,
		requestIds: [],
		updatedAt: 1,
		...over,
	};
}
