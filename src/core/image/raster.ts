/**
 * RGBA raster images in plain typed arrays, and the few operations stitching
 * needs: fill, alpha-composited blits, and resampling (nearest, bilinear with a
 * box pre-filter for large reductions). Pure and mobile-safe.
 */

import type { Resample, Rgb, RgbaImage } from "../../ports/image";
import { ImageError, MAX_PIXELS } from "./errors";
import { t } from "../i18n";

export type { Rgb, RgbaImage, Resample } from "../../ports/image";
export { ImageError, MAX_PIXELS } from "./errors";

export function createImage(width: number, height: number, fill?: Rgb, alpha = 255): RgbaImage {
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
		throw new ImageError("bad-size", t("image.badSize", { width, height }));
	}
	if (width * height > MAX_PIXELS) throw new ImageError("too-large", t("image.tooManyPixels", { width, height, max: MAX_PIXELS / 1e6 }));
	const data = new Uint8Array(width * height * 4);
	if (fill) fillRect({ width, height, data }, 0, 0, width, height, fill, alpha);
	return { width, height, data };
}

/** Fills a rectangle (clipped to the image) with an opaque or translucent color (blended). */
export function fillRect(img: RgbaImage, x: number, y: number, w: number, h: number, color: Rgb, alpha = 255): void {
	const x0 = Math.max(0, Math.floor(x));
	const y0 = Math.max(0, Math.floor(y));
	const x1 = Math.min(img.width, Math.floor(x + w));
	const y1 = Math.min(img.height, Math.floor(y + h));
	const d = img.data;
	for (let yy = y0; yy < y1; yy++) {
		let o = (yy * img.width + x0) * 4;
		for (let xx = x0; xx < x1; xx++, o += 4) blendPixel(d, o, color[0], color[1], color[2], alpha);
	}
}

/** Source-over blend of one straight-alpha pixel onto `d[o..o+3]`. */
function blendPixel(d: Uint8Array, o: number, r: number, g: number, b: number, a: number): void {
	if (a >= 255) {
		d[o] = r;
		d[o + 1] = g;
		d[o + 2] = b;
		d[o + 3] = 255;
		return;
	}
	if (a <= 0) return;
	const da = d[o + 3]! / 255;
	const sa = a / 255;
	const oa = sa + da * (1 - sa);
	d[o] = Math.round((r * sa + d[o]! * da * (1 - sa)) / oa);
	d[o + 1] = Math.round((g * sa + d[o + 1]! * da * (1 - sa)) / oa);
	d[o + 2] = Math.round((b * sa + d[o + 2]! * da * (1 - sa)) / oa);
	d[o + 3] = Math.round(oa * 255);
}

/** Draws `src` at (x, y) onto `dst`, source-over, clipped. */
export function blit(dst: RgbaImage, src: RgbaImage, x: number, y: number): void {
	const x0 = Math.max(0, x);
	const y0 = Math.max(0, y);
	const x1 = Math.min(dst.width, x + src.width);
	const y1 = Math.min(dst.height, y + src.height);
	const s = src.data;
	const d = dst.data;
	for (let yy = y0; yy < y1; yy++) {
		let so = ((yy - y) * src.width + (x0 - x)) * 4;
		let o = (yy * dst.width + x0) * 4;
		for (let xx = x0; xx < x1; xx++, o += 4, so += 4) blendPixel(d, o, s[so]!, s[so + 1]!, s[so + 2]!, s[so + 3]!);
	}
}

/** Averages k×k blocks (k ≥ 2): a cheap anti-aliasing pre-filter before large reductions. */
function boxReduce(img: RgbaImage, kx: number, ky: number): RgbaImage {
	const w = Math.max(1, Math.floor(img.width / kx));
	const h = Math.max(1, Math.floor(img.height / ky));
	const out = createImage(w, h);
	const s = img.data;
	const d = out.data;
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x++) {
			let r = 0;
			let g = 0;
			let b = 0;
			let a = 0;
			let n = 0;
			for (let yy = y * ky; yy < Math.min(img.height, (y + 1) * ky); yy++) {
				for (let xx = x * kx; xx < Math.min(img.width, (x + 1) * kx); xx++) {
					const o = (yy * img.width + xx) * 4;
					const pa = s[o + 3]!;
					r += s[o]! * pa;
					g += s[o + 1]! * pa;
					b += s[o + 2]! * pa;
					a += pa;
					n++;
				}
			}
			const o = (y * w + x) * 4;
			if (a > 0) {
				d[o] = Math.round(r / a);
				d[o + 1] = Math.round(g / a);
				d[o + 2] = Math.round(b / a);
			}
			d[o + 3] = Math.round(a / n);
		}
	}
	return out;
}

