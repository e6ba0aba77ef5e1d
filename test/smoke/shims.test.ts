/**
 * The plugin bundle's size measures (esbuild.config.mjs): its schemas use zod/mini,
 * and classic zod may not come back into main.js; the messages zod/mini gives with
 * the English locale (src/core/zod-locale.ts) are classic zod's, word for word; and
 * the entity decoder must agree with the real table for what it decodes without a DOM.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import esbuild, { type BuildOptions } from "esbuild";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as classic from "zod";
import * as mini from "zod/mini";
import { decodeNamedCharacterReference as upstream } from "decode-named-character-reference";
import jsYaml from "js-yaml";
import "../../src/core/zod-locale";
import { decodeNamedCharacterReference } from "../../src/shims/decode-named-character-reference";
import { findFences, findFencesRemark } from "../../src/core/parse/fences";

const ROOT = path.resolve(__dirname, "../..");

async function pluginBuild(entry?: string): Promise<esbuild.BuildResult<{ metafile: true; write: false }>> {
	const config = (await import(pathToFileURL(path.join(ROOT, "esbuild.config.mjs")).href)) as { plugin: BuildOptions };
	const stdin = entry === undefined ? {} : { entryPoints: undefined, stdin: { contents: entry, resolveDir: ROOT, loader: "ts" as const } };
	return esbuild.build({ ...config.plugin, ...stdin, absWorkingDir: ROOT, minify: true, sourcemap: false, write: false, metafile: true, logLevel: "silent" });
}

describe("plugin bundle shims", () => {
	it("main.js holds zod/mini with the English and Chinese locales only, and no classic zod; a classic zod import fails the plugin build", async () => {
		const result = await pluginBuild();
		// Modules with bytes in main.js (metafile.inputs also lists what tree shaking dropped).
		const inputs = Object.values(result.metafile.outputs).flatMap((o) =>
			Object.entries(o.inputs)
				.filter(([, i]) => i.bytesInOutput > 0)
				.map(([p]) => p),
		);
		expect(inputs.some((i) => i.startsWith("node_modules/zod/v4/mini/"))).toBe(true);
		const unwanted = (i: string) =>
			i.startsWith("node_modules/zod/v4/classic/") ||
			i.startsWith("node_modules/zod/v3/") ||
			(i.startsWith("node_modules/zod/v4/locales/") && !/\/(en|zh-CN)\.js$/.test(i));
		expect(inputs.filter(unwanted)).toEqual([]);
		await expect(pluginBuild('import { z } from "zod"; export const s = z.string();')).rejects.toThrow(/plugin code uses "zod\/mini"/);
	});

	it("zod/mini with the English locale reports what classic zod reports", () => {
		const pairs: [classic.ZodType, mini.ZodMiniType][] = [
			[classic.z.number().int().min(1).max(10), mini.number().check(mini.int(), mini.minimum(1), mini.maximum(10))],
			[classic.z.number().positive().nullable(), mini.nullable(mini.number().check(mini.positive()))],
			[classic.z.string().trim().min(1), mini.string().check(mini.trim(), mini.minLength(1))],
			[classic.z.string().regex(/^\d+$/), mini.string().check(mini.regex(/^\d+$/))],
			[classic.z.enum(["a", "b"]), mini.enum(["a", "b"])],
			[classic.z.literal(2), mini.literal(2)],
			[classic.z.strictObject({ a: classic.z.string().optional() }), mini.strictObject({ a: mini.optional(mini.string()) })],
			[
				classic.z.looseObject({ a: classic.z.union([classic.z.number(), classic.z.string()]).nullish() }),
				mini.looseObject({ a: mini.nullish(mini.union([mini.number(), mini.string()])) }),
			],
			[classic.z.record(classic.z.string(), classic.z.boolean()), mini.record(mini.string(), mini.boolean())],
			[classic.z.array(classic.z.string()), mini.array(mini.string())],
		];
		const inputs: unknown[] = [
			undefined,
			null,
			0,
			1.5,
			11,
			-1,
			"",
			"  ",
			"x",
			"12",
			2,
			[],
			["a", 1],
			{},
			{ a: 1 },
			{ a: "x", b: 2 },
			{ k: "v" },
			"a",
			true,
		];
		for (const [c, m] of pairs) {
			for (const v of inputs) {
				const a = c.safeParse(v);
				const b = m.safeParse(v);
				expect(b.success).toBe(a.success);
				expect(JSON.stringify(b.error?.issues)).toBe(JSON.stringify(a.error?.issues));
			}
		}
	});

	it("a plugin-built schema module, alone in a fresh context, words its issues as classic zod does", async () => {
		const built = await pluginBuild('export { journalSchema } from "./src/core/journal";');
		const code = built.outputFiles[0]?.text ?? "";
		const mod = { exports: {} as { journalSchema?: mini.ZodMiniType } };
		vm.runInNewContext(code, { module: mod, exports: mod.exports });
		const bad = { version: 2, note: 3, entries: { "s1#1": { shotId: "s1", take: 0 } } };
		const got = mod.exports.journalSchema?.safeParse(bad);
		const want = classic.z
			.object({
				version: classic.z.literal(1),
				note: classic.z.string(),
				entries: classic.z.record(
					classic.z.string(),
					classic.z.object({ shotId: classic.z.string(), take: classic.z.number().int().positive() }).loose(),
				),
			})
			.safeParse(bad);
		const messages = (r: { error?: { issues: { path: PropertyKey[]; message: string }[] } } | undefined) =>
			(r?.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
		expect(messages(got)).toEqual(expect.arrayContaining(messages(want)));
		expect(messages(got)).toContain("version: Invalid input: expected 1");
		expect(messages(got).some((m) => m.endsWith(": Invalid input"))).toBe(false);
	});

	it("front matter YAML in the plugin build (js-yaml shim) reads as js-yaml's safeLoad, errors included", async () => {
		const built = await pluginBuild('export { loadYaml } from "./src/core/parse/frontmatter";');
		const inputs = built.metafile.inputs;
		expect(Object.keys(inputs).some((i) => i.endsWith("js-yaml/lib/js-yaml/dumper.js") || i.includes("js-yaml/lib/js-yaml/type/js/"))).toBe(false);
		const mod = { exports: {} as { loadYaml?: (s: string) => unknown } };
		vm.runInNewContext(built.outputFiles[0]?.text ?? "", {
			module: mod,
			exports: mod.exports,
			require: (id: string) => {
				throw new Error(`no ${id}`);
			},
		});
		const load = mod.exports.loadYaml!;
		const read = (f: (s: string) => unknown, s: string) => {
			try {
				return { ok: JSON.stringify(f(s)) };
			} catch (err) {
				return { error: String(err) };
			}
		};
		const docs = [
			"cineflow:\n  duration: 15\n  orientation: 16:9\n",
			"a: &x [1, 2]\nb: *x\nc: 2024-05-01\nd: yes\ne: ~\nf: 0x1F\ng: 1_000\nh: .inf\n",
			'characters:\n  - name: Ana\n    aliases: [A, "Ann"]\n  - Bob\n',
			"f: !!js/function 'function () {}'\n",
			"r: !!js/regexp /x/\n",
			"u: !!js/undefined ''\n",
			"a: [1, 2\nb: 3\n",
			"a: 1\na: 2\n",
			"key: 'it''s'\nmulti: |\n  line 1\n  line 2\n",
			"- 1\n- two\n",
			"",
		];
		for (const d of docs) expect(read(load, d)).toEqual(read((s) => jsYaml.safeLoad(s), d));
	});

	it("fences in the plugin build (micromark without inline constructs) match Node's parser on random documents", async () => {
		const built = await pluginBuild('export { findFences, findFencesRemark } from "./src/core/parse/fences";');
		const included = Object.values(built.metafile.outputs).flatMap((o) =>
			Object.entries(o.inputs)
				.filter(([, i]) => i.bytesInOutput > 0)
				.map(([p]) => p),
		);
		expect(included.filter((i) => /micromark-core-commonmark\/lib\/(attention|label-end|html-text|code-text|autolink)\.js$/.test(i))).toEqual([]);
		const mod = { exports: {} as { findFences?: typeof findFences; findFencesRemark?: typeof findFencesRemark } };
		vm.runInNewContext(built.outputFiles[0]?.text ?? "", { module: mod, exports: mod.exports });
		const plugin = { findFences: mod.exports.findFences!, findFencesRemark: mod.exports.findFencesRemark! };
		const piece = fc.constantFrom(
			"Some *prose* with _emphasis_ and **strong**.",
			"",
			"- list item with `code` and [a link](https://x.test)",
			"  continued in item <span>```shot</span>",
			"1. numbered ![img](a.png)",
			"> quoted line with <https://auto.link> and \\`escaped",
			"```shot",
			"```",
			"````",
			"~~~shot",
			"~~~",
			"```json",
			"``` shot extra",
			"```sh&#111;t",
			"```\\shot",
			"  ```shot",
			"    ```shot",
			"- ```shot",
			"> ```shot",
			"> ```",
			"prompt: hello `x`",
			"<div>",
			"</div>",
			"# Heading *with* [link]",
			"``not a fence``",
			"`` ```shot ``",
			"[ref]: https://x.test 'title'",
			"[ref]",
			"text with trailing spaces  ",
			"text with backslash\\",
			"===",
			"***",
			"  > quote in item",
			"<!-- ```shot -->",
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 30 }), fc.boolean(), (lines, crlf) => {
				const text = lines.join(crlf ? "\r\n" : "\n") + "\n";
				expect(JSON.stringify(plugin.findFencesRemark(text))).toBe(JSON.stringify(findFencesRemark(text)));
				expect(JSON.stringify(plugin.findFences(text))).toBe(JSON.stringify(findFences(text)));
			}),
			{ numRuns: 1000 },
		);
	});

	it("the entity decoder matches the full table for common references and declines the rest without a DOM", () => {
		expect(typeof DOMParser).toBe("undefined");
		for (const name of ["amp", "lt", "gt", "quot", "apos", "nbsp"]) expect(decodeNamedCharacterReference(name)).toBe(upstream(name));
		expect(decodeNamedCharacterReference("eacute")).toBe(false);
		expect(decodeNamedCharacterReference("notareference")).toBe(false);
	});
});
