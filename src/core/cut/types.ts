/**
 * The cut of a note: its shots in story order, each with the take chosen to
 * represent it, ready to hand to an editor (OpenTimelineIO) or lay out on an
 * Obsidian canvas. Shots without a video are left out and named in `warnings`.
 */
import type { Orientation } from "../types";

export interface CutClip {
	/** 1-based position of the shot in the note (story order). */
	index: number;
	/** The shot id as the note shows it (its `id:`, or the positional default). */
	shotId: string;
	/** The id its files and journal entries use (differs only for shots without `id:` that kept an older id). */
	storageId: string;
	take: number;
	/** Vault path of the chosen take's video. */
	videoPath: string;
	/** The prompt as written in the shot. */
	prompt: string;
	/** Seconds, from the planned duration of the shot. */
	duration: number;
	/** "default" when the shot could not be planned and no duration was written anywhere. */
	durationSource: "planned" | "written" | "default";
	orientation: Orientation;
	/** Who made the take: from its journal entry, else from the plan. */
	provider?: string;
	model?: string;
	/** 1-based line of the shot's opening fence. */
	line: number;
	/** How the take was chosen (see chosen.ts). */
	via: TakeVia;
	/** Vault path of the poster frame, once written (posters.ts). */
	posterPath?: string;
}

/** "chosen": recorded in the journal by the board; "embed": the first embed under the shot; "file": a JSON storyboard's lowest finished take. */
export type TakeVia = "chosen" | "embed" | "file";

/** Why a shot is not in the cut, or what is uncertain about it. Typed; `message` is for people. */
export type CutWarningKind =
	/** No take of the shot has a video yet. */
	| "no-video"
	/** Its embed names a video that is not on disk. */
	| "video-missing"
	/** A finished take exists but no embed under the shot chooses it. */
	| "not-embedded"
	/** The shot block is invalid (its error is in the message). */
	| "invalid-shot"
	/** No duration is known; the default was used. */
	| "unknown-duration"
	/** The journal could not be read: provider and model come from the plan. */
	| "journal-unreadable"
	/** A poster frame could not be made (the cut is still exported). */
	| "poster-failed";

export interface CutWarning {
	kind: CutWarningKind;
	/** The shot it is about, when it is about one. */
	shotId?: string;
	line?: number;
	message: string;
}

export interface Cut {
	notePath: string;
	/** The note's name without extension: the timeline's and canvas's title. */
	title: string;
	/** The note's output folder (`<folder>/_assets/<note>`). */
	outputFolder: string;
	/** Shots in the note, valid or not. */
	shots: number;
	clips: CutClip[];
	warnings: CutWarning[];
}

/** Frames per second of the exported timeline when the video's own rate is not known. */
export const DEFAULT_RATE = 24;
/** Seconds used for a shot whose duration is known nowhere. */
export const FALLBACK_DURATION = 5;
