/** Image type sniffing and decoding for the pure-JS path (PNG and baseline JPEG). */
import { decodeJpeg, isJpeg } from "./jpeg";
import { decodePng, isPng } from "./png";
import { ImageError, type RgbaImage } from "./raster";

export type ImageMime = "image/png" | "image/jpeg" | "image/webp";

export function isWebp(bytes: Uint8Array): boolean {
	return (
		bytes.length >= 12 &&
		bytes[0] === 0x52 &&
		bytes[1] === 0x49 &&
		bytes[2] === 0x46 &&
		bytes[3] === 0x46 &&
		bytes[8] === 0x57 &&
		bytes[9] === 0x45 &&
		bytes[10] === 0x42 &&
		bytes[11] === 0x50
	);
}

/** The image type from its first bytes, or null when it is not PNG, JPEG or WebP. */
export function sniffImage(bytes: Uint8Array): ImageMime | null {
	if (isPng(bytes)) return "image/png";
	if (isJpeg(bytes)) return "image/jpeg";
	if (isWebp(bytes)) return "image/webp";
	return null;
}

/** Decodes PNG or baseline JPEG into RGBA; `name` is used in messages. */
export async function decodeImage(bytes: Uint8Array, name = "image"): Promise<RgbaImage> {
	const mime = sniffImage(bytes);
	try {
		if (mime === "image/png") return await decodePng(bytes);
		if (mime === "image/jpeg") return decodeJpeg(bytes);
	} catch (err) {
		if (err instanceof ImageError) throw new ImageError(`${name}: ${err.message}`);
		throw err;
	}
	if (mime === "image/webp") {
		throw new ImageError(`${name}: WebP images are not supported for stitching in the CLI; the plugin stitches WebP with the canvas (or convert the image to PNG or JPEG)`);
	}
	throw new ImageError(`${name} is not a PNG, JPEG or WebP image`);
}
