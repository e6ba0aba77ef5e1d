/**
 * The simulator's demo clips: one small, distinct, decodable H.264 MP4 per task,
 * made in pure TypeScript (no ffmpeg at run time, so the demo runs offline in Node
 * and in the in-process simulator). The picture is a title card (./card.ts) with the
 * shot's title and the first words of its prompt, as long as the task's requested
 * seconds and in its orientation; one IDR (text as I_PCM, flat areas predicted), then
 * P frames that skip every macroblock except the counter band's, once per second (./h264.ts),
 * muxed into MP4 (./mp4.ts). The same spec always gives the same bytes.
 */
import { BAND, blankYuv, drawBand, renderCard, toYuv420 } from "./card";
import { changedMacroblocks, CONSTRAINT_FLAGS, idrSlice, LEVEL_IDC, pps, PROFILE_IDC, pSlice, sps } from "./h264";
import { muxMp4 } from "./mp4";

export interface ClipSpec {
	/** Drawn large at the top: the shot id when the simulator knows it. */
	title: string;
	prompt: string;
	/** Requested length in seconds (clamped to 1–120). */
	seconds: number;
	/** The requested size as the provider spelled it: "1280x720", "720*1280", "9:16", "vertical", "720p"… */
	size: string;
	/** Frames per second (default 10). */
	fps?: number;
	/** Anything that tells two takes of one shot apart (the task id): it picks the background colour. */
	variant?: string;
}

export const CLIP_FPS = 10;
/** The short side of every clip; the long side follows the aspect ratio, at most 256. */
export const SHORT_SIDE = 144;
export const LONG_SIDE_MAX = 256;
const MAX_SECONDS = 120;

/** Width and height of the clip for a requested size: 256×144 landscape, 144×256 portrait (multiples of 16). */
export function clipGeometry(size: string): { width: number; height: number } {
	const s = size.trim().toLowerCase();
	let w = 16;
	let h = 9;
	const m = /^(\d+(?:\.\d+)?)\s*[x*×:]\s*(\d+(?:\.\d+)?)$/.exec(s);
	if (m) {
		w = Number(m[1]);
		h = Number(m[2]);
	} else if (/vertical|portrait/.test(s)) {
		w = 9;
		h = 16;
	}
	if (!(w > 0 && h > 0)) return { width: LONG_SIDE_MAX, height: SHORT_SIDE };
	const long = Math.min(LONG_SIDE_MAX, Math.max(SHORT_SIDE, Math.round((SHORT_SIDE * Math.max(w, h)) / Math.min(w, h) / 16) * 16));
	return w >= h ? { width: long, height: SHORT_SIDE } : { width: SHORT_SIDE, height: long };
}

/** Encodes the clip of `spec` as MP4 bytes. */
export function encodeClip(spec: ClipSpec): Uint8Array {
	const fps = spec.fps ?? CLIP_FPS;
	const seconds = Number.isFinite(spec.seconds) && spec.seconds > 0 ? Math.min(spec.seconds, MAX_SECONDS) : 1;
	const frames = Math.max(1, Math.round(seconds * fps));
	const { width, height } = clipGeometry(spec.size);
	const text = { title: spec.title, prompt: spec.prompt, tag: spec.size, totalSeconds: Math.ceil(seconds), variant: spec.variant ?? "" };
	const img = renderCard(text, width, height);
	let pic = toYuv420(img, blankYuv(width, height));
	const samples: Uint8Array[][] = [[idrSlice(pic)]];
	for (let f = 1; f < frames; f++) {
		const second = Math.floor(f / fps);
		let changed: number[] = [];
		if (second !== Math.floor((f - 1) / fps)) {
			// Only the band changes: redraw it and convert its rows into a copy of the picture.
			drawBand(img, text, second);
			const next = toYuv420(img, { width, height, y: pic.y.slice(), u: pic.u.slice(), v: pic.v.slice() }, height - BAND);
			changed = changedMacroblocks(pic, next, (height - BAND) / 16);
			pic = next;
		}
		samples.push([pSlice(pic, f, changed)]);
	}
	return muxMp4({
		width,
		height,
		timescale: fps * 100,
		sampleDelta: 100,
		samples,
		syncSamples: [1],
		sps: sps({ width, height }),
		pps: pps(),
		profile: PROFILE_IDC,
		compatibility: CONSTRAINT_FLAGS,
		level: LEVEL_IDC,
	});
}
