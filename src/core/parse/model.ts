/** Shapes produced by the parser and consumed by the planner. */
import type { MessageKey } from "../i18n";
import type { DeclaredModel } from "../providers/declared";
import type { ShotInput, ShotOrigin, SourceRef } from "../types";
import type { CharacterEntry } from "./characters";
import type { Issue } from "./errors";

/** Defaults a note gives its shots, plus its character bible and output folder name. */
export interface NoteDefaults {
	/** Shot fields set under `cineflow:` (never id or prompt). */
	shot: ShotInput;
	/** Character bible: front matter, then any seed `character_bible` in the note/file. */
	characters: CharacterEntry[];
	/** Output folder name (`cineflow.output`), unsanitized; the planner sanitizes it. */
	output?: string;
	/**
	 * The note's output folder when it is not the sibling `<output>/<note>` folder
	 * (Obsidian's attachment location), resolved by the run's scan; never parsed.
	 */
	outputFolder?: string;
	/** `cineflow.bible`: a link to a character note, resolved by a later feature. */
	bible?: string;
	/** Models declared under `cineflow.models` (usable by this note's shots only). */
	models: DeclaredModel[];
	/** `cineflow.chain: true`: every shot starts on the last frame of the one before (parse/chain.ts). */
	chain?: boolean;
}

interface ShotCommon {
	source: SourceRef;
	origin: ShotOrigin;
	/** 1-based position among the shots of the note (all origins, valid or not). */
	index: number;
	/** Full messages (`path:line shot id: …`). */
	warnings: string[];
}

export interface ShotOk extends ShotCommon {
	ok: true;
	/** The shot id (given, or the default s01, seg1 …). Also in `input.id`. */
	id: string;
	/** False for a `shot` block without `id:` (its id is the positional default). */
	idGiven?: boolean;
	input: ShotInput;
}

export interface ShotError extends ShotCommon {
	ok: false;
	/** The id when it could be read. */
	id?: string;
	/** How messages name the shot: the id, the default id, or the quoted bad id. */
	label: string;
	/** Full message naming the file, the line and the shot. */
	error: string;
	/** What is wrong, without the location (the part of `error` after `where: `). */
	detail?: string;
	/** Stable catalog key of the first problem (language-neutral, for --json). */
	code?: MessageKey;
}

export type ShotResult = ShotOk | ShotError;

export interface ParsedNote {
	/** Vault-relative path of the note or JSON file. */
	path: string;
	kind: "markdown" | "json";
	shots: ShotResult[];
	/** Note-level errors and warnings. An error blocks every shot of the note. */
	issues: Issue[];
	frontmatter: NoteDefaults;
}
