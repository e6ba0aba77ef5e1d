/**
 * The core's public face: everything the adapters (src/obsidian/, src/cli/,
 * src/main.ts) use from the core, re-exported from one place, so that they never
 * reach into deep core paths (eslint.config.mjs enforces it). The core's own
 * modules import each other directly, never through this file.
 *
 * Re-exports only: no code runs here, so esbuild still drops what the plugin
 * does not use.
 */

// Parsing and planning
export { isStoryboardJson, parseFile, parseMarkdown } from "./parse";
export { type ParsedNote, type ShotOk, type ShotResult } from "./parse/model";
export { resolveShot } from "./parse/resolve";
export { type Orientation, type PlannedJob } from "./types";
export { addCharacterIds, normalizeCharacterId } from "./front-matter";
export { isRecord } from "./values";
export { attachmentFolderFromSetting, attachmentOutputFolder, folderOf, normalizeVaultPath, outputFolderFor, outputPathFor, usesAttachments } from "./paths";
export { embedRecognizer, retargetEmbeds } from "./patch";

// Settings
export {
	checkSettingText,
	DEFAULT_SETTINGS,
	migrateSettings,
	settingDecl,
	type SettingDecl,
	type SettingPath,
	type Settings,
	SETTINGS,
	SETTINGS_VERSION,
	settingsSchema,
} from "./settings";
export {
	formatValue,
	getAt,
	type NumberDecl,
	optionLabel,
	rangeSentence,
	rangeText,
	type SectionId,
	setAt,
	settingHelp,
	settingLabel,
} from "./settings/declare";

// Providers and prices
export { CATALOG, getProviderInfo, providerIds } from "./providers/catalog";
export { lifecycleText, liveProviders, modelsOf } from "./providers/models";
export { readDeclaredModels } from "./providers/declared";
export { explainJob, explainStop } from "./providers/explain";
export { type ModelSpec } from "./providers/types";
export { formatUsd } from "./cost";
export { dryRunRows, type DryRunStatus, dryRunTotals, type DryRunTotals, formatDryRun, totalCostText } from "./dryrun";
export { estimateJob, estimateRun, type JobEstimate, type RunEstimate, type Spend, spendSoFar } from "./estimate";

// Runs
export { runGeneration, type RunMode, type RunOptions, type RunReport, type ShotOverrides, type WorkItem } from "./run/runner";
export { DEFAULT_DOWNLOAD_LIMITS, type DownloadLimits } from "./run/deliver";
export { createReferenceHooks, type ReferenceHooks } from "./run/hooks";
export { noteIdentities, videoIds } from "./run/identity";
export { preflightReferences } from "./run/preflight";
export { createPrepareReference } from "./run/prepare";
export { PathRedirects, redirectedVault } from "./run/redirect";
export { defaultLinkResolver } from "./run/references";
export { RUN_LOG_NAME } from "./run/runlog";
export { createUploader, UploadError, type UploaderSecrets } from "./run/upload";
export { chosenTakeNow } from "./run/upstreams";
export { isReady } from "./run/work";
export { type FrameSource, JOURNAL_NAME, journalPathsIn, parseJournalText } from "./journal";
export { createRedactor, type Redactor, redactPatterns } from "./redact";

// Board, player, cut and assistant
export { type ChooseResult, chooseTake } from "./board/choose";
export { type Board, loadBoard } from "./board/load";
export { type BoardRow, type BoardState, costLabel } from "./board/model";
export { staleLabel, staleOf } from "./board/stale";
export { loadAnimatic } from "./player/animatic";
export { after, clockText, type Playlist, type PlaylistItem, step } from "./player/playlist";
export { buildCut, type Cut, CutError, type CutFile, cutFilePath, cutFiles, type CutFormat, type CutWarningKind, type PosterReport, writePosters } from "./cut";
export { AlreadyExistsError, draftDefaultsFrom, DraftError, type DraftResult, draftStoryboard, type DraftVault } from "./assistant";

// Images (pure raster work; codecs are behind ports/image.ts)
export {
	createImage,
	decodeError,
	type ImageCodec,
	ImageError,
	jpegFrame,
	jpegOrientation,
	matrixLayout,
	MAX_PIXELS,
	orient,
	pngSize,
	renamed,
	type RgbaImage,
	sniffImage,
	type Stitcher,
} from "./image";
export { isPng } from "./image/sniff";

// Language
export {
	displayWidth,
	formatList,
	formatPercent,
	isLang,
	type Lang,
	language,
	type MessageKey,
	padDisplay,
	render,
	resolveLanguage,
	setLanguage,
	t,
	truncateDisplay,
} from "./i18n";
