/**
 * `cineflow cut <note>`: the note's cut as OpenTimelineIO and/or an Obsidian canvas,
 * written next to the note (or in `--out`, inside the vault), optionally with poster
 * frames from ffmpeg. An existing file is never replaced without `--force`.
 */
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import {
	buildCut,
	type Cut,
	CutError,
	type CutFile,
	cutFilePath,
	cutFiles,
	type CutFormat,
	DEFAULT_SETTINGS,
	normalizeVaultPath,
	type PosterReport,
	type Settings,
	t,
	writePosters,
} from "../core";
import { commandIo, intFlag, numFlag, onePathArgs, strFlag, UsageError, type FlagSpec } from "./args";
import { FfmpegFrames, locateFfmpeg, type LocateDeps } from "./frames";
import { FsVault } from "./fs-vault";
import { envRedactor } from "./keys";
import { readVaultSettings } from "./vault-settings";

export const CUT_USAGE = (): string => t("cli.cut.usage");

const CUT_FLAGS: Record<string, FlagSpec> = {
	format: { type: "string", values: ["otio", "canvas", "both"] },
	out: { type: "string" },
	force: { type: "boolean" },
	posters: { type: "boolean" },
	media: { type: "string", values: ["file", "relative"] },
	fps: { type: "string" },
	columns: { type: "string" },
	vault: { type: "string" },
	json: { type: "boolean" },
	help: { type: "boolean" },
};

export interface CutDeps {
	env?: NodeJS.ProcessEnv;
	out?: NodeJS.WritableStream;
	err?: NodeJS.WritableStream;
	settings?: Partial<Settings>;
	/** How ffmpeg is looked for (tests). */
	locate?: LocateDeps;
}

/** The nearest folder at or above `start` that holds `.obsidian`. */
function vaultRootOf(start: string): string | null {
	let dir = path.resolve(start);
	if (!existsSync(dir) || path.extname(dir)) dir = path.dirname(dir);
	for (;;) {
		if (existsSync(path.join(dir, ".obsidian"))) return dir;
		const up = path.dirname(dir);
		if (up === dir) return null;
		dir = up;
	}
}

/** A path given on the command line as a vault path, or null when it is outside `root`. */
function inVault(root: string, given: string): string | null {
	const rel = path.relative(root, path.resolve(given));
	if (rel === "") return "";
	if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
	return normalizeVaultPath(rel.split(path.sep).join("/"));
}

/** Where each format goes, from `--out` (a file for one format, else a folder). */
function outputPaths(notePath: string, formats: CutFormat[], out: string | undefined, root: string): Partial<Record<CutFormat, string>> {
	if (out === undefined) return Object.fromEntries(formats.map((f) => [f, cutFilePath(notePath, f)]));
	const target = inVault(root, out);
	if (target === null) throw new UsageError(t("cli.cut.outside", { out, vault: root }));
	const ext = /\.(otio|canvas)$/i.exec(target)?.[1]?.toLowerCase() as CutFormat | undefined;
	if (!ext) return Object.fromEntries(formats.map((f) => [f, cutFilePath(notePath, f, target)]));
	if (formats.length !== 1 || formats[0] !== ext) throw new UsageError(t("cli.cut.outFormat", { out, ext }));
	return { [ext]: target };
}

/**
 * Writes `text` at `p` through a temp file. Without `force` an existing file is never
 * replaced: the temp file is hard-linked into place, which fails if anything is there.
 */
async function place(vault: FsVault, p: string, text: string, force: boolean): Promise<"written" | "exists"> {
	const folder = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
	if (folder) await vault.ensureFolder(folder);
	const tmp = `${p}.tmp`;
	await vault.writeText(tmp, text);
	if (force) {
		await vault.rename(tmp, p);
		return "written";
	}
	try {
		await fs.link(vault.absForWrite(tmp), vault.absForWrite(p));
		return "written";
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === "EEXIST") return "exists";
		// A volume without hard links (exFAT, some network shares): check, then rename.
		if (await vault.stat(p)) return "exists";
		await vault.rename(tmp, p);
		return "written";
	} finally {
		await vault.remove(tmp);
	}
}

interface PosterOutcome {
	report?: PosterReport;
	/** Why there are no posters (no ffmpeg), said once. */
	message?: string;
}

/** Poster frames through ffmpeg; a poster newer than its video is kept (even with --force, which is about the cut files). */
async function posters(cut: Cut, vault: FsVault, env: NodeJS.ProcessEnv, locate: LocateDeps | undefined): Promise<PosterOutcome> {
	const ff = locateFfmpeg(env, locate);
	if (!ff.found) return { message: t("cli.cut.noFfmpeg", { message: ff.message }) };
	const report = await writePosters(cut, { vault, frames: new FfmpegFrames(ff.path, (p) => vault.abs(p)) });
	if (report.unavailable) return { report, message: t("cli.cut.ffmpegFailed", { path: ff.path }) };
	return { report };
}

