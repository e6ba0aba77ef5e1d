/**
 * The stitcher built from a codec: decode every source, lay them out and draw
 * them with our raster code (matrix.ts), encode the matrix as PNG. The CLI runs
 * it over jpeg-js/fast-png; the plugin draws with the canvas instead
 * (src/obsidian/canvas-stitcher.ts), with the same layout.
 */
import type { ImageCodec, Stitcher } from "../../ports/image";
import { renamed } from "./errors";
import { stitchMatrix, type MatrixItem } from "./matrix";

export type { Stitcher, StitchSource } from "../../ports/image";

export function codecStitcher(codec: ImageCodec): Stitcher {
	return async (sources, options) => {
		const items: MatrixItem[] = [];
		for (const s of sources) {
			try {
				items.push({ image: await codec.decode(s.bytes, s.mime), label: s.label });
			} catch (err) {
				throw renamed(err, s.name);
			}
		}
		return codec.encodePng(stitchMatrix(items, options));
	};
}
