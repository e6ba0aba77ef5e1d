/**
 * Plugin bench: the size of the built main.js (what `npm run bench` just built with
 * `node esbuild.config.mjs production`) and the time of its onload in the
 * mobile-load harness (test/smoke/vm-host.ts: a vm context with no Node globals
 * and the obsidian stub). Each run is a fresh context: evaluate main.js, construct
 * the plugin, load() and await onload.
 */
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { pathToFileURL } from "node:url";
import esbuild, { type BuildOptions } from "esbuild";
import { bootInVm, buildStubBundle } from "../../test/smoke/vm-host";
import { CATALOG } from "../../src/core/providers/catalog";

const RUNS = 31;
const SIZE_TARGET_KB = 300;
const ONLOAD_TARGET_MS = 5;

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const kb = (n: number) => (n / 1024).toFixed(1);

/**
 * main.js as it would be without the size measures of esbuild.config.mjs (its
 * plugins and the js-yaml and entity-decoder aliases): js-yaml whole, micromark
 * with its inline constructs, zod's JSON Schema generator, and remark's entity
 * decoder on its plain build (its browser build touches the DOM at load, which
 * the vm harness does not have). The source-level measure (zod/mini) is in both
 * builds.
 */
async function buildWithoutShims(): Promise<string> {
	const config = (await import(pathToFileURL(path.resolve("esbuild.config.mjs")).href)) as { plugin: BuildOptions };
	const alias = Object.fromEntries(Object.entries(config.plugin.alias ?? {}).filter(([k]) => k !== "js-yaml"));
	alias["decode-named-character-reference"] = "./node_modules/decode-named-character-reference/index.js";
	const result = await esbuild.build({ ...config.plugin, alias, plugins: [], minify: true, sourcemap: false, write: false, logLevel: "silent" });
	return result.outputFiles?.[0]?.text ?? "";
}

/** Bytes in main.js per package (node_modules/<pkg>) or per src/ folder, from esbuild's metafile. */
async function breakdown(): Promise<[string, number][]> {
	const config = (await import(pathToFileURL(path.resolve("esbuild.config.mjs")).href)) as { plugin: BuildOptions };
	const result = await esbuild.build({ ...config.plugin, minify: true, sourcemap: false, write: false, metafile: true, logLevel: "silent" });
	const by = new Map<string, number>();
	for (const out of Object.values(result.metafile?.outputs ?? {})) {
		for (const [input, info] of Object.entries(out.inputs)) {
			const parts = input.split("/");
			const key =
				parts[0] === "node_modules"
					? parts.slice(0, (parts[1] ?? "").startsWith("@") ? 3 : 2).join("/")
					: parts.length <= 3
						? input
						: parts.slice(0, 3).join("/");
			by.set(key, (by.get(key) ?? 0) + info.bytesInOutput);
		}
	}
	return [...by.entries()].sort((a, b) => b[1] - a[1]);
}

