/**
 * Stale chained shots: a chained shot's first frame was grabbed from one take of its
 * upstream (the journal's `frames`, run/chains.ts). When the upstream's chosen take is
 * now another one, or that take's video changed since, the shot is stale: the board
 * and the shot cards say "stale: made from take N of s03". Never regenerated
 * automatically (a new video costs money; it is the user's call).
 */
import { t } from "../i18n";
import type { FrameSource } from "../journal";

export interface StaleInfo {
	/** The upstream shot (storage id) and its note. */
	upstream: string;
	upstreamNote: string;
	/** The take the frame came from. */
	madeFrom: number;
	/** The take that represents the upstream now (null when none has a video). */
	nowChosen: number | null;
	/** Why: another take is chosen now, or the same take's video is not the one the frame came from. */
	why: "other-take" | "video-changed";
}

/** What the stale check needs of the upstream shot now. */
export interface UpstreamNow {
	chosenTake: number | null;
	/** Size of the chosen take's video, when on disk. */
	size: number | null;
}

/** Whether a shot made from `source` is stale, given its upstream's state now. */
export function staleOf(source: FrameSource, now: UpstreamNow | undefined): StaleInfo | null {
	if (!now || now.chosenTake === null) return null;
	const base = { upstream: source.shotId, upstreamNote: source.note, madeFrom: source.take, nowChosen: now.chosenTake };
	if (now.chosenTake !== source.take) return { ...base, why: "other-take" };
	if (now.size !== null && now.size !== source.size) return { ...base, why: "video-changed" };
	return null;
}

/** The note's name as links and the dry run show it ("Ep1" for "Show/Ep1.md"). */
function noteName(path: string): string {
	return path.slice(path.lastIndexOf("/") + 1).replace(/\.(md|json)$/i, "");
}

/**
 * "stale: made from take 1 of s03; take 2 is chosen now" ("… of Ep1 s03" when the
 * upstream is in another note, as the dry run names it), in the current language.
 */
export function staleLabel(s: StaleInfo, notePath: string): string {
	const params = { from: s.madeFrom, shot: s.upstream, now: s.nowChosen ?? s.madeFrom };
	if (s.upstreamNote !== notePath) {
		return t(s.why === "other-take" ? "board.stale.otherTakeIn" : "board.stale.remadeIn", { ...params, note: noteName(s.upstreamNote) });
	}
	return t(s.why === "other-take" ? "board.stale.otherTake" : "board.stale.remade", params);
}
