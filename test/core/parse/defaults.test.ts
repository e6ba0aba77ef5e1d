/** A note's defaults from its front matter (src/core/parse/defaults.ts): values, and problems at the line they are on. */
import { describe, expect, it } from "vitest";
import { readNoteDefaults } from "../../../src/core/parse/defaults";
import { issueCode } from "../../../src/core/parse/errors";
import { readFrontmatter } from "../../../src/core/parse/frontmatter";

const PATH = "Film/Ep1.md";
const read = (frontMatter: string) => readNoteDefaults(PATH, readFrontmatter(PATH, `---\n${frontMatter}\n---\n# Ep1\n`));
const problems = (r: ReturnType<typeof read>) => r.issues.map((i) => [i.severity, i.line, issueCode(i)]);

describe("readNoteDefaults", () => {
	it("reads the cineflow: defaults a shot inherits, and the note's own settings", () => {
		const r = read(
			'title: Ep1\ncineflow:\n  provider: sorahk\n  duration: 15\n  orientation: vertical\n  output: " renders "\n  bible: Bible.md\n  chain: true',
		);
		expect(r.issues).toEqual([]);
		expect(r.defaults.shot).toMatchObject({ provider: "sorahk", duration: 15, orientation: "vertical" });
		expect(r.defaults).toMatchObject({ output: "renders", bible: "Bible.md", chain: true, characters: [], models: [] });
	});

	it("has no defaults and no problems without front matter or without cineflow:", () => {
		expect(readNoteDefaults(PATH, readFrontmatter(PATH, "# Ep1\n"))).toEqual({ defaults: { shot: {}, characters: [], models: [] }, issues: [] });
		expect(read("title: Ep1").issues).toEqual([]);
	});

	it("puts each problem on the line of its key, inside the cineflow: section", () => {
		// Note lines: 1 is the fence, "title" 2, "cineflow" 3, then id 4, prompt 5, output 6, chain 7, duration 8.
		const r = read("title: Ep1\ncineflow:\n  id: s01\n  prompt: rain\n  output: 5\n  chain: maybe\n  duration: soon");
		expect(problems(r).sort((x, y) => (x[1] as number) - (y[1] as number))).toEqual([
			["warning", 4, "parse.cineflow.notDefault"],
			["warning", 5, "parse.cineflow.notDefault"],
			["error", 6, "parse.cineflow.output"],
			["error", 7, "parse.cineflow.chain"],
			["error", 8, "parse.invalid.seconds"],
		]);
		expect(r.issues.every((i) => i.message.startsWith(`${PATH}:${i.line}`))).toBe(true);
	});

	it("says so when cineflow: is not a map", () => {
		expect(problems(read("a: 1\ncineflow: fast"))).toEqual([["error", 3, "parse.cineflow.invalid"]]);
	});

	it("takes characters from cineflow: first, else from a top-level characters: map", () => {
		const own = read("cineflow:\n  characters:\n    Alice: a tall woman in a red coat\ncharacters:\n  Bob: ignored");
		expect(own.defaults.characters.map((c) => c.name)).toEqual(["Alice"]);
		const top = read("cineflow:\n  provider: sorahk\ncharacters:\n  Bob: a short man");
		expect(top.defaults.characters.map((c) => c.name)).toEqual(["Bob"]);
	});
});
