/**
 * Typed image errors with catalog messages. `ImageError` is a layout or size
 * problem of our own raster code; `ImageDecodeError` (ports/image.ts) is a file
 * a codec could not read, and `decodeError` builds it with the file's name.
 */
import { ImageDecodeError, type ImageDecodeReason } from "../../ports/image";
import { t } from "../i18n";

/** Largest image decoded or created (about 50 megapixels). */
export const MAX_PIXELS = 50_000_000;

export type ImageErrorReason = "bad-size" | "too-large" | "no-images" | "no-fit" | "no-canvas" | "encode";

export class ImageError extends Error {
	constructor(
		readonly reason: ImageErrorReason,
		message: string,
	) {
		super(message);
		this.name = "ImageError";
	}
}

/**
 * A decode failure for the file `name`, in the reader's language; `detail` is the
 * codec's own words, or for "unsupported" the sniffed type ("image/webp" gets the
 * CLI's WebP advice).
 */
export function decodeError(reason: ImageDecodeReason, name: string, detail?: string): ImageDecodeError {
	const d = detail ?? "";
	const message =
		reason === "corrupt"
			? t("image.corrupt", { name, detail: d })
			: reason === "too-large"
				? t("image.tooLarge", { name, detail: d, max: MAX_PIXELS / 1e6 })
				: detail === "image/webp"
					? t("image.webpCli", { name })
					: detail
						? t("image.unsupportedDetail", { name, detail: d })
						: t("image.unsupported", { name });
	return new ImageDecodeError(reason, message, detail);
}

/** The same failure, named after the file it came from (the codec only saw bytes). */
export function renamed(err: unknown, name: string): unknown {
	return err instanceof ImageDecodeError ? decodeError(err.reason, name, err.detail) : err;
}