export async function run(): Promise<{ title: string; markdown: string }> {
	const code = await readFile("main.js", "utf8");
	const bytes = Buffer.byteLength(code);
	const gz = gzipSync(code).length;
	const stub = await buildStubBundle();
	const files = { "Films/Scene.md": "```shot\nid: s1\nprompt: A lighthouse at dusk\n```\n" };

	const onload: number[] = [];
	const evalMs: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const r = await bootInVm(code, stub, files);
		onload.push(r.onloadMs);
		evalMs.push(r.evalMs);
		r.plugin.unload();
		r.host.dispose();
	}
	const { commands, refused } = await (async () => {
		const r = await bootInVm(code, stub, files);
		const n = r.app.commands__.size;
		r.plugin.unload();
		r.host.dispose();
		return { commands: n, refused: [...new Set(r.host.refusedRequires.filter((x) => x.from === "main.js").map((x) => x.id))] };
	})();

	const plain = await buildWithoutShims();
	const plainBytes = Buffer.byteLength(plain);
	const plainEval: number[] = [];
	for (let i = 0; i < 11; i++) {
		const r = await bootInVm(plain, stub, files);
		plainEval.push(r.evalMs);
		r.plugin.unload();
		r.host.dispose();
	}

	const sizeOk = bytes <= SIZE_TARGET_KB * 1024;
	const medOnload = median(onload);
	const onloadOk = medOnload <= ONLOAD_TARGET_MS;
	const all = await breakdown();
	const top = all.slice(0, 8);
	const providerBytes = all.find(([k]) => k === "src/core/providers")?.[1] ?? 0;
	const providers = Object.values(CATALOG);
	const models = providers.reduce((n, p) => n + p.models.length, 0);

	const md = [
		`main.js as built by \`node esbuild.config.mjs production\` (minified, CommonJS, no source map). The plugin registered ${commands} commands when measured.`,
		"",
		"| Figure | Value | Target | |",
		"|---|---|---|---|",
		`| main.js size | ${kb(bytes)} KB (${bytes.toLocaleString("en-US")} bytes) | ≤ ${SIZE_TARGET_KB} KB | ${sizeOk ? "**met**" : "**not met**"} |`,
		`| main.js gzip | ${kb(gz)} KB | | |`,
		`| onload, median of ${RUNS} | ${medOnload.toFixed(2)} ms | ≤ ${ONLOAD_TARGET_MS} ms | ${onloadOk ? "**met**" : "**not met**"} |`,
		`| onload, first (cold) run | ${(onload[0] ?? 0).toFixed(2)} ms | | |`,
		`| evaluating main.js (module top level), median | ${median(evalMs).toFixed(2)} ms | | |`,
		"",
		"onload is timed from the plugin's construction to the settling of the promise onload returns, in the mobile-load harness (a `vm` context with web globals only, the obsidian stub, `require` of any Node built-in throws), a fresh context per run.",
		"",
		`Modules main.js tried to require in the harness (each one threw, and loading went on): ${refused.length ? refused.map((r) => `\`${r}\``).join(", ") + " (js-yaml's optional, try/catch-guarded requires)" : "none"}.`,
		"",
		"Largest contributors to main.js (minified bytes):",
		"",
		"| Module | KB |",
		"|---|---|",
		...top.map(([k, v]) => `| ${k} | ${kb(v)} |`),
		"",
		"What the sources do for size: the core's schemas use `zod/mini` with zod's English messages (src/core/zod-locale.ts), and the plugin build refuses classic `zod`. The parser keeps unified + remark-parse, as the project's fixed stack requires (calling remark's `fromMarkdown` directly would save about 13 KB).",
		"",
		`What the build does for size (esbuild.config.mjs, src/shims/): the script assistant's answer JSON Schema is computed at build time instead of carrying zod's generator; gray-matter gets js-yaml's loader without the dumper and the \`!!js/*\` types; micromark gets its block constructs only (the parser reads fenced code blocks, which inline syntax cannot change); HTML entities are decoded by the platform's DOMParser instead of a 35 KB table. Built without those measures in this run, main.js is ${kb(plainBytes)} KB (they save ${((1 - bytes / plainBytes) * 100).toFixed(0)} %) and evaluating it takes ${median(plainEval).toFixed(2)} ms (median of ${plainEval.length}).`,
		"",
		sizeOk
			? ""
			: `The provider layer is ${kb(providerBytes)} KB of that: ${providers.length} catalog providers with ${models} models (lifecycle, capabilities, prices and sources included) and one mapping file per wire format; it grows with every provider the market adds, which is why the catalog is data and each adapter one file. ` +
				"What is left above the target: the parser's Markdown stack (unified, remark-parse, micromark and mdast-util-from-markdown, about 58 KB; the stack is fixed) and js-yaml's loader (about 30 KB) would have to be replaced by hand-written code or by Obsidian's own `parseYaml` behind a port, which changes how notes are read unless proven identical; the pure-JS PNG/JPEG codecs (about 25 KB with the raster helpers) are still reached by keyframe conversion and by the canvas stitcher's fallback where OffscreenCanvas is missing. The rest is CineFlow's own code.",
	];
	return { title: "Plugin: main.js size and onload time", markdown: md.join("\n") };
}
