/** Public API of the image module: raster helpers, the reference matrix, sniffing, the codec stitcher. Codecs are ports (ports/image.ts). */
export { createImage, fillRect, blit, resize, coverResize, fitRect, parseColor } from "./raster";
export { ImageError, MAX_PIXELS, decodeError, renamed, type ImageErrorReason } from "./errors";
export { ImageDecodeError, type ImageCodec, type ImageDecodeReason, type RgbaImage, type Rgb, type Resample } from "../../ports/image";
export { isPng, isJpeg, isWebp, sniffImage, pngSize, jpegFrame, type ImageMime, type JpegFrame } from "./sniff";
export { jpegOrientation, orient } from "./orient";
export { matrixLayout, stitchMatrix, parseSize, DEFAULT_MATRIX_STYLE } from "./matrix";
export type { MatrixOptions, MatrixLayout, CellLayout, Box, MatrixItem } from "./matrix";
export { codecStitcher, type Stitcher, type StitchSource } from "./stitch";
