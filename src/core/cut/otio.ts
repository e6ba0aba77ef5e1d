/**
 * The cut as OpenTimelineIO (`.otio`, its JSON serialization), which DaVinci
 * Resolve imports directly (and Premiere through OTIO's adapters).
 *
 * Schema names, versions and fields follow the OpenTimelineIO sources at
 * github.com/AcademySoftwareFoundation/OpenTimelineIO (main, commit bc5fe2d, 2026-08-07):
 *  - docs/tutorials/otio-serialized-schema.md (generated from the library): `Timeline.1`
 *    {name, metadata, global_start_time, tracks}, `Stack.1` and `Track.1` (Composition:
 *    children, plus `kind` on Track), `Clip.2` {media_references, active_media_reference_key,
 *    source_range, …}, `ExternalReference.1` {target_url, available_range, …},
 *    `TimeRange.1` {start_time, duration}, `RationalTime.1` {rate, value};
 *  - src/opentimelineio/clip.h (Schema version 2, default key "DEFAULT_MEDIA"),
 *    track.h (Kind::video = "Video"), and the read_from/write_to of clip.cpp, track.cpp,
 *    timeline.cpp, item.cpp, mediaReference.cpp (which fields are required);
 *  - docs/tutorials/otio-file-format-specification.md (nesting Timeline → Stack → Track →
 *    Clip, namespaced metadata) and the sample tests/sample_data/screening_example.otio;
 *  - docs/tutorials/otio-filebundles.md: a target_url is either an absolute
 *    "file:///path/to/file" URL or a relative "path/to/file" (resolved against the
 *    reader's working directory, so a file URL is the safer choice on a desktop).
 * Optional fields the library reads with read_if_present (color, available_image_bounds)
 * are left out, so older readers see nothing unknown.
 */
import { t } from "../i18n";
import { basenameOf } from "../paths";
import { DEFAULT_RATE, type Cut, type CutClip } from "./types";

export interface OtioRationalTime {
	OTIO_SCHEMA: "RationalTime.1";
	rate: number;
	value: number;
}

export interface OtioTimeRange {
	OTIO_SCHEMA: "TimeRange.1";
	start_time: OtioRationalTime;
	duration: OtioRationalTime;
}

export interface OtioExternalReference {
	OTIO_SCHEMA: "ExternalReference.1";
	name: string;
	metadata: Record<string, unknown>;
	available_range: OtioTimeRange | null;
	target_url: string;
}

interface OtioItem {
	name: string;
	metadata: Record<string, unknown>;
	source_range: OtioTimeRange | null;
	effects: unknown[];
	markers: unknown[];
	enabled: boolean;
}

export interface OtioClip extends OtioItem {
	OTIO_SCHEMA: "Clip.2";
	media_references: { DEFAULT_MEDIA: OtioExternalReference };
	active_media_reference_key: "DEFAULT_MEDIA";
}

export interface OtioTrack extends OtioItem {
	OTIO_SCHEMA: "Track.1";
	kind: "Video";
	children: OtioClip[];
}

export interface OtioStack extends OtioItem {
	OTIO_SCHEMA: "Stack.1";
	children: OtioTrack[];
}

export interface OtioTimeline {
	OTIO_SCHEMA: "Timeline.1";
	name: string;
	metadata: Record<string, unknown>;
	global_start_time: OtioRationalTime | null;
	tracks: OtioStack;
}

/**
 * How clips point at their videos: relative to the folder the `.otio` file is
 * written to, or as `file://` URLs under the vault's folder on disk.
 */
export type MediaUrls = { kind: "relative"; from: string } | { kind: "file"; root: string };

export interface OtioOptions {
	media: MediaUrls;
	/** Frames per second of the timeline (24 unless the caller knows better). */
	rate?: number;
}

const encodeSegments = (segments: readonly string[]) => segments.map((s) => encodeURIComponent(s)).join("/");

function split(path: string): string[] {
	return path.split("/").filter((s) => s !== "" && s !== ".");
}

/** A relative URL from vault folder `from` to vault path `to` (segments percent-encoded). */
export function relativeUrl(from: string, to: string): string {
	const a = split(from);
	const b = split(to);
	let i = 0;
	while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
	return [...a.slice(i).map(() => ".."), encodeSegments(b.slice(i))].join("/");
}

