/** The pure front-matter edit behind "Save ids into <note>" in the run dialog. */
import { describe, expect, it } from "vitest";
import { addCharacterIds, normalizeCharacterId } from "../../src/core/front-matter";

describe("character ids in front matter", () => {
	it("adds ids under cineflow.characters, keeping what is there", () => {
		const fm: Record<string, unknown> = { title: "Ep", cineflow: { provider: "fal", characters: { Bob: "@bob" } } };
		addCharacterIds(fm, { Alice: "@alice" });
		expect(fm).toEqual({ title: "Ep", cineflow: { provider: "fal", characters: { Bob: "@bob", Alice: "@alice" } } });
	});

	it("uses a top-level characters map when the note has one, and appends to a list", () => {
		const top: Record<string, unknown> = { characters: { Bob: "@bob" } };
		addCharacterIds(top, { Alice: "@alice" });
		expect(top).toEqual({ characters: { Bob: "@bob", Alice: "@alice" } });
		const list: Record<string, unknown> = { cineflow: { characters: [{ name: "Bob", id: "@bob" }] } };
		addCharacterIds(list, { Alice: "@alice" });
		expect(list).toEqual({
			cineflow: {
				characters: [
					{ name: "Bob", id: "@bob" },
					{ name: "Alice", id: "@alice" },
				],
			},
		});
	});

	it("accepts handles with or without @, and refuses anything else", () => {
		expect(normalizeCharacterId(" alice ")).toBe("@alice");
		expect(normalizeCharacterId("@a.b-c_1")).toBe("@a.b-c_1");
		expect(normalizeCharacterId("@bad handle")).toBeNull();
		expect(normalizeCharacterId("@trailing.")).toBeNull();
	});
});
