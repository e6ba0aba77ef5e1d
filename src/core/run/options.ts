/**
 * What a run is given (RunOptions) and what it returns (RunReport), shared by the
 * runner's stages, the plugin and the CLI.
 */
import type { Clock } from "../../ports/clock";
import type { FramePort } from "../../ports/frames";
import type { HttpPort } from "../../ports/http";
import type { ProgressPort } from "../../ports/progress";
import type { SecretsPort } from "../../ports/secrets";
import type { RunLockPort } from "../../ports/lock";
import type { VaultPort } from "../../ports/vault";
import type { StopReason, SummaryEvent } from "../../ports/events";
import type { Plan } from "../plan";
import type { ModelSpec, ReferenceInput } from "../providers/types";
import type { Redactor } from "../redact";
import type { EngineOptions, EngineResult, JobOutcome } from "../scheduler/engine";
import type { Random } from "../../ports/random";
import type { Settings } from "../settings";
import type { PlannedJob, Shot, ShotInput } from "../types";
import type { DownloadLimits } from "./deliver";
import type { ReferenceContext } from "./references";
import type { TakeAction } from "./takes";

export type RunMode = "generate" | "dry-run" | "resume" | "regenerate";

/**
 * A run's own fields, from the run dialog or CLI flags. Defaults for what a shot and
 * its note leave unset, or, with `override`, winning over them (run/fields.ts).
 */
export type ShotOverrides = Partial<Pick<ShotInput, "duration" | "orientation" | "size" | "pro" | "provider" | "model" | "takes">>;

export interface RunOptions {
	/** Vault path of a note, a storyboard JSON file or a folder ("" = the whole vault). */
	target: string;
	mode: RunMode;
	/** For "regenerate": the shot that gets one more take. */
	regenerate?: { notePath: string; shotId: string };
	/** Only these jobs (the run dialog's range / note filter). Called with the plan's ready jobs. */
	select?: (job: PlannedJob) => boolean;
	overrides?: ShotOverrides;
	/** The run's fields win over every shot's and note's own (CLI `--override`); default: they are defaults. */
	override?: boolean;
	settings: Settings;
	vault: VaultPort;
	http: HttpPort;
	clock: Clock;
	secrets: SecretsPort;
	progress?: ProgressPort;
	/** Backoff jitter (ports/random.ts): `systemRandom()` in the plugin and the CLI, a seeded one in tests. */
	random: Random;
	/** Builds the embed line for a video (`![[…]]` or `![](…)`), honouring the user's link style. */
	embedLine(videoPath: string, notePath: string): string;
	/** Resolves `[[links]]` (the plugin uses the metadata cache). Defaults to a vault search. */
	resolveLink?: (link: string, notePath: string) => Promise<string | null>;
	/** Uploader for URL-only providers' reference images. */
	upload?: (bytes: Uint8Array, mime: string, name: string) => Promise<string>;
	/** Frame grabs for chained shots (run/chains.ts); without it chained shots stop with a message. */
	frames?: FramePort;
	/** Message for a provider without a key, e.g. "set SORAHK_API_KEY". */
	missingKey(provider: string, label: string): string;
	/** Check free disk space before a batch (desktop / CLI). */
	checkDisk?: boolean;
	/** Stop submitting; submitted jobs finish. */
	signal?: AbortSignal;
	/** Stop everything now; the journal keeps submitted tasks for resume. */
	abandonSignal?: AbortSignal;
	/** Jobs (by key) the user cancelled one by one before they were sent: each ends cancelled, the run goes on. */
	withdrawn?: (key: string) => boolean;
	runId?: string;
	/** Scheduler tuning for tests and the demo (e.g. shorter first polls). */
	engineTuning?: EngineOptions["tuning"];
	/**
	 * The attachment folder Obsidian would use for a new attachment of this note
	 * (plugin: `fileManager.getAvailablePathForAttachment`; CLI: `.obsidian/app.json`),
	 * for notes whose videos go to the attachment location. Default: the vault root.
	 */
	attachmentFolder?: (notePath: string) => Promise<string>;
	/**
	 * The user's choice for takes an earlier run left "unknown" (a create that may have
	 * made a task the provider cannot confirm): submit them again anyway. Off by default.
	 */
	resubmitUnknown?: boolean;
	/** Download stall and overall limits (tests and `--time-scale` runs shorten them). */
	downloadLimits?: Partial<DownloadLimits>;
	/** Extra secrets to redact (e.g. an uploader's key). */
	extraSecrets?: string[];
	/**
	 * The run lock of each output folder this run writes to (locks.ts). Without it
	 * (tests, the demo) the run assumes it is alone on the vault.
	 */
	locks?: RunLockPort;
	/** When another live run holds a folder: wait for it (the CLI) or leave its shots to it (the plugin, `--no-wait`). */
	lockWait?: "wait" | "skip";
	/**
	 * Builds a job's reference before it is submitted when the shot needs more than
	 * one image read from the vault (a stitched multi-reference matrix, a generated
	 * keyframe). Returns undefined to fall back to the shot's single `image`.
	 */
	prepareReference?: (req: PrepareReferenceRequest) => Promise<ReferenceInput | undefined>;
}

export interface PrepareReferenceRequest {
	job: PlannedJob;
	/** The shot after default merging (all references, characters, keyframe fields). */
	shot: Shot | undefined;
	spec: ModelSpec;
	refCtx: ReferenceContext;
	redact: Redactor;
	signal?: AbortSignal;
	/**
	 * What to build: the first frame (default), or "sheets": the matrix of the cast's
	 * reference sheets for a model that takes one reference image (run/sheets.ts).
	 */
	purpose?: "first-frame" | "sheets";
}

export interface RunReport {
	runId: string;
	plan: Plan;
	summary: SummaryEvent;
	outcomes: Map<string, JobOutcome | EarlierOutcome>;
	stopped: StopReason | null;
	stopMessage: string | null;
	/** The provider whose answer (or missing key) stopped the run, when one did: callers add their own hint. */
	stopProvider?: string;
	/** Jobs as they were run (take numbers after journal allocation). */
	work: WorkItem[];
	warnings: string[];
	engineStats: EngineResult["stats"][];
}

/** Outcomes settled before the scheduler runs: a video already there, a shot that cannot run, an earlier run's result. */
export type EarlierOutcome =
	| { kind: "skipped" }
	| { kind: "invalid"; message: string }
	| { kind: "reported"; status: "failed" | "unknown" | "expired"; message: string }
	/** Left to another run that holds the note's run lock. */
	| { kind: "busy"; message: string };

export interface WorkItem {
	job: PlannedJob;
	action: TakeAction | { kind: "invalid"; message: string } | { kind: "busy"; message: string };
}
