/**
 * Stage 3, deliver: download a finished task's video, verify it, write it to
 * `<path>.tmp`, check the size on disk and rename it into place; then the embed.
 * A failed download is retried as a download only: it never causes a new
 * generation, and the journal keeps the task so a later run fetches it again.
 *
 * Links: only the server's answer counts. A refused link (401/403/404/410) makes
 * us ask the provider again for a fresh one; the take is reported "expired" only
 * when the provider no longer has the video (the task is gone, or every fresh link
 * it hands out is refused too).
 * Stalls: each attempt has a no-progress limit and an overall limit that grows
 * with the video's expected size, so a download that hangs or trickles ends.
 */
import { t } from "../i18n";
import { downloadVideo } from "../download";
import type { DownloadRequest } from "../providers/types";
import type { DeliverControl, DeliverResult, EngineJob } from "../scheduler/engine";
import { fullJitter } from "../scheduler/random";
import type { RunContext } from "./context";
import { ensureEmbed } from "./embed";
import type { JobJournal } from "./sink";

const DOWNLOAD_ATTEMPTS = 8;
/** Fresh links asked for (and refused again) before the provider is taken to no longer serve the video. */
const MAX_REFRESHES = 3;
/** A generous average bitrate for the expected size of a video (bytes per video second). */
const EXPECTED_BYTES_PER_VIDEO_SECOND = 2_200_000;

export interface DownloadLimits {
	/** No headers, or no byte of the body, for this long: the attempt is a stall. */
	idleMs: number;
	/** Overall limit of one attempt: this much, plus the expected size at `minBytesPerSecond`. */
	baseMs: number;
	minBytesPerSecond: number;
}

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = { idleMs: 60_000, baseMs: 120_000, minBytesPerSecond: 64_000 };

/** The overall limit of one download attempt for a video of `seconds`, never above what `maxBytes` needs. */
export function downloadTimeoutMs(limits: DownloadLimits, seconds: number, maxBytes: number): number {
	const expected = Math.min(maxBytes, Math.max(1, seconds) * EXPECTED_BYTES_PER_VIDEO_SECOND);
	return Math.round(limits.baseMs + (expected / limits.minBytesPerSecond) * 1000);
}

/** Writes the bytes atomically (temp file, size check, rename); null on success, else why not. */
export async function writeAtomically(ctx: RunContext, folder: string, path: string, bytes: Uint8Array): Promise<string | null> {
	const { vault } = ctx.opts;
	const tmp = `${path}.tmp`;
	await vault.ensureFolder(folder);
	const existing = await vault.stat(path);
	if (existing && existing.size > 0) return null;
	await vault.writeBinary(tmp, bytes);
	const st = await vault.stat(tmp);
	if (!st || st.size !== bytes.length) {
		await vault.remove(tmp);
		return t("run.write.short", { path, written: st?.size ?? 0, count: bytes.length });
	}
	await vault.rename(tmp, path);
	return null;
}

export async function deliver(
	ctx: RunContext,
	jj: JobJournal,
	job: EngineJob,
	remoteId: string,
	first: DownloadRequest,
	ctl: DeliverControl,
): Promise<DeliverResult> {
	const { opts, redact } = ctx;
	const { clock, settings } = opts;
	const limits = { ...DEFAULT_DOWNLOAD_LIMITS, ...opts.downloadLimits };
	const w = jj.item(job.key);
	const record = (patch: Parameters<JobJournal["record"]>[1]) => jj.record(job.key, patch);
	await record({ status: "succeeded", remoteId, videoUrl: first.url, urlExpiresAt: first.expiresAt, updatedAt: clock.now() });
	const timeoutMs = downloadTimeoutMs(limits, w.job.duration, settings.maxDownloadBytes);
	let dl = first;
	let refreshed = 0;
	let bytes: Uint8Array | null = null;
	let lastError = "";
	for (let attempt = 0; attempt < DOWNLOAD_ATTEMPTS && !bytes; attempt++) {
		const r = await downloadVideo(opts.http, dl, {
			maxBytes: settings.maxDownloadBytes,
			timeoutMs,
			idleTimeoutMs: limits.idleMs,
			redact,
			signal: ctl.signal,
		});
		if (r.ok) {
			bytes = r.bytes;
			break;
		}
		lastError = r.message;
		if (r.kind === "fatal") {
			await record({ status: "failed", error: t("run.deliver.failed", { detail: r.message }), updatedAt: clock.now() });
			return { ok: false, kind: "failed", message: t("run.deliver.failedTask", { detail: r.message, task: remoteId }) };
		}
		if (r.kind === "expired") {
			// The server refused this link: ask the provider for a fresh one.
			const fresh = refreshed < MAX_REFRESHES ? await ctl.refresh() : null;
			if (!fresh) {
				const message =
					refreshed < MAX_REFRESHES
						? t("run.deliver.gone", { task: remoteId, detail: r.message })
						: t("run.deliver.refused", { count: refreshed, task: remoteId, detail: r.message });
				await record({ status: "expired", error: message, updatedAt: clock.now() });
				return { ok: false, kind: "expired", message };
			}
			refreshed++;
			dl = fresh;
			continue;
		}
		await clock.sleep(fullJitter(opts.random, attempt + 1, 1000, 30_000), ctl.signal);
	}
	if (!bytes) {
		// Keep "succeeded": the next run polls the task again and retries the download only.
		const message = t("run.deliver.gaveUp", { count: DOWNLOAD_ATTEMPTS, detail: lastError });
		await record({ status: "succeeded", error: message, updatedAt: clock.now() });
		return { ok: false, kind: "failed", message };
	}
	const problem = await writeAtomically(ctx, w.job.outputFolder, w.job.outputPath, bytes);
	if (problem) {
		await record({ status: "succeeded", error: problem, updatedAt: clock.now() });
		return { ok: false, kind: "failed", message: problem };
	}
	await record({ status: "done", error: undefined, updatedAt: clock.now() });
	await ensureEmbed(ctx, w.job);
	return { ok: true, outputPath: w.job.outputPath };
}
