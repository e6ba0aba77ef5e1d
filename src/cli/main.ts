/**
 * `cineflow`: the same core as the plugin, over a vault folder from a terminal.
 * This file only dispatches; each command lives in its own file.
 *
 *   cineflow generate <note-or-folder> [flags]   generate (or --dry-run) shots (generate.ts)
 *   cineflow draft <note> [flags]                draft shot blocks from a script (chat model)
 *   cineflow cut <note> [flags]                  export the chosen takes as a cut
 *   cineflow models                              models, their status, controls and prices
 *   cineflow demo                                offline demo against the simulator
 *   cineflow sim [flags]                         run the provider simulator
 *
 * Every command takes `--lang en|zh` (else LC_ALL, LC_MESSAGES, LANG). Exit codes:
 * 0 all done or skipped, 1 some shots failed, 2 bad input or usage, 3 stopped by quota or auth.
 */
import { setMaxListeners } from "node:events";
import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setLanguage, t } from "../core";
import { runSimCli } from "../sim/cli";
import { UsageError } from "./args";
import { cutCommand } from "./cut";
import { runDemo } from "./demo";
import { draftCommand } from "./draft";
import { generateCommand, usage } from "./generate";
import { envRedactor } from "./keys";
import { chooseLanguage } from "./lang";
import { modelsCommand } from "./models";
import { version as VERSION } from "../../package.json";

// What tests and other callers import from here (the command lives in generate.ts).
export { exitCodeFor, findVaultRoot, generateCommand, scaledDownloadLimits, type GenerateDeps } from "./generate";

/** After a usage error: one line, and where the usage is (not the whole usage). */
export function usageHint(): string {
	return t("cli.usageHint");
}

export async function main(argv: string[]): Promise<number> {
	// Every in-flight job waits on the run's abort signal; hundreds at once are expected.
	setMaxListeners(10_000);
	let args = argv;
	try {
		const choice = chooseLanguage(argv, process.env);
		setLanguage(choice.lang);
		args = choice.argv;
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		process.stderr.write(`${t("cli.errorLine", { message: e.message })}\n${usageHint()}\n`);
		return 2;
	}
	const [cmd, ...rest] = args;
	if (cmd === "--version" || cmd === "-v" || cmd === "version") {
		process.stdout.write(`cineflow ${VERSION}\n`);
		return 0;
	}
	try {
		switch (cmd) {
			case "generate":
				return await generateCommand(rest);
			case "demo":
				return await runDemo(rest, { examplesDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "examples", "vault") });
			case "sim":
				return await runSimCli(rest);
			case "draft":
				return await draftCommand(rest);
			case "cut":
				return await cutCommand(rest);
			case "models":
				return modelsCommand(rest, process.stdout);
			case undefined:
			case "help":
			case "--help":
			case "-h":
				process.stdout.write(usage() + "\n");
				return cmd === undefined ? 2 : 0;
			default:
				throw new UsageError(t("cli.unknownCommand", { command: cmd }));
		}
	} catch (e) {
		const redact = envRedactor(process.env);
		if (e instanceof UsageError) {
			process.stderr.write(`${t("cli.errorLine", { message: redact(e.message) })}\n${usageHint()}\n`);
			return 2;
		}
		process.stderr.write(`${t("cli.errorLine", { message: redact(e instanceof Error ? e.message : String(e)) })}\n`);
		return 2;
	}
}

/** The script Node was started with, through any symlink (`npm link` and npx start `…/bin/cineflow`). */
function invokedScript(): string {
	const arg = process.argv[1];
	if (!arg) return "";
	try {
		return realpathSync(arg);
	} catch {
		return path.resolve(arg);
	}
}

const invoked = invokedScript();
if (invoked && (invoked === fileURLToPath(import.meta.url) || invoked.endsWith(`${path.sep}cli.js`))) {
	// `cineflow models | head`: a reader that stops early is not an error.
	process.stdout.on("error", (e: NodeJS.ErrnoException) => {
		if (e.code === "EPIPE") process.exit(0);
		throw e;
	});
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(e: unknown) => {
			process.stderr.write(`${t("cli.errorLine", { message: envRedactor(process.env)(e instanceof Error ? e.message : String(e)) })}\n`);
			process.exitCode = 2;
		},
	);
}
