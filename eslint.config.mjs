// Flat ESLint config. Plugin code (everything under src/ that ships in main.js) gets
// eslint-plugin-obsidianmd's `recommended` set with typescript-eslint type-checked
// rules. Node-side code (the CLI and the simulator) and tests are not plugin code:
// they may use fs, fetch and the console, so they get typescript-eslint's
// recommended rules only. No disable comments anywhere.
import { defineConfig, globalIgnores } from "eslint/config";
import obsidianmd from "eslint-plugin-obsidianmd";
import tseslint from "typescript-eslint";
import globals from "globals";

const nodeSide = ["src/cli/**/*.ts", "src/sim/**/*.ts"];

export default defineConfig([
	globalIgnores([
		"node_modules/**",
		"main.js",
		"dist/**",
		"coverage/**",
		"test/**",
		"bench/**",
		"examples/**",
		"**/*.mjs",
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
		files: nodeSide,
		extends: [tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node } },
	},
]);
