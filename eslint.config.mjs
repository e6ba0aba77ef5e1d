// Flat ESLint config. Plugin code (everything under src/ that ships in main.js) gets
// eslint-plugin-obsidianmd's `recommended` set with typescript-eslint type-checked
// rules. Node-side code (the CLI and the simulator), the tests (test/) and the
// benchmarks (bench/) are not plugin code: they may use fs, fetch and the console,
// so they get typescript-eslint's recommended rules with Node globals; bench's .mjs
// runner and scripts/test-mirror.mjs get @eslint/js recommended. No disable
// comments anywhere.
import { defineConfig, globalIgnores } from "eslint/config";
import js from "@eslint/js";
import obsidianmd from "eslint-plugin-obsidianmd";
import tseslint from "typescript-eslint";
import globals from "globals";

const nodeSide = ["src/cli/**/*.ts", "src/sim/**/*.ts"];
const testSide = ["test/**/*.ts", "bench/**/*.ts"];

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
]);
