// Everything zod/v4/classic/external.js exports except the `core` and `locales`
// namespaces and `fromJSONSchema`, which plugin code does not use (see zod.mjs).
// test/smoke/shims.test.ts checks that nothing else is missing.
export * from "../../node_modules/zod/v4/classic/schemas.js";
export * from "../../node_modules/zod/v4/classic/checks.js";
export * from "../../node_modules/zod/v4/classic/errors.js";
export * from "../../node_modules/zod/v4/classic/parse.js";
export * from "../../node_modules/zod/v4/classic/compat.js";
export {
	globalRegistry,
	registry,
	config,
	$output,
	$input,
	$brand,
	clone,
	regexes,
	treeifyError,
	prettifyError,
	formatError,
	flattenError,
	TimePrecision,
	util,
	NEVER,
} from "../../node_modules/zod/v4/core/index.js";
export { input, output } from "../../node_modules/zod/v4/classic/in-out.js";
export * as coerce from "../../node_modules/zod/v4/classic/coerce.js";
export { memoizer, INVALID, toZod, compile, withParser, ZodCompileAsyncError, ZodCompileUnsupportedError, getDiscriminatedOption } from "../../node_modules/zod/v4/core/index.js";
export { deepPartial } from "../../node_modules/zod/v4/classic/deep-partial.js";
export { ZodISODateTime, ZodISODate, ZodISOTime, ZodISODuration } from "../../node_modules/zod/v4/classic/iso.js";
export * as iso from "../../node_modules/zod/v4/classic/iso.js";
// The script assistant sends its answer schema as JSON Schema (src/core/assistant/schema.ts).
export { toJSONSchema } from "../../node_modules/zod/v4/core/json-schema-processors.js";
