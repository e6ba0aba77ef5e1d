/** Public API of the script → storyboard assistant. */
export { chunkScript, estimateTokens, DEFAULT_CHARS_PER_TOKEN, MIN_BUDGET_TOKENS, type ScriptChunk, type ChunkOptions } from "./chunk";
export { DraftError, type DraftErrorKind } from "./errors";
export {
	draftStoryboard,
	draftDefaultsFrom,
	DEFAULT_CHUNK_TOKENS,
	DEFAULT_MAX_CHUNKS,
	type DraftOptions,
	type DraftResult,
	type DraftDefaults,
	type DraftProgress,
} from "./draft";
export { storyboardPath, isStoryboardPathFor, createStoryboardNote, AlreadyExistsError, type DraftVault } from "./output";
export { chatUrl, requestBody, callChat, type ChatMessage, type ChatEndpoint } from "./request";
export { systemPrompt, userPrompt, repairPrompt } from "./prompts";
export { renderStoryboard, cleanShot, proposeBible, sanitizeId, sanitizeName, yamlString, IdAllocator } from "./render";
export { ASSISTANT_FIELDS, SCHEMA_NAME, checkAnswer, draftAnswerSchema, draftJsonSchema, strictify, type DraftAnswer } from "./schema";
