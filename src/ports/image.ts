/**
 * Image codecs and the reference-matrix stitcher, as the core sees them. The CLI
 * decodes with jpeg-js and fast-png (src/cli/image-codec.ts); the plugin with
 * the platform's canvas (src/obsidian/image-codec.ts), which also reads WebP.
 * The core keeps only layout and raster code (src/core/image).
 */

/** 8-bit RGBA, row-major, straight (non-premultiplied) alpha. */
export interface RgbaImage {
	width: number;
	height: number;
	/** width × height × 4 bytes. */
	data: Uint8Array;
}

export type Rgb = readonly [number, number, number];
export type Resample = "nearest" | "bilinear";

/** Why an image could not be decoded. Typed, so callers never parse message text. */
export type ImageDecodeReason =
	/** Not a format this codec reads (e.g. WebP in the CLI, an unknown signature). */
	| "unsupported"
	/** The bytes are truncated or damaged. */
	| "corrupt"
	/** More pixels or memory than the codec allows. */
	| "too-large";

/**
 * A decode failure. `message` is the text a person reads (built by the core's
 * catalog, src/core/image/errors.ts); `reason` is what code looks at; `detail`
 * is the library's own words, for logs.
 */
export class ImageDecodeError extends Error {
	constructor(
		readonly reason: ImageDecodeReason,
		message: string,
		readonly detail?: string,
	) {
		super(message);
		this.name = "ImageDecodeError";
	}
}

export interface ImageCodec {
	/** Decodes PNG, JPEG (and whatever else the platform reads) into RGBA; throws ImageDecodeError. */
	decode(bytes: Uint8Array, mime: string): Promise<RgbaImage>;
	/** Encodes RGBA as PNG bytes. */
	encodePng(image: RgbaImage): Promise<Uint8Array>;
}

/** How the reference matrix looks; the size is the shot's. */
export interface MatrixOptions {
	/** Output size in pixels (the shot's size, e.g. 1280×720 or 720×1280). */
	width: number;
	height: number;
	/** Pixels between cells and around the edge. */
	gap: number;
	background: Rgb;
	/** Draw a label bar (character name or file name) under each image. */
	labels: boolean;
	labelColor: Rgb;
	labelBackground: Rgb;
	/** Fixed column count; automatic when absent. */
	columns?: number;
	resample: Resample;
}

export interface StitchSource {
	bytes: Uint8Array;
	mime: string;
	/** File name, for messages. */
	name: string;
	/** Cell label (character name or file stem). */
	label?: string;
}

/** Builds the matrix and returns it as PNG bytes. */
export type Stitcher = (sources: readonly StitchSource[], options: MatrixOptions) => Promise<Uint8Array>;
