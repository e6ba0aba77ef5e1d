// Flat ESLint config. Plugin code (everything under src/ that ships in main.js) gets
// eslint-plugin-obsidianmd's `recommended` set with typescript-eslint type-checked
// rules. Node-side code (the CLI and the simulator), the tests (test/) and the
// benchmarks (bench/) are not plugin code: they may use fs, fetch and the console,
// so they get typescript-eslint's recommended rules with Node globals; bench's .mjs
// runner and scripts/test-mirror.mjs get @eslint/js recommended. No disable
// comments anywhere.
//
// The last blocks are the layer rules (ARCHITECTURE.md, "Rules that keep it this
// way"): which folder of src/ may import what, as `no-restricted-imports` errors.
// The plugin blocks keep obsidianmd's own `@typescript-eslint/no-restricted-imports`
// list (axios, moment, …); the layer rules use the base rule, so neither replaces
// the other. Import cycles are checked by `npm run cycles` (madge, in .ci/run).
import { builtinModules } from "node:module";
import { defineConfig, globalIgnores } from "eslint/config";
import js from "@eslint/js";
import obsidianmd from "eslint-plugin-obsidianmd";
import tseslint from "typescript-eslint";
import globals from "globals";

// The scaled and virtual clocks (and the timer sleep they and the CLI share) run in the CLI, the simulator and tests, never in main.js.
const nodeSide = ["src/cli/**/*.ts", "src/sim/**/*.ts", "src/clocks/scaled.ts", "src/clocks/virtual.ts", "src/clocks/sleep.ts"];
const testSide = ["test/**/*.ts", "bench/**/*.ts"];

