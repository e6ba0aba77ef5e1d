/**
 * Stage 4, embed: puts a written video's embed line under its shot's fence,
 * re-locating the shot in the note's current text (by id, or a shot without
 * `id:` by its prompt; see identity.ts) — a no-op when the embed is there. A
 * note that cannot be changed keeps its text; the user is warned.
 */
import { t } from "../i18n";
import { Journal } from "../journal";
import { applyEmbed, embedRecognizer, folderHintOf } from "../patch";
import type { PlannedJob } from "../types";
import type { RunContext } from "./context";
import { locateBlock, noteBlocks } from "./identity";

/** Where each shot's fence is in the note's current text. */
export const blocksOf = noteBlocks;

/**
 * `repair`: the pass over takes already on disk (a run interrupted between writing a
 * video and patching its note). It leaves a take alone when the user chose another
 * take of the shot (the board; recorded in the journal): that embed was switched on
 * purpose and is not put back. A freshly delivered take is always embedded.
 */
export async function ensureEmbed(ctx: RunContext, job: PlannedJob, mode: "deliver" | "repair" = "deliver"): Promise<void> {
	if (!job.notePath.toLowerCase().endsWith(".md")) return;
	if (mode === "repair") {
		const journal = await ctx.journalFor(job);
		const chosen = journal instanceof Journal ? journal.chosenTake(job.shotId) : undefined;
		if (chosen && chosen.take !== job.take) return;
	}
	const line = ctx.opts.embedLine(job.outputPath, job.notePath);
	const recognize = embedRecognizer(folderHintOf(job.outputFolder));
	let problem: string | null = null;
	try {
		await ctx.opts.vault.process(job.notePath, (text) => {
			const blocks = noteBlocks(job.notePath, text);
			const block = locateBlock(text, blocks, job, recognize);
			if (!block) {
				problem = t("run.embed.shotGone", { shot: job.anchor?.id ?? job.shotId });
				return text;
			}
			const r = applyEmbed(text, blocks, { shotId: job.shotId, take: job.take, blockId: block.id, blockIndex: block.index, line }, recognize);
			problem = r.ok ? null : r.reason;
			return r.ok ? r.text : text;
		});
	} catch (err) {
		problem = err instanceof Error ? err.message : String(err);
	}
	if (problem) ctx.warn({ code: "run.embed.notAdded", params: { note: job.notePath, path: job.outputPath, why: problem } }, job.notePath);
}
