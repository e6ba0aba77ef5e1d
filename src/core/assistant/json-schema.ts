/**
 * zod's JSON Schema (input side) of the script assistant's answer schema, before
 * `draftJsonSchema` makes it fit strict structured output.
 *
 * It is a committed file (answer-schema.json, written by `npm run schema` from
 * `draftAnswerSchema`), so main.js carries the JSON instead of zod's JSON Schema
 * generator (about 21 KB). test/core/assistant/json-schema.test.ts fails when the
 * file no longer matches the schema.
 */
import answer from "./answer-schema.json";

export function answerJsonSchema(): Record<string, unknown> {
	return structuredClone(answer);
}
