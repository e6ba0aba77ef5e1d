/**
 * Poster frames: one still of a video, as PNG bytes. The CLI grabs it with ffmpeg
 * (src/cli/frames.ts), the plugin with a video element and a canvas
 * (src/obsidian/frames.ts). Paths are vault-relative, like every port.
 */

/** Why no frame came back. Typed, so callers never parse message text. */
export type FrameFailure =
	/** Nothing on this platform can decode video (no ffmpeg, no video element). */
	| "unavailable"
	/** The file is not there. */
	| "missing"
	/** The decoder could not read the file (not a video, unsupported codec, corrupt). */
	| "unreadable"
	/** The video decoded but gave no picture (no video track, or `seconds` and the first frame both failed). */
	| "no-frame"
	/** The decoder took longer than the adapter allows. */
	| "timeout";

export type FrameResult = { ok: true; png: Uint8Array } | { ok: false; reason: FrameFailure; detail?: string };

export interface FramePort {
	/**
	 * The frame shown at `seconds` into the video at `path`. When `seconds` lies past
	 * the end, adapters fall back to the first frame rather than fail.
	 */
	grab(path: string, seconds: number): Promise<FrameResult>;
	/**
	 * The video's very last frame (shot chaining), where the adapter can find it
	 * without knowing the exact length; callers fall back to `grab` near the end.
	 */
	grabLast?(path: string): Promise<FrameResult>;
}