/**
 * A `file:` URL (RFC 8089) for vault path `path` under the vault folder `root`:
 * POSIX (`/home/me/Vault`), Windows drive (`C:\Users\me\Vault`) or UNC (`\\host\share`).
 */
export function fileUrl(root: string, path: string): string {
	const unc = /^[\\/]{2}([^\\/]+)[\\/]+(.*)$/.exec(root);
	if (unc) return `file://${unc[1] as string}/${encodeSegments([...split((unc[2] as string).replace(/\\/g, "/")), ...split(path)])}`;
	const parts = split(root.replace(/\\/g, "/"));
	const drive = parts[0] && /^[A-Za-z]:$/.test(parts[0]) ? (parts.shift() as string) + "/" : "";
	return `file:///${drive}${encodeSegments([...parts, ...split(path)])}`;
}

export function mediaUrlFor(path: string, media: MediaUrls): string {
	return media.kind === "relative" ? relativeUrl(media.from, path) : fileUrl(media.root, path);
}

export function rationalTime(value: number, rate: number): OtioRationalTime {
	return { OTIO_SCHEMA: "RationalTime.1", rate, value };
}

export function timeRange(startFrames: number, durationFrames: number, rate: number): OtioTimeRange {
	return { OTIO_SCHEMA: "TimeRange.1", start_time: rationalTime(startFrames, rate), duration: rationalTime(durationFrames, rate) };
}

/** Whole frames of `seconds` at `rate` (at least one). */
export function framesOf(seconds: number, rate: number): number {
	return Math.max(1, Math.round(seconds * rate));
}

function clipOf(cut: Cut, c: CutClip, opts: Required<OtioOptions>): OtioClip {
	const cineflow: Record<string, unknown> = {
		shot_id: c.shotId,
		take: c.take,
		prompt: c.prompt,
		note: cut.notePath,
		line: c.line,
		vault_path: c.videoPath,
		duration_seconds: c.duration,
		duration_source: c.durationSource,
	};
	if (c.storageId !== c.shotId) cineflow.storage_id = c.storageId;
	if (c.provider) cineflow.provider = c.provider;
	if (c.model) cineflow.model = c.model;
	if (c.posterPath) cineflow.poster = c.posterPath;
	return {
		OTIO_SCHEMA: "Clip.2",
		name: c.take > 1 ? `${c.shotId} (take ${c.take})` : c.shotId,
		metadata: { cineflow },
		source_range: timeRange(0, framesOf(c.duration, opts.rate), opts.rate),
		effects: [],
		markers: [],
		enabled: true,
		media_references: {
			DEFAULT_MEDIA: {
				OTIO_SCHEMA: "ExternalReference.1",
				name: basenameOf(c.videoPath),
				metadata: {},
				available_range: null,
				target_url: mediaUrlFor(c.videoPath, opts.media),
			},
		},
		active_media_reference_key: "DEFAULT_MEDIA",
	};
}

/** The cut as one video track of clips in story order. */
export function cutToOtio(cut: Cut, options: OtioOptions): OtioTimeline {
	const opts: Required<OtioOptions> = { rate: DEFAULT_RATE, ...options };
	if (!(opts.rate > 0) || !Number.isFinite(opts.rate)) throw new RangeError(t("run.cut.badRate", { rate: String(opts.rate) }));
	const empty = { source_range: null, effects: [], markers: [], enabled: true };
	return {
		OTIO_SCHEMA: "Timeline.1",
		name: cut.title,
		metadata: {
			cineflow: {
				note: cut.notePath,
				shots: cut.shots,
				left_out: cut.warnings
					.filter((w) => w.shotId !== undefined && !cut.clips.some((c) => c.shotId === w.shotId))
					.map((w) => ({ shot_id: w.shotId, reason: w.kind })),
			},
		},
		global_start_time: null,
		tracks: {
			OTIO_SCHEMA: "Stack.1",
			name: "tracks",
			metadata: {},
			...empty,
			children: [
				{ OTIO_SCHEMA: "Track.1", name: "Video 1", metadata: {}, ...empty, kind: "Video", children: cut.clips.map((c) => clipOf(cut, c, opts)) },
			],
		},
	};
}

/** The `.otio` text: indented JSON, as the OTIO library writes it. */
export function renderOtio(timeline: OtioTimeline): string {
	return JSON.stringify(timeline, null, 4) + "\n";
}
