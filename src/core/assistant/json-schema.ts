/**
 * zod's JSON Schema (input side) of the script assistant's answer schema, before
 * `draftJsonSchema` makes it fit strict structured output. Its only caller passes
 * `draftAnswerSchema`.
 *
 * The plugin build (esbuild.config.mjs) replaces this module with the JSON this
 * function returns for `draftAnswerSchema`, computed by this same code at build
 * time: main.js then carries the result instead of zod's JSON Schema generator
 * (about 21 KB). test/smoke/mobile-load.test.ts checks that the plugin build's
 * `draftJsonSchema()` equals Node's.
 */
import * as z from "zod/mini";

export function answerJsonSchema(schema: z.ZodMiniType): Record<string, unknown> {
	return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
}
