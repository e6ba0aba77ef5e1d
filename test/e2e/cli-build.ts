/** Builds the CLI into a temp folder so tests can run it as a real child process. */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import esbuild from "esbuild";

export async function buildCli(): Promise<{ cli: string; dispose(): Promise<void> }> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-cli-"));
	const cli = path.join(dir, "cli.mjs");
	await esbuild.build({
		entryPoints: [path.resolve("src/cli/main.ts")],
		bundle: true,
		platform: "node",
		format: "esm",
		target: "node20",
		outfile: cli,
		external: ["undici"],
		banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
		logLevel: "warning",
	});
	// The bundle loads undici from the project's node_modules.
	await fs.symlink(path.resolve("node_modules"), path.join(dir, "node_modules"));
	return { cli, dispose: () => fs.rm(dir, { recursive: true, force: true }) };
}
