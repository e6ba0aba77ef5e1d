// Builds the Obsidian plugin (main.js, CJS, browser conditions, no Node built-ins)
// and the Node CLI (dist/cli.js, ESM). `node esbuild.config.mjs production` builds
// both once; without an argument it watches the plugin.
import esbuild from "esbuild";
import { builtinModules } from "node:module";
import { pathToFileURL } from "node:url";
import { blockConstructsOnly, noClassicZod, yamlSafeSchemaOnly } from "./build/plugins.mjs";

const prod = process.argv[2] === "production";

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** @type {import('esbuild').BuildOptions} */
export const plugin = {
	entryPoints: ["src/main.ts"],
	bundle: true,
	format: "cjs",
	target: "es2020",
	outfile: "main.js",
	logLevel: "info",
	treeShaking: true,
	// Chinese messages as UTF-8 (3 bytes a character), not \uXXXX escapes (6).
	charset: "utf8",
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
	plugins: [noClassicZod, yamlSafeSchemaOnly, blockConstructsOnly],
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
