// Writes src/core/assistant/answer-schema.json: zod's JSON Schema (input side) of
// the script assistant's answer schema. main.js carries this committed JSON
// instead of zod's JSON Schema generator (about 21 KB). Run `npm run schema`
// after changing src/core/assistant/schema.ts; test/core/assistant/json-schema.test.ts
// fails while the committed file is stale.
import esbuild from "esbuild";
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const result = await esbuild.build({
	stdin: {
		contents:
			'import * as z from "zod/mini"; import { draftAnswerSchema } from "./src/core/assistant/schema"; export default z.toJSONSchema(draftAnswerSchema, { io: "input", unrepresentable: "any" });',
		resolveDir: root,
		loader: "ts",
	},
	absWorkingDir: root,
	bundle: true,
	platform: "node",
	format: "cjs",
	write: false,
	logLevel: "silent",
});
const mod = { exports: /** @type {{ default?: unknown }} */ ({}) };
new Function("module", "exports", "require", result.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
if (typeof mod.exports.default !== "object" || mod.exports.default === null) throw new Error("the answer JSON Schema could not be computed");
const out = fileURLToPath(new URL("../src/core/assistant/answer-schema.json", import.meta.url));
writeFileSync(out, JSON.stringify(mod.exports.default, null, "\t") + "\n");
console.log(`wrote ${out}`);
