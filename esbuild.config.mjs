// Builds the Obsidian plugin (main.js, CJS, browser conditions, no Node built-ins)
// and the Node CLI (dist/cli.js, ESM). `node esbuild.config.mjs production` builds
// both once; without an argument it watches the plugin.
import esbuild from "esbuild";
import { builtinModules, createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const prod = process.argv[2] === "production";

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The plugin's schemas use zod/mini (about 50 KB of main.js with the English
 * messages and the JSON Schema generator). Classic `import { z } from "zod"` would
 * pull in classic zod next to it (another 110 KB or more), so in the plugin graph
 * it is a build error. The CLI and the simulator (Node only) keep classic zod.
 * @type {import('esbuild').Plugin}
 */
const noClassicZod = {
	name: "no-classic-zod",
	setup(build) {
		build.onResolve({ filter: /^zod(\/v4|\/v4\/classic|\/v3)?$/ }, (args) => ({
			errors: [{ text: `${args.importer} imports "${args.path}": plugin code uses "zod/mini" (import * as z from "zod/mini"); classic zod adds 110 KB or more to main.js` }],
		}));
	},
};

/**
 * js-yaml's loader requires its full schema (with the !!js/* types) for `load`;
 * main.js only reads YAML through safeLoad (src/shims/js-yaml.mjs), whose schema is
 * default_safe, so the loader gets that one in the plugin bundle.
 * @type {import('esbuild').Plugin}
 */
const yamlSafeSchemaOnly = {
	name: "js-yaml-safe-schema-only",
	setup(build) {
		build.onResolve({ filter: /^\.\/schema\/default_full$/ }, (args) =>
			/[\\/]js-yaml[\\/]lib[\\/]js-yaml[\\/]loader\.js$/.test(args.importer) ? { path: fileURLToPath(new URL("./node_modules/js-yaml/lib/js-yaml/schema/default_safe.js", import.meta.url)) } : undefined,
		);
	},
};

/**
 * micromark's inline constructs are not needed to find fenced code blocks; the
 * plugin bundle gets the block constructs only (src/shims/micromark-constructs.mjs).
 * @type {import('esbuild').Plugin}
 */
const blockConstructsOnly = {
	name: "micromark-block-constructs-only",
	setup(build) {
		build.onResolve({ filter: /^\.\/constructs\.js$/ }, (args) =>
			/[\\/]micromark[\\/]lib[\\/]parse\.js$/.test(args.importer) ? { path: fileURLToPath(new URL("./src/shims/micromark-constructs.mjs", import.meta.url)) } : undefined,
		);
	},
};

/**
 * The script assistant's JSON Schema (src/core/assistant/json-schema.ts) comes from
 * zod's generator, which main.js does not need to carry: the build runs that module
 * on the answer schema once (in Node, bundled from the same sources) and puts the
 * resulting JSON in main.js in its place. The sources it read are watched in
 * watch mode.
 * @type {import('esbuild').Plugin}
 */
const prebuiltAnswerJsonSchema = {
	name: "prebuilt-answer-json-schema",
	setup(build) {
		build.onLoad({ filter: /[\\/]src[\\/]core[\\/]assistant[\\/]json-schema\.ts$/ }, async () => {
			const root = fileURLToPath(new URL(".", import.meta.url));
			const result = await esbuild.build({
				stdin: {
					contents: 'import { draftAnswerSchema } from "./src/core/assistant/schema"; import { answerJsonSchema } from "./src/core/assistant/json-schema"; export default answerJsonSchema(draftAnswerSchema);',
					resolveDir: root,
					loader: "ts",
				},
				absWorkingDir: root,
				bundle: true,
				platform: "node",
				format: "cjs",
				write: false,
				metafile: true,
				logLevel: "silent",
			});
			const mod = { exports: /** @type {{ default?: unknown }} */ ({}) };
			new Function("module", "exports", "require", result.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
			if (typeof mod.exports.default !== "object" || mod.exports.default === null) throw new Error("the answer JSON Schema could not be computed");
			return {
				contents: `// Computed at build time by esbuild.config.mjs from src/core/assistant/json-schema.ts.\nexport function answerJsonSchema() {\n\treturn ${JSON.stringify(mod.exports.default)};\n}\n`,
				loader: "js",
				watchFiles: Object.keys(result.metafile.inputs)
					.filter((f) => !f.startsWith("<stdin>"))
					.map((f) => fileURLToPath(new URL(f, pathToFileURL(root)))),
			};
		});
	},
};

/** @type {import('esbuild').BuildOptions} */
export const plugin = {
	entryPoints: ["src/main.ts"],
	bundle: true,
	format: "cjs",
	target: "es2020",
	outfile: "main.js",
	logLevel: "info",
	treeShaking: true,
	minify: prod,
	sourcemap: prod ? false : "inline",
	external: [
		"obsidian",
		"electron",
		"@codemirror/*",
		"@lezer/*",
		// Left external on purpose: if anything in the plugin graph reaches for a Node
		// built-in, the mobile-load smoke test sees a live require() and fails.
		...nodeBuiltins,
	],
	// gray-matter requires `fs` at module top level (only for matter.read) and calls
	// Buffer.from on strings. Give the plugin bundle small browser-safe stand-ins.
	// decode-named-character-reference (under remark) has a "browser" build that calls
	// document.createElement at module load and decodes through innerHTML, and a
	// plain build with a 35 KB table; the shim decodes on first use (see the file).
	// js-yaml: gray-matter's safeLoad without the dumper (see src/shims/js-yaml.mjs).
	alias: {
		fs: "./src/shims/empty.ts",
		"decode-named-character-reference": "./src/shims/decode-named-character-reference.ts",
		"js-yaml": "./src/shims/js-yaml.mjs",
	},
	plugins: [noClassicZod, yamlSafeSchemaOnly, blockConstructsOnly, prebuiltAnswerJsonSchema],
	inject: ["./src/shims/buffer.ts"],
	banner: { js: "/* CineFlow for Obsidian — bundled with esbuild. */" },
};

/** @type {import('esbuild').BuildOptions} */
const cli = {
	entryPoints: ["src/cli/main.ts"],
	bundle: true,
	platform: "node",
	format: "esm",
	target: "node20",
	outfile: "dist/cli.js",
	// undici is loaded from node_modules at run time: bundled, its AbortSignal
	// checks no longer recognize Node's own signals.
	external: ["undici"],
	logLevel: "info",
	minify: false,
	sourcemap: false,
	banner: {
		js: "#!/usr/bin/env node\nimport { createRequire as __cfCreateRequire } from 'node:module';\nconst require = __cfCreateRequire(import.meta.url);",
	},
};

// Only build when run as a script: tests and benches import the options above to
// build the same plugin bundle into a temporary place.
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (isMain && prod) {
	await Promise.all([esbuild.build(plugin), esbuild.build(cli)]);
} else if (isMain) {
	const ctx = await esbuild.context(plugin);
	await ctx.watch();
}
