/**
 * The files of a cut: where they go (next to the note, `<note> — cut.otio` and
 * `<note> — cut.canvas`, unless the caller names a folder in the vault) and what
 * they hold. Writing them, and asking before replacing one, is the adapters' part.
 */
import { folderOf, joinVault, sanitizeSegment, stemOf } from "../paths";
import { cutToCanvas, renderCanvas, type CanvasOptions } from "./canvas";
import { cutToOtio, renderOtio } from "./otio";
import type { Cut } from "./types";

export type CutFormat = "otio" | "canvas";
export const CUT_FORMATS: readonly CutFormat[] = ["otio", "canvas"];

/** `<note> — cut.<ext>`, a safe file name whatever the note is called. */
export function cutFileName(notePath: string, format: CutFormat): string {
	return `${sanitizeSegment(`${stemOf(notePath)} — cut`)}.${format}`;
}

/** Where a cut file goes: `folder` (default: the note's own folder) / `<note> — cut.<ext>`. */
export function cutFilePath(notePath: string, format: CutFormat, folder?: string): string {
	return joinVault(folder ?? folderOf(notePath), cutFileName(notePath, format));
}

export interface CutFile {
	format: CutFormat;
	/** Vault path. */
	path: string;
	text: string;
}

export interface CutFilesOptions {
	formats: readonly CutFormat[];
	/** Vault folder the files go in (default: the note's folder); a file path per format wins. */
	folder?: string;
	paths?: Partial<Record<CutFormat, string>>;
	/** Media URLs in the `.otio`: relative to its folder, or `file:` URLs under this vault folder on disk. */
	fileRoot?: string;
	rate?: number;
	canvas?: CanvasOptions;
}

export function cutFiles(cut: Cut, opts: CutFilesOptions): CutFile[] {
	return opts.formats.map((format) => {
		const path = opts.paths?.[format] ?? cutFilePath(cut.notePath, format, opts.folder);
		if (format === "canvas") return { format, path, text: renderCanvas(cutToCanvas(cut, opts.canvas)) };
		const media = opts.fileRoot !== undefined ? { kind: "file" as const, root: opts.fileRoot } : { kind: "relative" as const, from: folderOf(path) };
		return { format, path, text: renderOtio(cutToOtio(cut, { media, ...(opts.rate !== undefined ? { rate: opts.rate } : {}) })) };
	});
}
