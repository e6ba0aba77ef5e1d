/**
 * Take selection: "Choose this take" records the choice in the journal (its
 * `chosen` map) and switches the embed under the shot to that take. Only CineFlow
 * embed lines of that shot change; every other byte of the note stays as it was
 * (line endings, BOM, the user's own lines). Other takes stay on disk and in the
 * journal. The journal is written first: it is what chosen.ts (the cut, the
 * animatic, the board) and the runner's embed repair read.
 */
import type { Clock } from "../../ports/clock";
import type { VaultPort } from "../../ports/vault";
import { takeVideo } from "../cut/chosen";
import { Journal } from "../journal";
import { applyEmbed, embedRecognizer, folderHintOf, type BlockPos } from "../patch";
import { basenameOf } from "../paths";
import { locateBlock, noteBlocks } from "../run/identity";
import type { ShotAnchor } from "../types";

export interface SwitchTarget {
	/** The shot's storage id (journal and file names; see run/identity.ts). */
	storageId: string;
	/** How the note shows the shot: found again by id, or by prompt for a shot without `id:`. */
	anchor: ShotAnchor;
	outputFolder: string;
	take: number;
	/** Vault path of the chosen take's video. */
	videoPath: string;
	/** A full embed line for it, in the user's link style (used when there is no embed to retarget). */
	line: string;
}

/** `from`: the take the first embed showed before. */
export type SwitchResult = { ok: true; text: string; changed: boolean; from?: number } | { ok: false; reason: "shot-missing" };

interface Line {
	start: number;
	end: number;
	text: string;
}

function linesBetween(text: string, from: number, to: number): Line[] {
	const out: Line[] = [];
	let p = from;
	// Start at the line after the closing fence.
	const nl = text.indexOf("\n", p);
	p = nl < 0 || nl >= to ? to : nl + 1;
	while (p < to) {
		let end = text.indexOf("\n", p);
		const next = end < 0 || end >= to ? to : end + 1;
		if (end < 0 || end >= to) end = to;
		const contentEnd = end > p && text[end - 1] === "\r" ? end - 1 : end;
		out.push({ start: p, end: contentEnd, text: text.slice(p, contentEnd) });
		p = next;
	}
	return out;
}

function nextStart(text: string, blocks: readonly BlockPos[], block: BlockPos): number {
	return blocks.filter((b) => b.startOffset > block.startOffset).reduce((min, b) => Math.min(min, b.startOffset), text.length);
}

/** The file name a recognized embed shows (`s01.mp4`, `s01.take2.webm`), as written in the line. */
function fileIn(line: string, shotId: string, take: number): string | null {
	const stem = `${shotId}${take > 1 ? `.take${take}` : ""}`;
	for (const ext of ["mp4", "webm"]) {
		const name = `${stem}.${ext}`;
		const re = new RegExp(`/${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=[|#\\])\\s>]|$)`);
		if (re.test(line)) return name;
	}
	return null;
}

/** The line pointing at `to` instead of `from`, keeping its style, size and alias; null when it cannot be rewritten. */
function retarget(line: string, from: string, to: string): string | null {
	const at = line.lastIndexOf(`/${from}`);
	if (at < 0) return null;
	return line.slice(0, at + 1) + to + line.slice(at + 1 + from.length);
}

/**
 * Makes `target.take` the first CineFlow embed of the shot under its fence. The
 * first embed of the shot is rewritten to name the chosen take's file (its link
 * style kept); when the chosen take was embedded further down as well, that line
 * gets the previous take, so no embed is lost or duplicated. With no embed of the
 * shot, one line is inserted (as a run would).
 */
export function switchEmbed(notePath: string, text: string, target: SwitchTarget): SwitchResult {
	const blocks = noteBlocks(notePath, text);
	const recognize = embedRecognizer(folderHintOf(target.outputFolder));
	const block = locateBlock(text, blocks, { shotId: target.storageId, anchor: target.anchor }, recognize);
	if (!block) return { ok: false, reason: "shot-missing" };
	const want = recognize(target.line) ?? { shotId: target.storageId, take: target.take };
	const mine = linesBetween(text, block.endOffset, nextStart(text, blocks, block))
		.map((l) => ({ ...l, r: recognize(l.text) }))
		.filter((l) => l.r !== null && l.r.shotId === want.shotId);
	const first = mine[0];
	if (!first || !first.r) {
		const r = applyEmbed(
			text,
			blocks,
			{ shotId: target.storageId, take: target.take, blockId: block.id, blockIndex: block.index, line: target.line },
			recognize,
		);
		return r.ok ? { ok: true, text: r.text, changed: r.changed } : { ok: false, reason: "shot-missing" };
	}
	if (first.r.take === want.take) return { ok: true, text, changed: false };
	const fromTake = first.r.take;
	const newFile = basenameOf(target.videoPath);
	const indent = first.text.slice(0, first.text.length - first.text.trimStart().length);
	const oldFile = fileIn(first.text, want.shotId, fromTake);
	const replaced = (oldFile !== null ? retarget(first.text, oldFile, newFile) : null) ?? indent + target.line;
	const edits: Array<{ start: number; end: number; text: string }> = [{ start: first.start, end: first.end, text: replaced }];
	const dup = mine.slice(1).find((l) => l.r?.take === want.take);
	if (dup && oldFile !== null) {
		const dupFile = fileIn(dup.text, want.shotId, want.take);
		const back = dupFile !== null ? retarget(dup.text, dupFile, oldFile) : null;
		if (back !== null) edits.push({ start: dup.start, end: dup.end, text: back });
	}
	let out = text;
	for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
	return { ok: true, text: out, changed: out !== text, from: fromTake };
}

export type ChooseFailure =
	/** The take has no video on disk. */
	| "no-video"
	/** The shot is no longer in the note (the choice is recorded; the note is unchanged). */
	| "shot-missing";

export type ChooseResult = { ok: true; changed: boolean; from?: number } | { ok: false; reason: ChooseFailure };

export interface ChooseDeps {
	vault: VaultPort;
	clock: Pick<Clock, "now">;
}

export interface ChooseInput extends Omit<SwitchTarget, "videoPath"> {
	notePath: string;
	/** Files of the output folder (path → size), to find the take's video (.mp4 or .webm). */
	files: ReadonlyMap<string, number>;
}

/**
 * Chooses take `input.take` of a shot: the journal records it, then the embed
 * under the shot is switched (through `vault.process`). A Markdown note only; a
 * JSON storyboard is never written, so there only the journal records the choice.
 */
export async function chooseTake(deps: ChooseDeps, input: ChooseInput): Promise<ChooseResult> {
	const videoPath = takeVideo(input.outputFolder, input.storageId, input.take, input.files);
	if (!videoPath) return { ok: false, reason: "no-video" };
	const journal = await Journal.open(deps.vault, input.outputFolder, input.notePath);
	await journal.choose(input.storageId, input.take, deps.clock.now());
	if (!input.notePath.toLowerCase().endsWith(".md")) return { ok: true, changed: false };
	let result: SwitchResult = { ok: true, text: "", changed: false };
	await deps.vault.process(input.notePath, (text) => {
		result = switchEmbed(input.notePath, text, { ...input, videoPath });
		return result.ok ? result.text : text;
	});
	const r = result as SwitchResult;
	if (!r.ok) return { ok: false, reason: r.reason };
	return r.from !== undefined ? { ok: true, changed: r.changed, from: r.from } : { ok: true, changed: r.changed };
}