export async function cutCommand(argv: string[], deps: CutDeps = {}): Promise<number> {
	const { out, err, env } = commandIo(deps);
	const redact = envRedactor(env);
	const args = onePathArgs(
		argv,
		CUT_FLAGS,
		out,
		() => t("cli.usageHead", { usage: CUT_USAGE() }),
		() => t("cli.cut.oneNote"),
	);
	if (!args) return 0;
	const { flags, path: given, vaultFlag } = args;
	const root = vaultFlag ? path.resolve(vaultFlag) : vaultRootOf(given);
	if (!root || !existsSync(root)) throw new UsageError(t("cli.noVault", { path: given, configDir: ".obsidian" }));
	const abs = vaultFlag && !path.isAbsolute(given) && !existsSync(given) ? path.join(root, given) : given;
	const notePath = inVault(root, abs);
	if (notePath === null || notePath === "") throw new UsageError(t("cli.cut.notNote", { path: given, vault: root }));
	const formats: CutFormat[] = flags.format === "otio" ? ["otio"] : flags.format === "canvas" ? ["canvas"] : ["otio", "canvas"];
	const rate = numFlag(flags, "fps", 1);
	const columns = intFlag(flags, "columns", 1, 50);
	const force = flags.force === true;
	const json = flags.json === true;
	const paths = outputPaths(notePath, formats, strFlag(flags, "out"), root);

	const fromVault = await readVaultSettings(root);
	const settings: Settings = structuredClone({ ...(fromVault.settings ?? DEFAULT_SETTINGS), ...deps.settings });
	const vault = new FsVault(root);
	let cut: Cut;
	try {
		cut = await buildCut({ vault, notePath, settings });
	} catch (e) {
		if (e instanceof CutError) throw new UsageError(e.message);
		throw e;
	}
	const say = (line: string) => {
		if (!json) err.write(redact(line) + "\n");
	};
	if (!cut.clips.length) {
		for (const w of cut.warnings) say(t("cli.warning", { message: w.message }));
		say(t("cli.cut.nothing", { note: notePath }));
		if (json) out.write(redact(JSON.stringify({ type: "cut", note: notePath, files: [], clips: [], warnings: cut.warnings })) + "\n");
		return 1;
	}
	// Refuse before writing anything (posters included) when a file is in the way.
	const taken = force ? [] : formats.map((f) => paths[f] as string).filter((p) => existsSync(vault.abs(p)));
	if (taken.length) {
		for (const p of taken) say(t("cli.cut.exists", { path: p }));
		if (json) out.write(redact(JSON.stringify({ type: "cut", note: notePath, files: [], refused: taken })) + "\n");
		return 2;
	}
	const shots = flags.posters === true ? await posters(cut, vault, env, deps.locate) : {};
	if (shots.report) cut = shots.report.cut;
	const files: CutFile[] = cutFiles(cut, {
		formats,
		paths,
		...(flags.media === "relative" ? {} : { fileRoot: root }),
		...(rate !== undefined ? { rate } : {}),
		...(columns !== undefined ? { canvas: { columns } } : {}),
	});
	const written: string[] = [];
	for (const f of files) {
		if ((await place(vault, f.path, f.text, force)) === "exists") {
			say(t("cli.cut.appeared", { path: f.path }));
			continue;
		}
		written.push(f.path);
	}
	for (const w of cut.warnings) say(t("cli.warning", { message: w.message }));
	if (shots.message) say(shots.message);
	const left = cut.shots - cut.clips.length;
	for (const p of written) say(t("cli.cut.wrote", { path: p }));
	if (shots.report) say(t("cli.cut.posters", { written: shots.report.written.length, kept: shots.report.kept.length, failed: shots.report.failed.length }));
	say(left ? t("cli.cut.inCutLeft", { count: cut.clips.length, left }) : t("cli.cut.inCut", { count: cut.clips.length }));
	if (json) {
		const report = shots.report;
		out.write(
			redact(
				JSON.stringify({
					type: "cut",
					note: notePath,
					files: written,
					clips: cut.clips.map((c) => ({
						shotId: c.shotId,
						take: c.take,
						video: c.videoPath,
						duration: c.duration,
						...(c.posterPath ? { poster: c.posterPath } : {}),
					})),
					warnings: cut.warnings.map((w) => ({ kind: w.kind, ...(w.shotId ? { shotId: w.shotId } : {}), message: w.message })),
					...(flags.posters
						? {
								posters: {
									written: report?.written ?? [],
									kept: report?.kept ?? [],
									failed: report?.failed ?? [],
									...(shots.message ? { message: shots.message } : {}),
								},
							}
						: {}),
				}),
			) + "\n",
		);
	}
	return written.length === files.length ? 0 : 2;
}
