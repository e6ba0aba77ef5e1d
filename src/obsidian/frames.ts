/**
 * Poster frames inside Obsidian (desktop and mobile): the frame port over a video
 * element and a canvas. The video is read through the Vault API and played from a
 * blob: URL, so the canvas is never tainted (a cross-origin resource URL would make
 * `toBlob` throw) and no file path leaves the vault. The element lives only for one
 * grab and is emptied afterwards.
 */
import { normalizePath, type App } from "obsidian";
import { t } from "../core";
import type { FramePort, FrameResult } from "../ports/frames";

/** What a grab needs from the page; the tests pass a stub. */
export interface FrameDom {
	createVideo(): HTMLVideoElement;
	createCanvas(): HTMLCanvasElement;
	objectUrl(blob: Blob): string;
	revokeUrl(url: string): void;
	setTimeout(fn: () => void, ms: number): number;
	clearTimeout(id: number): void;
}

/** The page's own DOM, or null where there is none (no video decoding possible). */
export function pageDom(): FrameDom | null {
	if (typeof document === "undefined" || typeof URL === "undefined" || typeof URL.createObjectURL !== "function") return null;
	return {
		createVideo: () => createEl("video"),
		createCanvas: () => createEl("canvas"),
		objectUrl: (blob) => URL.createObjectURL(blob),
		revokeUrl: (url) => URL.revokeObjectURL(url),
		setTimeout: (fn, ms) => window.setTimeout(fn, ms),
		clearTimeout: (id) => window.clearTimeout(id),
	};
}

function mimeOf(path: string): string {
	return /\.webm$/i.test(path) ? "video/webm" : "video/mp4";
}

/** How far before the end grabLast seeks: well inside the last frame at any frame rate. */
const LAST_FRAME_MARGIN_S = 0.001;

/** How long a grab waits, after `seeked`, for the sought frame to be presented. */
const PRESENT_WAIT_MS = 1_000;

type Wait = { ok: true } | { ok: false; result: FrameResult };

export class VideoElementFrames implements FramePort {
	constructor(
		private readonly app: App,
		private readonly dom: FrameDom | null = pageDom(),
		private readonly timeoutMs = 15_000,
	) {}

	/** Resolves on `event`, or with a failure on the element's error or the time limit. */
	private wait(video: HTMLVideoElement, event: string): Promise<Wait> {
		const dom = this.dom as FrameDom;
		return new Promise((resolve) => {
			let done = false;
			const finish = (w: Wait) => {
				if (done) return;
				done = true;
				dom.clearTimeout(timer);
				video.removeEventListener(event, onEvent);
				video.removeEventListener("error", onError);
				resolve(w);
			};
			const onEvent = () => finish({ ok: true });
			const onError = () =>
				finish({ ok: false, result: { ok: false, reason: "unreadable", detail: video.error?.message || mediaError(video.error?.code) } });
			const timer = dom.setTimeout(() => finish({ ok: false, result: { ok: false, reason: "timeout" } }), this.timeoutMs);
			video.addEventListener(event, onEvent);
			video.addEventListener("error", onError);
		});
	}

	/**
	 * Resolves once the element has handed a new frame to the compositor. Chromium can
	 * fire `seeked` before that, and a canvas drawn then shows the frame from before the
	 * seek (the first one). Registered before the seek; bounded (a seek that stays on
	 * the same frame just waits out the bound), and a no-op where the element has no
	 * requestVideoFrameCallback.
	 */
	private presented(video: HTMLVideoElement): Promise<void> {
		const dom = this.dom as FrameDom;
		if (typeof video.requestVideoFrameCallback !== "function") return Promise.resolve();
		return new Promise((resolve) => {
			const from = video.currentTime;
			let id = 0;
			const timer = dom.setTimeout(() => {
				video.cancelVideoFrameCallback(id);
				resolve();
			}, PRESENT_WAIT_MS);
			const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
				// The frame from before the seek, presented late: wait for the next one.
				if (meta.mediaTime === from) {
					id = video.requestVideoFrameCallback(onFrame);
					return;
				}
				dom.clearTimeout(timer);
				resolve();
			};
			id = video.requestVideoFrameCallback(onFrame);
		});
	}

	private toPng(canvas: HTMLCanvasElement): Promise<Blob | null> {
		return new Promise((resolve) => {
			try {
				canvas.toBlob((b) => resolve(b), "image/png");
			} catch {
				resolve(null);
			}
		});
	}

	async grab(path: string, seconds: number): Promise<FrameResult> {
		// Past the end of a shorter video: the first frame.
		return this.capture(path, (duration) => (Number.isFinite(duration) && seconds >= duration ? 0 : Math.max(0, seconds)));
	}

	/**
	 * The last frame (shot chaining): a seek to just before the element's own end,
	 * whatever length the shot asked for; a seek past an unknown end is clamped to it.
	 */
	async grabLast(path: string): Promise<FrameResult> {
		return this.capture(path, (duration) => (Number.isFinite(duration) ? Math.max(0, duration - LAST_FRAME_MARGIN_S) : 1e9));
	}

	/** Loads the video, seeks to `pick(duration)` and returns that picture as PNG. */
	private async capture(path: string, pick: (duration: number) => number): Promise<FrameResult> {
		const dom = this.dom;
		if (!dom) return { ok: false, reason: "unavailable" };
		const file = this.app.vault.getFileByPath(normalizePath(path));
		if (!file) return { ok: false, reason: "missing" };
		const bytes = await this.app.vault.readBinary(file);
		const url = dom.objectUrl(new Blob([bytes], { type: mimeOf(path) }));
		const video = dom.createVideo();
		try {
			video.muted = true;
			video.preload = "auto";
			video.playsInline = true;
			const loaded = this.wait(video, "loadeddata");
			video.src = url;
			const l = await loaded;
			if (!l.ok) return l.result;
			if (!video.videoWidth || !video.videoHeight) return { ok: false, reason: "no-frame" };
			const at = pick(video.duration);
			if (at !== video.currentTime) {
				const presented = this.presented(video);
				const seeked = this.wait(video, "seeked");
				video.currentTime = at;
				const s = await seeked;
				if (!s.ok) return s.result;
				await presented;
			}
			const canvas = dom.createCanvas();
			canvas.width = video.videoWidth;
			canvas.height = video.videoHeight;
			const ctx = canvas.getContext("2d");
			if (!ctx) return { ok: false, reason: "unavailable", detail: t("plugin.frames.noCanvas") };
			ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
			const blob = await this.toPng(canvas);
			if (!blob) return { ok: false, reason: "no-frame", detail: t("plugin.frames.noPng") };
			return { ok: true, png: new Uint8Array(await blob.arrayBuffer()) };
		} finally {
			video.removeAttribute("src");
			video.load();
			dom.revokeUrl(url);
		}
	}
}

/** "media error 4" (the element's MediaError code), or "media error" without one. */
function mediaError(code: number | undefined): string {
	return code === undefined ? t("plugin.frames.mediaErrorNoCode") : t("plugin.frames.mediaError", { code });
}
