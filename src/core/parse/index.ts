/** Public API of the storyboard parser. */
export type { CharacterEntry, BibleResult } from "./characters";
export { HANDLE, cleanName, migrateLegacyCharacter, normalizeHandle, readBible, mergeBibles } from "./characters";
export type { Issue, Problem, Severity } from "./errors";
export { issueCode } from "./errors";
export type { FencedBlock } from "./fences";
export { findFences } from "./fences";
export type { Frontmatter } from "./frontmatter";
export { readFrontmatter, FrontmatterLanguageError, SAFE_MATTER_OPTIONS, loadYaml } from "./frontmatter";
export type { NoteDefaults, ParsedNote, ShotError, ShotOk, ShotResult } from "./model";
export { parseMarkdown, parseJsonFile } from "./note";
export type { PartialShot, ResolveResult } from "./resolve";
export { resolveShot, orientationOfSize } from "./resolve";
export { ID_PATTERN, ID_RULE, SHOT_FIELDS } from "./schema";
export { readSeed } from "./seed";
export { parseShotBlock, readShotFields } from "./shots";
export { isCandidate, isStoryboardJson, parseFile } from "./scan";