// ---- Layer rules -----------------------------------------------------------
const builtins = builtinModules.filter((m) => !m.startsWith("_"));
/** Node built-ins (`fs`, `path`, `node:…`) and the host apps' modules. */
const platform = (why) => ({
	paths: [...builtins, "obsidian", "electron"].map((name) => ({ name, message: why })),
	patterns: [{ regex: "^node:", message: why }],
});
/** `no-restricted-imports` for a layer: the platform paths (unless allowed) plus patterns on relative imports. */
const layer = ({ why, patterns = [], allowPlatform = false }) => {
	const base = allowPlatform ? { paths: [], patterns: [] } : platform(why);
	return ["error", { paths: base.paths, patterns: [...base.patterns, ...patterns] }];
};
const layerRules = [
	{
		// The core is pure: no host app, no Node, no adapter, no simulator, no clock or
		// random implementation (those come in through src/ports/).
		files: ["src/core/**/*.ts"],
		rules: {
			"no-restricted-imports": layer({
				why: "src/core is pure: it reaches the world only through src/ports/ (ARCHITECTURE.md).",
				patterns: [
					{
						regex: "^(\\.\\./)+(obsidian|cli|sim|clocks|shims)(/|$)",
						message: "src/core may not import adapters, the simulator or clock/random implementations: inject them through src/ports/.",
					},
					{ regex: "^(\\.\\./)+main$", message: "src/core may not import the plugin's entry point." },
				],
			}),
			// Time and randomness come in through the Clock and Random ports (a virtual clock and a seeded source in tests).
			"no-restricted-properties": [
				"error",
				{ object: "Math", property: "random", message: "src/core draws no random numbers: take a Random (ports/random.ts) from the caller." },
				{ object: "Date", property: "now", message: "src/core never reads the wall clock: use the injected Clock (ports/clock.ts)." },
				{ object: "performance", property: "now", message: "src/core never reads the wall clock: use the injected Clock (ports/clock.ts)." },
				{
					object: "crypto",
					message: "src/core uses no Web Crypto: randomness comes from a Random (ports/random.ts), hashes from @noble/hashes (core/hash.ts).",
				},
				{
					property: "crypto",
					message: "src/core uses no Web Crypto: randomness comes from a Random (ports/random.ts), hashes from @noble/hashes (core/hash.ts).",
				},
			],
			"no-restricted-syntax": [
				"error",
				{
					selector: "NewExpression[callee.name='Date'][arguments.length=0]",
					message: "src/core never reads the wall clock: use the injected Clock (ports/clock.ts).",
				},
				{
					selector: "CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate)$/]",
					message: "src/core sets no timers: sleep on the injected Clock (ports/clock.ts).",
				},
			],
		},
	},
	{
		// Ports are interfaces (and tiny helpers): they import only other ports.
		files: ["src/ports/**/*.ts"],
		rules: {
			"no-restricted-imports": layer({
				why: "src/ports holds interfaces only: no host app, no Node.",
				patterns: [{ regex: "^(?!\\./)", message: "src/ports may import only src/ports (./…)." }],
			}),
		},
	},
	{
		// Clocks and random sources: implementations of ports, shared by the CLI, the plugin, the simulator and tests.
		files: ["src/clocks/**/*.ts"],
		rules: {
			"no-restricted-imports": layer({
				why: "src/clocks runs in the plugin too: no host app, no Node.",
				patterns: [{ regex: "^(?!\\./|\\.\\./ports/)", message: "src/clocks may import only src/ports and itself." }],
			}),
		},
	},
	{
		// The plugin: the core only through its facade; never the CLI or the simulator.
		files: ["src/obsidian/**/*.ts", "src/main.ts"],
		rules: {
			"no-restricted-imports": layer({
				why: "",
				allowPlatform: true,
				patterns: [
					{
						regex: "^\\.{1,2}/(\\.\\./)*core/.",
						message: "Adapters import the core through its facade (src/core/index.ts), not deep core paths: add the name to src/core/index.ts.",
					},
					{ regex: "^\\.{1,2}/(\\.\\./)*(cli|sim)(/|$)", message: "The plugin may not import the CLI or the simulator." },
				],
			}),
		},
	},
	{
		// The CLI: the core only through its facade; never the plugin's code or the host app.
		files: ["src/cli/**/*.ts"],
		rules: {
			"no-restricted-imports": layer({
				why: "",
				allowPlatform: true,
				patterns: [
					{
						regex: "^\\.{1,2}/(\\.\\./)*core/.",
						message: "Adapters import the core through its facade (src/core/index.ts), not deep core paths: add the name to src/core/index.ts.",
					},
					{
						regex: "^(obsidian|electron)$|^\\.{1,2}/(\\.\\./)*(obsidian|main)(/|$)",
						message: "The CLI may not import Obsidian or the plugin's code.",
					},
				],
			}),
		},
	},
	{
		// The simulator stands in for providers: it may use the core and Node, never Obsidian or the CLI.
		files: ["src/sim/**/*.ts"],
		rules: {
			"no-restricted-imports": layer({
				why: "",
				allowPlatform: true,
				patterns: [
					{
						regex: "^(obsidian|electron)$|^\\.{1,2}/(\\.\\./)*(obsidian|cli|main)(/|$)",
						message: "src/sim may not import Obsidian, the plugin or the CLI.",
					},
				],
			}),
		},
	},
];

export default defineConfig([
	globalIgnores([
		"node_modules/**",
		"main.js",
		"dist/**",
		"coverage/**",
		"bench/.out/**",
		"test/artifacts/**",
		"examples/**",
		"**/*.mjs",
		"!bench/*.mjs",
		"!scripts/test-mirror.mjs",
		"**/*.cjs",
		"vitest.config.ts",
		".ci/**",
	]),
	{
		files: ["src/**/*.ts"],
		ignores: nodeSide,
		extends: [obsidianmd.configs.recommended],
		languageOptions: {
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
			},
		},
	},
	{
		files: ["package.json"],
		extends: [obsidianmd.configs.recommended],
	},
	{
		files: [...nodeSide, ...testSide],
		extends: [tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node } },
		rules: { "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }] },
	},
	{
		files: ["bench/*.mjs", "scripts/test-mirror.mjs"],
		extends: [js.configs.recommended],
		languageOptions: { globals: { ...globals.node } },
	},
	...layerRules,
]);
