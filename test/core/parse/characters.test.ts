import { describe, expect, it } from "vitest";
import { cleanName, mergeBibles, migrateLegacyCharacter, normalizeHandle, parseMarkdown, readBible } from "../../../src/core/parse";

describe("legacy character strings (seed §3.1)", () => {
	it.each([
		["Alice@alice ", { name: "Alice", id: "@alice" }],
		["[Alice]@alice", { name: "Alice", id: "@alice" }],
		["小美@xiaomei ", { name: "小美", id: "@xiaomei" }],
		["Carol", { name: "Carol" }],
		// The original kept "@alice " with a trailing space; the id is trimmed here.
		["Alice (@alice )", { name: "Alice", id: "@alice" }],
		["  [Bob]  ", { name: "Bob" }],
		["Dan@", { name: "Dan" }],
	])("%j", (raw, expected) => {
		expect(migrateLegacyCharacter(raw)).toEqual(expected);
	});

	it("cleans brackets like clean_brackets", () => {
		expect(cleanName("[CharacterName]")).toBe("CharacterName");
		expect(cleanName(" [[x]] ")).toBe("x");
	});
});

describe("handles", () => {
	it("normalizes and validates", () => {
		expect(normalizeHandle("@alice.cameo")).toBe("@alice.cameo");
		expect(normalizeHandle(" bob_1 ")).toBe("@bob_1");
		expect(normalizeHandle("@a-b.c")).toBe("@a-b.c");
		expect(normalizeHandle("@alice.")).toBeUndefined();
		expect(normalizeHandle("@ali ce")).toBeUndefined();
		expect(normalizeHandle("@")).toBeUndefined();
		expect(normalizeHandle(3)).toBeUndefined();
	});
});

describe("readBible", () => {
	it("reads a map of names to ids or objects", () => {
		const r = readBible({ Alice: "@alice.cameo", Bob: { id: "@bob", aliases: ["Bobby"], description: "tall", image: "[[bob.png]]" }, Carol: null });
		expect(r.problems).toEqual([]);
		expect(r.entries).toEqual([
			{ name: "Alice", id: "@alice.cameo", aliases: [] },
			{ name: "Bob", id: "@bob", aliases: ["Bobby"], description: "tall", images: ["[[bob.png]]"] },
			{ name: "Carol", aliases: [] },
		]);
	});

	it("reads a list of objects or legacy strings", () => {
		const r = readBible([{ name: "小美", id: "@xiaomei", aliases: "美美" }, "Alice@alice", "Carol"]);
		expect(r.entries).toEqual([
			{ name: "小美", id: "@xiaomei", aliases: ["美美"] },
			{ name: "Alice", id: "@alice", aliases: [] },
			{ name: "Carol", aliases: [] },
		]);
	});

	it("reports bad entries without failing", () => {
		const r = readBible({ Alice: "@ali ce", Bob: 5, Eve: { id: "@eve" } });
		expect(r.entries).toEqual([
			{ name: "Alice", aliases: [] },
			{ name: "Eve", id: "@eve", aliases: [] },
		]);
		expect(r.problems).toEqual([
			'character Alice: id "@ali ce" is not a valid handle (use @ then letters, digits, _, . and -)',
			'character "Bob" is not valid (expected an id like "@alice" or {id, aliases, description, image})',
		]);
		expect(readBible("nope").problems).toEqual(['characters "nope" is not valid (expected a map of names to ids, e.g. Alice: "@alice")']);
	});

	it("merges field by field, later wins", () => {
		expect(mergeBibles([{ name: "A", id: "@a", aliases: ["x"] }], [{ name: "A", aliases: ["y"], description: "d" }])).toEqual([
			{ name: "A", id: "@a", aliases: ["x", "y"], description: "d" },
		]);
	});
});

describe("the bible in front matter", () => {
	it("uses cineflow.characters, or a top-level characters map when that is absent", () => {
		expect(parseMarkdown("a.md", "---\ncineflow:\n  characters:\n    Alice: '@a'\ncharacters:\n  Bob: '@b'\n---\n").frontmatter.characters).toEqual([
			{ name: "Alice", id: "@a", aliases: [] },
		]);
		expect(parseMarkdown("a.md", "---\ncharacters:\n  Bob: '@b'\n---\n").frontmatter.characters).toEqual([{ name: "Bob", id: "@b", aliases: [] }]);
	});

	it("turns bible problems into warnings at the characters line", () => {
		const n = parseMarkdown("a.md", "---\ntitle: t\ncharacters:\n  Alice: '@bad id'\n---\n");
		expect(n.issues).toEqual([
			{ severity: "warning", line: 3, message: 'a.md:3: character Alice: id "@bad id" is not a valid handle (use @ then letters, digits, _, . and -)' },
		]);
	});
});