/** Resamples to exactly `w`×`h`. */
export function resize(img: RgbaImage, w: number, h: number, mode: Resample = "bilinear"): RgbaImage {
	if (w === img.width && h === img.height) return { width: w, height: h, data: img.data.slice() };
	if (mode === "nearest") {
		const out = createImage(w, h);
		const s = img.data;
		const d = out.data;
		for (let y = 0; y < h; y++) {
			const sy = Math.min(img.height - 1, Math.floor(((y + 0.5) * img.height) / h));
			for (let x = 0; x < w; x++) {
				const sx = Math.min(img.width - 1, Math.floor(((x + 0.5) * img.width) / w));
				const so = (sy * img.width + sx) * 4;
				const o = (y * w + x) * 4;
				d[o] = s[so]!;
				d[o + 1] = s[so + 1]!;
				d[o + 2] = s[so + 2]!;
				d[o + 3] = s[so + 3]!;
			}
		}
		return out;
	}
	let src = img;
	const kx = Math.floor(img.width / w / 2) * 2;
	const ky = Math.floor(img.height / h / 2) * 2;
	if (kx >= 2 || ky >= 2) src = boxReduce(img, Math.max(1, kx), Math.max(1, ky));
	return bilinear(src, w, h);
}

function bilinear(img: RgbaImage, w: number, h: number): RgbaImage {
	const out = createImage(w, h);
	const s = img.data;
	const d = out.data;
	const sw = img.width;
	const sh = img.height;
	for (let y = 0; y < h; y++) {
		const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / h - 0.5));
		const y0 = Math.floor(fy);
		const y1 = Math.min(sh - 1, y0 + 1);
		const ty = fy - y0;
		for (let x = 0; x < w; x++) {
			const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / w - 0.5));
			const x0 = Math.floor(fx);
			const x1 = Math.min(sw - 1, x0 + 1);
			const tx = fx - x0;
			const o00 = (y0 * sw + x0) * 4;
			const o01 = (y0 * sw + x1) * 4;
			const o10 = (y1 * sw + x0) * 4;
			const o11 = (y1 * sw + x1) * 4;
			const w00 = (1 - tx) * (1 - ty);
			const w01 = tx * (1 - ty);
			const w10 = (1 - tx) * ty;
			const w11 = tx * ty;
			// Weight colors by alpha so transparent pixels do not bleed their color.
			const a = s[o00 + 3]! * w00 + s[o01 + 3]! * w01 + s[o10 + 3]! * w10 + s[o11 + 3]! * w11;
			const o = (y * w + x) * 4;
			if (a > 0) {
				for (let c = 0; c < 3; c++) {
					const v =
						s[o00 + c]! * s[o00 + 3]! * w00 + s[o01 + c]! * s[o01 + 3]! * w01 + s[o10 + c]! * s[o10 + 3]! * w10 + s[o11 + c]! * s[o11 + 3]! * w11;
					d[o + c] = Math.min(255, Math.max(0, Math.round(v / a)));
				}
			}
			d[o + 3] = Math.min(255, Math.max(0, Math.round(a)));
		}
	}
	return out;
}

/** Where an image of `iw`×`ih` lands when fitted (aspect kept) into a `cw`×`ch` box. */
export function fitRect(iw: number, ih: number, cw: number, ch: number): { x: number; y: number; w: number; h: number } {
	if (cw <= 0 || ch <= 0) return { x: 0, y: 0, w: 0, h: 0 };
	const scale = Math.min(cw / iw, ch / ih);
	const w = Math.max(1, Math.min(cw, Math.round(iw * scale)));
	const h = Math.max(1, Math.min(ch, Math.round(ih * scale)));
	return { x: Math.floor((cw - w) / 2), y: Math.floor((ch - h) / 2), w, h };
}

/** Parses "#rrggbb", "#rgb" or "r,g,b"; undefined when it is none of these. */
export function parseColor(s: string): Rgb | undefined {
	const t = s.trim();
	let m = /^#?([0-9a-f]{6})$/i.exec(t);
	if (m?.[1]) {
		const n = parseInt(m[1], 16);
		return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
	}
	m = /^#?([0-9a-f]{3})$/i.exec(t);
	if (m?.[1]) {
		const [r, g, b] = [...m[1]].map((c) => parseInt(c + c, 16));
		return [r!, g!, b!];
	}
	const parts = t.split(",").map((p) => Number(p.trim()));
	if (parts.length === 3 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255)) return [parts[0]!, parts[1]!, parts[2]!];
	return undefined;
}

/** Scales to cover `w`×`h` (aspect kept) and crops the overflow evenly: a frame-filling resize. */
export function coverResize(img: RgbaImage, w: number, h: number, mode: Resample = "bilinear"): RgbaImage {
	if (img.width === w && img.height === h) return img;
	const scale = Math.max(w / img.width, h / img.height);
	const sw = Math.min(img.width, Math.max(1, Math.round(w / scale)));
	const sh = Math.min(img.height, Math.max(1, Math.round(h / scale)));
	const sx = Math.floor((img.width - sw) / 2);
	const sy = Math.floor((img.height - sh) / 2);
	const crop = createImage(sw, sh);
	for (let y = 0; y < sh; y++) crop.data.set(img.data.subarray(((sy + y) * img.width + sx) * 4, ((sy + y) * img.width + sx + sw) * 4), y * sw * 4);
	return resize(crop, w, h, mode);
}
