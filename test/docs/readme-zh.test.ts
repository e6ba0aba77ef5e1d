/**
 * README_zh.md tracks README.md section by section (issue 19, Docs): the same
 * headings at each level in the same order, the same fenced code blocks (by
 * language, in order), the same links and images (a screenshot may be its `-zh`
 * variant), every relative link it uses exists, the Chinese quick start keeps the
 * two commands exactly, and the shot-block reference names every shot field.
 * Adding a section, a code block or a link to one README only fails here.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SHOT_FIELDS } from "../../src/core/parse";

const ROOT = new URL("../../", import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, ROOT), "utf8");

interface Fence {
	lang: string;
	/** The lines between the opening and closing fence. */
	body: string[];
}

interface Outline {
	/** Heading levels (1–6) of the lines outside code blocks, in order. */
	headings: number[];
	/** The heading texts, for messages. */
	titles: string[];
	/** Top-level fenced code blocks (a fence inside a ````markdown block is its content). */
	fences: Fence[];
	/** The Markdown text outside code blocks, with inline code spans removed. */
	prose: string;
	/** The Markdown text outside code blocks, as written. */
	text: string;
}

const OPEN = /^ *(`{3,}|~{3,})\s*([^`\s]*)/;

/** Splits a Markdown document into its headings, code blocks and prose (CommonMark fences). */
function outline(md: string): Outline {
	const out: Outline = {
		headings: [],
		titles: [],
		fences: [],
		prose: "",
		text: "",
	};
	const prose: string[] = [];
	let open: { mark: string; fence: Fence } | undefined;
	for (const line of md.split(/\r?\n/)) {
		if (open) {
			const close = /^ *(`{3,}|~{3,})\s*$/.exec(line);
			const mark = close?.[1];
			if (mark && mark[0] === open.mark[0] && mark.length >= open.mark.length) {
				out.fences.push(open.fence);
				open = undefined;
			} else open.fence.body.push(line.trim());
			continue;
		}
		const m = OPEN.exec(line);
		if (m) {
			open = { mark: m[1]!, fence: { lang: m[2] ?? "", body: [] } };
			continue;
		}
		const h = /^(#{1,6})\s+(.*)$/.exec(line);
		if (h) {
			out.headings.push(h[1]!.length);
			out.titles.push(h[2]!.trim());
		}
		prose.push(line);
	}
	out.text = prose.join("\n");
	out.prose = out.text.replace(/`+[^`\n]*`+/g, "");
	return out;
}

/** Targets of `[text](target)` links and `![alt](target)` images, in order. */
function links(prose: string): string[] {
	return [...prose.matchAll(/!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

const isRelative = (target: string): boolean => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target);

/** `docs/img/settings-zh.png` stands for `docs/img/settings.png`. */
const english = (target: string): string => target.replace(/-zh(\.[a-z0-9]+)$/i, "$1");

/** The lines of the first `sh` block after the first level-2 heading (the quick start). */
function quickStart(md: string): string[] {
	const from = md.search(/^## /m);
	const fence = outline(md.slice(from)).fences.find((f) => f.lang === "sh");
	return fence?.body ?? [];
}

const en = read("README.md");
const zh = read("README_zh.md");
const enOut = outline(en);
const zhOut = outline(zh);

describe("the Markdown outline used to compare the READMEs", () => {
	const doc = [
		"# Title",
		"",
		"````markdown",
		"# not a heading",
		"```shot",
		"id: s01",
		"```",
		"````",
		"",
		"## Section",
		"",
		"  ```yaml",
		"  a: 1",
		"  ```",
		"",
		'See [a](docs/a.md), `[b](b.md)` and ![c](img/c-zh.png "c") and [d](https://x.org).',
	].join("\n");

	it("counts headings and top-level fences only, outside code", () => {
		const o = outline(doc);
		expect(o.headings).toEqual([1, 2]);
		expect(o.fences.map((f) => f.lang)).toEqual(["markdown", "yaml"]);
		expect(o.fences[0]!.body).toContain("```shot");
	});

	it("finds links and images but not the ones inside inline code", () => {
		expect(links(outline(doc).prose)).toEqual(["docs/a.md", "img/c-zh.png", "https://x.org"]);
		expect(english("img/c-zh.png")).toBe("img/c.png");
	});

	it("tells two documents apart when one has an extra section", () => {
		const more = outline(doc + "\n\n### Extra\n");
		expect(more.headings).not.toEqual(outline(doc).headings);
	});
});

describe("README_zh.md", () => {
	it("has the same headings at each level, in the same order, as README.md", () => {
		expect(enOut.headings.length).toBeGreaterThan(10);
		const pairs = enOut.titles.map((t, i) => `${"#".repeat(enOut.headings[i]!)} ${t}`);
		const zhPairs = zhOut.titles.map((t, i) => `${"#".repeat(zhOut.headings[i]!)} ${t}`);
		expect(zhOut.headings, `README.md:\n${pairs.join("\n")}\nREADME_zh.md:\n${zhPairs.join("\n")}`).toEqual(enOut.headings);
	});

	it("has the same fenced code blocks, by language and in the same order", () => {
		expect(enOut.fences.length).toBeGreaterThan(5);
		expect(zhOut.fences.map((f) => f.lang)).toEqual(enOut.fences.map((f) => f.lang));
	});

	it("keeps the code of every block (comments aside)", () => {
		const code = (f: Fence): string[] =>
			f.body.map((l) =>
				l
					.replace(/\s+#.*$/, "")
					.replace(/^#.*$/, "")
					.trimEnd(),
			);
		zhOut.fences.forEach((f, i) => {
			const e = enOut.fences[i]!;
			if (e.lang === "yaml" || e.lang === "sh") expect(code(f), `code block ${i + 1} (${e.lang})`).toEqual(code(e));
			else
				expect(
					f.body.filter((l) => !l.includes("#")),
					`code block ${i + 1}`,
				).toEqual(e.body.filter((l) => !l.includes("#")));
		});
	});

	it("links to every page and image README.md links to (a screenshot may be its Chinese one)", () => {
		const zhTargets = new Set(links(zhOut.prose).map(english));
		const missing = links(enOut.prose).filter((t) => t !== "README_zh.md" && !zhTargets.has(t));
		expect(missing).toEqual([]);
	});

	it("uses only relative links and images that exist", () => {
		const relative = links(zhOut.prose).filter(isRelative);
		expect(relative.length).toBeGreaterThan(10);
		const absent = relative.filter((t) => !existsSync(new URL(decodeURI(t.split("#")[0]!), ROOT)));
		expect(absent).toEqual([]);
	});

	it("links the two languages to each other", () => {
		expect(links(enOut.prose)).toContain("README_zh.md");
		expect(links(zhOut.prose)).toContain("README.md");
	});

	it("has the quick start's two commands exactly", () => {
		const lines = quickStart(zh);
		for (const command of ["npm ci && npm run demo", "npm ci && npm test"]) {
			expect(lines.some((l) => l === command || l.startsWith(`${command} `))).toBe(true);
		}
		expect(lines.map((l) => l.replace(/\s+#.*$/, ""))).toEqual(quickStart(en).map((l) => l.replace(/\s+#.*$/, "")));
	});

	it("names every shot-block field in its reference", () => {
		const named = new Set([...zhOut.text.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]));
		expect(Object.keys(SHOT_FIELDS).filter((f) => !named.has(f))).toEqual([]);
	});

	it("names the language setting and the CLI's --lang flag", () => {
		expect(zh).toContain("“语言”");
		expect(zh).toContain("--lang zh");
		expect(zh).toMatch(/LANG/);
	});
});
