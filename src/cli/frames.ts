/**
 * Poster frames from the terminal: the frame port over ffmpeg. ffmpeg is found, in
 * order, at `CINEFLOW_FFMPEG`, in the optional npm package `@ffmpeg-installer/ffmpeg`
 * (its per-platform packages, e.g. `@ffmpeg-installer/linux-x64`, carry the binary
 * inside the npm tarball: nothing is downloaded at install time), or on PATH. When
 * none is there, `locateFfmpeg` says what to do; the cut is exported without posters.
 */
import { isPng, t } from "../core";
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { FramePort, FrameResult } from "../ports/frames";

export const FFMPEG_PACKAGE = "@ffmpeg-installer/ffmpeg";

export type FfmpegLocation = { found: true; path: string; source: "env" | "package" | "path" } | { found: false; message: string };

export interface LocateDeps {
	/** Where an npm package's package.json is, or null (default: resolved from this file). */
	resolvePackage?: (name: string) => string | null;
	platform?: NodeJS.Platform;
	arch?: string;
}

function executable(p: string): boolean {
	try {
		if (!statSync(p).isFile()) return false;
		accessSync(p, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function defaultResolve(name: string): string | null {
	try {
		return createRequire(import.meta.url).resolve(name);
	} catch {
		return null;
	}
}

/** What to tell someone whose machine has no ffmpeg. */
export function missingFfmpegMessage(fromEnv?: string): string {
	return fromEnv === undefined ? t("cli.ffmpeg.missing", { pkg: FFMPEG_PACKAGE }) : t("cli.ffmpeg.missingAt", { path: fromEnv, pkg: FFMPEG_PACKAGE });
}

/** Finds an ffmpeg binary (see the top of this file). */
export function locateFfmpeg(env: NodeJS.ProcessEnv, deps: LocateDeps = {}): FfmpegLocation {
	const platform = deps.platform ?? process.platform;
	const exe = platform === "win32" ? "ffmpeg.exe" : "ffmpeg";
	const fromEnv = env.CINEFLOW_FFMPEG?.trim();
	if (fromEnv) {
		return executable(fromEnv) ? { found: true, path: fromEnv, source: "env" } : { found: false, message: missingFfmpegMessage(fromEnv) };
	}
	const resolve = deps.resolvePackage ?? defaultResolve;
	const pkg = resolve(`@ffmpeg-installer/${platform}-${deps.arch ?? process.arch}/package.json`);
	if (pkg) {
		const bin = path.join(path.dirname(pkg), exe);
		if (executable(bin)) return { found: true, path: bin, source: "package" };
	}
	for (const dir of (env.PATH ?? "").split(path.delimiter)) {
		if (!dir) continue;
		const bin = path.join(dir, exe);
		if (executable(bin)) return { found: true, path: bin, source: "path" };
	}
	return { found: false, message: missingFfmpegMessage() };
}

export interface FfmpegFramesOptions {
	/** Longest one grab may take (ms). */
	timeoutMs?: number;
}

const MAX_PNG_BYTES = 64 * 1024 * 1024;

interface Run {
	code: number | null;
	stdout: Uint8Array;
	stderr: string;
	timedOut: boolean;
	spawnError?: NodeJS.ErrnoException;
}

function run(bin: string, args: string[], timeoutMs: number): Promise<Run> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let stderr = "";
		let timedOut = false;
		let child;
		try {
			child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
		} catch (err) {
			resolve({ code: null, stdout: new Uint8Array(), stderr: "", timedOut: false, spawnError: err as NodeJS.ErrnoException });
			return;
		}
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill("SIGKILL");
		}, timeoutMs);
		child.stdout.on("data", (b: Buffer) => {
			size += b.length;
			if (size > MAX_PNG_BYTES) child.kill("SIGKILL");
			else chunks.push(b);
		});
		child.stderr.on("data", (b: Buffer) => {
			stderr = (stderr + b.toString("utf8")).slice(-4000);
		});
		child.on("error", (err: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			resolve({ code: null, stdout: new Uint8Array(), stderr, timedOut, spawnError: err });
		});
		child.on("close", (code) => {
			clearTimeout(timer);
			resolve({ code, stdout: new Uint8Array(Buffer.concat(chunks)), stderr, timedOut });
		});
	});
}

/** The last line ffmpeg wrote to stderr, without the absolute path of the video. */
function lastLine(stderr: string, abs: string): string {
	const lines = stderr
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	return (lines[lines.length - 1] ?? "").split(abs).join(path.basename(abs)).slice(0, 200);
}

/** The frame port over an ffmpeg binary. `abs` maps a vault path to the file on disk. */
export class FfmpegFrames implements FramePort {
	constructor(
		private readonly bin: string,
		private readonly abs: (vaultPath: string) => string,
		private readonly opts: FfmpegFramesOptions = {},
	) {}

	private async once(file: string, seconds: number | "last"): Promise<FrameResult> {
		// The last frame: decode the final second and take it reversed (no length needed).
		const at = seconds === "last" ? ["-sseof", "-1", "-i", file, "-vf", "reverse"] : ["-ss", seconds.toFixed(3), "-i", file];
		const args = ["-hide_banner", "-nostdin", "-v", "error", ...at, "-frames:v", "1", "-an", "-f", "image2pipe", "-c:v", "png", "-"];
		const r = await run(this.bin, args, this.opts.timeoutMs ?? 30_000);
		if (r.spawnError)
			return {
				ok: false,
				reason: "unavailable",
				detail: t("cli.ffmpeg.notStarted", { bin: path.basename(this.bin), cause: r.spawnError.code ?? r.spawnError.message }),
			};
		if (r.timedOut) return { ok: false, reason: "timeout" };
		if (r.code !== 0) return { ok: false, reason: "unreadable", detail: lastLine(r.stderr, file) };
		if (!r.stdout.length) return { ok: false, reason: "no-frame" };
		return isPng(r.stdout) ? { ok: true, png: r.stdout } : { ok: false, reason: "no-frame", detail: t("cli.ffmpeg.notPng") };
	}

	async grab(vaultPath: string, seconds: number): Promise<FrameResult> {
		const file = this.abs(vaultPath);
		if (!existsSync(file)) return { ok: false, reason: "missing" };
		const first = await this.once(file, Math.max(0, seconds));
		// Past the end of a shorter video ffmpeg gives nothing: take the first frame instead.
		if (!first.ok && first.reason === "no-frame" && seconds > 0) return this.once(file, 0);
		return first;
	}

	async grabLast(vaultPath: string): Promise<FrameResult> {
		const file = this.abs(vaultPath);
		if (!existsSync(file)) return { ok: false, reason: "missing" };
		return this.once(file, "last");
	}
}
