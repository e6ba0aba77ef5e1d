// Runs every benchmark and writes bench/RESULTS.md.
// Each bench is a TypeScript module bench/<name>/index.ts exporting
//   export async function run(): Promise<{ title: string; markdown: string }>
// It is bundled with esbuild (so it runs the real src/ code) and executed here.
// Usage: npm run bench [-- name ...]   (default: every bench, in the order below)
import esbuild from "esbuild";
import { mkdir, writeFile, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import os from "node:os";

const ORDER = ["parse", "scheduler", "plugin", "libs"];
const wanted = process.argv.slice(2);
const names = (wanted.length ? wanted : ORDER).filter((n) => existsSync(`bench/${n}/index.ts`));

await mkdir("bench/.out", { recursive: true });
const runStarted = Date.now();
const sections = [];
for (const name of names) {
	const outfile = `bench/.out/${name}.mjs`;
	await esbuild.build({
		entryPoints: [`bench/${name}/index.ts`],
		bundle: true,
		platform: "node",
		format: "esm",
		target: "node20",
		outfile,
		logLevel: "warning",
		// esbuild itself cannot be bundled; a bench that builds (plugin) loads it from node_modules.
		external: ["esbuild"],
		banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
	});
	const started = Date.now();
	process.stdout.write(`bench ${name}… `);
	const mod = await import(pathToFileURL(outfile).href + `?t=${started}`);
	const { title, markdown } = await mod.run();
	process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	sections.push({ name, title, markdown });
}

// Keep sections of benches not run this time.
const path = "bench/RESULTS.md";
const previous = existsSync(path) ? await readFile(path, "utf8") : "";
const kept = new Map();
for (const m of previous.matchAll(/<!-- bench:(\w+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) kept.set(m[1], m[2]);
for (const s of sections) kept.set(s.name, `## ${s.title}\n\n${s.markdown.trim()}\n\n`);

const took = `This run (${names.join(", ")}) took ${((Date.now() - runStarted) / 1000).toFixed(1)} s wall clock, builds included.`;
const header = `# Benchmark results\n\nWritten by \`npm run bench\`. ${took} Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.\nFigures that compare policies are ratios measured in one run; wall-clock figures are medians on a shared, noisy machine.\n\n`;
const order = [...ORDER, ...[...kept.keys()].filter((k) => !ORDER.includes(k))];
let body = header;
for (const k of order) if (kept.has(k)) body += `<!-- bench:${k} -->\n${kept.get(k)}<!-- /bench:${k} -->\n\n`;
await writeFile(path, body.trimEnd() + "\n");
console.log(`wrote ${path}`);
