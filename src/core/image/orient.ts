/**
 * EXIF orientation of JPEG files: the tag read from the APP1 segment, and the
 * raster turn or flip that shows the image the way the camera meant. Codecs
 * that do not apply it themselves (jpeg-js) call these; browsers apply it in
 * createImageBitmap by default.
 */
import { createImage } from "./raster";
import type { RgbaImage } from "../../ports/image";

/** EXIF orientation (1–8) of a JPEG file, or 1 when it has none. */
export function jpegOrientation(data: Uint8Array): number {
	let pos = 2;
	while (pos + 4 <= data.length && data[pos] === 0xff) {
		const marker = data[pos + 1]!;
		if (marker === 0xda || marker === 0xd9) break;
		const len = (data[pos + 2]! << 8) | data[pos + 3]!;
		if (marker === 0xe1) return exifOrientation(data.subarray(pos + 4, Math.min(data.length, pos + 2 + len)));
		pos += 2 + len;
	}
	return 1;
}

/** EXIF orientation (1–8) from an APP1 segment, or 1. */
function exifOrientation(seg: Uint8Array): number {
	if (seg.length < 14 || String.fromCharCode(...seg.subarray(0, 4)) !== "Exif") return 1;
	const t = 6;
	const little = seg[t] === 0x49;
	const u16 = (o: number) => (little ? seg[o]! | (seg[o + 1]! << 8) : (seg[o]! << 8) | seg[o + 1]!);
	const u32 = (o: number) =>
		little
			? (seg[o]! | (seg[o + 1]! << 8) | (seg[o + 2]! << 16) | (seg[o + 3]! << 24)) >>> 0
			: ((seg[o]! << 24) | (seg[o + 1]! << 16) | (seg[o + 2]! << 8) | seg[o + 3]!) >>> 0;
	const ifd = t + u32(t + 4);
	if (ifd + 2 > seg.length) return 1;
	const n = u16(ifd);
	for (let i = 0; i < n; i++) {
		const e = ifd + 2 + i * 12;
		if (e + 12 > seg.length) break;
		if (u16(e) === 0x0112) {
			const v = u16(e + 8);
			return v >= 1 && v <= 8 ? v : 1;
		}
	}
	return 1;
}

/** Applies an EXIF orientation so the image shows the way the camera meant. */
export function orient(img: RgbaImage, o: number): RgbaImage {
	if (o <= 1 || o > 8) return img;
	const W = img.width;
	const H = img.height;
	const swap = o >= 5;
	const out = createImage(swap ? H : W, swap ? W : H);
	const s = img.data;
	const d = out.data;
	for (let y = 0; y < out.height; y++) {
		for (let x = 0; x < out.width; x++) {
			let sx: number;
			let sy: number;
			switch (o) {
				case 2:
					[sx, sy] = [W - 1 - x, y];
					break;
				case 3:
					[sx, sy] = [W - 1 - x, H - 1 - y];
					break;
				case 4:
					[sx, sy] = [x, H - 1 - y];
					break;
				case 5:
					[sx, sy] = [y, x];
					break;
				case 6:
					[sx, sy] = [y, H - 1 - x];
					break;
				case 7:
					[sx, sy] = [W - 1 - y, H - 1 - x];
					break;
				default:
					[sx, sy] = [W - 1 - y, x];
			}
			const so = (sy * W + sx) * 4;
			const o4 = (y * out.width + x) * 4;
			d[o4] = s[so]!;
			d[o4 + 1] = s[so + 1]!;
			d[o4 + 2] = s[so + 2]!;
			d[o4 + 3] = s[so + 3]!;
		}
	}
	return out;
}
