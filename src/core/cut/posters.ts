/**
 * Poster frames of a cut: one PNG per chosen take, in `<output folder>/posters/`,
 * named after the video (`s01.png`, `s01.take2.png`), grabbed through the frame
 * port. A poster newer than its video is kept; each one is written as a temp file
 * and renamed into place. A failed grab is a warning: the cut never depends on it.
 */
import { t, type MessageKey } from "../i18n";
import type { FrameFailure, FramePort } from "../../ports/frames";
import type { VaultPort } from "../../ports/vault";
import { isPng } from "../image/sniff";
import { basenameOf, joinVault } from "../paths";
import { redactPatterns } from "../redact";
import type { Cut, CutClip, CutWarning } from "./types";

export const POSTER_FOLDER = "posters";

/** Where the poster of a clip goes: `<output folder>/posters/<video name>.png`. */
export function posterPathFor(outputFolder: string, videoPath: string): string {
	return joinVault(outputFolder, POSTER_FOLDER, basenameOf(videoPath).replace(/\.(?:mp4|webm)$/i, "") + ".png");
}

/** Seconds into a clip to take its poster from: a second in, or halfway through a shorter one. */
export function posterTime(duration: number): number {
	return Math.max(0, Math.min(1, duration / 2));
}

export interface PosterReport {
	/** The cut with `posterPath` set on every clip that has a poster. */
	cut: Cut;
	written: string[];
	kept: string[];
	failed: Array<{ shotId: string; reason: FrameFailure }>;
	/** True when the frame port said no decoder is available (nothing was tried after that). */
	unavailable: boolean;
}

export interface PosterDeps {
	vault: VaultPort;
	frames: FramePort;
	/** Grab again even when a poster newer than its video is there. */
	force?: boolean;
}

const MESSAGES = {
	unavailable: "run.poster.unavailable",
	missing: "run.poster.missing",
	unreadable: "run.poster.unreadable",
	"no-frame": "run.poster.noFrame",
	timeout: "run.poster.timeout",
} as const satisfies Record<FrameFailure, MessageKey>;

async function fresh(vault: VaultPort, poster: string, video: string): Promise<boolean> {
	const [p, v] = await Promise.all([vault.stat(poster), vault.stat(video)]);
	return p !== null && p.size > 0 && v !== null && p.mtime >= v.mtime;
}

/** Makes the posters of a cut's clips, in story order, one at a time. */
export async function writePosters(cut: Cut, deps: PosterDeps): Promise<PosterReport> {
	const report: PosterReport = { cut: { ...cut, clips: [], warnings: [...cut.warnings] }, written: [], kept: [], failed: [], unavailable: false };
	const warn = (c: CutClip, reason: FrameFailure, detail?: string): CutWarning => ({
		kind: "poster-failed",
		shotId: c.shotId,
		line: c.line,
		message: redactPatterns(
			t(detail ? "run.poster.failedDetail" : "run.poster.failed", {
				at: t("common.shotRef", { path: cut.notePath, line: c.line, shot: c.shotId }),
				reason: t(MESSAGES[reason]),
				detail: detail ?? "",
			}),
		),
	});
	for (const c of cut.clips) {
		const path = posterPathFor(cut.outputFolder, c.videoPath);
		if (report.unavailable) {
			report.cut.clips.push(c);
			continue;
		}
		if (!deps.force && (await fresh(deps.vault, path, c.videoPath))) {
			report.kept.push(path);
			report.cut.clips.push({ ...c, posterPath: path });
			continue;
		}
		const got = await deps.frames.grab(c.videoPath, posterTime(c.duration));
		if (!got.ok || !isPng(got.png)) {
			const reason: FrameFailure = got.ok ? "no-frame" : got.reason;
			report.failed.push({ shotId: c.shotId, reason });
			if (reason === "unavailable") report.unavailable = true;
			else report.cut.warnings.push(warn(c, reason, got.ok ? t("run.poster.notPng") : got.detail));
			report.cut.clips.push(c);
			continue;
		}
		const folder = path.slice(0, path.lastIndexOf("/"));
		await deps.vault.ensureFolder(folder);
		const tmp = `${path}.tmp`;
		await deps.vault.writeBinary(tmp, got.png);
		await deps.vault.rename(tmp, path);
		report.written.push(path);
		report.cut.clips.push({ ...c, posterPath: path });
	}
	return report;
}
