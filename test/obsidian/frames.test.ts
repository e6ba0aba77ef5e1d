/**
 * The plugin's frame port (video element + canvas), against a stub page: it reads
 * the video through the vault, plays it from a blob: URL, seeks, draws the frame at
 * the video's own size and returns the canvas's PNG. (The Chromium test does not
 * cover it yet: the stub stands in for the browser's decoder.)
 */
import { describe, expect, it } from "vitest";
import { createImage } from "../../src/core/image";
import { encodePng } from "../../src/cli/image-codec";
import { VideoElementFrames, type FrameDom } from "../../src/obsidian/frames";
import type { App } from "obsidian";
import { createApp__ } from "../stubs/obsidian";

const PNG = await encodePng(createImage(2, 2, [10, 20, 30]));
const MP4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 1, 2, 3]);

interface Media {
	width: number;
	height: number;
	duration: number;
	/** "error" makes the element fail to load; "stall" never answers. */
	mode?: "ok" | "error" | "stall";
}

class FakeVideo extends EventTarget {
	muted = false;
	preload = "";
	playsInline = false;
	videoWidth = 0;
	videoHeight = 0;
	duration = NaN;
	error: { code: number; message: string } | null = null;
	private time = 0;
	private source = "";
	readonly seeks: number[] = [];
	loads = 0;
	constructor(private readonly media: Media) {
		super();
	}
	get src(): string {
		return this.source;
	}
	set src(url: string) {
		this.source = url;
		const m = this.media;
		if (m.mode === "stall") return;
		queueMicrotask(() => {
			if (m.mode === "error") {
				this.error = { code: 4, message: "MEDIA_ERR_SRC_NOT_SUPPORTED" };
				this.dispatchEvent(new Event("error"));
				return;
			}
			this.videoWidth = m.width;
			this.videoHeight = m.height;
			this.duration = m.duration;
			this.dispatchEvent(new Event("loadeddata"));
		});
	}
	get currentTime(): number {
		return this.time;
	}
	set currentTime(t: number) {
		this.time = t;
		this.seeks.push(t);
		queueMicrotask(() => this.dispatchEvent(new Event("seeked")));
	}
	removeAttribute(name: string): void {
		if (name === "src") this.source = "";
	}
	load(): void {
		this.loads++;
	}
}

class FakeCanvas {
	width = 0;
	height = 0;
	readonly drawn: Array<[unknown, number, number, number, number]> = [];
	getContext(kind: string) {
		return kind === "2d" ? { drawImage: (img: unknown, x: number, y: number, w: number, h: number) => this.drawn.push([img, x, y, w, h]) } : null;
	}
	toBlob(cb: (b: Blob | null) => void, type: string): void {
		cb(type === "image/png" ? new Blob([PNG as Uint8Array<ArrayBuffer>], { type }) : null);
	}
}

function page(media: Media) {
	const videos: FakeVideo[] = [];
	const canvases: FakeCanvas[] = [];
	const blobs: Blob[] = [];
	const revoked: string[] = [];
	const timers: Array<() => void> = [];
	const dom: FrameDom = {
		createVideo: () => {
			const v = new FakeVideo(media);
			videos.push(v);
			return v as unknown as HTMLVideoElement;
		},
		createCanvas: () => {
			const c = new FakeCanvas();
			canvases.push(c);
			return c as unknown as HTMLCanvasElement;
		},
		objectUrl: (b) => {
			blobs.push(b);
			return `blob:cineflow/${blobs.length}`;
		},
		revokeUrl: (u) => revoked.push(u),
		// Time limits fire only when a test says so (no wall clock).
		setTimeout: (fn) => timers.push(fn),
		clearTimeout: () => undefined,
	};
	return { dom, videos, canvases, blobs, revoked, fireTimers: () => timers.splice(0).forEach((f) => f()) };
}

async function appWithVideo(): Promise<App> {
	return (await createApp__({ "Film/_assets/Ep 1/s01.mp4": MP4 })) as unknown as App;
}

describe("VideoElementFrames", () => {
	it("plays the vault file from a blob URL, seeks, and returns the PNG of a frame at the video's size", async () => {
		const p = page({ width: 320, height: 180, duration: 5 });
		const frames = new VideoElementFrames(await appWithVideo(), p.dom);
		const r = await frames.grab("Film/_assets/Ep 1/s01.mp4", 1);
		expect(r).toEqual({ ok: true, png: PNG });
		expect(new Uint8Array(await (p.blobs[0] as Blob).arrayBuffer())).toEqual(MP4);
		expect(p.blobs[0]?.type).toBe("video/mp4");
		const v = p.videos[0] as FakeVideo;
		expect(v.muted).toBe(true);
		expect(v.seeks).toEqual([1]);
		const c = p.canvases[0] as FakeCanvas;
		expect([c.width, c.height]).toEqual([320, 180]);
		expect(c.drawn).toEqual([[v, 0, 0, 320, 180]]);
		// Cleaned up: the element is emptied and the URL revoked.
		expect(v.src).toBe("");
		expect(v.loads).toBe(1);
		expect(p.revoked).toEqual(["blob:cineflow/1"]);
	});

	it("past the end of a shorter video, takes the first frame (no seek)", async () => {
		const p = page({ width: 160, height: 90, duration: 1 });
		const r = await new VideoElementFrames(await appWithVideo(), p.dom).grab("Film/_assets/Ep 1/s01.mp4", 3);
		expect(r.ok).toBe(true);
		expect(p.videos[0]?.seeks).toEqual([]);
	});

	it("a file the element cannot decode is 'unreadable' (with the media error), and the URL is still revoked", async () => {
		const p = page({ width: 0, height: 0, duration: 0, mode: "error" });
		const r = await new VideoElementFrames(await appWithVideo(), p.dom).grab("Film/_assets/Ep 1/s01.mp4", 1);
		expect(r).toEqual({ ok: false, reason: "unreadable", detail: "MEDIA_ERR_SRC_NOT_SUPPORTED" });
		expect(p.revoked).toHaveLength(1);
	});

	it("a video that never loads times out", async () => {
		const p = page({ width: 0, height: 0, duration: 0, mode: "stall" });
		const pending = new VideoElementFrames(await appWithVideo(), p.dom).grab("Film/_assets/Ep 1/s01.mp4", 1);
		await new Promise((r) => setTimeout(r, 0));
		p.fireTimers();
		expect(await pending).toEqual({ ok: false, reason: "timeout" });
	});

	it("a video without a picture, a missing file, and a page without a DOM", async () => {
		const audio = page({ width: 0, height: 0, duration: 4 });
		expect(await new VideoElementFrames(await appWithVideo(), audio.dom).grab("Film/_assets/Ep 1/s01.mp4", 1)).toEqual({ ok: false, reason: "no-frame" });
		expect(await new VideoElementFrames(await appWithVideo(), page({ width: 1, height: 1, duration: 1 }).dom).grab("Film/none.mp4", 1)).toEqual({
			ok: false,
			reason: "missing",
		});
		expect(await new VideoElementFrames(await appWithVideo(), null).grab("Film/_assets/Ep 1/s01.mp4", 1)).toEqual({ ok: false, reason: "unavailable" });
	});
});
