/**
 * The plugin's image codec (ports/image.ts) over the platform canvas: decode with
 * createImageBitmap(Blob) and getImageData (PNG, JPEG, WebP and whatever else the
 * web view reads, EXIF orientation applied by the browser), encode with the
 * canvas's own PNG export. No pure-JS codec ships in main.js.
 *
 * Platform check (2026-12-03): every Obsidian platform (Windows, macOS, Linux via
 * Electron/Chromium; iOS/iPadOS via WKWebView; Android via the system WebView)
 * runs the plugin in a web view, and all have a 2D canvas. OffscreenCanvas with a
 * 2D context: Chrome/Android WebView 69 (2018), Safari and iOS 16.4 (2023-03-27),
 * per MDN browser-compat-data and web-features ("Baseline widely available since
 * 2025-09-27", https://web-platform-dx.github.io/web-features-explorer/features/offscreen-canvas/).
 * An iPhone or iPad still on iOS 15–16.3 lacks it, so a DOM <canvas> is used
 * there (createImageBitmap itself is in Safari since 15). Hence no pure path.
 */
import { decodeError, type ImageCodec, ImageError, type RgbaImage, t } from "../core";

type Ctx2d = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export interface Surface {
	ctx: Ctx2d;
	/** The canvas's pixels as PNG bytes. */
	png: () => Promise<Uint8Array>;
}

function noCanvas(): ImageError {
	return new ImageError("no-canvas", t("image.noCanvas"));
}

function domCanvas(width: number, height: number): HTMLCanvasElement | null {
	if (typeof document === "undefined" || typeof createEl !== "function") return null;
	const el = createEl("canvas");
	el.width = width;
	el.height = height;
	return el;
}

async function blobBytes(blob: Blob | null): Promise<Uint8Array> {
	if (!blob) throw new ImageError("encode", t("image.encodeFailed", { detail: "toBlob" }));
	return new Uint8Array(await blob.arrayBuffer());
}

/** A 2D drawing surface: OffscreenCanvas where present (Safari ≥ 16.4, Chromium), a detached <canvas> otherwise. */
export function surface(width: number, height: number): Surface {
	if (typeof OffscreenCanvas !== "undefined") {
		const canvas = new OffscreenCanvas(width, height);
		const ctx = canvas.getContext("2d");
		if (!ctx) throw noCanvas();
		return { ctx, png: async () => blobBytes(await canvas.convertToBlob({ type: "image/png" })) };
	}
	const el = domCanvas(width, height);
	const ctx = el?.getContext("2d");
	if (!el || !ctx) throw noCanvas();
	return { ctx, png: () => new Promise<Blob | null>((resolve) => el.toBlob(resolve, "image/png")).then(blobBytes) };
}

/** The platform's decode of `bytes`; the caller closes the bitmap. */
export async function bitmapOf(bytes: Uint8Array, mime: string): Promise<ImageBitmap> {
	if (typeof createImageBitmap === "undefined") throw noCanvas();
	try {
		return await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: mime }));
	} catch (err) {
		// The platform says only that it could not decode (an InvalidStateError DOMException):
		// the format may be unknown to it or the file damaged; "corrupt" is the likelier one.
		throw decodeError("corrupt", "image", err instanceof Error ? err.message : String(err));
	}
}

export function canvasImageCodec(): ImageCodec {
	return {
		async decode(bytes, mime) {
			const bitmap = await bitmapOf(bytes, mime);
			try {
				const s = surface(bitmap.width, bitmap.height);
				s.ctx.drawImage(bitmap, 0, 0);
				const pixels = s.ctx.getImageData(0, 0, bitmap.width, bitmap.height);
				return { width: pixels.width, height: pixels.height, data: new Uint8Array(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength) };
			} finally {
				bitmap.close();
			}
		},
		async encodePng(image: RgbaImage) {
			const s = surface(image.width, image.height);
			const data = new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
			s.ctx.putImageData(data, 0, 0);
			return s.png();
		},
	};
}
