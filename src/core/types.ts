/** Shared data shapes of the pure core: shots as parsed, jobs as planned. */
import type { Aspect, Resolution, VideoShape } from "./providers/types";
import type { PromptWarning } from "./prompt";
import type { SheetPlan } from "./run/sheets";
import type { ChainAsk } from "./parse/chain";

export type Orientation = "horizontal" | "vertical";

/** Where a shot came from, so every error can name the note, the line and the shot. */
export interface SourceRef {
	/** Vault-relative path of the note or JSON file. */
	notePath: string;
	/** 1-based line of the opening fence (or of the segment in a JSON file). */
	line: number;
	/** 1-based line of the closing fence (same as `line` for JSON segments). */
	endLine: number;
	/** Character offsets of the whole block in the file text (UTF-16 code units). */
	startOffset: number;
	endOffset: number;
}

export type ShotOrigin = "shot" | "json-fence" | "json-file";

/**
 * One shot as written by the user, before defaults are merged. Optional fields are
 * filled from the note's frontmatter, then from plugin settings.
 */
export interface ShotInput {
	id?: string;
	prompt?: string;
	duration?: number;
	orientation?: Orientation;
	size?: string;
	pro?: boolean;
	provider?: string;
	model?: string;
	image?: string;
	/** The frame the video should end on. */
	last_frame?: string;
	references?: string[];
	resolution?: Resolution;
	aspect?: Aspect;
	negative_prompt?: string;
	seed?: number;
	audio?: boolean;
	characters?: string[];
	/** Character ids given inline by seed JSON (`{name, id}`), keyed by name. */
	characterIds?: Record<string, string>;
	scene?: string;
	props?: string[];
	note?: string;
	takes?: number;
	keyframe?: boolean;
	keyframe_prompt?: string;
}

/** A shot after validation and default merging. */
export interface Shot {
	id: string;
	/** 1-based position among the note's shots. */
	index: number;
	prompt: string;
	duration: number;
	orientation: Orientation;
	/** Pixel size "WxH" chosen from the provider/model table. */
	size: string;
	pro: boolean;
	provider: string;
	model: string;
	resolution: Resolution;
	aspect: Aspect;
	/** The first frame (`first_frame:` or `image:`); absent when the shot is chained. */
	image?: string;
	lastFrame?: string;
	/** The shot takes its first frame from another shot's last frame (parse/chain.ts). */
	chain?: ChainAsk;
	/** `last_frame: next`: the shot ends on the next shot's first frame. */
	lastFrameNext?: boolean;
	references: string[];
	negativePrompt?: string;
	seed?: number;
	audio?: boolean;
	characters: string[];
	scene?: string;
	props: string[];
	note?: string;
	takes: number;
	keyframe: boolean;
	keyframePrompt?: string;
	/**
	 * Bible characters this shot shows (listed in `characters:` or marked `[Name]` /
	 * `[Alias]` in the prompt), with their description and reference image.
	 */
	cast?: CastMember[];
	origin: ShotOrigin;
	source: SourceRef;
}

export interface CastMember {
	name: string;
	description?: string;
	/**
	 * The character's reference sheet, as written in the bible (links, paths from the
	 * vault root with a leading '/', or URLs); absent when the character has none.
	 */
	images?: string[];
}

/** A reference image as planned: a remote URL, or a vault file to upload or inline. */
export type ReferenceSpec = { kind: "url"; url: string } | { kind: "vault"; path: string };

export type PlanStatus = "ready" | "skipped" | "invalid";

/** One job = one take of one shot: the video to make (VideoShape) and where it comes from and goes. */
export interface PlannedJob extends VideoShape {
	/** Stable identity: `<notePath>::<shotId>::<take>`. */
	key: string;
	notePath: string;
	shotId: string;
	take: number;
	line: number;
	provider: string;
	promptHash: string;
	/** The first frame. */
	reference?: ReferenceSpec;
	/** The frame the video should end on (models with `caps.lastFrame`). */
	lastFrame?: ReferenceSpec;
	/** Reference images sent natively (models with `caps.maxReferences` ≥ their count). */
	nativeReferences?: ReferenceSpec[];
	/** The cast's reference sheets and the rule that decides how they travel (run/sheets.ts). */
	sheets?: SheetPlan;
	/** Catalog lifecycle of the model when it is not active ("deprecated"), for the dry run. */
	lifecycle?: { status: "deprecated"; shutdown?: string; replacement?: string };
	/** Vault-relative folder `<note folder>/<output>/<note basename>`. */
	outputFolder: string;
	/** Vault-relative path of the video, `<outputFolder>/<shot id>.mp4` or `.takeN.mp4`. */
	outputPath: string;
	status: PlanStatus;
	/** Why skipped or invalid. Invalid reasons are full messages naming note, line and shot. */
	reason?: string;
	/** Estimated cost in USD, or null when the price is unknown. */
	cost: number | null;
	warnings: string[];
	/** The prompt's character-marker problems, as data (the text of each is also in `warnings`). */
	promptWarnings?: PromptWarning[];
	/** How the job's shot is found in its note again (valid shots only). */
	anchor?: ShotAnchor;
	/** A chained shot: the shot whose chosen take's last frame becomes this job's first frame. */
	after?: ChainLink;
	/** How many chained shots come before this one in its chain (0 when unchained). */
	chainDepth?: number;
}

/** The upstream shot of a chained job. */
export interface ChainLink {
	notePath: string;
	shotId: string;
	/** The upstream's line: with notePath, how the run finds its jobs (a shot without `id:` may get another storage id). */
	line: number;
}

/**
 * A shot as the note shows it. `shotId` of a job is the shot's storage identity
 * (journal, file names); for a shot without `id:` that is chosen by content and
 * may differ from the positional id the parser gave it (`anchor.id`).
 */
export interface ShotAnchor {
	/** The id the parser gave the shot: its own `id:`, or the positional default (s01, s02 …). */
	id: string;
	/** False for a shot block without `id:` (its id is only its position). */
	idGiven: boolean;
	/** Hash of the prompt as written in the block (found again without resolving defaults). */
	promptKey: string;
	/** 1-based position among the note's shots when planned. */
	index: number;
}
