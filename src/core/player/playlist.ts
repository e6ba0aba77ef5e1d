/**
 * The animatic: a note's shots in story order, each played as its chosen take
 * (cut/chosen.ts decides which, through buildCut) or, when it has no video, held
 * as a titled card for the shot's duration. Pure: the playlist with each shot's
 * start offset and the total, and the cursor arithmetic the player uses.
 */
import type { Cut, CutWarningKind } from "../cut/types";
import { FALLBACK_DURATION } from "../cut/types";

/** One shot as the player needs it, whether or not it has a video. */
export interface ShotOutline {
	/** 1-based position in the note. */
	index: number;
	shotId: string;
	/** 1-based line of the shot's fence. */
	line: number;
	prompt: string;
	/** Seconds (written or default); a clip's planned duration wins. */
	duration: number;
}

export interface PlaylistItem {
	index: number;
	shotId: string;
	line: number;
	prompt: string;
	/** Seconds this item takes in the animatic (the clip's planned duration, or the gap's hold). */
	duration: number;
	/** Seconds from the start of the animatic. */
	start: number;
	/** The chosen take's video, or null for a gap. */
	videoPath: string | null;
	take: number | null;
	/** Why there is no video (a gap), typed. */
	gap?: CutWarningKind;
}

export interface Playlist {
	notePath: string;
	title: string;
	items: PlaylistItem[];
	/** Seconds, the sum of the items' durations. */
	total: number;
	/** Items that have a video. */
	videos: number;
}

const GAP_REASONS: ReadonlySet<CutWarningKind> = new Set<CutWarningKind>(["no-video", "video-missing", "not-embedded", "invalid-shot"]);

function seconds(x: number): number {
	return Number.isFinite(x) && x > 0 ? x : FALLBACK_DURATION;
}

/**
 * Every shot of `shots` in story order: the cut's clip when it has one, else a
 * gap held for the shot's duration (with the cut's reason when it gave one).
 */
export function buildPlaylist(cut: Pick<Cut, "notePath" | "title" | "clips" | "warnings">, shots: readonly ShotOutline[]): Playlist {
	const clips = new Map(cut.clips.map((c) => [c.index, c]));
	const reasons = new Map<string, CutWarningKind>();
	for (const w of cut.warnings) if (w.shotId !== undefined && GAP_REASONS.has(w.kind) && !reasons.has(w.shotId)) reasons.set(w.shotId, w.kind);
	const items: PlaylistItem[] = [];
	let start = 0;
	let videos = 0;
	for (const s of [...shots].sort((a, b) => a.index - b.index)) {
		const clip = clips.get(s.index);
		const duration = seconds(clip?.duration ?? s.duration);
		const item: PlaylistItem = {
			index: s.index,
			shotId: clip?.shotId ?? s.shotId,
			line: s.line,
			prompt: clip?.prompt ?? s.prompt,
			duration,
			start: round(start),
			videoPath: clip?.videoPath ?? null,
			take: clip?.take ?? null,
		};
		if (clip) videos++;
		else item.gap = reasons.get(s.shotId) ?? "no-video";
		items.push(item);
		start += duration;
	}
	return { notePath: cut.notePath, title: cut.title, items, total: round(start), videos };
}

/** The item playing at `t` seconds into the animatic, and how far into it; null when empty. */
export function itemAt(p: Playlist, t: number): { i: number; offset: number } | null {
	if (!p.items.length) return null;
	const time = Math.max(0, Math.min(t, p.total));
	for (let i = p.items.length - 1; i >= 0; i--) {
		const it = p.items[i] as PlaylistItem;
		if (time >= it.start) return { i, offset: round(Math.min(time - it.start, it.duration)) };
	}
	return { i: 0, offset: 0 };
}

/** The item `delta` steps from `i`, kept inside the playlist. */
export function step(p: Playlist, i: number, delta: number): number {
	if (!p.items.length) return 0;
	return Math.max(0, Math.min(p.items.length - 1, i + delta));
}

/** After item `i` ends: the next one, or null at the end of the animatic. */
export function after(p: Playlist, i: number): number | null {
	return i + 1 < p.items.length ? i + 1 : null;
}

/** "1:05" style times for the player. */
export function clockText(sec: number): string {
	const s = Math.max(0, Math.round(sec));
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function round(x: number): number {
	return Math.round(x * 1000) / 1000;
}
