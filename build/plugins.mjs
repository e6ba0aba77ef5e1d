// The esbuild plugins of the plugin bundle (main.js): each keeps something out of
// main.js that the plugin does not need. See build/README.md.
import { fileURLToPath } from "node:url";

/**
 * The plugin's schemas use zod/mini (about 50 KB of main.js with the English
 * messages and the JSON Schema generator). Classic `import { z } from "zod"` would
 * pull in classic zod next to it (another 110 KB or more), so in the plugin graph
 * it is a build error. The CLI and the simulator (Node only) keep classic zod.
 * @type {import('esbuild').Plugin}
 */
export const noClassicZod = {
	name: "no-classic-zod",
	setup(build) {
		build.onResolve({ filter: /^zod(\/v4|\/v4\/classic|\/v3)?$/ }, (args) => ({
			errors: [
				{
					text: `${args.importer} imports "${args.path}": plugin code uses "zod/mini" (import * as z from "zod/mini"); classic zod adds 110 KB or more to main.js`,
				},
			],
		}));
	},
};

/**
 * js-yaml's loader requires its full schema (with the !!js/* types) for `load`;
 * main.js only reads YAML through safeLoad (src/shims/js-yaml.mjs), whose schema is
 * default_safe, so the loader gets that one in the plugin bundle.
 * @type {import('esbuild').Plugin}
 */
export const yamlSafeSchemaOnly = {
	name: "js-yaml-safe-schema-only",
	setup(build) {
		build.onResolve({ filter: /^\.\/schema\/default_full$/ }, (args) =>
			/[\\/]js-yaml[\\/]lib[\\/]js-yaml[\\/]loader\.js$/.test(args.importer)
				? { path: fileURLToPath(new URL("../node_modules/js-yaml/lib/js-yaml/schema/default_safe.js", import.meta.url)) }
				: undefined,
		);
	},
};

/**
 * micromark's inline constructs are not needed to find fenced code blocks; the
 * plugin bundle gets the block constructs only (src/shims/micromark-constructs.mjs).
 * @type {import('esbuild').Plugin}
 */
export const blockConstructsOnly = {
	name: "micromark-block-constructs-only",
	setup(build) {
		build.onResolve({ filter: /^\.\/constructs\.js$/ }, (args) =>
			/[\\/]micromark[\\/]lib[\\/]parse\.js$/.test(args.importer)
				? { path: fileURLToPath(new URL("../src/shims/micromark-constructs.mjs", import.meta.url)) }
				: undefined,
		);
	},
};
