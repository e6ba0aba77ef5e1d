/** Image type from the first bytes (signatures), and a PNG's size from its header. */

export type ImageMime = "image/png" | "image/jpeg" | "image/webp";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
	return bytes.length >= 8 && PNG_SIGNATURE.every((v, i) => bytes[i] === v);
}

export function isJpeg(bytes: Uint8Array): boolean {
	return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** "RIFF" … "WEBP". */
export function isWebp(bytes: Uint8Array): boolean {
	const at = (o: number, s: string) => [...s].every((c, i) => bytes[o + i] === c.charCodeAt(0));
	return bytes.length >= 12 && at(0, "RIFF") && at(8, "WEBP");
}

/** The image type from its first bytes, or null when it is not PNG, JPEG or WebP. */
export function sniffImage(bytes: Uint8Array): ImageMime | null {
	if (isPng(bytes)) return "image/png";
	if (isJpeg(bytes)) return "image/jpeg";
	if (isWebp(bytes)) return "image/webp";
	return null;
}

/** Width and height from a PNG header (IHDR) without decoding the pixels. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
	if (!isPng(bytes) || bytes.length < 24) return undefined;
	const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

/** What a JPEG's frame header (SOFn) says: size, and whether it is baseline/extended, progressive or another coding. */
export interface JpegFrame {
	width: number;
	height: number;
	coding: "sequential" | "progressive" | "other";
}

/** The first frame header of a JPEG, or undefined when none is found before the image data. */
export function jpegFrame(bytes: Uint8Array): JpegFrame | undefined {
	if (!isJpeg(bytes)) return undefined;
	let pos = 2;
	while (pos + 4 <= bytes.length && bytes[pos] === 0xff) {
		const marker = bytes[pos + 1]!;
		if (marker === 0xff) {
			pos++;
			continue;
		}
		if (marker === 0xda || marker === 0xd9) return undefined;
		const len = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
		const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (sof) {
			if (pos + 9 > bytes.length) return undefined;
			const height = (bytes[pos + 5]! << 8) | bytes[pos + 6]!;
			const width = (bytes[pos + 7]! << 8) | bytes[pos + 8]!;
			const coding = marker === 0xc0 || marker === 0xc1 ? "sequential" : marker === 0xc2 ? "progressive" : "other";
			return { width, height, coding };
		}
		pos += 2 + len;
	}
	return undefined;
}
