/** Public API of the image module: PNG/JPEG codecs, raster helpers, the reference matrix. */
export { ImageError, createImage, fillRect, blit, resize, coverResize, fitRect, parseColor, MAX_PIXELS } from "./raster";
export type { RgbaImage, Rgb, Resample } from "./raster";
export { decodePng, encodePng, encodePngStored, isPng, pngSize, crc32 } from "./png";
export { decodeJpeg, isJpeg, orient } from "./jpeg";
export { decodeImage, sniffImage, isWebp, type ImageMime } from "./decode";
export { matrixLayout, stitchMatrix, parseSize, DEFAULT_MATRIX_STYLE } from "./matrix";
export type { MatrixOptions, MatrixLayout, CellLayout, Box, MatrixItem } from "./matrix";
export { pureStitcher, type Stitcher, type StitchSource } from "./stitch";
export { createCanvasStitcher, canvasAvailable } from "./canvas";
