/**
 * Stitchers turn reference images (file bytes) into one PNG matrix. The pure-JS
 * stitcher works everywhere (CLI, tests, mobile); the plugin may inject the
 * canvas stitcher (./canvas), which also reads WebP and draws real text.
 */
import { decodeImage } from "./decode";
import { stitchMatrix, type MatrixOptions } from "./matrix";
import { encodePng } from "./png";

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

export const pureStitcher: Stitcher = async (sources, options) => {
	const items = [];
	for (const s of sources) items.push({ image: await decodeImage(s.bytes, s.name), label: s.label });
	return encodePng(stitchMatrix(items, options));
};
