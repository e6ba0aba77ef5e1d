/**
 * What the baseline codecs took from the old raster module, self-contained so
 * that their bundle size is theirs alone (the new raster module brings the
 * message catalog with it).
 */
import type { RgbaImage } from "../../../src/ports/image";

export type { RgbaImage } from "../../../src/ports/image";

export const MAX_PIXELS = 50_000_000;

export class ImageError extends Error {}

export function createImage(width: number, height: number): RgbaImage {
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > MAX_PIXELS) throw new ImageError(`image size ${width}x${height} is not valid`);
	return { width, height, data: new Uint8Array(width * height * 4) };
}
