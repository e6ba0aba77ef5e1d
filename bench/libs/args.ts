/**
 * CLI arguments (issue 18): our own parser as it was (baseline/args.ts, commit
 * 2243c22) against `node:util` parseArgs under the same checks (src/cli/args.ts),
 * on the same 20,000 valid `cineflow generate` argument lists, interleaved; and the
 * size of each in the CLI bundle (node:util is Node's own, so it adds no bytes).
 */
import { execFileSync } from "node:child_process";
import esbuild from "esbuild";
import { parseArgs as ours, type FlagSpec } from "./baseline/args";
import { parseArgs as lib } from "../../src/cli/args";
import { seededRandom } from "../../src/core/scheduler/random";
import { kb, race, x } from "./measure";

/** The shape of `cineflow generate`'s flags: strings with values, booleans without. */
const SPEC: Record<string, FlagSpec> = Object.fromEntries([
	...[
		"vault",
		"provider",
		"model",
		"base-url",
		"concurrency",
		"duration",
		"size",
		"orientation",
		"shots",
		"takes",
		"time-scale",
		"budget",
		"uploader",
		"upload-url",
	].map((n) => [n, { type: "string" } as FlagSpec]),
	...["dry-run", "json", "pro", "override", "resume", "help"].map((n) => [n, { type: "boolean" } as FlagSpec]),
]);

function argLists(n: number): string[][] {
	const rand = seededRandom(18);
	const names = Object.keys(SPEC);
	const out: string[][] = [];
	for (let i = 0; i < n; i++) {
		const args = [`Scenes/Ep${i}.md`];
		const k = 1 + Math.floor(rand() * 8);
		for (let j = 0; j < k; j++) {
			const name = names[Math.floor(rand() * names.length)]!;
			if (SPEC[name]!.type === "boolean") args.push(`--${name}`);
			else if (rand() < 0.5) args.push(`--${name}`, `v${j}`);
			else args.push(`--${name}=v${j}`);
		}
		out.push(args);
	}
	return out;
}

async function cliBytes(file: string): Promise<number> {
	const r = await esbuild.build({
		stdin: { contents: `export { parseArgs } from ${JSON.stringify(file)};`, resolveDir: process.cwd(), loader: "ts" },
		bundle: true,
		minify: true,
		format: "esm",
		platform: "node",
		write: false,
		logLevel: "silent",
		// The parser alone: the core (its messages, in the new one) is counted elsewhere.
		plugins: [{ name: "core-external", setup: (b) => b.onResolve({ filter: /^\.\.\/core$/ }, (a) => ({ path: a.path, external: true })) }],
	});
	return r.outputFiles[0]!.contents.length;
}

export async function argRows(): Promise<string[]> {
	const lists = argLists(20_000);
	// Same answers before timing anything: the swap must not change what a command sees.
	for (const a of lists) if (JSON.stringify(ours(a, SPEC)) !== JSON.stringify(lib(a, SPEC))) throw new Error(`parsers disagree on ${a.join(" ")}`);
	const t = race(
		() => lists.forEach((a) => ours(a, SPEC)),
		() => lists.forEach((a) => lib(a, SPEC)),
	);
	// What one parse is set against: starting the CLI (npm run bench builds dist/cli.js first).
	const starts: number[] = [];
	for (let i = 0; i < 3; i++) {
		const t0 = performance.now();
		execFileSync(process.execPath, ["dist/cli.js", "--version"]);
		starts.push(performance.now() - t0);
	}
	const startMs = [...starts].sort((a, b) => a - b)[1]!;
	const oursB = await cliBytes("./bench/libs/baseline/args.ts");
	const libB = await cliBytes("./src/cli/args.ts");
	return [
		`| Parse 20,000 \`generate\` argument lists (same results checked first) | ${t.oursMs.toFixed(1)} ms | ${t.libMs.toFixed(1)} ms (node:util parseArgs) | ${x(t.ratio)} | library (\`cli/args.ts\`): slower per call, but that is ${((t.libMs / lists.length) * 1000).toFixed(0)} µs once per command, against ${startMs.toFixed(0)} ms to start the CLI (\`node dist/cli.js --version\`, median of 3); Node's own tokenizer (\`--a=b\`, \`--\`, short options) instead of ours |`,
		`| CLI bundle size of the parser, minified | ${kb(oursB)} | ${kb(libB)} (node:util is built into Node) | — | CLI only |`,
	];
}
